/**
 * `runtime.kind: eventloop`: the JavaScript event loop as a Runtime. One thread (the
 * loop) runs one task at a time, each to completion: a task here is a macrotask, the
 * HTML standard's "task" (the script, a timer's callback, an I/O completion, a
 * setImmediate callback), and it keeps the thread until it waits, yields or returns.
 *
 * Sources mirrored:
 * - HTML, "8.1.7.3 Processing model" (event loop): take one runnable task from a task
 *   queue, run it, then "perform a microtask checkpoint"; nothing else runs meanwhile.
 * - ECMAScript, "9.5 Jobs and Host Operations to Enqueue Jobs" (HostEnqueuePromiseJob):
 *   promise reactions are jobs run in FIFO order once the running execution context stack
 *   is empty. The front end runs a macrotask's microtask checkpoint inside that macrotask's
 *   own steps (sandbox: drain), so no other macrotask can come between them here either.
 * - libuv, as Node's "The Node.js Event Loop" guide describes its phases: timers, pending
 *   callbacks, poll (I/O), check (setImmediate), close callbacks. The front end keeps the
 *   timers' and immediates' order; this runtime queues what becomes ready in the order it
 *   became ready (uv__io_poll returns completions, uv__run_timers the expired timers).
 *
 * Waiting (an I/O request, a timer) never holds the thread: the task detaches and the loop
 * runs the next ready one, which is why one thread serves many flows (concurrency without
 * parallelism), and why a callback that computes for 200 ms delays every other one by 200 ms.
 */
import { OneThreadQueue } from '../oneThread';
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import { taskLabel } from '../descriptor';
import type { BlockReason, KThreadId, Runtime, RuntimeHost, SchedulerView } from '../runtime';

/** The loop's state (`inspect()`): the macrotask running, and the ready ones in the order they will run. */
export type EventLoopState = {
  readonly running: string | null;
  readonly macrotasks: readonly string[];
  /** Macrotasks waiting for their I/O or timer, with why. */
  readonly waiting: readonly { readonly task: string; readonly on: BlockReason }[];
};

export class EventLoopRuntime implements Runtime<EventLoopState> {
  readonly kind: string = 'eventloop';
  readonly taskKind: TaskKind = 'callback';
  /** Queuing a callback is a push onto a queue, not a thread: no creation cost. */
  readonly spawnCostNs = 0;
  readonly notes: string[] = [];
  /** The loop's one thread; its ready queue is HTML's task queue (ready macrotasks, oldest first). */
  private readonly loop = new OneThreadQueue();

  constructor(_config: SimConfig) {
    this.notes.push('One thread runs every callback to completion (the event loop of JavaScript or of asyncio); a callback that computes delays all others.');
  }

  start(host: RuntimeHost): void {
    this.loop.start(host, 'event loop');
  }

  onSpawn(task: TaskId, parent: TaskId): void {
    if (parent < 0) {
      // HTML: the script itself is the first task.
      this.loop.bindFirst(task);
      return;
    }
    this.loop.push(task, `${label(task)} is queued as a macrotask behind ${this.loop.ready.length} others (HTML 8.1.7.3: a task queue is FIFO)`);
  }

  next(kt: KThreadId): boolean {
    // With nothing ready, libuv's uv__io_poll blocks until something completes.
    return this.loop.take(kt, (task) => `The loop takes ${label(task)}, the oldest ready macrotask, and runs it to completion with its microtask checkpoint (HTML 8.1.7.3 steps 1-6; ECMAScript HostEnqueuePromiseJob jobs run FIFO)`);
  }

  mayRun(): boolean {
    return true;
  }

  onBlock(task: TaskId, _kt: KThreadId, reason: BlockReason): 'detach' {
    // Waiting is a request handed to the kernel or a timer heap, never the thread (libuv poll phase).
    this.loop.park(task, reason, `${label(task)} waits (${reason}) without holding the loop: the thread goes on with the next ready macrotask (libuv: the request is polled, not waited on)`);
    return 'detach';
  }

  onReady(task: TaskId): void {
    const reason = this.loop.unpark(task);
    const what = reason === 'sleep' ? 'its timer expired (libuv timers phase)' : reason === 'io' ? 'its I/O completed (libuv poll phase)' : 'it can go on';
    this.loop.push(task, `${label(task)} is ready, ${what}; it runs after the ${this.loop.ready.length} macrotasks ahead of it`);
  }

  onYield(task: TaskId): 'detach' {
    // The loop runs one macrotask per turn: whatever else became ready goes first.
    this.loop.push(task, `${label(task)} ends its turn; the loop's next macrotask goes first`);
    return 'detach';
  }

  onExit(): void {}

  onTimer(): void {}

  inspect(): EventLoopState {
    const running = this.loop.running();
    return {
      running: running >= 0 ? label(running) : null,
      macrotasks: this.loop.ready.map(label),
      waiting: this.loop.waitingLabels(label),
    };
  }

  /**
   * The loop in the panel's terms: its one thread (a lane of its own) and the macrotask it
   * runs; the task queue, oldest first, as the run queue (HTML 8.1.7.3: the loop takes the
   * oldest runnable task); the tasks waiting for I/O as the poller's (libuv: uv__io_poll).
   * Tasks waiting for a timer are left to the engine's blocked groups (`sleep`): libuv's timer
   * heap holds exactly them. Microtasks never wait here: each macrotask drains its own
   * checkpoint inside its step (the front end's queue), so none is pending between two steps.
   */
  view(queues: boolean): SchedulerView {
    const threads = [this.loop.threadView('loop')];
    if (!queues) return { threads };
    const io: TaskId[] = [];
    for (const [t, on] of this.loop.waiting) if (on === 'io') io.push(t);
    // The same two as the loop's own queues, in its words (HTML: the task queue; libuv: the poll phase's requests).
    return {
      threads, runQueue: [...this.loop.ready], ioWaiting: io,
      loopQueues: [{ name: 'macrotasks', tasks: [...this.loop.ready] }, { name: 'I/O in flight', tasks: io }],
    };
  }
}

function label(task: TaskId): string {
  return taskLabel('callback', task);
}
