/**
 * Schedule exploration: the entry point the CLI (`check`, `explore`), the editor's
 * diagnostics and tests use. See README.md.
 */
import type { Finding } from '../findings';
import type { Program } from '../program';
import { simulate } from '../engine/simulate';
import { exploreWith, type ExploreOptions, type ExploreResult } from './explore';

export type { ExploreOptions, ExploreResult, ExploreStats, Simulate } from './explore';
export { DporSearch } from './dpor';
export { PctSearch, RandomSearch } from './randomized';
export { PortfolioSearch, PORTFOLIO_MEMBERS, type FoundBy } from './portfolio';
export { findingKey } from './findingBook';

/** Explores the program's schedules in the untimed model and reports every distinct finding. */
export function explore(program: Program, options: ExploreOptions = {}): ExploreResult {
  return exploreWith(program, options, options.simulate ?? simulate);
}

/** `check`: dpor with a schedule budget; `exhaustive` lifts the budget so the search can complete. */
export function checkProgram(program: Program, options: { schedules?: number; exhaustive?: boolean; timeLimitMs?: number;
  shouldCancel?: () => boolean } = {}): { schedules: number; complete: boolean; findings: readonly Finding[]; errors: readonly string[] } {
  const r = explore(program, {
    strategy: 'dpor',
    maxSchedules: options.exhaustive ? Number.MAX_SAFE_INTEGER : (options.schedules ?? 1000),
    timeLimitMs: options.timeLimitMs,
    shouldCancel: options.shouldCancel,
  });
  return { schedules: r.schedules, complete: r.complete, findings: r.findings, errors: r.stats.errors };
}

export { replayTimed, type TimedReplay } from './timedReplay';
export { measureSchedule } from './explore';
