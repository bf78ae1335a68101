/* global process, console -- Node globals; eslint.config.mjs declares none for .mjs files. */
// Builds every bundle: the extension host, the command line, the simulation worker,
// the webview, the extension-host test suite and the benchmark.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
  },
  { ...node, entryPoints: ['test/vscode/suite/index.ts'], outfile: 'dist/test/vscode/index.js', external: ['vscode'] },
  { ...node, entryPoints: ['test/bench/bench.ts'], outfile: 'dist/bench.js' },
].filter((b) => !production || !b.outfile.startsWith('dist/test') && b.outfile !== 'dist/bench.js')
  .filter((b) => b.entryPoints.every((e) => existsSync(e)));

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`esbuild: watching ${builds.length} bundles`);
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
