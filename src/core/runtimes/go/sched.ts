/**
 * The scheduler's shared state and its small operations, named as in runtime/proc.go:
 * the idle P and M lists, acquirep/releasep, runqput/runqputslow, globrunqget, wakep,
 * startm, stopm, handoffp, injectglist, execute. findRunnable (findrunnable.ts), sysmon
 * (sysmon.ts) and the Runtime hooks (go-runtime.ts) are built on these.
 */
import type { SimConfig, TaskId } from '../../program';
import type { KThreadId, RuntimeHost } from '../runtime';
import { gName, G_RUNNABLE, G_RUNNING, M, P, P_IDLE, P_RUNNING } from './gmp';
import { GlobalRunQueue, LOCAL_RUNQ_SIZE } from './runq';
import { grownToFit } from '../../columns';

/** The runtime-timer tag that wakes M `mp` (sysmon's tags are positive). */
export function mWakeTag(mp: M): number {
  return -1 - mp.id;
}

/** The runtime-timer tag of P `pp`'s expired-timer pass (checkTimers when its M wakes). */
export function pTimersTag(pp: P): number {
  return -1_000_000 - pp.id;
}

export class Sched {
  readonly gomaxprocs: number;
  readonly allp: P[] = [];
  readonly allm: M[] = [];
  /** M by kernel thread id (this runtime creates every kernel thread of the run). */
  readonly mOfKt: M[] = [];
  /** proc.go: sched.pidle, a LIFO stack. */
  readonly pidle: P[] = [];
  /** proc.go: sched.midle, a LIFO stack. */
  readonly midle: M[] = [];
  readonly globq = new GlobalRunQueue();
  nmspinning = 0;
  private peakSpinning = 0;
  /**
   * Per G (task id), for the first `gCount` ids: typed columns, grown by doubling (JS arrays of
   * a million Gs grown one push at a time were ~8% of a million-goroutine run).
   */
  gCount = 0;
  /** Per G (task id). */
  gStatus = new Int32Array(16);
  /** LockOSThread: the M a G is wired to (M id), −1 none. */
  gLockedM = new Int32Array(16).fill(-1);
  /** The P whose timer heap holds a sleeping G's timer. */
  gSleepP = new Int32Array(16).fill(-1);
  /** The schedtick-inheriting flag of the G findRunnable just returned (runnext). */
  inheritTime = false;
  /** proc.go: mainStarted; wakep does nothing before main runs. */
  mainStarted = false;
  // ---- netpoller (netpoll.go) ----
  /** Set once a G has done network I/O (netpollinited). */
  netpollInited = false;
  /** Gs parked on the netpoller whose I/O has not completed. */
  netpollWaiters = 0;
  /** Gs whose I/O completed, not yet collected by a netpoll call. */
  netpollReady: TaskId[] = [];
  /** proc.go: sched.lastpoll; 0 while an M is blocked in netpoll. */
  lastpoll = 1;
  /** The M blocked in netpoll, or being woken from it. */
  netpollM: M | null = null;
  /** Called when a P leaves the idle list (sysmon sleeps while every P is idle). */
  onPAcquired: () => void = () => {};
  /** The P being acquired comes out of a syscall (exitsyscall): sysmon's wake resets its back-off. */
  sysmonSyscallWake = false;
  /**
   * CPU time the G whose op is executing owes the runtime so far (the futexwakeup of each M
   * it woke); `GoRuntime.opCostNs` bills it to that G, a switch to its M, a timer to nobody.
   */
  chargeNs = 0;
  /** proc.go: sched.gFree, the global list of dead Gs, each as the id of the P it last ran on. */
  gFreeGlobal: number[] = [];
  /** The P each G last ran on, or was created on (newproc1 wrote it there); −1 none yet. */
  gLastP = new Int32Array(16).fill(-1);

  constructor(readonly host: RuntimeHost, readonly config: SimConfig) {
    this.gomaxprocs = config.runtime.gomaxprocs;
    for (let i = 0; i < this.gomaxprocs; i++) this.allp.push(new P(i));
    // proc.go: procresize puts P(n-1)..P1 on the idle list, so pidleget hands out P1 first.
    for (let i = this.gomaxprocs - 1; i >= 1; i--) this.pidleput(this.allp[i]);
  }

  /** When the last P went idle (every P idle since), −1 while one is not. */
  allIdleSince = -1;

  get npidle(): number {
    return this.pidle.length;
  }

  note(g: TaskId, text: string): void {
    this.host.note(g, text);
  }

  ensureG(g: TaskId): void {
    if (g < this.gCount) return;
    // New Gs read as the pushes gave them: runnable, no locked M, no sleep P, no last P.
    this.gStatus = grownToFit(this.gStatus, g, G_RUNNABLE);
    this.gLockedM = grownToFit(this.gLockedM, g, -1);
    this.gSleepP = grownToFit(this.gSleepP, g, -1);
    this.gLastP = grownToFit(this.gLastP, g, -1);
    this.gCount = g + 1;
  }

  mOf(kt: KThreadId): M {
    return this.mOfKt[kt];
  }

  /** The P of the M running `g` (−1 task or no P: null). */
  pOfG(g: TaskId): P | null {
    if (g < 0) return null;
    const kt = this.host.threadOf(g);
    return kt >= 0 && this.mOfKt[kt] ? this.mOfKt[kt].p : null;
  }

  // ---- Ps ----
  /** proc.go: pidleput (the P must have an empty local queue). */
  pidleput(pp: P): void {
    pp.status = P_IDLE;
    pp.m = null;
    this.pidle.push(pp);
    if (this.pidle.length === this.gomaxprocs && this.allIdleSince < 0) this.allIdleSince = this.host.now();
  }

  /** proc.go: pidleget */
  pidleget(): P | null {
    const pp = this.pidle.pop() ?? null;
    if (pp !== null) this.allIdleSince = -1;
    return pp;
  }

  /** Takes a particular P off the idle list (false when it is not idle). */
  pidleTake(pp: P): boolean {
    const i = this.pidle.indexOf(pp);
    if (i < 0) return false;
    this.pidle.splice(i, 1);
    this.allIdleSince = -1;
    return true;
  }

  /** proc.go: acquirep / wirep */
  acquirep(mp: M, pp: P): void {
    mp.p = pp;
    pp.m = mp;
    pp.status = P_RUNNING;
    this.onPAcquired();
  }

  /** proc.go: releasep */
  releasep(mp: M): P {
    const pp = mp.p!;
    mp.p = null;
    pp.m = null;
    return pp;
  }

  // ---- run queues ----
  /** proc.go: runqput. `next` puts g in runnext and kicks the old runnext to the tail. */
  runqput(pp: P, g: TaskId, next: boolean): void {
    const q = pp.runq;
    if (next) {
      const old = q.runnext;
      q.runnext = g;
      if (old < 0) return;
      g = old;
    }
    if (!q.full) q.pushTail(g);
    else this.runqputslow(pp, g);
  }

  /** proc.go: runqputslow: half the local queue plus g go to the global queue. */
  private runqputslow(pp: P, g: TaskId): void {
    const batch = pp.runq.takeHead(LOCAL_RUNQ_SIZE / 2);
    for (const b of batch) this.globq.push(b);
    this.globq.push(g);
    this.host.count('runq_overflows');
    this.note(g, `P${pp.id}'s local run queue was full (${LOCAL_RUNQ_SIZE}); ${batch.length} of its Gs and ${gName(g)} moved to the global queue`);
  }

  /** proc.go: runqget: runnext first (it inherits the time slice), then the queue head. */
  runqget(pp: P): TaskId {
    const q = pp.runq;
    if (q.runnext >= 0) {
      const g = q.runnext;
      q.runnext = -1;
      this.inheritTime = true;
      return g;
    }
    this.inheritTime = false;
    return q.popHead();
  }

  globrunqput(g: TaskId): void {
    this.globq.push(g);
  }

  /**
   * proc.go: globrunqget / globrunqgetbatch: takes min(max, len, len/GOMAXPROCS+1, 128)
   * Gs; returns the first and puts the rest on pp's local queue.
   */
  globrunqget(pp: P, max: number): TaskId {
    const len = this.globq.length;
    if (len === 0) return -1;
    let n = Math.min(len, Math.floor(len / this.gomaxprocs) + 1, LOCAL_RUNQ_SIZE / 2);
    if (max > 0) n = Math.min(n, max);
    const g = this.globq.pop();
    for (let i = 1; i < n; i++) this.runqput(pp, this.globq.pop(), false);
    this.host.count('global_queue_takes');
    this.inheritTime = false;
    return g;
  }

  // ---- Ms ----
  /** proc.go: newm: a new OS thread (pthread_create), runnable after its creation cost. */
  private newm(): M {
    const id = this.allm.length;
    const kt = this.host.createThread(`M${id}`, this.allm.length === 0 ? 0 : this.config.os.threadCreateNs, 0);
    const mp = new M(id, kt);
    this.allm.push(mp);
    this.mOfKt[kt] = mp;
    return mp;
  }

  /** The first M (m0), created with P0 (proc.go: schedinit, mstart). */
  startM0(): M {
    const mp = this.newm();
    this.acquirep(mp, this.allp[0]);
    // Before main.main, runtime.main's gcenable (mgc.go) starts bgsweep and bgscavenge and
    // waits for both: bgsweep runs from P0's queue, a schedule that does not inherit a time
    // slice, so P0's schedtick is at least 1 when the program starts (findRunnable's
    // `schedtick%61 == 0` check does not take the global queue first on main's first Gosched).
    this.allp[0].schedtick = 1;
    return mp;
  }

  /** proc.go: mput (stopm puts the M here and parks it). */
  stopm(mp: M): void {
    mp.idle = true;
    mp.curg = -1;
    this.midle.push(mp);
  }

  private mget(): M | null {
    const mp = this.midle.pop();
    if (!mp) return null;
    mp.idle = false;
    return mp;
  }

  becomeSpinning(mp: M): void {
    mp.spinning = true;
    this.nmspinning++;
    if (this.nmspinning > this.peakSpinning) {
      this.host.count('spinning_ms', this.nmspinning - this.peakSpinning);
      this.peakSpinning = this.nmspinning;
    }
  }

  dropSpinning(mp: M): void {
    if (!mp.spinning) return;
    mp.spinning = false;
    this.nmspinning--;
  }

  /**
   * proc.go: startm: runs pp (or an idle P) on an idle M, or a new one. Returns the M,
   * or null when no P was idle.
   */
  startm(pp: P | null, spinning: boolean): M | null {
    if (pp === null) {
      pp = this.pidleget();
      if (pp === null) {
        if (spinning) this.nmspinning--;
        return null;
      }
    }
    pp.status = P_RUNNING;
    let mp = this.mget();
    const fresh = mp === null;
    if (mp === null) mp = this.newm();
    mp.nextp = pp;
    pp.m = mp;
    if (spinning) {
      // The caller already counted it in nmspinning (wakep's CAS 0→1).
      mp.spinning = true;
      if (this.nmspinning > this.peakSpinning) {
        this.host.count('spinning_ms', this.nmspinning - this.peakSpinning);
        this.peakSpinning = this.nmspinning;
      }
    }
    this.onPAcquired();
    if (!fresh) this.wakeM(mp, this.config.runtime.mWakeNs);
    return mp;
  }

  /**
   * proc.go: notewakeup(&mp.park) → futexwakeup: the parked M runs `delayNs` later (its
   * thread's wake-up latency), and whoever woke it pays the futex call (`chargeNs`).
   * GoRuntime.onTimer wakes it (tag `mWakeTag`).
   */
  wakeM(mp: M, delayNs: number, futex = true): void {
    if (futex) this.chargeNs += this.config.runtime.futexWakeNs;
    if (delayNs <= 0) {
      this.host.wakeThread(mp.kt);
      return;
    }
    mp.waking = true;
    this.host.setTimer(this.host.now() + delayNs, mWakeTag(mp));
  }

  /** proc.go: gfput: a dead G goes on its P's free list; at 64, all but 31 go to sched.gFree. */
  gfput(pp: P): void {
    pp.gFree.push(pp.id);
    if (pp.gFree.length >= 64) {
      // The list is a stack: the Gs freed last stay on the P.
      this.gFreeGlobal.push(...pp.gFree.splice(0, pp.gFree.length - 31));
    }
  }

  /**
   * proc.go: gfget: a dead G to reuse, refilling the P's list from sched.gFree (up to 32).
   * Returns the P the G last ran on, or −1 when none is free (newproc1 then calls malg).
   */
  gfget(pp: P): number {
    if (pp.gFree.length === 0 && this.gFreeGlobal.length > 0) {
      pp.gFree.push(...this.gFreeGlobal.splice(Math.max(0, this.gFreeGlobal.length - 32)));
    }
    return pp.gFree.pop() ?? -1;
  }

  /**
   * proc.go: wakep: start one spinning M, only when none is spinning and a P is idle
   * ("be conservative about spinning threads").
   */
  wakep(): void {
    if (!this.mainStarted || this.nmspinning !== 0 || this.pidle.length === 0) return;
    this.nmspinning++;
    const pp = this.pidleget()!;
    const mp = this.startm(pp, true);
    if (mp) this.note(-1, `wakep: P${pp.id} was idle and no M was spinning, so M${mp.id} was started spinning to look for work`);
  }

  /** proc.go: resetspinning: a spinning M found work; maybe another M should spin. */
  resetspinning(mp: M): void {
    this.dropSpinning(mp);
    this.wakep();
  }

  /**
   * proc.go: handoffp: a P whose M blocks (syscall retake, a locked G parking, a locked
   * M exiting) goes to a new M if there is work, else back to the idle list. Returns the M.
   */
  handoffp(pp: P): M | null {
    this.host.count('handoffs');
    pp.m = null;
    // if it has local work, start it straight away
    if (!pp.runq.empty || this.globq.length > 0) return this.startm(pp, false);
    // no local work, check that there are no spinning/idle M's, otherwise our help is not required
    if (this.nmspinning + this.npidle === 0) {
      this.nmspinning++;
      return this.startm(pp, true);
    }
    // If this is the last running P and nobody is polling network, need to wakeup another M to poll network.
    // (Go asks only npidle and lastpoll; the started M finds nothing unless I/O is pending or
    // ready, so this model starts it only then, sparing non-network programs an idle M.)
    const netWork = this.netpollWaiters > 0 || this.netpollReady.length > 0;
    if (this.netpollInited && netWork && this.npidle === this.gomaxprocs - 1 && this.lastpoll !== 0) {
      return this.startm(pp, false);
    }
    this.pidleput(pp);
    return null;
  }

  /** proc.go: injectglist: Gs made ready by netpoll; idle Ps get Ms, the rest go local. */
  injectglist(list: TaskId[], pp: P | null): void {
    if (list.length === 0) return;
    for (const g of list) this.gStatus[g] = G_RUNNABLE;
    if (pp === null) {
      for (const g of list) this.globq.push(g);
      this.startIdle(list.length);
      return;
    }
    let n = 0;
    for (; n < this.npidle && n < list.length; n++) this.globq.push(list[n]);
    if (n > 0) this.startIdle(n);
    for (let i = n; i < list.length; i++) this.runqput(pp, list[i], false);
    this.wakep();
  }

  private startIdle(n: number): void {
    for (let i = 0; i < n; i++) {
      const pp = this.pidleget();
      if (pp === null) break;
      this.startm(pp, false);
    }
  }

  /** proc.go: execute: runs g on mp; schedtick counts only slices not inherited (runnext). */
  execute(mp: M, g: TaskId, inheritTime: boolean): void {
    const pp = mp.p!;
    // A G last run (or created) on another P: gogo reads its g and stack from that core's cache.
    if (this.gLastP[g] >= 0 && this.gLastP[g] !== pp.id) mp.owedNs += this.config.runtime.gRemoteNs;
    this.gLastP[g] = pp.id;
    mp.curg = g;
    this.gStatus[g] = G_RUNNING;
    if (!inheritTime) {
      pp.schedtick++;
      pp.sliceSince = this.host.now();
    }
    if (g === 0) this.mainStarted = true;
    this.host.bind(mp.kt, g);
  }

  /**
   * proc.go: startlockedm: g is wired to another M; hand it this M's P, wake it, and
   * park this M. The extra OS thread switch that LockOSThread costs.
   */
  startlockedm(mp: M, g: TaskId): void {
    const lm = this.allm[this.gLockedM[g]];
    const pp = this.releasep(mp);
    lm.nextp = pp;
    pp.m = lm;
    pp.status = P_RUNNING;
    lm.lockedWait = false;
    this.host.count('lockedm_switches');
    this.note(g, `${gName(g)} is locked to M${lm.id} (LockOSThread): M${mp.id} hands P${pp.id} to M${lm.id} and parks, an extra OS thread switch`);
    this.wakeM(lm, this.config.runtime.mWakeNs);
    this.stopm(mp);
  }
}
