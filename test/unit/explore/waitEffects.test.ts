/**
 * Waiting that changes what other tasks may do (issue 21, item 3), primitive by primitive:
 * each blocking kind takes effect as its runtime's real primitive does, and DPOR (complete)
 * reaches exactly the final states and findings of every interleaving (bruteForce.ts).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { jsonValue } from '../../../src/core/valueText';
import type { Program, SyncDecl } from '../../../src/core/program';
import { createSyncObject } from '../../../src/core/sync';
import { isSyncRetry } from '../../../src/core/sync/retry';
import { FakeHost } from '../sync/fakeHost';
import { enumerateAll } from './bruteForce';
import { at, body, program, read, spawn, sync, write, type Step } from './programs';

type Runtime = 'go' | 'threads' | 'python';
const RUNTIMES: readonly Runtime[] = ['go', 'threads', 'python'];
/** Findings the engine itself reports in every run (races need the detector, which explore attaches). */
const KINDS = new Set(['deadlock', 'misuse', 'assertion', 'leak']);

/** Final states and findings (kind at line) of every interleaving, and of a complete DPOR search. */
function compare(prog: () => Program): { want: string[]; got: string[] } {
  const all = enumerateAll(prog(), 100_000);
  const want = new Set<string>();
  for (const x of all) {
    if (x.stopped === 'finished') want.add(`final ${JSON.stringify(jsonValue(x.finals))}`);
    for (const f of x.findings) if (KINDS.has(f.kind)) want.add(`${f.kind}@${f.at.line}`);
  }
  const r = explore(prog(), { maxSchedules: 100_000, minimise: false });
  expect(r.complete).toBe(true);
  const got = new Set<string>(r.stats.outcomes.map((o) => `final ${o}`));
  for (const f of r.findings) if (KINDS.has(f.kind)) got.add(`${f.kind}@${f.at.line}`);
  return { want: [...want].sort(), got: [...got].sort() };
}

const spawnThen = (b: ReturnType<typeof body>, name: string, l: number): Step =>
  ({ result }) => ({ op: 'spawn', body: b, name, count: 1, at: at(l), args: [result] });
const joinAll: Step = () => ({ op: 'join', tasks: [1, 2, 3].slice(0, 3), at: at(999) });

describe('semaphores: who gets a released permit', () => {
  const decl: SyncDecl = { id: 's', name: 's', kind: 'semaphore', size: 1 };

  for (const runtime of RUNTIMES) {
    it(`${runtime}: a newcomer ${runtime === 'go' ? 'never passes a waiter (x/sync/semaphore is FIFO)' : 'may take a released permit before the woken waiter (barging)'}`, () => {
      const host = new FakeHost(runtime);
      const s = createSyncObject(decl, runtime);
      const where = at(1);
      expect(s.perform(1, 'acquire', undefined, where, host).blocked).toBe(false);
      expect(s.perform(2, 'acquire', undefined, where, host).blocked).toBe(true);
      const rel = s.perform(1, 'release', undefined, where, host);
      expect(rel.wake.map((w) => w.task)).toEqual([2]);
      if (runtime === 'go') {
        // notifyWaiters: the permit is task 2's already; a newcomer's TryAcquire fails.
        expect(isSyncRetry(rel.wake[0].result)).toBe(false);
        expect(s.perform(3, 'try_acquire', undefined, where, host)).toMatchObject({ result: false });
      } else {
        // sem_post / Semaphore.release: the permit is free; task 3 takes it first, and the
        // woken task 2 retries, loses, and waits again.
        expect(isSyncRetry(rel.wake[0].result)).toBe(true);
        expect(s.perform(3, 'try_acquire', undefined, where, host)).toMatchObject({ result: true });
        expect(s.perform(2, 'acquire', undefined, where, host).blocked).toBe(true);
        expect(s.waiters()).toEqual([{ task: 2, action: 'acquire' }]);
        expect(s.perform(3, 'release', undefined, where, host).wake.map((w) => w.task)).toEqual([2]);
        expect(s.perform(2, 'acquire', undefined, where, host).blocked).toBe(false);
      }
    });
  }

  /** Three tasks pass a binary semaphore in turn; each appends its id to `order` inside it. */
  const turns = (runtime: Runtime) => () => {
    const worker = (id: number) => body([sync('s', 'acquire', undefined, 10 + id), read('order', 20 + id),
      ({ result }) => write('order', `${String(result)}${id}`, 20 + id), sync('s', 'release', undefined, 30 + id)]);
    return program({
      runtime, vars: { order: '' }, objects: [decl],
      main: [spawn(worker(1), 1, 'a', 40), spawnThen(worker(2), 'b', 41), spawnThen(worker(3), 'c', 42), joinAll],
    });
  };

  it('dpor = every interleaving, and every order of the three holders is reached (go, threads, python)', () => {
    for (const runtime of RUNTIMES) {
      const { want, got } = compare(turns(runtime));
      expect(got, runtime).toEqual(want);
      // A permit released while others wait goes to any of them (Go: whoever queued first,
      // and any queue order is possible; POSIX/Python: whoever wins the race).
      expect(want.filter((s) => s.startsWith('final')), runtime).toHaveLength(6);
    }
  });
});

describe('a counting semaphore: updates that leave a permit free commute', () => {
  /** Three workers pass a semaphore of `size` permits and write their id to `last` inside it. */
  const worker = (id: number, withSem: boolean) => body([
    ...(withSem ? [sync('s', 'acquire', undefined, 10 + id)] : []), write('last', id, 20 + id),
    ...(withSem ? [sync('s', 'release', undefined, 30 + id)] : [])]);
  const prog = (runtime: Runtime, size: number, withSem = true) => () => program({
    runtime, vars: { last: 0 }, objects: withSem ? [{ id: 's', name: 's', kind: 'semaphore', size }] : [],
    main: [spawn(worker(1, withSem), 1, 'a', 40), spawnThen(worker(2, withSem), 'b', 41), spawnThen(worker(3, withSem), 'c', 42), joinAll],
  });

  it('dpor = every interleaving with 2 permits (the last permit and the first release decide who enters)', () => {
    for (const runtime of RUNTIMES) {
      const { want, got } = compare(prog(runtime, 2));
      expect(got, runtime).toEqual(want);
      expect(want.filter((s) => s.startsWith('final')), runtime).toHaveLength(3);
    }
  });

  it('permits that never run out order nothing: as many schedules as the same writes with no semaphore', () => {
    for (const runtime of RUNTIMES) {
      const without = explore(prog(runtime, 0, false)(), { maxSchedules: 100_000, minimise: false });
      const r = explore(prog(runtime, 4)(), { maxSchedules: 100_000, minimise: false });
      expect(r.complete).toBe(true);
      expect(r.stats.outcomes, runtime).toEqual(without.stats.outcomes);
      expect(r.schedules, runtime).toBe(without.schedules);
    }
  });
});

describe("Go's mutex: normal and starvation mode in the untimed model", () => {
  /** Three goroutines take one mutex in turn and append their id: every order is an outcome. */
  const prog = (runtime: Runtime) => () => {
    const worker = (id: number) => body([sync('m', 'lock', undefined, 10 + id), read('order', 20 + id),
      ({ result }) => write('order', `${String(result)}${id}`, 20 + id), sync('m', 'unlock', undefined, 30 + id)]);
    return program({
      runtime, vars: { order: '' }, objects: [{ id: 'm', name: 'm', kind: 'mutex' }],
      main: [spawn(worker(1), 1, 'a', 40), spawnThen(worker(2), 'b', 41), spawnThen(worker(3), 'c', 42), joinAll],
    });
  };

  it('dpor = every interleaving; all 6 lock orders, the ones starvation-mode handoff allows among them', () => {
    for (const runtime of RUNTIMES) {
      const { want, got } = compare(prog(runtime));
      expect(got, runtime).toEqual(want);
      expect(want.filter((s) => s.startsWith('final')), runtime).toHaveLength(6);
    }
  });
});

describe('barrier arrivals count while the arriving task waits', () => {
  /**
   * Two tasks meet at a 2-party barrier twice. Task a takes the mutex between the meetings
   * and keeps it across the second: b's lock waits for a, a waits at the barrier for b.
   * The deadlock exists only because a's arrival is a step that blocks (the barrier counts it).
   */
  const prog = (runtime: Runtime) => () => {
    const a = body([sync('b', 'wait', undefined, 10), sync('m', 'lock', undefined, 11), sync('b', 'wait', undefined, 12),
      sync('m', 'unlock', undefined, 13)]);
    const b = body([sync('b', 'wait', undefined, 20), sync('m', 'lock', undefined, 21), sync('m', 'unlock', undefined, 22),
      sync('b', 'wait', undefined, 23)]);
    return program({
      runtime, vars: {}, objects: [{ id: 'b', name: 'b', kind: 'barrier', size: 2 }, { id: 'm', name: 'm', kind: 'mutex' }],
      main: [spawn(a, 1, 'a', 40), spawnThen(b, 'b', 41), ({ result }) => ({ op: 'join', tasks: [1, result as number].flat(), at: at(999) })],
    });
  };

  it('dpor = every interleaving, and the deadlock (a holds m at the barrier, b waits for m) is found', () => {
    for (const runtime of ['threads', 'python'] as const) {
      const { want, got } = compare(prog(runtime));
      expect(got, runtime).toEqual(want);
      expect(want.some((s) => s.startsWith('deadlock@')), runtime).toBe(true);
      expect(want.some((s) => s.startsWith('final')), runtime).toBe(true);
    }
  });
});

describe('WaitGroup waiters', () => {
  /** main and a goroutine wait on one WaitGroup that a worker counts down, then read what it wrote. */
  const prog = () => {
    const worker = (id: number) => body([write(`x${id}`, 1, 10 + id), sync('wg', 'done', undefined, 20 + id)]);
    const waiter = body([sync('wg', 'wait', undefined, 31), read('x1', 41), ({ result }) => write('seen1', result, 51)]);
    return program({
      runtime: 'go', vars: { x1: 0, seen0: -1, seen1: -1 }, objects: [{ id: 'wg', name: 'wg', kind: 'waitgroup' }],
      main: [sync('wg', 'add', 1, 60), spawn(waiter, 1, 'w1', 61), spawnThen(worker(1), 'd1', 63),
        sync('wg', 'wait', undefined, 30), read('x1', 40), ({ result }) => write('seen0', result, 50),
        () => ({ op: 'join', tasks: [1], at: at(999) })],
    });
  };

  // More WaitGroup programs against every interleaving: waitgroup.test.ts (30 random ones per runtime).
  it('dpor = every interleaving: each waiter sees the write before the done', () => {
    const { want, got } = compare(prog);
    expect(got).toEqual(want);
    expect(want.filter((s) => s.startsWith('final'))).toEqual(['final {"x1":1,"seen0":1,"seen1":1}']);
  });
});
