/**
 * `npm run bench`: the performance targets of performance.md, as a table of medians.
 * Not a test: machines are noisy, so it prints numbers and ratios and never fails.
 */
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { simulate, stateAt, type RunResult } from '../../src/core/index';
import { RaceDetector } from '../../src/core/analysis/raceDetector';
import type { RunTrace } from '../../src/core/engine/simulation';
import { explore } from '../../src/core/explore';
import { replayTo, stateOf } from '../../src/core/trace/query';
import { runPanelBench } from './panelBench';
import { compareWithGo, printRaceComparison, raceComparison } from './goCompare';
import { printClassicTable, runClassicBench } from './classicBench';
import { formatScore, scoreGoRaceCorpus } from '../corpus/goRaceCorpus';
import { formatSummary as formatRaceSummary, runRaceYardstick } from './goRace/yardstick';
import { runSctBench } from './sctBench';
import { printFidelityTable, runFidelityBench } from './fidelityBench';
import { runPythonSection } from './pythonCompare';
import { printAsyncBench, printPyAsyncBench, runAsyncBench, runLensRecheckBench, runPyAsyncBench } from './asyncBench';
import { printTypeScriptBench, runLensBenchProcess, runTypeScriptBench } from './typescriptBench';
import { printKernelsTable, runKernelsBench } from './kernelsBench';
import { printScaleTable, runScaleBench } from './scaleBench';

// A full GC before each memory measurement, so one run's garbage is not billed to the next.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
import type { Op, Program, SourceRange, TaskBody, TaskId } from '../../src/core/program';

const at: SourceRange = { file: 'bench', line: 1, column: 1, endLine: 1, endColumn: 2 };
const RUNS = 5;

function program(main: TaskBody, extra: Partial<Program> = {}): Program {
  return { file: 'bench', name: 'bench', config: {}, vars: [], objects: [], main, mainAt: at, expects: [], sweep: [], at, ...extra };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function timeMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** 8 threads × 100,000 short compute steps on 4 cores, fair policy: the event loop itself. */
function coreLoop(): { eventsPerSec: number; events: number } {
  const compute: Op = { op: 'compute', ns: 1_000, work: 'cpu', at };
  const worker: TaskBody = function* () { for (let i = 0; i < 100_000; i++) yield compute; };
  const main: TaskBody = function* () {
    const ids = (yield { op: 'spawn', body: worker, name: 'w', count: 8, at }) as TaskId[];
    yield { op: 'join', tasks: ids, at };
  };
  const t0 = performance.now();
  const r = simulate(program(main), { mode: 'timed', budget: { events: 50_000_000 } });
  const dt = (performance.now() - t0) / 1000;
  if (r.stopped !== 'finished') throw new Error(`core loop run stopped: ${r.stopped} ${r.error ?? ''}`);
  return { eventsPerSec: r.events / dt, events: r.events };
}

/** The seeds' "many goroutines": 100,000 tasks, each created, run (10 µs) and finished. */
function manyTasks(n: number): { seconds: number; peakMb: number; peakHeapMb: number; makespanMs: number } {
  const compute: Op = { op: 'compute', ns: 10_000, work: 'cpu', at };
  const worker: TaskBody = function* () { yield compute; };
  const main: TaskBody = function* () {
    const ids = (yield { op: 'spawn', body: worker, name: 'w', count: n, at }) as TaskId[];
    yield { op: 'join', tasks: ids, at };
  };
  gc();
  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const r = simulate(program(main), {
    mode: 'timed', budget: { events: 50_000_000, tasks: n + 10 },
    shouldCancel: () => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
      return false;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  if (r.stopped !== 'finished') throw new Error(`many-tasks run stopped: ${r.stopped} ${r.error ?? ''}`);
  return { seconds, peakMb: peak / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20, makespanMs: r.makespan_ns / 1e6 };
}

/** Two tasks each doing 5 unsynchronised increments (~10 steps): the exploration workload. */
function twoIncrementers(): Program {
  const read: Op = { op: 'read', v: 'c', at };
  const worker: TaskBody = function* () {
    for (let i = 0; i < 5; i++) {
      const v = (yield read) as number;
      yield { op: 'write', v: 'c', value: v + 1, at };
    }
  };
  const main: TaskBody = function* () {
    const ids = (yield { op: 'spawn', body: worker, name: 'w', count: 2, at }) as TaskId[];
    yield { op: 'join', tasks: ids, at };
  };
  return program(main, { vars: [{ id: 'c', name: 'c', initial: 0 }] });
}

/** Untimed schedules per second on `twoIncrementers`. */
function untimedSchedules(): number {
  const p = twoIncrementers();
  const n = 20_000;
  const t0 = performance.now();
  for (let seed = 0; seed < n; seed++) simulate(p, { mode: 'untimed', seed });
  return n / ((performance.now() - t0) / 1000);
}


/** Four threads taking a mutex around a read-compute-write, long enough for a ~100,000-event trace. */
function lockedCounter(iterations: number): Program {
  const worker: TaskBody = function* () {
    for (let i = 0; i < iterations; i++) {
      yield { op: 'sync', obj: 'mu', action: 'lock', at };
      const v = (yield { op: 'read', v: 'n', at }) as number;
      yield { op: 'compute', ns: 2_000, work: 'cpu', at };
      yield { op: 'write', v: 'n', value: v + 1, at };
      yield { op: 'sync', obj: 'mu', action: 'unlock', at };
    }
  };
  const main: TaskBody = function* () {
    const ids = (yield { op: 'spawn', body: worker, name: 'w', count: 4, at }) as TaskId[];
    yield { op: 'join', tasks: ids, at };
  };
  return program(main, {
    vars: [{ id: 'n', name: 'n', initial: 0 }], objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
    config: { machine: { cores: 2 } },
  });
}

/**
 * The debugger's step: ms per `stateAt` on a ~100,000-event trace. Forwards: 300 steps
 * from the middle (the first call, a replay to the middle, is not counted). Backwards:
 * a jump to the end, then 1,000 steps back; a step that leaves the cursor's window of
 * kept states replays from the start (cursor.ts), which shows in p95 and `worstBack`.
 * `replayEach` is the way before the cursor (a replay from the start per step).
 */
function debuggerSteps(): { events: number; forward: number[]; backward: number[]; replayEach: number[] } {
  const r = simulate(lockedCounter(3_000), { mode: 'timed', trace: true, budget: { events: 50_000_000 } });
  const trace = r.trace as RunTrace;
  const n = trace.log.length;
  const mid = n >> 1;
  const run: RunResult = { ...r }; // a new result object starts with no cursor
  stateAt(run, mid);
  const forward = Array.from({ length: 300 }, (_, k) => timeMs(() => stateAt(run, mid + 1 + k)));
  stateAt(run, n - 1);
  const backward = Array.from({ length: 1_000 }, (_, k) => timeMs(() => stateAt(run, n - 2 - k)));
  const replayEach = Array.from({ length: 5 }, (_, k) => timeMs(() => stateOf(replayTo(trace, mid + k), mid + k)));
  return { events: n, forward, backward, replayEach };
}

/** Race detection on against off on an access-heavy timed run (performance.md: ≤ 2×). */
function raceOverhead(): { off: number; on: number } {
  const p = lockedCounter(20_000);
  const off = timeMs(() => simulate(p, { mode: 'timed', budget: { events: 50_000_000 } }));
  const on = timeMs(() => simulate(p, { mode: 'timed', budget: { events: 50_000_000 }, hb: new RaceDetector(p) }));
  return { off, on };
}

/** The explorer: dpor schedules/s on 2 tasks × ~10 steps, with and without its race detector. */
function explorerRate(races: boolean): number {
  const p = twoIncrementers();
  const t0 = performance.now();
  const res = explore(p, { strategy: 'random', maxSchedules: 5_000, races, minimise: false });
  return res.schedules / ((performance.now() - t0) / 1000);
}

interface Row {
  readonly name: string;
  readonly median: string;
  readonly p95: string;
  readonly target: string;
  readonly ok: boolean | null;
}

// `npm run bench -- core`: only the core loop's events/s (median of 5), for profiling (`node --cpu-prof`).
// `-- core N` runs it N times (a longer profile).
if (process.argv.slice(2).includes('core')) {
  const args = process.argv.slice(2);
  const loops = Array.from({ length: Number(args[args.indexOf('core') + 1]) || RUNS }, () => coreLoop());
  console.log(`core loop: ${(median(loops.map((l) => l.eventsPerSec)) / 1e6).toFixed(2)} M events/s (${loops[0].events} events, load ${loadavg()[0].toFixed(1)})`);
  process.exit(0);
}
// `npm run bench -- scale`: only issue 24's rows (a million goroutines, parked memory, check) beside real Go.
if (process.argv.slice(2).includes('scale')) {
  const load = `load ${loadavg()[0].toFixed(1)}`;
  const loops = Array.from({ length: RUNS }, () => coreLoop());
  console.log(`core loop: ${(median(loops.map((l) => l.eventsPerSec)) / 1e6).toFixed(2)} M events/s (target ≥ 20 M/s)`);
  printScaleTable(runScaleBench(gc), `${load} at the start, ${loadavg()[0].toFixed(1)} at the end`);
  process.exit(0);
}
// `npm run bench -- sct`: only the SCTBench-style table.
if (process.argv.slice(2).includes('sct')) {
  runSctBench();
  process.exit(0);
}
// `npm run bench -- async`: only issue 23's target (two flows × three io(), exhaustive).
if (process.argv.slice(2).includes('async')) {
  printAsyncBench(runAsyncBench());
  printPyAsyncBench(runPyAsyncBench());
  const lens = runLensRecheckBench();
  console.log(`lens recheck (checkFile, compile + check, median of 7): async .sim.ts ${lens.asyncMs.toFixed(0)} ms (${lens.asyncFindings} findings), `
    + `threaded .sim.ts of the same shape ${lens.threadsMs.toFixed(0)} ms (${lens.threadFindings} findings): ${(lens.asyncMs / lens.threadsMs).toFixed(2)}×`);
  process.exit(0);
}
// `npm run bench -- typescript`: only the .sim.ts figures (issue 18): schedules/s beside the scenario, step cost.
if (process.argv.slice(2).includes('typescript')) {
  printTypeScriptBench(runTypeScriptBench());
  runLensBenchProcess();
  process.exit(0);
}
// `npm run bench -- classic`: only the exhaustive-exploration table (issue 21).
if (process.argv.slice(2).includes('classic')) {
  printClassicTable(runClassicBench());
  process.exit(0);
}
// `npm run bench -- python`: only the Python front end's costs and examples against python3 (issue 15).
if (process.argv.slice(2).includes('python')) {
  runPythonSection();
  process.exit(0);
}
// `npm run bench -- gorace`: Go's own race tests (runtime/race/testdata of the installed Go,
// Debian's golang-go) as a yardstick of the Go front end: accepted, precision and recall (issue 14).
// `-- gorace SECONDS` sets each program's search budget (default 5 s; npm test's yardstick gives 1 s).
if (process.argv.slice(2).includes('gorace')) {
  const args = process.argv.slice(2);
  const seconds = Number(args[args.indexOf('gorace') + 1]) || 5;
  const budget = { timeMs: seconds * 1000, schedules: 1_000_000 };
  const { summary } = runRaceYardstick(budget, (done, of) => process.stderr.write(`${done}/${of}\r`));
  console.log(formatRaceSummary(summary, budget));
  process.exit(0);
}
// `npm run bench -- gocompare`: only go run -race against interleave check (issue 14).
if (process.argv.slice(2).includes('gocompare')) {
  printRaceComparison(raceComparison());
  process.exit(0);
}
// `npm run bench -- kernels [NAME]`: the bug kernels, go test -race beside check (issue 25, item 4).
if (process.argv.slice(2).includes('kernels')) {
  const args = process.argv.slice(2);
  printKernelsTable(runKernelsBench(args[args.indexOf('kernels') + 1]));
  process.exit(0);
}
// `npm run bench -- fidelity`: only the simulated-against-real table of issue 13.
if (process.argv.slice(2).includes('fidelity')) {
  printFidelityTable(runFidelityBench());
  process.exit(0);
}

const rows: Row[] = [];
const add = (name: string, med: string, target: string, ok: boolean | null, p95s = ''): void => {
  rows.push({ name, median: med, p95: p95s, target, ok });
};

const loops = Array.from({ length: RUNS }, () => coreLoop());
const eps = median(loops.map((l) => l.eventsPerSec));
add(`core loop, events/s (${loops[0].events} events)`, (eps / 1e6).toFixed(2) + ' M/s', '≥ 20 M/s', eps >= 20e6);
const many = Array.from({ length: RUNS }, () => manyTasks(100_000));
const manyS = median(many.map((m) => m.seconds)), manyMb = median(many.map((m) => m.peakMb));
add('100,000 tasks end to end', manyS.toFixed(3) + ' s', '≤ 1 s', manyS <= 1);
add('100,000 tasks, peak RSS', manyMb.toFixed(0) + ' MB', '≤ 300 MB', manyMb <= 300);
add('100,000 tasks, peak JS heap', median(many.map((m) => m.peakHeapMb)).toFixed(0) + ' MB', '(info)', null);
add('100,000 tasks, simulated makespan', median(many.map((m) => m.makespanMs)).toFixed(1) + ' ms', '(info)', null);
const untimed = median(Array.from({ length: RUNS }, () => untimedSchedules()));
add('untimed runs/s, 2 tasks × 10 steps (seeded)', untimed.toFixed(0) + ' /s', '≥ 20,000 /s', untimed >= 20_000);
const exOff = median(Array.from({ length: RUNS }, () => explorerRate(false)));
const exOn = median(Array.from({ length: RUNS }, () => explorerRate(true)));
add('explorer schedules/s, races off', exOff.toFixed(0) + ' /s', '≥ 20,000 /s', exOff >= 20_000);
add('explorer schedules/s, races on', exOn.toFixed(0) + ' /s', '(info)', null);
add('explorer, races on ÷ off (time)', (exOff / exOn).toFixed(2) + '×', '≤ 2×', exOff / exOn <= 2);
const races = Array.from({ length: RUNS }, () => raceOverhead());
const raceRatio = median(races.map((x) => x.on / x.off));
add('timed run, race detector on ÷ off (time)', raceRatio.toFixed(2) + '×', '≤ 2×', raceRatio <= 2,
  `${median(races.map((x) => x.off)).toFixed(0)}→${median(races.map((x) => x.on)).toFixed(0)} ms`);
const steps = debuggerSteps();
const fwd = median(steps.forward), back = median(steps.backward), each = median(steps.replayEach);
add(`debugger step forwards (${steps.events} events)`, fwd.toFixed(3) + ' ms', '≤ 16 ms', fwd <= 16, p95(steps.forward).toFixed(3) + ' ms');
add(`debugger step backwards (${steps.events} events)`, back.toFixed(3) + ' ms', '≤ 16 ms', back <= 16, p95(steps.backward).toFixed(3) + ' ms');
add('  worst step back (a replay and a new window)', Math.max(...steps.backward).toFixed(1) + ' ms', '(info)', null);
add('  replay from the start per step (before)', each.toFixed(1) + ' ms', '(info)', null);
const backMean = steps.backward.reduce((x, y) => x + y, 0) / steps.backward.length;
add('  step backwards, mean (replays amortised)', backMean.toFixed(3) + ' ms', '≤ 16 ms', backMean <= 16);
add('  speed-up over a replay per step: fwd / back (mean)', `${(each / fwd).toFixed(0)}× / ${(each / backMean).toFixed(0)}×`, '(info)', null);

const async = runAsyncBench();
add(`async: 2 flows × 3 io(), exhaustive (${async.schedules} schedules)`, async.ms.toFixed(0) + ' ms', '≪ 1 s', async.complete && async.ms < 1000);
// Issue 23: the lens rechecks an async file as fast as a threaded one of the same shape.
const lens = runLensRecheckBench();
add('  lens recheck, async ÷ threaded .sim.ts (compile + check)', (lens.asyncMs / lens.threadsMs).toFixed(2) + '×', '≈ 1× (≤ 1.5×)',
  lens.asyncMs / lens.threadsMs <= 1.5, `${lens.asyncMs.toFixed(0)} / ${lens.threadsMs.toFixed(0)} ms`);

const go = compareWithGo();
const simSpeedup = go.simMs.p1 / go.simMs.p2;
add('GOMAXPROCS 1→2 speed-up, simulated (2 CPU-bound goroutines)', simSpeedup.toFixed(2) + '×',
  '≈ 2× on 2 cores', Math.abs(simSpeedup - 2) < 0.1, `${go.simMs.p1.toFixed(0)}→${go.simMs.p2.toFixed(0)} ms`);
if (go.realMs) {
  const realSpeedup = go.realMs.p1 / go.realMs.p2;
  add('GOMAXPROCS 1→2 speed-up, real Go (same program, this machine)', realSpeedup.toFixed(2) + '×', '(info; a loaded machine shows less)', null,
    `${go.realMs.p1.toFixed(0)}→${go.realMs.p2.toFixed(0)} ms`);
  add('  simulated ÷ real speed-up', (simSpeedup / realSpeedup).toFixed(2) + '×', '(info)', null);
} else {
  add('GOMAXPROCS 1→2 speed-up, real Go', 'not run', go.note.slice(0, 40), null);
}
const corpus = scoreGoRaceCorpus(2000, join(process.cwd(), 'test/corpus/go-race'));
add(`Go race-test corpus (${corpus.cases} cases): precision / recall`,
  `${(corpus.precision * 100).toFixed(1)}% / ${(corpus.recall * 100).toFixed(1)}%`, '(info)', null, `FP ${corpus.falsePositives} FN ${corpus.falseNegatives}`);
// Go's own race tests through the Go front end (issue 14), as npm test scores them (1 s each); `-- gorace` alone gives 5 s each.
try {
  const { summary: race } = runRaceYardstick({ timeMs: 1000, schedules: 2000 });
  add(`Go's race tests through the Go front end: accepted of ${race.tests}`, String(race.accepted), '≥ 150', race.accepted >= 150, `${race.seconds} s`);
  add('  precision / recall on those', `${(race.precision * 100).toFixed(1)}% / ${(race.recall * 100).toFixed(1)}%`, '≥ 99% / ≥ 95%',
    race.precision >= 0.99 && race.recall >= 0.95, `FP ${race.falseRaces} FN ${race.missed}`);
} catch (e) {
  add('Go\'s race tests through the Go front end', 'not run', String(e instanceof Error ? e.message : e).slice(0, 60), null);
}

function printTable(): void {
  const W = [62, 16, 16, 17, 4];
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 1 || i === 2 ? x.padStart(W[i]) : x.padEnd(W[i]))).join(' | ')} |`;
  console.log(`Interleave bench (median of ${RUNS} runs, node ${process.version}, load average ${loadavg()[0].toFixed(1)})`);
  console.log(line(['measure', 'median', 'p95', 'target', 'ok']));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line([r.name, r.median, r.p95, r.target, r.ok === null ? '' : r.ok ? 'yes' : 'NO']));
  console.log(`\nGo runtime: ${go.note}`);
  console.log(formatScore(corpus));
}

// The panel's rows (Chromium through playwright-core); the table prints either way.
runPanelBench().then(
  (panel) => { for (const r of panel) add(r.name, r.median.toFixed(1) + ' ms', r.target, r.ok, r.p95.toFixed(1) + ' ms'); },
  (e: unknown) => add('panel bench (Chromium)', 'not run', String(e instanceof Error ? e.message : e).split('\n')[0].slice(0, 60), null),
).finally(() => {
  printTable();
  const load = `load ${loadavg()[0].toFixed(1)} at the start`;
  printScaleTable(runScaleBench(gc), `${load}, ${loadavg()[0].toFixed(1)} at the end`);
  // Exhaustive exploration of the classic set (issue 21): naive enumerator vs dpor, same run.
  printClassicTable(runClassicBench());
  runSctBench();
  printFidelityTable(runFidelityBench());
  runPythonSection();
  printTypeScriptBench(runTypeScriptBench());
  runLensBenchProcess();
  printRaceComparison(raceComparison());
  // The editor at a million goroutines (issue 24), in a process of its own with the heap it
  // needs (test/bench/editor.mjs): after the sections above, this one's heap is not enough.
  const editor = spawnSync(process.execPath, [join(process.cwd(), 'test/bench/editor.mjs')], { stdio: 'inherit' });
  if (editor.status !== 0) console.log(`\nThe editor at a million goroutines: not run (exit ${editor.status ?? editor.signal})`);
});
