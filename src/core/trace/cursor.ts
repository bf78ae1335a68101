/**
 * Fast `stateAt` for a debugger stepping through a recorded run. A run's state cannot be
 * copied (generators), so the cursor keeps one live, paused replay and:
 * - forwards (i ≥ its position): continues that replay from where it paused, which costs
 *   only the events in between (the paused run continues exactly as the uninterrupted
 *   one, timed.ts `stopAtTraceEvent`);
 * - a jump forwards keeps the states of the window's length just before `i` on its way;
 * - backwards: replays from the start to a little before `i` and walks forward to `i`,
 *   keeping the states it passes (plain data) in a window, so the next steps back are
 *   lookups and a full replay happens once per window (rr and UndoDB checkpoint the same
 *   way; here the "checkpoints" are the states themselves).
 */
import type { RunTrace } from '../engine/simulation';
import { Simulation } from '../engine/simulation';

/**
 * The memory the window of kept states may use. A state holds about 9 bytes a task
 * (query.ts, `TaskStates`), so 256 states of a small run fit, and a million-goroutine run
 * keeps a handful: the window's memory stays fixed whatever the task count.
 */
export const WINDOW_BYTES = 64 * 1024 * 1024;

/** How many states the window keeps within `WINDOW_BYTES` (at least 2: the step back from a step forwards). */
function windowSize(trace: RunTrace): number {
  const perState = 9 * trace.taskLabels.length + 4096;
  return Math.max(2, Math.min(256, Math.floor(WINDOW_BYTES / perState)));
}

export interface CursorOptions {
  /**
   * How many of the states just before a jump forwards it keeps on its way (default: the
   * whole window). Reading a state costs a pass over the tasks, so a cursor that jumps
   * often (the panel's scrubbing and playing) keeps a few, for the first steps back.
   */
  readonly keepBeforeJump?: number;
}

export class TraceCursor<S> {
  private sim: Simulation | null = null;
  /** The trace event the live replay is paused after (−1 before any). */
  private pos = -1;
  private readonly recent = new Map<number, S>();
  private readonly size: number;
  private readonly beforeJump: number;

  /** `read` turns the paused simulation into the state at an event (must not run it). */
  constructor(private readonly trace: RunTrace, private readonly read: (sim: Simulation, eventIndex: number) => S, options: CursorOptions = {}) {
    this.size = windowSize(trace);
    this.beforeJump = Math.max(0, Math.min(this.size - 1, options.keepBeforeJump ?? this.size));
  }

  at(i: number): S {
    const kept = this.recent.get(i);
    if (kept !== undefined) return kept;
    if (this.sim === null || i < this.pos) {
      // Backwards: replay from the start to the beginning of a window ending at i.
      this.sim = new Simulation(this.trace.program, this.trace.options, this.trace.deps);
      this.pos = -1;
      this.recent.clear();
      for (let j = Math.max(0, i - this.size + 1); j < i; j++) this.keep(j, this.readAt(j));
    } else {
      // A jump forwards (a seek, a continue to a breakpoint) keeps the moments just before
      // it on the way, so the first steps back from there are lookups too.
      for (let j = Math.max(this.pos + 1, i - this.beforeJump); j < i; j++) this.keep(j, this.readAt(j));
    }
    const s = this.readAt(i);
    this.keep(i, s);
    return s;
  }

  /** Advances the live replay to event `i` (≥ pos) and reads the state there. */
  private readAt(i: number): S {
    const sim = this.sim!;
    const timed = sim.timed!;
    timed.stopAtTraceEvent = i + 1;
    while (timed.trace!.length <= i && !sim.runSlice(10_000)) { /* replay */ }
    this.pos = i;
    return this.read(sim, i);
  }

  private keep(i: number, s: S): void {
    this.recent.delete(i);
    this.recent.set(i, s);
    if (this.recent.size > this.size) this.recent.delete(this.recent.keys().next().value!);
  }
}
