/**
 * `runtime.kind: go`: Go's G/M/P scheduler (runtime/proc.go, Go 1.25) as a Runtime
 * plug-in. Gs are engine tasks, Ms are kernel threads, and an M runs Go code only
 * while it holds one of GOMAXPROCS Ps. See README.md for what is modelled and how.
 */
import type { Op, SimConfig, SyncAction, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import type { BlockReason, KThreadId, Runtime, RuntimeHost, SchedulerView } from '../runtime';
import { findRunnable, RUNNEXT_SLEEP, Stealer } from './findrunnable';
import { fmtNs, gName, G_DEAD, G_IO, G_RUNNABLE, G_RUNNING, G_SLEEP, G_SYSCALL, G_WAITING, M, P, P_IDLE, P_RUNNING, P_SYSCALL } from './gmp';
import { inspectSched, viewOf, type GoSchedState } from './inspect';
import { pTimersTag, Sched } from './sched';
import { Sysmon } from './sysmon';

/** proc.go: newproc1 allocates a 2 KiB stack (stackMin). */
export const GOROUTINE_STACK_BYTES = 2048;
/** models.md: a goroutine costs about 0.3µs to create (the default of `runtime.newproc`). */
export const NEWPROC_COST_NS = 300;

/** proc.go: active_spin, the most times sync.Mutex spins before it sleeps (lock_futex.go). */
const ACTIVE_SPIN = 4;

/** chan.go's operations: chansend, chanrecv, closechan (a select is selectgo). */
const CHAN_ACTIONS: ReadonlySet<SyncAction> = new Set(['send', 'recv', 'close']);
/** sync.Mutex and sync.RWMutex methods (mutex.go, rwmutex.go). */
const MUTEX_ACTIONS: ReadonlySet<SyncAction> = new Set(['lock', 'unlock', 'try_lock', 'rlock', 'runlock']);

export class GoRuntime implements Runtime<GoSchedState> {
  readonly kind: string = 'go';
  readonly taskKind: TaskKind = 'goroutine';
  readonly spawnCostNs: number;
  /** `count: N` is a loop of N `go` statements: early Gs run, exit and are reused (gfget) while the rest are created. */
  readonly sequentialSpawn = true;
  readonly notes: string[] = [];
  private s!: Sched;
  private stealer!: Stealer;
  private sysmon!: Sysmon;
  /** Gs of the spawn being executed that found no dead G to reuse (gfget): each pays `malgNs`. */
  private freshGs = 0;
  /** Gs of that spawn reused from another P's frees (through sched.gFree): each pays `gRemoteNs`. */
  private remoteGs = 0;

  constructor(private readonly config: SimConfig) {
    this.spawnCostNs = config.runtime.newprocNs;
  }

  start(host: RuntimeHost): void {
    const s = new Sched(host, this.config);
    this.s = s;
    this.stealer = new Stealer(s);
    this.sysmon = new Sysmon(s);
    s.onPAcquired = () => this.sysmon.wake();
    for (const m of ['preemptions', 'global_queue_takes', 'spinning_ms', 'lockedm_switches', 'goroutine_stack_bytes']) host.count(m, 0);
    s.startM0();
    this.sysmon.start();
  }

  /** proc.go: newproc: the new G goes to the creator's runnext; wakep. */
  onSpawn(task: TaskId, parent: TaskId): void {
    const s = this.s;
    s.ensureG(task);
    s.gStatus[task] = G_RUNNABLE;
    s.host.count('goroutine_stack_bytes', GOROUTINE_STACK_BYTES);
    const pp = parent < 0 ? s.allp[0] : s.pOfG(parent);
    // proc.go: newproc1: gfget reuses a dead G and its stack; otherwise malg allocates both.
    // Writing a G that last ran on another P moves its cache lines here first.
    if (parent >= 0) {
      const last = pp === null ? -1 : s.gfget(pp);
      if (last < 0) this.freshGs++;
      else if (last !== pp!.id) this.remoteGs++;
    }
    s.gLastP[task] = pp === null ? -1 : pp.id;
    if (pp === null) {
      s.globrunqput(task);
    } else {
      s.runqput(pp, task, true);
    }
    s.wakep();
  }

  /** proc.go: schedule: an M with no G finds one (or parks). */
  next(kt: KThreadId): boolean {
    const s = this.s;
    const mp = s.mOf(kt);
    if (mp.netpollList !== null) return this.returnFromNetpoll(mp);
    if (mp.p === null) {
      const pp = mp.nextp ?? s.pidleget();
      mp.nextp = null;
      if (pp === null) {
        s.dropSpinning(mp);
        s.stopm(mp);
        return false;
      }
      s.acquirep(mp, pp);
    }
    const g = findRunnable(s, this.stealer, mp);
    if (g === RUNNEXT_SLEEP) {
      s.wakeM(mp, this.config.runtime.runnextStealSleepNs, false);
      return false;
    }
    mp.sleptForRunnext = false;
    if (g < 0) return false;
    return this.run(mp, g);
  }

  /**
   * What the op just executed cost in the runtime: a channel operation (chan.go), the
   * futexwakeups of Ms it woke (wakep → startm), a fresh G's stack (malg). When the G
   * blocked, its M pays it on its next switch instead.
   */
  opCostNs(task: TaskId, op: Op, blocked: boolean): number {
    const s = this.s;
    const rt = this.config.runtime;
    let ns = s.chargeNs;
    s.chargeNs = 0;
    if ((op.op === 'sync' && CHAN_ACTIONS.has(op.action)) || op.op === 'select') ns += rt.chanOpNs;
    else if (op.op === 'sync' && MUTEX_ACTIONS.has(op.action)) ns += rt.mutexOpNs;
    else if (op.op === 'spawn') {
      ns += this.freshGs * rt.malgNs + this.remoteGs * rt.gRemoteNs;
      this.freshGs = 0;
      this.remoteGs = 0;
    }
    if (!blocked) return ns;
    const kt = s.host.threadOf(task);
    if (kt >= 0) s.mOf(kt).owedNs += ns;
    return 0;
  }

  /** proc.go: schedule → execute → gogo on `kt`'s M, plus what the G before left it owing (gopark, goexit0). */
  switchCostNs(_task: TaskId, kt: KThreadId): number {
    const s = this.s;
    const mp = s.mOf(kt);
    const ns = this.config.runtime.gSwitchNs + mp.owedNs + s.chargeNs;
    mp.owedNs = 0;
    s.chargeNs = 0;
    return ns;
  }

  /** schedule's tail: resetspinning, then execute, or hand off to a locked M. */
  private run(mp: M, g: TaskId): boolean {
    const s = this.s;
    if (mp.spinning) s.resetspinning(mp);
    const lm = s.gLockedM[g];
    if (lm >= 0 && lm !== mp.id) {
      s.startlockedm(mp, g);
      return false;
    }
    s.execute(mp, g, s.inheritTime);
    return true;
  }

  /** proc.go: findRunnable after a blocking netpoll returned Gs: take an idle P, or inject them and park. */
  private returnFromNetpoll(mp: M): boolean {
    const s = this.s;
    const list = mp.netpollList!;
    mp.netpollList = null;
    if (s.netpollM === mp) s.netpollM = null;
    s.lastpoll = s.host.now();
    const pp = mp.p ?? s.pidleget();
    if (pp === null) {
      s.injectglist(list, null);
      s.stopm(mp);
      return false;
    }
    if (mp.p === null) s.acquirep(mp, pp);
    const g = list.shift()!;
    s.injectglist(list, pp);
    s.gStatus[g] = G_RUNNABLE;
    s.inheritTime = false;
    s.note(g, `M${mp.id} was blocked in netpoll with no P; ${gName(g)} became ready, so it took idle P${pp.id} to run it`);
    return this.run(mp, g);
  }

  mayRun(_task: TaskId, kt: KThreadId): boolean {
    const mp = this.s.mOf(kt);
    if (mp.p !== null) return true;
    if (mp.nextp === null) return false;
    // A locked M woken by startlockedm: acquire the P it was handed and run its G.
    const pp = mp.nextp;
    mp.nextp = null;
    this.s.acquirep(mp, pp);
    this.s.execute(mp, mp.curg, false);
    return true;
  }

  onBlock(task: TaskId, kt: KThreadId, reason: BlockReason): 'thread' | 'detach' {
    const s = this.s;
    const mp = s.mOf(kt);
    if (reason === 'syscall') {
      this.entersyscall(mp, task);
      return 'thread';
    }
    if (reason === 'io') {
      s.gStatus[task] = G_IO;
      s.netpollInited = true;
      s.netpollWaiters++;
    } else if (reason === 'sleep') {
      s.gStatus[task] = G_SLEEP;
      s.gSleepP[task] = mp.p ? mp.p.id : 0;
    } else {
      s.gStatus[task] = G_WAITING;
    }
    if (s.gLockedM[task] >= 0) {
      // proc.go: stoplockedm: the M keeps its G, hands its P off and sleeps.
      mp.lockedWait = true;
      const pp = s.releasep(mp);
      const nm = s.handoffp(pp);
      s.note(task, `${gName(task)} is locked to M${mp.id} and blocked, so M${mp.id} sleeps with it and hands P${pp.id} off` +
        (nm ? ` to M${nm.id}` : ' (no work: P goes idle)'));
      return 'thread';
    }
    mp.curg = -1;
    return 'detach';
  }

  /** proc.go: entersyscall: the M keeps its G and its P, which enters syscall state. */
  private entersyscall(mp: M, g: TaskId): void {
    const s = this.s;
    const pp = mp.p!;
    s.gStatus[g] = G_SYSCALL;
    pp.status = P_SYSCALL;
    pp.syscalltick++;
    mp.oldp = pp;
    mp.p = null;
    mp.syscallSince = s.host.now();
  }

  onReady(task: TaskId, waker = -1): void {
    const s = this.s;
    if (waker < 0) {
      this.readyByTimer(task);
      // A timer or an I/O completion, not a G: nobody's CPU pays the futexwakeups.
      s.chargeNs = 0;
      return;
    }
    this.readyByG(task, waker);
  }

  private readyByTimer(task: TaskId): void {
    const s = this.s;
    switch (s.gStatus[task]) {
      case G_SYSCALL: this.exitsyscall(task); return;
      case G_IO:
        s.netpollWaiters--;
        this.netpollReady(task);
        return;
      case G_SLEEP: this.timerReady(task); return;
    }
    this.readyByG(task, -1);
  }

  private readyByG(task: TaskId, waker: TaskId): void {
    const s = this.s;
    // proc.go: ready → runqput(pp, gp, next=true) on the waker's P (chan.go: send → goready), then wakep.
    s.gStatus[task] = G_RUNNABLE;
    const pp = s.pOfG(waker);
    if (pp !== null) s.runqput(pp, task, true);
    else s.globrunqput(task);
    s.wakep();
  }

  /** proc.go: exitsyscall: the old P if sysmon left it, else an idle P, else the global queue. */
  private exitsyscall(g: TaskId): void {
    const s = this.s;
    const mp = s.mOf(s.host.threadOf(g));
    const oldp = mp.oldp;
    mp.oldp = null;
    const took = s.host.now() - mp.syscallSince;
    // exitsyscallfast: the P is still in syscall state and ours
    if (oldp !== null && oldp.status === P_SYSCALL && oldp.m === mp) {
      oldp.status = P_RUNNING;
      oldp.syscalltick++;
      mp.p = oldp;
      s.gStatus[g] = G_RUNNING;
      s.host.wakeThread(mp.kt);
      return;
    }
    const pp = s.pidleget();
    if (pp !== null) {
      // proc.go: exitsyscallfast_pidle: notewakeup(&sched.sysmonnote), a syscall wake-up.
      s.sysmonSyscallWake = true;
      s.acquirep(mp, pp);
      s.gStatus[g] = G_RUNNING;
      s.note(g, `${gName(g)}'s syscall returned after ${fmtNs(took)}; sysmon had retaken P${oldp ? oldp.id : '?'}, so M${mp.id} took idle P${pp.id}`);
      s.host.wakeThread(mp.kt);
      return;
    }
    // exitsyscall0: no P: the G goes to the global queue and the M parks.
    s.gStatus[g] = G_RUNNABLE;
    s.globrunqput(g);
    s.note(g, `${gName(g)}'s syscall returned after ${fmtNs(took)} but no P was free; it goes to the global queue and M${mp.id} parks`);
    if (s.gLockedM[g] >= 0) {
      mp.lockedWait = true;
      return;
    }
    mp.curg = -1;
    s.host.bind(mp.kt, -1);
    s.stopm(mp);
  }

  /** netpoll.go: the G's I/O is ready. An M blocked in netpoll wakes; else it waits for the next poll. */
  private netpollReady(g: TaskId): void {
    const s = this.s;
    if (this.wakeNetpoller(g)) return;
    s.netpollReady.push(g);
    // With every P idle, some M is always blocked in netpoll (findRunnable's last step);
    // this guard only keeps a G from being stranded if that ever did not hold.
    if (s.npidle === s.gomaxprocs) {
      const list = s.netpollReady;
      s.netpollReady = [];
      s.injectglist(list, null);
    }
  }

  /** The M blocked in netpoll (or already waking from it) takes `g`. */
  private wakeNetpoller(g: TaskId): boolean {
    const s = this.s;
    const mp = s.netpollM;
    if (mp === null) return false;
    if (mp.netpollList !== null) {
      mp.netpollList.push(g);
      return true;
    }
    mp.inNetpoll = false;
    mp.netpollList = [g];
    s.lastpoll = s.host.now();
    // netpoll.go: netpollBreak (or epoll_wait's own return): the M wakes after its latency.
    s.wakeM(mp, this.config.runtime.mWakeNs);
    return true;
  }

  /**
   * time.Sleep's timer fired. Go keeps timers on the P's heap and the P (or an M blocked
   * in netpoll until the next timer, or a thief) runs it: goready → runqput(next=true).
   * Simplified: the timer is an engine timer; its G goes to its P's runnext if that P
   * runs. Otherwise the P's M is asleep until the deadline: it runs after its wake-up
   * latency (`runtime.m_wake`), and proc.go checkTimers then runs every timer expired by
   * then in one pass, each goready into runnext, so the last one readied runs first.
   */
  private timerReady(g: TaskId): void {
    const s = this.s;
    s.gStatus[g] = G_RUNNABLE;
    const sp = s.allp[s.gSleepP[g]] ?? s.allp[0];
    if (sp.status === P_RUNNING && sp.m !== null && sp.m.p === sp) {
      s.runqput(sp, g, true);
      s.wakep();
      return;
    }
    sp.expiredTimers.push(g);
    if (sp.expiredTimers.length > 1) return;
    const now = s.host.now();
    const at = this.epollWake(now);
    if (at > now) {
      s.note(g, `${gName(g)}'s timer expired with every P idle: the idle M waits for timers in epoll_wait, whose timeout is ` +
        `whole milliseconds (netpoll_epoll.go: netpoll), so it runs the timer ${fmtNs(at - now)} late`);
    }
    s.host.setTimer(at + this.config.runtime.mWakeNs, pTimersTag(sp));
  }

  /**
   * With every P idle, an M waits for the next timer in netpoll (proc.go: findRunnable,
   * `netpoll(delay)` with delay = pollUntil − now), and netpoll_epoll.go: netpoll turns the
   * delay into epoll_wait's timeout in whole milliseconds: `delay < 1e6` → 1 ms, else
   * delay / 1e6 rounded down; woken early, findRunnable polls again with what is left. So
   * a 100 µs time.Sleep takes 1 ms, a 1.5 ms one 2 ms (real Go 1.19 here: 1.1-1.3 ms and
   * 2.3 ms, loaded). Each timeout ends the thread's timer slack late (Linux timer_slack_ns,
   * 50 µs: runtime.sysmon_slack). Returns when the M wakes for a timer due
   * at `deadline` (now); `deadline` itself when some P runs (its M runs the timer, as before).
   */
  private epollWake(deadline: number): number {
    const s = this.s;
    const since = s.allIdleSince;
    if (since < 0 || since >= deadline) return deadline;
    let t = since;
    while (t < deadline) {
      const delay = deadline - t;
      t += (delay < 1e6 ? 1e6 : Math.floor(delay / 1e6) * 1e6) + this.config.runtime.sysmonSlackNs;
    }
    return t;
  }

  /** proc.go: checkTimers on `sp` once its M woke: goready each expired sleeper (runnext), oldest first. */
  private runExpiredTimers(sp: P): void {
    const s = this.s;
    const list = sp.expiredTimers;
    sp.expiredTimers = [];
    if (list.length === 0) return;
    if (sp.status === P_RUNNING && sp.m !== null && sp.m.p === sp) {
      for (const g of list) s.runqput(sp, g, true);
      s.wakep();
      return;
    }
    // An M blocked in netpoll until this deadline: it returns with the Gs, the last readied first.
    if (s.netpollM !== null && s.netpollM.netpollList === null) {
      const mp = s.netpollM;
      mp.inNetpoll = false;
      mp.netpollList = [...list].reverse();
      s.lastpoll = s.host.now();
      s.host.wakeThread(mp.kt);
      return;
    }
    const pp = sp.status === P_IDLE && s.pidleTake(sp) ? sp : s.pidleget();
    if (pp === null) {
      for (const g of list) s.globrunqput(g);
      return;
    }
    for (const g of list) s.runqput(pp, g, true);
    const mp = s.startm(pp, false);
    // The wake-up latency was the wait for this pass: the M runs now.
    if (mp !== null && mp.waking) this.wakeNow(mp);
  }

  private wakeNow(mp: M): void {
    mp.waking = false;
    this.s.host.wakeThread(mp.kt);
  }

  /**
   * proc.go: sync_runtime_canSpin: spin at most active_spin (4) times, only on a multicore
   * machine, with GOMAXPROCS > 1 and another P running (not idle, not spinning), and an
   * empty local run queue; each spin is procyield(30) (`runtime.mutex_spin`).
   */
  mutexSpinNs(task: TaskId, iter: number): number {
    const s = this.s;
    const m = this.config.machine;
    if (iter >= ACTIVE_SPIN || m.cores * m.smt <= 1 || s.gomaxprocs <= s.npidle + s.nmspinning + 1) return 0;
    const pp = s.pOfG(task);
    if (pp === null || !pp.runq.empty) return 0;
    return this.config.runtime.mutexSpinNs;
  }

  /**
   * proc.go: goschedImpl / gopreempt_m: the G goes to the global queue. After a starvation
   * handoff (sema.go: semrelease1 → goyield) it goes to the tail of its P's local queue,
   * and the P runs the waiter it just readied (runnext).
   */
  onYield(task: TaskId, kt: KThreadId, preempted: boolean, handoff = false): 'os' | 'detach' {
    const s = this.s;
    const mp = s.mOf(kt);
    s.gStatus[task] = G_RUNNABLE;
    if (handoff && mp.p !== null && s.gLockedM[task] < 0) {
      s.runqput(mp.p, task, false);
      s.note(task, `${gName(task)} handed the mutex to its waiter in starvation mode and yields its P to it (sema.go: semrelease1 → goyield)`);
      mp.curg = -1;
      return 'detach';
    }
    s.globrunqput(task);
    if (preempted) s.host.count('preemptions');
    else s.note(task, `${gName(task)} called Gosched; it goes to the global queue`);
    if (s.gLockedM[task] >= 0) {
      // A locked G leaves its M too: stoplockedm hands the P off; the M waits for its G.
      mp.lockedWait = true;
      s.handoffp(s.releasep(mp));
      return 'os';
    }
    mp.curg = -1;
    s.wakep();
    return 'detach';
  }

  /** proc.go: goexit0: the M schedules again; a G that exits locked takes its thread with it. */
  onExit(task: TaskId, kt: KThreadId): void {
    const s = this.s;
    const mp = s.mOf(kt);
    s.gStatus[task] = G_DEAD;
    mp.curg = -1;
    // proc.go: goexit0: the M pays it before its next G; gfput keeps the G for reuse.
    mp.owedNs += this.config.runtime.goexitNs;
    if (mp.p !== null) s.gfput(mp.p);
    if (s.gLockedM[task] >= 0) {
      s.gLockedM[task] = -1;
      mp.lockedg = -1;
      const pp = mp.p !== null ? s.releasep(mp) : null;
      s.host.exitThread(kt);
      s.note(task, `${gName(task)} exited while locked to M${mp.id}, so the thread exits too (mexit)` +
        (pp ? ` and P${pp.id} is handed off` : ''));
      if (pp) s.handoffp(pp);
    }
  }

  /** proc.go: LockOSThread / UnlockOSThread. */
  onLockOSThread(task: TaskId, locked: boolean): void {
    const s = this.s;
    const mp = s.mOf(s.host.threadOf(task));
    if (locked) {
      mp.lockedg = task;
      s.gLockedM[task] = mp.id;
    } else if (mp.lockedg === task) {
      mp.lockedg = -1;
      s.gLockedM[task] = -1;
    }
  }

  onTimer(tag: number): void {
    const s = this.s;
    if (tag >= 0) this.sysmon.onTimer(tag);
    else if (tag > -1_000_000) {
      const mp = s.allm[-1 - tag];
      if (mp.waking) this.wakeNow(mp);
    } else {
      this.runExpiredTimers(s.allp[-1_000_000 - tag]);
    }
    // sysmon's and the timers' own work is nobody's G's CPU time.
    s.chargeNs = 0;
  }

  /** The scheduler's state for the debugger's Machine scope and the panel. */
  inspect(): GoSchedState {
    return inspectSched(this.s, this.sysmon);
  }

  /** Ms, Ps, their queues and the netpoller, which the engine records into a traced run. */
  view(queues: boolean): SchedulerView {
    return viewOf(this.s, queues);
  }
}
