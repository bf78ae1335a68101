/**
 * Fuzz, deterministic part: every hostile statement of tsGen.ts inserted into the body of
 * `main` of an example, each through the front end and the probe, every other one through a command.
 * Its own file so that vitest runs it beside the random properties.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCase, FUZZ_TIMEOUT, Tally } from './harness';
import { EXAMPLE_SIM_TS, HOSTILE_STATEMENTS } from './tsGen';

const FILE = 'fuzz/case.sim.ts';

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
