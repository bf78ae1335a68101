/**
 * What Go statements cost in simulated CPU time, and how a program says otherwise.
 *
 * Every executed statement costs `STATEMENT_NS` (a loop's post statement counts as one;
 * conditions are free). 0.625 ns is two cycles at 3.2 GHz, calibrated on the examples'
 * summing loops: `for n := 0; n < N; n++ { total += n }` is 1.25 ns an iteration, which is
 * what the scenario twins model from the Go translations measured on this project's build
 * machine (examples/parallelism/go-parallel-cpu: 200 million iterations in 250 ms).
 *
 * `//interleave:cost 2ms` on the line of a `for` statement or the line above it says how
 * long one iteration of that loop takes: its statements then cost nothing more (the ops
 * they do, a lock or a send, still happen and still take their own time).
 *
 * Costs pile up in the goroutine and become one `compute` op before the next op another
 * goroutine could observe, so a million cheap statements are one step, not a million.
 */
import { parseDuration } from '../../core/config';

export const STATEMENT_NS = 0.625;

/** A loop this long (or longer) whose body is plain arithmetic on locals runs in closed form (fold.ts). */
export const FOLD_MIN_ITERATIONS = 1000;

const COST_DIRECTIVE = /^\/\/\s*interleave:cost\b(.*)$/;

/** `//interleave:cost 2ms` → 2,000,000 (ns); undefined when the comment is not that directive; NaN when its duration is bad. */
export function costDirective(comment: string): number | undefined {
  const m = COST_DIRECTIVE.exec(comment.trim());
  if (!m) return undefined;
  try {
    return parseDuration(m[1].trim());
  } catch {
    return Number.NaN;
  }
}
