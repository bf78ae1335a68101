import type { TaskId } from '../program';
import type { ChoicePoint, StepInfo } from '../run';
import { EventOrder } from './eventOrder';
import { dependent, ExecutionRecorder, type StepEvent } from './execution';
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

interface ChoiceNode {
  readonly kind: ChoicePoint['kind'];
  readonly options: readonly number[];
  /** Task id for 'step' nodes, option index otherwise. */
  chosen: number;
  readonly backtrack: Set<number>;
  readonly done: Set<number>;
  /** Index of the step this choice precedes ('step' nodes). */
  eventIndex: number;
  /** The step each explored task took from here: the sleep entries of its later siblings. */
  readonly explored: Map<TaskId, StepEvent>;
  readonly sleepIn: ReadonlyMap<TaskId, StepEvent>;
  readonly prevTask: TaskId | undefined;
  readonly preemptionsBefore: number;
}

/** Steps one task may take in a row, while another could run, before the default continuation switches. */
export const FAIR_STRETCH = 256;

/** Most vector-clock entries one execution's race analysis may hold (about 160 MB of numbers). */
export const MAX_CLOCK_ENTRIES = 20_000_000;

export interface DporOptions {
  readonly preemptionBound?: number;
}

export class DporSearch implements SearchStrategy {
  readonly name = 'dpor';
  private nodes: ChoiceNode[] = [];
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
    return new DporRun(this, this.nodes);
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
    // Clocks are dense per task: thousands of tasks times thousands of steps would not
    // fit. Such a run is still checked for findings; its alternatives are left to pct.
    const tasks = new Set<number>();
    for (const e of events) tasks.add(e.task);
    if (events.length * tasks.size > MAX_CLOCK_ENTRIES) {
      this.tooLarge = true;
      return;
    }
    const order = new EventOrder(events);
    for (let j = 0; j < events.length; j++) {
      for (const i of order.racesOf(j)) {
        const t = events[j].task;
        const opJ = events[j].op;
        if (opJ.op === 'sync' && (opJ.action === 'lock' || opJ.action === 'rlock')) {
          const opI = events[i].op;
          const releases = opI.op === 'sync' && opI.obj === opJ.obj && (opI.action === 'unlock' || opI.action === 'runlock');
          const d = order.holdingLock(opJ.obj, releases ? i : i + 1);
          const dNode = d === undefined || events[d].task === t ? undefined : r.stepNodeAt.get(d);
          if (dNode && d !== i) this.reverse(dNode, order.initials(d!, j));
        }
        const node = r.stepNodeAt.get(i);
        if ((node && node.options.includes(t)) || !order.existedAt(t, i)) {
          // A task created later is started through its creator, an initial of v.
          if (node) this.reverse(node, order.initials(i, j));
          continue;
        }
        // task(j) existed but could not run before i, so (i, j) is not reversible as it
        // stands; reverse j with the step that disabled it, e.g. the earlier lock of the
        // mutex it needed. If nothing did (it waited on i itself), there is no race.
        const d = order.disablerOf(t, i);
        const dNode = d === undefined ? undefined : r.stepNodeAt.get(d);
        if (d !== undefined && dNode && dependent(events[d], events[j])) this.reverse(dNode, order.initials(d, j));
      }
    }
    // The program ends when main returns, which cuts off every task still runnable: that
    // last step conflicts with the next step of each of them, so each must also be tried
    // in its place (its own races then show up in the schedules that follow).
    const last = events.length - 1;
    const lastNode = r.stepNodeAt.get(last);
    if (lastNode) for (const q of events[last].enabled) if (q !== events[last].task) this.reverse(lastNode, [q]);
  }

  /** Adds one of `initials` to the node's backtrack set unless one is there already. */
  private reverse(node: ChoiceNode, initials: readonly TaskId[]): void {
    if (initials.some((t) => node.backtrack.has(t))) return;
    const candidates = initials.filter((t) => node.options.includes(t) && !node.sleepIn.has(t));
    if (candidates.length === 0) return;
    const q = candidates[0];
    const bound = this.options.preemptionBound;
    if (bound !== undefined) {
      const prev = node.prevTask;
      const preempts = prev !== undefined && q !== prev && node.options.includes(prev);
      if (node.preemptionsBefore + (preempts ? 1 : 0) > bound) {
        this.boundHit = true;
        return;
      }
    }
    node.backtrack.add(q);
  }

  private nextPrefix(): boolean {
    for (let d = this.nodes.length - 1; d >= 0; d--) {
      const node = this.nodes[d];
      const pending = [...node.backtrack].filter((t) => !node.done.has(t) && !(node.kind === 'step' && node.sleepIn.has(t)));
      if (pending.length > 0) {
        node.chosen = pending[0];
        node.done.add(node.chosen);
        this.nodes.length = d + 1;
        return true;
      }
    }
    this.nodes.length = 0;
    return false;
  }
}

class DporRun implements ScheduleDriver {
  readonly recorder = new ExecutionRecorder();
  readonly stepNodeAt = new Map<number, ChoiceNode>();
  private depth = 0;
  private sleep = new Map<TaskId, StepEvent>();
  private preemptions = 0;
  blocked = false;
  divergence: string | null = null;
  private pendingNode: ChoiceNode | null = null;

  constructor(
    private readonly search: DporSearch,
    private readonly nodes: ChoiceNode[],
  ) {}

  get stopRequested(): boolean {
    return this.blocked;
  }

  choose(point: ChoicePoint): number {
    this.recorder.noteChoice(point);
    const depth = this.depth++;
    const events = this.recorder.events;
    const prevTask = events.length > 0 ? events[events.length - 1].task : undefined;
    if (depth < this.nodes.length) {
      const node = this.nodes[depth];
      const idx = node.kind === 'step' ? point.options.indexOf(node.chosen) : node.chosen;
      if (node.kind !== point.kind || idx < 0 || idx >= point.options.length || !sameOptions(node.options, point.options)) {
        this.divergence ??= `the program made a different choice on re-execution (choice ${depth}): exploration needs every run of a prefix to behave the same`;
        return 0;
      }
      if (node.kind === 'step') this.enterStepNode(node);
      return idx;
    }
    if (this.blocked) return preferred(point, prevTask);
    if (point.kind !== 'step') {
      const node = makeNode(point, 0, events.length, this.sleep, prevTask, this.preemptions);
      for (let k = 0; k < point.options.length; k++) node.backtrack.add(k);
      this.nodes.push(node);
      this.depth = this.nodes.length;
      return 0;
    }
    const awake = point.options.filter((t) => !this.sleep.has(t));
    if (awake.length === 0) {
      // Every enabled task is asleep: this schedule is equivalent to one already explored.
      this.blocked = true;
      return preferred(point, prevTask);
    }
    const chosen = this.continuation(awake, prevTask);
    const node = makeNode(point, chosen, events.length, this.sleep, prevTask, this.preemptions);
    node.backtrack.add(chosen);
    this.nodes.push(node);
    this.depth = this.nodes.length;
    this.enterStepNode(node);
    return point.options.indexOf(chosen);
  }

  /**
   * The task a new node runs first: the one that ran last (no preemption), unless it has
   * run FAIR_STRETCH steps in a row while another could run; then the next one after it.
   * A loop that only another task can end (one the spin detection cannot prove pure, with
   * a counter, say) then yields, as under a fair scheduler (Musuvathi & Qadeer, "Fair
   * stateless model checking", PLDI 2008), instead of running into the step budget. Which
   * task a new node tries first is free in DPOR: no schedule is lost either way.
   */
  private continuation(awake: readonly TaskId[], prevTask: TaskId | undefined): TaskId {
    if (prevTask === undefined || !awake.includes(prevTask)) return awake[0];
    const events = this.recorder.events;
    let run = 0;
    for (let k = events.length - 1; k >= 0 && events[k].task === prevTask && run < FAIR_STRETCH; k--) run++;
    if (run < FAIR_STRETCH || awake.length === 1) return prevTask;
    return awake.find((t) => t > prevTask) ?? awake.find((t) => t !== prevTask)!;
  }

  private enterStepNode(node: ChoiceNode): void {
    node.eventIndex = this.recorder.events.length;
    this.stepNodeAt.set(node.eventIndex, node);
    const sleep = new Map(node.sleepIn);
    for (const p of node.done) {
      const ev = node.explored.get(p);
      if (p !== node.chosen && ev) sleep.set(p, ev);
    }
    this.sleep = sleep;
    this.pendingNode = node;
  }

  onStep(step: StepInfo): void {
    const events = this.recorder.events;
    const prev = events.length > 0 ? events[events.length - 1] : undefined;
    const ev = this.recorder.noteStep(step);
    if (prev && ev.task !== prev.task && ev.enabled.includes(prev.task)) this.preemptions++;
    const node = this.pendingNode;
    if (node && node.eventIndex === events.length - 1) {
      node.explored.set(ev.task, ev);
      this.pendingNode = null;
    }
    for (const [p, pe] of this.sleep) if (p === ev.task || dependent(pe, ev)) this.sleep.delete(p);
    void this.search;
  }
}

function makeNode(point: ChoicePoint, chosen: number, eventIndex: number, sleep: ReadonlyMap<TaskId, StepEvent>,
  prevTask: TaskId | undefined, preemptionsBefore: number): ChoiceNode {
  return {
    kind: point.kind,
    // A 'step' point's options are a fresh array per point (engine/untimed.ts runSlice), so the
    // node keeps it; with 10,000 runnable tasks a copy per step doubled the search's memory.
    options: point.kind === 'step' ? point.options : point.options.slice(),
    chosen,
    backtrack: new Set(),
    done: new Set([chosen]),
    eventIndex,
    explored: new Map(),
    sleepIn: point.kind === 'step' ? new Map(sleep) : new Map(),
    prevTask,
    preemptionsBefore,
  };
}

function sameOptions(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Without a reason to switch, keep running the task that ran last (no preemption). */
export function preferred(point: ChoicePoint, prevTask: TaskId | undefined): number {
  if (point.kind === 'step' && prevTask !== undefined) {
    const i = point.options.indexOf(prevTask);
    if (i >= 0) return i;
  }
  return 0;
}
