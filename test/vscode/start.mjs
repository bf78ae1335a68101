// `npm start`: the VS Code server that the tests use, with this extension loaded and
// examples/ open, for a browser. Prints the address and runs until Ctrl+C.
//   PORT=8080 npm start      pick the port (default: a free one)
//   HOST=0.0.0.0 npm start   listen beyond loopback (the server has no password: take care)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundledVSCodeVersion, cacheDir, ensureVSCodeServer, repoRoot } from './install.mjs';
import { startServer, stopWhenOrphaned, workbenchUrl } from './server.mjs';

const examples = join(repoRoot, 'examples');
mkdirSync(examples, { recursive: true });
await ensureVSCodeServer();
const host = process.env.HOST ?? '127.0.0.1';
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
// Kept between runs, so settings and open editors survive a restart.
const stateDir = join(cacheDir, 'start');
mkdirSync(stateDir, { recursive: true });

let server;
try {
  server = await startServer({ stateDir, host, port });
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}
const stop = (code) => {
  server.stop();
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
stopWhenOrphaned(() => stop(0));
server.child.on('exit', (code, signal) => {
  console.error(`the VS Code server stopped (${signal ?? `code ${code}`}); its log: ${server.log}`);
  process.exit(1);
});

const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
const url = workbenchUrl({ origin: `http://${shownHost}:${server.port}`, port: server.port, host: shownHost, folder: examples, extensionDevelopmentPath: repoRoot });
const { vscode, codeServer } = bundledVSCodeVersion();
console.log(`VS Code ${vscode} (code-server ${codeServer}) is serving ${examples} with the Interleave extension loaded.`);
console.log('Open this address in a browser:');
console.log(`\n  ${url}\n`);
console.log(`Rebuild with \`npm run watch\` in another terminal and reload the page to pick up changes. Server log: ${server.log}. Ctrl+C stops it.`);
