import type { RaceDetector } from '../analysis/raceDetector';
import type { ChoicePoint, StepInfo } from '../run';

/** Drives one schedule: the engine's chooser and step callback for one run. */
export interface ScheduleDriver {
  choose(point: ChoicePoint): number;
  onStep(step: StepInfo): void;
  /** The strategy wants the run stopped (a redundant DPOR schedule). */
  readonly stopRequested: boolean;
  /** The run must keep what `ChoicePoint.state` needs (stateful search). */
  readonly observesState?: boolean;
  /** Hands the driver the run's race detector (stateful search keys states with its state too). */
  attach?(detector: RaceDetector | undefined): void;
}

/** An exploration strategy: hands out one driver per schedule. */
export interface SearchStrategy {
  readonly name: string;
  startRun(): ScheduleDriver;
  finishRun(run: ScheduleDriver): void;
  /** No more schedules to try. */
  readonly exhausted: boolean;
  /** Every schedule that could differ was covered. */
  readonly complete: boolean;
}
