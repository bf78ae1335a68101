/**
 * `check`'s extra worker threads, from the command's side: one per core beyond the first
 * (checkThread.ts in each). The command's own search runs synchronously and keeps dpor, so
 * it never yields to the event loop; the threads count their schedules in shared cells and
 * post findings on a MessagePort each, read with `receiveMessageOnPort`. When the search
 * ends (dpor complete, or its time is up) the pool sets the stop cell, waits briefly for
 * each searching thread to say it is done, takes its findings, and terminates it.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Finding } from '../core/findings';
import { shardSeed, type ShardSpec } from '../service/index';
import { formatSeconds } from './budgets';
import {
  CELL_DONE_SEQ, CELL_STOP, scheduleCell, stateCell, THREAD_FAULT_ENV, THREAD_MEMBERS, THREAD_STATE,
  threadCells, type CheckThreadBegin, type CheckThreadData, type CheckThreadMessage, type PortableProgram,
} from './checkThreadProtocol';

/** The thread bundle esbuild.mjs builds next to the command's (dist/checkThread.js). */
export function checkThreadScript(): string | undefined {
  const script = `${__dirname}/checkThread.js`;
  return existsSync(script) ? script : undefined;
}

/** What `check --format json` says about one extra thread (`threads` of a file). */
export interface ThreadReport {
  /** 1, 2, …; the command's own search is thread 0. */
  readonly thread: number;
  readonly seed: number;
  /** Schedules it ran, of each member (pct-1, pct-2, pct-3, random). */
  readonly schedules: number;
  readonly perStrategy: Readonly<Record<string, number>>;
  /** Distinct findings it found (the file's findings name it in foundBy.thread when it found one first). */
  readonly findings: number;
  /** A sentence, when it failed before the search ended or did not stop when it ended; its findings until then are kept. */
  readonly error?: string;
}

export interface ThreadFinding {
  readonly finding: Finding;
  readonly preemptions: number;
  readonly steps: number;
}

export interface PoolOptions {
  readonly file: string;
  /** Extra threads (the command's own search is not one of them). */
  readonly count: number;
  readonly script: string;
  readonly memoryMb: number;
  readonly events: number;
  readonly deadline: number;
  /** `check --shard K/N`: the shard, whose threads draw from seeds of its own (shardSeed). */
  readonly shard?: ShardSpec;
}

/**
 * The first seed of thread i: far apart, so their pct priorities and random walks differ from the main search's (seed 1);
 * in a shard, moved as the shard's own search is, so shards do not repeat each other's threads either.
 */
const seedOf = (thread: number, shard: ShardSpec | undefined): number => shardSeed(1 + 1_000_003 * thread, shard);

/** How long the end of a search waits for a thread to finish its schedule and say so. */
export const STOP_WAIT_MS = 1000;
/**
 * How long a search runs alone before the threads start: most files dpor settles in less,
 * and a thread's start (a worker, its bundle parsed) would only take CPU from it.
 */
export const THREAD_DELAY_MS = 250;
/** How often the search looks for the threads' findings, in ms: a schedule can take microseconds. */
const POLL_MS = 20;

interface Member {
  readonly thread: number;
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly findings: ThreadFinding[];
  readonly runErrors: string[];
  /** What it said when it gave up. */
  error?: string;
  /** It was still searching a while after the stop. */
  silent?: boolean;
}

/**
 * The threads of one file's search, started once it has run THREAD_DELAY_MS without
 * finishing. `moreFindings` is explore's hook: after a schedule it starts the pool when
 * due, else reads what the threads posted (at most every POLL_MS); when the search ends
 * (dpor complete, or its time up) it stops them and hands over their findings. They join
 * only then, where the search has not found the same key itself: a search that completes
 * says the same with or without threads (foundBy and schedule included).
 */
export class LazyThreadPool {
  pool: CheckThreadPool | undefined;
  private polled = 0;
  /** Findings read from the threads, handed over when the search ends. */
  private readonly held: ThreadFinding[] = [];

  constructor(private readonly options: PoolOptions & { readonly program: PortableProgram },
    private readonly startAt = Date.now() + THREAD_DELAY_MS) {}

  readonly moreFindings = (ended: boolean): readonly ThreadFinding[] => {
    // Up to 1 s past the wall clock is within the supervisor's grace (3 s at least).
    if (ended) return this.pool ? [...this.held, ...this.pool.stop(STOP_WAIT_MS)] : [];
    const now = Date.now();
    if (now - this.polled < POLL_MS) return [];
    this.polled = now;
    if (this.pool) {
      this.held.push(...this.pool.take());
      return [];
    }
    if (now >= this.startAt) {
      this.pool = new CheckThreadPool(this.options);
      this.pool.begin(this.options.program);
    }
    return [];
  };
}

export class CheckThreadPool {
  private readonly cells: Int32Array;
  private readonly members: Member[] = [];
  private ended = false;
  private waitedMs = 0;
  /** Findings posted and not yet taken. */
  private fresh: ThreadFinding[] = [];

  constructor(private readonly options: PoolOptions) {
    const buffer = threadCells(options.count);
    this.cells = new Int32Array(buffer);
    const fault = process.env[THREAD_FAULT_ENV];
    for (let thread = 1; thread <= options.count; thread++) {
      const { port1, port2 } = new MessageChannel();
      const data: CheckThreadData = {
        file: options.file, thread, seed: seedOf(thread, options.shard), events: options.events, deadline: options.deadline,
        cells: buffer, port: port2, ...(fault ? { fault } : {}),
      };
      const worker = new Worker(options.script, {
        workerData: data,
        transferList: [port2],
        resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
        stdout: true,
        stderr: true,
      });
      const member: Member = { thread, worker, port: port1, findings: [], runErrors: [] };
      // Its events arrive only after the synchronous search: what they say is kept, never thrown.
      worker.on('error', (e: Error) => { member.error ??= e.message; });
      worker.unref();
      port1.unref();
      this.members.push(member);
    }
  }

  /** The threads go with the file's program (messages wait until a thread listens). */
  begin(program: PortableProgram): void {
    const message: CheckThreadBegin = { t: 'begin', program };
    for (const m of this.members) m.port.postMessage(message);
  }

  /** The findings the threads posted since the last take. */
  take(): ThreadFinding[] {
    this.poll();
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** Reads what the threads posted so far. */
  poll(): void {
    for (const m of this.members) {
      for (let got = receiveMessageOnPort(m.port); got; got = receiveMessageOnPort(m.port)) {
        const msg = got.message as CheckThreadMessage;
        if (msg.t === 'finding') {
          const f = { finding: msg.finding, preemptions: msg.preemptions, steps: msg.steps };
          m.findings.push(f);
          this.fresh.push(f);
        }
        else if (msg.t === 'runError') m.runErrors.push(msg.message);
        else m.error ??= msg.message;
      }
    }
  }

  /** Schedules of each member over all threads. */
  progress(): { schedules: number; perStrategy: Record<string, number> } {
    const perStrategy: Record<string, number> = {};
    let schedules = 0;
    this.members.forEach((_, i) => {
      THREAD_MEMBERS.forEach((name, k) => {
        const n = Atomics.load(this.cells, scheduleCell(i, k));
        perStrategy[name] = (perStrategy[name] ?? 0) + n;
        schedules += n;
      });
    });
    return { schedules, perStrategy };
  }

  /**
   * Stops the threads: the stop cell, then up to `waitMs` for each searching thread to
   * finish its schedule and say so; then terminate() for every one. Returns the findings
   * not taken yet.
   */
  stop(waitMs = STOP_WAIT_MS): ThreadFinding[] {
    if (!this.ended) {
      this.ended = true;
      this.waitedMs = waitMs;
      Atomics.store(this.cells, CELL_STOP, 1);
      const until = Date.now() + waitMs;
      for (;;) {
        const seq = Atomics.load(this.cells, CELL_DONE_SEQ);
        const left = until - Date.now();
        if (left <= 0 || !this.members.some((_, i) => Atomics.load(this.cells, stateCell(i)) === THREAD_STATE.searching)) break;
        Atomics.wait(this.cells, CELL_DONE_SEQ, seq, left);
      }
      this.poll();
      this.members.forEach((m, i) => {
        // A thread that was still searching did not answer: killed by its memory ceiling (its
        // 'error' event comes later), or in a schedule that did not stop.
        if (Atomics.load(this.cells, stateCell(i)) === THREAD_STATE.searching && m.error === undefined) m.silent = true;
        void m.worker.terminate().catch(() => undefined);
        m.port.close();
      });
    }
    return this.take();
  }

  /** Run errors the threads met that the main search did not, once each, naming the thread. */
  runErrors(known: readonly string[]): string[] {
    const out = new Set<string>();
    for (const m of this.members) for (const e of m.runErrors) if (!known.includes(e)) out.add(`${e} (on thread ${m.thread})`);
    return [...out];
  }

  /** Each thread that ran a schedule or failed; one the search ended before it began is left out. */
  reports(): ThreadReport[] {
    return this.members.flatMap((m, i) => {
      const perStrategy = Object.fromEntries(THREAD_MEMBERS.map((name, k) => [name, Atomics.load(this.cells, scheduleCell(i, k))]));
      const schedules = Object.values(perStrategy).reduce((a, b) => a + b, 0);
      const error = m.error !== undefined
        ? `failed after ${schedules} schedule${schedules === 1 ? '' : 's'}: ${m.error}; the search went on without it (its findings until then are kept)`
        : m.silent ? `did not stop within ${formatSeconds(this.waitedMs)} of the end of the search (still in a slice of the program's code, or out of memory); its findings until then are kept`
          : undefined;
      if (schedules === 0 && error === undefined) return [];
      return [{
        thread: m.thread,
        seed: seedOf(m.thread, this.options.shard),
        schedules,
        perStrategy,
        findings: m.findings.length,
        ...(error !== undefined ? { error } : {}),
      }];
    });
  }
}
