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

function twoBusy(policy: 'fifo' | 'round-robin'): Program {
  return {
    file: 'starve.yaml', name: 'two busy threads on one core',
    config: { machine: { cores: 1, smt: 1 }, os: { policy }, runtime: { kind: 'threads' } },
    vars: [], objects: [],
    main: function* () {
      const ids = (yield { op: 'spawn', body: busy, name: 'busy', count: 2, at }) as number[];
      yield { op: 'join', tasks: ids, at };
    },
    mainAt: at, expects: [], sweep: [], at,
  };
}

describe('starvation (timed model)', () => {
  it('fifo on one core keeps the second busy thread runnable for the whole first one', () => {
    const r = simulate(twoBusy('fifo'), { mode: 'timed', trace: true });
    const fs = starvationFindings(r, { where: () => at });
    expect(fs).toHaveLength(1);
    expect(fs[0].kind).toBe('starvation');
    expect(fs[0].message).toMatch(/was runnable for (4\d\d|500)(\.\d+)? ms/);
  });

  it('round-robin time slices leave no task runnable past the threshold', () => {
    const r = simulate(twoBusy('round-robin'), { mode: 'timed', trace: true });
    expect(starvationFindings(r, { where: () => at })).toEqual([]);
  });
});
