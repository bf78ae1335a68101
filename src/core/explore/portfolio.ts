import { ExhaustiveSearch } from './exhaustive';
import { PctSearch, RandomSearch } from './randomized';
import { ShardedDporSearch, shardSeed, type ShardSpec } from './shard';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * `portfolio`: DPOR for completeness, interleaved schedule by schedule with PCT at depths
 * 1 to 3 and a random walk for depth. A depth-first search spends a small budget reordering
 * the first tasks it meets (SCTBench's "reorder": a checker that must run between two writes
 * of one of many setters); PCT finds a bug of depth d with probability ≥ 1/(n·k^(d−1)) per
 * schedule whatever the search order (Burckhardt et al., ASPLOS 2010), and SCTBench found
 * PCT at depth 3 the strongest single strategy (Thomson, Donaldson & Betts, TOPC 2016).
 *
 * Half the schedules go to DPOR, so the complete answer comes at most twice as late as
 * from DPOR alone. When DPOR is exhausted the portfolio is too, and it is complete exactly
 * when DPOR is (the randomized schedules add findings, never coverage claims).
 */

/** One member of the portfolio and the schedules it has run so far. */
export interface PortfolioMember {
  /** `dpor`, `pct-1`, `pct-2`, `pct-3` or `random`. */
  readonly name: string;
  readonly search: SearchStrategy;
  schedules: number;
}

/** Which member ran a schedule, and how many schedules that member had run then (this one included). */
export interface FoundBy {
  readonly strategy: string;
  readonly schedules: number;
}

/** The turn order: DPOR every other schedule, then each randomized member in turn. */
const TURNS = ['dpor', 'pct-1', 'dpor', 'pct-2', 'dpor', 'pct-3', 'dpor', 'random'] as const;

export interface PortfolioOptions {
  readonly seed?: number;
  /** Members to run (default all of `dpor`, `pct-1..3`, `random`); a worker thread takes a share. */
  readonly members?: readonly string[];
  /** The dpor member searches statefully where it can (exhaustive.ts; default false). */
  readonly stateful?: boolean;
  /** One shard of a split search (shard.ts): dpor searches this shard's subtrees, pct and random draw from this shard's seeds. */
  readonly shard?: ShardSpec;
}

export const PORTFOLIO_MEMBERS: readonly string[] = ['dpor', 'pct-1', 'pct-2', 'pct-3', 'random'];

export class PortfolioSearch implements SearchStrategy {
  readonly name = 'portfolio';
  readonly dpor: ExhaustiveSearch | ShardedDporSearch | undefined;
  readonly members: readonly PortfolioMember[];
  private readonly turns: readonly PortfolioMember[];
  private turn = 0;
  private readonly running = new Map<ScheduleDriver, PortfolioMember>();
  /** The member that ran the latest schedule, with its count after that schedule. */
  lastRun: FoundBy | undefined;

  constructor(options: PortfolioOptions = {}) {
    const seed = shardSeed(options.seed ?? 1, options.shard);
    const wanted = new Set(options.members ?? PORTFOLIO_MEMBERS);
    for (const m of wanted) if (!PORTFOLIO_MEMBERS.includes(m)) throw new Error(`unknown portfolio member "${m}"`);
    const members: PortfolioMember[] = [];
    let dpor: ExhaustiveSearch | ShardedDporSearch | undefined;
    for (const name of PORTFOLIO_MEMBERS) {
      if (!wanted.has(name)) continue;
      let search: SearchStrategy;
      if (name === 'dpor') search = dpor = options.shard ? new ShardedDporSearch(options.shard) : new ExhaustiveSearch(options.stateful === true);
      else if (name === 'random') search = new RandomSearch(seed);
      else search = new PctSearch(seed, Number(name.slice(4)));
      members.push({ name, search, schedules: 0 });
    }
    this.dpor = dpor;
    this.members = members;
    const byName = new Map(members.map((m) => [m.name, m]));
    const turns = TURNS.map((n) => byName.get(n)).filter((m): m is PortfolioMember => m !== undefined);
    this.turns = turns.length > 0 ? turns : members;
  }

  /** Without DPOR (a worker running only randomized members) the portfolio never ends by itself. */
  get exhausted(): boolean {
    return (this.dpor !== undefined && this.dpor.exhausted && this.dpor.complete) || this.members.every((m) => m.search.exhausted);
  }

  get complete(): boolean {
    return this.dpor !== undefined && this.dpor.complete;
  }

  startRun(): ScheduleDriver {
    const member = this.nextMember();
    const driver = member.search.startRun();
    this.running.set(driver, member);
    return driver;
  }

  finishRun(run: ScheduleDriver): void {
    const member = this.running.get(run);
    if (!member) return;
    this.running.delete(run);
    member.search.finishRun(run);
    member.schedules++;
    this.lastRun = { strategy: member.name, schedules: member.schedules };
  }

  /** Schedules each member has run. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.members.map((m) => [m.name, m.schedules]));
  }

  private nextMember(): PortfolioMember {
    // A DPOR that ended incomplete (a run too large for its race analysis, a divergence)
    // leaves its turns to the others.
    for (let k = 0; k < this.turns.length; k++) {
      const m = this.turns[this.turn++ % this.turns.length];
      if (!m.search.exhausted) return m;
    }
    throw new Error('portfolio: every member is exhausted');
  }
}
