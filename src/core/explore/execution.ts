import type { TaskId } from '../program';
import type { ChoicePoint, StepInfo } from '../run';

/**
 * One executed step as exploration sees it: who ran, what it touched, and which tasks
 * could have run instead (the enabled set before it).
 */
export interface StepEvent extends StepInfo {
  /** Tasks that could take this step's place (the chooser's options, or just `task`). */
  readonly enabled: readonly TaskId[];
  /** Main returned in this step: the program ends, which cuts off every other task. */
  readonly endsProgram: boolean;
}

/** Two steps conflict when they touch one id and not both only read it. */
export function dependent(a: Pick<StepEvent, 'touched' | 'readOnly' | 'endsProgram'>,
  b: Pick<StepEvent, 'touched' | 'readOnly' | 'endsProgram'>): boolean {
  if (a.endsProgram || b.endsProgram) return true;
  if (a.readOnly && b.readOnly) return false;
  for (const x of a.touched) if (b.touched.includes(x)) return true;
  return false;
}

/**
 * Records the steps of one untimed run from the engine's two callbacks: the chooser's
 * 'step' points (the engine asks only when more than one task is enabled) and `onStep`.
 */
export class ExecutionRecorder {
  readonly events: StepEvent[] = [];
  private pendingEnabled: readonly TaskId[] | null = null;

  /** Call from the chooser at each 'step' point. */
  noteChoice(point: ChoicePoint): void {
    if (point.kind === 'step') this.pendingEnabled = point.options;
  }

  /** Call from `onStep`. */
  noteStep(step: StepInfo): StepEvent {
    const enabled = this.pendingEnabled && this.pendingEnabled.includes(step.task) ? this.pendingEnabled : [step.task];
    this.pendingEnabled = null;
    const ev: StepEvent = {
      task: step.task,
      op: step.op,
      touched: step.touched.slice(),
      readOnly: step.readOnly,
      woke: step.woke.slice(),
      enabled,
      endsProgram: step.task === 0 && step.touched.includes('task:0'),
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
    if (events[i].task !== prev && events[i].enabled.includes(prev)) n++;
  }
  return n;
}
