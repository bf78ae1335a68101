// Runs the editor-at-scale benchmark alone: `node test/bench/editor.mjs [goroutines]`
// (default 1,000,000). Builds test/bench/editorBench.ts into dist/ (per worktree) and runs it.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

mkdirSync('dist', { recursive: true });
const out = join(process.cwd(), 'dist', 'editorBench.cjs');
await esbuild.build({
  entryPoints: ['test/bench/editorBench.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  outfile: out, external: ['playwright-core', 'esbuild', 'typescript'], logLevel: 'warning',
});
const { runEditorBench, printEditorRows } = await import(pathToFileURL(out).href);
printEditorRows(await runEditorBench(Number(process.argv[2] ?? 1_000_000)));
