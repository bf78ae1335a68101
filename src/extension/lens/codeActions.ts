/**
 * Code actions on each finding: "Show the interleaving", "Step through it", and the
 * obvious fix where there is one (lens/fixes.ts) as a WorkspaceEdit. The diagnostics VS
 * Code hands back are copies, so each is matched to the lens's view of it by place,
 * kind and message.
 */
import * as vscode from 'vscode';
import { sameDiagnostic, toRange, type FileChecks } from './fileChecks';
import { fixesFor } from './fixes';
import type { DiagnosticView } from './findingView';

export const SHOW_INTERLEAVING_COMMAND = 'interleave.showInterleaving';
export const STEP_THROUGH_FINDING_COMMAND = 'interleave.stepThroughFinding';

export const SHOW_INTERLEAVING_TITLE = 'Show the interleaving';
export const STEP_THROUGH_TITLE = 'Step through it';

export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly checks: FileChecks) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const state = this.checks.stateOf(document.uri);
    const kind = this.checks.kindOf(document);
    if (!state || !kind || state.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'interleave') continue;
      const view = state.views.find((v) => v.code !== 'input' && sameDiagnostic(diagnostic, v));
      if (!view) continue;
      actions.push(...this.actionsFor(document, kind, view, diagnostic));
    }
    return actions;
  }

  private actionsFor(document: vscode.TextDocument, kind: string, view: DiagnosticView, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const fix of fixesFor(document.getText(), kind, view, document.uri.fsPath)) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) action.edit.replace(document.uri, toRange(e.range), e.newText);
      action.diagnostics = [diagnostic];
      action.isPreferred = fix.preferred === true;
      actions.push(action);
    }
    if (view.schedule) {
      const show = new vscode.CodeAction(SHOW_INTERLEAVING_TITLE, vscode.CodeActionKind.QuickFix);
      show.command = { command: SHOW_INTERLEAVING_COMMAND, title: SHOW_INTERLEAVING_TITLE, arguments: [document.uri, view.schedule, view.entry] };
      show.diagnostics = [diagnostic];
      const step = new vscode.CodeAction(STEP_THROUGH_TITLE, vscode.CodeActionKind.QuickFix);
      step.command = { command: STEP_THROUGH_FINDING_COMMAND, title: STEP_THROUGH_TITLE, arguments: [document.uri, view.schedule, view.entry] };
      step.diagnostics = [diagnostic];
      actions.push(show, step);
    }
    return actions;
  }
}
