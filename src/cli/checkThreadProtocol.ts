/**
 * The line between `check`'s search and its extra worker threads (checkThreadPool.ts on
 * the command's side, checkThread.ts in each thread): what a thread is given, the shared
 * cells it counts in, and the messages it posts. Findings are plain data (core/findings.ts)
 * and cross by structured clone; a program cannot (its code lives in a vm sandbox), so
 * each thread builds its own from the module the command's thread emitted.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Finding } from '../core/findings';

/** The members an extra thread runs: the randomized ones; dpor, and the completeness claim, stay with the command's own search. */
export const THREAD_MEMBERS = ['pct-1', 'pct-2', 'pct-3', 'random'] as const;

/** What the command's search runs beside its threads: dpor on 4 schedules of 5, pct-3 (SCTBench's strongest) on the fifth. */
export const MAIN_MEMBERS_WITH_THREADS = ['dpor', 'pct-3'] as const;

/** A thread's state, in its first cell. */
export const THREAD_STATE = { starting: 0, loading: 1, searching: 2, done: 3, failed: 4 } as const;

/** Shared cells: [stop, done sequence], then per thread [state, schedules of each member…]. */
export const CELL_STOP = 0;
export const CELL_DONE_SEQ = 1;
const HEADER = 2;
const STRIDE = 1 + THREAD_MEMBERS.length;

export function threadCells(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (HEADER + STRIDE * threads));
}
/** Index of thread `i`'s state (i from 0). */
export const stateCell = (i: number): number => HEADER + STRIDE * i;
/** Index of thread `i`'s schedule count for THREAD_MEMBERS[m]. */
export const scheduleCell = (i: number, m: number): number => HEADER + STRIDE * i + 1 + m;

export interface CheckThreadData {
  readonly file: string;
  /** 1, 2, …: the command's own search is thread 0. */
  readonly thread: number;
  readonly seed: number;
  /** Most steps of one schedule (`--events`). */
  readonly events: number;
  /** The file's wall-clock deadline (Date.now() ms): the thread stops there whatever happens to its parent. */
  readonly deadline: number;
  readonly cells: SharedArrayBuffer;
  readonly port: MessagePort;
  /** Tests only (INTERLEAVE_CHECK_THREAD_FAULT): `throw` after the first schedule, `exit` without a word, `oom`. */
  readonly fault?: string;
}

/** A compiled program's plain data and the front end that rebuilds it. */
export interface PortableProgram {
  readonly frontEnd: string;
  readonly portable: unknown;
}

/** The command's thread to a thread, right after starting it: the file's program to search. */
export interface CheckThreadBegin {
  readonly t: 'begin';
  /**
   * The program as its front end left it for another thread (src/service/compile.ts
   * `relink`): a `.sim.ts` file's emitted module, which the thread only links into its own
   * sandbox (the type check and rewrite are the costly part); a scenario's text.
   */
  readonly program: PortableProgram;
}

export type CheckThreadMessage =
  /** A finding the thread had not seen before, with how simple its counterexample is. */
  | { readonly t: 'finding'; readonly finding: Finding; readonly preemptions: number; readonly steps: number }
  /** A run error nothing in the program explains (a sandbox time limit, say), once per message. */
  | { readonly t: 'runError'; readonly message: string }
  /** The thread gave up: an exception, its memory ceiling, a file it could not compile. */
  | { readonly t: 'failed'; readonly message: string };

/** Test hook: makes every extra thread fail (checkThread.ts). */
export const THREAD_FAULT_ENV = 'INTERLEAVE_CHECK_THREAD_FAULT';
/** Overrides the default thread count (os.availableParallelism()); `--threads` overrides it. */
export const THREADS_ENV = 'INTERLEAVE_THREADS';
