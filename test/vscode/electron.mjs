// `npm run test:electron`: the same extension-host suite under @vscode/test-electron, for
// machines that can download VS Code. (Here, with no internet, use `npm run test:vscode`.)
// @vscode/test-electron 2.5.x is the line that supports Node 20; 3.x needs Node 22.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './install.mjs';

const extensionTestsPath = join(repoRoot, 'dist', 'test', 'vscode', 'index.js');
const workspace = join(repoRoot, 'test', 'vscode', 'workspace');
// The VS Code release the suite targets (code-server 4.139.1 bundles the same).
const version = process.env.VSCODE_TEST_VERSION ?? '1.139.1';

if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing: run \`node esbuild.mjs\` first (npm run test:electron does).`);
  process.exit(1);
}

try {
  const exitCode = await runTests({
    version,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', mkdtempSync(join(tmpdir(), 'interleave-electron-'))],
    extensionTestsEnv: { INTERLEAVE_TEST_RESULTS: '' },
    timeout: 60_000,
  });
  process.exit(exitCode);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`test:electron: could not run VS Code ${version} through @vscode/test-electron: ${message}`);
  console.error('It downloads VS Code from update.code.visualstudio.com on first use; with no internet that fails.');
  console.error('Here, run the same suite in real VS Code with no download: npm run test:vscode');
  process.exit(1);
}
