/**
 * A snapshot of the Go scheduler for the debugger's Machine scope and the panel: the
 * Ms, the Ps with their queues, the global queue, the netpoller and sysmon.
 */
import { gName, G_IO, G_STATUS_NAMES, G_SYSCALL, P_STATUS_NAMES, type M } from './gmp';
import type { SchedulerView } from '../runtime';
import type { Sched } from './sched';
import type { Sysmon } from './sysmon';

/**
 * The most goroutines a list of `inspect()` names (the global queue, the netpoller's
 * waiters, all goroutines); a longer one ends with `… and N more`. The debugger reads this
 * at every step, and a million goroutines made a million entries per step.
 */
export const INSPECT_LIST_MAX = 1_000;

function more(n: number): string {
  return `… and ${n.toLocaleString('en')} more`;
}

function gOrNull(g: number): string | null {
  return g >= 0 ? gName(g) : null;
}

function mState(s: Sched, m: M): string {
  const st = s.host.threadState(m.kt);
  if (st === 'exited') return 'exited';
  if (m.oldp !== null && s.gStatus[m.curg] === G_SYSCALL) return 'syscall';
  if (m.inNetpoll) return 'netpoll';
  if (m.lockedWait) return 'locked-wait';
  if (m.idle) return 'idle';
  if (m.spinning) return 'spinning';
  return m.p !== null || m.nextp !== null ? 'running' : st;
}

/** An M as `inspect()` shows it. */
export type GoMState = {
  readonly id: string;
  readonly kthread: number;
  /** 'running', 'spinning', 'idle', 'syscall', 'netpoll', 'locked-wait', 'exited', or the OS state. */
  readonly state: string;
  /** The P it holds (or is about to: nextp), `P0`. */
  readonly p: string | null;
  /** The G it runs (curg), `G1`. */
  readonly g: string | null;
  readonly spinning: boolean;
  readonly inSyscall: boolean;
  readonly lockedG: string | null;
};

/** A P as `inspect()` shows it. */
export type GoPState = {
  readonly id: string;
  readonly status: string;
  readonly m: string | null;
  readonly runnext: string | null;
  readonly runq: readonly string[];
  readonly schedtick: number;
};

/** The Go scheduler's state (`GoRuntime.inspect()`): what the debugger and the panel show. */
export type GoSchedState = {
  readonly gomaxprocs: number;
  readonly ms: readonly GoMState[];
  readonly ps: readonly GoPState[];
  /** sched.runq (its first INSPECT_LIST_MAX, then `… and N more`) */
  readonly globalQueue: readonly string[];
  readonly globalQueueLength: number;
  readonly idlePs: readonly string[];
  readonly idleMs: readonly string[];
  readonly spinningMs: number;
  readonly netpoller: { readonly waiting: readonly string[]; readonly ready: readonly string[]; readonly blockedM: string | null };
  readonly sysmon: { readonly periodNs: number; readonly idleRounds: number; readonly sleeping: boolean };
  /** The goroutines that are not dead: the first INSPECT_LIST_MAX, then `{ id: '…', status: 'and N more' }`. */
  readonly goroutines: readonly { readonly id: string; readonly status: string }[];
  readonly liveGoroutines: number;
};

export function inspectSched(s: Sched, sysmon: Sysmon, max = INSPECT_LIST_MAX): GoSchedState {
  const waiting: string[] = [];
  let waitingLeft = 0;
  const goroutines: { id: string; status: string }[] = [];
  let live = 0;
  for (let g = 0; g < s.gCount; g++) {
    const st = s.gStatus[g];
    if (st === G_IO) {
      if (waiting.length < max) waiting.push(gName(g));
      else waitingLeft++;
    }
    const status = G_STATUS_NAMES[st];
    if (status === 'dead') continue;
    if (live++ < max) goroutines.push({ id: gName(g), status });
  }
  if (waitingLeft > 0) waiting.push(more(waitingLeft));
  if (live > max) goroutines.push({ id: '…', status: `and ${(live - max).toLocaleString('en')} more` });
  const globq = s.globq.length;
  const globalQueue = s.globq.toArray().slice(0, max).map(gName);
  if (globq > max) globalQueue.push(more(globq - max));
  return {
    gomaxprocs: s.gomaxprocs,
    ms: s.allm.map((m) => ({
      id: `M${m.id}`,
      kthread: m.kt,
      state: mState(s, m),
      p: m.p ? `P${m.p.id}` : m.nextp ? `P${m.nextp.id}` : null,
      g: gOrNull(m.curg),
      spinning: m.spinning,
      inSyscall: m.oldp !== null,
      lockedG: gOrNull(m.lockedg),
    })),
    ps: s.allp.map((p) => ({
      id: `P${p.id}`,
      status: P_STATUS_NAMES[p.status],
      m: p.m ? `M${p.m.id}` : null,
      runnext: gOrNull(p.runq.runnext),
      runq: p.runq.toArray().map(gName),
      schedtick: p.schedtick,
    })),
    globalQueue,
    globalQueueLength: globq,
    idlePs: s.pidle.map((p) => `P${p.id}`),
    idleMs: s.midle.map((m) => `M${m.id}`),
    spinningMs: s.nmspinning,
    netpoller: {
      waiting,
      ready: s.netpollReady.map(gName),
      blockedM: s.netpollM ? `M${s.netpollM.id}` : null,
    },
    sysmon: { periodNs: sysmon.delayNs, idleRounds: sysmon.idle, sleeping: sysmon.sleeping },
    goroutines,
    liveGoroutines: live,
  };
}

/**
 * The scheduler in the shape every surface reads (`Runtime.view`): the Ms with the P they
 * hold and the G they run, the Ps with runnext and runq, sched.runq and the netpoller's
 * waiters; recorded into the trace after each step of a traced run (trace/lanes.ts,
 * trace/machine.ts), so it stays cheap: no goroutine list, no sysmon.
 */
export function viewOf(s: Sched, queues: boolean): SchedulerView {
  const ioWaiting: number[] = [];
  if (queues) for (let g = 0; g < s.gCount; g++) if (s.gStatus[g] === G_IO) ioWaiting.push(g);
  return {
    threads: s.allm.map((m) => ({
      id: `M${m.id}`,
      kthread: m.kt,
      task: m.curg >= 0 ? m.curg : -1,
      state: mState(s, m),
      processor: m.p ? `P${m.p.id}` : m.nextp ? `P${m.nextp.id}` : null,
      inSyscall: m.oldp !== null,
    })),
    processors: s.allp.map((p) => ({ id: `P${p.id}`, thread: p.m ? `M${p.m.id}` : null, next: p.runq.runnext, queue: queues ? p.runq.toArray() : [] })),
    runQueue: queues ? s.globq.toArray() : [],
    ioWaiting,
  };
}
