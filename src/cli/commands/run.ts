/** `interleave run FILE [--seed N] [--set PATH=VALUE]... [--json]` (cli.md). */
import { HELP_OPTION, SEED_OPTION, SET_OPTION } from '../args';
import { budgetOptions, readBudgets } from '../budgets';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { Watch } from '../guard/watch';
import { findingCount, runJson, runText } from '../../service/index';
import { budgetJson } from './checkReport';
import type { Command } from './command';
import { loadOrReport, oneFile, RUN_OPTION, runWithOptions, stoppedMessage } from './shared';

export const runCommand: Command = {
  name: 'run',
  summary: 'one simulation on the default (or seeded) schedule; a `sweep` in the file runs once per value',
  usage: 'interleave run FILE [--seed N] [--set PATH=VALUE]... [--json]',
  details: 'Prints the makespan, a table of tasks, the metrics, final values, the log and the findings.\n'
    + 'With --json, prints the `run --json` document of cli.md instead.\n'
    + 'A run that reaches a budget prints what it has, names the budget and the line the program was on.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input, or no answer within the budgets.',
  options: [SEED_OPTION, SET_OPTION, { name: '--json', value: false, help: 'print the result as JSON (cli.md `run --json`)' }, ...budgetOptions('run'), RUN_OPTION, HELP_OPTION],
  run(args, io) {
    const file = oneFile(args, 'run');
    const json = args.flags.has('--json');
    const watch = Watch.of(io, readBudgets(args, 'run'));
    watch.command({ command: 'run', format: json ? 'json' : 'text', files: [file] });
    const program = loadOrReport(file, io, watch, args);
    if (!program) return EXIT_USAGE;
    const run = runWithOptions(program, args, watch);
    watch.idle();
    // A budget stop adds `budget` (which one, its message, the line) to the cli.md document.
    if (json) io.out(JSON.stringify({ ...runJson(file, run), ...(watch.runStopped ? { budget: budgetJson(watch.runStopped) } : {}) }, null, 2) + '\n');
    else io.out(runText(file, run));
    const stopped = stoppedMessage(file, run, watch);
    if (stopped) {
      io.err(`${stopped}\n`);
      return EXIT_USAGE;
    }
    return findingCount(run) > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
