/**
 * The `processes` runtime: Python's multiprocessing. Every task started with `go`/`spawn`
 * is a `multiprocessing.Process`: a separate OS process with its own interpreter, its
 * own GIL and its own memory. Each process here runs one thread, so its GIL is never
 * contended and processes run in parallel on the OS's cores.
 *
 * Start-up, by `runtime.start_method` (Lib/multiprocessing/context.py):
 * - `fork` (popen_fork.py), Linux's default up to 3.13: os.fork() copies the parent, and the
 *   child runs the target at once; from Process.start() to an empty target's end takes about
 *   15 ms measured here (CPython 3.11, Linux), `PROCESS_FORK_STARTUP_NS`.
 * - `spawn` (popen_spawn_posix.py, spawn.py), macOS's and Windows' default: exec a fresh
 *   interpreter, which unpickles the Process object and re-imports the parent's `__main__`
 *   before running the target; tens of ms (interpreter start-up alone is ~15-20 ms),
 *   `PROCESS_STARTUP_NS`. (3.14 makes `forkserver` Linux's default.)
 * Either is a creation delay during which the child does not run yet. The parent's own share
 * (the fork, or fork_exec and pickling the preparation data onto the pipe) is
 * `PROCESS_SPAWN_PARENT_NS` of its CPU time per process.
 *
 * Memory: nothing is shared. A variable touched by two processes is an input error
 * (`onSharedAccess`), worded so a person sees why. Sync objects stand for their
 * multiprocessing counterparts (Lock, Semaphore, Queue for a channel), which do work
 * across processes. Simplification: pickling on Queue put/get costs no time here.
 */
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import { taskLabel } from '../descriptor';
import type { KThreadId, Runtime, RuntimeHost } from '../runtime';

/** The processes runtime's state (`inspect()`): each process's kernel thread and start, and who owns each variable. */
export type ProcessesState = {
  readonly startMethod: 'fork' | 'spawn';
  readonly startupNs: number;
  readonly processes: readonly { readonly id: string; readonly kthread: number; readonly startsAt: number }[];
  /** Variable name → the process that touched it first (`P2`). */
  readonly variableOwners: Readonly<Record<string, string>>;
};

/** Child start-up with the spawn start method (a fresh interpreter re-importing __main__). */
export const PROCESS_STARTUP_NS = 50_000_000;
/** Child start-up with the fork start method (Process.start() to an empty target's end, measured: ~15 ms). */
export const PROCESS_FORK_STARTUP_NS = 15_000_000;
/** The parent's CPU time per Process.start() with spawn (fork_exec, pickling to the pipe). */
export const PROCESS_SPAWN_PARENT_NS = 1_000_000;

export class ProcessesRuntime implements Runtime<ProcessesState> {
  readonly kind: string = 'processes';
  readonly taskKind: TaskKind = 'process';
  readonly spawnCostNs = PROCESS_SPAWN_PARENT_NS;
  readonly notes: string[] = [];
  private host!: RuntimeHost;
  /** The process that first touched each shared variable: it owns the only copy we allow. */
  private readonly owner = new Map<string, TaskId>();
  private readonly ktOf: KThreadId[] = [];
  private readonly startedAt: number[] = [];
  private readonly startMethod: 'fork' | 'spawn';
  private readonly startupNs: number;
  private readonly wakeNs: number;

  constructor(config: SimConfig) {
    this.wakeNs = config.runtime.threadWakeNs;
    this.startMethod = config.runtime.startMethod === 'spawn' ? 'spawn' : 'fork';
    this.startupNs = this.startMethod === 'spawn' ? PROCESS_STARTUP_NS : PROCESS_FORK_STARTUP_NS;
    this.notes.push(`Each process starts ${this.startupNs / 1e6} ms after Process.start() (the ${this.startMethod} start method: ` +
      (this.startMethod === 'spawn' ? 'a fresh interpreter that re-imports __main__' : 'a copy of the parent, Linux\'s default up to 3.13') +
      '), and processes share no memory.');
  }

  start(host: RuntimeHost): void {
    this.host = host;
  }

  onSpawn(task: TaskId, parent: TaskId, index: number): void {
    // The parent starts the batch one after another (spawnCostNs each); every child then
    // boots its own interpreter in parallel with the others.
    const delay = parent < 0 ? 0 : this.spawnCostNs * (index + 1) + this.startupNs;
    const kt = this.host.createThread(`process ${label(task)}`, delay, this.host.taskPriority(task));
    this.ktOf[task] = kt;
    this.startedAt[task] = this.host.now() + delay;
    this.host.bind(kt, task);
  }

  next(): boolean {
    return false; // a process's main thread never runs another task
  }

  mayRun(): boolean {
    return true; // its own GIL, never contended: one thread per process
  }

  onBlock(): 'thread' {
    return 'thread';
  }

  /**
   * Woken by another process (a multiprocessing Lock or Semaphore's release: sem_post on a
   * semaphore in shared memory, Modules/_multiprocessing/semaphore.c, whose futex_wake wakes
   * the sleeper in sem_clockwait; a Queue's pipe written; a child's exit ending a join's
   * waitpid), the process's thread runs `runtime.thread_wake` later, as a thread woken by
   * another does (threads/index.ts: THREAD_WAKE_SETTING). A timer or an I/O completion
   * (`waker` −1) wakes it at once.
   */
  onReady(task: TaskId, waker = -1): void {
    const kt = this.ktOf[task];
    if (waker >= 0 && this.wakeNs > 0) this.host.setTimer(this.host.now() + this.wakeNs, kt);
    else this.host.wakeThread(kt);
  }

  onYield(): 'os' {
    return 'os';
  }

  onExit(_task: TaskId, kt: KThreadId): void {
    this.host.exitThread(kt);
  }

  /** A futex-woken process's latency passed (`onReady`). */
  onTimer(kt: number): void {
    this.host.wakeThread(kt);
  }

  onSharedAccess(task: TaskId, variable: string): string | undefined {
    const first = this.owner.get(variable);
    if (first === undefined) {
      this.owner.set(variable, task);
      return undefined;
    }
    if (first === task) return undefined;
    return `\`${variable}\` is touched by ${label(first)} and ${label(task)}, but processes share no memory: ` +
      'each has its own copy, so neither sees the other\'s writes. Use a Queue/Pipe (a channel) to send values ' +
      'between processes, or multiprocessing.Value for a shared counter.';
  }

  inspect(): ProcessesState {
    const owners: Record<string, string> = {};
    for (const [v, t] of this.owner) owners[v] = label(t);
    return {
      startMethod: this.startMethod,
      startupNs: this.startupNs,
      processes: this.ktOf.map((kt, task) => ({ id: label(task), kthread: kt, startsAt: this.startedAt[task] })),
      variableOwners: owners,
    };
  }
}

/** How results name a process (`P1`). */
function label(task: TaskId): string {
  return taskLabel('process', task);
}
