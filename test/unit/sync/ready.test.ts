/**
 * `ready` must be exact (the untimed explorer and select rely on it): for random action
 * sequences, `ready(task, action)` is true exactly when `perform` does not block. Also
 * checks each object's safety invariant after every step.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RuntimeKind, SyncAction, SyncDecl, TaskId } from '../../../src/core/program';
import { createSyncObject, isSyncRetry, type SyncObject } from '../../../src/core/sync';
import { at, decl, FakeHost } from './fakeHost';

const TASKS = 4;

interface Kind {
  decls: SyncDecl[];
  actions: SyncAction[];
  invariant: (objects: Map<string, SyncObject>) => void;
}

const kinds: Record<string, Kind> = {
  mutex: {
    decls: [decl('mutex', {}, 'mu')],
    actions: ['lock', 'lock', 'unlock', 'try_lock'],
    invariant: () => {},
  },
  rwmutex: {
    decls: [decl('rwmutex', {}, 'mu')],
    actions: ['lock', 'unlock', 'rlock', 'rlock', 'runlock', 'try_lock'],
    invariant: (o) => {
      const s = o.get('mu')!.inspect() as { writer: TaskId | null; readers: TaskId[] };
      expect(s.writer === null || s.readers.length === 0).toBe(true);
    },
  },
  semaphore: {
    decls: [decl('semaphore', { size: 2, strict: true }, 'mu')],
    actions: ['acquire', 'acquire', 'release', 'try_acquire'],
    invariant: (o) => expect((o.get('mu')!.inspect() as { permits: number }).permits).toBeGreaterThanOrEqual(0),
  },
  unbuffered: { decls: [decl('channel', { size: 0 }, 'mu')], actions: ['send', 'recv', 'send', 'recv', 'close', 'len'], invariant: () => {} },
  buffered: {
    decls: [decl('channel', { size: 2 }, 'mu')],
    actions: ['send', 'recv', 'send', 'recv', 'close', 'len'],
    invariant: (o) => expect((o.get('mu')!.inspect() as { len: number }).len).toBeLessThanOrEqual(2),
  },
  waitgroup: { decls: [decl('waitgroup', {}, 'mu')], actions: ['add', 'done', 'wait', 'wait'], invariant: () => {} },
  once: { decls: [decl('once', {}, 'mu')], actions: ['once_enter', 'once_enter', 'once_exit'], invariant: () => {} },
  barrier: { decls: [decl('barrier', { size: 3 }, 'mu')], actions: ['wait'], invariant: () => {} },
  cond: {
    decls: [decl('cond', { mutex: 'm2' }, 'mu'), decl('mutex', {}, 'm2')],
    actions: ['wait', 'signal', 'broadcast'],
    invariant: () => {},
  },
};

function runSequence(kind: Kind, runtime: RuntimeKind, steps: [number, number][]): void {
  const host = new FakeHost(runtime);
  const objects = new Map<string, SyncObject>();
  for (const d of kind.decls) objects.set(d.id, createSyncObject(d, runtime, { resolve: (id) => objects.get(id) }));
  const blocked = new Set<TaskId>();
  /** Tasks woken with a SyncRetry: their next action is that retry (what the engine does). */
  const retry = new Map<TaskId, { obj: string; action: SyncAction }>();
  for (const [taskPick, actionPick] of steps) {
    const task = taskPick % TASKS;
    if (blocked.has(task) || host.misuses.some((m) => m.task === task)) continue;
    const r = retry.get(task);
    retry.delete(task);
    // The cond kind also locks m2 around its waits, as a real program would.
    const useM2 = !r && kind.decls.length > 1 && actionPick >= 8;
    const objId = r?.obj ?? (useM2 ? 'm2' : 'mu');
    const action = r?.action ?? (useM2 ? (['lock', 'unlock'] as const)[actionPick % 2] : kind.actions[actionPick % kind.actions.length]);
    const obj = objects.get(objId)!;
    const value = action === 'add' ? 1 + (actionPick % 2) : action === 'send' ? actionPick : undefined;
    const predicted = obj.ready(task, action);
    const out = obj.perform(task, action, value, at, host);
    expect(!out.blocked, `${runtime} task ${task} ${objId}.${action}`).toBe(predicted);
    if (out.blocked) blocked.add(task);
    for (const w of out.wake) {
      expect(blocked.has(w.task), `woke task ${w.task}, which was not blocked`).toBe(true);
      blocked.delete(w.task);
      if (isSyncRetry(w.result)) retry.set(w.task, w.result);
    }
    if (host.misuses.some((m) => m.fatal)) return;
    kind.invariant(objects);
  }
}

describe('ready() predicts perform() exactly, and invariants hold', () => {
  for (const [name, kind] of Object.entries(kinds)) {
    for (const runtime of ['go', 'threads', 'python'] as const) {
      it(`${name} (${runtime})`, () => {
        fc.assert(
          fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(11)), { maxLength: 60 }), (steps) => runSequence(kind, runtime, steps)),
          { numRuns: 300 },
        );
      });
    }
  }

  it('a go mutex holds at most one owner, even when woken waiters barge', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(11)), { maxLength: 60 }), fc.nat(3_000_000), (steps, dt) => {
        const host = new FakeHost('go');
        const mu = createSyncObject(decl('mutex'), 'go');
        const held = new Set<TaskId>();
        const blocked = new Set<TaskId>();
        const retry = new Set<TaskId>();
        for (const [tp, ap] of steps) {
          const task = tp % TASKS;
          host.time += (ap * dt) % 700_000;
          if (blocked.has(task)) continue;
          const action: SyncAction = retry.has(task) ? 'lock' : held.has(task) ? 'unlock' : 'lock';
          retry.delete(task);
          const out = mu.perform(task, action, undefined, at, host);
          if (action === 'unlock') held.delete(task);
          else if (out.blocked) blocked.add(task);
          else held.add(task);
          for (const w of out.wake) {
            blocked.delete(w.task);
            if (isSyncRetry(w.result)) retry.add(w.task);
            else held.add(w.task);
          }
          expect(held.size).toBeLessThanOrEqual(1);
          expect(host.misuses).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
