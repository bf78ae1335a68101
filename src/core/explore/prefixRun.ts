import type { TaskId } from '../program';
import type { ChoicePoint, StepInfo, TaskSet } from '../run';
import { dependent, ExecutionRecorder, type StepEvent } from './execution';

/**
 * What a sleep set keeps of a step: only what `dependent` reads. Not the step itself: a
 * StepEvent reaches its run's engine (its enabled set's history), whose chooser reaches
 * that run's driver and its sleep set, which reaches older runs' steps: kept in the tree,
 * a whole run per schedule stayed alive (34 KB each on 2 tasks × 10 steps).
 */
export type SleepEntry = Pick<StepEvent, 'touched' | 'readOnly' | 'endsProgram' | 'commutes'>;

export function sleepEntry(ev: StepEvent): SleepEntry {
  return ev.commutes ? { touched: ev.touched, readOnly: ev.readOnly, endsProgram: ev.endsProgram, commutes: true }
    : { touched: ev.touched, readOnly: ev.readOnly, endsProgram: ev.endsProgram };
}
import type { ScheduleDriver } from './strategy';

/**
 * What the stateless (dpor.ts) and the stateful (stateful.ts) searches share: a run that
 * re-executes the program from the start, replays a recorded prefix of choices (and stops
 * trusting it the moment the program offers a different choice there), then extends the
 * search tree with new nodes; and the sleep set it carries along (Godefroid 1996: a task
 * stays asleep while the steps taken are independent of its next step).
 */

/** One recorded choice of the search tree. */
export interface ChoiceNode {
  readonly kind: ChoicePoint['kind'];
  /**
   * The options of a non-'step' point. A 'step' node keeps only the enabled set's
   * fingerprint: which tasks were enabled is the run's history at `eventIndex` (the same in
   * every run that replays the prefix), so no node copies a set of 100,000 tasks.
   */
  readonly options: readonly number[];
  readonly fingerprint: string;
  /** Task id for 'step' nodes, option index otherwise. */
  chosen: number;
  /** What this node has tried (tasks, or option indexes). */
  readonly done: number[];
  /** Index of the step this choice precedes ('step' nodes). */
  eventIndex: number;
  /** The step each tried task took from here: the sleep entries of its later siblings. */
  readonly explored: Map<TaskId, SleepEntry>;
  readonly sleepIn: ReadonlyMap<TaskId, SleepEntry>;
}

export const NO_SLEEP: ReadonlyMap<TaskId, SleepEntry> = new Map();

/** Steps one task may take in a row, while another could run, before the default continuation switches. */
export const FAIR_STRETCH = 256;

/** One run of a search over `nodes`: replays the prefix they record, then `extend`s it. */
export abstract class PrefixRun<N extends ChoiceNode> implements ScheduleDriver {
  readonly recorder = new ExecutionRecorder();
  /** The choice points met so far in this run. */
  private depth = 0;
  /** The tasks asleep now, each with the step it would take. */
  protected sleep = new Map<TaskId, SleepEntry>();
  /** Steps the latest task has taken in a row. */
  protected stretch = 0;
  divergence: string | null = null;
  private pendingNode: N | null = null;

  constructor(protected readonly nodes: N[]) {}

  abstract get stopRequested(): boolean;

  /** A choice past the prefix: push a node (`push`) or, when the run should end, return `preferred`. */
  protected abstract extend(point: ChoicePoint, tasks: TaskSet | undefined, prevTask: TaskId | undefined): number;

  /** A 'step' node is entered (replayed or new), at event `node.eventIndex`. */
  protected entered(_node: N): void {}

  /** A step was taken; `prev` the one before it. */
  protected stepped(_ev: StepEvent, _prev: StepEvent | undefined): void {}

  choose(point: ChoicePoint): number {
    this.recorder.noteChoice(point);
    const depth = this.depth++;
    const events = this.recorder.events;
    const prevTask = events.length > 0 ? events[events.length - 1].task : undefined;
    const tasks = point.kind === 'step' ? point.tasks ?? arrayTasks(point.options) : undefined;
    if (depth < this.nodes.length) {
      const node = this.nodes[depth];
      const idx = tasks ? tasks.indexOf(node.chosen) : node.chosen;
      const same = tasks ? node.fingerprint === tasks.fingerprint : sameOptions(node.options, point.options);
      if (node.kind !== point.kind || idx < 0 || idx >= (tasks ? tasks.size : point.options.length) || !same) {
        this.divergence ??= `the program made a different choice on re-execution (choice ${depth}): exploration needs every run of a prefix to behave the same`;
        return 0;
      }
      if (tasks) this.enter(node);
      return idx;
    }
    return this.extend(point, tasks, prevTask);
  }

  /** Adds a new node at the end of the tree (entered when it is a 'step' node). */
  protected push(node: N): void {
    this.nodes.push(node);
    this.depth = this.nodes.length;
    if (node.kind === 'step') this.enter(node);
  }

  /** The sleep set after choosing at `node`: what was asleep there, and the siblings tried before. */
  private enter(node: N): void {
    node.eventIndex = this.recorder.events.length;
    let sleep = node.sleepIn;
    for (const p of node.done) {
      const ev = node.explored.get(p);
      if (p === node.chosen || !ev) continue;
      if (sleep === node.sleepIn) sleep = new Map(node.sleepIn);
      (sleep as Map<TaskId, SleepEntry>).set(p, ev);
    }
    this.sleep = sleep === node.sleepIn && sleep.size > 0 ? new Map(sleep) : (sleep as Map<TaskId, SleepEntry>);
    this.pendingNode = node;
    this.entered(node);
  }

  onStep(step: StepInfo): void {
    const events = this.recorder.events;
    const prev = events.length > 0 ? events[events.length - 1] : undefined;
    const ev = this.recorder.noteStep(step);
    this.stretch = prev && ev.task === prev.task ? this.stretch + 1 : 1;
    this.stepped(ev, prev);
    const node = this.pendingNode;
    if (node && node.eventIndex === ev.index) {
      node.explored.set(ev.task, sleepEntry(ev));
      this.pendingNode = null;
    }
    if (this.sleep.size > 0) this.wakeSleepers(ev);
  }

  /** Tasks whose next step depends on `ev` (or that took it) wake up. */
  private wakeSleepers(ev: StepEvent): void {
    const sleep = this.sleep;
    sleep.forEach((pe, p) => {
      if (p === ev.task || dependent(pe, ev)) sleep.delete(p);
    });
  }
}

/** A 'step' point's options as a task set, for a chooser's caller that gives only the array. */
function arrayTasks(options: readonly number[]): TaskSet {
  return {
    size: options.length,
    has: (t) => options.includes(t),
    at: (i) => options[i],
    indexOf: (t) => options.indexOf(t),
    fingerprint: options.join(','),
  };
}

/** A replayed choice point offers what it offered before. */
function sameOptions(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Without a reason to switch, keep running the task that ran last (no preemption). */
export function preferred(point: ChoicePoint, prevTask: TaskId | undefined): number {
  if (point.kind === 'step' && prevTask !== undefined) {
    const i = point.tasks ? point.tasks.indexOf(prevTask) : point.options.indexOf(prevTask);
    if (i >= 0) return i;
  }
  return 0;
}
