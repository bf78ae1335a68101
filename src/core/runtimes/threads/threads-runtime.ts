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

  constructor(config: SimConfig) {
    this.spawnCostNs = config.os.threadCreateNs;
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

  onReady(task: TaskId): void {
    this.host.wakeThread(this.host.threadOf(task));
  }

  onYield(): 'os' {
    return 'os';
  }

  onExit(_task: TaskId, kt: KThreadId): void {
    this.host.exitThread(kt);
  }

  onTimer(): void {}
}
