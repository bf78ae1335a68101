/**
 * Fuzz, semantics of the TypeScript rewrite: generated programs (tsProgramGen.ts) whose
 * tasks run one after another mean what they mean as plain JavaScript, so the simulation
 * must return exactly what the program returns when run plainly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../src/core/index';
import { simulate } from '../../../src/core/engine/simulate';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { expectSoundErrors, FUZZ_SEED, FUZZ_TIMEOUT, runs } from './harness';
import { plainResult, sequentialProgram } from './tsProgramGen';

const FILE = 'fuzz/program.sim.ts';

describe('fuzz: the rewrite keeps the meaning of a program', () => {
  it('every generated program compiles, and its simulation returns what plain JavaScript returns', () => {
    fc.assert(fc.property(sequentialProgram, (text) => {
      const r = compileTypeScript(text, FILE);
      expectSoundErrors(r.errors, text, FILE);
      expect(r.errors.map((e) => `${e.at.line}:${e.at.column}: ${e.message}`)).toEqual([]);
      const run = simulate(r.program!, { mode: 'untimed', seed: 1, budget: { events: 50_000 } });
      expect(run.error).toBeUndefined();
      expect(JSON.stringify(run.returned)).toBe(plainResult(text));
    }), { seed: FUZZ_SEED, numRuns: runs(25) });
  }, FUZZ_TIMEOUT);
});
