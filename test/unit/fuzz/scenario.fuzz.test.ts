/**
 * Fuzz: scenario files (src/frontends/scenario) and the commands a user runs on them.
 * See harness.ts for the properties; a counterexample worth keeping goes to regressions.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzCase, FUZZ_SEED, FUZZ_TIMEOUT, runs, Tally } from './harness';
import { BILLION_LAUGHS, mutatedScenario, schemaScenario } from './scenarioGen';

const FILE = 'fuzz/case.scenario.yaml';

/** Whole files at and past the format's limits. */
const HOSTILE_FILES: readonly string[] = [
  `${BILLION_LAUGHS}\nname: laughs\ntasks:\n  main: *i\n`,
  'name: n\ntasks:\n  main:\n    - go: w\n      count: 2000000\n  w: [yield]\n',
  'name: n\ntasks:\n  main:\n    - go: w\n      count: 1999999\n  w: []\n',
  'name: n\ntasks:\n  main:\n    - repeat: 10000000\n      do: [yield]\n',
  'name: n\ntasks:\n  main:\n    - repeat: 10000001\n      do: [yield]\n',
  `name: n\ntasks:\n  main:\n${Array.from({ length: 70 }, (_, d) => `${'  '.repeat(d + 2)}- repeat: 1\n${'  '.repeat(d + 2)}  do:`).join('\n')} [yield]\n`,
  'name: n\nmachine: { cores: 1024, smt: 8 }\nruntime: { kind: go, gomaxprocs: 1024 }\ntasks:\n  main:\n    - go: w\n      count: 200\n  w: [{ compute: 1ms }]\n',
  'name: n\ntasks:\n  main:\n    - compute: 99999999999999999999s\n    - sleep: 0ns\n    - io: 0.0000001ns\n',
  'name: n\nos: { policy: round-robin, quantum: 1ns }\ntasks:\n  main:\n    - compute: 1s\n',
  'name: n\nsync:\n  ch: { channel: 0 }\ntasks:\n  main:\n    - go: w\n    - sleep: 10s\n  w:\n    - select:\n        - recv: ch\n        - default:\n            - go: w\n              count: 1000\n',
  'name: n\ntasks:\n  main:\n    - go: tâche\n  tâche: []\n',
  `name: n\nvars:\n${Array.from({ length: 500 }, (_, i) => `  v${i}: ${i}`).join('\n')}\ntasks:\n  main:\n${Array.from({ length: 500 }, (_, i) => `    - v${i}.incr`).join('\n')}\n`,
  `name: ${'x'.repeat(1_000_000)}\ntasks:\n  main: []\n`,
  `name: n\ntasks:\n  main:\n    - print: "${'\\u0000\\u001b[2J'.repeat(50)}"\n`,
  'name: n\nseed: 99999999999999999999\ntasks:\n  main: []\n',
  'name: n\nseed: 4294967296\ntasks:\n  main: []\n',
  'name: n\nsweep:\n  machine.cores: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\ntasks:\n  main: []\n',
];

describe('fuzz: scenario files', () => {
  it('files at and past the limits (alias bombs, spawn bombs, deep nesting, huge values) end soundly', () => {
    HOSTILE_FILES.forEach((text, i) => fuzzCase(text, FILE, i));
  }, FUZZ_TIMEOUT);

  it('documents built from the schema, some with hostile values, end soundly in every command', () => {
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(schemaScenario, (text) => {
      tally.add(fuzzCase(text, FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(300) });
    // The generator must reach the runs, not only the parser's errors.
    expect(tally.counts.small).toBeGreaterThan(runs(60));
  }, FUZZ_TIMEOUT);

  it('mutated examples end soundly in every command', () => {
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(mutatedScenario, (m) => {
      tally.add(fuzzCase(m.text, FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(300) });
    expect(tally.counts.small).toBeGreaterThan(runs(30));
  }, FUZZ_TIMEOUT);
});
