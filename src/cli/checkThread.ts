/**
 * One extra worker thread of `check` (dist/checkThread.js, started by checkThreadPool.ts
 * once a file's search has run a moment without finishing): links the module the command's
 * thread emitted into a sandbox of its own (or parses a scenario's text), then runs the
 * portfolio's randomized members (pct at depths 1 to 3 and a random walk, with its own
 * seeds) in chunks of `explore` until the command's search sets the stop cell, and posts
 * each finding it has not seen before. A thread adds findings, never a coverage claim.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../core/index';
import {
  CELL_DONE_SEQ, CELL_STOP, scheduleCell, stateCell, THREAD_MEMBERS, THREAD_STATE,
  type CheckThreadBegin, type CheckThreadData, type CheckThreadMessage,
} from './checkThreadProtocol';
import { checkSchedules, findingKey, measureSchedule, relink } from '../service/index';

/** A thread near its heap ceiling stops with a message rather than being killed without one. */
const HEAP_SHARE = 0.85;
/** Schedules between heap checks. */
const HEAP_EVERY = 32;
/** Schedules of one explore() call: the latency of a finding reaching the command's thread. */
const CHUNK = 64;

function setState(cells: Int32Array, i: number, state: number): void {
  Atomics.store(cells, stateCell(i), state);
  if (state === THREAD_STATE.done || state === THREAD_STATE.failed) {
    Atomics.add(cells, CELL_DONE_SEQ, 1);
    Atomics.notify(cells, CELL_DONE_SEQ);
  }
}

function checkHeap(): void {
  const heap = getHeapStatistics();
  if (heap.used_heap_size > HEAP_SHARE * heap.heap_size_limit) {
    throw new Error(`it reached ${Math.round(100 * HEAP_SHARE)}% of its memory ceiling of ${Math.round(heap.heap_size_limit / 2 ** 20)} MiB (--memory-mb raises it)`);
  }
}

export function runCheckThread(data: CheckThreadData, begin: CheckThreadBegin): void {
  const cells = new Int32Array(data.cells);
  const i = data.thread - 1;
  const post = (m: CheckThreadMessage): void => data.port.postMessage(m);
  const stopped = (): boolean => Atomics.load(cells, CELL_STOP) === 1 || Date.now() > data.deadline;
  try {
    setState(cells, i, THREAD_STATE.loading);
    let program;
    try {
      program = relink(begin.program, data.file);
    } catch (e) {
      // The command's own load reports the errors; the thread only says it did not search.
      post({ t: 'failed', message: `could not rebuild the program: ${(e as Error).message}` });
      setState(cells, i, THREAD_STATE.failed);
      return;
    }
    setState(cells, i, THREAD_STATE.searching);
    const seen = new Set<string>();
    const runErrors = new Set<string>();
    // Schedules of each member in the chunks before this one.
    const before: Record<string, number> = Object.fromEntries(THREAD_MEMBERS.map((m) => [m, 0]));
    let schedules = 0;
    for (let chunk = 0; !stopped(); chunk++) {
      // Chunks of the portfolio, each with the next seed: pct and random draw afresh for each
      // schedule anyway, and a chunk's end is where its findings are known.
      const r = checkSchedules(program, {
        members: THREAD_MEMBERS, seed: data.seed + chunk, maxSchedules: CHUNK,
        maxStepsPerSchedule: data.events, shouldCancel: stopped, minimise: false,
        onSchedule: (p) => {
          schedules++;
          THREAD_MEMBERS.forEach((m, k) => Atomics.store(cells, scheduleCell(i, k), before[m] + (p.perStrategy?.[m] ?? 0)));
          if (data.fault) fault(data.fault);
          if (schedules % HEAP_EVERY === 0) checkHeap();
        },
      });
      for (const f of r.findings) {
        // A failed `no:` expectation is the command's to derive from all the findings.
        if (f.kind === 'expectation' && program.expects.some((e) => e.kind === 'no' && e.at === f.at)) continue;
        const key = findingKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        // How simple its counterexample is, for the command's FindingBook: replay its schedule.
        const m = f.schedule ? measureSchedule(program, f.schedule, simulate) : { preemptions: 0, steps: 0 };
        const foundBy = f.foundBy ? { foundBy: { ...f.foundBy, schedules: before[f.foundBy.strategy] + f.foundBy.schedules, thread: data.thread } } : {};
        post({ t: 'finding', finding: { ...f, ...foundBy }, preemptions: m.preemptions, steps: m.steps });
      }
      for (const e of r.stats.errors) {
        if (runErrors.has(e)) continue;
        runErrors.add(e);
        post({ t: 'runError', message: e });
      }
      for (const m of THREAD_MEMBERS) before[m] += r.stats.perStrategy?.[m] ?? 0;
    }
    setState(cells, i, THREAD_STATE.done);
  } catch (e) {
    post({ t: 'failed', message: e instanceof Error ? e.message : String(e) });
    setState(cells, i, THREAD_STATE.failed);
  }
}

/** INTERLEAVE_CHECK_THREAD_FAULT: how a test makes a thread fail after its first schedule. */
function fault(kind: string): void {
  if (kind === 'throw') throw new Error('a fault injected for a test (INTERLEAVE_CHECK_THREAD_FAULT=throw)');
  if (kind === 'exit') process.exit(1);
  if (kind === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(10_000).fill(hoard.length));
  }
}

if (parentPort && workerData && (workerData as { cells?: unknown }).cells instanceof SharedArrayBuffer) {
  const data = workerData as CheckThreadData;
  // The command's thread posts the file's module right after starting the thread; it terminates a thread it no longer needs.
  data.port.once('message', (begin: CheckThreadBegin) => runCheckThread(data, begin));
}
