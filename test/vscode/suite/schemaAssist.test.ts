/**
 * Schema-driven completion and hover in real VS Code, through the built-in
 * `vscode.executeCompletionItemProvider` / `vscode.executeHoverProvider` commands on
 * test/vscode/workspace/assist.scenario.yaml (never edited: positions are on its lines).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { extensionApi, workspaceFile } from './util';

async function openFixture(): Promise<vscode.TextDocument> {
  await extensionApi();
  const document = await vscode.workspace.openTextDocument(workspaceFile('assist.scenario.yaml'));
  assert.equal(document.languageId, 'interleave-scenario');
  return document;
}

function lineOf(document: vscode.TextDocument, pattern: RegExp): number {
  for (let line = 0; line < document.lineCount; line++) if (pattern.test(document.lineAt(line).text)) return line;
  throw new Error(`assist.scenario.yaml has no line matching ${pattern}`);
}

async function labelsAt(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

test('schema assist: the policies are offered after `policy: `', async () => {
  const document = await openFixture();
  const line = lineOf(document, /^ {2}policy: /);
  const labels = await labelsAt(document, new vscode.Position(line, '  policy: '.length));
  for (const policy of ['fair', 'round-robin', 'fifo', 'priority', 'mlfq']) assert.ok(labels.includes(policy), `missing ${policy} in ${labels.join(', ')}`);
});

test('schema assist: a step line of tasks.main offers step keys and the declared mutex methods', async () => {
  const document = await openFixture();
  const line = lineOf(document, /^ {4}- mu\.lock/);
  const labels = await labelsAt(document, new vscode.Position(line, '    - '.length));
  for (const expected of ['compute', 'sleep', 'go', 'join', 'yield', 'mu.unlock']) assert.ok(labels.includes(expected), `missing ${expected} in ${labels.join(', ')}`);
});

test('schema assist: hovering `gomaxprocs` shows its description', async () => {
  const document = await openFixture();
  const line = lineOf(document, /^ {2}gomaxprocs:/);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 4));
  const text = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /number of Ps/);
});

test('schema assist: after `mu.` (typed with its trigger character) only mu\'s steps, each with what it does', async () => {
  const document = await openFixture();
  const line = lineOf(document, /^ {4}- mu\.lock/);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider',
    document.uri, new vscode.Position(line, '    - mu.'.length), '.');
  const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  assert.deepEqual(labels.sort(), ['mu.lock', 'mu.try_lock', 'mu.unlock']);
  const lock = list.items.find((item) => item.label === 'mu.lock')!;
  const doc = lock.documentation instanceof vscode.MarkdownString ? lock.documentation.value : String(lock.documentation);
  assert.match(doc, /waits while another task holds it/);
});

test('schema assist: hovering a step `mu.lock` says what it does', async () => {
  const document = await openFixture();
  const line = lineOf(document, /^ {4}- mu\.lock/);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 8));
  const text = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /\*\*mu\.lock\*\*: Take the lock; waits while another task holds it\. \(`mu` is a mutex\.\)/);
});
