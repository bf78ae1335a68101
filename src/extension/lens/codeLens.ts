/**
 * `▶ Run  ⏭ Step  ⟲ Explore  ⚖ Compare…` above each scenario's `name:` and each `.sim.ts`
 * `main`; `⟲ Explore schedules  ⏭ Step` above each entry point (a Go test), as the Go
 * extension puts `run test | debug test` above each test.
 */
import * as vscode from 'vscode';
import type { FileChecks } from './fileChecks';
import { lensEntries, lensLines } from '../../service/files';
import { EXPLORE_TEST_COMMAND } from './entryTests';

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
    const text = document.getText();
    const rangeAt = (line: number) => document.lineAt(Math.min(line, document.lineCount - 1)).range;
    const rows = lensLines(text, kind).flatMap((line) =>
      ROW.map((item) => new vscode.CodeLens(rangeAt(line), { title: item.title, command: item.command, tooltip: item.tooltip, arguments: [document.uri] })));
    const tests = lensEntries(text, kind, document.uri.fsPath).flatMap(({ name, line }) => [
      new vscode.CodeLens(rangeAt(line), { title: '⟲ Explore schedules', command: EXPLORE_TEST_COMMAND, tooltip: `Explore the schedules of ${name} for races, deadlocks, leaks and failures (the Testing view shows the result)`, arguments: [document.uri, name] }),
      new vscode.CodeLens(rangeAt(line), { title: '⏭ Step', command: STEP_COMMAND, tooltip: `Step through ${name} in the debugger`, arguments: [document.uri, name] }),
    ]);
    return [...rows, ...tests];
  }
}
