/** `interleave export FILE --format chrome|markdown|html [--check [--schedules N]] [-o PATH]` (cli.md). */
import { HELP_OPTION, one, SEED_OPTION, SET_OPTION, UsageError } from '../args';
import { budgetOptions, readBudgets } from '../budgets';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { Watch } from '../guard/watch';
import { EXPORT_FORMATS, exportRunOptions, exportText, findingCount, type ExportFormat } from '../../service/index';
import { positiveInt } from './check';
import type { Command } from './command';
import { loadOrReport, oneFile, runWithOptions, stoppedMessage } from './shared';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Chrome trace event JSON (opens in Perfetto), or a Markdown or HTML report',
  usage: 'interleave export FILE --format chrome|markdown|html [--check [--schedules N]] [-o PATH] [--seed N] [--set PATH=VALUE]...',
  details: 'Writes to PATH, or to standard output without -o. `html` is one self-contained page with a timeline.\n'
    + 'A report shows one timed run; --check also explores the schedules (as `check`) and adds what that\n'
    + 'found beyond the run, such as data races, each with the command that replays it.\n'
    + 'The wall clock covers the run and the exploration; --events is the event budget of the run.\n'
    + 'Exit status: 0 no findings, 1 findings (the export is still written), 2 bad input, or no answer within the budgets.',
  options: [
    { name: '--format', value: true, placeholder: 'chrome|markdown|html', help: 'what to write' },
    { name: '--check', value: false, help: 'reports: also explore the schedules and add the findings (markdown, html)' },
    { name: '--schedules', value: true, placeholder: 'N', help: 'with --check: most schedules to explore (default 1000)' },
    { name: '--output', alias: '-o', value: true, placeholder: 'PATH', help: 'write here instead of standard output' },
    SEED_OPTION, SET_OPTION, ...budgetOptions('run'), HELP_OPTION,
  ],
  run(args, io) {
    const file = oneFile(args, 'export');
    const format = one(args, '--format');
    if (format === undefined) throw new UsageError('export needs --format chrome, markdown or html');
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${format} is unknown; use chrome, markdown or html`);
    }
    const check = args.flags.has('--check');
    if (check && format === 'chrome') throw new UsageError('--check adds findings to a report: use it with --format markdown or html');
    if (!check && one(args, '--schedules') !== undefined) throw new UsageError('--schedules goes with --check');
    const schedules = positiveInt(args, '--schedules', 1000);
    const watch = Watch.of(io, readBudgets(args, 'run'));
    watch.command({ command: 'export', format: 'text', files: [file] });
    const program = loadOrReport(file, io, watch);
    if (!program) return EXIT_USAGE;
    const run = runWithOptions(program, args, watch, {
      ...exportRunOptions(format as ExportFormat),
      ...(check ? { explore: { schedules } } : {}),
    });
    watch.idle();
    const text = exportText(format as ExportFormat, file, run);
    const output = one(args, '--output');
    if (output !== undefined) {
      try {
        io.writeFile(output, text);
      } catch (err) {
        io.err(`interleave export: cannot write ${output}: ${(err as Error).message}\n`);
        return EXIT_USAGE;
      }
      io.err(`wrote ${output}\n`);
    } else io.out(text);
    const stopped = stoppedMessage(file, run, watch);
    if (stopped) {
      io.err(`${stopped}\n`);
      return EXIT_USAGE;
    }
    return findingCount(run) > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
