import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { PolicyKind, TaskBody, TaskId } from '../../../src/core/program';
import { E_RUN } from '../../../src/core/trace/events';
import type { RunTrace } from '../../../src/core/engine/simulation';
import { ms, op, program, testSync } from './helpers';

/** Which task ran, in order, each time a task started on a CPU (main excluded). */
function runOrder(trace: unknown): { task: number; ns: number }[] {
  const log = (trace as RunTrace).log;
  const out: { task: number; ns: number }[] = [];
  for (let i = 0; i < log.length; i++) if (log.kind[i] === E_RUN && log.task[i] !== 0) out.push({ task: log.task[i], ns: log.time[i] });
  return out;
}

function twoCpuBound(policy: PolicyKind, workMs = 12, extra: Record<string, number> = {}) {
  const worker = function* () { yield op.compute(ms(workMs)); };
  const main: TaskBody = function* () {
    const ids = (yield op.spawn(worker, 2)) as TaskId[];
    yield op.join(ids);
  };
  return simulate(program(main, { config: { machine: { cores: 1 }, os: { policy, ...extra } } }),
    { mode: 'timed', trace: true }, testSync);
}

describe('OS scheduling policies on one core', () => {
  it('round-robin with a 4 ms quantum interleaves two CPU-bound threads in 4 ms slices', () => {
    const r = twoCpuBound('round-robin');
    const order = runOrder(r.trace).map((e) => e.task);
    expect(order).toEqual([1, 2, 1, 2, 1, 2]);
    const starts = runOrder(r.trace).map((e) => e.ns);
    // consecutive slices start one quantum (plus one 1.5 µs context switch) apart
    expect(starts[2] - starts[1]).toBe(ms(4) + 1_500);
    expect(r.metrics.context_switches).toBeGreaterThanOrEqual(6);
  });

  it('fifo runs them back to back', () => {
    const r = twoCpuBound('fifo');
    expect(runOrder(r.trace).map((e) => e.task)).toEqual([1, 2]);
    const t = r.tasks;
    expect(t[1].end_ns!).toBeLessThan(t[2].end_ns!);
    expect(t[2].end_ns! - t[1].end_ns!).toBeGreaterThanOrEqual(ms(12));
  });

  it('fair alternates in base slices of 0.7 ms on one hardware thread', () => {
    const r = twoCpuBound('fair', 3);
    const order = runOrder(r.trace);
    expect(order.length).toBeGreaterThan(6);
    expect(order[2].ns - order[1].ns).toBe(700_000 + 1_500);
    // both finish within one slice of each other: fair sharing
    expect(Math.abs(r.tasks[1].end_ns! - r.tasks[2].end_ns!)).toBeLessThanOrEqual(700_000 + 3_000);
  });

  it('priority runs the high-priority thread first, and a woken high-priority thread preempts', () => {
    const low = function* () { yield op.compute(ms(10)); };
    const high = function* () { yield op.sleep(ms(2)); yield op.compute(ms(1)); };
    // high starts first (it preempts main), sleeps; low then runs; high wakes at ~2 ms.
    const main: TaskBody = function* () {
      const b = (yield op.spawn(high, 1, 'high', 1, 5)) as TaskId[];
      const a = (yield op.spawn(low, 1, 'low', 1, 1)) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { config: { machine: { cores: 1 }, os: { policy: 'priority', quantumNs: ms(100) } } }),
      { mode: 'timed', trace: true }, testSync);
    const high1 = r.tasks[1];
    // high wakes at about 2 ms and finishes 1 ms later although low still has work left
    expect(high1.end_ns!).toBeLessThan(ms(3.2));
    expect(r.tasks[2].end_ns!).toBeGreaterThan(ms(11));
  });

  it('mlfq demotes a CPU hog so a newcomer runs ahead of it; the boost lifts it again', () => {
    const hog = function* () { yield op.compute(ms(40)); };
    const late = function* () { yield op.sleep(ms(10)); yield op.compute(ms(2)); };
    const main: TaskBody = function* () {
      const a = (yield op.spawn(hog, 1, 'hog')) as TaskId[];
      const b = (yield op.spawn(late, 1, 'late')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { config: { machine: { cores: 1 }, os: { policy: 'mlfq', quantumNs: ms(4), boostNs: ms(50) } } }),
      { mode: 'timed', trace: true }, testSync);
    // late wakes at ~10 ms at the top level while hog has been demoted; it finishes well before hog
    expect(r.tasks[2].end_ns!).toBeLessThan(ms(25));
    expect(r.tasks[1].end_ns!).toBeGreaterThan(ms(40));
  });
});

describe('priority aging', () => {
  // A high-priority thread that keeps the CPU busy in short bursts starves a low one,
  // unless waiting raises the low one's priority (aging).
  const run = (agingNs: number) => {
    const high = function* () { for (let i = 0; i < 40; i++) { yield op.compute(ms(1)); yield op.yield(); } };
    // low starts first and sleeps, so main (priority 0) can still start high
    const low = function* () { yield op.sleep(ms(0.5)); yield op.compute(ms(1)); };
    const main: TaskBody = function* () {
      const l = (yield op.spawn(low, 1, 'low', 1, 1)) as TaskId[];
      const h = (yield op.spawn(high, 1, 'high', 1, 10)) as TaskId[];
      yield op.join([...h, ...l]);
    };
    return simulate(program(main, { config: { machine: { cores: 1 }, os: { policy: 'priority', agingNs } } }), { mode: 'timed' }, testSync);
  };
  it('without aging the low-priority thread waits until the high one is done', () => {
    const r = run(0);
    expect(r.tasks[1].end_ns!).toBeGreaterThan(r.tasks[2].end_ns!);
  });
  it('with aging it runs long before', () => {
    // 9 levels × 2 ms of waiting lift it from 1 to high's 10, so it runs at about 18.5 ms
    const r = run(ms(2));
    expect(r.tasks[1].end_ns!).toBeLessThan(ms(21));
    expect(r.tasks[2].end_ns!).toBeGreaterThan(ms(40));
  });
});
