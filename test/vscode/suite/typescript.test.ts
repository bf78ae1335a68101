/**
 * `import … from "interleave"` in VS Code's own TypeScript (issue 16, item 1): the server
 * plugin (`contributes.typescriptServerPlugins`, node_modules/interleave-tsplugin) gives a
 * `.sim.ts` file the module's declarations in an inferred project (a folder with no
 * tsconfig: every example) and in a user's tsconfig project. TypeScript reports no ts(2307),
 * and completion after a WaitGroup's `.` offers `add`, `done` and `wait` with their docs.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from './runner';
import { EXTENSION_ID, waitFor } from './util';

/** tsserver starts and loads its plugins once per window: generous on a loaded 2-core machine. */
const TIMEOUT_MS = 180_000;

/** A line with a type error of our own: once TypeScript reports it, its check of the file is done. */
const PROBE = '\nconst probe: number = "not a number";\n';
const PROBE_CODE = 2322;
const PROBE_MESSAGE = "Type 'string' is not assignable to type 'number'.";

function tsCodes(uri: vscode.Uri): number[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ts')
    .map((d) => Number(typeof d.code === 'object' ? d.code.value : d.code));
}

function docText(item: vscode.CompletionItem): string {
  const doc = item.documentation;
  return typeof doc === 'string' ? doc : doc?.value ?? '';
}

/**
 * examples/deadlock/two-mutexes.sim.ts plus PROBE, written in `folder` (after `setUp`) and
 * opened; waits for TypeScript's diagnostics of it and checks that none is ts(2307); then
 * completes after `done.` on the `done.add(2)` line, as typing `.` does. (The file is written
 * on disk, not edited in the editor: code-server saves edits by itself, files.autoSave.)
 */
async function checkInterleaveImport(folder: string): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const file = join(folder, 'two-mutexes.sim.ts');
  writeFileSync(file, readFileSync(vscode.Uri.joinPath(extension.extensionUri, 'examples/deadlock/two-mutexes.sim.ts').fsPath, 'utf8') + PROBE);
  const uri = vscode.Uri.file(file);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  assert.equal(editor.document.languageId, 'typescript');
  try {
    const codes = await waitFor(`TypeScript's diagnostics of ${uri.path}`, () => tsCodes(uri), (c) => c.includes(PROBE_CODE), TIMEOUT_MS);
    assert.ok(!codes.includes(2307), `ts(2307) "Cannot find module 'interleave'": ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`);
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ts' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`), [`${editor.document.lineCount - 1}: ${PROBE_MESSAGE}`], 'the probe is the only TypeScript error');

    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('done.add(2)'));
    assert.ok(line >= 0);
    const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('done.') + 'done.'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, '.', 20);
    const byName = new Map(list.items.map((item) => [typeof item.label === 'string' ? item.label : item.label.label, item]));
    for (const [name, doc] of [['add', /Adds `n`/], ['done', /Decrements the counter/], ['wait', /Blocks until the counter is zero/]] as const) {
      const item = byName.get(name);
      assert.ok(item, `\`done.\` offers ${name}: ${[...byName.keys()].join(', ')}`);
      assert.equal(item.kind, vscode.CompletionItemKind.Method, `${name} is a method, not a word`);
      assert.match(docText(item), doc, `${name}'s documentation`);
    }
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}

test('typescript: an example .sim.ts in a folder with no tsconfig (an inferred project) resolves "interleave": no ts(2307), and `done.` offers add, done, wait with docs', async () => {
  await checkInterleaveImport(mkdtempSync(join(tmpdir(), 'interleave-inferred-')));
}, 2 * TIMEOUT_MS);

test('typescript: a .sim.ts in a user\'s tsconfig project does too', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'interleave-tsconfig-'));
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' }, include: ['*.ts'] }));
  await checkInterleaveImport(folder);
}, 2 * TIMEOUT_MS);
