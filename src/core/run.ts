/**
 * The contract of one simulation run: what every surface (CLI, diagnostics, debugger,
 * panel, explorer) passes in and gets back. Implemented by `engine/simulate.ts`.
 */
import type { Finding } from './findings';
import type { HbObserver } from './analysis/hb';
import type { Op, SimConfig, TaskId } from './program';

export interface Budget {
  /**
   * Most engine events (timed) or steps (untimed) before the run stops with a budget error.
   * Untimed, each task the run creates besides main adds two steps (its first op and its
   * return), so the budget bounds loops, not the size of the program: 100,000 goroutines
   * that each call `wg.done` take 200,004 steps and fit the default of 100,000.
   */
  readonly events: number;
  /** Most tasks alive or created in one run. */
  readonly tasks: number;
}

export const DEFAULT_BUDGET: Budget = { events: 5_000_000, tasks: 2_000_000 };

/**
 * A nondeterministic choice the engine must make. The engine asks the chooser; the
 * index returned is recorded in the schedule string, so a run replays exactly.
 * - timed: ties the policies leave open, the random victim order of work stealing,
 *   the ready case of a `select`, which GIL waiter wins.
 * - untimed: also which enabled task takes the next step (`kind: 'step'`).
 */
export interface ChoicePoint {
  readonly kind: 'step' | 'select' | 'steal' | 'tie' | 'wake';
  /** The candidates: task ids for 'step'/'wake'/'tie' (hardware-thread ids for a placement tie), case indexes for 'select', P ids for 'steal'. */
  readonly options: readonly number[];
  /**
   * An untimed 'step' point's candidates read in place (the same tasks as `options`, in the
   * same order). With 100,000 runnable goroutines a copy per step would be quadratic:
   * choosers that can, use this and leave `options` (built on first use) alone.
   */
  readonly tasks?: TaskSet;
  /**
   * An untimed 'step' point of a run with `observeState`: the model's state as text
   * (engine/stateKey.ts), equal at two points that continue alike; null when it cannot be observed.
   */
  state?(): string | null;
}

/** Task ids in ascending order, read in place; valid only during the call that received it. */
export interface TaskSet {
  readonly size: number;
  has(task: TaskId): boolean;
  /** The task at position `index`. */
  at(index: number): TaskId;
  /** The position of `task`, or -1. */
  indexOf(task: TaskId): number;
  /** Equal for equal sets (a hash with the size). */
  readonly fingerprint: string;
}

/** Which tasks could take each step of one untimed run (engine/enabledSet.ts). */
export interface EnabledHistory {
  /** Whether `task` could have taken step `step` (0-based, in `onStep` order). */
  has(step: number, task: TaskId): boolean;
  /** The tasks that could have taken step `step`. */
  tasksAt(step: number): TaskId[];
  /** The first step `task` could have taken, or -1. */
  firstEnabled(task: TaskId): number;
  /** The latest step s < `step` after which `task` could no longer run (enabled at s, not at s + 1), or -1. */
  disabledAfter(task: TaskId, step: number): number;
  /** Every task that could take some step of the run. */
  everEnabled(): TaskId[];
  /**
   * The op `task` holds as its next one and has not run (the untimed engine runs each task
   * ahead to its next op): at the end of a run, what a task blocked for good waits to do.
   */
  pendingOp?(task: TaskId): Op | null;
}

export interface Chooser {
  /** Returns an index into `point.options`. */
  choose(point: ChoicePoint): number;
}

/** What one untimed step did, for dependency analysis in DPOR. */
export interface StepInfo {
  readonly task: TaskId;
  readonly op: Op;
  /** Ids of the variables and sync objects the step touched; empty for purely local steps. */
  readonly touched: readonly string[];
  /** True when the step only read every id it touched (two reads never conflict). */
  readonly readOnly: boolean;
  /** Tasks this step enabled or disabled (wake-ups, blocks). */
  readonly woke: readonly TaskId[];
  /**
   * The step is an update that commutes with every other commuting step on the same ids:
   * a WaitGroup `done` (or negative `add`) or `wait` that neither panics nor misuses. Two
   * decrements leave the same counter in either order, and a wait that blocks until zero
   * ends up past the wait whichever of them comes first (sync/waitgroup.go).
   */
  readonly commutes?: boolean;
  /** The run's enabled sets, step by step (the same object for every step of a run). */
  readonly enabled?: EnabledHistory;
}

export interface RunOptions {
  /** 'timed' (run, panel, debugger) or 'untimed' (check, explore): see analysis.md. */
  readonly mode: 'timed' | 'untimed';
  readonly seed?: number;
  /** A schedule string from an earlier run: replays its choices exactly. */
  readonly schedule?: string;
  /** Overrides the seeded chooser (exploration strategies). */
  readonly chooser?: Chooser;
  /** Untimed model: keep what `ChoicePoint.state` needs (stateful exploration). */
  readonly observeState?: boolean;
  readonly budget?: Partial<Budget>;
  /** Settings overrides (`--set runtime.gomaxprocs=1`), applied after the program's own. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Polled between slices of work; returning true stops the run with `stopped: 'cancelled'`. */
  readonly shouldCancel?: () => boolean;
  /** Happens-before events for the race detector. */
  readonly hb?: HbObserver;
  /** Called after each untimed step (DPOR). */
  readonly onStep?: (step: StepInfo) => void;
  /** Record the full event trace (the panel and the debugger need it; exploration does not). */
  readonly trace?: boolean;
  /**
   * With `trace`: also record the machine at every moment into the trace (trace/machine.ts),
   * so the panel reads its moments instead of replaying. Costs time in proportion to the
   * steps × tasks, so only the panel asks for it.
   */
  readonly machine?: boolean;
  /**
   * Without `trace` (timed model): keep, instead of a trace, only what tells whether a traced
   * run would show timed findings (trace/waits.ts; `mayHaveTimedFindings` reads it), so a
   * run that shows none is not traced only to learn that.
   */
  readonly watchWaits?: boolean;
}

/** `callback`: a macrotask of the `eventloop` runtime (the script, an I/O completion, a timer). */
export type TaskKind = 'goroutine' | 'thread' | 'process' | 'python-thread' | 'callback';

/** Per-task summary, as in the `run --json` contract. */
export interface TaskSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: TaskKind;
  readonly start_ns: number;
  readonly end_ns: number | null;
  readonly running_ns: number;
  readonly runnable_ns: number;
  readonly blocked_ns: number;
}

export interface Metrics {
  max_running: number;
  context_switches: number;
  threads_created: number;
  steals: number;
  handoffs: number;
  gil_switches: number;
  hwthread_busy_ns: number[];
  [name: string]: number | number[];
}

export interface RunResult {
  readonly config: SimConfig;
  readonly seed: number;
  readonly makespan_ns: number;
  readonly events: number;
  readonly metrics: Metrics;
  readonly tasks: readonly TaskSummary[];
  readonly finals: Readonly<Record<string, unknown>>;
  readonly returned: unknown;
  readonly findings: readonly Finding[];
  /** The schedule string of this run (`v1:...`). */
  readonly schedule: string;
  /** Lines printed by `print` steps, in order. */
  readonly log: readonly { readonly ns: number; readonly task: string; readonly text: string }[];
  /** Why the run stopped: it finished, deadlocked, or hit a budget or cancellation. */
  readonly stopped: 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error';
  readonly error?: string;
  /** Present when `trace: true` was asked. Its type lives in `trace/`. */
  readonly trace?: unknown;
}
