/**
 * The budgets every command runs under, the same ones the editor has (package.json
 * `interleave.budget.*`): a wall clock per file, an event budget per run, a memory
 * ceiling, and for `check`/`explore` a schedule budget. Flags override the defaults;
 * a run that reaches one stops and says which, with the flag that raises it.
 */
import { one, UsageError, type OptionSpec, type ParsedArgs } from './args';

export interface Budgets {
  /** Wall clock of one file's work, loading included, in ms (`--time SECONDS`). */
  readonly timeMs: number;
  /** Most engine events of one timed run (`run`, `export`, `replay`), or steps of one explored schedule (`check`, `explore`). */
  readonly events: number;
  /** V8 heap ceiling of the command's worker, in MiB; applies to `node dist/cli.js`, not to an in-process `main()`. */
  readonly memoryMb: number;
}

/**
 * Per file, loading included. The editor's `interleave.budget.wallClockMs` is 10 s, which
 * suits a check while typing; a batch run on a loaded CI machine needs more: at a load of
 * 8-9 on 2 cores, compiling a `.sim.ts` file took 3-5 s and checking
 * examples/gomaxprocs/hundred-goroutines.scenario.yaml 9.6 s, so 10 s would have turned
 * load into a different answer. A hang is still stopped: at this budget (plus a grace),
 * or after 5 s in one slice of code (guard/supervisor.ts).
 */
export const DEFAULT_TIME_S = 30;
/** The editor's `interleave.budget.events`. */
export const DEFAULT_RUN_EVENTS = 2_000_000;
/** The explorer's own default steps per schedule (the editor's cap too): a spin loop stops there and still reports. */
export const DEFAULT_SCHEDULE_STEPS = 100_000;
/** The editor's `interleave.budget.memoryMb`. */
export const DEFAULT_MEMORY_MB = 2048;
export const MIN_MEMORY_MB = 64;
/** A year: larger is a typo, and timers cannot hold it. */
const MAX_TIME_S = 365 * 24 * 3600;

/** What `--events` counts for a command. */
export type EventsKind = 'run' | 'schedule';

export const TIME_OPTION: OptionSpec = {
  name: '--time', value: true, placeholder: 'SECONDS', help: `wall-clock budget of each file, loading included (default ${DEFAULT_TIME_S})`,
};
export const MEMORY_OPTION: OptionSpec = {
  name: '--memory-mb', value: true, placeholder: 'MIB', help: `memory ceiling of the command (V8 heap, default ${DEFAULT_MEMORY_MB})`,
};
export function eventsOption(kind: EventsKind): OptionSpec {
  return kind === 'run'
    ? { name: '--events', value: true, placeholder: 'N', help: `most engine events of each run (default ${formatCount(DEFAULT_RUN_EVENTS)})` }
    : { name: '--events', value: true, placeholder: 'N', help: `most steps of each schedule (default ${formatCount(DEFAULT_SCHEDULE_STEPS)})` };
}
/** The budget options of a command, in the order `--help` lists them. */
export function budgetOptions(kind: EventsKind): OptionSpec[] {
  return [TIME_OPTION, eventsOption(kind), MEMORY_OPTION];
}

function wholeNumber(args: ParsedArgs, name: string, min: number, fallback: number): number {
  const text = one(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} needs a whole number ≥ ${formatCount(min)}, got "${text}"`);
  }
  return n;
}

export function readBudgets(args: ParsedArgs, kind: EventsKind): Budgets {
  const timeText = one(args, '--time');
  let timeMs = DEFAULT_TIME_S * 1000;
  if (timeText !== undefined) {
    const s = Number(timeText);
    if (!/^\d+(\.\d+)?$/.test(timeText) || !(s > 0) || s > MAX_TIME_S) {
      throw new UsageError(`--time needs a number of seconds > 0 (such as 10 or 2.5), got "${timeText}"`);
    }
    timeMs = Math.max(1, Math.round(s * 1000));
  }
  return {
    timeMs,
    events: wholeNumber(args, '--events', 1, kind === 'run' ? DEFAULT_RUN_EVENTS : DEFAULT_SCHEDULE_STEPS),
    memoryMb: wholeNumber(args, '--memory-mb', MIN_MEMORY_MB, DEFAULT_MEMORY_MB),
  };
}

/**
 * `--memory-mb` as the supervising thread reads it, before the command has parsed its
 * arguments: the default when absent or malformed (the command then reports the error).
 */
export function memoryMbFromArgv(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    const text = a === '--memory-mb' ? argv[i + 1] : a.startsWith('--memory-mb=') ? a.slice('--memory-mb='.length) : undefined;
    if (text === undefined) continue;
    const n = Number(text);
    return /^\d+$/.test(text) && Number.isSafeInteger(n) && n >= MIN_MEMORY_MB ? n : DEFAULT_MEMORY_MB;
  }
  return DEFAULT_MEMORY_MB;
}

/** 10000 → "10 s", 2500 → "2.5 s". */
export function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}

export function formatCount(n: number): string {
  // Whole numbers grouped by hand: the first toLocaleString loads ICU's formatter (~15 ms of
  // every command's start, for the option help built at load).
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');
}
