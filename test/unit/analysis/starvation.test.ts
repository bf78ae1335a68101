import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core';
import { starvationFindings } from '../../../src/core/analysis/starvation';
import type { Op, Program, SourceRange } from '../../../src/core/program';

const at: SourceRange = { file: 'starve.yaml', line: 3, column: 1, endLine: 3, endColumn: 8 };
const busy = function* (): Generator<Op, unknown, unknown> {
  yield { op: 'compute', ns: 500_000_000, work: 'cpu', at };
  return undefined;
};

/** Sleeps 1 ms first, so main (priority 0) reaches its join before the threads compete. */
const sleepyBusy = function* (): Generator<Op, unknown, unknown> {
  yield { op: 'sleep', ns: 1_000_000, at };
  return yield* busy();
};

function twoBusy(policy: 'fifo' | 'round-robin' | 'priority', priorities: readonly number[] = [0, 0], agingNs?: number): Program {
  return {
    file: 'starve.yaml', name: 'two busy threads on one core',
    config: { machine: { cores: 1, smt: 1 }, os: { policy, ...(agingNs ? { agingNs } : {}) }, runtime: { kind: 'threads' } },
    vars: [], objects: [],
    main: function* () {
      const ids: number[] = [];
      for (const priority of priorities) ids.push(...((yield { op: 'spawn', body: policy === 'priority' ? sleepyBusy : busy, name: 'busy', count: 1, priority, at }) as number[]));
      yield { op: 'join', tasks: ids, at };
    },
    mainAt: at, expects: [], sweep: [], at,
  };
}

/** Many busy goroutines on few Ps: each waits in a run queue for long, and gets its turns. */
function manyGoroutines(): Program {
  const work = function* (): Generator<Op, unknown, unknown> {
    yield { op: 'compute', ns: 40_000_000, work: 'cpu', at };
    return undefined;
  };
  return {
    file: 'starve.yaml', name: 'a hundred goroutines on two Ps',
    config: { machine: { cores: 2, smt: 1 }, runtime: { kind: 'go' } },
    vars: [], objects: [],
    main: function* () {
      const ids = (yield { op: 'spawn', body: work, name: 'work', count: 100, at }) as number[];
      yield { op: 'join', tasks: ids, at };
    },
    mainAt: at, expects: [], sweep: [], at,
  };
}

describe('starvation (timed model)', () => {
  it('fifo on one core: the second busy thread waits 500 ms for the first, a convoy and not starvation', () => {
    const r = simulate(twoBusy('fifo'), { mode: 'timed', trace: true });
    expect(r.tasks[2].runnable_ns).toBeGreaterThan(400_000_000);
    expect(starvationFindings(r, { where: () => at })).toEqual([]);
  });

  it('strict priorities: the low thread is starved while the high one runs, and the message names the missing aging', () => {
    const r = simulate(twoBusy('priority', [10, 1]), { mode: 'timed', trace: true });
    const fs = starvationFindings(r, { where: () => at });
    expect(fs).toHaveLength(1);
    expect(fs[0].message).toMatch(/^Starvation: T3 \(busy#2\) was runnable for (4\d\d|500)(\.\d+)? ms .* while T2 ran: /);
    expect(fs[0].message).toContain('priority aging, `os.aging`, would give it one');
  });

  it('priorities with aging: the low thread gets its turn, no starvation', () => {
    const r = simulate(twoBusy('priority', [10, 1], 20_000_000), { mode: 'timed', trace: true });
    expect(starvationFindings(r, { where: () => at })).toEqual([]);
  });

  it('goroutines queued while every P is busy get their fair share: no starvation, however long the queue', () => {
    const r = simulate(manyGoroutines(), { mode: 'timed', trace: true });
    // Each waits far past the 100 ms threshold in its turn...
    expect(Math.max(...r.tasks.map((t) => t.runnable_ns))).toBeGreaterThan(1_000_000_000);
    // ...which is a queue, not starvation.
    expect(starvationFindings(r, { where: () => at })).toEqual([]);
  });

  it('round-robin time slices leave no task runnable past the threshold', () => {
    const r = simulate(twoBusy('round-robin'), { mode: 'timed', trace: true });
    expect(starvationFindings(r, { where: () => at })).toEqual([]);
  });
});
