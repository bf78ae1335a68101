/** `interleave export FILE --format chrome|markdown|html [-o PATH]` (cli.md). */
import { toChromeTrace } from '../../core/index';
import { HELP_OPTION, one, SEED_OPTION, SET_OPTION, UsageError } from '../args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { htmlReport } from '../report/html';
import { markdownReport } from '../report/markdown';
import { findingCount } from '../runs';
import type { Command } from './command';
import { loadOrReport, oneFile, runWithOptions, stoppedEarly } from './shared';

const FORMATS = ['chrome', 'markdown', 'html'] as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Chrome trace event JSON (opens in Perfetto), or a Markdown or HTML report',
  usage: 'interleave export FILE --format chrome|markdown|html [-o PATH] [--seed N] [--set PATH=VALUE]...',
  details: 'Writes to PATH, or to standard output without -o. `html` is one self-contained page with a timeline.\n'
    + 'Exit status: 0 no findings, 1 findings (the export is still written), 2 bad input or usage.',
  options: [
    { name: '--format', value: true, placeholder: 'chrome|markdown|html', help: 'what to write' },
    { name: '--output', alias: '-o', value: true, placeholder: 'PATH', help: 'write here instead of standard output' },
    SEED_OPTION, SET_OPTION, HELP_OPTION,
  ],
  run(args, io) {
    const file = oneFile(args, 'export');
    const format = one(args, '--format');
    if (format === undefined) throw new UsageError('export needs --format chrome, markdown or html');
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${format} is unknown; use chrome, markdown or html`);
    }
    const program = loadOrReport(file, io);
    if (!program) return EXIT_USAGE;
    // Chrome traces draw one run; the reports include the sweep table, and the HTML
    // report's timeline needs the trace of the run as written.
    const run = runWithOptions(program, args,
      format === 'chrome' ? { trace: true, noSweep: true } : format === 'html' ? { trace: true } : {});
    const text = format === 'chrome' ? JSON.stringify(toChromeTrace(run.result)) + '\n'
      : format === 'html' ? htmlReport(file, run) : markdownReport(file, run);
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
    const early = stoppedEarly(run);
    if (early) {
      io.err(`${file}: ${early}\n`);
      return EXIT_USAGE;
    }
    return findingCount(run) > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
