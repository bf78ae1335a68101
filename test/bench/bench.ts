/**
 * `npm run bench`: the performance targets of performance.md, as a table of medians.
 * Not a test: machines are noisy, so it prints numbers and ratios and never fails.
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { simulate } from '../../src/core/index';

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

/** Untimed schedules per second: two tasks each doing 5 unsynchronised increments (~10 steps). */
function untimedSchedules(): number {
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
  const p = program(main, { vars: [{ id: 'c', name: 'c', initial: 0 }] });
  const n = 20_000;
  const t0 = performance.now();
  for (let seed = 0; seed < n; seed++) simulate(p, { mode: 'untimed', seed });
  return n / ((performance.now() - t0) / 1000);
}

function row(what: string, value: string, target: string): string {
  return `| ${what.padEnd(44)} | ${value.padStart(16)} | ${target.padEnd(14)} |`;
}

const loops = Array.from({ length: RUNS }, () => coreLoop());
const many = Array.from({ length: RUNS }, () => manyTasks(100_000));
const untimed = Array.from({ length: RUNS }, () => untimedSchedules());

console.log(`Interleave bench (median of ${RUNS} runs, node ${process.version}, load average ${loadavg()[0].toFixed(1)})`);
console.log(row('measure', 'median', 'target'));
console.log(`|${'-'.repeat(46)}|${'-'.repeat(18)}|${'-'.repeat(16)}|`);
console.log(row(`core loop, events/s (${loops[0].events} events)`, (median(loops.map((l) => l.eventsPerSec)) / 1e6).toFixed(2) + ' M/s', '≥ 5 M/s'));
console.log(row('100,000 tasks end to end, seconds', median(many.map((m) => m.seconds)).toFixed(3) + ' s', '≤ 1 s'));
console.log(row('100,000 tasks, peak RSS', median(many.map((m) => m.peakMb)).toFixed(0) + ' MB', '≤ 300 MB'));
console.log(row('100,000 tasks, peak JS heap', median(many.map((m) => m.peakHeapMb)).toFixed(0) + ' MB', '(info)'));
console.log(row('100,000 tasks, simulated makespan', median(many.map((m) => m.makespanMs)).toFixed(1) + ' ms', '(info)'));
console.log(row('untimed schedules/s, 2 tasks × 10 steps', median(untimed).toFixed(0) + ' /s', '≥ 20,000 /s'));
