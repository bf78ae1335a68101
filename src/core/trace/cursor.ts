/**
 * Fast `stateAt` for a debugger stepping through a recorded run. A run's state cannot be
 * copied (generators), so the cursor keeps one live, paused replay and:
 * - forwards (i ≥ its position): continues that replay from where it paused, which costs
 *   only the events in between (the paused run continues exactly as the uninterrupted
 *   one, timed.ts `stopAtTraceEvent`);
 * - a jump forwards keeps some of the states just before `i` on its way;
 * - backwards: replays from the start to a little before `i` and walks forward to `i`,
 *   keeping the states it passes (plain data) in a window, so the next steps back are
 *   lookups and a full replay happens once per window (rr and UndoDB checkpoint the same
 *   way; here the "checkpoints" are the states themselves).
 */
import type { RunTrace } from '../engine/simulation';
import { Simulation } from '../engine/simulation';

/**
 * The memory the window of kept states may use. A state read afresh holds about 9 bytes a
 * task (taskStates.ts), so 256 states of a small run fit, and a million-goroutine run keeps
 * a handful; states that share their unchanged tasks with the one before (`bytes`) cost
 * what changed, and the window then keeps as many as fit: the window's memory stays fixed
 * whatever the task count.
 */
export const WINDOW_BYTES = 64 * 1024 * 1024;

/** The most states a window keeps, however small they are. */
export const MAX_WINDOW_STATES = 4096;

/** How many states the window keeps within `WINDOW_BYTES` when each is read afresh (at least 2: the step back from a step forwards). */
function windowSize(trace: RunTrace): number {
  const perState = 9 * trace.taskLabels.length + 4096;
  return Math.max(2, Math.min(256, Math.floor(WINDOW_BYTES / perState)));
}

/** What a kept state costs: `own`, the bytes it adds beyond the state read just before it; `full`, what it holds on its own. */
export interface StateBytes {
  readonly own: number;
  readonly full: number;
}

export interface CursorOptions<S> {
  /**
   * How many of the states just before a jump forwards it keeps on its way (default: the
   * window of states read afresh). Reading a state costs a pass over the tasks, so a cursor
   * that jumps often (the panel's scrubbing and playing) keeps a few, for the first steps back.
   */
  readonly keepBeforeJump?: number;
  /**
   * The memory of a state, for states that share what did not change with the one read
   * before them. The window then keeps states while the oldest one's `full` plus the others'
   * `own` fits in `WINDOW_BYTES` (a bound on what they hold together), and a step back past
   * it replays to as far before the step as that many states reach.
   */
  readonly bytes?: (state: S) => StateBytes;
}

export class TraceCursor<S> {
  private sim: Simulation | null = null;
  /** The trace event the live replay is paused after (−1 before any). */
  private pos = -1;
  private readonly recent = new Map<number, { readonly state: S; readonly cost: StateBytes }>();
  /** The sum of the kept states' `own` bytes. */
  private ownBytes = 0;
  /** How many states a refill after a step back reads (the window's length, as far as it is known). */
  private size: number;
  private readonly beforeJump: number;
  private readonly bytes: ((state: S) => StateBytes) | undefined;

  /** `read` turns the paused simulation into the state at an event (must not run it). */
  constructor(private readonly trace: RunTrace, private readonly read: (sim: Simulation, eventIndex: number) => S, options: CursorOptions<S> = {}) {
    this.size = windowSize(trace);
    this.beforeJump = Math.max(0, Math.min(this.size - 1, options.keepBeforeJump ?? this.size));
    this.bytes = options.bytes;
  }

  /** States kept now (for tests and the bench). */
  get kept(): number {
    return this.recent.size;
  }

  at(i: number): S {
    const kept = this.recent.get(i);
    if (kept !== undefined) return kept.state;
    if (this.sim === null || i < this.pos) {
      // Backwards: replay from the start to the beginning of a window ending at i.
      this.sim = new Simulation(this.trace.program, this.trace.options, this.trace.deps);
      this.pos = -1;
      this.recent.clear();
      this.ownBytes = 0;
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
    const old = this.recent.get(i);
    if (old !== undefined) {
      this.ownBytes -= old.cost.own;
      this.recent.delete(i);
    }
    const cost = this.bytes ? this.bytes(s) : { own: 0, full: 0 };
    this.recent.set(i, { state: s, cost });
    this.ownBytes += cost.own;
    if (!this.bytes) {
      if (this.recent.size > this.size) this.recent.delete(this.recent.keys().next().value!);
      return;
    }
    // Oldest first: the oldest state holds at most its `full`, each later one at most its `own` more.
    for (;;) {
      const [oldestAt, oldest] = this.recent.entries().next().value!;
      const over = this.ownBytes - oldest.cost.own + oldest.cost.full > WINDOW_BYTES || this.recent.size > MAX_WINDOW_STATES;
      if (!over || this.recent.size <= 2) break;
      this.recent.delete(oldestAt);
      this.ownBytes -= oldest.cost.own;
    }
    // A step back past the window reads as many states as the window holds, at their size so far.
    const [, first] = this.recent.entries().next().value!;
    if (this.recent.size >= 2) {
      const each = Math.max(1, (this.ownBytes - first.cost.own) / (this.recent.size - 1));
      this.size = Math.max(2, Math.min(MAX_WINDOW_STATES, Math.floor((WINDOW_BYTES - first.cost.full) / each) + 1));
    }
  }
}
