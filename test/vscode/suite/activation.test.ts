import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { EXTENSION_ID, extensionApi, waitFor, workspaceFile } from './util';

test('activation: the extension activates on its own for a workspace with scenarios', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  // workspaceContains:**/*.scenario.yaml activates it without anything being opened.
  await waitFor('the extension to be active', () => extension.isActive, (active) => active);
  const events: string[] = extension.packageJSON.activationEvents;
  assert.ok(!events.includes('*'), 'no `*` activation');
  assert.ok(events.includes('onLanguage:interleave-scenario'));
});

test('activation: *.scenario.yaml opens as the interleave-scenario language', async () => {
  const document = await vscode.workspace.openTextDocument(workspaceFile('clean.scenario.yaml'));
  assert.equal(document.languageId, 'interleave-scenario');
});

test('activation: the contributed commands are registered', async () => {
  const commands = await vscode.commands.getCommands(true);
  const contributed: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
  for (const { command } of contributed) assert.ok(commands.includes(command), `${command} is registered`);
});

test('activation: in a workspace with .sim.ts files the worker loads the TypeScript compiler at start-up', async () => {
  const api = await extensionApi();
  // What the race lens's first check of a .sim.ts file would otherwise pay for (lensBench.ts: about a second).
  const warmed = await api.warmUp;
  assert.ok(warmed, 'the start-up warm-up ran');
  assert.ok(warmed.ms > 0);
});
