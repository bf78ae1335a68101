/**
 * Workspace Trust: a `.sim.ts` file is code, run in a `node:vm` sandbox; in an untrusted
 * workspace it is never sent to the worker. Scenario files are data and always run.
 * The first time a `.sim.ts` file is skipped, one notice says why (no diagnostic: the
 * file is not wrong). Granting trust re-checks the open `.sim.ts` files.
 */
import * as vscode from 'vscode';
import { kindRunsCode } from '../../service/files';
import type { LensFileKind } from './fileKind';

export const UNTRUSTED_NOTICE = 'Interleave does not run `.sim.ts` files in an untrusted workspace: they are programs, and simulating one executes it. Scenario files are data and still run. Trust this workspace to check, show or step through `.sim.ts` files.';

/**
 * True when the file may be simulated now: a scenario always, TypeScript only in a trusted
 * workspace. (Any `.ts` file counts as code here, header or not: the safe side.)
 */
export function mayExecute(file: string): boolean {
  return !/\.[cm]?tsx?$/.test(file) || vscode.workspace.isTrusted;
}

export class TrustGate implements vscode.Disposable {
  private noticeShown = false;
  private readonly subscription: vscode.Disposable;

  constructor(onGranted: () => void) {
    this.subscription = vscode.workspace.onDidGrantWorkspaceTrust(onGranted);
  }

  /** True when a file of this kind may be executed now. */
  mayRun(kind: LensFileKind): boolean {
    return !kindRunsCode(kind) || vscode.workspace.isTrusted;
  }

  /** Says once per session why a `.sim.ts` file was not run. */
  explainOnce(): void {
    if (this.noticeShown) return;
    this.noticeShown = true;
    void vscode.window.showInformationMessage(UNTRUSTED_NOTICE, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
