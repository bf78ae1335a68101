import { describe, expect, it } from 'vitest';
import { createSyncObject, isSyncRetry, STARVATION_THRESHOLD_NS } from '../../../src/core/sync';
import { at, decl, FakeHost, setup, wokenTasks } from './fakeHost';

describe('mutex, threads and python: unlock releases, the woken waiter competes', () => {
  for (const runtime of ['threads', 'python'] as const) {
    it(`${runtime}: unlock frees the lock and wakes the head waiter with a retry; a newcomer may take it first`, () => {
      const { host, obj, run } = setup('mutex', {}, runtime);
      expect(run(1, 'lock').blocked).toBe(false);
      expect(run(2, 'lock').blocked).toBe(true);
      expect(run(3, 'lock').blocked).toBe(true);
      expect(obj.waiters()).toEqual([{ task: 2, action: 'lock' }, { task: 3, action: 'lock' }]);
      host.takeHb();
      const u1 = run(1, 'unlock');
      expect(wokenTasks(u1)).toEqual([2]);
      expect(isSyncRetry(u1.wake[0].result)).toBe(true);
      expect(host.takeHb()).toEqual(['release 1 x']);
      expect(obj.inspect()).toMatchObject({ holder: null, locked: false });
      // A newcomer (or the unlocker itself) barges in before the woken waiter retries.
      expect(obj.ready(4, 'lock')).toBe(true);
      expect(run(4, 'lock').blocked).toBe(false);
      // The woken waiter lost: it waits again, at the back.
      expect(run(2, 'lock').blocked).toBe(true);
      expect(obj.waiters()).toEqual([{ task: 3, action: 'lock' }, { task: 2, action: 'lock' }]);
      const u4 = run(4, 'unlock');
      expect(wokenTasks(u4)).toEqual([3]);
      // This time the woken waiter retries first and takes it.
      expect(run(3, 'lock').blocked).toBe(false);
      expect(host.takeHb()).toContain('acquire 3 x');
      expect(wokenTasks(run(3, 'unlock'))).toEqual([2]);
      expect(run(2, 'lock').blocked).toBe(false);
      expect(wokenTasks(run(2, 'unlock'))).toEqual([]);
      expect(obj.inspect()).toMatchObject({ holder: null, locked: false });
    });
  }

  it('mutexBarging: false hands the lock to waiters in FIFO order, each wake carrying acquire after the release', () => {
    const host = new FakeHost('threads');
    const mu = createSyncObject(decl('mutex'), 'threads', { mutexBarging: false });
    const run = (t: number, a: 'lock' | 'unlock') => mu.perform(t, a, undefined, at, host);
    run(1, 'lock');
    run(2, 'lock');
    run(3, 'lock');
    host.takeHb();
    expect(wokenTasks(run(1, 'unlock'))).toEqual([2]);
    expect(host.takeHb()).toEqual(['release 1 mu', 'acquire 2 mu']);
    expect(mu.inspect()).toMatchObject({ holder: 2, locked: true });
    expect(wokenTasks(run(2, 'unlock'))).toEqual([3]);
  });

  it('threads: unlock by another thread is a misuse and leaves the holder', () => {
    const { host, obj, run } = setup('mutex', {}, 'threads');
    run(1, 'lock');
    run(2, 'unlock');
    expect(host.misuses).toEqual([{ task: 2, message: expect.stringContaining('unlock of a mutex held by another thread'), fatal: false }]);
    expect(obj.inspect()).toMatchObject({ holder: 1 });
  });

  it('threads: relocking a mutex you hold is EDEADLK (completes with a misuse); go and python block', () => {
    const t = setup('mutex', {}, 'threads');
    t.run(1, 'lock');
    expect(t.obj.ready(1, 'lock')).toBe(true);
    expect(t.run(1, 'lock').blocked).toBe(false);
    expect(t.host.misuses[0].message).toContain('EDEADLK');
    for (const runtime of ['go', 'python'] as const) {
      const o = setup('mutex', {}, runtime);
      o.run(1, 'lock');
      expect(o.obj.ready(1, 'lock')).toBe(false);
      expect(o.run(1, 'lock').blocked).toBe(true);
    }
  });

  it('python: any thread may release a threading.Lock', () => {
    const { host, obj, run } = setup('mutex', {}, 'python');
    run(1, 'lock');
    run(2, 'unlock');
    expect(host.misuses).toEqual([]);
    expect(obj.inspect()).toMatchObject({ holder: null });
  });

  it('unlock of an unlocked mutex: a misuse in threads and python, Go fatal error in go', () => {
    for (const runtime of ['threads', 'python'] as const) {
      const { host, run } = setup('mutex', {}, runtime);
      run(1, 'unlock');
      expect(host.misuses[0].fatal).toBe(false);
    }
    const { host, run } = setup('mutex', {}, 'go');
    run(1, 'unlock');
    expect(host.misuses).toEqual([{ task: 1, message: 'fatal error: sync: unlock of unlocked mutex', fatal: true }]);
  });

  it('try_lock returns a boolean and acquires only on success', () => {
    const { host, run } = setup('mutex', {}, 'threads');
    expect(run(1, 'try_lock').blocked === false && run(1, 'unlock')).toBeTruthy();
    host.takeHb();
    expect((run(1, 'try_lock') as { result: unknown }).result).toBe(true);
    expect((run(2, 'try_lock') as { result: unknown }).result).toBe(false);
    expect(host.takeHb()).toEqual(['acquire 1 x']);
  });
});

describe('mutex, go: sync.Mutex normal and starvation modes', () => {
  it('go: any goroutine may unlock', () => {
    const { host, obj, run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    run(2, 'unlock');
    expect(host.misuses).toEqual([]);
    expect(obj.inspect()).toMatchObject({ holder: null, mode: 'normal' });
  });

  it('normal mode: unlock frees the mutex and wakes the head waiter to retry; a newcomer may take it first', () => {
    const { host, obj, run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    run(2, 'lock');
    run(3, 'lock');
    const u = run(1, 'unlock');
    expect(u.wake).toHaveLength(1);
    expect(u.wake[0].task).toBe(2);
    expect(isSyncRetry(u.wake[0].result)).toBe(true);
    expect(u.wake[0].result).toEqual({ syncRetry: true, obj: 'x', action: 'lock' });
    expect(obj.inspect()).toMatchObject({ holder: null, woken: 2 });
    // A newcomer barges in before the woken waiter runs.
    expect(obj.ready(4, 'lock')).toBe(true);
    expect(run(4, 'lock').blocked).toBe(false);
    // The woken waiter retries, loses, and goes back to the FRONT of the queue.
    expect(run(2, 'lock').blocked).toBe(true);
    expect(obj.waiters().map((w) => w.task)).toEqual([2, 3]);
    expect(obj.inspect()).toMatchObject({ mode: 'normal' }); // waited < 1 ms
    host.takeHb();
    const u4 = run(4, 'unlock');
    expect(wokenTasks(u4)).toEqual([2]);
    expect(host.takeHb()).toEqual(['release 4 x']); // no acquire until the retry succeeds
    expect(run(2, 'lock').blocked).toBe(false);
    expect(host.takeHb()).toEqual(['acquire 2 x']);
  });

  it('normal mode: while a woken waiter has not retried, another unlock wakes nobody (mutexWoken)', () => {
    const { run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    run(2, 'lock');
    run(3, 'lock');
    expect(wokenTasks(run(1, 'unlock'))).toEqual([2]);
    run(4, 'lock');
    expect(run(4, 'unlock').wake).toEqual([]);
  });

  it('starvation mode after a waiter waited more than 1 ms: ownership is handed to the head waiter', () => {
    const { host, obj, run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    host.time = 0;
    run(2, 'lock'); // waits from t=0
    run(3, 'lock');
    host.time = 2 * STARVATION_THRESHOLD_NS;
    run(1, 'unlock'); // wakes 2 to compete
    run(4, 'lock'); // a newcomer wins
    expect(run(2, 'lock').blocked).toBe(true); // 2 lost after waiting 2 ms → starvation
    expect(obj.inspect()).toMatchObject({ mode: 'starvation' });
    expect(obj.ready(5, 'lock')).toBe(false);
    expect(run(5, 'lock').blocked).toBe(true); // newcomers queue at the tail
    expect(run(4, 'try_lock')).toMatchObject({ result: false });
    host.takeHb();
    const u = run(4, 'unlock');
    expect(u.wake).toEqual([{ task: 2 }]); // direct handoff, no retry
    expect(host.takeHb()).toEqual(['release 4 x', 'acquire 2 x']);
    expect(obj.inspect()).toMatchObject({ holder: 2, mode: 'starvation' }); // 2 waited > 1 ms, not last
    // 3 waited since t=0 too: handoff again; 5 waited < 1 ms...
    expect(run(2, 'unlock').wake).toEqual([{ task: 3 }]);
    expect(obj.inspect()).toMatchObject({ holder: 3, mode: 'starvation' });
    // ...so handing over to 5 (also the last waiter) ends starvation mode.
    expect(run(3, 'unlock').wake).toEqual([{ task: 5 }]);
    expect(obj.inspect()).toMatchObject({ holder: 5, mode: 'normal' });
  });

  it('starvation mode ends when the waiter that gets the lock waited less than 1 ms', () => {
    const { host, obj, run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    run(2, 'lock');
    host.time = 2_000_000;
    run(1, 'unlock');
    run(4, 'lock');
    run(2, 'lock'); // starvation
    run(6, 'lock'); // waits from 2 ms
    run(7, 'lock');
    host.time = 2_500_000;
    run(4, 'unlock'); // → 2 (waited 2.5 ms): stays starving
    expect(obj.inspect()).toMatchObject({ holder: 2, mode: 'starvation' });
    run(2, 'unlock'); // → 6 (waited 0.5 ms): back to normal although 7 waits
    expect(obj.inspect()).toMatchObject({ holder: 6, mode: 'normal' });
    expect(isSyncRetry(run(6, 'unlock').wake[0].result)).toBe(true);
  });

  it('mutexBarging: false hands over in FIFO order without retries', () => {
    const host = new FakeHost('go');
    const mu = createSyncObject(decl('mutex'), 'go', { mutexBarging: false });
    mu.perform(1, 'lock', undefined, at, host);
    mu.perform(2, 'lock', undefined, at, host);
    expect(mu.perform(1, 'unlock', undefined, at, host).wake).toEqual([{ task: 2 }]);
  });

  it('cancel removes a waiter and a pending retry', () => {
    const { obj, run } = setup('mutex', {}, 'go');
    run(1, 'lock');
    run(2, 'lock');
    run(3, 'lock');
    obj.cancel(3);
    expect(obj.waiters()).toEqual([{ task: 2, action: 'lock' }]);
  });
});
