/** `interleave run FILE [--seed N] [--set PATH=VALUE]... [--json]` (cli.md). */
import { HELP_OPTION, SEED_OPTION, SET_OPTION } from '../args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { runJson } from '../report/json';
import { runText } from '../report/text';
import { findingCount } from '../runs';
import type { Command } from './command';
import { loadOrReport, oneFile, runWithOptions, stoppedEarly } from './shared';

export const runCommand: Command = {
  name: 'run',
  summary: 'one simulation on the default (or seeded) schedule; a `sweep` in the file runs once per value',
  usage: 'interleave run FILE [--seed N] [--set PATH=VALUE]... [--json]',
  details: 'Prints the makespan, a table of tasks, the metrics, final values, the log and the findings.\n'
    + 'With --json, prints the `run --json` document of cli.md instead.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input or usage.',
  options: [SEED_OPTION, SET_OPTION, { name: '--json', value: false, help: 'print the result as JSON (cli.md `run --json`)' }, HELP_OPTION],
  run(args, io) {
    const file = oneFile(args, 'run');
    const program = loadOrReport(file, io);
    if (!program) return EXIT_USAGE;
    const run = runWithOptions(program, args);
    if (args.flags.has('--json')) io.out(JSON.stringify(runJson(file, run), null, 2) + '\n');
    else io.out(runText(file, run));
    const early = stoppedEarly(run);
    if (early) {
      io.err(`${file}: ${early}\n`);
      return EXIT_USAGE;
    }
    return findingCount(run) > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
