/**
 * Fuzz: annotated TypeScript (`.sim.ts`, src/frontends/typescript) and the commands a user
 * runs on it: mutated examples and hostile headers (tsGen.ts), every hostile statement in
 * turn, and generated programs whose simulation must return what plain JavaScript returns
 * (tsProgramGen.ts). One file, so the TypeScript compiler loads once. See harness.ts for
 * the properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../src/core/index';
import { simulate } from '../../../src/core/engine/simulate';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { expectSoundErrors, fuzzCase, FUZZ_SEED, FUZZ_TIMEOUT, runs, Tally } from './harness';
import { DIRECTIVES, EXAMPLE_SIM_TS, HOSTILE_STATEMENTS, mutatedSimTs } from './tsGen';
import { plainResult, sequentialProgram } from './tsProgramGen';

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

describe('fuzz: hostile statements in a .sim.ts file', () => {
  it('every hostile statement, inserted into main, ends soundly', () => {
    const [example] = EXAMPLE_SIM_TS.filter((e) => e.path.endsWith('pipeline.sim.ts'));
    const at = example.text.indexOf('  let total = 0;');
    expect(at).toBeGreaterThan(0);
    const tally = new Tally();
    HOSTILE_STATEMENTS.forEach((statement, i) => {
      const text = `${example.text.slice(0, at)}  ${statement}\n${example.text.slice(at)}\nimport * as __h from "interleave";\n`;
      // Every statement through the front end and the probe; every other one also through
      // one command, in turn (each command compiles the file again).
      tally.add(fuzzCase(text, FILE, i % 2 === 0 ? i / 2 : -1, undefined, true));
    });
    // Most statements compile: the list tests the runs, not only the compiler's errors.
    expect(tally.counts.small).toBeGreaterThan(40);
  }, FUZZ_TIMEOUT);
});

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
