import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { simulate } from '../../../src/core/engine/simulate';
import type { Program } from '../../../src/core/program';
import { compileSctProgram, firstBug, isBug, sctProgramFiles } from '../../bench/sctBench';

/**
 * The SCTBench-style bench programs (test/bench/sct, `npm run bench -- sct`) must keep
 * compiling and keep their one bug reachable, or the bench table measures nothing.
 */

/**
 * A schedule with one switch: the lowest-numbered enabled task runs until step `k`, the
 * highest-numbered from then on. Reaches the reorder bugs (a setter's first write, then the
 * checker) however many setters there are, where a small search budget does not.
 */
function oneSwitchBug(program: Program): number | undefined {
  for (let k = 0; k < 400; k++) {
    let step = 0;
    const r = simulate(program, {
      mode: 'untimed', seed: 1,
      chooser: { choose: (p) => (step < k ? 0 : (p.tasks?.size ?? p.options.length) - 1) },
      onStep: () => { step++; },
    });
    if (r.findings.some((f) => isBug(f.kind))) return k;
    if (step < k) return undefined;
  }
  return undefined;
}

const files = sctProgramFiles(join(__dirname, '../../bench/sct'));

describe('SCTBench-style bench programs', () => {
  it('there are about a dozen', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    it(`${name} compiles and its bug is reachable`, () => {
      const program = compileSctProgram(file);
      // One schedule in the default order is bug-free: the bug needs a particular interleaving.
      const first = simulate(program, { mode: 'untimed', seed: 1, chooser: { choose: () => 0 } });
      expect(first.findings.filter((f) => isBug(f.kind))).toEqual([]);
      expect(first.stopped).toBe('finished');
      const dpor = firstBug(program, { strategy: 'dpor' }, 30, 10_000);
      expect(dpor.found !== undefined || oneSwitchBug(program) !== undefined).toBe(true);
    });
  }
});
