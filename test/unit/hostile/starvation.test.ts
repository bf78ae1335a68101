import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core';
import { starvationFindings, STARVATION_DEFAULT_NS } from '../../../src/core/analysis/starvation';
import type { Op, Program, SourceRange } from '../../../src/core/program';
import { taskIntervals } from '../../../src/core/trace/query';

const at: SourceRange = { file: 'starve.yaml', line: 3, column: 1, endLine: 3, endColumn: 8 };
const WORKERS = 1000;

/** A thousand CPU-bound threads time-sliced on one core: every one waits about 4 s between slices. */
function thousandOnOneCore(): Program {
  const busy = function* (): Generator<Op, unknown, unknown> {
    yield { op: 'compute', ns: 12_000_000, work: 'cpu', at };
    return undefined;
  };
  return {
    file: 'starve.yaml', name: 'a thousand threads on one core',
    config: { machine: { cores: 1, smt: 1 }, os: { policy: 'round-robin' }, runtime: { kind: 'threads' } },
    vars: [], objects: [],
    main: function* () {
      const ids = (yield { op: 'spawn', body: busy, name: 'busy', count: WORKERS, at }) as number[];
      yield { op: 'join', tasks: ids, at };
    },
    mainAt: at, expects: [], sweep: [], at,
  };
}

describe('starvation check on a thousand threads', () => {
  it('finishes, and counts the other tasks of each finding as comparing every pair would', () => {
    const r = simulate(thousandOnOneCore(), { mode: 'timed', trace: true });
    const findings = starvationFindings(r, { where: () => at });
    // Every worker, and main: it is preempted after starting them and waits its turn to join.
    expect(findings).toHaveLength(WORKERS + 1);
    const intervals = taskIntervals(r);
    const running = intervals.filter((i) => i.state === 'running');
    const label = (t: number) => r.tasks[t].id;
    // The pairwise definition, for a sample of findings: the task's longest runnable wait, and every task that ran in it.
    for (const task of [0, 1, 2, 500, WORKERS - 1, WORKERS]) {
      const waits = intervals.filter((i) => i.task === task && i.state === 'runnable' && i.end - i.start > STARVATION_DEFAULT_NS);
      const longest = waits.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
      const others: number[] = [];
      for (const s of running) if (s.task !== task && s.start < longest.end && s.end > longest.start && !others.includes(s.task)) others.push(s.task);
      const finding = findings.find((f) => f.message.startsWith(`Starvation: ${label(task)} `))!;
      const rest = others.length - 10;
      expect(finding.message).toContain(`while ${others.slice(0, 10).map(label).join(', ')}${rest > 0 ? ` and ${rest} other task${rest === 1 ? '' : 's'}` : ''} ran;`);
      expect(finding.message).toContain(`was runnable for ${+((longest.end - longest.start) / 1e6).toFixed(3)} ms`);
    }
  });
});
