/**
 * The real Go runtime against the simulation. (1) `go run -race` against `interleave
 * check` on Go programs (raceComparison). (2) On the seeds' CPU-bound example: two
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
import { explore } from '../../src/core/explore';
import { compileSource } from '../../src/frontends/index';

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

/** Go programs both tools look at: the examples, and one whose race most real schedules hide. */
const RACE_PROGRAMS: readonly { readonly name: string; readonly file: string; readonly racy: boolean }[] = [
  { name: 'racy-count', file: 'examples/go/racy-count/main.go', racy: true },
  { name: 'waitgroup', file: 'examples/go/waitgroup/main.go', racy: false },
  { name: 'channel-sum', file: 'examples/go/channel-sum/main.go', racy: false },
  { name: 'hidden-race', file: 'test/bench/goRace/programs/hidden-race.go', racy: true },
];

export interface RaceComparisonRow {
  readonly name: string;
  /** What the program is (the example's comment, Go's race tests): racy or not. */
  readonly racy: boolean;
  /** Real runs of the `go build -race` binary that printed WARNING: DATA RACE, of `runs`; null without Go. */
  readonly realFound: number | null;
  readonly runs: number;
  /** `go build -race` once, and the median of one run of the binary (ms). */
  readonly realBuildMs: number | null;
  readonly realRunMs: number | null;
  /** `interleave check`'s compile and exploration (in-process): did it report a data race, and in how long. */
  readonly checkFound: boolean;
  readonly checkMs: number;
  readonly schedules: number;
}

/**
 * `go run -race` against `interleave check`, in the same bench run on this machine: the
 * race detector sees the one schedule each real run takes (so a race the usual schedule
 * hides is missed in most runs); check explores schedules and reports it every time.
 */
export function raceComparison(runs = 10): { rows: RaceComparisonRow[]; note: string } {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  const haveGo = go.status === 0;
  const dir = mkdtempSync(join(tmpdir(), 'interleave-gorace-'));
  const rows: RaceComparisonRow[] = [];
  for (const p of RACE_PROGRAMS) {
    const file = join(ROOT, p.file);
    const text = readFileSync(file, 'utf8');
    // What `interleave check` does: compile, then the portfolio exploration (src/service/fileWork.ts).
    const t0 = performance.now();
    const compiled = compileSource(text, file);
    if (!compiled.program) throw new Error(`${p.file}: ${compiled.errors[0]?.message}`);
    const checked = explore(compiled.program, { strategy: 'portfolio', maxSchedules: 2000 });
    const checkMs = performance.now() - t0;
    const checkFound = checked.findings.some((f) => f.kind === 'data-race');
    let realFound: number | null = null;
    let realBuildMs: number | null = null;
    let realRunMs: number | null = null;
    if (haveGo) {
      const bin = join(dir, p.name);
      const b0 = performance.now();
      const built = spawnSync('go', ['build', '-race', '-o', bin, file], { encoding: 'utf8', env: { ...process.env, GO111MODULE: 'off' } });
      realBuildMs = performance.now() - b0;
      if (built.status === 0) {
        const times: number[] = [];
        realFound = 0;
        for (let i = 0; i < runs; i++) {
          const r0 = performance.now();
          const r = spawnSync(bin, [], { encoding: 'utf8' });
          times.push(performance.now() - r0);
          if (/WARNING: DATA RACE/.test(r.stderr)) realFound++;
        }
        realRunMs = median(times);
      }
    }
    rows.push({ name: p.name, racy: p.racy, realFound, runs, realBuildMs, realRunMs, checkFound, checkMs, schedules: checked.schedules });
  }
  return { rows, note: haveGo ? go.stdout.trim() : 'go not installed (apt-get install golang-go): only check ran' };
}

export function printRaceComparison({ rows, note }: { rows: RaceComparisonRow[]; note: string }): void {
  console.log(`\ngo run -race against interleave check, this machine (${note})`);
  const head = ['program', 'racy', 'go -race found', 'go build', 'go run (median)', 'check found', 'check time', 'schedules', 'check ÷ (build + run)'];
  const W = [18, 5, 15, 9, 15, 11, 10, 9, 21];
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(W[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) {
    const real = r.realFound === null ? 'not run' : `${r.realFound}/${r.runs} runs`;
    const ratio = r.realBuildMs !== null && r.realRunMs !== null ? `${(r.checkMs / (r.realBuildMs + r.realRunMs)).toFixed(2)}×` : '';
    console.log(line([r.name, r.racy ? 'yes' : 'no', real, r.realBuildMs === null ? '' : `${r.realBuildMs.toFixed(0)} ms`,
      r.realRunMs === null ? '' : `${r.realRunMs.toFixed(0)} ms`, r.checkFound ? 'race' : 'none', `${r.checkMs.toFixed(0)} ms`, String(r.schedules), ratio]));
  }
}
