/**
 * Export Trace (Chrome/Perfetto JSON) and Export Report (Markdown or HTML) for the given
 * or active scenario / `.sim.ts` file. The run happens in the worker (`export-file`) and
 * writes the same bytes as `interleave export FILE --format …`; the file goes where the
 * user says (a save dialog, beside the source by default) through `vscode.workspace.fs`,
 * so it works in remote and virtual-file workspaces too.
 */
import * as vscode from 'vscode';
import { formatInputError } from '../../core/findings';
import type { ExportFileResult, ExportFormat } from '../../protocol/fileWork';
import { withCancellableProgress } from '../progress';
import { failed, relativeName, targetDocument, type LensCommandDeps } from './commands';
import { cancelFlagFor, lensRequest } from './requests';
import { explorationTimeLimitMs, readSettings } from './settings';
import { documentSource } from '../../service/files';

export const EXPORT_TRACE_COMMAND = 'interleave.exportTrace';
export const EXPORT_REPORT_COMMAND = 'interleave.exportReport';

interface FormatInfo {
  readonly label: string;
  readonly detail: string;
  /** Added to the source's name without its own extension: `lost-update.trace.json`. */
  readonly suffix: string;
  readonly filter: Record<string, string[]>;
}

export const EXPORT_FORMATS: Readonly<Record<ExportFormat, FormatInfo>> = {
  chrome: {
    label: 'Chrome trace (JSON)', detail: 'Open it in ui.perfetto.dev or chrome://tracing', suffix: '.trace.json',
    filter: { 'Chrome trace': ['json'] },
  },
  markdown: {
    label: 'Markdown report', detail: 'Tasks, metrics, final values, the sweep table, and the findings of the run and of exploring its schedules', suffix: '.report.md',
    filter: { Markdown: ['md'] },
  },
  html: {
    label: 'HTML report', detail: 'The same report as one self-contained page, with a timeline drawing', suffix: '.report.html',
    filter: { HTML: ['html'] },
  },
};

/** `dir/lost-update.scenario.yaml` → `dir/lost-update.trace.json`. */
export function defaultTarget(source: vscode.Uri, format: ExportFormat): vscode.Uri {
  const base = source.path.split('/').pop() ?? 'simulation';
  const stem = base.replace(/\.scenario\.ya?ml$|\.sim\.ts$|\.ya?ml$|\.ts$/i, '') || 'simulation';
  const file = `${stem}${EXPORT_FORMATS[format].suffix}`;
  if (source.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? vscode.Uri.joinPath(folder, file) : vscode.Uri.file(file);
  }
  return vscode.Uri.joinPath(source, '..', file);
}

async function pickReportFormat(): Promise<ExportFormat | undefined> {
  const items = (['markdown', 'html'] as const).map((format) => ({ label: EXPORT_FORMATS[format].label, detail: EXPORT_FORMATS[format].detail, format }));
  return (await vscode.window.showQuickPick(items, { title: 'Interleave: export the report as' }))?.format;
}

/**
 * Exports the document in `format` (asked for when a report's format is not given) to
 * `target` (asked for with a save dialog when not given). Returns where it wrote, or
 * undefined when the user cancelled or the file could not be run.
 */
export async function exportCommand(deps: LensCommandDeps, kind: 'trace' | 'report', uri?: unknown, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const document = await targetDocument(deps, uri);
  if (!document) return undefined;
  const chosen = kind === 'trace' ? 'chrome' : format ?? await pickReportFormat();
  if (!chosen) return undefined;
  const info = EXPORT_FORMATS[chosen];
  const destination = target ?? await vscode.window.showSaveDialog({
    title: `Interleave: export ${relativeName(document)} as a ${info.label}`, defaultUri: defaultTarget(document.uri, chosen), filters: info.filter, saveLabel: 'Export',
  });
  if (!destination) return undefined;
  const settings = readSettings();
  let result: ExportFileResult;
  try {
    result = await withCancellableProgress(`Interleave: exporting ${relativeName(document)} as a ${info.label}…`, (token) => lensRequest(deps.host, 'export-file', {
      text: documentSource(document.uri.fsPath, document.getText()), file: document.uri.fsPath, displayFile: vscode.workspace.asRelativePath(document.uri, false), format: chosen, budgetEvents: settings.budgetEvents, defaultMachine: settings.defaultMachine,
      cancelFlag: cancelFlagFor(token),
      // A report also says what exploring the schedules finds (data races need it), as `export --check`.
      ...(chosen !== 'chrome' ? { explore: { schedules: settings.exploreSchedules, timeLimitMs: explorationTimeLimitMs(settings, false) } } : {}),
    }, { token, timeoutMs: settings.wallClockMs }));
  } catch (error) {
    return failed('the export', error);
  }
  if (result.text === undefined) {
    const first = result.errors[0];
    const where = first ? ` (${formatInputError(first)})` : '';
    void vscode.window.showErrorMessage(`Interleave: ${relativeName(document)} has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing was exported${where}. The Problems panel lists them.`);
    return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(result.text));
  } catch (error) {
    return failed(`writing ${destination.fsPath}`, error);
  }
  const written = vscode.workspace.asRelativePath(destination);
  const findings = result.findings === 0 ? 'no findings' : `${result.findings} finding${result.findings === 1 ? '' : 's'}`;
  const message = result.stoppedEarly
    ? `Interleave: wrote ${written}, but the run did not finish: ${result.stoppedEarly}.`
    : `Interleave: wrote ${written} (${findings}).`;
  const show = result.stoppedEarly ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, 'Open').then(async (choice) => {
    if (choice) await vscode.window.showTextDocument(destination, { preview: true });
  });
  return destination;
}
