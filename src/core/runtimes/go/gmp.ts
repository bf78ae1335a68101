/**
 * The records of Go's scheduler (runtime/runtime2.go): a P (processor: the right to run
 * Go code, with its run queue), an M (an OS thread, here one of the engine's kernel
 * threads), and per-G state kept in arrays indexed by task id (a G is an engine task).
 */
import type { TaskId } from '../../program';
import type { KThreadId } from '../runtime';
import { LocalRunQueue } from './runq';

/** runtime2.go: _Pidle, _Prunning, _Psyscall. */
export const P_IDLE = 0;
export const P_RUNNING = 1;
export const P_SYSCALL = 2;
export const P_STATUS_NAMES = ['idle', 'running', 'syscall'] as const;

/** sysmon's view of one P (proc.go: sysmontick). */
export interface SysmonTick {
  schedtick: number;
  schedwhen: number;
  syscalltick: number;
  syscallwhen: number;
}

export class P {
  status = P_IDLE;
  /** The M holding this P (also while the P is in syscall state: the M in the syscall). */
  m: M | null = null;
  readonly runq = new LocalRunQueue();
  /** Incremented on every scheduler call that does not inherit a time slice (execute). */
  schedtick = 0;
  /** When the current time slice began (execute without inheritTime): what the G has really run when sysmon preempts it. */
  sliceSince = 0;
  /** Incremented on every syscall entered with this P (entersyscall / retake). */
  syscalltick = 0;
  readonly sysmontick: SysmonTick = { schedtick: 0, schedwhen: 0, syscalltick: 0, syscallwhen: 0 };
  /** proc.go: p.gFree, dead Gs kept for reuse (gfput/gfget), each as the id of the P it last ran on. */
  gFree: number[] = [];
  /** Sleepers whose timers expired while the P was idle, readied together when its M wakes (checkTimers). */
  expiredTimers: TaskId[] = [];
  constructor(readonly id: number) {}
}

/** Where a G is, as the Go scheduler sees it (runtime2.go: _Grunnable, _Gwaiting, _Gsyscall...). */
export const G_RUNNABLE = 0;
export const G_RUNNING = 1;
/** Parked on a sync object, select or join (gopark). */
export const G_WAITING = 2;
/** Parked on the netpoller (network I/O). */
export const G_IO = 3;
/** Parked in time.Sleep (a timer on its P). */
export const G_SLEEP = 4;
export const G_SYSCALL = 5;
export const G_DEAD = 6;
export const G_STATUS_NAMES = ['runnable', 'running', 'waiting', 'netpoll', 'sleep', 'syscall', 'dead'] as const;

export class M {
  /** The P it holds while it runs Go code. */
  p: P | null = null;
  /** The P it was handed before being woken (startm sets mp.nextp). */
  nextp: P | null = null;
  /** The P it had when it entered a syscall (proc.go: oldp in exitsyscall). */
  oldp: P | null = null;
  spinning = false;
  /** The G it runs (or is blocked with in a syscall / locked wait), −1 none. */
  curg: TaskId = -1;
  /** LockOSThread: the G wired to this M, −1 none. */
  lockedg: TaskId = -1;
  /** On the idle M list (stopm). */
  idle = false;
  /** Blocked in findRunnable's blocking netpoll (sched.lastpoll == 0 while it is). */
  inNetpoll = false;
  /** Gs the netpoller (or an expired timer) handed it while it wakes up. */
  netpollList: TaskId[] | null = null;
  /** stoplockedm: its locked G is not running, and it waits without a P. */
  lockedWait = false;
  /** When its current syscall started. */
  syscallSince = 0;
  /** CPU time it owes to its next G switch (the goexit0 or gopark of the G before). */
  owedNs = 0;
  /** A futexwakeup is on its way: the M runs when its wake timer fires. */
  waking = false;
  /** It already slept runqgrab's usleep(3) once in this findRunnable; it may now take a runnext. */
  sleptForRunnext = false;
  constructor(readonly id: number, readonly kt: KThreadId) {}
}

/** `G7` for task 6 (the engine's labels: task 0, main, is G1). */
export function gName(g: TaskId): string {
  return 'G' + (g + 1);
}

/** 20000 → "20µs", for the reason sentences (the runtime may not import the engine's formatter). */
export function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)}µs`;
  return `${ns}ns`;
}
