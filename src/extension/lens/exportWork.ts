/**
 * The worker's side of the Export commands: one file's timed run (with its sweep, for a
 * report) written as a Chrome/Perfetto trace, a Markdown report or an HTML report: the
 * same bytes `interleave export FILE --format …` writes (src/cli/commands/export.ts).
 */
import { toChromeTrace } from '../../core/index';
import { htmlReport } from '../../cli/report/html';
import { markdownReport } from '../../cli/report/markdown';
import { findingCount, runFile as runForExport, stoppedEarly } from '../../cli/runs';
import type { ExportFileParams, ExportFileResult } from '../../protocol/fileWork';
import { cancelledBy, compileFile, overridesFor } from './fileWork';

export async function exportFile(params: ExportFileParams, isCancelled: () => boolean = () => false): Promise<ExportFileResult> {
  const { program, errors } = await compileFile(params.text, params.file);
  if (!program || errors.length > 0) return { errors, findings: 0 };
  const shouldCancel = cancelledBy(params.cancelFlag, isCancelled);
  // A trace draws one run; a report also has the file's sweep table (as the command line).
  const run = runForExport(program, {
    set: overridesFor(program, params),
    trace: params.format !== 'markdown',
    noSweep: params.format === 'chrome',
    shouldCancel,
    ...(params.budgetEvents !== undefined ? { budgetEvents: params.budgetEvents } : {}),
    ...(params.explore && params.format !== 'chrome' ? { explore: params.explore } : {}),
  });
  if (shouldCancel()) throw new Error('cancelled');
  // Written even when the run stopped early (as the command line does); the caller warns.
  const early = stoppedEarly(run);
  const text = params.format === 'chrome' ? JSON.stringify(toChromeTrace(run.result)) + '\n'
    : params.format === 'markdown' ? markdownReport(params.file, run)
      : htmlReport(params.file, run);
  return { errors: [], text, findings: findingCount(run), ...(early ? { stoppedEarly: early } : {}) };
}
