// Builds every bundle: the extension host, the command line, the simulation worker,
// the webview, the extension-host test suite and the benchmark.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';

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

/**
 * The TypeScript compiler (about 9 MB of JavaScript) is one file beside the bundles,
 * dist/typescript.js, that each bundle `require`s when it first compiles a `.sim.ts` file,
 * instead of a copy inside every bundle: a Go, Python or scenario command then starts
 * without reading and compiling it (the command line's two processes took ~1.7 s to start
 * with it inside, at load 6).
 */
function sharedTypeScript(build) {
  if (build.platform !== 'node' || build.outfile.startsWith('node_modules/')) return build;
  const path = relative(dirname(build.outfile), 'dist/typescript.js');
  const spec = path.startsWith('.') ? path : `./${path}`;
  return {
    ...build,
    plugins: [{ name: 'shared-typescript', setup: (b) => b.onResolve({ filter: /^typescript$/ }, () => ({ path: spec, external: true })) }],
  };
}

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/debug/worker.ts'], outfile: 'dist/debugWorker.js' },
  // The TypeScript server plugin lives where tsserver looks for plugins: the extension's node_modules.
  {
    ...node,
    entryPoints: ['src/frontends/typescript/plugin/index.ts'],
    outfile: 'node_modules/interleave-tsplugin/index.js',
    external: ['typescript'],
    footer: { js: 'module.exports = module.exports.default;' },
  },
  // The command line: a small supervising thread (budgets, watchdog) and the worker that runs the command.
  { ...node, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli/guard/workerMain.ts'], outfile: 'dist/cliWorker.js' },
  // check's extra search threads, one per core beyond the first (src/cli/checkThreadPool.ts).
  { ...node, entryPoints: ['src/cli/checkThread.ts'], outfile: 'dist/checkThread.js' },
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
  { ...node, entryPoints: ['test/vscode/suite/untrusted.ts'], outfile: 'dist/test/vscode/untrusted.js', external: ['vscode'] },
  { ...node, entryPoints: ['test/bench/bench.ts'], outfile: 'dist/bench.js', external: ['playwright-core', 'esbuild'] },
  // The bench's race-lens rows (issue 18), in a process of their own (they wait on dist/worker.js).
  { ...node, entryPoints: ['test/bench/lensBench.ts'], outfile: 'dist/lensBench.js' },
].filter((b) => !production || !b.outfile.startsWith('dist/test') && b.outfile !== 'dist/bench.js' && b.outfile !== 'dist/lensBench.js')
  .filter((b) => b.entryPoints.every((e) => existsSync(e)))
  .map(sharedTypeScript);

/**
 * Files the bundles read at run time: the TypeScript front end type-checks `.sim.ts`
 * files against the `interleave` declarations and TypeScript's own ES libraries, which it
 * finds next to the bundle; the server plugin ships the same declarations.
 */
function copyRuntimeFiles() {
  mkdirSync('dist', { recursive: true });
  mkdirSync('node_modules/interleave-tsplugin', { recursive: true });
  const dts = 'src/frontends/typescript/module/interleave.d.ts';
  copyFileSync(dts, 'dist/interleave.d.ts');
  copyFileSync(dts, 'node_modules/interleave-tsplugin/interleave.d.ts');
  copyFileSync('src/frontends/typescript/plugin/package.json', 'node_modules/interleave-tsplugin/package.json');
  const lib = 'node_modules/typescript/lib';
  // The compiler itself, which the bundles load from here (sharedTypeScript); its default
  // library files are found beside it, as beside the package's own typescript.js.
  copyFileSync(`${lib}/typescript.js`, 'dist/typescript.js');
  for (const f of readdirSync(lib)) {
    if (/^lib\.(es5|es20\d\d.*|decorators.*)\.d\.ts$/.test(f)) copyFileSync(`${lib}/${f}`, `dist/${f}`);
  }
}

copyRuntimeFiles();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`esbuild: watching ${builds.length} bundles`);
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
