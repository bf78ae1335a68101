/**
 * What the runtimes that run every task on ONE kernel thread share (`eventloop`: the
 * JavaScript or asyncio loop; `green`: N:1 user-level threads): that thread, the FIFO of
 * ready tasks it takes from, and the tasks parked with why. Each runtime keeps its own
 * words (notes) and its own rule for what blocks the thread itself.
 */
import type { TaskId } from '../program';
import type { BlockReason, KThreadId, RuntimeHost, SchedulerThread } from './runtime';

export class OneThreadQueue {
  private host!: RuntimeHost;
  /** The one kernel thread. */
  thread: KThreadId = -1;
  /** Ready tasks, oldest first. */
  readonly ready: TaskId[] = [];
  /** Parked tasks and why (they hold no thread). */
  readonly waiting = new Map<TaskId, BlockReason>();

  start(host: RuntimeHost, name: string): void {
    this.host = host;
    this.thread = host.createThread(name, 0, 0);
  }

  /** The task on the thread, −1 when none. */
  running(): TaskId {
    return this.thread >= 0 ? this.host.boundTask(this.thread) : -1;
  }

  /** main: the first task starts on the thread. */
  bindFirst(task: TaskId): void {
    this.host.bind(this.thread, task);
  }

  /** Queues `task` behind the ready ones, and wakes the thread when it has nothing to run. */
  push(task: TaskId, why: string): void {
    this.ready.push(task);
    this.host.note(task, why);
    if (this.running() < 0) this.host.wakeThread(this.thread);
  }

  /** Binds the oldest ready task to `kt` (false when none is ready: the thread waits for one). */
  take(kt: KThreadId, why: (task: TaskId) => string): boolean {
    const task = this.ready.shift();
    if (task === undefined) return false;
    this.host.bind(kt, task);
    this.host.note(task, why(task));
    return true;
  }

  park(task: TaskId, reason: BlockReason, why: string): void {
    this.waiting.set(task, reason);
    this.host.note(task, why);
  }

  /** `task` may go on: it leaves the parked ones; returns why it had waited. */
  unpark(task: TaskId): BlockReason | undefined {
    const reason = this.waiting.get(task);
    this.waiting.delete(task);
    return reason;
  }

  /** The one thread as the panel draws it (`view()`). */
  threadView(id: string, inSyscall = false): SchedulerThread {
    const task = this.running();
    return { id, kthread: this.thread, task, processor: null, inSyscall, state: inSyscall ? 'syscall' : task >= 0 ? 'running' : 'idle' };
  }

  /** Parked tasks for `inspect()`, labelled. */
  waitingLabels(label: (task: TaskId) => string): { readonly task: string; readonly on: BlockReason }[] {
    return [...this.waiting].map(([task, on]) => ({ task: label(task), on }));
  }
}
