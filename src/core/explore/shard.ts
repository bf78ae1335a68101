import type { ChoicePoint } from '../run';
import { DporSearch } from './dpor';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * One shard of a search split across runners (`check --shard K/N`): every runner
 * enumerates the same schedule prefixes, gives prefix i to shard i mod N, and runs dpor
 * in the subtree below each of its own prefixes only.
 *
 * The prefixes: every choice at each of the first `depth` choice points, by brute force (no
 * reduction above that depth), growing the depth until there are at least 4·N of them or
 * every prefix is a whole run. Each is found by a probe run that follows a prefix and stops
 * at the next choice point, recording what it offers; the order (breadth first, options in
 * the engine's order) is the same on every runner, so every runner computes the same list.
 *
 * Why the union over the shards covers every schedule (every Mazurkiewicz trace): each
 * maximal run E is p.w with p its first `depth` choices (or E itself when shorter), and p is
 * some shard's prefix. dpor below p is dpor on the program started in the state after p:
 * a race between two steps of w is the same race there (happens-before between them runs
 * through the steps between them, all in w), and is reversed inside the subtree; a
 * backtrack point dpor would add above the depth (a race with a step of p, the step that
 * disabled a task in p, main's return against a task enabled in p) is dropped, because every
 * alternative choice there is tried by brute force and so heads another prefix's subtree.
 * The subtree starts with an empty sleep set, which only ever makes dpor explore more.
 */

/** Which shard this is: `index` of `count`, 1-based, as `--shard K/N` says. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** What a shard searched: the prefixes' depth, how many there are, and the ones it took. */
export interface ShardPlan extends ShardSpec {
  /** Choice points fixed by brute force above the dpor subtrees. */
  readonly depth: number;
  /** Prefixes in all, over every shard. */
  readonly prefixes: number;
  /** This shard's prefixes, by 0-based place in the list (i mod count = index − 1). */
  readonly taken: readonly number[];
  /** Each taken prefix as its choices (a task id at a 'step' point, an option index elsewhere). */
  readonly choices: readonly (readonly number[])[];
  /** This shard's subtrees dpor has finished so far. */
  readonly finished: number;
}

/** Prefixes to aim for per shard: enough that an uneven subtree does not leave one runner with most of the work. */
export const PREFIXES_PER_SHARD = 4;
/** The brute-force part stops here even when it has fewer prefixes than it aims for. */
const MAX_DEPTH = 24;

/** Seeds of shard K's randomized members: far from shard 1's and from check's threads' (1 + 1,000,003·t). */
export function shardSeed(seed: number, shard: ShardSpec | undefined): number {
  return shard === undefined ? seed : seed + 7_777_777 * (shard.index - 1);
}

interface Prefix {
  readonly choices: readonly number[];
  /** The run ended before another choice: a whole schedule. */
  readonly whole: boolean;
}

/** Follows a prefix and stops at the next choice point, recording what it offers. */
class ProbeRun implements ScheduleDriver {
  private depth = 0;
  stopRequested = false;
  /** The options at choice `prefix.length` (task ids at a 'step' point), once reached. */
  offered: number[] | undefined;
  divergence: string | null = null;

  constructor(readonly prefix: readonly number[]) {}

  choose(point: ChoicePoint): number {
    const d = this.depth++;
    const tasks = point.kind === 'step' ? point.tasks : undefined;
    const size = tasks ? tasks.size : point.options.length;
    if (d < this.prefix.length) {
      const want = this.prefix[d];
      const idx = tasks ? tasks.indexOf(want) : point.kind === 'step' ? point.options.indexOf(want) : want < size ? want : -1;
      if (idx >= 0) return idx;
      this.divergence ??= `the program made a different choice on re-execution (choice ${d} of a shard prefix): exploration needs every run of a prefix to behave the same`;
      this.stopRequested = true;
      return 0;
    }
    const offered: number[] = [];
    for (let i = 0; i < size; i++) offered.push(tasks ? tasks.at(i) : point.kind === 'step' ? point.options[i] : i);
    this.offered = offered;
    this.stopRequested = true;
    return 0;
  }

  onStep(): void {}
}

export class ShardedDporSearch implements SearchStrategy {
  readonly name = 'dpor';
  /** The prefixes of the depth probed so far, and the next depth's as the probes report. */
  private level: Prefix[] = [{ choices: [], whole: false }];
  private nextLevel: Prefix[] = [];
  private probeAt = 0;
  private depth = 0;
  private prefixes: Prefix[] | undefined;
  private own: number[] = [];
  private current: DporSearch | undefined;
  private ownAt = 0;
  private finishedSubtrees = 0;
  private allComplete = true;
  divergence: string | null = null;
  tooLarge = false;
  /** Probe runs (each stopped at its next choice point). */
  probes = 0;

  constructor(readonly shard: ShardSpec) {
    if (shard.count <= 1) this.plan([{ choices: [], whole: false }]);
  }

  get exhausted(): boolean {
    return this.prefixes !== undefined && this.ownAt >= this.own.length;
  }

  get complete(): boolean {
    return this.exhausted && this.allComplete && this.divergence === null && !this.tooLarge;
  }

  /** What this shard took, for its report. */
  get report(): ShardPlan {
    const all = this.prefixes ?? [];
    return {
      ...this.shard, depth: this.depth, prefixes: all.length, taken: this.own, choices: this.own.map((i) => all[i].choices), finished: this.finishedSubtrees,
    };
  }

  startRun(): ScheduleDriver {
    // afterProbe leaves probeAt at a prefix that is not a whole run, or plans.
    if (!this.prefixes) return new ProbeRun(this.level[this.probeAt].choices);
    this.current ??= new DporSearch({ root: this.prefixes[this.own[this.ownAt]].choices });
    return this.current.startRun();
  }

  finishRun(run: ScheduleDriver): void {
    if (run instanceof ProbeRun) {
      this.probes++;
      this.divergence ??= run.divergence;
      const offered = run.offered;
      if (offered) for (const o of offered) this.nextLevel.push({ choices: [...run.prefix, o], whole: false });
      else this.nextLevel.push({ choices: run.prefix, whole: true });
      this.probeAt++;
      this.afterProbe();
      return;
    }
    const dpor = this.current!;
    dpor.finishRun(run);
    if (!dpor.exhausted) return;
    this.divergence ??= dpor.divergence;
    if (dpor.tooLarge) this.tooLarge = true;
    if (!dpor.complete) this.allComplete = false;
    this.finishedSubtrees++;
    this.current = undefined;
    this.ownAt++;
  }

  /** After a probe: the rest of the level's whole runs carry over; a finished level either is the list or is probed one deeper. */
  private afterProbe(): void {
    while (this.probeAt < this.level.length && this.level[this.probeAt].whole) this.nextLevel.push(this.level[this.probeAt++]);
    if (this.probeAt < this.level.length) return;
    const next = this.nextLevel;
    this.depth++;
    this.level = next;
    this.nextLevel = [];
    this.probeAt = 0;
    const enough = next.length >= PREFIXES_PER_SHARD * this.shard.count;
    if (enough || next.every((p) => p.whole) || this.depth >= MAX_DEPTH || this.divergence !== null) this.plan(next);
  }

  private plan(prefixes: Prefix[]): void {
    this.prefixes = prefixes;
    const n = this.shard.count;
    this.own = prefixes.map((_, i) => i).filter((i) => i % n === this.shard.index - 1);
  }
}
