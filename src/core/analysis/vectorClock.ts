import type { TaskId } from '../program';

/** Task ids below this live in a dense array; the rest as pairs, so a clock costs what it holds. */
const DENSE = 256;
/** Above this many high entries, a map (joining a small clock into a big one costs the small one). */
const FEW = 8;

/**
 * A vector clock over task ids: entry t is the last step of task t that is known to happen
 * before the holder's current point. Missing entries are 0. Growable, because tasks are
 * created during a run. The first DENSE ids are a plain array (the common case, and the
 * fast one); higher ids are a few (id, value) pairs, or a map once there are many, so the
 * clock of goroutine 99,999, which knows only main and itself, holds two entries instead
 * of 100,000, and joining it into another clock costs what it holds.
 */
export class VectorClock {
  private entries: number[] = [];
  /** High ids: flat [id, value, id, value, ...] while few. */
  private pairs: number[] | null = null;
  private high: Map<TaskId, number> | null = null;

  constructor(entries: readonly number[] = []) {
    for (let i = 0; i < entries.length; i++) if (entries[i] > 0) this.set(i, entries[i]);
  }

  get(task: TaskId): number {
    if (task < DENSE) return this.entries[task] ?? 0;
    if (this.high) return this.high.get(task) ?? 0;
    const p = this.pairs;
    if (p) for (let k = 0; k < p.length; k += 2) if (p[k] === task) return p[k + 1];
    return 0;
  }

  set(task: TaskId, value: number): void {
    if (task < DENSE) {
      while (this.entries.length <= task) this.entries.push(0);
      this.entries[task] = value;
      return;
    }
    if (this.high) {
      this.high.set(task, value);
      return;
    }
    const p = (this.pairs ??= []);
    for (let k = 0; k < p.length; k += 2) {
      if (p[k] === task) {
        p[k + 1] = value;
        return;
      }
    }
    if (p.length < 2 * FEW) {
      p.push(task, value);
      return;
    }
    this.high = new Map();
    for (let k = 0; k < p.length; k += 2) this.high.set(p[k], p[k + 1]);
    this.high.set(task, value);
    this.pairs = null;
  }

  tick(task: TaskId): void {
    this.set(task, this.get(task) + 1);
  }

  /** Pointwise maximum: this clock absorbs `other` (an acquire). */
  join(other: VectorClock): void {
    const theirs = other.entries;
    while (this.entries.length < theirs.length) this.entries.push(0);
    for (let i = 0; i < theirs.length; i++) {
      if (theirs[i] > this.entries[i]) this.entries[i] = theirs[i];
    }
    if (other.pairs) {
      const p = other.pairs;
      for (let k = 0; k < p.length; k += 2) if (p[k + 1] > this.get(p[k])) this.set(p[k], p[k + 1]);
    } else if (other.high) {
      for (const [t, v] of other.high) if (v > this.get(t)) this.set(t, v);
    }
  }

  /** Overwrite with `other` (a release-store: buffered channel slots, atomic stores). */
  assign(other: VectorClock): void {
    this.entries = other.entries.slice();
    this.pairs = other.pairs ? other.pairs.slice() : null;
    this.high = other.high ? new Map(other.high) : null;
  }

  copy(): VectorClock {
    const c = new VectorClock();
    c.assign(this);
    return c;
  }

  /** True when every entry of this clock is ≤ the entry of `other`. */
  leq(other: VectorClock): boolean {
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i] > other.get(i)) return false;
    }
    const p = this.pairs;
    if (p) for (let k = 0; k < p.length; k += 2) if (p[k + 1] > other.get(p[k])) return false;
    if (this.high) for (const [t, v] of this.high) if (v > other.get(t)) return false;
    return true;
  }

  /** True when `f(task, value)` holds for some non-zero entry (visits what the clock holds, not every task). */
  some(f: (task: TaskId, value: number) => boolean): boolean {
    const e = this.entries;
    for (let i = 0; i < e.length; i++) if (e[i] > 0 && f(i, e[i])) return true;
    const p = this.pairs;
    if (p) for (let k = 0; k < p.length; k += 2) if (p[k + 1] > 0 && f(p[k], p[k + 1])) return true;
    if (this.high) for (const [t, v] of this.high) if (v > 0 && f(t, v)) return true;
    return false;
  }

  /** How many entries the clock holds (its cost). */
  get size(): number {
    return this.entries.length + (this.pairs ? this.pairs.length / 2 : 0) + (this.high?.size ?? 0);
  }

  /** Every entry, dense (for tests and inspection). */
  toArray(): readonly number[] {
    const out = this.entries.slice();
    const p = this.pairs;
    if (p) for (let k = 0; k < p.length; k += 2) out[p[k]] = p[k + 1];
    if (this.high) for (const [t, v] of this.high) out[t] = v;
    for (let i = 0; i < out.length; i++) out[i] ??= 0;
    return out;
  }
}
