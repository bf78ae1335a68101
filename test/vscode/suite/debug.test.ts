import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { waitFor, workspaceFile } from './util';

interface Moment { index: number; at?: { line: number } }

/** Every `interleave/moment` the debug adapter publishes, in order. */
function recordMoments(): { moments: Moment[]; dispose(): void } {
  const moments: Moment[] = [];
  const sub = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.event === 'interleave/moment') moments.push(e.body as Moment);
  });
  return { moments, dispose: () => sub.dispose() };
}

async function topFrameLine(session: vscode.DebugSession): Promise<number> {
  const threads = (await session.customRequest('threads')).threads as { id: number }[];
  const item = vscode.debug.activeStackItem;
  const threadId = item instanceof vscode.DebugThread || item instanceof vscode.DebugStackFrame ? item.threadId : threads[0].id;
  const frames = (await session.customRequest('stackTrace', { threadId })).stackFrames as { line: number }[];
  return frames[0]?.line ?? 0;
}

test('debugger: stops at a breakpoint in a scenario, and steps forwards and backwards', async () => {
  const uri = workspaceFile('stepping.scenario.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const incrLine = 14; // 0-based: `- counter.incr`
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(incrLine, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  const record = recordMoments();
  try {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'interleave', request: 'launch', name: 'Step through stepping.scenario.yaml', program: uri.fsPath, stopOnEntry: true,
    });
    assert.equal(started, true);
    const session = await waitFor('the interleave debug session', () => vscode.debug.activeDebugSession, (s) => s?.type === 'interleave');
    await waitFor('the entry stop', () => record.moments.length, (n) => n >= 1, 20_000);
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const hit = await waitFor('the breakpoint', () => record.moments.at(-1), (m) => m?.at?.line === incrLine + 1, 20_000);
    assert.equal(await topFrameLine(session!) > 0, true);

    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    const forward = await waitFor('a step forward', () => record.moments.at(-1), (m) => (m?.index ?? 0) > hit!.index, 20_000);
    assert.equal(forward!.index, hit!.index + 1);

    await vscode.commands.executeCommand('workbench.action.debug.stepBack');
    const back = await waitFor('a step back', () => record.moments.at(-1), (m) => m?.index === hit!.index, 20_000);
    assert.equal(back!.at?.line, incrLine + 1, 'stepping back returns to the breakpoint line exactly');
    await vscode.debug.stopDebugging(session);
  } finally {
    vscode.debug.removeBreakpoints([breakpoint]);
    record.dispose();
  }
});
