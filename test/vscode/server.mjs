// Starts the VS Code server bundled in code-server (installed by install.mjs) on a free
// loopback port, with the smoke-test driver enabled so the built workbench honours the
// extension development options in its `payload` (testing.md, "Real VS Code with no download").
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serverPaths } from './install.mjs';

export const SERVER_START_TIMEOUT_MS = 180_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tailOf(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

async function waitForHttp(url, child, log, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the VS Code server exited during start-up (${child.signalCode ?? `code ${child.exitCode}`}). Last lines of ${log}:\n${tailOf(log)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the VS Code server did not answer ${url} within ${timeoutMs / 1000}s. Last lines of ${log}:\n${tailOf(log)}`);
}

/**
 * The user settings a start writes, given what the file held (undefined: no file). The
 * workbench is kept quiet (no welcome page, no update or telemetry traffic), but a person's own
 * settings from an earlier `npm start` win and survive restarts; only the trust settings follow
 * this start's `workspaceTrust`. A file that is not plain JSON (comments) is left as it is:
 * undefined, write nothing.
 */
export function userSettings(previous, workspaceTrust) {
  let own = {};
  if (previous !== undefined) {
    try {
      own = JSON.parse(previous);
    } catch {
      return undefined;
    }
  }
  return JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.openRepositoryInParentFolders': 'never',
    'chat.disableAIFeatures': true,
    ...own,
    'security.workspace.trust.enabled': workspaceTrust,
    'security.workspace.trust.startupPrompt': 'never',
  }, null, 2);
}

/**
 * Starts the server. `stateDir` holds its user data, extensions and log; `env` is added to
 * the server's environment (the extension host inherits it). With `workspaceTrust`, Workspace
 * Trust is on and a folder opens in Restricted Mode without asking (a folder nobody has
 * trusted yet stays untrusted); otherwise trust is off and every folder is trusted.
 * Returns { port, origin, log, stop() }; stop() kills the server's whole process group.
 */
export async function startServer({ stateDir, env = {}, port, host = '127.0.0.1', workspaceTrust = false }) {
  const paths = serverPaths();
  const userDataDir = join(stateDir, 'user-data');
  const extensionsDir = join(stateDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const settings = userSettings(existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined, workspaceTrust);
  if (settings !== undefined) writeFileSync(settingsFile, settings);
  port ??= await freePort();
  const log = join(stateDir, 'server.log');
  const fd = openSync(log, 'a');
  const child = spawn(paths.node, [
    paths.serverMain,
    '--host', host, '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-telemetry',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    // Its own process group, so stop() also ends the extension host and its workers.
    detached: true,
  });
  closeSync(fd);
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const origin = `http://${host}:${port}`;
  try {
    await waitForHttp(`${origin}/version`, child, log, SERVER_START_TIMEOUT_MS);
  } catch (error) {
    stop();
    throw error;
  }
  return { port, origin, log, child, stop };
}

/** The workbench address for a folder, with extension development options in `payload`. */
export function workbenchUrl({ origin, port, folder, extensionDevelopmentPath, extensionTestsPath, host = '127.0.0.1' }) {
  const remote = (path) => `vscode-remote://${host}:${port}${path}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = `folder=${encodeURIComponent(folder)}` + (payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
  return `${origin}/?${query}`;
}

/**
 * Calls `stop` if the process that started us goes away (npm does not always pass a
 * SIGTERM on to its script), so no server outlives its command.
 */
export function stopWhenOrphaned(stop) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1_000);
  timer.unref();
}
