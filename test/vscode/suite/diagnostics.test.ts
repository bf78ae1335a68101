import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { extensionApi, interleaveDiagnostics, waitFor, workspaceFile } from './util';

test('diagnostics: a scenario with a YAML error gets a diagnostic on the right line', async () => {
  const uri = workspaceFile('broken.scenario.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const diagnostics = await waitFor('diagnostics on broken.scenario.yaml', () => interleaveDiagnostics(uri), (d) => d.length > 0);
  // `- compute: 2ms: oops` is line 4 (1-based), i.e. line 3 in the API.
  assert.equal(diagnostics[0].range.start.line, 3);
  assert.equal(diagnostics[0].source, 'interleave');
  assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
  assert.match(diagnostics[0].message, /YAML/);
});

test('diagnostics: a clean scenario has none', async () => {
  const uri = workspaceFile('clean.scenario.yaml');
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  // `check` resolves once the worker's answer is in the collection.
  await (await extensionApi()).diagnostics.check(document);
  assert.deepEqual(interleaveDiagnostics(uri), []);
});

test('diagnostics: typing an error adds a diagnostic, undoing it clears it', async () => {
  const uri = workspaceFile('clean.scenario.yaml');
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const line = 9; // `    - compute: 2ms` (0-based 9)
  assert.match(editor.document.lineAt(line).text, /compute: 2ms/);
  const end = editor.document.lineAt(line).range.end;
  await editor.edit((edit) => edit.insert(end, ': oops'));
  const diagnostics = await waitFor('a diagnostic after typing', () => interleaveDiagnostics(uri), (d) => d.length > 0);
  assert.equal(diagnostics[0].range.start.line, line);
  await vscode.commands.executeCommand('undo');
  await waitFor('the diagnostic to clear', () => interleaveDiagnostics(uri), (d) => d.length === 0);
  assert.equal(editor.document.isDirty, false);
});

test('diagnostics: one collection, named interleave, holds them', async () => {
  const { diagnostics } = await extensionApi();
  assert.equal(diagnostics.collection.name, 'interleave');
  const uri = workspaceFile('broken.scenario.yaml');
  assert.ok((diagnostics.collection.get(uri) ?? []).length > 0);
});

test('diagnostics: a scenario error beyond YAML syntax (an undeclared lock) is marked on its step', async () => {
  const uri = workspaceFile('unknown-sync.scenario.yaml');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const diagnostics = await waitFor('diagnostics on unknown-sync.scenario.yaml', () => interleaveDiagnostics(uri), (d) => d.length > 0);
  // `    - mu.lock` is line 5 (1-based); the range covers the step, not the whole line.
  assert.equal(diagnostics[0].range.start.line, 4);
  assert.equal(diagnostics[0].range.start.character, 6);
  assert.match(diagnostics[0].message, /mu/);
});
