/** Steps `run` and `export` share: load one file, report its input errors, run it. */
import { formatInputError } from '../../core/findings';
import { SETTABLE_PATHS } from '../../core/index';
import type { Program } from '../../core/program';
import { seedOption, setOptions, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { loadProgram } from '../loadProgram';
import { runFile, type FileRun, type RunRequest } from '../runs';

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
export function runWithOptions(program: Program, args: ParsedArgs, extra: Pick<RunRequest, 'trace' | 'noSweep' | 'explore'> = {}): FileRun {
  const seed = seedOption(args);
  const set = setOptions(args, SETTABLE_PATHS);
  try {
    return runFile(program, { ...(seed !== undefined ? { seed } : {}), set, ...extra });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export { stoppedEarly } from '../runs';
