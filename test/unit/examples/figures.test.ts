/**
 * Figures in an example's text are the run's figures (issue 22): every result a scenario's
 * leading comment or description states as "about N ms" (or "~N ms", "roughly", "around")
 * is backed by an `about` expectation with that value in the same file, and the run (or the
 * sweep point its `when` names) meets it within its tolerance, so a change to the model that
 * moves the figure fails here instead of leaving the text wrong. The checks of the runs are
 * in examples.test.ts (no correct example's run reports a broken expectation); this file
 * checks that the text and the expectations agree, and that the `about` checks can fail.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { simulate } from '../../../src/core';
import { settingsMatch } from '../../../src/core/config';
import { parseScenario } from '../../../src/frontends/scenario';
import { runProgram } from '../../../src/service/runs';
import { scenarioFiles } from '../../shared/files';

const ROOT = join(__dirname, '../../../examples');
const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, µs: 1e3, us: 1e3, ms: 1e6, s: 1e9 };
/** A stated result: "about 77 ms", "~185 ms", "roughly 2.5 s". */
const FIGURE = /(?:about|roughly|around|~)\s*(\d+(?:\.\d+)?)\s*(ns|µs|us|ms|s)\b/g;


/** The prose a reader sees: the leading comment and the `description`. */
function prose(text: string): string {
  const comment = text.split('\n').filter((l, i, all) => l.startsWith('#') && all.slice(0, i).every((p) => p.startsWith('#'))).join('\n');
  const description = parseDocument(text).get('description');
  return `${comment}\n${typeof description === 'string' ? description : ''}`;
}

export function statedFigures(text: string): { text: string; ns: number }[] {
  return [...prose(text).matchAll(FIGURE)].map((m) => ({ text: m[0], ns: Math.round(Number(m[1]) * UNIT_NS[m[2]]) }));
}

describe('figures in the examples\' text are backed by `about` expectations', () => {
  for (const file of scenarioFiles(ROOT)) {
    const text = readFileSync(file, 'utf8');
    const figures = statedFigures(text);
    if (figures.length === 0) continue;
    it(`${relative(ROOT, file)}: ${figures.map((f) => f.text).join(', ')}`, () => {
      const r = parseScenario(text, file);
      expect(r.errors).toEqual([]);
      const backed = r.program!.expects.flatMap((e) => (e.kind === 'about' && e.metric !== 'context_switches' ? [e.value] : []));
      const missing = figures.filter((f) => !backed.some((v) => Math.abs(v - f.ns) <= 1e-9 * f.ns + 1));
      expect(missing.map((f) => f.text), 'a stated figure with no `about` expectation of that value').toEqual([]);
      // Each figure is checked on some run: the run as written or a sweep point its `when` names.
      const run = runProgram(r.program!, { set: {} });
      const configs = [run.result, ...run.sweep.map((p) => p.result)].map((x) => x.config);
      const unchecked = r.program!.expects.filter((e) => e.kind === 'about' && e.when && !configs.some((c) => settingsMatch(c, e.when!)));
      expect(unchecked.map((e) => e.at.line), 'an `about` whose `when` names no run of the file').toEqual([]);
    });
  }
});

describe('an `about` expectation holds the model to the text', () => {
  const convoy = (figure: string) => `name: convoy
machine: { cores: 1 }
os: { policy: fifo }
runtime: { kind: threads }
tasks:
  main:
    - go: long_job
    - go: short_job
      count: 3
    - join: long_job
    - join: short_job
  long_job:
    - compute: 100ms
  short_job:
    - compute: 1ms
expect:
${figure}
sweep:
  os.policy: [fifo, round-robin]
`;
  const findings = (figure: string) => {
    const r = parseScenario(convoy(figure), 'convoy.scenario.yaml');
    expect(r.errors).toEqual([]);
    return runProgram(r.program!, { set: {} });
  };

  it('passes when the run is within the tolerance, and names both figures when it is not', () => {
    expect(findings('  - about: { mean_turnaround: 101.6ms, within: 1% }').result.findings).toEqual([]);
    const wrong = findings('  - about: { mean_turnaround: 77ms }').result.findings;
    expect(wrong.map((f) => f.message)).toEqual([expect.stringMatching(/mean turnaround to be about 77 ms \(±10%\), but this run gives 101\.5\d+ ms/)]);
  });

  it('reads a task\'s end over all its instances, and the context switches', () => {
    expect(findings('  - about: { ends: 103ms, task: short_job, within: 1% }\n  - about: { context_switches: 6, within: 1% }').result.findings).toEqual([]);
    expect(findings('  - about: { ends: 101ms, task: short_job, within: 1% }').result.findings).toHaveLength(1);
  });

  it('a figure written for a sweep point is checked on that point only', () => {
    const run = findings('  - about: { makespan: 20ms }\n    when: { os.policy: round-robin }');
    expect(run.result.findings).toEqual([]);
    expect(run.sweep.map((p) => p.result.findings.length)).toEqual([0, 1]);
  });

  it('bad `about` entries are positioned errors', () => {
    const bad = (figure: string) => parseScenario(convoy(figure), 'c.scenario.yaml').errors.map((e) => `${e.at.line}: ${e.message}`);
    expect(bad('  - about: { makespan: 10ms, ends: 3ms }')[0]).toMatch(/^17: `about` measures exactly one of/);
    expect(bad('  - about: { ends: 3ms }')[0]).toMatch(/needs the `task`/);
    expect(bad('  - about: { makespan: 3ms, within: 150% }')[0]).toMatch(/`within` is a percentage/);
    expect(bad('  - about: { makespan: 3 }')).not.toEqual([]);
  });

  it('an untimed run (check) does not judge figures', () => {
    const r = parseScenario(convoy('  - about: { makespan: 1ms }'), 'c.scenario.yaml');
    expect(simulate(r.program!, { mode: 'untimed' }).findings).toEqual([]);
  });
});
