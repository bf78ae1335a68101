/**
 * `runtime.kind: go`: Go's G/M/P scheduler (runtime/proc.go, Go 1.25) as a Runtime
 * plug-in. Gs are engine tasks, Ms are kernel threads, and an M runs Go code only
 * while it holds one of GOMAXPROCS Ps. See README.md for what is modelled and how.
 */
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import type { BlockReason, KThreadId, MachineOwnership, Runtime, RuntimeHost } from '../runtime';
import { findRunnable, Stealer } from './findrunnable';
import { fmtNs, gName, G_DEAD, G_IO, G_RUNNABLE, G_RUNNING, G_SLEEP, G_SYSCALL, G_WAITING, M, P_RUNNING, P_SYSCALL } from './gmp';
import { inspectSched, ownershipOf, type GoSchedState } from './inspect';
import { Sched } from './sched';
import { Sysmon } from './sysmon';

/** proc.go: newproc1 allocates a 2 KiB stack (stackMin). */
export const GOROUTINE_STACK_BYTES = 2048;
/** models.md: a goroutine costs about 0.3µs to create. */
export const NEWPROC_COST_NS = 300;

export class GoRuntime implements Runtime<GoSchedState> {
  readonly kind: string = 'go';
  readonly taskKind: TaskKind = 'goroutine';
  readonly spawnCostNs = NEWPROC_COST_NS;
  readonly notes: string[] = [];
  private s!: Sched;
  private stealer!: Stealer;
  private sysmon!: Sysmon;

  constructor(private readonly config: SimConfig) {}

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
    if (g < 0) return false;
    return this.run(mp, g);
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
    switch (s.gStatus[task]) {
      case G_SYSCALL: this.exitsyscall(task); return;
      case G_IO:
        s.netpollWaiters--;
        this.netpollReady(task);
        return;
      case G_SLEEP: this.timerReady(task); return;
    }
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
    s.host.wakeThread(mp.kt);
    return true;
  }

  /**
   * time.Sleep's timer fired. Go keeps timers on the P's heap and the P (or an M blocked
   * in netpoll until the next timer, or a thief) runs it: goready → runqput(next=true).
   * Simplified: the timer is an engine timer; its G goes to its P's runnext if that P
   * runs, else to the netpoll M, else an idle P is started for it, else the global queue.
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
    if (this.wakeNetpoller(g)) return;
    const pp = s.pidleTake(sp) ? sp : s.pidleget();
    if (pp === null) {
      s.globrunqput(g);
      return;
    }
    s.runqput(pp, g, true);
    s.startm(pp, false);
  }

  /** proc.go: goschedImpl / gopreempt_m: the G goes to the global queue. */
  onYield(task: TaskId, kt: KThreadId, preempted: boolean): 'os' | 'detach' {
    const s = this.s;
    const mp = s.mOf(kt);
    s.gStatus[task] = G_RUNNABLE;
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
    this.sysmon.onTimer(tag);
  }

  /** The scheduler's state for the debugger's Machine scope and the panel. */
  inspect(): GoSchedState {
    return inspectSched(this.s, this.sysmon);
  }

  /** Which M runs which G and holds which P, for the machine lanes the engine records. */
  ownership(): MachineOwnership {
    return ownershipOf(this.s);
  }
}
