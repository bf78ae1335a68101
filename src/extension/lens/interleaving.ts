/**
 * The two ways into a finding's proof: "Show the interleaving" opens the panel at that
 * schedule (`interleave.showPanel`, when the panel is there), else a readable document of
 * the schedule, one sentence per step and per timed event; "Step through it" starts a
 * debug session on the schedule.
 */
import * as vscode from 'vscode';
import type { SimulationHost } from '../simulationHost';
import { lensRequest } from './requests';
import { readSettings } from './settings';
import { documentSource } from '../../service/files';
import { explanationDocument } from './summaries';
import { openView } from './views';

export const SHOW_PANEL_COMMAND = 'interleave.showPanel';

/** `entry`: the entry point (a Go test) the schedule belongs to. */
export async function showInterleaving(host: SimulationHost, uri: vscode.Uri, schedule: string, entry?: string): Promise<vscode.TextDocument | undefined> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(SHOW_PANEL_COMMAND)) {
    await vscode.commands.executeCommand(SHOW_PANEL_COMMAND, { uri, schedule, ...(entry ? { entry } : {}) });
    return undefined;
  }
  return openExplanation(host, uri, schedule, entry);
}

/** The fall-back: the schedule told step by step, then event by event, in a Markdown document. */
export async function openExplanation(host: SimulationHost, uri: vscode.Uri, schedule: string, entry?: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  const settings = readSettings();
  const result = await lensRequest(host, 'explain-schedule', {
    text: documentSource(uri.fsPath, document.getText()), file: uri.fsPath, schedule, ...(entry ? { entry } : {}), budgetEvents: settings.budgetEvents, defaultMachine: settings.defaultMachine,
  });
  const name = vscode.workspace.asRelativePath(uri);
  const explanation = await openView(`Interleaving of ${name.split('/').pop()}`, explanationDocument(name, schedule, result));
  await vscode.window.showTextDocument(explanation, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return explanation;
}

/**
 * A debug session on `schedule`: by default an untimed one (from `check`, Explore or a
 * finding), stepped exactly in the untimed model; `timed` for one printed by a run.
 */
export function stepThroughFinding(uri: vscode.Uri, schedule: string, mode: 'untimed' | 'timed' = 'untimed', entry?: string): Thenable<boolean> {
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), {
    type: 'interleave', request: 'launch', name: `${mode === 'timed' ? 'Step through the run' : 'Step through the finding'}${entry ? ` of ${entry}` : ''}`, program: uri.fsPath, schedule,
    ...(mode === 'timed' ? { mode } : {}), ...(entry ? { test: entry } : {}),
  });
}
