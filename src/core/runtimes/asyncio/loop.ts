/**
 * asyncio's event loop as a data structure, after CPython 3.11's Lib/asyncio/base_events.py:
 * `BaseEventLoop._ready` (a deque of handles run FIFO), `_scheduled` (the timer heap), and
 * the steps of `BaseEventLoop._run_once`, one iteration of the loop:
 *
 *  1. drop cancelled timers at the head of the heap;
 *  2. the select timeout: 0 when a callback is ready (or the loop is stopping), else until the
 *     earliest timer, else none (block until I/O or a thread's `call_soon_threadsafe`);
 *  3. `event_list = self._selector.select(timeout)`: the loop thread waits there, releasing the GIL;
 *  4. move every timer due by `end_time = self.time() + self._clock_resolution` to `_ready`;
 *  5. run exactly the `ntodo = len(self._ready)` handles ready now, FIFO; what they schedule
 *     runs in the next iteration.
 *
 * A front end (src/frontends/python/asyncio.ts) owns what a handle runs (a task's `__step`,
 * a future's done callback) and does step 3 with the engine's ops, on the loop thread that
 * the `asyncio` runtime (asyncio-runtime.ts) schedules; this class owns the queues and their
 * order, so every front end that runs asyncio orders callbacks and timers alike.
 *
 * Timer ties: two timers of one deadline run in the order they were scheduled (a sequence
 * number breaks the tie), which is what two `call_later`s of one delay do on a real clock,
 * whose readings differ between the calls. CPython's heapq compares `TimerHandle.when` alone,
 * so `call_at` of exactly one `when` six times pops in heap order (measured on 3.11.7:
 * 0 2 5 1 3 4); the model keeps scheduling order there too.
 */

/** `events.Handle`: a callback in the ready queue; `cancel()` leaves it in place, skipped when its turn comes. */
export interface LoopHandle<R> {
  readonly run: R;
  /** What it is, for the panel and the "Why?" notes (`Task-2.__step`, `sleep(0.1) done`). */
  readonly what: string;
  cancelled: boolean;
}

/** `events.TimerHandle`: a handle due at `when` (ns on the loop's clock). */
export interface LoopTimer<R> extends LoopHandle<R> {
  readonly when: number;
  /** Scheduling order: breaks a tie between two timers of one deadline. */
  readonly seq: number;
}

export class LoopQueues<R> {
  /** `_ready`: handles to run, oldest first. */
  readonly ready: LoopHandle<R>[] = [];
  /** `_scheduled`: timers by deadline, then by scheduling order. */
  readonly scheduled: LoopTimer<R>[] = [];
  private seq = 0;

  /** `call_soon`: append to the ready queue. */
  callSoon(run: R, what: string): LoopHandle<R> {
    const h: LoopHandle<R> = { run, what, cancelled: false };
    this.ready.push(h);
    return h;
  }

  /** `call_at` (and `call_later`, whose `when` is `time() + delay`): a timer on the heap. */
  callAt(when: number, run: R, what: string): LoopTimer<R> {
    const t: LoopTimer<R> = { run, what, cancelled: false, when, seq: this.seq++ };
    let i = this.scheduled.length;
    while (i > 0 && this.scheduled[i - 1].when > when) i--;
    this.scheduled.splice(i, 0, t);
    return t;
  }

  /** `_run_once` step 1: cancelled timers at the heap's head are popped. */
  dropCancelled(): void {
    while (this.scheduled.length > 0 && this.scheduled[0].cancelled) this.scheduled.shift();
  }

  /**
   * `_run_once` step 2: how long select may wait, in ns: 0 when something is ready or the
   * loop stops, the time to the earliest timer, or null when nothing is scheduled (forever).
   */
  selectTimeout(now: number, stopping: boolean): number | null {
    if (this.ready.length > 0 || stopping) return 0;
    if (this.scheduled.length === 0) return null;
    return Math.max(0, this.scheduled[0].when - now);
  }

  /** `_run_once` step 4: timers due before `end` (now plus the clock's resolution) join the ready queue. */
  moveDue(end: number): number {
    let n = 0;
    while (this.scheduled.length > 0 && this.scheduled[0].when < end) {
      this.ready.push(this.scheduled.shift()!);
      n++;
    }
    return n;
  }

  /** `_run_once` step 5: the `ntodo` handles of this iteration, taken off the ready queue. */
  takeIteration(): LoopHandle<R>[] {
    return this.ready.splice(0, this.ready.length);
  }

  /** The ready queue's live handles, oldest first (the panel, `inspect()`). */
  readyWhat(): string[] {
    return this.ready.filter((h) => !h.cancelled).map((h) => h.what);
  }

  /** The live timers, earliest first. */
  timersWhat(): { readonly what: string; readonly when: number }[] {
    return this.scheduled.filter((t) => !t.cancelled).map((t) => ({ what: t.what, when: t.when }));
  }
}
