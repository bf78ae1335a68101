/**
 * `interleave check FILE... [--schedules N] [--exhaustive] [--stateful] [--threads N] [--progress] [--format text|json|sarif]`:
 * explores each file's schedules with the portfolio (dpor interleaved with pct and random,
 * core/explore/portfolio.ts) for 10 s, on one worker thread per core (checkThreadPool.ts),
 * or with dpor alone until complete (`--exhaustive`), and reports every distinct finding (cli.md).
 * The JSON is the contract of cli.md; SARIF is 2.1.0 for code-scanning tools. What it
 * prints is in checkReport.ts.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { HELP_OPTION, one, UsageError, type ParsedArgs } from '../args';
import { budgetOptions, formatSeconds, readBudgets } from '../budgets';
import { STDERR_TTY_ENV } from '../guard/guardian';
import type { CliIo } from '../io';
import type { Program } from '../../core/program';
import { simulate } from '../../core/index';
import { ENTRY_SKIPPED } from '../../service/files';
import { checkSchedules, findingKey, PORTFOLIO_MEMBERS, type CompiledProgram, type ExploreResult, type ShardSpec } from '../../service/index';
import { Watch } from '../guard/watch';
import type { OutputFormat } from '../guard/protocol';
import { checkThreadScript, LazyThreadPool } from '../checkThreadPool';
import { MAIN_MEMBERS_WITH_THREADS, THREADS_ENV } from '../checkThreadProtocol';
import { printCheck, type BudgetStop, type FileReport, type TestReport } from './checkReport';
import { RUN_OPTION, runPattern } from './shared';
import type { Command } from './command';

export { errorToJson, findingToJson, formatFindingText, printCheck, toSarif, type FileReport } from './checkReport';

export function positiveInt(args: ParsedArgs, name: string, fallback: number): number {
  const text = one(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} needs a whole number ≥ 1, got "${text}"`);
  return n;
}

/** The portfolio's time per file when `--time` is not given (issue 21: a deep bug in seconds, not a shallow search forever). */
export const DEFAULT_PORTFOLIO_S = 10;

export const checkCommand: Command = {
  name: 'check',
  summary: 'explores schedules (dpor + pct + random) and reports every distinct finding, each with a replayable schedule',
  usage: 'interleave check FILE... [--schedules N] [--exhaustive] [--stateful] [--threads N] [--shard K/N] [--progress] [--format text|json|sarif]',
  details: 'Explores each file\'s schedules in the untimed model with a portfolio: source-DPOR, which can\n'
    + 'cover every schedule, interleaved with PCT (depths 1 to 3) and a random walk, which reach deep\n'
    + 'bugs sooner. It reports data races, deadlocks, leaks, lock-order cycles, misuse and failed\n'
    + 'expectations, each with the strategy that found it. `complete` says DPOR finished: every schedule\n'
    + 'that can differ was covered; then the others stop too. Otherwise the search runs for\n'
    + `${DEFAULT_PORTFOLIO_S} s per file (--time sets it). It runs on one worker thread per core: the first keeps\n`
    + 'DPOR, the others run PCT and the random walk with their own seeds. Replay a finding\'s\n'
    + 'schedule with `interleave replay`.\n'
    + 'Each file has its own budgets; a search a budget cuts short reports what it covered (complete: false).\n'
    + 'With --shard K/N this runner searches part K of N (its own dpor subtrees, its own pct and random\n'
    + 'seeds); `interleave merge` joins the N parts (--format json) into one answer.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input, or a file that did not answer within its budgets.',
  options: [
    { name: '--schedules', value: true, placeholder: 'N', help: 'most schedules per file (default: no cap, the time budget ends the search)' },
    { name: '--exhaustive', value: false, help: 'dpor alone, no schedule cap: run until every schedule that can differ is covered (--time still applies, default 30 s)' },
    { name: '--stateful', value: false, help: 'dpor explores each visited state once (sleep sets with visited states; stateless dpor where the state cannot be observed); the report says which ran' },
    { name: '--threads', value: true, placeholder: 'N', help: `worker threads of the search (default: one per core, ${THREADS_ENV} sets it; 1 with --schedules or --exhaustive); 1 runs the whole portfolio in one thread` },
    { name: '--shard', value: true, placeholder: 'K/N', help: 'search part K of N (1 ≤ K ≤ N): each of N runners takes its own dpor subtrees and pct/random seeds; join the parts (--format json) with `interleave merge`' },
    { name: '--progress', value: false, help: 'schedules per strategy, findings and elapsed time on standard error, once a second (the default when it is a terminal)' },
    { name: '--format', value: true, placeholder: 'text|json|sarif|test2json', help: 'output format (default text); json is cli.md\'s `check --format json`, sarif is SARIF 2.1.0, test2json the lines of `go test -json` (Go tests)' },
    RUN_OPTION,
    ...budgetOptions('schedule'),
    HELP_OPTION,
  ],
  run(args, io) {
    const schedules = positiveInt(args, '--schedules', Number.MAX_SAFE_INTEGER);
    const format = one(args, '--format') ?? 'text';
    if (!['text', 'json', 'sarif', 'test2json'].includes(format)) throw new UsageError(`--format must be text, json, sarif or test2json, got "${format}"`);
    const run = runPattern(args);
    if (args.positionals.length === 0) throw new UsageError('check needs at least one FILE (a .scenario.yaml or .sim.ts)');
    const watch = Watch.of(io, readBudgets(args, 'schedule'));
    watch.command({ command: 'check', format: format as OutputFormat, files: args.positionals });
    const exhaustive = args.flags.has('--exhaustive');
    const shard = shardOption(one(args, '--shard'));
    if (shard && args.flags.has('--stateful')) throw new UsageError('--stateful does not combine with --shard: a shard searches its dpor subtrees statelessly');
    const search: CheckSearch = {
      strategy: exhaustive ? 'dpor' : 'portfolio',
      // Without --time the portfolio stops at its own 10 s; the wall clock (30 s, loading included) stays the hard limit.
      softTimeMs: exhaustive || one(args, '--time') !== undefined ? undefined : DEFAULT_PORTFOLIO_S * 1000,
      progress: args.flags.has('--progress') || process.env[STDERR_TTY_ENV] === '1',
      threads: exhaustive ? 1 : threadCount(args),
      ...(run ? { run } : {}),
      ...(args.flags.has('--stateful') ? { stateful: true } : {}),
      ...(shard ? { shard } : {}),
    };
    // Under the supervisor, after a file it had to stop, a fresh worker goes on from the next.
    const reports = args.positionals.slice(io.progress?.resumeAt ?? 0).map((file) => {
      const report = checkFile(file, io, exhaustive ? Number.MAX_SAFE_INTEGER : schedules, watch, search);
      watch.fileDone(report);
      return report;
    });
    watch.idle();
    return printCheck(reports, format, io);
  },
};

/** `--shard K/N`: this runner's part K (1-based) of N. */
export function shardOption(text: string | undefined): ShardSpec | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard needs K/N, this runner's part K of N parts with 1 ≤ K ≤ N (e.g. --shard 2/4), got "${text}"`);
  }
  return { index, count };
}

/**
 * The search's threads: `--threads`; else 1 under a schedule budget (a fixed number of
 * schedules asks for the same answer each time); else INTERLEAVE_THREADS; else one per core.
 */
function threadCount(args: ParsedArgs): number {
  if (one(args, '--threads') !== undefined) return positiveInt(args, '--threads', 1);
  if (one(args, '--schedules') !== undefined) return 1;
  const env = process.env[THREADS_ENV];
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!/^\d+$/.test(env) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${THREADS_ENV} needs a whole number ≥ 1, got "${env}"`);
    return n;
  }
  return Math.max(1, availableParallelism());
}

export interface CheckSearch {
  readonly strategy: 'dpor' | 'portfolio';
  /** Worker threads of a portfolio search, the command's own included (default 1: the whole portfolio here). */
  readonly threads?: number;
  /** The search's own time limit, below the wall clock; reaching it is a note, not a stop. */
  readonly softTimeMs?: number;
  /** Progress lines on standard error. */
  readonly progress?: boolean;
  /** `-run`: which Go tests of a package to explore (all without it). */
  readonly run?: RegExp;
  /** dpor (alone or the portfolio's) searches statefully where the state can be observed (core/explore/stateful.ts). */
  readonly stateful?: boolean;
  /** `--shard K/N`: this runner's part of the search (core/explore/shard.ts). */
  readonly shard?: ShardSpec;
}

export function checkFile(file: string, io: CliIo, maxSchedules: number, watch: Watch,
  search: CheckSearch = { strategy: 'dpor' }): FileReport {
  watch.startFile(file);
  // A shard names what it searched by a hash of every file the front end read, so merge can refuse parts of different contents.
  const reads: [string, string][] = [];
  const reading: CliIo = search.shard ? { ...io, readFile: (f) => { const text = io.readFile(f); reads.push([f, text]); return text; } } : io;
  const loaded = watch.load(file, reading);
  const part = search.shard ? { shard: { ...search.shard, program: programHash(reads, search) } } : {};
  if (!loaded.program || loaded.errors.length > 0) {
    return { file, schedules: 0, complete: false, errors: loaded.errors, runErrors: [], findings: [], ...part };
  }
  if (loaded.entries) return { ...checkTests(file, loaded, io, maxSchedules, watch, search), ...part };
  const threads = threadsFor(file, loaded, watch, search);
  try {
    const r = searchFile(file, loaded.program, io, maxSchedules, watch, search, threads);
    return r.shard ? { ...r, shard: { ...r.shard, ...part.shard! } } : r;
  } finally {
    threads?.pool?.stop(0);
  }
}

/** sha256 of what the front end read (each path with its text) and of what selects the program (-run). */
function programHash(reads: readonly [string, string][], search: CheckSearch): string {
  const hash = createHash('sha256');
  for (const [path, text] of reads) hash.update(`${path}\0${text.length}\0${text}\0`);
  hash.update(`run\0${search.run?.source ?? ''}`);
  return hash.digest('hex');
}

/** What a shard adds to its file's report: its plan, the final states, and how simple each finding's schedule is (merge keeps the simplest). */
function shardPart(r: ExploreResult): Pick<FileReport, 'shard' | 'outcomes' | 'costs'> {
  const plan = r.stats.shard;
  if (!plan) return {};
  const costs: Record<string, { preemptions: number; steps: number }> = {};
  for (const f of r.findings) {
    const c = r.costs.get(findingKey(f));
    if (c) costs[findingKey(f)] = { preemptions: c.preemptions, steps: c.steps };
  }
  return {
    shard: { index: plan.index, count: plan.count, program: '', depth: plan.depth, prefixes: plan.prefixes, taken: plan.taken.map((i) => i + 1) },
    outcomes: r.stats.outcomes,
    costs,
  };
}

/**
 * A Go package's tests (issue 25): each test its own search, with its own budgets (as each
 * file has), reported per test and summed into the file's report (so json, sarif and the exit
 * status read it as any file's).
 */
function checkTests(file: string, loaded: CompiledProgram, io: CliIo, maxSchedules: number, watch: Watch, search: CheckSearch): FileReport {
  const started = Date.now();
  const tests: TestReport[] = [];
  const selected = loaded.entries!.filter((e) => !search.run || search.run.test(e.name));
  selected.forEach((entry, i) => {
    if (i > 0) watch.startFile(file);
    const testStarted = Date.now();
    const one = { ...loaded, program: entry.program, portable: entry.portable };
    const threads = threadsFor(file, one, watch, search);
    try {
      const program = watch.tracker.track(entry.program);
      const r = searchFile(file, program, io, maxSchedules, watch, search, threads);
      // The default schedule once, as `go test` would run it here: its log (t.Log, fmt) and whether it skipped.
      const once = simulate(program, { mode: 'timed', budget: { events: watch.budgets.events }, shouldCancel: watch.overTime });
      tests.push({ name: entry.name, line: entry.at.line, schedules: r.schedules, complete: r.complete, findings: r.findings, runErrors: r.runErrors,
        ...(r.stop ? { stop: r.stop } : {}), elapsedMs: Date.now() - testStarted, otherSchedules: (r.threads ?? []).reduce((n, x) => n + x.schedules, 0), skipped: once.returned === ENTRY_SKIPPED && r.findings.length === 0,
        output: once.log.map((l) => l.text) });
    } finally {
      threads?.pool?.stop(0);
    }
  });
  const stop = tests.find((t) => t.stop)?.stop;
  return {
    file,
    schedules: tests.reduce((n, t) => n + t.schedules, 0),
    complete: tests.every((t) => t.complete),
    errors: [],
    runErrors: tests.flatMap((t) => t.runErrors.map((m) => `${t.name}: ${m}`)),
    findings: tests.flatMap((t) => t.findings),
    ...(stop ? { stop } : {}),
    tests,
    elapsedMs: Date.now() - started,
  };
}

/**
 * The file's extra threads, started once its search has run a moment without finishing.
 * They rebuild the program from what this thread compiled (a `.sim.ts` file's emitted module) rather than compile it again.
 */
function threadsFor(file: string, loaded: CompiledProgram, watch: Watch, search: CheckSearch): LazyThreadPool | undefined {
  const script = checkThreadScript();
  // In-process (tests of main()) there is no thread bundle: the whole portfolio runs here.
  // A front end that cannot hand its program to another thread searches on this one alone.
  if (search.strategy !== 'portfolio' || (search.threads ?? 1) <= 1 || !script) return undefined;
  if (loaded.frontEnd === undefined || loaded.portable === undefined) return undefined;
  return new LazyThreadPool({
    file, program: { frontEnd: loaded.frontEnd, portable: loaded.portable }, count: search.threads! - 1, script, memoryMb: watch.budgets.memoryMb,
    events: watch.budgets.events, deadline: Date.now() + watch.remainingMs(), ...(search.shard ? { shard: search.shard } : {}),
  });
}

function searchFile(file: string, program: Program, io: CliIo, maxSchedules: number, watch: Watch, search: CheckSearch,
  threads: LazyThreadPool | undefined): FileReport {
  const budgets = watch.exploreOptions();
  const soft = search.softTimeMs !== undefined && search.softTimeMs < (budgets.timeLimitMs ?? Infinity);
  const started = Date.now();
  let lastProgress = started;
  const onSchedule = search.progress
    ? (p: { schedules: number; findings: number; perStrategy?: Readonly<Record<string, number>> }): void => {
      const now = Date.now();
      if (now - lastProgress < 1000) return;
      lastProgress = now;
      let { schedules, perStrategy } = p;
      // With threads: every thread's schedules, by member.
      let where = '';
      const pool = threads?.pool;
      if (pool) {
        const t = pool.progress();
        schedules += t.schedules;
        const merged: Record<string, number> = {};
        for (const k of PORTFOLIO_MEMBERS) merged[k] = (perStrategy?.[k] ?? 0) + (t.perStrategy[k] ?? 0);
        perStrategy = merged;
        where = ` on ${search.threads} threads`;
      }
      const per = perStrategy ? ` (${Object.entries(perStrategy).map(([k, n]) => `${k} ${n}`).join(', ')})` : '';
      io.err(`${file}: ${formatSeconds(now - started)}, ${schedules} schedules${per}${where}, ${p.findings} finding${p.findings === 1 ? '' : 's'} so far\n`);
    }
    : undefined;
  const r = checkSchedules(program, {
    exhaustive: search.strategy === 'dpor', maxSchedules, ...budgets, ...(search.stateful ? { stateful: true } : {}), ...(search.shard ? { shard: search.shard } : {}), ...(soft ? { searchTimeLimitMs: search.softTimeMs } : {}), ...(onSchedule ? { onSchedule } : {}),
    // With threads: dpor here (4 schedules of 5, pct-3 on the fifth), the randomized members on the others.
    ...(threads ? { members: MAIN_MEMBERS_WITH_THREADS, moreFindings: threads.moreFindings } : {}),
  });
  const threadReports = threads?.pool?.reports() ?? [];
  const threadsJson = threadReports.length > 0 ? { threads: threadReports } : {};
  const st = r.stats;
  // Asked for stateful search: say which search ran (as explore does).
  const searchJson = search.stateful && st.search
    ? { search: { mode: st.search, states: st.states ?? 0, ...(st.statelessBecause ? { statelessBecause: st.statelessBecause } : {}) } } : {};
  const threadErrors = threads?.pool?.runErrors(r.stats.errors) ?? [];
  let outcome = watch.exploreOutcome(r, maxSchedules, true);
  let softStop = false;
  if (soft && outcome.stop?.budget === 'time' && !watch.overTime()) {
    softStop = true;
    outcome = { ...outcome, stop: { budget: 'time', message: `the check's search time of ${formatSeconds(search.softTimeMs!)} was reached; --time SECONDS sets it, --exhaustive runs dpor until complete` } };
  }
  // A slice that never reached its next step leaves the file unanswered, even when the
  // portfolio's own search time ran out afterwards.
  const slice = outcome.stop && !softStop ? undefined : sliceStop(r.stats.errors);
  if (slice) {
    return {
      file, ...outcome, complete: false, stop: slice.stop, errors: [], runErrors: [...r.stats.errors.filter((m) => m !== slice.message), ...threadErrors],
      findings: r.findings, ...threadsJson, ...searchJson, ...shardPart(r),
    };
  }
  return { file, ...outcome, errors: [], runErrors: [...r.stats.errors, ...threadErrors], findings: r.findings, ...threadsJson, ...searchJson, ...shardPart(r) };
}

/**
 * The sandbox's own time limits (one slice of JavaScript that never reached its next step,
 * or a run's JavaScript past its total) stop a schedule with an error that names the line:
 * the program was not checked there, so the file is unanswered (exit 2), like a watchdog stop.
 */
const SANDBOX_LIMIT = /^(.*):(\d+):(\d+): (?:\w+: )?((?:ran for more than .* without taking a simulated step|this run spent more than .* between simulated steps).*)$/;

function sliceStop(errors: readonly string[]): { message: string; stop: BudgetStop } | undefined {
  for (const message of errors) {
    const m = SANDBOX_LIMIT.exec(message);
    if (m) return { message, stop: { budget: 'slice', message: m[4], at: { file: m[1], line: Number(m[2]), column: Number(m[3]) }, hard: true } };
  }
  return undefined;
}
