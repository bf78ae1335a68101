/**
 * The race lens in real VS Code: findings as diagnostics on the right line with related
 * information, their code actions (show, step, fix), the CodeLens row, Run, Compare and
 * the fall-back explanation of a schedule.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from './runner';
import { EXTENSION_ID, extensionApi, interleaveDiagnostics, waitFor } from './util';
import { RACE } from '../../shared/raceScenario';


const fixtures = mkdtempSync(join(tmpdir(), 'interleave-lens-'));

function fixture(name: string, text: string): vscode.Uri {
  const file = join(fixtures, name);
  writeFileSync(file, text);
  return vscode.Uri.file(file);
}

function exampleUri(relative: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return vscode.Uri.joinPath(extension.extensionUri, relative);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/**
 * Opens the file and waits for what the user waits for, its data-race diagnostic; the limit
 * is for a loaded 2-core machine (the first .sim.ts check also loads the TypeScript compiler).
 */
async function openAndWaitForRace(uri: vscode.Uri, timeoutMs = 60_000): Promise<vscode.Diagnostic> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const diagnostics = await waitFor(`a data-race diagnostic on ${uri.path}`, () => interleaveDiagnostics(uri), (d) => d.some((x) => codeOf(x) === 'data-race'), timeoutMs);
  return diagnostics.find((x) => codeOf(x) === 'data-race')!;
}

async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

test('lens: lost-update.scenario.yaml gets the data race on the `counter.incr` line, with related information', async () => {
  const uri = exampleUri('examples/races/lost-update.scenario.yaml');
  const race = await openAndWaitForRace(uri);
  // `        - counter.incr` is line 31 (1-based); the range is the step itself.
  assert.equal(race.range.start.line, 30);
  assert.equal(race.range.start.character, 10);
  assert.equal(race.range.end.character, 22);
  assert.equal(race.source, 'interleave');
  assert.equal(race.severity, vscode.DiagnosticSeverity.Warning);
  assert.match(race.message, /Data race on `counter`/);
  assert.ok(typeof race.code === 'object' && race.code.target.scheme === 'interleave-explain' && race.code.target.path === '/data-race.md');
  const related = race.relatedInformation ?? [];
  assert.ok(related.some((r) => /conflicting write/.test(r.message) && r.location.range.start.line === 30), 'the other access');
  assert.ok(related.some((r) => /created here/.test(r.message) && r.location.range.start.line === 24), 'the creation site');
  assert.ok(related.every((r) => r.location.uri.toString() === uri.toString()));
  // The expectations are findings too: `final: { counter: 200 }` fails on line 34.
  const expectation = interleaveDiagnostics(uri).find((d) => codeOf(d) === 'expectation' && d.range.start.line === 33);
  assert.equal(expectation?.severity, vscode.DiagnosticSeverity.Error);
});

test('lens: the explanation link of a finding opens a readable page', async () => {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'interleave-explain', path: '/data-race.md' }));
  assert.match(document.getText(), /^# Data race/);
});

test('lens: a race has the code actions "Show the interleaving", "Step through it" and two fixes', async () => {
  const uri = fixture('actions.scenario.yaml', RACE);
  const race = await openAndWaitForRace(uri);
  const titles = (await codeActionsAt(uri, race.range)).map((a) => a.title);
  for (const title of ['Show the interleaving', 'Step through it', 'Use an atomic: `counter.atomic_add: 1`', 'Wrap in `mu.lock` / `mu.unlock` (declares `mu: mutex`)']) {
    assert.ok(titles.includes(title), `missing "${title}" in ${JSON.stringify(titles)}`);
  }
  const show = (await codeActionsAt(uri, race.range)).find((a) => a.title === 'Show the interleaving')!;
  assert.equal(show.command?.command, 'interleave.showInterleaving');
  assert.match(String(show.command?.arguments?.[1]), /^v1:/);
});

test('lens: applying the mutex fix removes the race', async () => {
  const uri = fixture('fix.scenario.yaml', RACE);
  const race = await openAndWaitForRace(uri);
  const wrap = (await codeActionsAt(uri, race.range)).find((a) => a.title.startsWith('Wrap in `mu.lock`'));
  assert.ok(wrap?.edit, 'the wrap fix has an edit');
  assert.ok(await vscode.workspace.applyEdit(wrap.edit));
  const document = await vscode.workspace.openTextDocument(uri);
  assert.match(document.getText(), /- mu\.lock\n {8}- counter\.incr\n {8}- mu\.unlock/);
  await waitFor('the race to go away after the fix', () => interleaveDiagnostics(uri), (d) => d.length === 0, 60_000);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('lens: the CodeLens row sits above `name:`', async () => {
  const uri = fixture('lens.scenario.yaml', `# a comment first\n${RACE}`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  const ours = lenses.filter((l) => l.command?.command.startsWith('interleave.'));
  assert.deepEqual(ours.map((l) => l.command?.title), ['▶ Run', '⏭ Step', '⟲ Explore', '⚖ Compare…']);
  assert.deepEqual(ours.map((l) => l.command?.command), ['interleave.run', 'interleave.step', 'interleave.explore', 'interleave.compare']);
  assert.ok(ours.every((l) => l.range.start.line === 1));
});

test('lens: Run returns the makespan, tasks and findings of one timed run', async () => {
  const uri = fixture('run.scenario.yaml', RACE);
  const result = await vscode.commands.executeCommand<{ makespanNs?: number; tasks: unknown[]; errors: unknown[] }>('interleave.run', uri);
  assert.ok(result, 'Run returned a result');
  assert.deepEqual(result.errors, []);
  assert.ok((result.makespanNs ?? 0) > 0);
  assert.equal(result.tasks.length, 3);
});

test('lens: the status bar shows the active file\'s last result', async () => {
  const uri = fixture('status.scenario.yaml', RACE);
  await openAndWaitForRace(uri);
  const api = await extensionApi() as Awaited<ReturnType<typeof extensionApi>> & { lens?: { statusBar: { item: vscode.StatusBarItem } } };
  assert.ok(api.lens, 'activate() returns the lens (InterleaveApi.lens)');
  const item = api.lens.statusBar.item;
  await waitFor('the status bar text', () => item.text, (t) => /findings? · \d+ schedules/.test(t));
  assert.match(item.text, /^\$\(warning\) [\d.]+ (ns|µs|ms|s) · \d+ findings? · \d+ schedules/);
  assert.equal(item.command, 'interleave.showOutput');
  const found = /· (\d+) findings?/.exec(item.text)![1];
  // A Run shows one schedule; the check's findings (still in Problems) stay counted.
  await vscode.commands.executeCommand('interleave.run', uri);
  const after = /^\$\(warning\) [\d.]+ (ns|µs|ms|s) · (\d+) findings? · \d+ schedules/.exec(item.text);
  assert.ok(after, `the status bar after Run: ${item.text}`);
  assert.ok(Number(after[2]) >= Number(found), `Run kept the check's ${found} findings: ${item.text}`);
});

test('lens: Compare runs both values and shows a side-by-side summary', async () => {
  const uri = fixture('compare.scenario.yaml', RACE);
  const summary = await vscode.commands.executeCommand<vscode.TextDocument>('interleave.compare', uri, 'machine.cores', [1, 2]);
  assert.ok(summary, 'Compare returned its summary');
  assert.match(summary.getText(), /\| machine \| 1 core × 1 hardware thread, threads, fair policy \| 2 cores × 1 hardware thread, threads, fair policy \|/);
  assert.match(summary.getText(), /\| makespan \|/);
});

test('lens: Explore explores more schedules and reports them', async () => {
  const uri = fixture('explore.scenario.yaml', RACE);
  const result = await vscode.commands.executeCommand<{ schedules: number; findings: { kind: string }[] }>('interleave.explore', uri);
  assert.ok(result, 'Explore returned a result');
  assert.ok(result.schedules > 1);
  assert.ok(result.findings.some((f) => f.kind === 'data-race'));
});

test('lens: "Show the interleaving" opens the panel, or else a step-by-step document of the schedule', async () => {
  const uri = fixture('show.scenario.yaml', RACE);
  const race = await openAndWaitForRace(uri);
  const show = (await codeActionsAt(uri, race.range)).find((a) => a.title === 'Show the interleaving')!;
  const [target, schedule] = show.command!.arguments as [vscode.Uri, string];
  const panel = (await vscode.commands.getCommands(true)).includes('interleave.showPanel');
  const shown = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(show.command!.command, target, schedule);
  assert.equal(shown === undefined, panel, 'the panel when it is registered, else the document');
  const api = await extensionApi() as Awaited<ReturnType<typeof extensionApi>> & { lens?: { openExplanation(uri: vscode.Uri, schedule: string): Promise<vscode.TextDocument> } };
  const explanation = shown ?? await api.lens!.openExplanation(target, schedule);
  assert.match(explanation.getText(), /T[23] reads `counter` \(line 13:11\)/);
  assert.match(explanation.getText(), /T[23] writes `counter` = 1 \(line 13:11\)/);
});

test('lens: "Step through it" starts an interleave debug session on the finding\'s schedule', async () => {
  const uri = fixture('step.scenario.yaml', RACE);
  const race = await openAndWaitForRace(uri);
  const step = (await codeActionsAt(uri, race.range)).find((a) => a.title === 'Step through it')!;
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const subscription = vscode.debug.onDidStartDebugSession((session) => {
      subscription.dispose();
      resolve(session);
    });
  });
  const ok = await vscode.commands.executeCommand<boolean>(step.command!.command, ...(step.command!.arguments ?? []));
  assert.equal(ok, true);
  const session = await started;
  try {
    assert.equal(session.type, 'interleave');
    assert.equal(session.configuration.program, uri.fsPath);
    assert.equal(session.configuration.schedule, step.command!.arguments![1]);
  } finally {
    await vscode.debug.stopDebugging(session);
  }
});

test('lens: a .sim.ts race is marked on `hits++`, with the mutex fix and the CodeLens row above main', async () => {
  assert.equal(vscode.workspace.isTrusted, true, 'the harness runs with workspace trust off (trusted)');
  const uri = exampleUri('examples/races/lost-update.sim.ts');
  const race = await openAndWaitForRace(uri, 120_000);
  // `      hits++;` is line 22 (1-based).
  assert.equal(race.range.start.line, 21);
  assert.equal(race.range.start.character, 6);
  assert.ok((race.relatedInformation ?? []).some((r) => /created here/.test(r.message)));
  const titles = (await codeActionsAt(uri, race.range)).map((a) => a.title);
  assert.ok(titles.includes('Wrap in `guard.lock()` / `guard.unlock()`'), JSON.stringify(titles));
  assert.ok(titles.includes('Show the interleaving') && titles.includes('Step through it'), JSON.stringify(titles));
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  const run = lenses.find((l) => l.command?.command === 'interleave.run');
  assert.equal(run?.range.start.line, 14);
  // Closing the documents cancels their checks, so the next suite starts on a quiet worker.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, 180_000);
