import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core';
import { starvationFindings, STARVATION_DEFAULT_NS } from '../../../src/core/analysis/starvation';
import type { Op, Program, SourceRange } from '../../../src/core/program';
import { taskIntervals } from '../../../src/core/trace/query';

const at: SourceRange = { file: 'starve.yaml', line: 3, column: 1, endLine: 3, endColumn: 8 };
const WORKERS = 1000;

/**
 * A thousand CPU-bound threads on one core under strict priorities, each of its own
 * priority: every one waits while all those above it run, so every one is starved.
 */
function thousandOnOneCore(): Program {
  // A sleep first, so main starts every one and reaches its join before they compete.
  const busy = function* (): Generator<Op, unknown, unknown> {
    yield { op: 'sleep', ns: 100_000_000, at };
    yield { op: 'compute', ns: 12_000_000, work: 'cpu', at };
    return undefined;
  };
  return {
    file: 'starve.yaml', name: 'a thousand threads on one core',
    config: { machine: { cores: 1, smt: 1 }, os: { policy: 'priority' }, runtime: { kind: 'threads' } },
    vars: [], objects: [],
    main: function* () {
      const ids: number[] = [];
      for (let i = 1; i <= WORKERS; i++) ids.push(...((yield { op: 'spawn', body: busy, name: 'busy', count: 1, priority: i, at }) as number[]));
      yield { op: 'join', tasks: ids, at };
    },
    mainAt: at, expects: [], sweep: [], at,
  };
}

describe('starvation check on a thousand threads', () => {
  it('finishes, and counts the other tasks of each finding as comparing every pair would', () => {
    const r = simulate(thousandOnOneCore(), { mode: 'timed', trace: true });
    const findings = starvationFindings(r, { where: () => at });
    // Every worker with at least nine above it (9 × 12 ms > the 100 ms threshold); main waits at its join, blocked.
    expect(findings).toHaveLength(WORKERS - 9);
    const intervals = taskIntervals(r);
    const running = intervals.filter((i) => i.state === 'running');
    const label = (t: number) => r.tasks[t].id;
    // The pairwise definition, for a sample of findings: the task's longest runnable wait, and every task that ran in it.
    for (const task of [1, 2, 500, WORKERS - 9]) {
      const waits = intervals.filter((i) => i.task === task && i.state === 'runnable' && i.end - i.start > STARVATION_DEFAULT_NS);
      const longest = waits.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
      const others: number[] = [];
      for (const s of running) if (s.task !== task && s.start < longest.end && s.end > longest.start && !others.includes(s.task)) others.push(s.task);
      const finding = findings.find((f) => f.message.startsWith(`Starvation: ${label(task)} `))!;
      const rest = others.length - 10;
      expect(finding.message).toContain(`while ${others.slice(0, 10).map(label).join(', ')}${rest > 0 ? ` and ${rest} other task${rest === 1 ? '' : 's'}` : ''} ran: `);
      expect(finding.message).toContain(`was runnable for ${+((longest.end - longest.start) / 1e6).toFixed(3)} ms`);
    }
  });
});
