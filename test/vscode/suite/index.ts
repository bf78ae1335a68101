/**
 * The extension-host test suite (bundled to dist/test/vscode/index.js). VS Code loads it
 * as `extensionTestsPath` and calls `run()`; the browser harness (test/vscode/run.mjs)
 * and @vscode/test-electron (test/vscode/electron.mjs) both use it.
 */
import * as vscode from 'vscode';
import { runSuite } from './runner';
import './activation.test';
import './command.test';
import './diagnostics.test';
import './worker.test';
import './lens.test';
import './debug.test';
import './panel.test';
import './schemaAssist.test';
import './editorCommands.test';
import './goTests.test';
import './python.test';
import './typescript.test';
import './panelClose.test';

export function run(): Promise<void> {
  return runSuite(vscode.version);
}
