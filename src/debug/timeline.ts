/**
 * What the debugger steps through: a finished, deterministic run seen as a sequence of
 * moments. Going backwards is exact because every moment's state is recomputed from the
 * same trace (or by re-running the same schedule), never guessed.
 *
 * `coreTimeline.ts` builds one from the core's trace; the session reads nothing else.
 */
import type { Finding } from '../core/findings';
import type { SourceRange, TaskId } from '../core/program';

export interface DebugMoment {
  readonly index: number;
  readonly ns: number;
  /** The task the event belongs to, or -1 for machine-level events. */
  readonly task: TaskId;
  /** The source position the event came from, when it has one. */
  readonly at?: SourceRange;
  /** One sentence: what happened and why. */
  readonly why: string;
  /** Shared variables written by this event (data breakpoints). */
  readonly writes: readonly string[];
}

export interface DebugTask {
  readonly id: TaskId;
  /** `G7`, `T2`. */
  readonly label: string;
  readonly name: string;
  /** A few words a person reads: `running`, `chan receive`, `waiting for GIL`, `done`. */
  readonly state: string;
  readonly at?: SourceRange;
}

/** A named value tree for the Variables view. */
export type Inspectable = string | number | boolean | null | undefined | readonly Inspectable[] | { readonly [k: string]: Inspectable };

/** The tasks at one moment, read by id or a page at a time: a run may have a million. */
export interface DebugTasks {
  readonly count: number;
  /** What the runtime calls its tasks, plural: `goroutines`, `threads`, `tasks`. */
  readonly noun: string;
  /** The task with this id, or undefined when it does not exist (yet). */
  get(id: TaskId): DebugTask | undefined;
  /** The id of the task with this label (`G7`), or undefined. */
  idOf(label: string): TaskId | undefined;
}


/** Tasks from an array (small runs, the untimed model's snapshots). */
export function tasksOfArray(tasks: readonly DebugTask[], noun = 'tasks'): DebugTasks {
  let byLabel: Map<string, TaskId> | undefined;
  return {
    count: tasks.length,
    noun,
    get: (id) => tasks[id],
    idOf: (label) => (byLabel ??= new Map(tasks.map((t) => [t.label, t.id]))).get(label),
  };
}

export interface DebugState {
  readonly tasks: DebugTasks;
  readonly vars: Readonly<Record<string, Inspectable>>;
  readonly objects: Readonly<Record<string, Inspectable>>;
  readonly machine: Readonly<Record<string, Inspectable>>;
}

export interface TimelineFinding {
  readonly finding: Finding;
  /** The moment at which the finding became true. */
  readonly index: number;
}

export interface DebugTimeline {
  readonly length: number;
  moment(index: number): DebugMoment;
  stateAt(index: number): DebugState;
  readonly findings: readonly TimelineFinding[];
  /** Printed lines of the run, for the Debug Console. */
  readonly log: readonly { readonly index: number; readonly text: string; readonly at?: SourceRange }[];
}
