/**
 * CPython's GIL as in Python/ceval_gil.c (3.13): `take_gil`, `drop_gil`, the switch
 * interval and FORCE_SWITCHING. One `Gil` per interpreter. It knows nothing of the
 * engine's loop: the Python runtime calls `acquire` from `mayRun` (a thread that wants
 * to run bytecode), `release` from the places CPython drops the GIL, and `onTimer`.
 *
 * The state mirrors `struct _gil_runtime_state` (Include/internal/pycore_gil.h):
 * `locked`/`last_holder` → `holder`/`lastHolder`, `switch_number` → `switchNumber`,
 * the waiters on `gil->cond` → `waiters`, the releaser waiting on `gil->switch_cond`
 * → `switchWaiters`. The drop request is the holder's `_PY_GIL_DROP_REQUEST_BIT` of
 * its eval breaker (3.13 keeps it per thread state): `dropRequest` names that thread.
 */
import type { TaskId } from '../../program';
import type { KThreadId, RuntimeHost } from '../runtime';

/** Why a waiter's kernel thread was last woken out of its COND_TIMED_WAIT. */
const WOKE_NONE = 0;
const WOKE_TIMEOUT = 1;
const WOKE_SIGNAL = 2;

interface Waiter {
  readonly kt: KThreadId;
  /** `saved_switchnum` of take_gil: the switch number when this wait began. */
  saved: number;
  /** Tag of its armed switch-interval timer, 0 when none. */
  tag: number;
  woke: number;
  /** When it started waiting for the GIL (for the "Why?" notes). */
  since: number;
}

/** The GIL as `inspect()` shows it (Python/ceval_gil.c: struct _gil_runtime_state). */
export type GilState = {
  /** The thread holding the GIL (`T2`), null when free. */
  readonly holder: string | null;
  readonly lastHolder: string | null;
  /** The thread that set gil_drop_request. */
  readonly dropRequest: string | null;
  readonly switchNumber: number;
  /** Threads waiting in take_gil, in arrival order. */
  readonly waiters: readonly string[];
  /** Threads parked in drop_gil's FORCE_SWITCHING wait. */
  readonly waitingForSwitch: readonly string[];
  readonly switchIntervalNs: number;
  readonly contendedHolds: Readonly<HoldStats>;
};

export type ReleaseReason = 'eval-breaker' | 'blocking' | 'yield' | 'exit';

/** Statistics of GIL hold times while another thread was waiting (for `inspect`). */
export interface HoldStats {
  count: number;
  totalNs: number;
  maxNs: number;
}

export class Gil {
  holder: TaskId = -1;
  lastHolder: TaskId = -1;
  switchNumber = 0;
  /** The thread whose `_PY_GIL_DROP_REQUEST_BIT` is set, −1 when none. */
  dropRequest: TaskId = -1;
  /** Threads in take_gil, in arrival order (Map keeps insertion order). */
  readonly waiters = new Map<TaskId, Waiter>();
  /** drop_gil, FORCE_SWITCHING: threads waiting on switch_cond until another thread took the GIL. */
  readonly switchWaiters = new Map<TaskId, KThreadId>();
  /** Hold times of a holder that was asked to drop (contended holds). */
  readonly contended: HoldStats = { count: 0, totalNs: 0, maxNs: 0 };
  private heldSince = 0;
  private lastRelease: ReleaseReason | null = null;
  private readonly timerTask = new Map<number, TaskId>();
  private nextTag = 1;

  constructor(
    private readonly host: RuntimeHost,
    /** `gil->interval`: sys.getswitchinterval(), 5 ms by default. */
    readonly intervalNs: number,
    private readonly label: (task: TaskId) => string,
    /** From COND_SIGNAL(gil->cond) to the signalled waiter's thread running (`runtime.gil_wake`). */
    private readonly wakeNs = 0,
  ) {}

  /**
   * take_gil, seen from a thread that wants to execute bytecode: true when `task` holds
   * the GIL (and may run), false when it waits (its kernel thread blocks until woken by
   * a release signal or by its switch-interval timeout).
   */
  acquire(task: TaskId, kt: KThreadId): boolean {
    if (this.holder === task) {
      // The eval breaker is checked between bytecodes (ceval.c: CHECK_EVAL_BREAKER →
      // _Py_HandlePending → drop_gil/take_gil). A pending drop request is honoured at
      // this op boundary, or at once inside a long compute step, through preemptTask.
      if (this.dropRequest === task) this.host.preemptTask(task);
      return true;
    }
    if (this.holder < 0) {
      this.take(task);
      return true;
    }
    const w = this.waiters.get(task);
    if (w === undefined) {
      // while (locked) { saved_switchnum = switch_number; COND_TIMED_WAIT(cond, interval) ... }
      const now = this.host.now();
      this.waiters.set(task, { kt, saved: this.switchNumber, tag: this.arm(task), woke: WOKE_NONE, since: now });
      return false;
    }
    // (Another waiter may have set it already: the bit is set once, and preempted once.)
    if (w.woke === WOKE_TIMEOUT && this.switchNumber === w.saved && this.dropRequest !== this.holder) {
      // "If we timed out and no switch occurred in the meantime, it is time to ask the
      // GIL-holding thread to drop it." (take_gil: SET_GIL_DROP_REQUEST on the holder)
      const holder = this.holder;
      this.dropRequest = holder;
      this.host.count('gil_drop_requests');
      this.host.note(task, `${this.label(task)} waited ${fmt(this.host.now() - w.since)} for the GIL held by ` +
        `${this.label(holder)} and set the drop request; ${this.label(holder)} releases the GIL at its next ` +
        'eval-breaker check (between bytecodes)');
      this.host.preemptTask(holder);
    }
    // Signalled but another thread got the GIL first, or timed out: wait one more interval.
    w.woke = WOKE_NONE;
    w.saved = this.switchNumber;
    w.tag = this.arm(task);
    return false;
  }

  /**
   * drop_gil by the holder `task`. Signals one waiter (COND_SIGNAL(gil->cond); which of
   * several is the OS's choice: recorded through `host.choose`). Returns true when the
   * releaser must then wait until another thread has taken the GIL (FORCE_SWITCHING:
   * only when it drops because of a drop request, and someone is waiting).
   */
  release(task: TaskId, reason: ReleaseReason): boolean {
    if (this.holder !== task) return false;
    const now = this.host.now();
    const requested = this.dropRequest === task;
    if (requested) {
      const held = now - this.heldSince;
      this.contended.count++;
      this.contended.totalNs += held;
      if (held > this.contended.maxNs) this.contended.maxNs = held;
      this.dropRequest = -1; // drop_gil unsets the holder's own drop-request bit
    }
    this.holder = -1;
    this.lastRelease = reason;
    this.signalOne();
    // Simplification: CPython's drop_gil also honours FORCE_SWITCHING when a thread with
    // a pending drop request releases the GIL for a blocking call (PyEval_SaveThread);
    // here only the eval-breaker path waits, so a blocking call starts at once.
    return requested && reason === 'eval-breaker' && this.waiters.size > 0;
  }

  /** A thread ended: it waits for nothing any more. */
  forget(task: TaskId): void {
    const w = this.waiters.get(task);
    if (w !== undefined) {
      if (w.tag !== 0) this.timerTask.delete(w.tag);
      this.waiters.delete(task);
    }
    this.switchWaiters.delete(task);
    if (this.dropRequest === task) this.dropRequest = -1;
  }

  /** A switch-interval timer fired: the waiter's COND_TIMED_WAIT timed out, its thread wakes. */
  onTimer(tag: number): void {
    if (tag < 0) {
      this.host.wakeThread(-1 - tag); // a signalled waiter's thread, after its wake-up latency
      return;
    }
    const task = this.timerTask.get(tag);
    if (task === undefined) return;
    this.timerTask.delete(tag);
    const w = this.waiters.get(task);
    if (w === undefined || w.tag !== tag) return;
    w.tag = 0;
    w.woke = WOKE_TIMEOUT;
    this.host.wakeThread(w.kt);
  }

  /** The GIL is free: `task` takes it (take_gil, label _ready). */
  private take(task: TaskId): void {
    const w = this.waiters.get(task);
    if (w !== undefined) {
      if (w.tag !== 0) this.timerTask.delete(w.tag);
      this.waiters.delete(task);
    }
    const now = this.host.now();
    this.holder = task;
    this.heldSince = now;
    if (this.lastHolder !== task) {
      const from = this.lastHolder;
      this.switchNumber++;
      this.lastHolder = task;
      if (from >= 0) {
        this.host.count('gil_switches');
        const why = this.lastRelease === 'eval-breaker' ? 'after a drop request'
          : this.lastRelease === 'blocking' ? 'released for a blocking call (Py_BEGIN_ALLOW_THREADS)'
            : this.lastRelease === 'yield' ? 'released by time.sleep(0)' : 'released when its thread ended';
        this.host.note(task, `${this.label(task)} took the GIL from ${this.label(from)} (${why}); switch #${this.switchNumber}` +
          (w !== undefined ? `, after waiting ${fmt(now - w.since)}` : ''));
      }
    }
    // FORCE_SWITCHING: COND_SIGNAL(gil->switch_cond) wakes the releaser waiting for a switch.
    for (const [t, kt] of this.switchWaiters) {
      if (t === task) continue;
      this.switchWaiters.delete(t);
      this.host.wakeThread(kt);
    }
  }

  /** COND_SIGNAL(gil->cond): wake one thread still blocked in its timed wait. */
  private signalOne(): void {
    const options: number[] = [];
    // A waiter already awake (timed out, or signalled and not yet running) retries by itself.
    for (const [t, w] of this.waiters) if (w.woke === WOKE_NONE) options.push(t);
    if (options.length === 0) return;
    const pick = options.length === 1 ? options[0] : options[this.host.choose({ kind: 'wake', options })];
    const w = this.waiters.get(pick)!;
    if (w.tag !== 0) this.timerTask.delete(w.tag);
    w.tag = 0;
    w.woke = WOKE_SIGNAL;
    // The waiter's thread wakes `wakeNs` later (futex wake, then gil->mutex): a thread already
    // running may take the free GIL first, and the waiter then waits again (take_gil's loop).
    if (this.wakeNs > 0) this.host.setTimer(this.host.now() + this.wakeNs, wakeTag(w.kt));
    else this.host.wakeThread(w.kt);
  }

  private arm(task: TaskId): number {
    const tag = this.nextTag++;
    this.timerTask.set(tag, task);
    this.host.setTimer(this.host.now() + this.intervalNs, tag);
    return tag;
  }

  /** For `Runtime.view`: the holder (−1: free) and the threads waiting in take_gil, in arrival order. */
  holders(): { holder: TaskId; waiting: TaskId[] } {
    return { holder: this.holder, waiting: [...this.waiters.keys()] };
  }

  /** For `Runtime.inspect`. */
  snapshot(): GilState {
    const name = (t: TaskId) => (t >= 0 ? this.label(t) : null);
    return {
      holder: name(this.holder),
      lastHolder: name(this.lastHolder),
      dropRequest: name(this.dropRequest),
      switchNumber: this.switchNumber,
      waiters: [...this.waiters.keys()].map((t) => this.label(t)),
      waitingForSwitch: [...this.switchWaiters.keys()].map((t) => this.label(t)),
      switchIntervalNs: this.intervalNs,
      contendedHolds: { ...this.contended },
    };
  }
}

/** The timer tag of a signalled waiter's wake-up (switch-interval tags are positive). */
function wakeTag(kt: KThreadId): number {
  return -1 - kt;
}

function fmt(ns: number): string {
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)} µs`;
  return `${ns} ns`;
}
