/**
 * Searching a program's schedules, for every shell: the check (`interleave check`, its extra
 * worker threads and the race lens run the same portfolio with the same defaults), an
 * exploration with a chosen strategy (`interleave explore`, a report's "what the run did not
 * show"), and the replay of one schedule (`interleave replay`, the lens's "Show the
 * interleaving"). The shells call these; none assembles its own search.
 */
import { explore, replayTimed, type ExploreOptions, type ExploreResult, type Simulate, type TimedReplay } from '../core/explore';
import type { Program } from '../core/program';

export {
  findingKey, measureSchedule, PORTFOLIO_MEMBERS, shardSeed, type ExploreOptions, type ExploreResult, type ShardPlan, type ShardSpec, type Simplicity, type Simulate, type TimedReplay,
} from '../core/explore';

/** Steps of one explored schedule unless a budget says less: a spin loop stops there and still reports. */
export const MAX_STEPS_PER_SCHEDULE = 100_000;

export interface CheckOptions extends Omit<ExploreOptions, 'strategy'> {
  /** dpor alone, no schedule cap: run until every schedule that can differ is covered (`--exhaustive`). */
  readonly exhaustive?: boolean;
}

/**
 * The check: the portfolio (dpor interleaved with pct at depths 1 to 3 and a random walk;
 * complete exactly when its dpor finishes), or dpor alone when exhaustive.
 */
export function checkSchedules(program: Program, options: CheckOptions = {}): ExploreResult {
  const { exhaustive, ...rest } = options;
  return explore(program, {
    maxStepsPerSchedule: MAX_STEPS_PER_SCHEDULE,
    ...rest,
    strategy: exhaustive ? 'dpor' : 'portfolio',
    ...(exhaustive ? { maxSchedules: Number.MAX_SAFE_INTEGER } : {}),
  });
}

/** Explores with one strategy (dpor by default) and reports every distinct finding and final state. */
export function exploreSchedules(program: Program, options: ExploreOptions): ExploreResult {
  return explore(program, options);
}

/**
 * Replays one untimed schedule exactly, then shows the same interleaving in the timed model,
 * saying when the modelled timing does not reach it (core/explore/timedReplay.ts).
 */
export function replaySchedule(program: Program, schedule: string, simulate: Simulate): TimedReplay {
  return replayTimed(program, schedule, simulate);
}
