/**
 * Workspace Trust in real VS Code (bundled to dist/test/vscode/untrusted.js). The harness
 * (test/vscode/run.mjs) opens a fresh folder that nobody has trusted, on a server started
 * with Workspace Trust on, holding `racy.sim.ts` (examples/races/lost-update.sim.ts) and
 * `racy.scenario.yaml` (examples/races/lost-update.scenario.yaml). A `.sim.ts` file is a
 * program: the lens, the commands, the debugger and the panel must not run it. Scenario
 * files are data: they still get their findings.
 * The notice the user sees, and granting trust, are driven in the workbench by run.mjs.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runSuite, test } from './runner';
import { extensionApi, interleaveDiagnostics, waitFor, workspaceFile } from './util';

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

const sim = () => workspaceFile('racy.sim.ts');
const scenario = () => workspaceFile('racy.scenario.yaml');

test('trust: the folder opened untrusted (Restricted Mode), and the extension is active in it', async () => {
  assert.equal(vscode.workspace.isTrusted, false, 'the harness must open a folder nobody has trusted');
  const api = await extensionApi();
  assert.ok(api.lens, 'the extension activates in an untrusted workspace (capabilities.untrustedWorkspaces: limited)');
});

test('trust: an open .sim.ts file is not run (no diagnostics, state says why); the scenario beside it still gets its race', async () => {
  const api = await extensionApi();
  // The .sim.ts first: were it sent to the worker, its result would come back before the scenario's.
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sim()));
  await waitFor('the lens to decide about racy.sim.ts', () => api.lens.checks.stateOf(sim())?.skipped, (s) => s === 'untrusted', 60_000);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(scenario()));
  await waitFor('the data race in racy.scenario.yaml', () => interleaveDiagnostics(scenario()), (d) => d.some((x) => codeOf(x) === 'data-race'), 60_000);
  // Typing in the .sim.ts file does not run it either.
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sim()));
  await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.deepEqual(interleaveDiagnostics(sim()), [], 'a .sim.ts file in an untrusted workspace has no findings: it was never executed');
  assert.equal(api.lens.checks.stateOf(sim())?.skipped, 'untrusted');
  assert.equal(api.lens.checks.stateOf(sim())?.views.length, 0);
  // Leave the file as it was (the workbench test opens the same folder next).
  await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));
  await editor.document.save();
});

test('trust: ▶ Run refuses a .sim.ts file and runs the scenario', async () => {
  const refused = await vscode.commands.executeCommand<unknown>('interleave.run', sim());
  assert.equal(refused, undefined, 'Run on a .sim.ts file in an untrusted workspace returns nothing');
  const ran = await vscode.commands.executeCommand<{ tasks: unknown[] } | undefined>('interleave.run', scenario());
  assert.ok(ran && ran.tasks.length >= 2, 'Run on a scenario still simulates it');
});

// The debugger: VS Code's Restricted Mode asks for trust before any debug session starts
// (a modal request), so neither a scenario nor a `.sim.ts` file can be stepped through
// until the user trusts the folder. The configuration provider's own refusal
// (src/extension/debugAdapter.ts) is defence in depth and is not reachable from here.

test('trust: the panel shows the notice instead of running a .sim.ts file', async () => {
  const api = await extensionApi();
  await api.panel.show(sim());
  const panel = await waitFor('the panel to open', () => api.panel.panelFor(sim()), (p) => p !== undefined);
  const error = await waitFor('the panel to say why', () => panel!.posted.find((m) => m.type === 'error'), (m) => m !== undefined, 60_000);
  assert.match((error as { message: string }).message, /untrusted workspace/);
  assert.equal(panel!.posted.some((m) => m.type === 'load'), false, 'nothing was simulated for the panel');
  panel!.webviewPanel.dispose();
});

export function run(): Promise<void> {
  return runSuite(vscode.version);
}
