/**
 * proc.go: sysmon, retake, preemptone. The system monitor runs on its own M without a
 * P; here it is a chain of engine timers (it takes no CPU and is not counted among the
 * threads created). It sleeps 20µs, doubles that after 50 idle rounds up to 10ms, and
 * sleeps for good while every P is idle (so a deadlocked program leaves no timer armed;
 * Go's sysmon then waits for the next timer or forced GC, neither of which can make a
 * G runnable here), waking when a P is acquired again.
 */
import { fmtNs, gName, P_IDLE, P_RUNNING, P_SYSCALL, type P } from './gmp';
import type { Sched } from './sched';

/** proc.go: forcePreemptNS */
export const FORCE_PREEMPT_NS = 10_000_000;
const MIN_DELAY_NS = 20_000;
const MAX_DELAY_NS = 10_000_000;
/** proc.go: sysmon polls the network when it has not been polled for more than 10ms. */
const NETPOLL_STALE_NS = 10_000_000;

export class Sysmon {
  delayNs = MIN_DELAY_NS;
  idle = 0;
  sleeping = false;
  /** The tag of the one live timer; older ones are ignored when they fire. */
  private gen = 0;
  ticks = 0;

  constructor(private readonly s: Sched) {}

  start(): void {
    this.arm(MIN_DELAY_NS);
  }

  /** proc.go: usleep(delay): nanosleep wakes up to the thread's timer slack late (Linux: 50 µs). */
  private arm(delay: number): void {
    this.gen++;
    this.s.host.setTimer(this.s.host.now() + delay + this.s.config.runtime.sysmonSlackNs, this.gen);
  }

  /**
   * A P was acquired: a sleeping sysmon wakes. proc.go sysmon: only a wake from a syscall
   * (notewakeup(&sched.sysmonnote): `syscallWake`) resets idle and delay, "as a bet that since
   * it had retaken a P from a syscall before, it may need to do it again"; a wake because a
   * timer expired (notetsleep's timeout) keeps its back-off.
   */
  wake(): void {
    const fromSyscall = this.s.sysmonSyscallWake;
    this.s.sysmonSyscallWake = false;
    if (!this.sleeping) return;
    this.sleeping = false;
    if (fromSyscall) {
      this.idle = 0;
      this.delayNs = MIN_DELAY_NS;
    }
    this.arm(this.delayNs);
  }

  onTimer(tag: number): void {
    if (tag !== this.gen || this.sleeping) return;
    const s = this.s;
    const now = s.host.now();
    this.ticks++;
    if (s.npidle === s.gomaxprocs) {
      this.sleeping = true;
      return;
    }
    // poll network if not polled for more than 10ms
    if (s.netpollInited && s.lastpoll !== 0 && s.lastpoll + NETPOLL_STALE_NS < now && s.netpollReady.length > 0) {
      s.lastpoll = now;
      const list = s.netpollReady;
      s.netpollReady = [];
      s.note(list[0], `sysmon found the network unpolled for over 10ms and injected ${list.map(gName).join(', ')} into the run queues`);
      s.injectglist(list, null);
    }
    // retake P's blocked in syscalls and preempt long running G's
    if (this.retake(now) !== 0) this.idle = 0;
    else this.idle++;
    if (this.idle === 0) this.delayNs = MIN_DELAY_NS;
    else if (this.idle > 50) this.delayNs *= 2;
    if (this.delayNs > MAX_DELAY_NS) this.delayNs = MAX_DELAY_NS;
    if (s.npidle === s.gomaxprocs) {
      this.sleeping = true;
      return;
    }
    this.arm(this.delayNs);
  }

  /** proc.go: retake. Returns the number of Ps taken from syscalls. */
  private retake(now: number): number {
    const s = this.s;
    let n = 0;
    for (const pp of s.allp) {
      const pd = pp.sysmontick;
      const st = pp.status;
      let sysretake = false;
      if (st === P_RUNNING || st === P_SYSCALL) {
        // Preempt G if it's running on the same schedtick for too long.
        const t = pp.schedtick;
        if (pd.schedtick !== t) {
          pd.schedtick = t;
          pd.schedwhen = now;
        } else if (pd.schedwhen + FORCE_PREEMPT_NS <= now) {
          this.preemptone(pp, now - pp.sliceSince, now - pd.schedwhen);
          // In case of syscall, preemptone() doesn't work, because there is no M wired to P.
          sysretake = true;
        }
      }
      if (st === P_SYSCALL) {
        // Retake P from syscall if it's there for more than 1 sysmon tick (at least 20us).
        const t = pp.syscalltick;
        if (!sysretake && pd.syscalltick !== t) {
          pd.syscalltick = t;
          pd.syscallwhen = now;
          continue;
        }
        // On the one hand we don't want to retake Ps if there is no other work to do,
        // but on the other hand we want to retake them eventually because they can prevent
        // the sysmon thread from deep sleep.
        if (pp.runq.empty && s.nmspinning + s.npidle > 0 && pd.syscallwhen + 10_000_000 > now) continue;
        this.retakeSyscallP(pp, now);
        n++;
      }
    }
    return n;
  }

  private retakeSyscallP(pp: P, now: number): void {
    const s = this.s;
    const sm = pp.m;
    pp.syscalltick++;
    pp.status = P_IDLE;
    const g = sm ? sm.curg : -1;
    const ran = sm ? now - sm.syscallSince : 0;
    const nm = s.handoffp(pp);
    const who = sm ? `M${sm.id}` : 'An M';
    s.note(g, nm
      ? `${who} entered a blocking syscall; after ${fmtNs(ran)} sysmon handed P${pp.id} to M${nm.id}`
      : `${who} entered a blocking syscall; after ${fmtNs(ran)} sysmon retook P${pp.id}, which had no work, and put it on the idle list`);
  }

  /** proc.go: preemptone: ask the G running on pp's M to stop at its next safe point. */
  private preemptone(pp: P, ranNs: number, seenNs: number): void {
    const mp = pp.m;
    if (pp.status !== P_RUNNING || !mp || mp.curg < 0) return;
    const g = mp.curg;
    const st = this.s.host.taskState(g);
    if (st === 'done' || st === 'blocked') return;
    // sysmon preempts a slice it has seen running for 10 ms (forcePreemptNS), counted from
    // the tick at which it first saw that slice: the G itself may have run longer.
    const since = ranNs > seenNs ? ` (sysmon first saw this slice ${fmtNs(seenNs)} ago and preempts after 10ms)` : ' (over 10ms)';
    this.s.note(g, `${gName(g)} was preempted by sysmon after running ${fmtNs(ranNs)}${since}; it goes to the global queue`);
    this.s.host.preemptTask(g);
  }
}
