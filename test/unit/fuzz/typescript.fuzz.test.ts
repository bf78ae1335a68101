/**
 * Fuzz: annotated TypeScript (`.sim.ts`, src/frontends/typescript) and the commands a user
 * runs on it. See harness.ts for the properties and tsGen.ts for the mutations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzCase, FUZZ_SEED, FUZZ_TIMEOUT, runs, Tally } from './harness';
import { DIRECTIVES, EXAMPLE_SIM_TS, mutatedSimTs } from './tsGen';

const FILE = 'fuzz/case.sim.ts';

describe('fuzz: .sim.ts files', () => {
  it('mutated examples (tokens, hostile statements, literals, headers) end soundly in every command', () => {
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(mutatedSimTs, (m) => {
      tally.add(fuzzCase(m.text, FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(60) });
    expect(tally.counts.small).toBeGreaterThan(runs(5));
  }, FUZZ_TIMEOUT);

  it('hostile `// @interleave` headers end soundly in every command', () => {
    const [example] = EXAMPLE_SIM_TS.filter((e) => e.path.endsWith('lost-update.sim.ts'));
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(DIRECTIVES, (header) => {
      tally.add(fuzzCase(example.text.replace(/^\/\/ @interleave.*$/m, header), FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(20) });
    // Some headers are valid, so their values reach the runs.
    expect(tally.counts.small + tally.counts.large).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
