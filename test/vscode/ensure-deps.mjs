// Runs before `npm start` and `npm test` (npm's pre-scripts): on a fresh clone it installs
// the npm packages first, so the README's two commands are the whole set-up.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { nestedNpmEnv } from './npmEnv.mjs';

const require = createRequire(import.meta.url);
function installed() {
  try {
    for (const name of ['esbuild', 'typescript', 'vitest', 'playwright-core', 'yaml']) require.resolve(name);
    return existsSync('node_modules/.package-lock.json');
  } catch {
    return false;
  }
}

if (!installed()) {
  console.log('interleave: installing npm packages first (npm ci)…');
  // Without the outer npm's variables (npmEnv.mjs): this npm runs inside `npm start`/`npm test`.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env: nestedNpmEnv() });
}
