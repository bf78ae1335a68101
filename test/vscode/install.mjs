// First-run install of the real VS Code used by the tests and `npm start`:
// Node 24 (npm package `node@24`) and code-server (which bundles the VS Code server),
// each in its own npm prefix under .vscode-test/, so neither enters the project's
// package.json or lock. Idempotent: when both are present it returns in milliseconds.
//
// Run directly (`node test/vscode/install.mjs`) or import `ensureVSCodeServer()`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nestedNpmEnv } from './npmEnv.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(repoRoot, '.vscode-test');

// code-server 4.139.1 bundles VS Code 1.139.1 and requires Node 24 (its `engines`).
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_SPEC = 'node@24';

const nodePrefix = join(cacheDir, 'node24');
const codeServerPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const nodeMarker = join(nodePrefix, '.installed');
const codeServerMarker = join(codeServerPrefix, '.installed');

const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** Paths of the installed pieces; present only after `ensureVSCodeServer()` succeeded. */
export function serverPaths() {
  const nodePackage = join(nodePrefix, 'node_modules', 'node');
  const codeServer = join(codeServerPrefix, 'node_modules', 'code-server');
  return {
    node: join(nodePackage, 'bin', 'node'),
    // The platform package holds the headers that native module builds need.
    nodeDir: join(nodePackage, 'node_modules', `node-${process.platform}-${process.arch}`),
    codeServer,
    serverMain: join(codeServer, 'lib', 'vscode', 'out', 'server-main.js'),
    product: join(codeServer, 'lib', 'vscode', 'product.json'),
  };
}

/** The VS Code version bundled in the installed code-server, from its product.json. */
export function bundledVSCodeVersion() {
  const { product, codeServer } = serverPaths();
  const productJson = JSON.parse(readFileSync(product, 'utf8'));
  const codeServerVersion = JSON.parse(readFileSync(join(codeServer, 'package.json'), 'utf8')).version;
  return { vscode: productJson.version, commit: productJson.commit, codeServer: codeServerVersion };
}

function run(command, args, { env, log, label }) {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(log, 'a');
    const child = spawn(command, args, { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes`));
    }, INSTALL_TIMEOUT_MS);
    child.on('error', (error) => { clearTimeout(timer); reject(error); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${label} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function npmInstall(prefix, spec, { env, log, label }) {
  // A fresh prefix each time, so a half-finished earlier attempt cannot leak in.
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'interleave-vscode-test-cache', private: true }) + '\n');
  return run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=warn', spec], { env, log, label });
}

/**
 * What code-server's postinstall will see when npm runs it with `env`: the version of the
 * `node` on the PATH an npm script gets, and npm's user agent (postinstall.sh reads the
 * Node version from `npm_config_user_agent`). Found by letting npm run a one-line script.
 */
export function nodeSeenByInstallScripts(env) {
  const dir = join(cacheDir, 'node-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const probe = 'node -e "console.log(JSON.stringify({ node: process.version, agent: process.env.npm_config_user_agent }))"';
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'interleave-node-check', private: true, scripts: { probe } }) + '\n');
  const result = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
  const line = (result.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (result.status !== 0 || !line) {
    throw new Error(`could not ask npm which Node its scripts run on (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  }
  const seen = JSON.parse(line);
  return { node: seen.node, agent: seen.agent ?? '(none)', agentNode: /\bnode\/(v[\d.]+)/.exec(seen.agent ?? '')?.[1] ?? '(none)' };
}

/**
 * Makes sure Node 24 and code-server are installed under .vscode-test/.
 * Each piece is marked installed only after its install succeeded and its check passed.
 */
export async function ensureVSCodeServer({ quiet = false } = {}) {
  const say = (message) => { if (!quiet) console.log(`[install] ${message}`); };
  const paths = serverPaths();
  const log = join(tmpdir(), `interleave-install-${process.pid}.log`);
  const started = Date.now();
  try {
    if (!existsSync(nodeMarker) || !existsSync(paths.node)) {
      say(`installing ${NODE_SPEC} into ${nodePrefix} (log: ${log})`);
      await npmInstall(nodePrefix, NODE_SPEC, { env: nestedNpmEnv(), log, label: `npm install ${NODE_SPEC}` });
      await run(paths.node, ['-e', 'if (!process.version.startsWith("v24.")) process.exit(1)'], { env: process.env, log, label: 'Node 24 check' });
      writeFileSync(nodeMarker, `${NODE_SPEC}\n`);
    }
    if (!existsSync(codeServerMarker) || !existsSync(paths.serverMain)) {
      // code-server's postinstall rebuilds VS Code's native modules for the Node that runs
      // npm, so Node 24 goes first on PATH and node-gyp is pointed at Node 24's headers
      // (a user npmrc may point `nodedir` at the system Node's, and nothing can be downloaded).
      // The outer npm's variables are dropped (npmEnv.mjs): inside `npm start` or `npm test`
      // its user agent would tell postinstall.sh that it runs on the system Node.
      const env = nestedNpmEnv(process.env, { pathFirst: dirname(paths.node), settings: { nodedir: paths.nodeDir } });
      const seen = nodeSeenByInstallScripts(env);
      if (!seen.node.startsWith('v24.') || !seen.agentNode.startsWith('v24.')) {
        throw new Error(`code-server's install script would run on Node ${seen.node} with npm's user agent "${seen.agent}", ` +
          `and it requires Node 24 (installed at ${paths.node}, put first on PATH). Is something in the environment choosing ` +
          'another Node for npm scripts (an npmrc `script-shell` or `node-options`, or a shell start-up file that changes PATH)?');
      }
      say(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix} with Node ${seen.node}; this takes 3-4 minutes on an idle machine, more on a busy one (log: ${log})`);
      await npmInstall(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, { env, log, label: `npm install code-server@${CODE_SERVER_VERSION}` });
      if (!existsSync(paths.serverMain)) throw new Error(`code-server installed, but ${paths.serverMain} is missing`);
      writeFileSync(codeServerMarker, `code-server@${CODE_SERVER_VERSION}\n`);
      say(`installed in ${Math.round((Date.now() - started) / 1000)}s`);
    }
  } catch (error) {
    console.error(`[install] ${error.message}. Last lines of ${log}:\n${tail(log)}`);
    console.error('[install] On Debian, native modules need: apt-get install -y libkrb5-dev (and build-essential, python3).');
    throw error;
  }
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    await ensureVSCodeServer();
    const version = bundledVSCodeVersion();
    console.log(`[install] ready: VS Code ${version.vscode} (code-server ${version.codeServer}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } catch {
    process.exit(1);
  }
}
