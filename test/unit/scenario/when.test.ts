/**
 * A timing expectation holds for the settings it is written for: `finishes_within` checks the
 * run as written, and `when:` writes one for other settings, a sweep's points among them. So a
 * correct example with a sweep never prints "error" for a point its figure was not written for.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/frontends/scenario';
import { runProgram } from '../../../src/service/runs';

const SCENARIO = (expects: string) => `name: two on two
machine: { cores: 2 }
runtime: { kind: threads }
tasks:
  main:
    - go: work
      count: 2
    - join: work
  work:
    - compute: 100ms
expect:
${expects}
sweep:
  machine.cores: [1, 2]
`;

function run(expects: string) {
  const parsed = parseScenario(SCENARIO(expects), 'when.scenario.yaml');
  expect(parsed.errors.map((e) => e.message)).toEqual([]);
  return runProgram(parsed.program!, { set: {} });
}

const expectationsOf = (r: { findings: readonly { kind: string; message: string }[] }) =>
  r.findings.filter((f) => f.kind === 'expectation').map((f) => f.message);

describe('finishes_within and when', () => {
  it('is checked on the run as written, not on a sweep point it was not written for', () => {
    const r = run('  - finishes_within: 110ms');
    expect(expectationsOf(r.result)).toEqual([]);
    // On one core the two 100 ms computes take 200 ms: no "error" for a figure written for two.
    expect(r.sweep.map((p) => expectationsOf(p.result))).toEqual([[], []]);
  });

  it('with `when`, is checked on exactly the runs with those settings, a sweep point among them', () => {
    const r = run('  - finishes_within: 110ms\n  - finishes_within: 150ms\n    when: { machine.cores: 1 }');
    expect(expectationsOf(r.result)).toEqual([]);
    expect(expectationsOf(r.sweep[0].result)).toEqual([expect.stringMatching(/^Expected to finish within 150 ms, but the makespan is 20\d/)]);
    expect(expectationsOf(r.sweep[1].result)).toEqual([]);
    // Written for one core and holding there, it passes everywhere.
    const ok = run('  - finishes_within: 210ms\n    when: { machine.cores: 1 }');
    expect([ok.result, ...ok.sweep.map((p) => p.result)].map(expectationsOf)).toEqual([[], [], []]);
  });

  it('`when` is positioned when wrong: beside another kind, an unknown setting, a bad value', () => {
    const errors = (expects: string) => parseScenario(SCENARIO(expects), 'when.scenario.yaml').errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`);
    expect(errors('  - final: { }\n    when: { machine.cores: 1 }')).toEqual(['13:5 `when` goes with `finishes_within` and `about` only']);
    expect(errors('  - finishes_within: 1s\n    when: { machine.core: 1 }')).toEqual([expect.stringMatching(/^13:13 `machine.core` is not a setting `when` can name/)]);
    expect(errors('  - finishes_within: 1s\n    when: { machine.cores: 0 }')).toEqual([expect.stringMatching(/^13:28 machine.cores/)]);
  });
});
