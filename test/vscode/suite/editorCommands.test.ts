/**
 * The editor's other commands (editor.md, "CodeLens and commands"): export a trace and a
 * report, replay a schedule string, open the concept library; and the workers' memory
 * ceiling. Each command takes its choices as arguments, so no dialog is needed here; the
 * dialogs themselves are driven in the workbench by run.mjs.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseConceptIndex } from '../../../src/extension/conceptIndex';
import { SimulationHost, type WorkerRunError } from '../../../src/extension/simulationHost';
import { test } from './runner';
import { EXTENSION_ID, waitFor, workspaceFile } from './util';
import { RACE } from '../../shared/raceScenario';

const out = mkdtempSync(join(tmpdir(), 'interleave-export-'));

function example(relative: string): vscode.Uri {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return vscode.Uri.joinPath(extension.extensionUri, 'examples', ...relative.split('/'));
}

function racyFixture(): vscode.Uri {
  const file = join(out, 'racy.scenario.yaml');
  writeFileSync(file, RACE);
  return vscode.Uri.file(file);
}

test('export: Export Trace writes a Chrome trace of the scenario, with a lane per task', async () => {
  const target = vscode.Uri.file(join(out, 'steal.trace.json'));
  const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('interleave.exportTrace', workspaceFile('go-steal.scenario.yaml'), target);
  assert.equal(written?.fsPath, target.fsPath);
  const trace = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { traceEvents: { name: string; ph: string; args?: { name?: string } }[] };
  const lanes = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args?.name ?? '');
  assert.ok(lanes.some((name) => /^hw thread 0$/.test(name)), `a hardware-thread lane, got ${lanes.join(', ')}`);
  assert.ok(lanes.filter((name) => /^G\d+/.test(name)).length >= 2, `goroutine lanes, got ${lanes.join(', ')}`);
  assert.ok(trace.traceEvents.some((e) => e.ph === 'X'), 'duration events to draw');
});

test('export: Export Report writes a Markdown and an HTML report that show the deadlock', async () => {
  const source = example('mutexes/forgotten-unlock.scenario.yaml');
  const md = vscode.Uri.file(join(out, 'forgotten-unlock.report.md'));
  const html = vscode.Uri.file(join(out, 'forgotten-unlock.report.html'));
  assert.equal((await vscode.commands.executeCommand<vscode.Uri>('interleave.exportReport', source, 'markdown', md))?.fsPath, md.fsPath);
  assert.equal((await vscode.commands.executeCommand<vscode.Uri>('interleave.exportReport', source, 'html', html))?.fsPath, html.fsPath);
  const markdown = readFileSync(md.fsPath, 'utf8');
  assert.match(markdown, /## Findings\n\n- \*\*deadlock\*\* \(error\) at `[^`]*forgotten-unlock\.scenario\.yaml:24:7`/);
  const page = readFileSync(html.fsPath, 'utf8');
  assert.match(page, /^<!DOCTYPE html>/i);
  assert.match(page, /<svg/);
  assert.match(page, /deadlock/);
  assert.doesNotMatch(page, /<script/i, 'a report page runs no script');
});

test('export: a report of a racy scenario adds the data race that exploring its schedules finds', async () => {
  const md = vscode.Uri.file(join(out, 'racy.report.md'));
  assert.ok(await vscode.commands.executeCommand('interleave.exportReport', racyFixture(), 'markdown', md));
  const markdown = readFileSync(md.fsPath, 'utf8');
  const explored = markdown.slice(markdown.indexOf('## Found by exploring schedules'));
  assert.ok(markdown.includes('## Found by exploring schedules'), 'the section is there');
  assert.match(explored, /\*\*data-race\*\* \(warning\) at `[^`]*racy\.scenario\.yaml:13:11`/);
  assert.match(explored, /replay: `interleave replay \S+racy\.scenario\.yaml --schedule 'v1:/);
});

test('export: a scenario with an input error exports nothing', async () => {
  const target = vscode.Uri.file(join(out, 'broken.report.md'));
  const written = await vscode.commands.executeCommand('interleave.exportReport', workspaceFile('broken.scenario.yaml'), 'markdown', target);
  assert.equal(written, undefined);
  assert.equal(existsSync(target.fsPath), false);
});

async function findingSchedule(source: vscode.Uri): Promise<string> {
  const explored = await vscode.commands.executeCommand<{ findings: { kind: string; schedule?: string }[] }>('interleave.explore', source);
  const schedule = explored?.findings.find((f) => f.kind === 'data-race')?.schedule ?? '';
  assert.match(schedule, /^v1:/);
  return schedule;
}

test('replay: a finding\'s schedule replays as a step-by-step document; a malformed one is refused', async () => {
  const source = racyFixture();
  const schedule = await findingSchedule(source);
  assert.equal(await vscode.commands.executeCommand('interleave.replay', source, schedule, 'text'), 'text');
  const doc = await waitFor('the replay document', () => vscode.window.activeTextEditor?.document, (d) => d?.languageId === 'markdown');
  assert.match(doc!.getText(), /T[23] reads `counter`/);
  // A read-only view, not an unsaved document: closing it, or starting a debug session, asks nothing.
  assert.equal(doc!.uri.scheme, 'interleave-view');
  assert.equal(doc!.isDirty, false);
  assert.equal(await vscode.commands.executeCommand('interleave.replay', source, 'v2:not-a-schedule', 'text'), undefined);
});

async function replayInDebugger(source: vscode.Uri, schedule: string, way: 'step' | 'step-timed'): Promise<vscode.DebugConfiguration> {
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const subscription = vscode.debug.onDidStartDebugSession((session) => { subscription.dispose(); resolve(session); });
  });
  assert.equal(await vscode.commands.executeCommand('interleave.replay', source, schedule, way), way);
  const session = await started;
  assert.equal(session.type, 'interleave');
  await vscode.debug.stopDebugging(session);
  return session.configuration;
}

test('replay: a finding\'s schedule starts a debug session on it', async () => {
  const source = racyFixture();
  const schedule = await findingSchedule(source);
  const config = await replayInDebugger(source, schedule, 'step');
  assert.equal(config.schedule, schedule);
  assert.equal(config.mode, undefined);
});

test('replay: a run\'s schedule starts a debug session in the timed model', async () => {
  const source = racyFixture();
  const run = await vscode.commands.executeCommand<{ schedule?: string }>('interleave.run', source);
  assert.match(run?.schedule ?? '', /^v1:/);
  const config = await replayInDebugger(source, run!.schedule!, 'step-timed');
  assert.equal(config.schedule, run!.schedule);
  assert.equal(config.mode, 'timed');
});

test('concept library: a concept opens its example; one not in the library is refused', async () => {
  const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('interleave.openConceptLibrary', 'caches/false-sharing.scenario.yaml');
  assert.equal(opened?.toString(), example('caches/false-sharing.scenario.yaml').toString());
  await waitFor('the example in the editor', () => vscode.window.activeTextEditor?.document.uri.path, (p) => p?.endsWith('/caches/false-sharing.scenario.yaml') === true);
  assert.equal(await vscode.commands.executeCommand('interleave.openConceptLibrary', 'caches/no-such-thing.scenario.yaml'), undefined);
});

test('concept library: every entry of examples/README.md is a file of the extension, and one of each folder and format opens in an editor (test/unit/examples runs each)', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const concepts = parseConceptIndex(readFileSync(join(extension.extensionPath, 'examples', 'README.md'), 'utf8'));
  assert.ok(concepts.length > 90, `only ${concepts.length} entries`);
  const missing = concepts.filter(({ file }) => !existsSync(example(file).fsPath)).map((c) => c.file);
  assert.deepEqual(missing, [], 'entries without their file');
  // Opening all ~100 (each checked by the lens as it opens) takes minutes on a loaded machine:
  // one entry per folder and kind of file covers every way a path is formed.
  const kinds = new Map<string, string>();
  for (const { file } of concepts) kinds.set(`${file.split('/')[0]} ${/\.(scenario\.ya?ml|sim\.ts|py|go)$/.exec(file)?.[1]}`, file);
  for (const file of kinds.values()) {
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('interleave.openConceptLibrary', file);
    assert.equal(opened?.toString(), example(file).toString(), file);
    await waitFor(`${file} in the editor`, () => vscode.window.activeTextEditor?.document.uri.path, (p) => p?.endsWith(`/${file}`) === true);
    // Closed at once, so the lenses of the files do not queue up behind the next tests.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
}, 180_000);

test('worker: a run over the memory ceiling is stopped with a clear message, and the next run gets a fresh worker', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const host = new SimulationHost(join(extension.extensionPath, 'dist', 'worker.js'), () => 96);
  try {
    let error: WorkerRunError | undefined;
    try {
      await host.request('spin', { ms: 10, holdMb: 1_024 }, { timeoutMs: 60_000 });
    } catch (e) {
      error = e as WorkerRunError;
    }
    assert.ok(error, 'holding 1 GiB under a 96 MiB ceiling must fail');
    assert.equal(error.reason, 'worker-exit');
    assert.match(error.message, /memory ceiling of 96 MiB/);
    assert.match(error.message, /interleave\.budget\.memoryMb/);
    const next = await host.request('spin', { ms: 10, holdMb: 8 }, { timeoutMs: 60_000 });
    assert.equal(next.heldMb, 8);
    assert.equal(host.workersStarted, 2);
  } finally {
    host.dispose();
  }
}, 90_000);
