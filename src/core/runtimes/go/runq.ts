/**
 * The run queues of Go's scheduler: each P's 256-slot local ring plus `runnext`, and the
 * one global queue (proc.go: runqput, runqget, runqgrab, globrunqput, globrunqget).
 * Tasks are ids; −1 means "none". The real local queue is lock-free (head/tail
 * atomics); the simulation executes one action at a time, so plain indexes suffice.
 */
import type { TaskId } from '../../program';

/** proc.go: `runq [256]guintptr` */
export const LOCAL_RUNQ_SIZE = 256;

/** A P's local run queue: a 256-slot ring (head and tail count up without wrapping). */
export class LocalRunQueue {
  private readonly ring = new Int32Array(LOCAL_RUNQ_SIZE);
  private head = 0;
  private tail = 0;
  /** proc.go: `p.runnext`, the G to run next, which inherits the current time slice. */
  runnext: TaskId = -1;

  get length(): number {
    return this.tail - this.head;
  }

  get full(): boolean {
    return this.tail - this.head >= LOCAL_RUNQ_SIZE;
  }

  /** No G in the ring nor in runnext (proc.go: runqempty). */
  get empty(): boolean {
    return this.tail === this.head && this.runnext < 0;
  }

  pushTail(g: TaskId): void {
    this.ring[this.tail % LOCAL_RUNQ_SIZE] = g;
    this.tail++;
  }

  popHead(): TaskId {
    if (this.head === this.tail) return -1;
    const g = this.ring[this.head % LOCAL_RUNQ_SIZE];
    this.head++;
    return g;
  }

  /** Takes the first `n` Gs from the head (runqgrab; runqputslow takes half this way). */
  takeHead(n: number): TaskId[] {
    const out: TaskId[] = [];
    for (let i = 0; i < n && this.head < this.tail; i++) out.push(this.popHead());
    return out;
  }

  /** The queued Gs, head first (not runnext), for inspection. */
  toArray(): TaskId[] {
    const out: TaskId[] = [];
    for (let i = this.head; i < this.tail; i++) out.push(this.ring[i % LOCAL_RUNQ_SIZE]);
    return out;
  }
}

/** proc.go: `sched.runq`, the global run queue (FIFO, unbounded). */
export class GlobalRunQueue {
  private items: TaskId[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(g: TaskId): void {
    this.items.push(g);
  }

  pop(): TaskId {
    if (this.head >= this.items.length) return -1;
    const g = this.items[this.head++];
    // Compact now and then so a long run does not keep every G it ever queued.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return g;
  }

  toArray(): TaskId[] {
    return this.items.slice(this.head);
  }
}
