/**
 * The oracle for exhaustive tests: every interleaving, by depth-first enumeration of
 * every option at every choice point of the real engine, with no reduction at all.
 */
import { RaceDetector } from '../../../src/core/analysis/raceDetector';
import { simulate } from '../../../src/core/engine/simulate';
import type { Program } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';

/**
 * Calls `visit` with the result of each interleaving (and its race detector when `races`);
 * false when there were more than `limit` (then not every one was visited).
 */
export function forEachInterleaving(program: Program, limit: number, visit: (result: RunResult, races?: RaceDetector) => void,
  races = false): boolean {
  let prefix: number[] = [];
  for (let n = 0; ; n++) {
    if (n >= limit) return false;
    const widths: number[] = [];
    const taken: number[] = [];
    const detector = races ? new RaceDetector(program) : undefined;
    const result = simulate(program, {
      mode: 'untimed',
      ...(detector ? { hb: detector } : {}),
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
    visit(result, detector);
    let d = taken.length - 1;
    while (d >= 0 && taken[d] + 1 >= widths[d]) d--;
    if (d < 0) return true;
    prefix = [...taken.slice(0, d), taken[d] + 1];
  }
}

export function enumerateAll(program: Program, limit = 100_000): RunResult[] {
  const results: RunResult[] = [];
  if (!forEachInterleaving(program, limit, (r) => results.push(r))) throw new Error(`more than ${limit} interleavings`);
  return results;
}
