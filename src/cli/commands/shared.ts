/** Steps `run`, `export`, `explore` and `replay` share: load one file, report its input errors, run it. */
import { formatInputError, type InputError } from '../../core/findings';
import { SETTABLE_PATHS } from '../../core/index';
import type { Program } from '../../core/program';
import { one, seedOption, setOptions, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import type { Watch } from '../guard/watch';
import { runProgram, stoppedEarly, type CompiledProgram, type FileRun, type RunRequest } from '../../service/index';
import { formatStopText } from './checkReport';

export function oneFile(args: ParsedArgs, command: string): string {
  if (args.positionals.length === 0) throw new UsageError(`${command} needs a FILE`);
  if (args.positionals.length > 1) {
    throw new UsageError(`${command} takes one FILE, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  }
  return args.positionals[0];
}

/** Prints each input error as `file:line:col: error: ...`, then how many. */
export function reportLoadErrors(file: string, errors: readonly InputError[], io: CliIo): void {
  for (const e of errors) io.err(formatInputError(e) + '\n');
  const n = errors.length;
  io.err(`${file}: ${n} error${n === 1 ? '' : 's'}; nothing was run\n`);
}

/**
 * Starts the file's wall clock and loads it: the program (wrapped to record its
 * position), or undefined after printing each input error.
 */
export function loadOrReport(file: string, io: CliIo, watch: Watch, args?: ParsedArgs): Program | undefined {
  watch.startFile(file);
  const loaded = watch.load(file, io);
  if (loaded.program && loaded.errors.length === 0) {
    const run = args ? one(args, '--run') : undefined;
    return run === undefined ? loaded.program : watch.tracker.track(oneEntry(file, loaded, run).program);
  }
  reportLoadErrors(file, loaded.errors.length > 0 ? loaded.errors : [], io);
  return undefined;
}

/** One entry point of a file: a Go test. */
export type Entry = NonNullable<CompiledProgram['entries']>[number];

/** `-run REGEXP` (as `go test -run`): which of a file's entry points (Go tests) to take. */
export const RUN_OPTION: OptionSpec = {
  name: '--run', alias: '-run', value: true, placeholder: 'REGEXP', help: 'Go tests: only the tests whose name matches, as `go test -run` (a `/` in it matches the top level by its first part)',
};

/** The pattern of `-run`, as a RegExp (go test: regexp syntax, unanchored). */
export function runPattern(args: ParsedArgs): RegExp | undefined {
  const text = one(args, '--run');
  if (text === undefined) return undefined;
  try {
    return new RegExp(text.split('/')[0]);
  } catch (e) {
    throw new UsageError(`-run ${text}: ${(e as Error).message}`);
  }
}

/** The one entry point `-run` selects (replay, run and explore take one program). */
export function oneEntry(file: string, loaded: CompiledProgram, run: string): Entry {
  const pattern = runPattern({ positionals: [], options: new Map([['--run', [run]]]), flags: new Set() })!;
  const entries = loaded.entries ?? [];
  if (entries.length === 0) throw new UsageError(`${file} has no tests for -run to select`);
  const hits = entries.filter((e) => pattern.test(e.name));
  if (hits.length === 1) return hits[0];
  const names = entries.map((e) => e.name).join(', ');
  throw new UsageError(hits.length === 0 ? `no test of ${file} matches -run ${run}; its tests are ${names}`
    : `-run ${run} matches ${hits.length} tests of ${file} (${hits.map((e) => e.name).join(', ')}); this command takes one: -run '^${hits[0].name}$'`);
}

/**
 * Runs a loaded program with `--seed` and `--set` under the watch's budgets (event budget
 * per run, the file's wall clock); invalid settings become usage errors.
 */
export function runWithOptions(program: Program, args: ParsedArgs, watch: Watch,
  extra: Pick<RunRequest, 'trace' | 'noSweep' | 'explore'> = {}): FileRun {
  const seed = seedOption(args);
  const set = setOptions(args, SETTABLE_PATHS);
  try {
    return runProgram(program, {
      ...(seed !== undefined ? { seed } : {}), set, ...extra,
      // The exploration (export --check) stops at the file's wall clock through shouldCancel.
      budgetEvents: watch.budgets.events, shouldCancel: watch.overTime, onRun: watch.noteRun,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Why the run (or a sweep point) did not answer: a budget, named with its flag and the
 * line the program was on, or an error no finding explains (runs.ts `stoppedEarly`).
 * Undefined when it answered.
 */
export function stoppedMessage(file: string, run: FileRun, watch: Watch): string | undefined {
  if (watch.runStopped) return formatStopText(file, { ...watch.runStopped, hard: true });
  const early = stoppedEarly(run);
  return early ? `${file}: ${early}` : undefined;
}
