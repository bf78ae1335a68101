/**
 * The simulation panel in real VS Code: it opens for a Go example, its page runs under the
 * strict CSP (it posts `ready`), it is sent the example's Ps and Gs, it answers the page's
 * requests, and it follows the debugger. The panel controller comes from the extension's
 * API (`InterleaveApi.panel`, src/extension/panel/register.ts).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CompareMessage, HostMessage, LoadMessage, MomentMessage } from '../../../src/protocol/panel';
import type { PanelController } from '../../../src/extension/panel/register';
import type { SimulationPanel } from '../../../src/extension/panel/panel';
import { test } from './runner';
import { EXTENSION_ID, extensionApi, waitFor } from './util';

async function panels(): Promise<PanelController> {
  const api = (await extensionApi()) as unknown as { panel?: PanelController };
  if (!api.panel) throw new Error('the extension API has no `panel`: activate() must return registerPanel(context, host) as `panel`');
  return api.panel;
}

function example(rel: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return vscode.Uri.joinPath(extension.extensionUri, 'examples', rel);
}

const GO_STEAL = 'gmp/run-queues-and-stealing.scenario.yaml';

function lastOf<T extends HostMessage['type']>(panel: SimulationPanel, type: T): Extract<HostMessage, { type: T }> | undefined {
  for (let i = panel.posted.length - 1; i >= 0; i--) if (panel.posted[i].type === type) return panel.posted[i] as Extract<HostMessage, { type: T }>;
  return undefined;
}

async function openGoPanel(): Promise<SimulationPanel> {
  const controller = await panels();
  const uri = example(GO_STEAL);
  await controller.show(uri);
  const panel = await waitFor('the panel to open', () => controller.panelFor(uri), (p) => p !== undefined);
  await waitFor('the page to post ready and get a moment', () => panel!.posted.map((m) => m.type).join(','), (types) => types.includes('moment'), 30_000);
  return panel!;
}

test('panel: opens for a Go example; the page runs (ready) and is sent its Ps and Gs', async () => {
  const panel = await openGoPanel();
  assert.ok(panel.received.some((m) => m.type === 'ready'), 'the page script ran under the CSP and posted ready');
  assert.equal(panel.webviewPanel.viewType, 'interleave.panel');
  assert.equal(panel.webviewPanel.webview.options.enableScripts, true);
  const roots = (panel.webviewPanel.webview.options.localResourceRoots ?? []).map((u) => u.path.split('/').pop());
  assert.deepEqual(roots, ['dist', 'media']);
  const load = lastOf(panel, 'load') as LoadMessage;
  assert.ok(load, 'a load message was posted');
  const lanes = (kind: string) => load.timeline.lanes.filter((l) => l.kind === kind).map((l) => l.label);
  assert.deepEqual(lanes('p'), ['P0', 'P1', 'P2', 'P3']);
  assert.deepEqual(load.timeline.tasks.map((t) => t.id), ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8', 'G9']);
  assert.ok(load.timeline.intervals.start instanceof Float64Array, 'columns arrive as typed arrays');
  assert.ok(load.summary.steals > 0, 'idle Ps stole work');
  const moment = lastOf(panel, 'moment') as MomentMessage;
  assert.deepEqual(moment.machine.processors.map((p) => p.id), ['P0', 'P1', 'P2', 'P3']);
});

test('panel: answers the page: seek, step, stepBack, what-if, reveal', async () => {
  const panel = await openGoPanel();
  await panel.receive({ type: 'seek', id: 41, event: 20 });
  const seek = lastOf(panel, 'moment')!;
  assert.equal(seek.replyTo, 41);
  assert.equal(seek.event, 20);
  await panel.receive({ type: 'step', id: 42 });
  assert.equal(lastOf(panel, 'moment')!.event, 21);
  await panel.receive({ type: 'stepBack', id: 43 });
  assert.equal(lastOf(panel, 'moment')!.event, 20);
  await panel.receive({ type: 'whatIf', id: 44, settings: { gomaxprocs: 1 } });
  const compare = lastOf(panel, 'compare') as CompareMessage;
  assert.equal(compare.replyTo, 44);
  assert.deepEqual(compare.timeline.lanes.filter((l) => l.kind === 'p').map((l) => l.label), ['P0']);
  assert.ok(compare.summary.makespanNs > (lastOf(panel, 'load') as LoadMessage).summary.makespanNs, 'one P is slower');
  // A malformed message is dropped, not answered.
  const before = panel.posted.length;
  await panel.receive({ type: 'seek', id: -1, event: 'x' });
  assert.equal(panel.posted.length, before);
  const at = example(GO_STEAL).fsPath;
  await panel.receive({ type: 'reveal', location: { file: at, line: 26, column: 7 } });
  const editor = await waitFor('the source to open', () => vscode.window.activeTextEditor, (e) => e?.document.uri.fsPath === at);
  assert.equal(editor!.selection.active.line, 25);
});

test('panel: the Show Panel command takes the race lens\'s { uri, schedule } and an event to open at', async () => {
  const panel = await openGoPanel();
  const uri = example(GO_STEAL);
  const text = (await vscode.workspace.openTextDocument(uri)).getText();
  const { schedule } = await (await extensionApi()).host.request('panel-load', { file: uri.fsPath, text });
  await vscode.commands.executeCommand('interleave.showPanel', { uri, schedule, event: 12 });
  const moment = await waitFor('the moment at event 12', () => lastOf(panel, 'moment'), (m) => m?.event === 12);
  assert.equal(moment!.replyTo, undefined);
});

test('panel: follows the debugger\'s moment (interleave/moment), without a replyTo', async () => {
  const controller = await panels();
  const panel = await openGoPanel();
  const uri = example(GO_STEAL);
  const debuggers = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes?: { debuggers?: { type: string }[] } })
    .contributes?.debuggers ?? [];
  if (debuggers.some((d) => d.type === 'interleave')) {
    // The session of this file (another test's session may still be running).
    let session: vscode.DebugSession | undefined;
    const sub = vscode.debug.onDidStartDebugSession((s) => {
      if (s.name === 'panel follows') session = s;
    });
    const started = await vscode.debug.startDebugging(undefined, { type: 'interleave', request: 'launch', name: 'panel follows', program: uri.fsPath, stopOnEntry: true });
    sub.dispose();
    assert.ok(started, 'the debug session started');
    await waitFor('the debug session', () => session, (s) => s !== undefined);
    await waitFor('the session note', () => lastOf(panel, 'session')?.debugging, (d) => d === true);
    await session!.customRequest('next', { threadId: 1 });
    const followed = await waitFor('the panel to follow the step', () => lastOf(panel, 'moment'), (m) => m !== undefined && m.replyTo === undefined && m.event > 0);
    assert.ok(followed!.event > 0);
    // And the debugger follows the scrubber: a seek from the page moves the session.
    const seen: number[] = [];
    const sub2 = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session === session && e.event === 'interleave/moment') seen.push((e.body as { index: number }).index);
    });
    try {
      await panel.receive({ type: 'seek', id: 90, event: 17 });
      await waitFor('the debugger to move to event 17', () => seen.at(-1), (i) => i === 17);
    } finally {
      sub2.dispose();
    }
    await vscode.debug.stopDebugging(session);
    await waitFor('the session note to clear', () => lastOf(panel, 'session')?.debugging, (d) => d === false);
  } else {
    await controller.followDebugMoment(33, uri.fsPath);
    const followed = lastOf(panel, 'moment')!;
    assert.equal(followed.event, 33);
    assert.equal(followed.replyTo, undefined);
  }
});

test('panel: opened during a debug session, it opens at the debugger\'s moment, and its Step goes on from there', async () => {
  const controller = await panels();
  const uri = example(GO_STEAL);
  // Start with no panel for the file: the debugger moves first.
  controller.panelFor(uri)?.webviewPanel.dispose();
  await waitFor('no panel for the file', () => controller.panelFor(uri), (p) => p === undefined);
  let session: vscode.DebugSession | undefined;
  const moments: number[] = [];
  const subs = [
    vscode.debug.onDidStartDebugSession((s) => {
      if (s.name === 'panel opens at the debugger') session = s;
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.name === 'panel opens at the debugger' && e.event === 'interleave/moment') moments.push((e.body as { index: number }).index);
    }),
  ];
  try {
    assert.ok(await vscode.debug.startDebugging(undefined, { type: 'interleave', request: 'launch', name: 'panel opens at the debugger', program: uri.fsPath, stopOnEntry: true }));
    await waitFor('the debug session', () => session, (s) => s !== undefined);
    for (let i = 0; i < 3; i++) {
      const before = moments.length;
      await session!.customRequest('next', { threadId: 1 });
      await waitFor('the debugger to move', () => moments.length, (n) => n > before);
    }
    // Every moment event of those steps has arrived (none for a second).
    for (let n = -1, tries = 0; n !== moments.length && tries < 30; tries++) {
      n = moments.length;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const at = moments.at(-1)!;
    assert.ok(at > 0, 'the debugger moved past the first moment');
    await controller.show(uri);
    const panel = await waitFor('the panel to open', () => controller.panelFor(uri), (p) => p !== undefined);
    const first = await waitFor('the panel\'s first moment', () => panel!.posted.find((m) => m.type === 'moment') as MomentMessage | undefined, (m) => m !== undefined, 30_000);
    assert.equal(first!.event, at, 'the panel opened at the debugger\'s moment, not at moment 1');
    // The panel's Step moves the debugger one moment on from there, not back to the start.
    await panel!.receive({ type: 'step', id: 95 });
    assert.equal(lastOf(panel!, 'moment')!.event, at + 1);
    await waitFor('the debugger to follow the panel', () => moments.at(-1), (i) => i === at + 1);
  } finally {
    for (const s of subs) s.dispose();
    if (session) await vscode.debug.stopDebugging(session);
  }
});
