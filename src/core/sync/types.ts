/**
 * The contract between the engine and the synchronisation objects.
 *
 * Each sync object is a pure state machine over task ids: it knows who holds it, who
 * waits on it (in FIFO order) and what its buffer holds. It knows nothing about time
 * slices, cores or policies; the engine blocks and wakes tasks as the outcomes say.
 * The same objects serve the timed model (run, panel, debugger) and the untimed one
 * (check, explore), so their semantics are written once.
 */
import type { HbObserver } from '../analysis/hb';
import type { ChoicePoint } from '../run';
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';

/** What the engine lends a sync object while it performs an action. */
export interface SyncHost {
  readonly runtime: RuntimeKind;
  /** Current simulated time in ns (0 throughout the untimed model). */
  now(): number;
  /** Happens-before events for the race detector, when one is attached. */
  readonly hb?: HbObserver;
  /** A recorded nondeterministic choice (returns an index into `options`). */
  choose(point: ChoicePoint): number;
  /**
   * A misuse the runtime would report: Go's panics and fatal errors worded as Go prints
   * them (models.md), the threads runtime's owner rule. `fatal` ends the whole run (Go
   * fatal errors); otherwise only the task that misused the object ends (a panic).
   */
  misuse(task: TaskId, message: string, at: SourceRange, fatal: boolean): void;
  /** How results name a task (`T3`, `G2`): misuse wording names the holder as the trace does. */
  label(task: TaskId): string;
  /**
   * Timed model: how long `task` may spin actively before its `iter`-th retry of a held lock
   * (Go: sync_runtime_canSpin and doSpin), 0 when it may not. Absent in the untimed model.
   */
  spinNs?(task: TaskId, iter: number): number;
}

/** A task that becomes runnable again, with the result its blocked op returns. */
export interface Wake {
  readonly task: TaskId;
  readonly result?: unknown;
}

export type Outcome =
  /**
   * The action completed now; the task continues with `result`. `handoff`: the action handed
   * ownership straight to a woken waiter, and the runtime's caller yields to it (Go: sema.go
   * semrelease1 with handoff → goyield).
   */
  | { readonly blocked: false; readonly result?: unknown; readonly wake: readonly Wake[]; readonly handoff?: true }
  /** The task is queued on the object; it appears later in some other call's `wake`. */
  | { readonly blocked: true; readonly wake: readonly Wake[] };

export interface SyncObject {
  readonly decl: SyncDecl;
  /** Perform `action` for `task`; see `Op` in program.ts for the results. */
  perform(task: TaskId, action: SyncAction, value: unknown, at: SourceRange, host: SyncHost): Outcome;
  /** True when `action` by `task` would complete now without blocking (select readiness, untimed enabledness). */
  ready(task: TaskId, action: SyncAction): boolean;
  /**
   * True when `action` by `task` would block and its waiting changes what others may do
   * (Go's RWMutex: a writer that waits for readers already shuts out new ones). The untimed
   * model then runs the action as a step that blocks instead of treating it as disabled.
   */
  waitingHasEffect?(task: TaskId, action: SyncAction): boolean;
  /**
   * The action just performed is an update that commutes with every other commuting action
   * on this object: either order leaves the same state and enables or disables no task
   * (run.ts `StepInfo.commutes`; the explorer does not reorder two such steps).
   */
  commutedLast?(): boolean;
  /**
   * The ids the action just performed touched, for exploration's dependence, when they are
   * not just this object's id (Go's WaitGroup: waitgroup.ts). Undefined: its own id.
   */
  touchedLast?(): readonly string[] | undefined;
  /** Remove `task` from every wait queue of this object (a select that fired on another case). */
  cancel(task: TaskId): void;
  /** Tasks blocked on this object, in queue order, with what they wait for. */
  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[];
  /** The state a person reads in the debugger's Variables view and the panel: holder, count, buffer. */
  inspect(): Readonly<Record<string, unknown>>;
}
