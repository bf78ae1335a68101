/**
 * Fuzz: scenario files (src/frontends/scenario) and the commands a user runs on them.
 * See harness.ts for the properties; a counterexample worth keeping goes to regressions.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzCase, FUZZ_SEED, FUZZ_TIMEOUT, runs, Tally } from './harness';
import { mutatedScenario, schemaScenario } from './scenarioGen';

const FILE = 'fuzz/case.scenario.yaml';

describe('fuzz: scenario files', () => {
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
