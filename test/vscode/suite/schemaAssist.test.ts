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
