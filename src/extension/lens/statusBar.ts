/** The status bar item: the active file's last result (makespan, findings, schedules explored). */
import * as vscode from 'vscode';
import type { FileChecks } from './fileChecks';
import { statusText } from './summaries';

export const SHOW_OUTPUT_COMMAND = 'interleave.showOutput';

/** A run's result, remembered until the next check or run of the file. */
export interface LastResult {
  readonly makespanNs?: number;
  readonly findings: number;
  readonly schedules?: number;
  readonly complete?: boolean;
  readonly errors?: number;
  readonly detail: string;
}

export class ResultStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('interleave.result', vscode.StatusBarAlignment.Left, 50);
  private readonly results = new Map<string, LastResult>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly checks: FileChecks) {
    this.item.name = 'Interleave result';
    this.item.command = SHOW_OUTPUT_COMMAND;
    this.subscriptions = [
      this.item,
      checks.onDidCheck((uri) => {
        const state = checks.stateOf(uri);
        if (!state) return;
        if (state.skipped === 'untrusted') {
          this.set(uri, { findings: 0, detail: 'Not run: `.sim.ts` files run only in a trusted workspace.' });
        } else if (state.searching) {
          this.set(uri, {
            findings: state.views.length, ...(state.searched !== undefined ? { schedules: state.searched } : {}),
            detail: `Still exploring schedules${state.searched !== undefined ? ` (${state.searched} so far)` : ''}: these are the findings met so far.`,
          });
        } else if (state.result) {
          const r = state.result;
          this.set(uri, {
            ...(r.makespanNs !== undefined ? { makespanNs: r.makespanNs } : {}),
            findings: r.findings.length, schedules: r.schedules, complete: r.complete, errors: r.errors.length,
            detail: r.errors.length > 0 ? 'The file has input errors.' : `${r.schedules} schedules explored${r.complete ? ' (all that can differ)' : `, stopped by ${r.stoppedBy ?? 'budget'}`} in ${r.elapsedMs} ms.`,
          });
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    this.render();
  }

  set(uri: vscode.Uri, result: LastResult): void {
    this.results.set(uri.toString(), result);
    this.render();
  }

  resultOf(uri: vscode.Uri): LastResult | undefined {
    return this.results.get(uri.toString());
  }

  private render(): void {
    const document = vscode.window.activeTextEditor?.document;
    const result = document ? this.results.get(document.uri.toString()) : undefined;
    const state = document ? this.checks.stateOf(document.uri) : undefined;
    if (!document || !result) {
      this.item.hide();
      return;
    }
    this.item.text = state?.skipped === 'untrusted' ? '$(shield) Interleave: not run (untrusted)' : statusText(result);
    this.item.tooltip = `Interleave: ${result.detail} Click to show the Interleave output.`;
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
