/**
 * A run written out: a Chrome/Perfetto trace, a Markdown report or an HTML report. The
 * command line's `export` and the editor's Export commands both write these bytes.
 */
import { toChromeTrace } from '../core/index';
import type { ExportFileParams, ExportFileResult, ExportFormat } from '../protocol/fileWork';
import { compileText } from './compile';
import { cancelledBy, overridesFor } from './fileWork';
import { htmlReport } from './report/html';
import { markdownReport } from './report/markdown';
import { findingCount, runProgram, stoppedEarly, type FileRun, type RunRequest } from './runs';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['chrome', 'markdown', 'html'];

/**
 * What a format needs of the run: a trace draws one run (no sweep); the reports include the
 * sweep table, and the HTML report's timeline needs the trace of the run as written.
 */
export function exportRunOptions(format: ExportFormat): Pick<RunRequest, 'trace' | 'noSweep'> {
  return format === 'chrome' ? { trace: true, noSweep: true } : format === 'html' ? { trace: true } : {};
}

/** The bytes of one export of `run` (the file's name heads a report). */
export function exportText(format: ExportFormat, file: string, run: FileRun, display?: string): string {
  return format === 'chrome' ? JSON.stringify(toChromeTrace(run.result)) + '\n'
    : format === 'html' ? htmlReport(file, run, display) : markdownReport(file, run, display);
}

/** The editor's Export commands: one document's run, written as `format` (the caller saves it). */
export function exportFile(params: ExportFileParams, isCancelled: () => boolean = () => false): ExportFileResult {
  const { program, errors } = compileText(params.file, params.text, params.entry);
  if (!program || errors.length > 0) return { errors, findings: 0 };
  const shouldCancel = cancelledBy(params.cancelFlag, isCancelled);
  const run = runProgram(program, {
    set: overridesFor(program, params),
    ...exportRunOptions(params.format),
    shouldCancel,
    ...(params.budgetEvents !== undefined ? { budgetEvents: params.budgetEvents } : {}),
    ...(params.explore && params.format !== 'chrome' ? { explore: params.explore } : {}),
  });
  if (shouldCancel()) throw new Error('cancelled');
  // Written even when the run stopped early (as the command line does); the caller warns.
  const early = stoppedEarly(run);
  return { errors: [], text: exportText(params.format, params.file, run, params.displayFile), findings: findingCount(run), ...(early ? { stoppedEarly: early } : {}) };
}
