/**
 * The real command line as a user runs it, `node dist/cli.js ...`: the bundles esbuild.mjs
 * makes (the supervising thread, the command's worker, check's extra threads), built here into a temp dir
 * with the files the TypeScript front end reads beside them.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './helpers';

export async function buildCli(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-cli-'));
  const options = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' } as const;
  await Promise.all([
    build({ ...options, entryPoints: [join(ROOT, 'src/cli/bin.ts')], outfile: join(dir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
    build({ ...options, entryPoints: [join(ROOT, 'src/cli/guard/workerMain.ts')], outfile: join(dir, 'cliWorker.js') }),
    build({ ...options, entryPoints: [join(ROOT, 'src/cli/checkThread.ts')], outfile: join(dir, 'checkThread.js') }),
  ]);
  copyFileSync(join(ROOT, 'src/frontends/typescript/module/interleave.d.ts'), join(dir, 'interleave.d.ts'));
  const lib = join(ROOT, 'node_modules/typescript/lib');
  for (const f of readdirSync(lib)) if (/^lib\.(es5|es20\d\d.*|decorators.*)\.d\.ts$/.test(f)) copyFileSync(join(lib, f), join(dir, f));
  return join(dir, 'cli.js');
}

/** Runs the built CLI to its end; `timeout` is a generous outer bound, never what a test asserts. */
export function runCli(cliJs: string, args: readonly string[], options: { cwd?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliJs, ...args], { encoding: 'utf8', cwd: options.cwd, timeout: options.timeout ?? 120_000 });
}

export interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the built CLI and sends it SIGINT after `afterMs`. */
export function interruptCli(cliJs: string, args: readonly string[], cwd: string, afterMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliJs, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGINT'), afterMs);
    const outer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearTimeout(outer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
