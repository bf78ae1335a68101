import { describe, expect, it } from 'vitest';
import type { RuntimeKind, SyncAction, TaskId } from '../../../src/core/program';
import { createSyncObject, isSyncRetry, type SyncObject } from '../../../src/core/sync';
import { at, decl, FakeHost } from './fakeHost';

function world(runtime: RuntimeKind, barging = true) {
  const host = new FakeHost(runtime);
  const objects = new Map<string, SyncObject>();
  const resolve = (id: string) => objects.get(id);
  objects.set('cv', createSyncObject(decl('cond', { mutex: 'mu' }, 'cv'), runtime, { resolve }));
  objects.set('mu', createSyncObject(decl('mutex', {}, 'mu'), runtime, { resolve, mutexBarging: barging }));
  const cv = (t: TaskId, a: SyncAction) => objects.get('cv')!.perform(t, a, undefined, at, host);
  const mu = (t: TaskId, a: SyncAction) => objects.get('mu')!.perform(t, a, undefined, at, host);
  return { host, cv, mu, objects };
}

describe('cond', () => {
  it('wait unlocks the mutex and blocks; signal wakes the longest waiter, which re-acquires the mutex', () => {
    const { host, cv, mu, objects } = world('threads');
    mu(1, 'lock');
    expect(cv(1, 'wait').blocked).toBe(true);
    expect(objects.get('mu')!.inspect()).toMatchObject({ holder: null });
    mu(2, 'lock');
    expect(cv(2, 'wait').blocked).toBe(true);
    expect(objects.get('cv')!.waiters()).toEqual([{ task: 1, action: 'wait' }, { task: 2, action: 'wait' }]);
    mu(3, 'lock');
    host.takeHb();
    // The mutex is held by 3: the signalled waiter 1 moves to the mutex queue, not yet woken.
    expect(cv(3, 'signal').wake).toEqual([]);
    expect(host.takeHb()).toEqual(['release 3 cv', 'acquire 1 cv']);
    expect(objects.get('mu')!.waiters()).toEqual([{ task: 1, action: 'lock' }]);
    expect(objects.get('cv')!.waiters()).toEqual([{ task: 2, action: 'wait' }]);
    // Its wait returns when it holds the mutex again: the unlock wakes it to compete for it.
    const u = mu(3, 'unlock').wake;
    expect(u.map((w) => w.task)).toEqual([1]);
    expect(u[0].result).toMatchObject({ obj: 'mu', action: 'lock' });
    expect(mu(1, 'lock').blocked).toBe(false);
    expect(objects.get('mu')!.inspect()).toMatchObject({ holder: 1 });
  });

  it('a signalled waiter takes a free mutex at once; broadcast wakes all in order', () => {
    const { host, cv, mu, objects } = world('python');
    mu(1, 'lock');
    cv(1, 'wait');
    mu(2, 'lock');
    cv(2, 'wait');
    host.takeHb();
    const b = cv(9, 'broadcast'); // the broadcaster does not hold the mutex
    expect(b.wake).toEqual([{ task: 1 }]);
    expect(objects.get('mu')!.inspect()).toMatchObject({ holder: 1, waiters: [{ task: 2 }] });
    expect(host.takeHb()).toEqual(['release 9 cv', 'acquire 1 cv', 'acquire 1 mu', 'acquire 2 cv']);
    expect(mu(1, 'unlock').wake.map((w) => w.task)).toEqual([2]);
  });

  it('go: the re-lock competes like any lock waiter (woken with a retry of mu.lock)', () => {
    const { cv, mu } = world('go');
    mu(1, 'lock');
    cv(1, 'wait');
    mu(2, 'lock');
    cv(2, 'signal');
    const u = mu(2, 'unlock');
    expect(u.wake.map((w) => w.task)).toEqual([1]);
    expect(isSyncRetry(u.wake[0].result)).toBe(true);
    expect(u.wake[0].result).toMatchObject({ obj: 'mu', action: 'lock' });
  });

  it('go: wait without holding the mutex is the fatal unlock of an unlocked mutex', () => {
    const { host, cv, objects } = world('go');
    expect(cv(1, 'wait').blocked).toBe(false);
    expect(host.misuses).toEqual([{ task: 1, message: 'fatal error: sync: unlock of unlocked mutex', fatal: true }]);
    expect(objects.get('cv')!.waiters()).toEqual([]);
  });

  it('a cond may be bound to an rwmutex (its write lock)', () => {
    const host = new FakeHost('go');
    const objects = new Map<string, SyncObject>();
    const resolve = (id: string) => objects.get(id);
    objects.set('cv', createSyncObject(decl('cond', { mutex: 'rw' }, 'cv'), 'go', { resolve }));
    objects.set('rw', createSyncObject(decl('rwmutex', {}, 'rw'), 'go', { resolve }));
    const rw = objects.get('rw')!;
    const cv = objects.get('cv')!;
    rw.perform(1, 'lock', undefined, at, host);
    expect(cv.perform(1, 'wait', undefined, at, host).blocked).toBe(true);
    rw.perform(2, 'rlock', undefined, at, host);
    expect(cv.perform(2, 'signal', undefined, at, host).wake).toEqual([]); // a reader is inside: 1 waits for the write lock
    expect(rw.perform(2, 'runlock', undefined, at, host).wake).toEqual([{ task: 1 }]);
    expect(rw.inspect()).toMatchObject({ writer: 1 });
  });

  it('a cond whose mutex cannot be found says what to declare', () => {
    const host = new FakeHost('go');
    const cvObj = createSyncObject(decl('cond', { mutex: 'nope' }, 'cv'), 'go');
    expect(() => cvObj.perform(1, 'wait', undefined, at, host)).toThrow(/no object 'nope' is declared/);
  });
});
