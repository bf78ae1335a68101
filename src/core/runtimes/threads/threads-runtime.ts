/**
 * The `threads` runtime: 1:1, each task is its own kernel thread (pthreads). Creating
 * one costs the parent `os.threadCreateNs` (pthread_create plus the new thread's first
 * run, models.md); blocking blocks the kernel thread; yield is sched_yield.
 */
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import type { KThreadId, Runtime, RuntimeHost } from '../runtime';

export class ThreadsRuntime implements Runtime {
  readonly kind: string = 'threads';
  readonly taskKind: TaskKind = 'thread';
  readonly spawnCostNs: number;
  readonly notes: string[] = [];
  private host!: RuntimeHost;
  private readonly wakeNs: number;

  constructor(config: SimConfig) {
    this.spawnCostNs = config.os.threadCreateNs;
    this.wakeNs = config.runtime.threadWakeNs;
  }

  start(host: RuntimeHost): void {
    this.host = host;
  }

  onSpawn(task: TaskId, parent: TaskId, index: number): void {
    // The parent pays spawnCostNs per thread, one after another, so thread k of a batch
    // exists (and can run) once the parent has paid for k + 1 creations.
    const delay = parent < 0 ? 0 : this.spawnCostNs * (index + 1);
    const kt = this.host.createThread(`thread ${task + 1}`, delay, this.host.taskPriority(task));
    this.host.bind(kt, task);
  }

  next(): boolean {
    return false; // a 1:1 kernel thread never runs another task
  }

  mayRun(): boolean {
    return true;
  }

  onBlock(): 'thread' {
    return 'thread';
  }

  /**
   * A thread woken by another (an unlock's futex_wake in glibc's lll_unlock, a signal, a
   * post, an exit ending a join) runs `threadWakeNs` later: meanwhile the waker goes on and
   * may take the lock again first (the woken waiter then waits again: __lll_lock_wait).
   * A timer or an I/O completion (`waker` −1) wakes it at once: its latency is in the time.
   */
  onReady(task: TaskId, waker = -1): void {
    const kt = this.host.threadOf(task);
    if (waker >= 0 && this.wakeNs > 0) this.host.setTimer(this.host.now() + this.wakeNs, kt);
    else this.host.wakeThread(kt);
  }

  onYield(): 'os' {
    return 'os';
  }

  onExit(_task: TaskId, kt: KThreadId): void {
    this.host.exitThread(kt);
  }

  /** A futex-woken thread's latency passed (`onReady`). */
  onTimer(kt: number): void {
    this.host.wakeThread(kt);
  }
}
