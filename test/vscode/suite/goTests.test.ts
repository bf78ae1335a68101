/**
 * Go tests in real VS Code (issue 25, item 3): a `_test.go` file of a package gets its
 * findings on the lines that fail, `⟲ Explore schedules` and `⏭ Step` above each test, and
 * the Testing view lists each test with its result, a failed one carrying each finding's
 * schedule in a message whose menu steps through it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './runner';
import { extensionApi, interleaveDiagnostics, waitFor, workspaceFile } from './util';

const TIMEOUT_MS = 90_000;

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The `interleave` debug session that starts within the call, and its launch configuration. */
async function sessionStartedBy(start: () => Thenable<unknown>): Promise<vscode.DebugSession> {
  let started: vscode.DebugSession | undefined;
  const listener = vscode.debug.onDidStartDebugSession((s) => { if (s.type === 'interleave') started = s; });
  try {
    await start();
    return (await waitFor('an interleave debug session', () => started, (s) => s !== undefined, TIMEOUT_MS))!;
  } finally {
    listener.dispose();
  }
}

test('go tests: the race and the failed Errorf of TestTwoSellers sit on its lines; each test has its lens row; the Testing view runs each', async () => {
  const uri = workspaceFile('gotests/tickets_test.go');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const diagnostics = await waitFor('the race and the failed test in tickets_test.go', () => interleaveDiagnostics(uri),
    (d) => d.some((x) => codeOf(x) === 'data-race') && d.some((x) => codeOf(x) === 'assertion'), TIMEOUT_MS);
  // The race is in tickets.go (line 14): shown at the test that meets it (line 8), linked to its place.
  const race = diagnostics.find((x) => codeOf(x) === 'data-race')!;
  assert.equal(race.range.start.line, 7);
  assert.match(race.message, /^tickets\.go:14: Data race on `o\.sold`/);
  assert.ok((race.relatedInformation ?? []).some((r) => r.location.uri.path.endsWith('/gotests/tickets.go') && r.location.range.start.line === 13));
  const failed = diagnostics.find((x) => codeOf(x) === 'assertion')!;
  assert.equal(failed.range.start.line, 19, 'the t.Errorf line');
  assert.match(failed.message, /sold 1 tickets, want 2/);
  assert.equal(diagnostics.filter((x) => x.range.start.line >= 23).length, 0, 'nothing in the locked test or the skipped one');

  // `⟲ Explore schedules  ⏭ Step` above each test, for that test.
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const rows = lenses.filter((l) => l.command?.arguments?.[1] !== undefined).map((l) => [l.range.start.line, l.command!.title, l.command!.arguments![1]]);
  assert.deepEqual(rows, [
    [7, '⟲ Explore schedules', 'TestTwoSellers'], [7, '⏭ Step', 'TestTwoSellers'],
    [23, '⟲ Explore schedules', 'TestTwoSellersLocked'], [23, '⏭ Step', 'TestTwoSellersLocked'],
    [39, '⟲ Explore schedules', 'TestSkipped'], [39, '⏭ Step', 'TestSkipped'],
  ]);

  // The Testing view: the file with its three tests; the lens's Explore runs one through it.
  const api = await extensionApi();
  const file = api.lens.tests.controller.items.get(uri.toString());
  assert.ok(file, 'the test file is in the Testing view');
  const names: string[] = [];
  file.children.forEach((c) => { names.push(c.label); });
  assert.deepEqual(names.sort(), ['TestSkipped', 'TestTwoSellers', 'TestTwoSellersLocked']);
  const explore = lenses.find((l) => l.command?.title === '⟲ Explore schedules' && l.command.arguments?.[1] === 'TestTwoSellers')!.command!;
  await vscode.commands.executeCommand(explore.command, ...explore.arguments!);
  const racy = api.lens.tests.outcomeOf(uri, 'TestTwoSellers');
  assert.equal(racy?.state, 'failed');
  assert.equal(racy?.complete, true);
  assert.ok(racy?.messages.some((m) => /^data-race: Data race on `o\.sold`/.test(m) && /\nschedule v1:/.test(m) && /-run '\^TestTwoSellers\$'/.test(m)), JSON.stringify(racy));
  assert.ok(racy?.messages.some((m) => /^assertion: .*sold 1 tickets, want 2/.test(m)));
  await vscode.commands.executeCommand('interleave.exploreTest', uri, 'TestTwoSellersLocked');
  assert.deepEqual(api.lens.tests.outcomeOf(uri, 'TestTwoSellersLocked')?.state, 'passed');
  await vscode.commands.executeCommand('interleave.exploreTest', uri, 'TestSkipped');
  assert.deepEqual(api.lens.tests.outcomeOf(uri, 'TestSkipped')?.state, 'skipped');

  // A failed test's message: "Step through this schedule" debugs that test on that schedule.
  const item = file.children.get(`${uri.toString()}#TestTwoSellers`)!;
  const message = new vscode.TestMessage(racy!.messages.find((m) => m.startsWith('data-race'))!);
  const stepped = await sessionStartedBy(() => vscode.commands.executeCommand('interleave.stepThroughTestFinding', { test: item, message }));
  assert.equal(stepped.configuration.test, 'TestTwoSellers');
  assert.match(String(stepped.configuration.schedule), /^v1:/);
  await vscode.debug.stopDebugging(stepped);

  // `⏭ Step` above a test: the debugger on that test's program.
  const step = lenses.find((l) => l.command?.title === '⏭ Step' && l.command.arguments?.[1] === 'TestTwoSellersLocked')!.command!;
  const session = await sessionStartedBy(() => vscode.commands.executeCommand(step.command, ...step.arguments!));
  assert.equal(session.configuration.test, 'TestTwoSellersLocked');
  assert.equal(session.configuration.program, uri.fsPath);
  await vscode.debug.stopDebugging(session);
}, 4 * TIMEOUT_MS);
