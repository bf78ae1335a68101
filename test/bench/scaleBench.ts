/**
 * Issue 24's scale rows, against real Go in the same run: a million goroutines end to end as
 * `interleave run` prints them (wall time and peak RSS of the command), 100,000 of them, the
 * JS heap a parked goroutine holds, and `check` on the 100,000-goroutine program. The Go side
 * is test/bench/scale/many.go, built once with `go build` (the build is not timed) and run
 * with GOMAXPROCS=2 (the scenarios' `cores: 2`). `npm run bench -- scale` prints only these.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulation, TS_BLOCKED } from '../../src/core/index';
import { parseScenario } from '../../src/frontends/scenario/index';

/** npm run bench runs from the repository root (the bundle lives in dist/). */
const ROOT = process.cwd();
const SCALE = join(ROOT, 'test/bench/scale');
export const MANY_100K = join(ROOT, 'examples/goroutines/many-goroutines.scenario.yaml');
export const MANY_1M = join(SCALE, 'many-goroutines-1m.scenario.yaml');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface Timed {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly ok: boolean;
  readonly status: number | null;
  readonly out: string;
}

/** One `node dist/cli.js ARGS`, its wall time and peak RSS (the supervisor and its worker thread: one process). */
export function cliRun(args: readonly string[]): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', join(SCALE, 'maxrss.cjs'), join(ROOT, 'dist/cli.js'), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const rss = /maxrss_kb (\d+)/.exec(r.stderr ?? '');
  return { ms, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, ok: r.status === 0, status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** `interleave run` on a many-goroutines file; ok when it printed main's line and no finding. */
function runMany(file: string, n: number, runs: number): { ms: number; maxRssMb: number; ok: boolean; note: string } {
  const all = Array.from({ length: runs }, () => cliRun(['run', file, '--events', String(20 * n), '--time', '600']));
  const ok = all.every((r) => r.ok && r.out.includes(`Launched and waited for ${n} goroutines`));
  const bad = all.find((r) => !ok && !r.ok);
  return {
    ms: median(all.map((r) => r.ms)), maxRssMb: median(all.map((r) => r.maxRssMb)), ok,
    note: bad ? `exit ${bad.status}: ${bad.out.split('\n').find((l) => /error|finding/.test(l))?.slice(0, 80) ?? ''}` : '',
  };
}

export interface GoTimes {
  readonly ms: number;
  readonly maxRssMb: number;
}

/** many.go built once, then `runs` runs of the binary with `n` goroutines: median wall time and peak RSS. */
function realGo(n: number, runs: number, bin: string): GoTimes | null {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(bin, [String(n)], { encoding: 'utf8', env: { ...process.env, GOMAXPROCS: '2' } });
    times.push(performance.now() - t0);
    if (r.status !== 0) return null;
    rss.push(Number(/maxrss_kb (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024);
  }
  return { ms: median(times), maxRssMb: median(rss) };
}

function buildGo(): { bin: string | null; note: string } {
  const v = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (v.status !== 0) return { bin: null, note: 'go not installed (apt-get install golang-go)' };
  const bin = join(mkdtempSync(join(tmpdir(), 'interleave-scale-')), 'many');
  const b = spawnSync('go', ['build', '-o', bin, join(SCALE, 'many.go')], { encoding: 'utf8', env: { ...process.env, GO111MODULE: 'off' } });
  if (b.status !== 0) return { bin: null, note: `go build failed: ${b.stderr.split('\n')[0]}` };
  return { bin, note: v.stdout.trim() };
}

/**
 * The JS heap `n` parked goroutines hold: the parked.scenario.yaml program run until all of
 * them and main wait on the channel (the run stops there, a deadlock), measured after a full
 * GC against the heap before the run. No trace (the trace's own cost is the trace's rows).
 */
export function parkedHeap(n: number, gc: () => void): number {
  const file = join(SCALE, 'parked.scenario.yaml');
  const { program, errors } = parseScenario(readFileSync(file, 'utf8').replace(/count: \d+/, `count: ${n}`), file);
  if (!program) throw new Error(`${file}: ${errors[0]?.message}`);
  gc();
  const before = process.memoryUsage().heapUsed;
  const sim = new Simulation(program, { mode: 'timed', budget: { events: 100 * n, tasks: n + 10 } });
  const parked = (): number => {
    let k = 0;
    for (const t of sim.world.tasks) if (t.state === TS_BLOCKED) k++;
    return k;
  };
  while (!sim.runSlice(20_000));
  if (sim.stopped !== 'deadlock' || parked() !== n + 1) throw new Error(`parked goroutines: the run ended (${sim.stopped}) before ${n} goroutines parked`);
  gc();
  const used = process.memoryUsage().heapUsed - before;
  sim.cancel(); // keeps `sim` reachable until after the measurement
  return used;
}

export interface ScaleResult {
  readonly go: string;
  readonly million: { ms: number; maxRssMb: number; ok: boolean; note: string };
  readonly hundredK: { ms: number; maxRssMb: number; ok: boolean; note: string };
  readonly realMillion: GoTimes | null;
  readonly realHundredK: GoTimes | null;
  /** Bytes of JS heap per parked goroutine: (heap with 100,000 − heap with 10,000) / 90,000. */
  readonly parkedBytes: number;
  readonly check: { ms: number; schedules: number; answered: boolean; line: string };
}

export function runScaleBench(gc: () => void, runs = 3): ScaleResult {
  const { bin, note } = buildGo();
  const realMillion = bin ? realGo(1_000_000, 5, bin) : null;
  const realHundredK = bin ? realGo(100_000, 5, bin) : null;
  const hundredK = runMany(MANY_100K, 100_000, 5);
  const million = runMany(MANY_1M, 1_000_000, runs);
  const parkedBytes = median(Array.from({ length: 3 }, () => (parkedHeap(100_000, gc) - parkedHeap(10_000, gc)) / 90_000));
  // `check` with its default budgets (30 s of wall clock): does it finish a schedule and answer?
  const c = cliRun(['check', MANY_100K]);
  const line = c.out.split('\n').find((l) => /schedules? explored/.test(l)) ?? c.out.split('\n').find((l) => /error/.test(l)) ?? '';
  const schedules = Number(/(\d+) schedules? explored/.exec(line)?.[1] ?? 0);
  const check = { ms: c.ms, schedules, answered: (c.status === 0 || c.status === 1) && schedules > 0, line: line.replace(/^.*?: /, '') };
  return { go: note, million, hundredK, realMillion, realHundredK, parkedBytes, check };
}

export interface ScaleRow {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean | null;
  readonly extra: string;
}

export function scaleRows(s: ScaleResult): ScaleRow[] {
  const rows: ScaleRow[] = [];
  const vs = (sim: number, real: GoTimes | null | undefined) => (real ? `${(sim / real.ms).toFixed(1)}× Go's ${real.ms.toFixed(0)} ms` : 'Go not run');
  rows.push({
    name: '1,000,000 goroutines, `run` end to end', value: `${(s.million.ms / 1000).toFixed(2)} s`, target: '≤ 5 s, ≤ 10× Go',
    ok: s.million.ok && s.million.ms <= 5000 && (s.realMillion === null || s.million.ms <= 10 * s.realMillion.ms), extra: s.million.note || vs(s.million.ms, s.realMillion),
  });
  rows.push({
    name: '1,000,000 goroutines, `run` peak RSS', value: `${s.million.maxRssMb.toFixed(0)} MB`, target: '≤ 1.5 GB',
    ok: s.million.maxRssMb <= 1536, extra: s.realMillion ? `Go ${s.realMillion.maxRssMb.toFixed(0)} MB` : '',
  });
  rows.push({
    name: '100,000 goroutines, `run` end to end', value: `${(s.hundredK.ms / 1000).toFixed(2)} s`, target: '≤ 0.5 s',
    ok: s.hundredK.ok && s.hundredK.ms <= 500, extra: s.hundredK.note || vs(s.hundredK.ms, s.realHundredK),
  });
  rows.push({
    name: '100,000 goroutines, `run` peak RSS', value: `${s.hundredK.maxRssMb.toFixed(0)} MB`, target: '(info)',
    ok: null, extra: s.realHundredK ? `Go ${s.realHundredK.maxRssMb.toFixed(0)} MB` : '',
  });
  rows.push({
    name: 'JS heap per parked goroutine (no trace)', value: `${s.parkedBytes.toFixed(0)} B`, target: '≤ 1 KB', ok: s.parkedBytes <= 1024,
    extra: 'beyond the modelled 2 KiB stack',
  });
  rows.push({
    name: '`check` on 100,000 goroutines (default budgets)', value: `${(s.check.ms / 1000).toFixed(1)} s`, target: 'a schedule, an answer',
    ok: s.check.answered, extra: s.check.line.slice(0, 60),
  });
  return rows;
}

export function printScaleTable(s: ScaleResult, load: string): void {
  console.log(`\nScale (issue 24), against real Go in the same run (${s.go}, GOMAXPROCS=2; ${load})`);
  const W = [48, 10, 22, 4, 44];
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 1 ? x.padStart(W[i]) : x.padEnd(W[i]))).join(' | ')} |`;
  console.log(line(['measure', 'median', 'target', 'ok', 'beside']));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of scaleRows(s)) console.log(line([r.name, r.value, r.target, r.ok === null ? '' : r.ok ? 'yes' : 'NO', r.extra]));
}
