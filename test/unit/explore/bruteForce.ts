/**
 * The oracle for exhaustive tests: every interleaving, by depth-first enumeration of
 * every option at every choice point of the real engine, with no reduction at all.
 */
import { simulate } from '../../../src/core/engine/simulate';
import type { Program } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';

export function enumerateAll(program: Program, limit = 100_000): RunResult[] {
  const results: RunResult[] = [];
  let prefix: number[] = [];
  for (;;) {
    const widths: number[] = [];
    const taken: number[] = [];
    const result = simulate(program, {
      mode: 'untimed',
      chooser: {
        choose(point) {
          const d = taken.length;
          const idx = d < prefix.length ? prefix[d] : 0;
          widths.push(point.options.length);
          taken.push(idx);
          return idx;
        },
      },
    });
    results.push(result);
    if (results.length >= limit) throw new Error(`more than ${limit} interleavings`);
    let d = taken.length - 1;
    while (d >= 0 && taken[d] + 1 >= widths[d]) d--;
    if (d < 0) return results;
    prefix = [...taken.slice(0, d), taken[d] + 1];
  }
}
