/**
 * A kernel thread: what the OS scheduler places on hardware threads. In the `threads`
 * runtime each task has its own; in Go they are the Ms; in Python each thread has one.
 */
export const KT_NEW = 0;
export const KT_RUNNABLE = 1;
export const KT_RUNNING = 2;
export const KT_BLOCKED = 3;
export const KT_EXITED = 4;

export class KThread {
  state = KT_NEW;
  /** The task it runs (bound by the runtime), -1 when none. */
  task = -1;
  /** Hardware thread it runs on (or last ran on), -1 never ran. */
  hw = -1;
  /** fair: virtual runtime in ns. */
  vruntime = 0;
  /** priority/mlfq: current level (higher priority = larger number; mlfq level 0 = top). */
  level = 0;
  /** When it last became runnable (aging, fifo order) and when it last started running. */
  readySince = 0;
  runSince = 0;
  /** Order of insertion into the run queue, for FIFO tie-breaks. */
  seq = 0;
  /** Index in a heap-based run queue, -1 when not queued. */
  heapIndex = -1;
  constructor(
    readonly id: number,
    readonly name: string,
    readonly basePriority: number,
  ) {
    this.level = basePriority;
  }
}
