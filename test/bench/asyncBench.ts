/**
 * Issue 23's speed target: two async flows of three io() calls each, explored exhaustively
 * (every order in which the requests complete) in well under a second. `npm run bench -- async`
 * prints only this; the full bench adds it as a row.
 */
import '../../src/core';
import { explore } from '../../src/core/explore';
import { compileTypeScript } from '../../src/frontends/typescript';

export const TWO_FLOWS_THREE_IO = `import { io } from "interleave";
let trace = "";
async function flow(name: string) {
  for (let i = 0; i < 3; i++) { await io(name); trace += name; }
}
export default async function main() {
  await Promise.all([flow("a"), flow("b")]);
}
`;

export interface AsyncBench {
  /** Median wall-clock time of one exhaustive exploration, compile excluded. */
  readonly ms: number;
  readonly schedules: number;
  readonly complete: boolean;
  readonly outcomes: number;
}

export function runAsyncBench(runs = 5): AsyncBench {
  const program = compileTypeScript(TWO_FLOWS_THREE_IO, 'two-flows.sim.ts').program!;
  const times: number[] = [];
  let last = explore(program, { strategy: 'dpor', maxSchedules: 100_000 });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = explore(program, { strategy: 'dpor', maxSchedules: 100_000 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], schedules: last.schedules, complete: last.complete, outcomes: last.stats.outcomes.length };
}

export function printAsyncBench(b: AsyncBench): void {
  console.log(`async: 2 flows × 3 io(), exhaustive dpor: ${b.ms.toFixed(0)} ms (median), ${b.schedules} schedules, `
    + `${b.outcomes} final states, complete ${b.complete} (target: well under 1 s)`);
}
