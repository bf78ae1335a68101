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
  /** When drop_gil last signalled it (for the "Why?" notes). */
  signalledAt: number;
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
    /** The wake-up latencies of its futex sleepers (`runtime.gil_wake*`); none: instant. */
    private readonly wake: GilWake = { coldNs: 0, hotNs: 0, spread: 0 },
  ) {}

  /** When each kernel thread blocked in take_gil or in the FORCE_SWITCHING wait fell asleep. */
  private readonly asleepSince = new Map<KThreadId, number>();
  /** How long each kernel thread's last finished sleep in the GIL lasted. */
  private readonly lastSleep = new Map<KThreadId, number>();

  /** Set by `release`: its COND_SIGNAL woke a thread asleep in take_gil (a futex_wake syscall). */
  signalled = false;

  /**
   * One wake-up latency of a thread blocked on a GIL condition variable, from COND_SIGNAL to
   * its thread back in take_gil: log-normal, median `wakeNs`, ln-σ `wakeSpread`, drawn from
   * the run's seeded stream (`host.random`, Box-Muller). Why a spread matters
   * (test/bench/fidelity/gil_convoy.py): an I/O thread releasing the GIL around a read of a
   * few µs races the thread it signalled; on Linux the signalled thread wins about one read
   * in three (its wake-up varies from run to run and read to read), and the reader then
   * waits a whole switch interval. A fixed latency wins always or never.
   */
  private wakeLatency(kt: KThreadId): number {
    const before = this.lastSleep.get(kt) ?? 0;
    const slept = this.wokeUp(kt);
    // How long its CPU idles decides how fast it wakes. Linux and KVM predict an idle period
    // from the last ones: KVM polls a halted vCPU longer after short halts and stops after
    // long ones (virt/kvm/kvm_main.c: kvm_vcpu_halt, grow_halt_poll_ns, shrink_halt_poll_ns),
    // the menu governor picks a C-state from recent idle lengths (drivers/cpuidle/governors/
    // menu.c). So a thread whose last sleep and this one were both short (a convoy's waiter,
    // re-signalled every few µs) wakes in `hotNs`; one that slept a switch interval before
    // (it timed out, asked for the drop and sleeps again until the holder drops) in `coldNs`.
    const median = slept < HOT_IDLE_NS && before < HOT_IDLE_NS ? this.wake.hotNs : this.wake.coldNs;
    if (this.wake.spread <= 0 || median <= 0) return median;
    const u1 = 1 - this.host.random(); // (0, 1]
    const u2 = this.host.random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.max(1, Math.round(median * Math.exp(this.wake.spread * z)));
  }

  /** `kt`'s sleep in the GIL ends now (a signal, or its timed wait's timeout): how long it lasted. */
  private wokeUp(kt: KThreadId): number {
    const since = this.asleepSince.get(kt);
    if (since === undefined) return Infinity;
    this.asleepSince.delete(kt);
    const slept = this.host.now() - since;
    this.lastSleep.set(kt, slept);
    return slept;
  }

  /** drop_gil, FORCE_SWITCHING: `task`'s thread sleeps on switch_cond until another thread takes the GIL. */
  parkForSwitch(task: TaskId, kt: KThreadId): void {
    this.switchWaiters.set(task, kt);
    this.asleepSince.set(kt, this.host.now());
  }

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
      this.waiters.set(task, { kt, saved: this.switchNumber, tag: this.arm(task), woke: WOKE_NONE, since: now, signalledAt: -1 });
      this.asleepSince.set(kt, now);
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
    this.asleepSince.set(kt, this.host.now());
    return false;
  }

  /**
   * drop_gil by the holder `task`. Signals one waiter (COND_SIGNAL(gil->cond); which of
   * several is the OS's choice: recorded through `host.choose`). Returns true when the
   * releaser must then wait until another thread has taken the GIL (FORCE_SWITCHING:
   * only when it drops because of a drop request, and someone is waiting).
   */
  release(task: TaskId, reason: ReleaseReason): boolean {
    this.signalled = false;
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
    this.signalled = this.signalOne();
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
    this.wokeUp(w.kt); // a timer's wake-up: its latency is part of the interval waited
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
          (w !== undefined ? `, after waiting ${fmt(now - w.since)}` : '') +
          (w !== undefined && w.woke === WOKE_SIGNAL && this.lastRelease === 'blocking'
            ? `; its thread woke ${fmt(now - w.signalledAt)} after drop_gil's signal, before ${this.label(from)}'s blocking call ` +
              `returned, so ${this.label(from)} will wait for the GIL (a race: runtime.gil_wake_hot, gil_wake_spread, gil_signal)`
            : ''));
      }
    }
    // FORCE_SWITCHING: COND_SIGNAL(gil->switch_cond) wakes the releaser waiting for a switch;
    // its thread is a futex sleeper like a take_gil waiter and runs a wake-up latency later
    // (with a read-sized window, it can then take the GIL straight back from a reader).
    for (const [t, kt] of this.switchWaiters) {
      if (t === task) continue;
      this.switchWaiters.delete(t);
      this.wakeLater(kt);
    }
  }

  /** A futex-woken thread of the GIL runs `wakeLatency()` later. */
  private wakeLater(kt: KThreadId): void {
    const ns = this.wakeLatency(kt);
    if (ns > 0) this.host.setTimer(this.host.now() + ns, wakeTag(kt));
    else this.host.wakeThread(kt);
  }

  /** COND_SIGNAL(gil->cond): wake one thread still blocked in its timed wait; true when one was. */
  private signalOne(): boolean {
    const options: number[] = [];
    // A waiter already awake (timed out, or signalled and not yet running) retries by itself:
    // glibc's pthread_cond_signal then finds no sleeper to wake and makes no futex call.
    for (const [t, w] of this.waiters) if (w.woke === WOKE_NONE) options.push(t);
    if (options.length === 0) return false;
    const pick = options.length === 1 ? options[0] : options[this.host.choose({ kind: 'wake', options })];
    const w = this.waiters.get(pick)!;
    if (w.tag !== 0) this.timerTask.delete(w.tag);
    w.tag = 0;
    w.woke = WOKE_SIGNAL;
    w.signalledAt = this.host.now();
    // The waiter's thread wakes a latency later (futex wake, then gil->mutex): a thread already
    // running may take the free GIL first, and the waiter then waits again (take_gil's loop).
    this.wakeLater(w.kt);
    return true;
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

/** The wake-up latencies of the GIL's sleepers (`runtime.gil_wake`, `gil_wake_hot`, `gil_wake_spread`). */
export interface GilWake {
  /** The median for a thread asleep HOT_IDLE_NS or longer. */
  readonly coldNs: number;
  /** The median for a thread asleep less than HOT_IDLE_NS. */
  readonly hotNs: number;
  /** σ of ln(latency): each wake-up is log-normal around its median; 0 for a fixed latency. */
  readonly spread: number;
}

/**
 * A sleeper whose CPU idled less than this wakes `hotNs` later: KVM polls a halted vCPU
 * this long before it lets the host thread sleep (kvm's halt_poll_ns, 200 µs by default),
 * and Linux's idle governor picks a shallow C-state for a short expected idle. Measured
 * here (a pthread condvar, /tmp wake.c in docs/models.md): 8 µs median when signalled
 * 2-200 µs after it slept, 22 µs median with a long tail after 2 ms.
 */
export const HOT_IDLE_NS = 200_000;

/** The timer tag of a signalled waiter's wake-up (switch-interval tags are positive). */
function wakeTag(kt: KThreadId): number {
  return -1 - kt;
}

function fmt(ns: number): string {
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)} µs`;
  return `${ns} ns`;
}
