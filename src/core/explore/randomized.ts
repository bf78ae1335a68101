import type { TaskId } from '../program';
import type { ChoicePoint, StepInfo } from '../run';
import { Prng } from '../engine/prng';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * `random`: a seeded uniform choice at every choice point (every step with more than one
 * enabled task: untimed.ts runSlice); schedule n uses seed + 7919·n. A uniform walk makes a
 * short task finish early: with two tasks enabled, the chance that one waits k steps before
 * its first step is 2^-k. A bug that needs a short task held back while another runs a long
 * prefix (the thief of test/bench/sct/workStealing.sim.ts: ~1,800 schedules, dpor 8) is
 * rare here; PCT's priorities keep a task back at no such cost (`npm run bench -- sct`).
 */
export class RandomSearch implements SearchStrategy {
  readonly name = 'random';
  readonly exhausted = false;
  readonly complete = false;
  private runs = 0;

  constructor(private readonly seed: number) {}

  startRun(): ScheduleDriver {
    const rng = new Prng(this.seed + 7919 * this.runs++);
    return {
      stopRequested: false,
      choose: (point: ChoicePoint) => rng.below(point.tasks?.size ?? point.options.length),
      onStep: () => undefined,
    };
  }

  finishRun(): void {}
}

/**
 * `pct`: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
 * ASPLOS 2010). Each task gets a random priority ≥ d when first seen; the highest-priority
 * enabled task runs; at d−1 random change points among the k steps the running task drops
 * to priority 1..d−1. A bug of depth d is found with probability ≥ 1/(n·k^(d−1)) per run.
 * k is learned: the longest run seen so far.
 */
export class PctSearch implements SearchStrategy {
  readonly name = 'pct';
  readonly exhausted = false;
  readonly complete = false;
  private runs = 0;
  private stepsEstimate = 64;

  constructor(
    private readonly seed: number,
    private readonly depth = 3,
  ) {}

  startRun(): ScheduleDriver {
    return new PctRun(new Prng(this.seed + 104729 * this.runs++), this.depth, this.stepsEstimate);
  }

  finishRun(run: ScheduleDriver): void {
    this.stepsEstimate = Math.max(this.stepsEstimate, (run as PctRun).steps);
  }
}

class PctRun implements ScheduleDriver {
  readonly stopRequested = false;
  steps = 0;
  private readonly priority = new Map<TaskId, number>();
  /** Step number → the low priority the running task drops to there. */
  private readonly changeAt = new Map<number, number>();
  private lastTask: TaskId | undefined;

  constructor(
    private readonly rng: Prng,
    private readonly depth: number,
    k: number,
  ) {
    for (let i = 1; i < depth && this.changeAt.size < k; ) {
      const at = 1 + rng.below(k);
      if (this.changeAt.has(at)) continue;
      this.changeAt.set(at, depth - i);
      i++;
    }
  }

  private priorityOf(t: TaskId): number {
    let p = this.priority.get(t);
    if (p === undefined) {
      p = this.depth + this.rng.next() * 1000;
      this.priority.set(t, p);
    }
    return p;
  }

  choose(point: ChoicePoint): number {
    if (point.kind !== 'step') return this.rng.below(point.options.length);
    const tasks = point.tasks;
    const n = tasks ? tasks.size : point.options.length;
    const at = (i: number): number => (tasks ? tasks.at(i) : point.options[i]);
    let best = 0;
    for (let i = 1; i < n; i++) if (this.priorityOf(at(i)) > this.priorityOf(at(best))) best = i;
    for (let i = 0; i < n; i++) this.priorityOf(at(i));
    return best;
  }

  onStep(step: StepInfo): void {
    this.steps++;
    this.priorityOf(step.task);
    const low = this.changeAt.get(this.steps);
    if (low !== undefined) this.priority.set(step.task, low);
    this.lastTask = step.task;
    void this.lastTask;
  }
}
