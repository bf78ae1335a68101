/**
 * The two ways into a finding's proof: "Show the interleaving" opens the panel at that
 * schedule (`interleave.showPanel`, when the panel is there), else a readable document of
 * the schedule, one sentence per step and per timed event; "Step through it" starts a
 * debug session on the schedule.
 */
import * as vscode from 'vscode';
import type { ExplainScheduleResult } from '../../protocol/fileWork';
import type { SimulationHost } from '../simulationHost';
import { lensRequest } from './requests';
import { readSettings } from './settings';

export const SHOW_PANEL_COMMAND = 'interleave.showPanel';

export function explanationDocument(file: string, schedule: string, r: ExplainScheduleResult): string {
  if (r.errors.length > 0) return `# The interleaving\n\n\`${file}\` has input errors; fix them first:\n\n${r.errors.map((e) => `- ${e.at.line}:${e.at.column} ${e.message}`).join('\n')}\n`;
  const lines = [
    '# The interleaving that proves it', '',
    `File: \`${file}\`  `, `Schedule: \`${schedule}\``, '',
    '## The schedule, step by step', '',
    'Each line is one step that touches shared state or synchronises, in the order this schedule runs them.', '',
    ...r.steps.map((s, i) => `${i + 1}. ${s}`), '',
    '## The same order in the timed model', '',
    r.reproduced ? 'The timed model reproduces this interleaving:' : 'The timed model does not reproduce it exactly:', '',
    ...r.notes.map((n) => `- ${n}`), ...(r.notes.length > 0 ? [''] : []),
    ...r.events.map((e) => `- ${e}`), '',
  ];
  if (r.truncated) lines.push('_(cut to the first 2,000 steps and events)_', '');
  return lines.join('\n');
}

export async function showInterleaving(host: SimulationHost, uri: vscode.Uri, schedule: string): Promise<vscode.TextDocument | undefined> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(SHOW_PANEL_COMMAND)) {
    await vscode.commands.executeCommand(SHOW_PANEL_COMMAND, { uri, schedule });
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const settings = readSettings();
  const result = await lensRequest(host, 'explain-schedule', {
    text: document.getText(), file: uri.fsPath, schedule, budgetEvents: settings.budgetEvents, defaultMachine: settings.defaultMachine,
  });
  const explanation = await vscode.workspace.openTextDocument({ language: 'markdown', content: explanationDocument(vscode.workspace.asRelativePath(uri), schedule, result) });
  await vscode.window.showTextDocument(explanation, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return explanation;
}

export function stepThroughFinding(uri: vscode.Uri, schedule: string): Thenable<boolean> {
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), {
    type: 'interleave', request: 'launch', name: 'Step through the finding', program: uri.fsPath, schedule,
  });
}
