/** The five scheduling policies of models.md over one global run queue. */
import type { SimConfig } from '../program';
import type { KThread } from './kthread';
import { MAX_TIE, type SchedPolicy, type TieBreak } from './policy';
import { KThreadHeap } from './kthread-heap';

/** FIFO queue for round-robin and fifo: an array with a moving head. */
class FifoQueue {
  private items: KThread[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(kt: KThread): void {
    this.items.push(kt);
  }
  shift(): KThread | null {
    if (this.head >= this.items.length) return null;
    const kt = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return kt;
  }
}

/**
 * `fair`: EEVDF-like. The least virtual runtime runs first; a woken or new thread starts
 * at the queue's minimum vruntime so it neither starves others nor is starved
 * (kernel/sched/fair.c: place_entity). The slice is the base slice scaled by
 * 1 + log2(min(CPUs, 8)) (sysctl_sched_base_slice × the tunable scaling factor).
 * Simplification: no lag and no eligibility test, equal weights (nice 0 for all).
 */
class FairPolicy implements SchedPolicy {
  private readonly q = new KThreadHeap((a, b) => a.vruntime < b.vruntime || (a.vruntime === b.vruntime && a.seq < b.seq));
  private seq = 0;
  private minVruntime = 0;
  private readonly slice: number;
  readonly boostPeriodNs = 0;
  constructor(hwThreads: number) {
    this.slice = fairSliceNs(hwThreads);
  }
  get size(): number {
    return this.q.size;
  }
  enqueue(kt: KThread, _now: number, why: 'new' | 'wake' | 'preempt' | 'yield'): void {
    if (why === 'new' || why === 'wake') kt.vruntime = Math.max(kt.vruntime, this.minVruntime);
    kt.seq = this.seq++;
    this.q.push(kt);
  }
  pick(_now: number, tie?: TieBreak): KThread | null {
    let kt = this.q.pop();
    if (kt && tie && this.q.size > 0 && this.q.peek()!.vruntime === kt.vruntime) {
      // Equal vruntime: fair.c orders them by the rbtree's insertion; here the chooser
      // may pick any of them (seeded runs), the default order being the same as fair.c's.
      const equals = [kt];
      while (equals.length < MAX_TIE && this.q.size > 0 && this.q.peek()!.vruntime === kt.vruntime) equals.push(this.q.pop()!);
      kt = equals[tie(equals)];
      for (const e of equals) if (e !== kt) this.q.push(e);
    }
    if (kt && kt.vruntime > this.minVruntime) this.minVruntime = kt.vruntime;
    return kt;
  }
  sliceNs(): number {
    return this.slice;
  }
  charge(kt: KThread, ranNs: number): void {
    kt.vruntime += ranNs;
  }
  preemptAtSliceEnd(running: KThread, now: number): boolean {
    const next = this.q.peek();
    return next !== null && next.vruntime <= running.vruntime + (now - running.runSince);
  }
  preemptsOnWake(): boolean {
    return false;
  }
  boost(): void {}
}

/** `round-robin` (quantum) and `fifo` (no slice: runs until it blocks or yields). */
class QueuePolicy implements SchedPolicy {
  private readonly q = new FifoQueue();
  readonly boostPeriodNs = 0;
  constructor(private readonly quantum: number) {}
  get size(): number {
    return this.q.size;
  }
  enqueue(kt: KThread): void {
    this.q.push(kt);
  }
  pick(): KThread | null {
    return this.q.shift();
  }
  sliceNs(): number {
    return this.quantum;
  }
  charge(): void {}
  preemptAtSliceEnd(): boolean {
    return this.q.size > 0;
  }
  preemptsOnWake(): boolean {
    return false;
  }
  boost(): void {}
}

/**
 * `priority`: the highest priority runs first, FIFO among equals, and a woken thread of
 * higher priority preempts at once (SCHED_FIFO-like across priorities, round-robin with
 * the quantum within one). With aging, a waiting thread gains one level per `agingNs`.
 */
class PriorityPolicy implements SchedPolicy {
  private readonly q: KThread[] = [];
  private seq = 0;
  readonly boostPeriodNs = 0;
  constructor(private readonly quantum: number, private readonly agingNs: number) {}
  get size(): number {
    return this.q.length;
  }
  private effective(kt: KThread, now: number): number {
    return this.agingNs > 0 ? kt.level + Math.floor((now - kt.readySince) / this.agingNs) : kt.level;
  }
  private best(now: number): number {
    let bi = -1;
    let bp = -Infinity;
    for (let i = 0; i < this.q.length; i++) {
      const p = this.effective(this.q[i], now);
      if (p > bp || (p === bp && this.q[i].seq < this.q[bi].seq)) {
        bp = p;
        bi = i;
      }
    }
    return bi;
  }
  enqueue(kt: KThread, now: number): void {
    kt.readySince = now;
    kt.seq = this.seq++;
    this.q.push(kt);
  }
  pick(now: number, tie?: TieBreak): KThread | null {
    let i = this.best(now);
    if (i < 0) return null;
    if (tie) {
      // Equal effective priority: FIFO by default, any of the longest-waiting equals when seeded.
      const p = this.effective(this.q[i], now);
      const equals: number[] = [];
      for (let j = 0; j < this.q.length; j++) if (this.effective(this.q[j], now) === p) equals.push(j);
      if (equals.length > 1) {
        equals.sort((a, b) => this.q[a].seq - this.q[b].seq);
        equals.length = Math.min(equals.length, MAX_TIE);
        i = equals[tie(equals.map((j) => this.q[j]))];
      }
    }
    return this.q.splice(i, 1)[0];
  }
  sliceNs(): number {
    return this.quantum;
  }
  charge(): void {}
  preemptAtSliceEnd(running: KThread, now: number): boolean {
    const i = this.best(now);
    return i >= 0 && this.effective(this.q[i], now) >= running.level;
  }
  preemptsOnWake(woken: KThread, running: KThread): boolean {
    return woken.level > running.level;
  }
  boost(): void {}
}

/**
 * `mlfq`: three levels; level k has a slice of quantum × 2^k. A thread that uses its
 * whole slice drops a level; one that blocks first keeps it. Every `boostNs` all threads
 * go back to the top level, so long-running ones cannot starve (OSTEP ch. 8, rule 5).
 */
class MlfqPolicy implements SchedPolicy {
  static readonly LEVELS = 3;
  private readonly queues = [new FifoQueue(), new FifoQueue(), new FifoQueue()];
  private readonly all = new Set<KThread>();
  constructor(private readonly quantum: number, readonly boostPeriodNs: number) {}
  get size(): number {
    return this.queues[0].size + this.queues[1].size + this.queues[2].size;
  }
  enqueue(kt: KThread, _now: number, why: 'new' | 'wake' | 'preempt' | 'yield'): void {
    if (why === 'new') kt.level = 0;
    this.all.add(kt);
    this.queues[kt.level].push(kt);
  }
  pick(): KThread | null {
    for (const q of this.queues) {
      const kt = q.shift();
      if (kt) return kt;
    }
    return null;
  }
  sliceNs(kt: KThread): number {
    return this.quantum * (1 << kt.level);
  }
  charge(kt: KThread, _ran: number, fullSlice: boolean): void {
    if (fullSlice && kt.level < MlfqPolicy.LEVELS - 1) kt.level++;
  }
  preemptAtSliceEnd(running: KThread): boolean {
    for (let l = 0; l <= Math.min(running.level + 1, MlfqPolicy.LEVELS - 1); l++) if (this.queues[l].size > 0) return true;
    return false;
  }
  preemptsOnWake(woken: KThread, running: KThread): boolean {
    return woken.level < running.level;
  }
  boost(): void {
    const waiting: KThread[] = [];
    for (const q of this.queues) for (let kt = q.shift(); kt; kt = q.shift()) waiting.push(kt);
    for (const kt of this.all) kt.level = 0;
    for (const kt of waiting) this.queues[0].push(kt);
  }
}

/** `fair`'s slice on `hwThreads` CPUs: the base slice (0.7 ms) × (1 + log2(min(CPUs, 8))). */
function fairSliceNs(hwThreads: number): number {
  return Math.round(700_000 * (1 + Math.log2(Math.min(hwThreads, 8))));
}

/**
 * The longest turn a policy gives one thread while others wait: what a fair share is
 * measured in (analysis/starvation.ts). Undefined for `fifo`, which has no slice: a thread
 * runs until it blocks, and those queued behind it wait their turn (a convoy).
 * `priority`: the quantum among equals; `mlfq`: the slice of its lowest level (quantum × 4).
 */
export function turnNs(os: SimConfig['os'], hwThreads: number): number | undefined {
  switch (os.policy) {
    case 'fair': return fairSliceNs(hwThreads);
    case 'round-robin': return os.quantumNs;
    case 'fifo': return undefined;
    case 'priority': return os.quantumNs;
    case 'mlfq': return os.quantumNs * 4;
  }
}

export function createPolicy(os: SimConfig['os'], hwThreads: number): SchedPolicy {
  switch (os.policy) {
    case 'fair': return new FairPolicy(hwThreads);
    case 'round-robin': return new QueuePolicy(os.quantumNs);
    case 'fifo': return new QueuePolicy(Infinity);
    case 'priority': return new PriorityPolicy(os.quantumNs, os.agingNs);
    case 'mlfq': return new MlfqPolicy(os.quantumNs, os.boostNs);
  }
}
