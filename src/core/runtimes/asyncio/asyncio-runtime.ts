/**
 * `runtime.kind: asyncio`: CPython's asyncio, after Lib/asyncio/base_events.py. The program's
 * main thread is the loop thread: `asyncio.run` runs `BaseEventLoop._run_once` over and over
 * there (loop.ts holds its ready queue and timer heap), and every coroutine, wrapped in a
 * Task, runs on that thread one `__step` at a time, so tasks are concurrent but never run at
 * once. Executor threads (`loop.run_in_executor`, `asyncio.to_thread`) are CPython threads:
 * 1:1 OS threads under the GIL, exactly as in the `python` runtime this one extends
 * (python-runtime.ts, gil.ts). A function computing in an executor holds the GIL against the
 * loop thread, which gets it back only at the switch interval (5 ms); one that sleeps or does
 * I/O releases it (Py_BEGIN_ALLOW_THREADS) and overlaps with the loop.
 *
 * What the loop thread does at the engine's level, by `_run_once`'s steps:
 * - select(timeout) with nothing ready and a timer pending: a `sleep` until the deadline
 *   (epoll_wait releases the GIL); with executor work in flight, a timed wait on the self-pipe
 *   (selector_events.py `_write_to_self`: a thread's `call_soon_threadsafe` wakes the loop);
 * - select(0) between two iterations with callbacks ready: a yield, which drops the GIL and
 *   takes it back (a thread waiting for it is signalled, but the loop thread, already running,
 *   usually takes it first: ceval_gil.c take_gil);
 * - the callbacks of one iteration: ops of the one loop thread.
 *
 * Simplification: a finished executor job reaches the loop through the self-pipe itself (the
 * thread sends its completion; the loop receives it in select), where CPython's thread appends
 * the callback to `_ready` and writes one byte; the callback then runs one iteration later
 * when the loop was busy. The happens-before edge is the same: the thread's work, then the
 * loop's read of its result.
 */
import type { SimConfig, TaskId } from '../../program';
import type { BlockReason, KThreadId, SchedulerThread, SchedulerView } from '../runtime';
import { taskLabel } from '../descriptor';
import { PythonRuntime } from '../python/python-runtime';

/** The loop thread: the program's main thread, which `asyncio.run` turns into the event loop. */
export const LOOP_THREAD: TaskId = 0;

export class AsyncioRuntime extends PythonRuntime {
  override readonly kind: string = 'asyncio';

  constructor(config: SimConfig) {
    super(config);
    this.notes.push('asyncio: the main thread runs the event loop (base_events.py _run_once), one task step at a time; ' +
      'executor threads (run_in_executor, to_thread) are CPython threads under the GIL.');
  }

  override onBlock(task: TaskId, kt: KThreadId, reason: BlockReason): 'thread' {
    if (task === LOOP_THREAD) {
      // The runtime sees the wait, not who asked for it: select() (base_events.py _run_once) or a blocking call in a coroutine.
      const why = reason === 'sleep'
        ? 'the loop thread sleeps, releasing the GIL: in select() until its earliest timer when no callback is ready (base_events.py _run_once), or in a blocking call a coroutine made (time.sleep), which stalls every task'
        : reason === 'sync'
          ? 'the loop thread waits, releasing the GIL: in select() on the self-pipe until an executor thread finishes or a timer is due (base_events.py _run_once; selector_events.py _write_to_self), or on a threading lock or queue a coroutine waits for, which stalls every task'
          : `the loop thread blocks (${reason}), releasing the GIL: no task runs until it returns (a blocking call in a coroutine stalls the loop)`;
      this.noteLoop(why);
    }
    return super.onBlock(task, kt, reason);
  }

  override onYield(task: TaskId, kt: KThreadId, preempted: boolean): 'os' | 'detach' {
    if (task === LOOP_THREAD && !preempted) {
      this.noteLoop('the loop ends an iteration (base_events.py _run_once: select(0) releases the GIL and takes it back), then runs the callbacks ready now, oldest first');
    }
    return super.onYield(task, kt, preempted);
  }

  /**
   * The panel's lanes: the loop thread as a lane of its own (`event loop`: the main thread
   * running `_run_once`, or waiting in select), each executor or other thread by its task's
   * name (`T2`, 1:1 OS threads), beside the GIL's holder and waiters.
   */
  override view(): SchedulerView {
    const threads: SchedulerThread[] = [];
    this.ktOf.forEach((kt, task) => {
      const state = this.host.threadState(kt);
      // A thread blocked in select, a sleep or a lock runs no task meanwhile (its task stays bound, 1:1).
      const bound = state === 'blocked' ? -1 : this.host.boundTask(kt);
      threads.push({
        id: task === LOOP_THREAD ? 'event loop' : taskLabel('python-thread', task),
        kthread: kt, task: bound, processor: null, inSyscall: false,
        state: state === 'exited' ? 'exited' : state === 'blocked' ? (task === LOOP_THREAD ? 'select' : 'blocked') : bound >= 0 ? 'running' : 'idle',
      });
    });
    return { ...super.view(), threads };
  }

  private noteLoop(why: string): void {
    this.host.note(LOOP_THREAD, `${taskLabel('python-thread', LOOP_THREAD)} (the event loop): ${why}`);
  }
}
