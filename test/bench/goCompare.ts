/**
 * The real Go runtime against the simulation, on the seeds' CPU-bound example: two
 * goroutines summing 200 million integers (examples/go/parallel-cpu, scenario
 * examples/parallelism/go-parallel-cpu.scenario.yaml). Both are run with GOMAXPROCS=1
 * and 2 in the same bench run, and the speed-ups are compared (ratios, not seconds:
 * the simulated compute time is a model figure, the machine is shared and noisy).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/core/index';
import { parseScenario } from '../../src/frontends/scenario/index';

/** npm run bench runs from the repository root (the bundle lives in dist/, so __dirname would mislead). */
const ROOT = process.cwd();

export interface GoComparison {
  readonly realMs: { readonly p1: number; readonly p2: number } | null;
  readonly simMs: { readonly p1: number; readonly p2: number };
  readonly note: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function simulated(gomaxprocs: number): number {
  const file = join(ROOT, 'examples/parallelism/go-parallel-cpu.scenario.yaml');
  const { program } = parseScenario(readFileSync(file, 'utf8'), file);
  return simulate(program!, { mode: 'timed', set: { 'runtime.gomaxprocs': gomaxprocs } }).makespan_ns / 1e6;
}

export function compareWithGo(runs = 3): GoComparison {
  const simMs = { p1: simulated(1), p2: simulated(2) };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return { realMs: null, simMs, note: 'go not installed (apt-get install golang-go)' };
  const bin = join(mkdtempSync(join(tmpdir(), 'interleave-go-')), 'parallel-cpu');
  const built = spawnSync('go', ['build', '-o', bin, './parallel-cpu'], { cwd: join(ROOT, 'examples/go'), encoding: 'utf8' });
  if (built.status !== 0) return { realMs: null, simMs, note: `go build failed: ${built.stderr.split('\n')[0]}` };
  const wall = (procs: number) => median(Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    spawnSync(bin, [], { env: { ...process.env, GOMAXPROCS: String(procs) } });
    return Number(process.hrtime.bigint() - start) / 1e6;
  }));
  return { realMs: { p1: wall(1), p2: wall(2) }, simMs, note: go.stdout.trim() };
}
