// `npm run test:vscode`: the integration suite in real VS Code, with no download.
//
// 1. Installs (first run only) Node 24 and code-server into .vscode-test/ (install.mjs).
// 2. Starts code-server's VS Code server on a free loopback port (server.mjs).
// 3. Opens the workbench in Debian's Chromium with the extension and the extension-host
//    tests (dist/test/vscode/index.js) in the `payload`; the tests' `run()` asserts
//    through the real vscode API and reports to a results file.
// 4. Opens a second workbench and drives it like a person: the command palette runs the
//    command and its result appears; the Problems panel shows a scenario's error.
// 5. Workspace Trust: a second server with trust on, and a fresh folder nobody has trusted
//    (a racy `.sim.ts` and a racy scenario). The extension-host tests in
//    dist/test/vscode/untrusted.js check that nothing runs the `.sim.ts` file and the
//    scenario still does; then a workbench opens the `.sim.ts` file, sees the notice, grants
//    trust from it, and sees the file's race in the Problems panel.
// INTERLEAVE_VSCODE_SUITES=untrusted (or =main) runs one part only (=exthost: main's
// extension-host tests without its workbench tests), and
// INTERLEAVE_TEST_FILTER=<regexp> only the extension-host tests whose names match, while
// working on them.
// Prints each result, `N passed, N failed` and the VS Code version; exits non-zero on any
// failure or time-out. The server and the browser are stopped on every exit path.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledVSCodeVersion, ensureVSCodeServer, repoRoot } from './install.mjs';
import { startServer, stopWhenOrphaned, tailOf, workbenchUrl } from './server.mjs';
import { panelRestoredAfterReload, panelShowsGoMachine } from './panelWorkbench.mjs';
import { clickButton, launchBrowser, newPage, openFile, openWorkbench, pickQuickInputItem, problemsPanelText, runFromPalette, waitForNotification } from './workbench.mjs';

// Limits for a loaded 2-core machine (load average 10-13: the whole suite took 8 minutes):
// they catch a hang, not a slow answer.
const EXTENSION_TESTS_TIMEOUT_MS = 15 * 60_000;
const WORKBENCH_TEST_TIMEOUT_MS = 4 * 60_000;
/** Everything, install excluded, must be over by then. */
const SUITE_TIMEOUT_MS = 30 * 60_000;

const workspace = join(repoRoot, 'test', 'vscode', 'workspace');
const testsBundle = join(repoRoot, 'dist', 'test', 'vscode', 'index.js');
const untrustedBundle = join(repoRoot, 'dist', 'test', 'vscode', 'untrusted.js');
const logDir = mkdtempSync(join(tmpdir(), 'interleave-vscode-test-'));
const browserLog = join(logDir, 'browser.log');

const cleanups = [];
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      // keep cleaning
    }
  }
}
function exitNow(code, why) {
  if (why) console.error(why);
  void cleanUp().finally(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => exitNow(130, `stopped by ${signal}`));
stopWhenOrphaned(() => exitNow(130, 'stopped: the command that started the suite is gone'));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function readExtensionHostResults(resultsFile) {
  if (!existsSync(resultsFile)) return { started: false, outcomes: [], ended: false };
  const lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return {
    started: lines.some((line) => line.event === 'start'),
    ended: lines.some((line) => line.event === 'end'),
    vscodeVersion: lines.find((line) => line.event === 'start')?.vscodeVersion,
    outcomes: lines.filter((line) => line.event === 'test'),
  };
}

/** Runs the extension-host suite `bundle` in a window on `folder`; `resultsFile` is where the server's INTERLEAVE_TEST_RESULTS points. */
async function runExtensionHostTests(browser, server, { folder, bundle, resultsFile }) {
  const page = await newPage(browser, browserLog);
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    writeFileSync(browserLog, `[exthost.${type}] ${Array.isArray(args) ? args.join(' ') : String(args)}\n`, { flag: 'a' });
  });
  await openWorkbench(page, workbenchUrl({
    origin: server.origin, port: server.port, folder,
    extensionDevelopmentPath: repoRoot, extensionTestsPath: bundle,
  }));
  let exitCode;
  try {
    exitCode = await withTimeout(exited, EXTENSION_TESTS_TIMEOUT_MS, 'the extension-host tests');
  } catch (error) {
    const partial = readExtensionHostResults(resultsFile);
    return { ...partial, outcomes: [...partial.outcomes, { name: 'extension-host suite finished', passed: false, error: error.message }] };
  } finally {
    await page.context().close();
  }
  const results = readExtensionHostResults(resultsFile);
  if (!results.ended) {
    results.outcomes.push({ name: 'extension-host suite reported its results', passed: false, error: `the extension host exited with code ${exitCode} before the suite ended` });
  }
  return results;
}

async function workbenchTest(name, fn) {
  const started = Date.now();
  try {
    await withTimeout(fn(), WORKBENCH_TEST_TIMEOUT_MS, name);
    return { name, passed: true, ms: Date.now() - started };
  } catch (error) {
    return { name, passed: false, ms: Date.now() - started, error: error.stack ?? error.message };
  }
}

async function runWorkbenchTests(browser, server) {
  const page = await newPage(browser, browserLog);
  const screenshot = join(logDir, 'workbench.png');
  const outcomes = [];
  try {
    await openWorkbench(page, workbenchUrl({ origin: server.origin, port: server.port, folder: workspace, extensionDevelopmentPath: repoRoot }));
    outcomes.push(await workbenchTest('workbench: the command palette runs the pipeline check and the result appears', async () => {
      await runFromPalette(page, 'Interleave: Run a Trivial Simulation');
      const text = await waitForNotification(page, /tasks on \d+ cores finished in/);
      if (!/4 tasks on 2 cores finished in 20(\.\d+)? ms/.test(text)) throw new Error(`unexpected result: ${text}`);
    }));
    outcomes.push(await workbenchTest('workbench: Show Panel draws the Go example\'s Ps and Gs in the webview', () => panelShowsGoMachine(page)));
    outcomes.push(await workbenchTest('workbench: the Problems panel shows the scenario error on its line', async () => {
      await openFile(page, 'broken.scenario.yaml');
      const row = await problemsPanelText(page, /Nested mappings/);
      if (!/Ln 4\b/.test(row)) throw new Error(`expected the error on line 4, the row says: ${row}`);
      if (!/interleave/.test(row)) throw new Error(`expected the source "interleave", the row says: ${row}`);
    }));
    outcomes.push(await workbenchTest('workbench: the concept library finds an example by name and opens it', async () => {
      await runFromPalette(page, 'Interleave: Open the Concept Library');
      await pickQuickInputItem(page, 'false-sharing', 'false-sharing');
      await page.locator('.tabs-container .tab', { hasText: 'false-sharing.scenario.yaml' }).first().waitFor({ timeout: 60_000 });
    }));
    outcomes.push(await workbenchTest('workbench: Export Report asks for the format and the place, then writes the report', async () => {
      const written = join(workspace, 'clean.report.md');
      rmSync(written, { force: true });
      try {
        await openFile(page, 'clean.scenario.yaml');
        await runFromPalette(page, 'Interleave: Export Report (Markdown or HTML)…');
        await pickQuickInputItem(page, 'Markdown', 'Markdown report');
        // VS Code's own save dialog (a path in the quick input, prefilled beside the source).
        const input = page.locator('.quick-input-widget .quick-input-box input');
        for (const until = Date.now() + 60_000; !/clean\.report\.md$/.test(await input.inputValue());) {
          if (Date.now() > until) throw new Error(`the save dialog did not offer clean.report.md: ${await input.inputValue()}`);
          await page.waitForTimeout(200);
        }
        await input.press('Enter');
        await waitForNotification(page, /wrote .*clean\.report\.md/);
        if (!/^# Two workers share a mutex/m.test(readFileSync(written, 'utf8'))) throw new Error('the report does not start with the scenario\'s name');
      } finally {
        rmSync(written, { force: true });
      }
    }));
    outcomes.push(await workbenchTest('workbench: the panel comes back after a window reload', () => panelRestoredAfterReload(page)));
  } catch (error) {
    outcomes.push({ name: 'workbench opened', passed: false, error: error.stack ?? error.message });
  } finally {
    if (outcomes.some((outcome) => !outcome.passed)) await page.screenshot({ path: screenshot }).catch(() => undefined);
    await page.context().close();
  }
  return outcomes;
}

const NOTICE = /does not run .\.sim\.ts. files in an untrusted workspace/;

/** Step 5: Workspace Trust, on its own server and a folder nobody has trusted. */
async function runUntrustedTests(browser) {
  const stateDir = join(logDir, 'untrusted');
  const folder = join(stateDir, 'racy-project');
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(repoRoot, 'examples', 'races', 'lost-update.sim.ts'), join(folder, 'racy.sim.ts'));
  copyFileSync(join(repoRoot, 'examples', 'races', 'lost-update.scenario.yaml'), join(folder, 'racy.scenario.yaml'));
  const resultsFile = join(stateDir, 'results.jsonl');
  const server = await startServer({ stateDir, env: { INTERLEAVE_TEST_RESULTS: resultsFile }, workspaceTrust: true });
  cleanups.push(() => server.stop());
  const extensionHost = await runExtensionHostTests(browser, server, { folder, bundle: untrustedBundle, resultsFile });

  const page = await newPage(browser, browserLog);
  const outcomes = [];
  try {
    await openWorkbench(page, workbenchUrl({ origin: server.origin, port: server.port, folder, extensionDevelopmentPath: repoRoot }));
    outcomes.push(await workbenchTest('workbench (untrusted): a .sim.ts file shows the notice and no findings; granting trust from the notice checks it', async () => {
      await openFile(page, 'racy.sim.ts');
      await runFromPalette(page, 'Problems: Focus on Problems View');
      await page.locator('.markers-panel').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(2_000);
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      if (rows.some((row) => /Data race/.test(row))) throw new Error(`a finding appeared before trust was granted: ${rows.join(' | ')}`);
      await waitForNotification(page, NOTICE);
      // The notice's button opens the Workspace Trust editor; its Trust button grants it.
      await clickButton(page.locator('.notification-list-item', { hasText: NOTICE }).first(), 'Manage Workspace Trust');
      await clickButton(page.locator('.workspace-trust-editor'), /^Trust$/);
      // Granting trust re-checks the open .sim.ts file: `hits++` is line 22.
      const row = await problemsPanelText(page, /Data race on `hits`/);
      if (!/Ln 22\b/.test(row)) throw new Error(`expected the race on line 22 (hits++), the row says: ${row}`);
    }));
  } catch (error) {
    outcomes.push({ name: 'workbench (untrusted) opened', passed: false, error: error.stack ?? error.message });
  } finally {
    if (outcomes.some((outcome) => !outcome.passed)) await page.screenshot({ path: join(logDir, 'untrusted.png') }).catch(() => undefined);
    await page.context().close();
    server.stop();
  }
  return [...extensionHost.outcomes, ...outcomes];
}

async function main() {
  const started = Date.now();
  for (const bundle of [testsBundle, untrustedBundle]) {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` first (npm run test:vscode does).`);
  }
  const installStarted = Date.now();
  await ensureVSCodeServer();
  const installSeconds = (Date.now() - installStarted) / 1000;
  const version = bundledVSCodeVersion();
  const guard = setTimeout(() => exitNow(1, `test:vscode: the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes. Logs: ${logDir}\n${tailOf(browserLog, 40)}`), SUITE_TIMEOUT_MS);
  guard.unref();
  console.log(`VS Code ${version.vscode} (code-server ${version.codeServer}, commit ${version.commit?.slice(0, 10)}); logs in ${logDir}`);

  const parts = (process.env.INTERLEAVE_VSCODE_SUITES ?? 'main,untrusted').split(',');
  const resultsFile = join(logDir, 'results.jsonl');
  const server = await startServer({ stateDir: logDir, env: { INTERLEAVE_TEST_RESULTS: resultsFile } });
  cleanups.push(() => server.stop());
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());

  const outcomes = [];
  let extensionHost = {};
  if (parts.includes('main') || parts.includes('exthost')) {
    extensionHost = await runExtensionHostTests(browser, server, { folder: workspace, bundle: testsBundle, resultsFile });
    outcomes.push(...extensionHost.outcomes);
    if (parts.includes('main')) outcomes.push(...await runWorkbenchTests(browser, server));
  }
  server.stop();
  if (parts.includes('untrusted')) outcomes.push(...await runUntrustedTests(browser));
  for (const outcome of outcomes) {
    console.log(`${outcome.passed ? '  ✓' : '  ✗'} ${outcome.name}${outcome.ms !== undefined ? ` (${outcome.ms} ms)` : ''}`);
    if (!outcome.passed) console.log(String(outcome.error).split('\n').map((line) => `      ${line}`).join('\n'));
  }
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const testSeconds = ((Date.now() - started) / 1000 - installSeconds).toFixed(1);
  console.log(`VS Code ${extensionHost.vscodeVersion ?? version.vscode} under test (code-server ${version.codeServer}); suite took ${testSeconds}s`);
  if (failed > 0) {
    for (const log of [server.log, join(logDir, 'untrusted', 'server.log')]) console.log(`--- last lines of ${log}\n${tailOf(log, 40)}`);
    console.log(`--- last lines of ${browserLog}\n${tailOf(browserLog, 40)}`);
  }
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  return failed === 0 && outcomes.length > 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`test:vscode: ${error.stack ?? error.message}`);
  console.error(`--- last lines of ${browserLog}\n${tailOf(browserLog, 40)}`);
  console.log('0 passed, 1 failed');
} finally {
  await cleanUp();
}
process.exit(code);
