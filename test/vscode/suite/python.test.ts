/**
 * A `.py` file in real VS Code (issue 15): the race lens marks `counter = bump(counter)`
 * and the CodeLens row is there; F9 sets a breakpoint on that line, and the debugger stops
 * there with the GIL's holder in the Machine scope. A `.go` file takes a breakpoint the
 * same way and stops on it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { EXTENSION_ID, interleaveDiagnostics, startSession, toggleBreakpointAt, waitFor } from './util';

const TIMEOUT_MS = 120_000;

function exampleUri(relative: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return vscode.Uri.joinPath(extension.extensionUri, relative);
}

test('python: counter-race.py gets its race on the `counter = bump(counter)` line and the CodeLens row', async () => {
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

  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, 2 * TIMEOUT_MS);

interface Variable { name: string; value: string; variablesReference: number }

async function variablesOf(session: vscode.DebugSession, ref: number): Promise<Variable[]> {
  return (await session.customRequest('variables', { variablesReference: ref })).variables as Variable[];
}

/**
 * F9 on `line` (0-based) of `uri`, then a launch with stopOnEntry false, as a person sets a
 * breakpoint and presses F5: the first stop must be that breakpoint, the stopped thread's
 * top frame on the line; then `check` looks at the stop.
 */
async function stopAtBreakpoint(uri: vscode.Uri, line: number, check: (session: vscode.DebugSession, thread: { id: number; name: string }, frameId: number) => Promise<void>): Promise<void> {
  const breakpoint = await toggleBreakpointAt(uri, line);
  let run: Awaited<ReturnType<typeof startSession>> | undefined;
  try {
    run = await startSession(() => vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'interleave', request: 'launch', name: `Step through ${uri.path.split('/').pop()}`, program: uri.fsPath, stopOnEntry: false,
    }), TIMEOUT_MS);
    const { session, stops } = run;
    const stop = (await waitFor('the first stop', () => stops[0], (s) => s !== undefined, TIMEOUT_MS))!;
    assert.equal(stop.reason, 'breakpoint', 'the first stop is the breakpoint (not the race, not the end of the run)');
    const threads = (await session.customRequest('threads')).threads as { id: number; name: string }[];
    const thread = threads.find((t) => t.id === stop.threadId)!;
    const frames = (await session.customRequest('stackTrace', { threadId: thread.id })).stackFrames as { id: number; line: number; source?: { path?: string } }[];
    assert.equal(frames[0].line, line + 1, 'the editor shows the stop on the breakpoint\'s line');
    // VS Code hands the frame's source back as its own URI (vscode-remote://… under code-server).
    assert.ok(frames[0].source?.path?.endsWith(uri.path), `the frame is in ${uri.path}: ${frames[0].source?.path}`);
    await check(session, thread, frames[0].id);
  } finally {
    if (run) {
      await vscode.debug.stopDebugging(run.session);
      run.dispose();
    }
    vscode.debug.removeBreakpoints([breakpoint]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}

test('python: F9 on `counter = bump(counter)` in counter-race.py and F5 stop there, the stopped thread holding the GIL in the Machine scope', async () => {
  await stopAtBreakpoint(exampleUri('examples/python/counter-race.py'), 21, async (session, thread, frameId) => {
    assert.match(thread.name, /^T\d+ work#\d/);
    const scopes = (await session.customRequest('scopes', { frameId })).scopes as { name: string; variablesReference: number }[];
    const machine = await variablesOf(session, scopes.find((s) => s.name === 'Machine')!.variablesReference);
    const gil = machine.find((v) => v.name === 'gil');
    assert.ok(gil, `the Machine scope has the GIL: ${machine.map((v) => v.name).join(', ')}`);
    const holder = (await variablesOf(session, gil.variablesReference)).find((v) => v.name === 'holder');
    // The thread stopped on the line's bytecode is running it, so it holds the GIL.
    assert.ok(holder && thread.name.startsWith(`${JSON.parse(holder.value) as string} `), `${thread.name} holds the GIL (holder ${holder?.value})`);
  });
}, 3 * TIMEOUT_MS);

test('go: F9 on the channel send in hello-channel/main.go and F5 stop there, in the goroutine that sends', async () => {
  await stopAtBreakpoint(exampleUri('examples/go/hello-channel/main.go'), 11, async (_session, thread) => {
    assert.match(thread.name, /^G\d+ /);
    assert.doesNotMatch(thread.name, /^G1 /, 'the send is the backup goroutine\'s, not main\'s');
  });
}, 3 * TIMEOUT_MS);
