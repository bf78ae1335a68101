/**
 * One extra worker thread of `check` (dist/checkThread.js, started by checkThreadPool.ts
 * once a file's search has run a moment without finishing): links the module the command's
 * thread emitted into a sandbox of its own (or parses a
 * scenario itself), then runs the portfolio's randomized members (pct at depths
 * 1 to 3 and a random walk, with its own seed) schedule after schedule until the command's
 * search sets the stop cell, and posts each finding it has not seen before. The loop is
 * explore.ts's search loop without what only a complete search needs (final states,
 * truncation): a thread adds findings, never a coverage claim.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import '../core/index';
import { LockOrderGraph } from '../core/analysis/lockOrder';
import { simulate } from '../core/engine/simulate';
import { runOneSchedule } from '../core/explore/explore';
import { FindingBook } from '../core/explore/findingBook';
import { PortfolioSearch } from '../core/explore/portfolio';
import type { Finding } from '../core/findings';
import type { Program } from '../core/program';
import {
  CELL_DONE_SEQ, CELL_STOP, scheduleCell, stateCell, THREAD_MEMBERS, THREAD_STATE,
  type CheckThreadBegin, type CheckThreadData, type CheckThreadMessage,
} from './checkThreadProtocol';
import { typescriptFrontend } from '../frontends/index';
import { loadProgram } from './loadProgram';

/** A thread near its heap ceiling stops with a message rather than being killed without one. */
const HEAP_SHARE = 0.85;
/** Schedules between heap checks. */
const HEAP_EVERY = 32;

function setState(cells: Int32Array, i: number, state: number): void {
  Atomics.store(cells, stateCell(i), state);
  if (state === THREAD_STATE.done || state === THREAD_STATE.failed) {
    Atomics.add(cells, CELL_DONE_SEQ, 1);
    Atomics.notify(cells, CELL_DONE_SEQ);
  }
}

function nameOf(program: Program): (id: string) => string {
  const names = new Map<string, string>();
  for (const o of program.objects) names.set(o.id, o.name);
  return (id) => names.get(id) ?? id;
}

export function runCheckThread(data: CheckThreadData, begin: CheckThreadBegin): void {
  const cells = new Int32Array(data.cells);
  const i = data.thread - 1;
  const post = (m: CheckThreadMessage): void => data.port.postMessage(m);
  const stopped = (): boolean => Atomics.load(cells, CELL_STOP) === 1 || Date.now() > data.deadline;
  try {
    setState(cells, i, THREAD_STATE.loading);
    const loaded = begin.emitted
      ? { program: typescriptFrontend().linkSimModule(begin.emitted, data.file), errors: [] }
      : loadProgram(data.file, {
        out: () => undefined, err: () => undefined, writeFile: () => undefined,
        readFile: (path) => readFileSync(path, 'utf8'),
      });
    if (!loaded.program) {
      // The command's own load reports the errors; the thread only says it did not search.
      post({ t: 'failed', message: `could not compile the file: ${loaded.errors[0]?.message ?? 'no program'}` });
      setState(cells, i, THREAD_STATE.failed);
      return;
    }
    const program = loaded.program;
    setState(cells, i, THREAD_STATE.searching);
    const search = new PortfolioSearch({ seed: data.seed, members: THREAD_MEMBERS });
    const book = new FindingBook();
    const lockGraph = new LockOrderGraph();
    const runErrors = new Set<string>();
    const options = { maxStepsPerSchedule: data.events, shouldCancel: stopped };
    const tell = (f: Finding, simplicity: { preemptions: number; steps: number }): void => {
      if (!book.add(f, simplicity)) return;
      const finding = f.foundBy ? { ...f, foundBy: { ...f.foundBy, thread: data.thread } } : f;
      post({ t: 'finding', finding, ...simplicity });
    };
    let schedules = 0;
    while (!stopped() && !search.exhausted) {
      const o = runOneSchedule(program, search, simulate, options, lockGraph, book);
      // A schedule the stop cut short says nothing.
      if (o.result.stopped === 'cancelled') break;
      schedules++;
      for (const f of o.findings) tell(f, o);
      const r = o.result;
      if (r.stopped === 'error' && !o.redundant && r.error && r.findings.length === 0 && !runErrors.has(r.error)) {
        runErrors.add(r.error);
        post({ t: 'runError', message: r.error });
      }
      const counts = search.counts();
      THREAD_MEMBERS.forEach((m, k) => Atomics.store(cells, scheduleCell(i, k), counts[m] ?? 0));
      if (data.fault) fault(data.fault);
      if (schedules % HEAP_EVERY === 0) {
        const heap = getHeapStatistics();
        if (heap.used_heap_size > HEAP_SHARE * heap.heap_size_limit) {
          throw new Error(`it reached ${Math.round(100 * HEAP_SHARE)}% of its memory ceiling of ${Math.round(heap.heap_size_limit / 2 ** 20)} MiB (--memory-mb raises it)`);
        }
      }
    }
    for (const f of lockGraph.findings(nameOf(program))) tell(f, { preemptions: 0, steps: 0 });
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
