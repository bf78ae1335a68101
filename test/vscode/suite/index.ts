/**
 * The extension-host test suite (bundled to dist/test/vscode/index.js). VS Code loads it
 * as `extensionTestsPath` and calls `run()`; the browser harness (test/vscode/run.mjs)
 * and @vscode/test-electron (test/vscode/electron.mjs) both use it.
 */
import * as vscode from 'vscode';
import { runAll } from './runner';
import './activation.test';
import './command.test';
import './diagnostics.test';
import './worker.test';
import './lens.test';
import './debug.test';
import './panel.test';
import './schemaAssist.test';

export async function run(): Promise<void> {
  const outcomes = await runAll(vscode.version);
  const failed = outcomes.filter((outcome) => !outcome.passed);
  if (failed.length > 0) throw new Error(`${failed.length} extension-host test(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
