/**
 * Run, Step, Explore and Compare (the CodeLens row and the command palette). Each works
 * on the given document, or the active editor's. All simulation runs in the worker.
 */
import * as vscode from 'vscode';
import type { RunFileResult } from '../../protocol/fileWork';
import type { SimulationHost } from '../simulationHost';
import type { FileChecks } from './fileChecks';
import { withCancellableProgress } from '../progress';
import { cancelFlagFor, lensRequest } from './requests';
import { readSettings } from './settings';
import { documentSource } from '../../service/files';
import { openView } from './views';
import type { ResultStatusBar } from './statusBar';
import { checkReport, COMPARE_SETTINGS, compareMarkdown, parseSettingValue, runReport } from './summaries';
import type { TrustGate } from './trust';

export interface LensCommandDeps {
  readonly host: SimulationHost;
  readonly checks: FileChecks;
  readonly trust: TrustGate;
  readonly statusBar: ResultStatusBar;
  readonly output: vscode.OutputChannel;
}

/** The document a command works on, if it is one the lens runs (and may run here). */
export async function targetDocument(deps: LensCommandDeps, uri: unknown): Promise<vscode.TextDocument | undefined> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const kind = document ? deps.checks.kindOf(document) : undefined;
  if (!document || !kind) {
    void vscode.window.showErrorMessage('Interleave: open a scenario (`*.scenario.yaml`) or `.sim.ts` file first.');
    return undefined;
  }
  if (!deps.trust.mayRun(kind)) {
    deps.trust.explainOnce();
    void vscode.window.showWarningMessage('Interleave: this `.sim.ts` file was not run, because the workspace is not trusted.');
    return undefined;
  }
  return document;
}

export function relativeName(document: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(document.uri);
}

export function failed(what: string, error: unknown): undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!/was cancelled/.test(message)) void vscode.window.showErrorMessage(`Interleave: ${what} did not finish: ${message}`);
  return undefined;
}

async function runOnce(deps: LensCommandDeps, document: vscode.TextDocument, set: Readonly<Record<string, unknown>> | undefined, token: vscode.CancellationToken): Promise<RunFileResult> {
  const settings = readSettings();
  return lensRequest(deps.host, 'run-file', {
    text: documentSource(document.uri.fsPath, document.getText()), file: document.uri.fsPath, budgetEvents: settings.budgetEvents, defaultMachine: settings.defaultMachine,
    cancelFlag: cancelFlagFor(token), ...(set ? { set } : {}),
  }, { token, timeoutMs: settings.wallClockMs });
}

export async function runCommand(deps: LensCommandDeps, uri?: unknown): Promise<RunFileResult | undefined> {
  const document = await targetDocument(deps, uri);
  if (!document) return undefined;
  try {
    const result = await withCancellableProgress(`Interleave: running ${relativeName(document)}…`, (token) => runOnce(deps, document, undefined, token));
    deps.output.appendLine(runReport(relativeName(document), result).join('\n'));
    deps.output.show(true);
    // One run shows one schedule; the document's check (still in Problems) may have found more
    // on others, and the status bar must not say "0 findings" beside them.
    const checked = deps.checks.stateOf(document.uri)?.result;
    const findings = Math.max(result.findings.length, checked?.findings.length ?? 0);
    deps.statusBar.set(document.uri, {
      ...(result.makespanNs !== undefined ? { makespanNs: result.makespanNs } : {}),
      findings, schedules: checked?.schedules ?? 1, ...(checked?.complete ? { complete: true } : {}), errors: result.errors.length,
      detail: `last run: ${result.tasks.length} tasks, stopped: ${result.stopped ?? 'not run'}, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} on its schedule`
        + (checked ? `; the check found ${checked.findings.length} over ${checked.schedules} schedules.` : '.'),
    });
    return result;
  } catch (error) {
    return failed('the run', error);
  }
}

/** `entry`: one entry point of the file to step through (a Go test, by name). */
export async function stepCommand(deps: LensCommandDeps, uri?: unknown, entry?: string): Promise<boolean> {
  const document = await targetDocument(deps, uri);
  if (!document) return false;
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(document.uri), {
    type: 'interleave', request: 'launch', name: `Step through ${entry ?? relativeName(document)}`, program: document.uri.fsPath, stopOnEntry: true,
    ...(typeof entry === 'string' ? { test: entry } : {}),
  });
}

export async function exploreCommand(deps: LensCommandDeps, uri?: unknown) {
  const document = await targetDocument(deps, uri);
  if (!document) return undefined;
  try {
    const result = await withCancellableProgress(`Interleave: exploring ${relativeName(document)} (up to ${readSettings().exploreSchedules} schedules)…`,
      (token, report) => deps.checks.check(document, {
        explore: true, token,
        onProgress: (soFar) => report(`${soFar.schedules.toLocaleString('en')} schedules, ${soFar.findings.length} finding${soFar.findings.length === 1 ? '' : 's'} so far`),
      }));
    if (!result) return undefined;
    deps.output.appendLine(checkReport(relativeName(document), result).join('\n'));
    deps.output.show(true);
    return result;
  } catch (error) {
    return failed('the exploration', error);
  }
}

/**
 * Asks for a setting and two values (unless given), runs the file with each and opens a
 * side-by-side summary as a Markdown document. Returns the document.
 */
export async function compareCommand(deps: LensCommandDeps, uri?: unknown, setting?: string, values?: readonly (string | number)[]): Promise<vscode.TextDocument | undefined> {
  const document = await targetDocument(deps, uri);
  if (!document) return undefined;
  let path = setting;
  if (!path) {
    const picked = await vscode.window.showQuickPick(COMPARE_SETTINGS.map((s) => ({ label: s.path, description: s.label })), { title: 'Interleave: compare which setting?' });
    if (!picked) return undefined;
    path = picked.label;
  }
  let pair = values;
  if (!pair) {
    const suggestion = COMPARE_SETTINGS.find((s) => s.path === path)?.suggestions.slice(0, 2).join(', ') ?? '';
    const typed = await vscode.window.showInputBox({
      title: `Interleave: compare ${path}`, prompt: 'Two values, separated by a comma', value: suggestion,
      validateInput: (text) => (text.split(',').map((v) => v.trim()).filter(Boolean).length === 2 ? undefined : 'Give exactly two values, e.g. 1, 4'),
    });
    if (!typed) return undefined;
    pair = typed.split(',').map((v) => parseSettingValue(v));
  }
  const [a, b] = pair;
  try {
    const [ra, rb] = await withCancellableProgress(`Interleave: comparing ${path} = ${a} and ${b}…`, async (token) => [
      await runOnce(deps, document, { [path!]: a }, token),
      await runOnce(deps, document, { [path!]: b }, token),
    ]);
    const content = compareMarkdown(relativeName(document), path, { label: String(a), result: ra }, { label: String(b), result: rb });
    const summary = await openView(`Compare ${path} in ${relativeName(document)}`, content);
    // The table rendered, as people read it; the Markdown source where no preview is available.
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', summary.uri);
    } catch {
      await vscode.window.showTextDocument(summary, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return summary;
  } catch (error) {
    return failed('the comparison', error);
  }
}
