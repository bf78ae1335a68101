// CI's check of `npm start` (run by .ci/run as `node test/vscode/startSmoke.mjs`): what a
// new user does after `npm start`, on the clone as it is (on a fresh clone, `npm start`
// installs the npm packages and VS Code itself first).
//
// 1. Runs `npm start` as a user types it, in its own process group, and reads its output.
// 2. Waits until the address it prints answers over HTTP (at most START_TIMEOUT_MS, which
//    covers a first-run install).
// 3. Opens that address in Debian's Chromium (playwright-core, as the tests do) and checks
//    what the user should see: the workbench, the Explorer listing examples/' folders, the
//    extension at work (the pipeline check from the command palette shows its result), and
//    a race in an example shown in the Problems panel.
// 4. Stops `npm start` as Ctrl+C does (SIGINT to its process group; SIGKILL after a grace
//    period) and checks the server no longer answers.
// Exits 0, or 1 with the reason and the last lines of `npm start`'s output.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** From `npm start` to an answering address: npm ci, the build and the first-run install on a fresh clone. */
const START_TIMEOUT_MS = 15 * 60_000;
/** Opening the workbench and the checks in it. */
const WORKBENCH_TIMEOUT_MS = 5 * 60_000;
/** How long `npm start` may take to stop after Ctrl+C before its group is killed. */
const STOP_GRACE_MS = 15_000;

const logDir = mkdtempSync(join(tmpdir(), 'interleave-start-smoke-'));
const startLog = join(logDir, 'npm-start.log');
const browserLog = join(logDir, 'browser.log');
writeFileSync(startLog, '');
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const say = (message) => console.log(`[start-smoke ${seconds()}s] ${message}`);

let output = '';
const child = spawn('npm', ['start'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
for (const stream of [child.stdout, child.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    output += chunk;
    appendFileSync(startLog, chunk);
  });
}
let exited;
const exitedPromise = new Promise((resolvePromise) => child.on('exit', (code, signal) => {
  exited = signal ?? `code ${code}`;
  resolvePromise();
}));
child.on('error', (error) => { exited = `could not start npm: ${error.message}`; });

const tail = (lines = 40) => output.split('\n').slice(-lines).join('\n');
const sleep = (ms) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The address `npm start` prints (the line after "Open this address in a browser:"), once it answers. */
async function waitForAddress() {
  const until = Date.now() + START_TIMEOUT_MS;
  let url;
  while (Date.now() < until) {
    if (exited) throw new Error(`npm start exited (${exited}) before its address answered`);
    url ??= /Open this address in a browser:\s*\n\s*\n?\s*(http:\/\/\S+)/.exec(output)?.[1];
    if (url && await answers(url)) return url;
    await sleep(500);
  }
  throw new Error(url
    ? `npm start printed ${url}, but it did not answer within ${START_TIMEOUT_MS / 60_000} minutes`
    : `npm start printed no address within ${START_TIMEOUT_MS / 60_000} minutes`);
}

async function checkWorkbench(url) {
  // Imported only now: on a fresh clone, playwright-core arrives with `npm start`'s npm ci.
  const { launchBrowser, newPage, openFile, openWorkbench, problemsPanelText, runFromPalette, waitForNotification } = await import('./workbench.mjs');
  const browser = await launchBrowser();
  const page = await newPage(browser, browserLog);
  try {
    await openWorkbench(page, url);
    say('the workbench is up');
    // The Explorer shows examples/ and its concept folders.
    const explorer = page.locator('.explorer-folders-view');
    if (!await explorer.isVisible().catch(() => false)) await runFromPalette(page, 'View: Show Explorer');
    for (const folder of ['races', 'goroutines', 'mutexes']) {
      await explorer.locator('.monaco-list-row', { hasText: new RegExp(`^${folder}$`) }).first().waitFor({ timeout: 60_000 });
    }
    say('the Explorer lists examples/ (races, goroutines, mutexes)');
    // The extension is active: its command runs in its worker and the result appears.
    await runFromPalette(page, 'Interleave: Run a Trivial Simulation', 120_000);
    const result = await waitForNotification(page, /tasks on \d+ cores finished in/, 120_000);
    say(`the extension answered from the command palette: ${result.trim()}`);
    // And its race lens marks an example's race in the Problems panel.
    await openFile(page, 'lost-update.scenario.yaml', 60_000);
    const row = await problemsPanelText(page, /Data race on `counter`/, 120_000);
    say(`the Problems panel shows the example's race: ${row.replace(/\s+/g, ' ').trim()}`);
  } catch (error) {
    await page.screenshot({ path: join(logDir, 'workbench.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function signalGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Ctrl+C, as a user stops it; then the server must be gone. */
async function stop(url) {
  signalGroup('SIGINT');
  const stopped = await Promise.race([exitedPromise.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  signalGroup('SIGKILL');
  if (!stopped) throw new Error(`npm start did not stop within ${STOP_GRACE_MS / 1000}s of Ctrl+C (SIGINT)`);
  if (!url) return;
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(500)) {
    if (!await answers(url)) return;
  }
  throw new Error(`npm start stopped, but ${url} still answers: the VS Code server outlived it`);
}

let code = 0;
let url;
try {
  say(`npm start (output: ${startLog})`);
  url = await waitForAddress();
  say(`${url} answers`);
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the workbench checks did not finish within ${WORKBENCH_TIMEOUT_MS / 60_000} minutes`)), WORKBENCH_TIMEOUT_MS);
  });
  await Promise.race([checkWorkbench(url), guard]).finally(() => clearTimeout(timer));
  await stop(url);
  say('npm start stopped on Ctrl+C and its server is gone');
} catch (error) {
  code = 1;
  console.error(`[start-smoke ${seconds()}s] FAILED: ${error.message}`);
  console.error(`--- last lines of npm start's output (${startLog}):\n${tail()}`);
  console.error(`--- logs and a screenshot, if any: ${logDir}`);
  signalGroup('SIGINT');
  await sleep(2_000);
  signalGroup('SIGKILL');
}
say(code === 0 ? 'passed' : 'failed');
process.exit(code);
