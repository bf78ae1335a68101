/** `▶ Run  ⏭ Step  ⟲ Explore  ⚖ Compare…` above each scenario's `name:` and each `.sim.ts` `main`. */
import * as vscode from 'vscode';
import type { FileChecks } from './fileChecks';
import { lensLines } from '../../service/files';

export const RUN_COMMAND = 'interleave.run';
export const STEP_COMMAND = 'interleave.step';
export const EXPLORE_COMMAND = 'interleave.explore';
export const COMPARE_COMMAND = 'interleave.compare';

const ROW: readonly { readonly title: string; readonly command: string; readonly tooltip: string }[] = [
  { title: '▶ Run', command: RUN_COMMAND, tooltip: 'Run one timed simulation and show makespan, tasks and findings' },
  { title: '⏭ Step', command: STEP_COMMAND, tooltip: 'Step through the simulation in the debugger' },
  { title: '⟲ Explore', command: EXPLORE_COMMAND, tooltip: 'Explore many schedules for races, deadlocks and failed expectations' },
  { title: '⚖ Compare…', command: COMPARE_COMMAND, tooltip: 'Run with two values of one setting and compare them side by side' },
];

export class RunCodeLenses implements vscode.CodeLensProvider {
  constructor(private readonly checks: FileChecks) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const kind = this.checks.kindOf(document);
    if (!kind) return [];
    return lensLines(document.getText(), kind).flatMap((line) => {
      const range = document.lineAt(Math.min(line, document.lineCount - 1)).range;
      return ROW.map((item) => new vscode.CodeLens(range, { title: item.title, command: item.command, tooltip: item.tooltip, arguments: [document.uri] }));
    });
  }
}
