import type { TaskId } from '../program';
import type { ChoicePoint, EnabledHistory, StepInfo } from '../run';

/** Which tasks could have taken one step instead of the one that did. */
export interface EnabledSnapshot {
  has(task: TaskId): boolean;
}

/**
 * One executed step as exploration sees it: who ran, what it touched, and which tasks
 * could have run instead (the enabled set before it).
 */
export interface StepEvent extends Omit<StepInfo, 'enabled'> {
  /** Position in the execution. */
  readonly index: number;
  /** Tasks that could take this step's place (the chooser's options, or just `task`). */
  readonly enabled: EnabledSnapshot;
  /** Main returned in this step: the program ends, which cuts off every other task. */
  readonly endsProgram: boolean;
  /** The task ended in this step (its return, after its last op). */
  readonly finishes: boolean;
}

/**
 * Two steps conflict when they touch one id and not both only read it, and they are not
 * both commuting updates (run.ts `StepInfo.commutes`). Main's return conflicts with
 * everything: it ends the other tasks.
 */
export function dependent(a: Pick<StepEvent, 'touched' | 'readOnly' | 'endsProgram' | 'commutes'>,
  b: Pick<StepEvent, 'touched' | 'readOnly' | 'endsProgram' | 'commutes'>): boolean {
  if (a.endsProgram || b.endsProgram) return true;
  if (a.readOnly && b.readOnly) return false;
  if (a.commutes && b.commutes) return false;
  for (const x of a.touched) if (b.touched.includes(x)) return true;
  return false;
}

/**
 * The enabled sets of a run whose engine gives none (a test's executor): one array per
 * step, from the chooser's options, or just the task that stepped when there was no choice.
 */
class ArrayHistory implements EnabledHistory {
  private readonly sets: (readonly TaskId[])[] = [];
  private first: Map<TaskId, number> | null = null;

  push(set: readonly TaskId[]): void {
    this.sets.push(set);
    this.first = null;
  }

  has(step: number, task: TaskId): boolean {
    return this.sets[step]?.includes(task) ?? false;
  }

  tasksAt(step: number): TaskId[] {
    return [...(this.sets[step] ?? [])];
  }

  firstEnabled(task: TaskId): number {
    if (!this.first) {
      this.first = new Map();
      this.sets.forEach((set, step) => {
        for (const t of set) if (!this.first!.has(t)) this.first!.set(t, step);
      });
    }
    return this.first.get(task) ?? -1;
  }

  everEnabled(): TaskId[] {
    return [...new Set(this.sets.flat())];
  }

  disabledAfter(task: TaskId, step: number): number {
    for (let d = Math.min(step, this.sets.length) - 1; d >= 0; d--) {
      if (this.has(d, task) && !this.has(d + 1, task)) return d;
    }
    return -1;
  }
}

class Snapshot implements EnabledSnapshot {
  constructor(private readonly history: EnabledHistory, private readonly step: number) {}

  has(task: TaskId): boolean {
    return this.history.has(this.step, task);
  }
}

/**
 * Records the steps of one untimed run from the engine's two callbacks: the chooser's
 * 'step' points (the engine asks only when more than one task is enabled) and `onStep`.
 * The enabled sets come from the engine's history when it gives one (step by step, without
 * copies), else from the options of the choice points.
 */
export class ExecutionRecorder {
  readonly events: StepEvent[] = [];
  private pendingEnabled: readonly TaskId[] | null = null;
  private arrays: ArrayHistory | null = null;
  /** The run's enabled sets (set at its first step). */
  history: EnabledHistory | null = null;

  /** Call from the chooser at each 'step' point. */
  noteChoice(point: ChoicePoint): void {
    if (point.kind === 'step' && !point.tasks) this.pendingEnabled = point.options;
  }

  /** Call from `onStep`. */
  noteStep(step: StepInfo): StepEvent {
    const index = this.events.length;
    let history = step.enabled;
    if (!history) {
      const arrays = (this.arrays ??= new ArrayHistory());
      arrays.push(this.pendingEnabled && this.pendingEnabled.includes(step.task) ? this.pendingEnabled : [step.task]);
      history = arrays;
    }
    this.pendingEnabled = null;
    this.history = history;
    const finishes = step.touched.includes('task:' + step.task) && !step.readOnly && step.op.op === 'yield';
    // The engines hand over fresh arrays for every step (untimed.ts `step`), kept as they are.
    const ev: StepEvent = {
      task: step.task,
      op: step.op,
      touched: step.touched,
      readOnly: step.readOnly,
      woke: step.woke,
      ...(step.commutes ? { commutes: true } : {}),
      index,
      enabled: new Snapshot(history, index),
      endsProgram: step.task === 0 && step.touched.includes('task:0'),
      finishes,
    };
    this.events.push(ev);
    return ev;
  }

  /** Steps where a task other than the one that could have continued was chosen. */
  preemptions(): number {
    return countPreemptions(this.events);
  }
}

export function countPreemptions(events: readonly StepEvent[]): number {
  let n = 0;
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1].task;
    if (events[i].task !== prev && events[i].enabled.has(prev)) n++;
  }
  return n;
}

/** Steps and preemptions of a run, counted as it goes (without keeping its steps). */
export class StepCounter {
  steps = 0;
  preemptions = 0;
  private prev = -1;
  private options: readonly TaskId[] | null = null;

  noteChoice(point: ChoicePoint): void {
    if (point.kind === 'step' && !point.tasks) this.options = point.options;
  }

  noteStep(step: StepInfo): void {
    const prev = this.prev;
    if (prev >= 0 && step.task !== prev) {
      const couldContinue = step.enabled ? step.enabled.has(this.steps, prev) : (this.options?.includes(prev) ?? false);
      if (couldContinue) this.preemptions++;
    }
    this.options = null;
    this.prev = step.task;
    this.steps++;
  }
}
