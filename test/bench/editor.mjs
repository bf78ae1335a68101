// Runs the editor-at-scale benchmark alone: `node test/bench/editor.mjs [goroutines]`
// (default 1,000,000). Builds test/bench/editorBench.ts into dist/ (per worktree) and runs it.
// A million goroutines' traced run, the panel's cursor and the debugger's replay are alive
// at once (in the editor they live in two workers): the bench gives itself an 8 GiB heap.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';

const HEAP_MB = 8192;
if (getHeapStatistics().heap_size_limit < HEAP_MB * 2 ** 20 * 0.9) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

mkdirSync('dist', { recursive: true });
const out = join(process.cwd(), 'dist', 'editorBench.cjs');
await esbuild.build({
  entryPoints: ['test/bench/editorBench.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  outfile: out, external: ['playwright-core', 'esbuild', 'typescript'], logLevel: 'warning',
});
const { runEditorBench, printEditorRows } = await import(pathToFileURL(out).href);
printEditorRows(await runEditorBench(Number(process.argv[2] ?? 1_000_000)));
