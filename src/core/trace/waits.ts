/**
 * What a run without a trace keeps so that one can tell, once it is over, whether its
 * timed findings (starvation, priority inversion: analysis/timedFindings.ts) can be
 * anything but none, and so whether the run must be traced to find them. A trace costs
 * about 34 bytes an event (a million goroutines make 20 million events: ~700 MB, and the
 * passes over it after the run took a third of `interleave run`'s time), and most runs
 * have no runnable wait long enough for either finding.
 *
 * `WaitWatch` takes the trace's place in the timed model (the engine records into it as
 * into a `TraceLog`) but keeps no event: per task only since when it is runnable, cut
 * exactly as `taskIntervals` (query.ts) cuts a runnable interval (from a spawn, stop or
 * wake while not runnable, to the next run, block or exit, or the run's end), and the
 * longest such interval.
 */
import type { SourceRange } from '../program';
import type { RunResult } from '../run';
import { E_BLOCK, E_EXIT, E_RUN, E_SPAWN, E_STOP, E_WAKE } from './events';
import { TraceLog } from './log';
import { grownToFit } from '../columns';

/** What `WaitWatch` leaves with a run's result. */
export interface WatchedWaits {
  /** The longest runnable interval of any task, those still open at the end cut at the makespan. */
  readonly longestRunnableNs: number;
  /** How many different task priorities the run had, up to 3 (priority inversion needs three). */
  readonly priorities: number;
}

export class WaitWatch extends TraceLog {
  override readonly keepsOps = false;
  /** Per task: since when it is runnable, or −1 while it is not. */
  private runnableSince = new Float64Array(1024).fill(-1);
  private longest = 0;

  override record(time: number, kind: number, task: number, _hw: number, _obj: string | null, _at: SourceRange | null,
    _reason: number, _arg: number): number {
    // A kernel thread created with no task bound (a Go M) records its wake-up as task −1.
    if (task >= 0) {
      switch (kind) {
        case E_SPAWN: case E_STOP: case E_WAKE: {
          this.runnableSince = grownToFit(this.runnableSince, task, -1);
          if (this.runnableSince[task] < 0) this.runnableSince[task] = time;
          break;
        }
        case E_RUN: case E_BLOCK: case E_EXIT: {
          const since = task < this.runnableSince.length ? this.runnableSince[task] : -1;
          if (since >= 0) {
            if (time - since > this.longest) this.longest = time - since;
            this.runnableSince[task] = -1;
          }
          break;
        }
      }
    }
    return this.length++;
  }

  override addEdge(): void { /* no causality kept */ }

  /** The watch's answer for a run that ended at `endNs` with these task priorities. */
  finish(endNs: number, tasks: readonly { readonly priority: number }[]): WatchedWaits {
    let longest = this.longest;
    for (const since of this.runnableSince) if (since >= 0 && endNs - since > longest) longest = endNs - since;
    // Counted up to three, the most any reader asks.
    const seen = new Set<number>();
    for (let i = 0; i < tasks.length && seen.size < 3; i++) seen.add(tasks[i].priority);
    return { longestRunnableNs: longest, priorities: seen.size };
  }
}

/** The watched runs' answers, by result (a result carries them no further: the service spreads it). */
const watched = new WeakMap<RunResult, WatchedWaits>();

export function noteWatchedWaits(result: RunResult, waits: WatchedWaits): void {
  watched.set(result, waits);
}

/** What `WaitWatch` kept for this result, if its run was watched (`RunOptions.watchWaits`). */
export function watchedWaits(result: RunResult): WatchedWaits | undefined {
  return watched.get(result);
}
