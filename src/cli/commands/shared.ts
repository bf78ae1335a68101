/** Steps `run` and `export` share: load one file, report its input errors, run it. */
import { formatInputError } from '../../core/findings';
import { SETTABLE_PATHS } from '../../core/index';
import type { Program } from '../../core/program';
import { seedOption, setOptions, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { loadProgram } from '../loadProgram';
import { runFile, type FileRun } from '../runs';

export function oneFile(args: ParsedArgs, command: string): string {
  if (args.positionals.length === 0) throw new UsageError(`${command} needs a FILE`);
  if (args.positionals.length > 1) {
    throw new UsageError(`${command} takes one FILE, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
  }
  return args.positionals[0];
}

/** The program, or undefined after printing each input error as `file:line:col: error: ...`. */
export function loadOrReport(file: string, io: CliIo): Program | undefined {
  const loaded = loadProgram(file, io);
  if (loaded.program && loaded.errors.length === 0) return loaded.program;
  for (const e of loaded.errors) io.err(formatInputError(e) + '\n');
  const n = loaded.errors.length;
  io.err(`${file}: ${n} error${n === 1 ? '' : 's'}; nothing was run\n`);
  return undefined;
}

/** Runs a loaded program with `--seed` and `--set`; invalid settings become usage errors. */
export function runWithOptions(program: Program, args: ParsedArgs, extra: { trace?: boolean; noSweep?: boolean } = {}): FileRun {
  const seed = seedOption(args);
  const set = setOptions(args, SETTABLE_PATHS);
  try {
    return runFile(program, { ...(seed !== undefined ? { seed } : {}), set, ...extra });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * A run that hit its budget, or stopped on an error that no finding explains, did not
 * answer the question (exit 2). A program fault such as Go's `fatal error: sync: unlock
 * of unlocked mutex` stops the run too, but comes with its finding (exit 1).
 */
export function stoppedEarly(run: FileRun): string | undefined {
  for (const r of [run.result, ...run.sweep.map((p) => p.result)]) {
    if (r.stopped === 'error' && r.findings.length === 0) return `the simulation stopped with an error: ${r.error ?? 'unknown'}`;
    if (r.stopped === 'budget') return `the simulation hit its budget (${r.events} events) before the program ended${r.error ? `: ${r.error}` : ''}`;
  }
  return undefined;
}
