/**
 * A `.py` file in real VS Code (issue 15): the race lens marks `counter = bump(counter)`,
 * the CodeLens row is there, and the debugger stops on the Python line with the GIL's
 * holder in the Machine scope: the thread that stopped on a bytecode's op holds the GIL.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { EXTENSION_ID, interleaveDiagnostics, waitFor } from './util';

const TIMEOUT_MS = 120_000;

function exampleUri(relative: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return vscode.Uri.joinPath(extension.extensionUri, relative);
}

interface Variable { name: string; value: string; variablesReference: number }

async function variablesOf(session: vscode.DebugSession, ref: number): Promise<Variable[]> {
  return (await session.customRequest('variables', { variablesReference: ref })).variables as Variable[];
}

test('python: counter-race.py gets its race on the `counter = bump(counter)` line and the CodeLens row; the debugger stops on that line with the GIL holder in the Machine scope', async () => {
  const uri = exampleUri('examples/python/counter-race.py');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const raceLine = 21; // 0-based: `        counter = bump(counter)`
  const diagnostics = await waitFor('a data-race diagnostic on counter-race.py', () => interleaveDiagnostics(uri),
    (d) => d.some((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'data-race'), TIMEOUT_MS);
  const race = diagnostics.find((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'data-race')!;
  assert.equal(race.range.start.line, raceLine);
  assert.match(race.message, /Data race on `counter`/);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  assert.ok(lenses.some((l) => l.command?.command === 'interleave.run'), JSON.stringify(lenses.map((l) => l.command?.title)));

  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(raceLine, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  const stops: { reason: string; threadId?: number }[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('interleave', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { reason: string; threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped' && m.body) stops.push(m.body);
      },
    }),
  });
  try {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'interleave', request: 'launch', name: 'Step through counter-race.py', program: uri.fsPath, stopOnEntry: true,
    });
    assert.equal(started, true);
    const session = (await waitFor('the interleave debug session', () => vscode.debug.activeDebugSession, (s) => s?.type === 'interleave', TIMEOUT_MS))!;
    await waitFor('the entry stop', () => stops[0], (s) => s !== undefined, TIMEOUT_MS);
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const stop = (await waitFor('the stop at the breakpoint', () => stops.find((s) => s.reason === 'breakpoint'), (s) => s !== undefined, TIMEOUT_MS))!;
    const threads = (await session.customRequest('threads')).threads as { id: number; name: string }[];
    const threadId = stop.threadId ?? threads[0].id;
    const frames = (await session.customRequest('stackTrace', { threadId })).stackFrames as { id: number; line: number; source?: { path?: string } }[];
    assert.equal(frames[0].line, raceLine + 1, 'the editor shows the stop on the Python line');
    assert.match(frames[0].source?.path ?? '', /counter-race\.py$/);
    const scopes = (await session.customRequest('scopes', { frameId: frames[0].id })).scopes as { name: string; variablesReference: number }[];
    const machine = await variablesOf(session, scopes.find((s) => s.name === 'Machine')!.variablesReference);
    const gil = machine.find((v) => v.name === 'gil');
    assert.ok(gil, `the Machine scope has the GIL: ${machine.map((v) => v.name).join(', ')}`);
    const holder = (await variablesOf(session, gil.variablesReference)).find((v) => v.name === 'holder');
    // The thread stopped on `counter = bump(counter)` runs bytecode, so it holds the GIL.
    const stopped = threads.find((t) => t.id === threadId)!;
    assert.ok(holder && /^"T\d+"$/.test(holder.value), `holder ${holder?.value}`);
    assert.ok(stopped.name.startsWith(`${JSON.parse(holder.value) as string} `), `${stopped.name} holds the GIL (holder ${holder.value})`);
    assert.match(stopped.name, /work/);
    await vscode.debug.stopDebugging(session);
  } finally {
    vscode.debug.removeBreakpoints([breakpoint]);
    tracker.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}, 3 * TIMEOUT_MS);
