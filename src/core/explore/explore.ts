import { LockOrderGraph } from '../analysis/lockOrder';
import { RaceDetector } from '../analysis/raceDetector';
import type { Finding } from '../findings';
import type { Program, TaskId } from '../program';
import type { RunOptions, RunResult, StepInfo } from '../run';
import { decodeSchedule } from '../engine/schedule';
import { jsonRecord } from '../valueText';
import { DporSearch } from './dpor';
import { ExhaustiveSearch } from './exhaustive';
import { StepCounter } from './execution';
import { FindingBook, findingKey, type Simplicity } from './findingBook';
import { PortfolioSearch } from './portfolio';
import { PctSearch, RandomSearch } from './randomized';
import { ShardedDporSearch, shardSeed, type ShardPlan, type ShardSpec } from './shard';
import type { SearchStrategy } from './strategy';

/**
 * Exploration over the untimed model: run the program once per schedule, each time from
 * the start, under a strategy's chooser; gather every finding (the engine's, the race
 * detector's, the lock-order graph's, the `no:` expectations) with the schedule string
 * that reproduces it; then minimise each counterexample.
 */

export type Simulate = (program: Program, options: RunOptions) => RunResult;

export interface ExploreOptions {
  /** `portfolio`: dpor interleaved with pct (depths 1-3) and random (portfolio.ts); complete when its dpor is. */
  readonly strategy?: 'dpor' | 'pct' | 'random' | 'portfolio';
  /** portfolio only: the members to run (default all); see PORTFOLIO_MEMBERS. */
  readonly members?: readonly string[];
  /**
   * Findings found elsewhere (check's worker threads, src/cli/checkThreadPool.ts): asked
   * after each schedule, and once more with `ended` when the search ends, before
   * minimisation. A key this search already has keeps its own entry (so a search that
   * completes reports the same findings whatever the others found); the others join the
   * book and are minimised with this search's.
   */
  readonly moreFindings?: (ended: boolean) => readonly { readonly finding: Finding; readonly preemptions: number; readonly steps: number }[];
  /**
   * Hears each finding the moment the search first meets it, with the schedule that showed it
   * (the editor marks it before the search ends); the result's findings may carry simpler
   * schedules after minimisation.
   */
  readonly onFinding?: (finding: Finding) => void;
  /** Called after each schedule (a progress display); `perStrategy` for a portfolio. */
  readonly onSchedule?: (progress: { schedules: number; findings: number; perStrategy?: Readonly<Record<string, number>> }) => void;
  /** Most schedules to run (default 1000). */
  readonly maxSchedules?: number;
  /**
   * Most steps in one schedule (default 100 000), plus two per task the schedule creates
   * (run.ts `Budget.events`); a loop that never ends stops there and is reported as a
   * possible livelock. A spin in a loop the front end proved pure waits instead (engine/spin.ts).
   */
  readonly maxStepsPerSchedule?: number;
  /** Wall-clock budget in ms for the whole exploration, minimisation included. */
  readonly timeLimitMs?: number;
  /** The search's own time in ms (check's portfolio: 10 s); minimisation may use the rest of `timeLimitMs`. */
  readonly searchTimeLimitMs?: number;
  readonly shouldCancel?: () => boolean;
  /**
   * dpor (and the portfolio's dpor): stateful search instead, where the state can be
   * observed (stateful.ts, exhaustive.ts): each visited state is explored once. Default
   * false: on the classic set (npm run bench) stateless dpor is faster today.
   */
  readonly stateful?: boolean;
  /** dpor only: skip schedules with more preemptions than this (then `complete` is false). */
  readonly preemptionBound?: number;
  /**
   * One shard of a search split across runners (shard.ts; `check --shard K/N`): dpor (alone
   * or the portfolio's) searches only this shard's subtrees, and pct and random draw from
   * seeds of this shard's own. Not with `stateful` or `preemptionBound`.
   */
  readonly shard?: ShardSpec;
  readonly seed?: number;
  /** pct: the bug depth d. */
  readonly pctDepth?: number;
  /** Re-search with preemption bounds 0, 1, ... for simpler counterexamples (default true). */
  readonly minimise?: boolean;
  /** Attach the happens-before race detector (default true). */
  readonly races?: boolean;
  readonly set?: Readonly<Record<string, unknown>>;
  /** The engine; the default is `simulate` from src/core/engine. */
  readonly simulate?: Simulate;
  /** Milliseconds clock for the time budget (injectable for tests). */
  readonly now?: () => number;
  /** Absolute time (by `now`) after which a running schedule is cut short; set by `explore` from `timeLimitMs`. */
  readonly deadline?: number;
}

export interface ExploreStats {
  readonly strategy: string;
  readonly schedules: number;
  /** DPOR runs cut short because they were equivalent to explored ones (sleep sets). */
  readonly redundant: number;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly minimiseSchedules: number;
  readonly stoppedBy: 'exhausted' | 'schedules' | 'time' | 'cancelled';
  /** Distinct final variable states seen (JSON), for schedules that finished. */
  readonly outcomes: readonly string[];
  /** Each distinct final state (as in `outcomes`) with the schedule of the first run that ended in it. */
  readonly finalStates: readonly { readonly state: string; readonly schedule: string }[];
  /** Run errors (a program that throws, a divergent re-execution). */
  readonly errors: readonly string[];
  /**
   * dpor and the portfolio: whether the complete search kept visited states (stateful.ts)
   * or ran stateless, how many distinct states it stored, and why it is stateless.
   */
  readonly search?: 'stateful' | 'stateless';
  readonly states?: number;
  readonly statelessBecause?: string;
  /** portfolio: schedules each member ran (redundant dpor runs included). */
  readonly perStrategy?: Readonly<Record<string, number>>;
  /** A shard's search: the prefixes and the ones it took (shard.ts). */
  readonly shard?: ShardPlan;
}

export interface ExploreResult {
  readonly schedules: number;
  readonly complete: boolean;
  readonly findings: readonly Finding[];
  /** How simple each finding's schedule is, by `findingKey` (a merge of shards keeps the simplest). */
  readonly costs: ReadonlyMap<string, Simplicity>;
  readonly stats: ExploreStats;
}

/** Thrown from the chooser to stop a redundant schedule (the engine turns it into `stopped: 'error'`). */
class StopSchedule extends Error {
  constructor() {
    super('schedule stopped by the explorer: equivalent to one already explored');
  }
}

interface RunOutcome {
  readonly result: RunResult;
  readonly findings: Finding[];
  readonly preemptions: number;
  readonly steps: number;
  readonly redundant: boolean;
}

/** Runs one schedule under `strategy`, with the analyses attached. */
export function runOneSchedule(program: Program, strategy: SearchStrategy, simulate: Simulate, options: ExploreOptions,
  lockGraph?: LockOrderGraph, book?: FindingBook): RunOutcome {
  const driver = strategy.startRun();
  const recorder = new StepCounter();
  const detector = options.races === false ? undefined : new RaceDetector(program);
  detector?.noteForkSite(0, program.mainAt);
  driver.attach?.(detector);
  lockGraph?.beginRun();
  const onStep = (step: StepInfo): void => {
    driver.onStep(step);
    recorder.noteStep(step);
    lockGraph?.onStep(step);
    const op = step.op;
    if (detector && op.op === 'spawn') for (const child of detector.childrenWithoutSite(step.task)) detector.noteForkSite(child, op.at);
    if (detector && op.op === 'make') {
      const d = op.decl;
      if ('sync' in d) detector.declare(d.sync.id, d.sync.name, d.sync.kind);
      else detector.declare(d.var.id, d.var.name, 'variable');
    }
  };
  const result = simulate(program, {
    mode: 'untimed',
    seed: options.seed,
    set: options.set,
    ...(driver.observesState ? { observeState: true } : {}),
    chooser: {
      choose(point) {
        recorder.noteChoice(point);
        const idx = driver.choose(point);
        if (driver.stopRequested) throw new StopSchedule();
        return idx;
      },
    },
    onStep,
    hb: detector,
    budget: { events: options.maxStepsPerSchedule ?? 100_000 },
    // Polled between slices of steps: a long run stops at the time budget or on cancellation.
    shouldCancel: options.shouldCancel || options.deadline !== undefined
      ? () => options.shouldCancel?.() === true || (options.deadline !== undefined && (options.now ?? Date.now)() > options.deadline)
      : undefined,
  });
  strategy.finishRun(driver);
  const foundBy = strategy instanceof PortfolioSearch ? strategy.lastRun : undefined;
  const redundant = driver.stopRequested;
  const label = (t: TaskId): string => result.tasks[t]?.id ?? `T${t + 1}`;
  lockGraph?.endRun(result.schedule, label);
  const { preemptions, steps } = recorder;
  const findings: Finding[] = [...result.findings];
  // Building race messages costs more than finding the races: skip the ones already
  // known from a schedule at least as simple.
  if (detector) findings.push(...detector.findings(label, result.schedule, book && ((key) => book.hasAsSimple(key, { preemptions, steps }))));
  if (foundBy) for (let i = 0; i < findings.length; i++) findings[i] = { ...findings[i], foundBy };
  return { result, findings, preemptions, steps, redundant };
}

export function makeStrategy(options: ExploreOptions, preemptionBound = options.preemptionBound): SearchStrategy {
  const seed = shardSeed(options.seed ?? 1, options.shard);
  switch (options.strategy ?? 'dpor') {
    case 'pct':
      return new PctSearch(seed, options.pctDepth ?? 3);
    case 'random':
      return new RandomSearch(seed);
    case 'portfolio':
      return new PortfolioSearch({ seed: options.seed, members: options.members, stateful: options.stateful, shard: options.shard });
    default:
      if (options.shard) return new ShardedDporSearch(options.shard);
      return preemptionBound === undefined ? new ExhaustiveSearch(options.stateful === true) : new DporSearch({ preemptionBound });
  }
}

export function exploreWith(program: Program, options: ExploreOptions, simulate: Simulate): ExploreResult {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const deadline = options.timeLimitMs !== undefined ? started + options.timeLimitMs : Infinity;
  const searchDeadline = options.searchTimeLimitMs !== undefined ? Math.min(deadline, started + options.searchTimeLimitMs) : deadline;
  const searchOptions = searchDeadline !== Infinity ? { ...options, deadline: searchDeadline } : options;
  if (deadline !== Infinity) options = { ...options, deadline };
  const maxSchedules = options.maxSchedules ?? 1000;
  const strategy = makeStrategy(options);
  const book = new FindingBook();
  const lockGraph = new LockOrderGraph();
  const outcomes = new Map<string, string>();
  const errors = new Set<string>();
  let schedules = 0;
  let redundant = 0;
  let steps = 0;
  let stoppedBy: ExploreStats['stoppedBy'] = 'exhausted';
  let truncated = false;
  const note = (finding: Finding, s: Simplicity): void => {
    if (book.add(finding, s)) options.onFinding?.(finding);
  };
  const record = (o: RunOutcome): void => {
    for (const f of o.findings) note(f, o);
    if (o.result.stopped === 'finished') {
      const state = JSON.stringify(jsonRecord(o.result.finals));
      if (!outcomes.has(state)) outcomes.set(state, o.result.schedule);
    }
    // A fault the program itself causes (Go's panics and fatal errors) comes with its
    // finding; an error no finding explains is the exploration's problem to report.
    if (o.result.stopped === 'error' && !o.redundant && o.result.error && o.result.findings.length === 0) {
      errors.add(o.result.error);
      // Stopped by an error nothing in the program explains (a slice that ran past its
      // time, say): what would have followed was not explored.
      truncated = true;
    }
    // A schedule cut off by the step budget, or cancelled mid-way, was not explored to its end.
    if (o.result.stopped === 'budget' || o.result.stopped === 'cancelled') truncated = true;
  };

  while (!strategy.exhausted) {
    if (options.shouldCancel?.()) { stoppedBy = 'cancelled'; break; }
    if (schedules >= maxSchedules) { stoppedBy = 'schedules'; break; }
    if (now() > searchDeadline) { stoppedBy = 'time'; break; }
    const o = runOneSchedule(program, strategy, simulate, searchOptions, lockGraph, book);
    steps += o.steps;
    if (o.redundant) redundant++;
    else schedules++;
    record(o);
    for (const e of options.moreFindings?.(false) ?? []) if (!book.get(findingKey(e.finding))) note(e.finding, e);
    options.onSchedule?.({ schedules, findings: book.size, ...(strategy instanceof PortfolioSearch ? { perStrategy: strategy.counts() } : {}) });
  }
  const dpor = strategy instanceof PortfolioSearch ? strategy.dpor
    : strategy instanceof DporSearch || strategy instanceof ExhaustiveSearch || strategy instanceof ShardedDporSearch ? strategy : undefined;
  const exhaustive = dpor instanceof ExhaustiveSearch ? dpor : undefined;
  if (dpor?.divergence) errors.add(dpor.divergence);
  if (dpor?.tooLarge) {
    errors.add('an execution was too large for dpor\'s race analysis (steps × tasks); its alternatives were not explored: try --strategy pct');
  }
  for (const f of lockGraph.findings(nameOf(program))) note(f, { preemptions: 0, steps: 0 });
  for (const e of options.moreFindings?.(true) ?? []) if (!book.get(findingKey(e.finding))) note(e.finding, e);

  let minimiseSchedules = 0;
  if (options.minimise !== false) {
    minimiseSchedules = minimise(program, options, simulate, book, () => now() > deadline || options.shouldCancel?.() === true);
  }
  const findings = book.all().map((e) => e.finding);
  const costs = new Map(book.all().map((e) => [findingKey(e.finding), { preemptions: e.preemptions, steps: e.steps }]));
  findings.push(...expectationFindings(program, findings));
  const complete = stoppedBy === 'exhausted' && strategy.complete && !truncated;
  return {
    schedules,
    complete,
    findings,
    costs,
    stats: {
      strategy: strategy.name, schedules, redundant, steps, elapsedMs: now() - started, minimiseSchedules,
      stoppedBy, outcomes: [...outcomes.keys()].sort(),
      finalStates: [...outcomes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([state, schedule]) => ({ state, schedule })),
      errors: [...errors],
      ...(strategy instanceof PortfolioSearch ? { perStrategy: strategy.counts() } : {}),
      ...(dpor instanceof ShardedDporSearch ? { shard: dpor.report } : {}),
      ...(exhaustive ? { search: exhaustive.mode, states: exhaustive.states, ...(exhaustive.fallback ? { statelessBecause: exhaustive.fallback } : {}) } : {}),
    },
  };
}

/**
 * Counterexample minimisation: bounded DPOR searches with preemption bound 0, 1, ...
 * (the default continuation never preempts) find, for each finding, a schedule with the
 * fewest preemptions, and among those the fewest steps. Each schedule string comes from
 * the run that showed the finding, so it replays exactly.
 */
function minimise(program: Program, options: ExploreOptions, simulate: Simulate, book: FindingBook, stop: () => boolean): number {
  const targets = () => book.keys().filter((k) => {
    const e = book.get(k)!;
    return e.finding.kind !== 'lock-order' && e.finding.kind !== 'expectation' && e.preemptions > 0;
  });
  const worst = Math.max(0, ...targets().map((k) => book.get(k)!.preemptions));
  const perBound = Math.max(20, Math.min(200, Math.floor((options.maxSchedules ?? 1000) / 4)));
  let runs = 0;
  for (let bound = 0; bound < worst; bound++) {
    const open = targets().filter((k) => book.get(k)!.preemptions > bound);
    if (open.length === 0) break;
    const search = new DporSearch({ preemptionBound: bound });
    for (let n = 0; n < perBound && !search.exhausted && !stop(); n++) {
      const o = runOneSchedule(program, search, simulate, { ...options, strategy: 'dpor' });
      runs++;
      for (const f of o.findings) {
        const key = findingKey(f);
        if (open.includes(key)) book.add(f, o);
      }
      if (open.every((k) => book.get(k)!.preemptions <= bound)) break;
    }
  }
  return runs;
}

/** `no: data-race | deadlock | leak` entries of `expect` fail when any explored schedule had one. */
function expectationFindings(program: Program, findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const e of program.expects) {
    if (e.kind !== 'no') continue;
    const hits = findings.filter((f) => f.kind === e.finding);
    if (hits.length === 0) continue;
    const first = hits[0];
    out.push({
      kind: 'expectation',
      severity: 'error',
      message: `Expectation \`no: ${e.finding}\` failed: ${hits.length} ${e.finding} finding${hits.length === 1 ? '' : 's'} on the explored schedules, e.g. ${first.message}`,
      at: e.at,
      related: hits.map((f) => ({ at: f.at, message: f.message })),
      ...(first.schedule ? { schedule: first.schedule } : {}),
    });
  }
  return out;
}

function nameOf(program: Program): (id: string) => string {
  const names = new Map<string, string>();
  for (const o of program.objects) names.set(o.id, o.name);
  return (id) => names.get(id) ?? id;
}

/** Replays a schedule string in the untimed model and measures it (preemptions, steps). */
export function measureSchedule(program: Program, schedule: string, simulate: Simulate): RunOutcome {
  const recorder = new StepCounter();
  const detector = new RaceDetector(program);
  const { seed, choices } = decodeSchedule(schedule);
  let next = 0;
  const result = simulate(program, {
    mode: 'untimed',
    seed,
    chooser: {
      choose: (point) => {
        recorder.noteChoice(point);
        const idx = choices[next++] ?? 0;
        return idx < (point.tasks?.size ?? point.options.length) ? idx : 0;
      },
    },
    onStep: (s) => recorder.noteStep(s),
    hb: detector,
  });
  const label = (t: TaskId): string => result.tasks[t]?.id ?? `T${t + 1}`;
  return {
    result,
    findings: [...result.findings, ...detector.findings(label, result.schedule)],
    preemptions: recorder.preemptions,
    steps: recorder.steps,
    redundant: false,
  };
}
