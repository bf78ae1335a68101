import type { TaskId } from '../program';
import type { ChoicePoint, TaskSet } from '../run';
import { EventOrder } from './eventOrder';
import { dependent, type StepEvent } from './execution';
import { type ChoiceNode, FAIR_STRETCH, NO_SLEEP, PrefixRun, preferred, type SleepEntry } from './prefixRun';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * Source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, "Optimal Dynamic
 * Partial Order Reduction", POPL 2014, Algorithm 1), run statelessly: each schedule
 * re-executes the program from the start, following the prefix of recorded choices and
 * then continuing without preemption. After each execution its races are reversed by
 * adding an initial of `notdep(e).e'` to the backtrack set before `e`.
 *
 * Choice points other than 'step' (which ready case of a select fires) are data
 * nondeterminism: every option is explored. An optional preemption bound (Musuvathi &
 * Qadeer 2007) drops backtrack points that would exceed it; then the search is not complete.
 */

interface DporNode extends ChoiceNode {
  /** Small sets as arrays (most nodes hold one entry): a search keeps a node per step. */
  readonly backtrack: number[];
  readonly prevTask: TaskId | undefined;
  readonly preemptionsBefore: number;
  /** A node of a shard's fixed prefix (shard.ts): its alternatives are other prefixes, so nothing backtracks here. */
  readonly fixed: boolean;
}

/** Most vector-clock entries one execution's race analysis may hold (about 160 MB of numbers). */
export const MAX_CLOCK_ENTRIES = 20_000_000;

export interface DporOptions {
  readonly preemptionBound?: number;
  /**
   * Search only the subtree below this prefix of choices (a task id at a 'step' point, an
   * option index at any other), as one shard of a split search (shard.ts): the prefix is
   * followed with an empty sleep set, and a backtrack point that would land in it is
   * dropped (that alternative is another prefix, searched in its own subtree).
   */
  readonly root?: readonly number[];
}

export class DporSearch implements SearchStrategy {
  readonly name = 'dpor';
  private nodes: DporNode[] = [];
  private finished = false;
  /** A backtrack point was dropped by the preemption bound. */
  boundHit = false;
  /** Runs that ended early because every enabled task was asleep (redundant). */
  sleepBlocked = 0;
  divergence: string | null = null;
  /** An execution too large for race analysis (steps × tasks): its races were not reversed. */
  tooLarge = false;

  constructor(private readonly options: DporOptions = {}) {}

  get exhausted(): boolean {
    return this.finished;
  }

  get complete(): boolean {
    return this.finished && !this.boundHit && !this.tooLarge && this.divergence === null;
  }

  startRun(): ScheduleDriver {
    return new DporRun(this.nodes, this.options.root ?? []);
  }

  /** Race analysis of the finished execution, then the next prefix. */
  finishRun(run: ScheduleDriver): void {
    const r = run as DporRun;
    if (r.divergence) this.divergence ??= r.divergence;
    if (r.blocked) this.sleepBlocked++;
    this.addBacktrackPoints(r);
    this.finished = !this.nextPrefix();
  }

  private addBacktrackPoints(r: DporRun): void {
    const events = r.recorder.events;
    const history = r.recorder.history;
    if (events.length === 0 || !history) return;
    // A run whose clocks would not fit is still checked for findings; its alternatives
    // are left to pct.
    const order = new EventOrder(events, history, MAX_CLOCK_ENTRIES);
    if (order.tooLarge) {
      this.tooLarge = true;
      return;
    }
    const canRun = (node: DporNode, t: TaskId): boolean => history.has(node.eventIndex, t);
    for (let j = 0; j < events.length; j++) {
      for (const i of order.racesOf(j)) {
        const t = events[j].task;
        // An acquire that could not run before i: reverse it with the step that held what it needed.
        const holder = order.blockerOf(i, j);
        const holderNode = holder === undefined || events[holder].task === t ? undefined : r.stepNodeAt.get(holder);
        if (holderNode) this.reverse(holderNode, order.initials(holder!, j), canRun);
        const node = r.stepNodeAt.get(i);
        if ((node && canRun(node, t)) || !order.existedAt(t, i)) {
          // A task created later is started through its creator, an initial of v.
          if (node) this.reverse(node, order.initials(i, j), canRun);
          continue;
        }
        // task(j) existed but could not run before i, so (i, j) is not reversible as it
        // stands; reverse j with the step that disabled it, e.g. the earlier lock of the
        // mutex it needed.
        const d = order.disablerOf(t, i);
        const dNode = d === undefined ? undefined : r.stepNodeAt.get(d);
        if (d !== undefined && dNode && dependent(events[d], events[j])) this.reverse(dNode, order.initials(d, j), canRun);
        // Otherwise another initial of v = notdep(i).j may run before i and let task(j) in:
        // the step that wakes a task that blocked itself (a wait, a receive, a spin parked
        // until a write; a WaitGroup waiter woken by other decrements than the ones before
        // i), or an unlock by a third task that frees the lock task(j) waits for (Go and
        // CPython let any thread unlock: worker enters `account` while holder is still
        // inside, examples/mutexes/ownership-go).
        else if (node && (order.blockedItself(t, i) || order.unlockedByAnother(i, j))) this.reverse(node, order.initials(i, j), canRun);
      }
    }
    // A task blocked for good when the run ended (it waits for a lock never released, a
    // send nobody receives) never took its next step, so no race above names it; yet the
    // step that disabled it may be reordered after that step (Flanagan & Godefroid, POPL
    // 2005, look at the next transition of every process, enabled or not). Reverse it with
    // that step, as a race whose task could not run is reversed with its disabler.
    // When its own last step is what left it blocked (it took m1, then waits for m0, which
    // another task took before and never gave back), the step to reverse is the one that
    // holds what its pending op waits for.
    const end = events.length;
    for (const t of history.everEnabled()) {
      if (history.has(end, t)) continue;
      const d = order.disablerOf(t, end);
      const h = order.holderOfPending(t, history.pendingOp?.(t));
      for (const k of h === undefined || h === d ? [d] : [d, h]) {
        const node = k === undefined ? undefined : r.stepNodeAt.get(k);
        if (node) this.reverse(node, order.initialsOfPending(k!, t), canRun);
      }
    }
    // The program ends when main returns, which cuts off every task still runnable: that
    // last step conflicts with the next step of each of them, so each must also be tried
    // in its place (its own races then show up in the schedules that follow).
    const last = events.length - 1;
    const lastNode = r.stepNodeAt.get(last);
    if (lastNode) for (const q of history.tasksAt(last)) if (q !== events[last].task) this.reverse(lastNode, [q], canRun);
  }

  /** Adds one of `initials` to the node's backtrack set unless one is there already. */
  private reverse(node: DporNode, initials: readonly TaskId[], canRun: (node: DporNode, t: TaskId) => boolean): void {
    if (node.fixed) return;
    if (initials.some((t) => node.backtrack.includes(t))) return;
    const candidates = initials.filter((t) => canRun(node, t) && !node.sleepIn.has(t));
    if (candidates.length === 0) return;
    const q = candidates[0];
    const bound = this.options.preemptionBound;
    if (bound !== undefined) {
      const prev = node.prevTask;
      const preempts = prev !== undefined && q !== prev && canRun(node, prev);
      if (node.preemptionsBefore + (preempts ? 1 : 0) > bound) {
        this.boundHit = true;
        return;
      }
    }
    node.backtrack.push(q);
  }

  private nextPrefix(): boolean {
    for (let d = this.nodes.length - 1; d >= 0; d--) {
      const node = this.nodes[d];
      const pending = node.backtrack.filter((t) => !node.done.includes(t) && !(node.kind === 'step' && node.sleepIn.has(t)));
      if (pending.length > 0) {
        node.chosen = pending[0];
        node.done.push(node.chosen);
        this.nodes.length = d + 1;
        return true;
      }
    }
    this.nodes.length = 0;
    return false;
  }
}

class DporRun extends PrefixRun<DporNode> {
  readonly stepNodeAt = new Map<number, DporNode>();
  private preemptions = 0;
  blocked = false;

  constructor(nodes: DporNode[], private readonly root: readonly number[]) {
    super(nodes);
  }

  get stopRequested(): boolean {
    return this.blocked;
  }

  protected extend(point: ChoicePoint, tasks: TaskSet | undefined, prevTask: TaskId | undefined): number {
    const events = this.recorder.events;
    if (this.blocked) return preferred(point, prevTask);
    if (this.nodes.length < this.root.length) return this.followRoot(point, tasks, prevTask);
    if (!tasks) {
      const node = makeNode(point, 0, events.length, this.sleep, prevTask, this.preemptions, '');
      for (let k = 1; k < point.options.length; k++) node.backtrack.push(k);
      this.push(node);
      return 0;
    }
    let asleep = 0;
    for (const t of this.sleep.keys()) if (tasks.has(t)) asleep++;
    if (asleep === tasks.size) {
      // Every enabled task is asleep: this schedule is equivalent to one already explored.
      this.blocked = true;
      return preferred(point, prevTask);
    }
    const chosen = this.continuation(tasks, prevTask);
    this.push(makeNode(point, chosen, events.length, this.sleep, prevTask, this.preemptions, tasks.fingerprint));
    return tasks.indexOf(chosen);
  }

  /** A node of the fixed prefix: its one choice, no alternatives, no sleep set. */
  private followRoot(point: ChoicePoint, tasks: TaskSet | undefined, prevTask: TaskId | undefined): number {
    const chosen = this.root[this.nodes.length];
    const idx = tasks ? tasks.indexOf(chosen) : chosen < point.options.length ? chosen : -1;
    if (idx < 0) {
      this.divergence ??= `the program made a different choice on re-execution (choice ${this.nodes.length} of the shard's prefix): exploration needs every run of a prefix to behave the same`;
      return 0;
    }
    this.push(makeNode(point, chosen, this.recorder.events.length, NO_SLEEP, prevTask, this.preemptions, tasks?.fingerprint ?? '', true));
    return idx;
  }

  /**
   * The task a new node runs first: the one that ran last (no preemption), unless it has
   * run FAIR_STRETCH steps in a row while another could run; then the next awake one after
   * it. A loop that only another task can end (one the spin detection cannot prove pure,
   * with a counter, say) then yields, as under a fair scheduler (Musuvathi & Qadeer, "Fair
   * stateless model checking", PLDI 2008), instead of running into the step budget. Which
   * task a new node tries first is free in DPOR: no schedule is lost either way.
   */
  private continuation(tasks: TaskSet, prevTask: TaskId | undefined): TaskId {
    const awake = (t: TaskId) => !this.sleep.has(t);
    const firstAwakeFrom = (index: number): TaskId | undefined => {
      for (let k = index; k < tasks.size; k++) if (awake(tasks.at(k))) return tasks.at(k);
      return undefined;
    };
    if (prevTask === undefined || !tasks.has(prevTask) || !awake(prevTask)) return firstAwakeFrom(0)!;
    if (this.stretch < FAIR_STRETCH) return prevTask;
    return firstAwakeFrom(tasks.indexOf(prevTask) + 1) ?? firstAwakeFrom(0)!;
  }

  protected override entered(node: DporNode): void {
    this.stepNodeAt.set(node.eventIndex, node);
  }

  protected override stepped(ev: StepEvent, prev: StepEvent | undefined): void {
    if (prev && ev.task !== prev.task && ev.enabled.has(prev.task)) this.preemptions++;
  }
}

function makeNode(point: ChoicePoint, chosen: number, eventIndex: number, sleep: ReadonlyMap<TaskId, SleepEntry>,
  prevTask: TaskId | undefined, preemptionsBefore: number, fingerprint: string, fixed = false): DporNode {
  const step = point.kind === 'step';
  return {
    kind: point.kind,
    options: step ? [] : point.options.slice(),
    fingerprint,
    chosen,
    backtrack: [chosen],
    done: [chosen],
    eventIndex,
    explored: new Map(),
    sleepIn: step && sleep.size > 0 ? new Map(sleep) : NO_SLEEP,
    prevTask,
    preemptionsBefore,
    fixed,
  };
}
