/** What every `interleave` subcommand provides; main.ts lists them in commands/index.ts. */
import type { OptionSpec, ParsedArgs } from '../args';
import type { CliIo } from '../io';

export interface Command {
  readonly name: string;
  /** One line for `interleave --help`. */
  readonly summary: string;
  /** `interleave run FILE [--seed N] ...` */
  readonly usage: string;
  /** Paragraphs after the usage line in `interleave CMD --help`. */
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  /** Returns the exit status (io.ts). Throws `UsageError` for bad arguments. */
  run(args: ParsedArgs, io: CliIo): number;
}
