import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { waitFor, workspaceFile } from './util';

interface Moment { index: number; at?: { line: number } }
interface Stop { reason: string; threadId?: number }

/**
 * A user waits for VS Code to stop (the adapter's `stopped` event, which moves the editor to
 * the line), so the test waits for that too, with limits for a loaded 2-core machine: the
 * session's worker starts and compiles the file first. The `interleave/moment` the adapter
 * publishes after each stop says exactly where in the run it is.
 */
const STOP_TIMEOUT_MS = 60_000;

function recordStops(): { stops: Stop[]; moments: Moment[]; dispose(): void } {
  const stops: Stop[] = [];
  const moments: Moment[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('interleave', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: Stop }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
      },
    }),
  });
  const sub = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.event === 'interleave/moment') moments.push(e.body as Moment);
  });
  return { stops, moments, dispose: () => { tracker.dispose(); sub.dispose(); } };
}

/** The line of the top frame of the thread that stopped: where the editor shows the stop. */
async function stoppedLine(session: vscode.DebugSession, stop: Stop): Promise<number> {
  const threads = (await session.customRequest('threads')).threads as { id: number }[];
  const threadId = stop.threadId ?? threads[0].id;
  const frames = (await session.customRequest('stackTrace', { threadId })).stackFrames as { line: number }[];
  return frames[0]?.line ?? 0;
}

test('debugger: stops at a breakpoint in a scenario, and steps forwards and backwards', async () => {
  const uri = workspaceFile('stepping.scenario.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const incrLine = 14; // 0-based: `- counter.incr`
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(incrLine, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  const record = recordStops();
  /** The next stop after `count` stops, and the moment it published. */
  const nextStop = async (what: string, count: number) => {
    const stop = (await waitFor(what, () => record.stops[count], (s) => s !== undefined, STOP_TIMEOUT_MS))!;
    const moment = (await waitFor(`the moment of ${what}`, () => record.moments[count], (m) => m !== undefined, STOP_TIMEOUT_MS))!;
    return { stop, moment };
  };
  try {
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'interleave', request: 'launch', name: 'Step through stepping.scenario.yaml', program: uri.fsPath, stopOnEntry: true,
    });
    assert.equal(started, true);
    const session = (await waitFor('the interleave debug session', () => vscode.debug.activeDebugSession, (s) => s?.type === 'interleave', STOP_TIMEOUT_MS))!;
    const entry = await nextStop('the entry stop', 0);
    assert.equal(entry.stop.reason, 'entry');
    // A debug command acts on the focused thread: wait until VS Code has focused the stopped one
    // (a command sent as the stop event leaves the adapter finds no thread and does nothing).
    await waitFor('VS Code to focus the stopped thread', () => vscode.debug.activeStackItem, (item) => item?.session.id === session.id, STOP_TIMEOUT_MS);

    await vscode.commands.executeCommand('workbench.action.debug.continue');
    const hit = await nextStop('the stop at the breakpoint', 1);
    assert.equal(hit.stop.reason, 'breakpoint');
    assert.equal(hit.moment.at?.line, incrLine + 1);
    assert.equal(await stoppedLine(session, hit.stop), incrLine + 1, 'the editor shows the stop on the breakpoint line');

    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    const forward = await nextStop('a step forward', 2);
    assert.equal(forward.moment.index, hit.moment.index + 1);

    await vscode.commands.executeCommand('workbench.action.debug.stepBack');
    const back = await nextStop('a step back', 3);
    assert.equal(back.moment.index, hit.moment.index, 'stepping back returns to the breakpoint\'s moment exactly');
    assert.equal(back.moment.at?.line, incrLine + 1);
    assert.equal(await stoppedLine(session, back.stop), incrLine + 1);
    await vscode.debug.stopDebugging(session);
  } finally {
    vscode.debug.removeBreakpoints([breakpoint]);
    record.dispose();
  }
}, 4 * STOP_TIMEOUT_MS);
