import * as vscode from 'vscode';
import type { InterleaveApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'interleave.interleave';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the folder test/vscode/workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function extensionApi(): Promise<InterleaveApi> {
  const extension = vscode.extensions.getExtension<InterleaveApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls until `read` returns a value `accept`s, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, read: () => T, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function interleaveDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'interleave');
}
