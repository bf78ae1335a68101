/**
 * The oracle for exhaustive tests: every interleaving, by depth-first enumeration of
 * every option at every choice point of the real engine, with no reduction at all.
 */
import { RaceDetector } from '../../../src/core/analysis/raceDetector';
import { simulate } from '../../../src/core/engine/simulate';
import { findingKey } from '../../../src/core/explore/index';
import type { Finding } from '../../../src/core/findings';
import type { Program, TaskId } from '../../../src/core/program';
import { jsonValue } from '../../../src/core/valueText';
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

/**
 * What the first `limit` interleavings reach: the final states of those that finished and the
 * keys of the findings `compared` keeps (the run's own and its race detector's), and whether
 * they were all of the interleavings.
 */
export function reachable(program: Program, limit: number, compared: (f: Finding) => boolean): { all: boolean; finals: string[]; findings: string[] } {
  const finals = new Set<string>();
  const findings = new Set<string>();
  const all = forEachInterleaving(program, limit, (result, detector) => {
    const label = (t: TaskId): string => result.tasks[t]?.id ?? `T${t + 1}`;
    if (result.stopped === 'finished') finals.add(JSON.stringify(jsonValue(result.finals)));
    for (const f of [...result.findings, ...detector!.findings(label, result.schedule)]) if (compared(f)) findings.add(findingKey(f));
  }, true);
  return { all, finals: [...finals].sort(), findings: [...findings].sort() };
}
