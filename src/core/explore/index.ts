/**
 * Schedule exploration: the entry point the CLI (`check`, `explore`), the editor's
 * diagnostics and tests use. See README.md.
 */
import type { Program } from '../program';
import { simulate } from '../engine/simulate';
import { exploreWith, type ExploreOptions, type ExploreResult } from './explore';

export type { ExploreOptions, ExploreResult, ExploreStats, Simulate } from './explore';
export { DporSearch } from './dpor';
export { PctSearch, RandomSearch } from './randomized';
export { PortfolioSearch, PORTFOLIO_MEMBERS, type FoundBy } from './portfolio';
export { findingKey, type Simplicity } from './findingBook';
export { PREFIXES_PER_SHARD, shardSeed, type ShardPlan, type ShardSpec } from './shard';

/** Explores the program's schedules in the untimed model and reports every distinct finding. */
export function explore(program: Program, options: ExploreOptions = {}): ExploreResult {
  return exploreWith(program, options, options.simulate ?? simulate);
}

export { replayTimed, type TimedReplay } from './timedReplay';
export { measureSchedule } from './explore';
