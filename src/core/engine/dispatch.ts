/**
 * The CPU side of the timed model: placing kernel threads on hardware threads (the OS
 * policy's picks, idle-core preference, context switches, slices, preemption) and
 * progressing compute steps at SMT-dependent rates. `TimedModel` (timed.ts) extends it
 * with the event loop and task execution. Stale events are skipped by generation
 * numbers, so re-planning a compute step after an SMT sibling changes speed costs one
 * push and no deletion.
 */
import type { SimConfig } from '../program';
import type { ChoicePoint } from '../run';
import { CacheModel } from '../machine/cache';
import { kindCode, Machine } from '../machine/machine';
import { KThread, KT_RUNNABLE, KT_RUNNING } from '../os/kthread';
import { createPolicy } from '../os/policies';
import type { SchedPolicy } from '../os/policy';
import { E_STOP, E_SWITCH, WHY_PICKED, WHY_SLICE, WHY_WAKE_PREEMPT } from '../trace/events';
import type { TraceLog } from '../trace/log';
import { EventHeap } from './heap';
import { TaskRec, TS_RUNNABLE, TS_RUNNING } from './task';
import type { World } from './world';

export const EV_COMPUTE_DONE = 1;
export const EV_SWITCH_DONE = 2;
export const EV_SLICE = 3;
export const EV_TIMER = 4;
export const EV_THREAD_READY = 5;
export const EV_RUNTIME_TIMER = 6;
export const EV_BOOST = 7;
export const EV_PREEMPT = 8;
/** A timed wait's timeout (a = task, b = its `timeoutSeq`). */
export const EV_WAIT_TIMEOUT = 9;

export type StopReason = 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error';

export abstract class Dispatcher {
  time = 0;
  events = 0;
  stopped: StopReason | null = null;
  error: string | undefined;
  makespan = 0;
  abstract readonly world: World;
  readonly machine: Machine;
  readonly cache: CacheModel;
  readonly policy: SchedPolicy;
  readonly heap = new EventHeap();
  readonly kthreads: KThread[] = [];
  readonly metrics = new Map<string, number>();
  protected readonly sliceGen: Int32Array;
  protected readonly lastKt: Int32Array;
  /** Task executing on each hardware thread (not while switching), −1 none. */
  protected readonly runningTask: Int32Array;
  protected running = 0;
  maxRunning = 0;
  protected woken: KThread[] = [];
  protected boostArmed = false;
  trace: TraceLog | null = null;
  /**
   * Ties in placement (which idle hardware thread, which of equally good runnable
   * threads) go through the chooser as `tie` points when set; null keeps the default
   * order (lowest hardware thread, the policy's FIFO order) without asking: simulation.ts
   * sets it for seeds other than the default, so `--seed` varies timed runs.
   */
  tieChooser: ((point: ChoicePoint) => number) | null = null;
  /** The policy's view of `tieChooser`: candidates as the tasks their threads run. */
  protected readonly policyTie = (cands: readonly KThread[]): number =>
    this.tieChooser!({ kind: 'tie', options: cands.map((k) => k.task) });

  constructor(readonly config: SimConfig) {
    this.machine = new Machine(config.machine);
    this.cache = new CacheModel(config.machine);
    this.policy = createPolicy(config.os, this.machine.hwCount);
    const n = this.machine.hwCount;
    this.sliceGen = new Int32Array(n);
    this.lastKt = new Int32Array(n).fill(-1);
    this.runningTask = new Int32Array(n).fill(-1);
    for (const m of ['context_switches', 'threads_created', 'steals', 'handoffs', 'gil_switches']) this.metrics.set(m, 0);
  }

  /** Runs the kernel thread on `h` until it computes, blocks, yields or exits. */
  protected abstract runKThread(h: number): void;
  /** True while a time-travel pause holds the run at an op boundary. */
  protected abstract isPaused(): boolean;

  count(metric: string, delta = 1): void {
    this.metrics.set(metric, (this.metrics.get(metric) ?? 0) + delta);
  }

  protected armBoost(): void {
    const p = this.policy.boostPeriodNs;
    if (p > 0 && !this.boostArmed) {
      this.boostArmed = true;
      this.heap.push((Math.floor(this.time / p) + 1) * p, EV_BOOST, 0, 0);
    }
  }

  protected boost(): void {
    this.boostArmed = false;
    this.policy.boost(this.time);
    // Re-arm only while something runs or waits, so an idle machine can end (deadlock check).
    if (this.policy.size > 0 || this.running > 0) this.armBoost();
  }

  /** Puts runnable kernel threads on idle hardware threads, then applies wake-up preemption. */
  protected fill(): void {
    const m = this.machine;
    for (;;) {
      let placed = false;
      // No idle hardware thread (m.occupied counts them): nothing to place, no search.
      while (this.policy.size > 0 && m.occupied < m.hwCount) {
        const h = this.idleHw();
        if (h < 0) break;
        this.startOn(h, this.policy.pick(this.time, this.tieChooser !== null ? this.policyTie : undefined)!);
        placed = true;
        if (this.isPaused()) return; // time travel: resumed (and this fill redone) by runSlice
        if (this.stopped !== null) return;
      }
      const woken = this.woken;
      if (woken.length === 0) break;
      this.woken = [];
      for (const k of woken) {
        if (k.state !== KT_RUNNABLE || this.policy.size === 0) continue;
        let victim = -1;
        for (let h = 0; h < m.hwCount; h++) {
          const r = m.kt[h];
          if (r >= 0 && this.policy.preemptsOnWake(k, this.kthreads[r], this.time)) { victim = h; break; }
        }
        if (victim >= 0) {
          this.preempt(victim, false, WHY_WAKE_PREEMPT, k.task);
          placed = true;
        }
      }
      if (!placed) break;
    }
  }

  /** An idle hardware thread, preferring a core whose siblings are all idle (select_idle_core). */
  protected idleHw(): number {
    if (this.tieChooser !== null) return this.idleHwTie();
    const m = this.machine;
    let fallback = -1;
    for (let h = 0; h < m.hwCount; h++) {
      if (m.kt[h] >= 0) continue;
      if (m.smt === 1) return h;
      const base = h - (h % m.smt);
      let coreIdle = true;
      for (let s = base; s < base + m.smt; s++) if (m.kt[s] >= 0) coreIdle = false;
      if (coreIdle) return h;
      if (fallback < 0) fallback = h;
    }
    return fallback;
  }

  /**
   * `idleHw` when ties are chosen: every equally good idle hardware thread (all on idle
   * cores, else all idle ones) is an option, listed lowest first (the default order).
   */
  private idleHwTie(): number {
    const m = this.machine;
    const onIdleCore: number[] = [];
    const idle: number[] = [];
    for (let h = 0; h < m.hwCount; h++) {
      if (m.kt[h] >= 0) continue;
      idle.push(h);
      const base = h - (h % m.smt);
      let coreIdle = true;
      for (let s = base; s < base + m.smt; s++) if (m.kt[s] >= 0) coreIdle = false;
      if (coreIdle) onIdleCore.push(h);
    }
    const options = onIdleCore.length > 0 ? onIdleCore : idle;
    if (options.length <= 1) return options.length === 1 ? options[0] : -1;
    return options[this.tieChooser!({ kind: 'tie', options })];
  }

  protected startOn(h: number, k: KThread): void {
    const m = this.machine;
    k.state = KT_RUNNING;
    k.hw = h;
    k.runSince = this.time; // reset again when the switch completes; a preemption during it charges ~0
    m.occupy(h, k.id, this.time);
    this.replanSiblings(h);
    if (this.lastKt[h] !== k.id && this.config.os.contextSwitchNs > 0) {
      this.count('context_switches');
      this.trace?.record(this.time, E_SWITCH, k.task, h, null, null, WHY_PICKED, this.policy.size);
      this.heap.push(this.time + this.config.os.contextSwitchNs, EV_SWITCH_DONE, h, m.gen[h]);
    } else {
      this.beginRun(h);
    }
  }

  protected beginRun(h: number): void {
    const k = this.kthreads[this.machine.kt[h]];
    k.runSince = this.time;
    this.lastKt[h] = k.id;
    const slice = this.policy.sliceNs(k);
    if (slice !== Infinity) this.heap.push(this.time + slice, EV_SLICE, h, ++this.sliceGen[h]);
    this.runKThread(h);
  }

  protected setRunningTask(h: number, task: number): void {
    const was = this.runningTask[h];
    if (was === task) return;
    if (was >= 0) this.running--;
    if (task >= 0) {
      this.running++;
      if (this.running > this.maxRunning) this.maxRunning = this.running;
    }
    this.runningTask[h] = task;
  }

  /** Frees hardware thread `h`: settles progress, charges the policy, re-plans siblings. */
  protected leaveCpu(h: number, fullSlice: boolean): void {
    const m = this.machine;
    const k = this.kthreads[m.kt[h]];
    if (m.computing[h]) {
      m.settle(h, this.time);
      const t = this.world.tasks[this.runningTask[h]];
      if (t) t.workNs = m.remaining[h];
      m.computing[h] = 0;
    }
    this.setRunningTask(h, -1);
    this.policy.charge(k, this.time - k.runSince, fullSlice);
    m.gen[h]++;
    this.sliceGen[h]++;
    m.occupy(h, -1, this.time);
    this.replanSiblings(h);
  }

  protected preempt(h: number, fullSlice: boolean, why: number, arg: number): void {
    const m = this.machine;
    const k = this.kthreads[m.kt[h]];
    const tid = this.runningTask[h] >= 0 ? this.runningTask[h] : k.task;
    const t = tid >= 0 ? this.world.tasks[tid] : null;
    this.leaveCpu(h, fullSlice);
    if (t && t.state === TS_RUNNING) {
      t.setState(TS_RUNNABLE, this.time);
      this.trace?.record(this.time, E_STOP, t.id, h, null, t.at, why, arg);
    }
    k.state = KT_RUNNABLE;
    this.policy.enqueue(k, this.time, 'preempt');
  }

  protected sliceEnd(h: number): void {
    const m = this.machine;
    const k = this.kthreads[m.kt[h]];
    if (m.computing[h]) {
      m.settle(h, this.time);
      // The step ends at this very instant: let its completion (already queued) go first,
      // so a thread is not preempted just to come back and return.
      if (m.finishTime(h, this.time) <= this.time + 1 && m.remaining[h] < 1) {
        this.heap.push(this.time, EV_SLICE, h, this.sliceGen[h]);
        return;
      }
    }
    if (this.policy.preemptAtSliceEnd(k, this.time)) {
      this.preempt(h, true, WHY_SLICE, this.policy.sliceNs(k));
      return;
    }
    // Nobody better is waiting: account what it ran and give it a fresh slice.
    this.policy.charge(k, this.time - k.runSince, false);
    k.runSince = this.time;
    const slice = this.policy.sliceNs(k);
    if (slice !== Infinity) this.heap.push(this.time + slice, EV_SLICE, h, ++this.sliceGen[h]);
  }

  protected startCompute(h: number, t: TaskRec): void {
    const m = this.machine;
    m.computing[h] = 1;
    m.kind[h] = kindCode(t.workKind);
    m.remaining[h] = t.workNs;
    m.lastUpdate[h] = this.time;
    m.rateOf[h] = m.rate(h);
    this.heap.push(m.finishTime(h, this.time), EV_COMPUTE_DONE, h, ++m.gen[h]);
    if (m.smt > 1) this.replanSiblings(h);
  }

  protected computeDone(h: number): void {
    const m = this.machine;
    m.computing[h] = 0;
    m.remaining[h] = 0;
    const t = this.world.tasks[this.runningTask[h]];
    t.workNs = 0;
    if (m.smt > 1) this.replanSiblings(h);
    this.runKThread(h);
  }

  /** The SMT siblings of `h` changed speed: settle their progress and re-plan completion. */
  protected replanSiblings(h: number): void {
    const m = this.machine;
    if (m.smt === 1) return;
    const base = h - (h % m.smt);
    for (let s = base; s < base + m.smt; s++) {
      if (s === h || !m.computing[s]) continue;
      const r = m.rate(s);
      if (r === m.rateOf[s]) continue;
      m.settle(s, this.time);
      m.rateOf[s] = r;
      this.heap.push(m.finishTime(s, this.time), EV_COMPUTE_DONE, s, ++m.gen[s]);
    }
  }
}
