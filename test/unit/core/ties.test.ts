/**
 * Timed placement ties go through the chooser: which idle hardware thread a woken thread
 * gets and which of equal-vruntime threads runs first. The default seed keeps the
 * default order (lowest hardware thread, FIFO); other seeds vary it; replay stays exact.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { RunTrace } from '../../../src/core/engine/simulation';
import type { TaskId } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';
import { E_RUN } from '../../../src/core/trace/events';
import { ms, op, program, testSync } from './helpers';

/** main starts four equal workers, then joins them: on one core they wait with equal vruntime. */
function fourWorkers(cores: number) {
  const worker = function* () { yield op.compute(ms(1)); };
  const main = function* () {
    const ids = (yield op.spawn(worker, 4)) as TaskId[];
    yield op.join(ids);
  };
  return program(main, { config: { machine: { cores } } });
}

/** Task labels in the order they first ran, and the hardware thread each first ran on. */
function firstRuns(r: RunResult): { order: string[]; hw: Record<string, number> } {
  const { log, taskLabels } = r.trace as RunTrace;
  const order: string[] = [];
  const hw: Record<string, number> = {};
  for (let i = 0; i < log.length; i++) {
    const label = taskLabels[log.task[i]];
    if (log.kind[i] !== E_RUN || label === 'T1' || label in hw) continue;
    order.push(label);
    hw[label] = log.hw[i];
  }
  return { order, hw };
}

describe('placement ties (timed)', () => {
  it('the default seed runs equal-vruntime threads in FIFO order and uses the lowest idle hardware thread', () => {
    const one = simulate(fourWorkers(1), { mode: 'timed', trace: true }, testSync);
    expect(firstRuns(one).order).toEqual(['T2', 'T3', 'T4', 'T5']);
    expect(one.schedule).toBe('v1:1:'); // no tie was recorded: nothing to replay
    const four = simulate(fourWorkers(4), { mode: 'timed', trace: true }, testSync);
    // main holds hardware thread 0; each new thread takes the lowest idle one
    expect(firstRuns(four).hw).toEqual({ T2: 1, T3: 2, T4: 3, T5: 0 });
  });

  it('other seeds vary which equal thread runs first and where threads go, and record it as tie choices', () => {
    const orders = new Set<string>();
    const placements = new Set<string>();
    for (let seed = 2; seed <= 25; seed++) {
      const one = simulate(fourWorkers(1), { mode: 'timed', seed, trace: true }, testSync);
      orders.add(firstRuns(one).order.join(','));
      const four = simulate(fourWorkers(4), { mode: 'timed', seed, trace: true }, testSync);
      placements.add(JSON.stringify(firstRuns(four).hw));
      expect(four.schedule).not.toBe(`v1:${seed.toString(36)}:`);
    }
    expect(orders.size).toBeGreaterThan(3);
    expect(placements.size).toBeGreaterThan(3);
  });

  it('a seeded run replays exactly from its schedule string', () => {
    for (let seed = 2; seed <= 10; seed++) {
      const a = simulate(fourWorkers(2), { mode: 'timed', seed, trace: true }, testSync);
      const b = simulate(fourWorkers(2), { mode: 'timed', schedule: a.schedule, trace: true }, testSync);
      expect(b.tasks).toEqual(a.tasks);
      expect(b.makespan_ns).toBe(a.makespan_ns);
      expect(firstRuns(b)).toEqual(firstRuns(a));
      expect(b.schedule).toBe(a.schedule);
    }
  });

  it('the chooser sees tie points with the tasks as options', () => {
    const seen: { kind: string; options: readonly number[] }[] = [];
    simulate(fourWorkers(1), { mode: 'timed', seed: 7, chooser: { choose: (p) => { seen.push(p); return p.options.length - 1; } } }, testSync);
    const ties = seen.filter((p) => p.kind === 'tie');
    expect(ties.length).toBeGreaterThan(0);
    expect(ties[0].options).toEqual([1, 2, 3, 4]); // T2..T5 waiting with equal vruntime, FIFO first
  });
});
