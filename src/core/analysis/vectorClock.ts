import type { TaskId } from '../program';

/**
 * A vector clock over dense task ids: entry t is the last step of task t that is known
 * to happen before the holder's current point. Missing entries are 0. Growable, because
 * tasks are created during a run.
 */
export class VectorClock {
  private entries: number[];

  constructor(entries: readonly number[] = []) {
    this.entries = entries.slice();
  }

  get(task: TaskId): number {
    return this.entries[task] ?? 0;
  }

  set(task: TaskId, value: number): void {
    while (this.entries.length <= task) this.entries.push(0);
    this.entries[task] = value;
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
  }

  /** Overwrite with `other` (a release-store: buffered channel slots, atomic stores). */
  assign(other: VectorClock): void {
    this.entries = other.entries.slice();
  }

  copy(): VectorClock {
    return new VectorClock(this.entries);
  }

  /** True when every entry of this clock is ≤ the entry of `other`. */
  leq(other: VectorClock): boolean {
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i] > other.get(i)) return false;
    }
    return true;
  }

  toArray(): readonly number[] {
    return this.entries;
  }
}
