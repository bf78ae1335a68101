/**
 * proc.go: findRunnable and its work stealing (stealWork, runqsteal, runqgrab), run by
 * an M that holds a P and has no G. The simulation executes it in one instant: there
 * are no concurrent submitters, so Go's re-checks after dropping the spinning state
 * (which close races between atomics) find nothing new and are left out.
 */
import type { TaskId } from '../../program';
import { gName, M, P, P_RUNNING } from './gmp';
import type { Sched } from './sched';

/** findRunnable's answer when the M sleeps in runqgrab before stealing a running P's runnext. */
export const RUNNEXT_SLEEP = -2;

/** proc.go: stealWork: `const stealTries = 4`. */
const STEAL_TRIES = 4;

/** proc.go: randomOrder: the numbers below `count` coprime to it (the walk strides). */
export function coprimes(count: number): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const out: number[] = [];
  for (let i = 1; i <= count; i++) if (gcd(i, count) === 1) out.push(i);
  return out;
}

export class Stealer {
  private readonly strides: number[];
  /** One option per (start P, stride): the random walk of stealOrder.start(cheaprand()). */
  private readonly options: number[] = [];

  constructor(private readonly s: Sched) {
    this.strides = coprimes(s.gomaxprocs);
    for (let k = 0; k < this.strides.length; k++) for (let p = 0; p < s.gomaxprocs; p++) this.options.push(p);
  }

  /**
   * proc.go: stealWork: 4 passes over the Ps in a random order (start and coprime stride
   * drawn through the recorded chooser); a victim's runnext only on the last pass.
   * P timer heaps are not modelled (timers are engine timers), so no timers are stolen.
   */
  stealWork(mp: M, pp: P): TaskId {
    const s = this.s;
    const n = s.gomaxprocs;
    if (n === 1) return -1;
    for (let i = 0; i < STEAL_TRIES; i++) {
      const stealRunNextG = i === STEAL_TRIES - 1;
      const r = s.host.choose({ kind: 'steal', options: this.options });
      let pos = this.options[r];
      const inc = this.strides[Math.floor(r / n)];
      for (let k = 0; k < n; k++, pos = (pos + inc) % n) {
        const p2 = s.allp[pos];
        if (p2 === pp || p2.runq.empty) continue;
        const g = this.runqsteal(mp, pp, p2, stealRunNextG);
        if (g >= 0 || g === RUNNEXT_SLEEP) return g;
      }
    }
    return -1;
  }

  /**
   * proc.go: runqsteal / runqgrab: take half (rounded up) of p2's queue, or its runnext
   * on the last pass; the last G taken is run, the others go to pp's queue.
   */
  private runqsteal(mp: M, pp: P, p2: P, stealRunNextG: boolean): TaskId {
    const s = this.s;
    const len = p2.runq.length;
    let grabbed: TaskId[];
    let fromRunnext = false;
    if (len > 0) {
      grabbed = p2.runq.takeHead(len - Math.floor(len / 2));
    } else if (stealRunNextG && p2.runq.runnext >= 0) {
      // proc.go: runqgrab: "Sleep to ensure that pp isn't about to run the g we are about to
      // steal": usleep(3) when p2 is running (tens of µs with timer slack). The M sleeps
      // holding its P and spinning, then runs findRunnable again (simplified: Go goes on
      // with the same steal) and may take the runnext if p2 has not run it meanwhile.
      if (p2.status === P_RUNNING && !mp.sleptForRunnext && s.config.runtime.runnextStealSleepNs > 0) {
        mp.sleptForRunnext = true;
        s.note(p2.runq.runnext, `M${mp.id} found only P${p2.id}'s runnext (${gName(p2.runq.runnext)}) to steal; P${p2.id} is running, ` +
          `so it first sleeps (runqgrab: usleep(3)) to let P${p2.id} run it`);
        return RUNNEXT_SLEEP;
      }
      grabbed = [p2.runq.runnext];
      p2.runq.runnext = -1;
      fromRunnext = true;
    } else {
      return -1;
    }
    const g = grabbed.pop()!;
    for (const b of grabbed) pp.runq.pushTail(b);
    const k = grabbed.length + 1;
    s.host.count('steals');
    s.host.count('stolen_gs', k);
    s.note(g, `P${pp.id}'s queue was empty; M${mp.id} stole ${k} G${k > 1 ? 's' : ''} from P${p2.id}` +
      `${fromRunnext ? "'s runnext (last pass)" : ''} and runs ${gName(g)}`);
    return g;
  }
}

/**
 * proc.go: findRunnable. Returns the G for `mp` to run (s.inheritTime set), or −1 after
 * releasing the P to the idle list and parking the M (stopm), or blocking it in netpoll,
 * or RUNNEXT_SLEEP: the M sleeps in runqgrab, keeping its P, and looks again afterwards.
 */
export function findRunnable(s: Sched, stealer: Stealer, mp: M): TaskId {
  const pp = mp.p!;
  // 1. Check the global runnable queue once in a while to ensure fairness.
  if (pp.schedtick % 61 === 0 && s.globq.length > 0) {
    const g = s.globrunqget(pp, 1);
    if (g >= 0) {
      s.note(g, `P${pp.id}'s schedtick is a multiple of 61, so it takes ${gName(g)} from the global queue first (fairness)`);
      return g;
    }
  }
  // 2. local runq: runnext, then the queue
  let g = s.runqget(pp);
  if (g >= 0) return g;
  // 3. global runq: a batch
  if (s.globq.length > 0) {
    g = s.globrunqget(pp, 0);
    if (g >= 0) return g;
  }
  // 4. Poll network (non-blocking), when no M is blocked in netpoll.
  if (s.netpollInited && s.netpollReady.length > 0 && s.lastpoll !== 0) {
    const list = s.netpollReady;
    s.netpollReady = [];
    s.lastpoll = s.host.now();
    g = list.shift()!;
    s.injectglist(list, pp);
    s.inheritTime = false;
    s.note(g, `P${pp.id} had no queued work; M${mp.id} polled the network and found ${gName(g)}'s I/O ready` +
      (list.length > 0 ? ` (and ${list.length} more)` : ''));
    return g;
  }
  // 5. Spinning Ms: steal work from other Ps (limit the number of spinning Ms to half the busy Ps).
  if (mp.spinning || 2 * s.nmspinning < s.gomaxprocs - s.npidle) {
    if (!mp.spinning) s.becomeSpinning(mp);
    g = stealer.stealWork(mp, pp);
    if (g === RUNNEXT_SLEEP) return g;
    if (g >= 0) {
      mp.sleptForRunnext = false;
      s.inheritTime = false;
      return g;
    }
  }
  mp.sleptForRunnext = false;
  // 6. Nothing to do: release the P, stop spinning, block in netpoll or park (stopm).
  s.pidleput(s.releasep(mp));
  s.dropSpinning(mp);
  if (s.netpollInited && s.netpollWaiters > 0 && s.lastpoll !== 0) {
    s.lastpoll = 0;
    mp.inNetpoll = true;
    mp.curg = -1;
    s.netpollM = mp;
    return -1;
  }
  s.stopm(mp);
  return -1;
}
