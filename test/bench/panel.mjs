// Runs the panel render benchmark alone: `node test/bench/panel.mjs [intervals]`.
// Builds test/bench/panelBench.ts into node_modules/.cache (playwright-core and esbuild stay
// external, as they must in any bundle), runs it in Chromium and prints a table.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Inside node_modules/.cache so the bundle resolves playwright-core and esbuild from here.
const dir = join('node_modules', '.cache', 'interleave');
mkdirSync(dir, { recursive: true });
const out = join(process.cwd(), dir, 'panelBench.mjs');
await esbuild.build({
  entryPoints: ['test/bench/panelBench.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20',
  outfile: out, external: ['playwright-core', 'esbuild'], logLevel: 'warning',
});
const { runPanelBench } = await import(pathToFileURL(out).href);
const intervals = Number(process.argv[2] ?? 1_000_000);
const rows = await runPanelBench({ intervals });
console.log('| what | median | p95 | target | ok |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.target} | ${r.ok ? 'yes' : 'NO'} |`);
