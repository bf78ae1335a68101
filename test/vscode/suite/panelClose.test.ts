/**
 * Closing a panel (issue 16, item 4): closing its tab, as a person does, logs no error in the
 * extension host (it threw `Webview is disposed` from the close handler, which then skipped the
 * rest of `dispose()` and left the panel's listeners behind: a save of its file afterwards
 * reloaded the closed panel and threw again); and the file's panel opens again and works.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/protocol/panel';
import type { SimulationPanel } from '../../../src/extension/panel/panel';
import { test } from './runner';
import { EXTENSION_ID, extensionApi, waitFor } from './util';

/** The extension host's log (remoteexthost.log under code-server, exthost.log on the desktop), beside this extension's log folder. */
async function extensionHostLog(): Promise<string> {
  const folder = dirname((await extensionApi()).logUri.fsPath);
  const name = existsSync(folder) ? readdirSync(folder).find((f) => /exthost\.log$/i.test(f)) : undefined;
  if (!name) throw new Error(`no extension host log in ${folder}`);
  return join(folder, name);
}

/** What the log gained since `from` (a byte offset). */
function logSince(file: string, from: number): string {
  return readFileSync(file).subarray(from).toString('utf8');
}

function lastMoment(panel: SimulationPanel): Extract<HostMessage, { type: 'moment' }> | undefined {
  for (let i = panel.posted.length - 1; i >= 0; i--) {
    const m = panel.posted[i];
    if (m.type === 'moment') return m;
  }
  return undefined;
}

async function openPanel(uri: vscode.Uri): Promise<SimulationPanel> {
  const { panel: controller } = await extensionApi();
  await controller.show(uri);
  const panel = (await waitFor('the panel to open', () => controller.panelFor(uri), (p) => p !== undefined))!;
  await waitFor('the page to post ready and get a moment', () => lastMoment(panel), (m) => m !== undefined, 60_000);
  return panel;
}

/** The panel's tab, closed as its × does. */
async function closeTab(panel: SimulationPanel): Promise<void> {
  const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.label === panel.webviewPanel.title);
  assert.ok(tab, `the panel's tab "${panel.webviewPanel.title}"`);
  assert.equal(await vscode.window.tabGroups.close(tab), true);
}

test('panel: closing its tab logs no error and leaves nothing listening; the file\'s panel opens again and steps', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  // A copy, so that saving it (below) touches no file of the extension.
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-panel-close-')), 'hello-channel.scenario.yaml');
  copyFileSync(vscode.Uri.joinPath(extension.extensionUri, 'examples/channels/hello-channel.scenario.yaml').fsPath, file);
  const uri = vscode.Uri.file(file);
  const log = await extensionHostLog();
  const from = statSync(log).size;
  const { panel: controller } = await extensionApi();

  const first = await openPanel(uri);
  await closeTab(first);
  await waitFor('the closed panel to be forgotten', () => controller.panelFor(uri), (p) => p === undefined);
  // A closed panel's save listener is gone: saving its file reloads nothing (a leaked one
  // reloaded the closed panel, whose post threw `Webview is disposed` again).
  const lastPosted = first.posted.at(-1);
  let saved = false;
  const onSave = vscode.workspace.onDidSaveTextDocument((d) => { if (d.uri.toString() === uri.toString()) saved = true; });
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# saved after the panel closed\n'));
    // Saved by us or by code-server's own files.autoSave, whichever comes first.
    await doc.save();
    await waitFor('the file to be saved', () => saved, (s) => s);
  } finally {
    onSave.dispose();
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  assert.equal(first.posted.at(-1), lastPosted, 'the closed panel was sent nothing after its file was saved');

  const second = await openPanel(uri);
  assert.notEqual(second, first);
  const at = lastMoment(second)!.event;
  await second.receive({ type: 'step', id: 7 });
  const stepped = await waitFor('the reopened panel to answer a step', () => lastMoment(second), (m) => m?.replyTo === 7);
  assert.equal(stepped!.event, at + 1);
  await closeTab(second);
  await waitFor('the second panel to be forgotten', () => controller.panelFor(uri), (p) => p === undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  const logged = logSince(log, from);
  assert.doesNotMatch(logged, /Webview is disposed/, `the extension host logged:\n${logged}`);
  const ours = logged.split('\n').filter((line) => /\[error\]/.test(line) && /interleave/i.test(line));
  assert.deepEqual(ours, [], 'no error from the extension');
}, 180_000);
