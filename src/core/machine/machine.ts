/**
 * The chip: cores × SMT hardware threads. A hardware thread runs at full speed while its
 * siblings are idle; while a sibling is busy, a compute step progresses at the SMT factor
 * of the pair's work kinds (models.md: 0.55 CPU-bound, 0.60 memory-bound, 0.58 mixed,
 * 0.50 vector). Two siblings of one kind compete for the same units: integer ALUs leave a
 * little room (1.10 for the pair), stalls on memory leave more (1.20), and dense FP/SIMD
 * code that keeps the core's vector units busy leaves none (1.00: HPC sites run HPL with
 * one thread per core for that reason). Siblings of different kinds use the mixed factor;
 * an I/O-bound thread waits off the core, so its sibling runs at full speed.
 * Rates change when siblings start or stop, so the engine settles progress and re-plans
 * completion events through `settle` and `rate`.
 */
import type { SimConfig, WorkKind } from '../program';

export const K_CPU = 0;
export const K_MEMORY = 1;
export const K_MIXED = 2;
export const K_VECTOR = 3;

export function kindCode(k: WorkKind): number {
  return k === 'cpu' ? K_CPU : k === 'memory' ? K_MEMORY : k === 'vector' ? K_VECTOR : K_MIXED;
}

export class Machine {
  readonly cores: number;
  readonly smt: number;
  readonly hwCount: number;
  /** Kernel thread on each hardware thread (running or being switched in), -1 idle. */
  readonly kt: Int32Array;
  /** 1 while the hardware thread executes a compute step. */
  readonly computing: Uint8Array;
  readonly kind: Uint8Array;
  readonly rateOf: Float64Array;
  /** Work left on the current compute step, ns at full speed, as of `lastUpdate`. */
  readonly remaining: Float64Array;
  readonly lastUpdate: Float64Array;
  /** Bumped whenever a planned completion event becomes stale. */
  readonly gen: Int32Array;
  readonly busyNs: Float64Array;
  readonly busySince: Float64Array;
  /** Hardware threads with a kernel thread on them (`kt[h] >= 0`): the event loop skips the search for an idle one when all are. */
  occupied = 0;
  private readonly factors: Float64Array;

  constructor(cfg: SimConfig['machine']) {
    this.cores = cfg.cores;
    this.smt = cfg.smt;
    const n = (this.hwCount = cfg.cores * cfg.smt);
    this.kt = new Int32Array(n).fill(-1);
    this.computing = new Uint8Array(n);
    this.kind = new Uint8Array(n);
    this.rateOf = new Float64Array(n).fill(1);
    this.remaining = new Float64Array(n);
    this.lastUpdate = new Float64Array(n);
    this.gen = new Int32Array(n);
    this.busyNs = new Float64Array(n);
    this.busySince = new Float64Array(n);
    this.factors = new Float64Array([cfg.smtFactor.cpu, cfg.smtFactor.memory, cfg.smtFactor.mixed, cfg.smtFactor.vector]);
  }

  coreOf(hw: number): number {
    return (hw / this.smt) | 0;
  }

  /** The speed of `hw`'s compute step given what its siblings do now. */
  rate(hw: number): number {
    if (this.smt === 1) return 1;
    const base = hw - (hw % this.smt);
    let siblingKind = -1;
    for (let s = base; s < base + this.smt; s++) {
      if (s === hw || this.kt[s] < 0) continue;
      const k = this.computing[s] ? this.kind[s] : K_CPU;
      siblingKind = siblingKind === -1 || siblingKind === k ? k : K_MIXED;
    }
    if (siblingKind === -1) return 1;
    const mine = this.kind[hw];
    return this.factors[mine === siblingKind ? mine : K_MIXED];
  }

  /** Brings `remaining` of `hw` up to `now` at its current rate. */
  settle(hw: number, now: number): void {
    if (!this.computing[hw]) return;
    const done = (now - this.lastUpdate[hw]) * this.rateOf[hw];
    this.remaining[hw] = Math.max(0, this.remaining[hw] - done);
    this.lastUpdate[hw] = now;
  }

  /** Completion time of `hw`'s compute step at its current rate (integer ns). */
  finishTime(hw: number, now: number): number {
    const rate = this.rateOf[hw];
    const left = rate === 1 ? this.remaining[hw] : this.remaining[hw] / rate;
    return now + Math.max(1, Math.ceil(left - 1e-9));
  }

  occupy(hw: number, kt: number, now: number): void {
    if (this.kt[hw] < 0 && kt >= 0) {
      this.busySince[hw] = now;
      this.occupied++;
    } else if (this.kt[hw] >= 0 && kt < 0) {
      this.busyNs[hw] += now - this.busySince[hw];
      this.occupied--;
    }
    this.kt[hw] = kt;
  }

  /** Busy time per hardware thread up to `now` (including the current busy stretch). */
  busyUpTo(now: number): number[] {
    const out: number[] = [];
    for (let h = 0; h < this.hwCount; h++) out.push(this.busyNs[h] + (this.kt[h] >= 0 ? now - this.busySince[h] : 0));
    return out;
  }
}
