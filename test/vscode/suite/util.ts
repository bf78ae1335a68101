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

/**
 * Sets a breakpoint as a person does: the cursor on the line and F9 (VS Code's Toggle
 * Breakpoint), which does nothing in a language no debugger declared `breakpoints` for.
 * Returns the breakpoint VS Code made.
 */
export async function toggleBreakpointAt(uri: vscode.Uri, line: number): Promise<vscode.SourceBreakpoint> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  editor.selection = new vscode.Selection(line, 0, line, 0);
  await vscode.commands.executeCommand('editor.debug.action.toggleBreakpoint');
  const atLine = (b: vscode.Breakpoint): b is vscode.SourceBreakpoint =>
    b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString() && b.location.range.start.line === line;
  return (await waitFor(`a breakpoint from F9 on ${uri.path.split('/').pop()}:${line + 1} (languageId ${editor.document.languageId})`,
    () => vscode.debug.breakpoints.find(atLine), (b) => b !== undefined, 10_000))!;
}

/**
 * The next `interleave` debug session `start` begins, and the `stopped` events its adapter
 * sends, as they leave it (other sessions' stops are not counted).
 */
export async function startSession(start: () => Thenable<boolean>, timeoutMs: number): Promise<{ session: vscode.DebugSession; stops: { reason: string; threadId?: number }[]; dispose(): void }> {
  const stops = new Map<string, { reason: string; threadId?: number }[]>();
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('interleave', {
    createDebugAdapterTracker: (session) => {
      const mine: { reason: string; threadId?: number }[] = [];
      stops.set(session.id, mine);
      return {
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason: string; threadId?: number } }) => {
          if (m.type === 'event' && m.event === 'stopped' && m.body) mine.push(m.body);
        },
      };
    },
  });
  let started: vscode.DebugSession | undefined;
  const listener = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'interleave') started = s; });
  try {
    if (!await start()) throw new Error('the debug session did not start');
    const session = (await waitFor('an interleave debug session', () => started, (s) => s !== undefined, timeoutMs))!;
    return { session, stops: stops.get(session.id) ?? [], dispose: () => tracker.dispose() };
  } catch (error) {
    tracker.dispose();
    throw error;
  } finally {
    listener.dispose();
  }
}
