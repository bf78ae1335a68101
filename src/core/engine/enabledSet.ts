/**
 * The untimed model's enabled tasks: the set the chooser picks from at each step, kept up
 * to date by changes instead of rebuilt, and its history as one list of intervals per task.
 * With 100,000 runnable goroutines, rebuilding or copying the set at every step was
 * quadratic in time and memory; here a step costs what changed (plus log n to find the
 * i-th task of the set, a Fenwick tree over task ids).
 */
import type { Op, TaskId } from '../program';
import type { EnabledHistory, TaskSet } from '../run';

export class EnabledTasks implements TaskSet, EnabledHistory {
  /** Each task's pending op, from the engine that keeps this set (EnabledHistory.pendingOp). */
  pendingOf: ((task: TaskId) => Op | null) | null = null;

  pendingOp(task: TaskId): Op | null {
    return this.pendingOf?.(task) ?? null;
  }

  private flags = new Uint8Array(64);
  /** Fenwick tree over task ids (1-based inside): prefix counts of enabled tasks. */
  private tree = new Int32Array(65);
  private count = 0;
  /** The highest power of two within the tree's range (the select's first probe). */
  private top = 64;
  private hash = 0;
  /** Per task: [start, end, start, end, ...] steps of the intervals it was enabled; an open end is -1. */
  private readonly spans: number[][] = [];

  get size(): number {
    return this.count;
  }

  get fingerprint(): string {
    return `${this.count}:${this.hash >>> 0}`;
  }

  has(task: TaskId): boolean;
  has(step: number, task: TaskId): boolean;
  has(a: number, b?: number): boolean {
    if (b === undefined) return a < this.flags.length && this.flags[a] === 1;
    return this.wasEnabled(b, a);
  }

  /** Marks `task` enabled (from step `step` on) or not. */
  set(task: TaskId, enabled: boolean, step: number): void {
    if (task >= this.flags.length) this.grow(task);
    const was = this.flags[task] === 1;
    if (was === enabled) return;
    this.flags[task] = enabled ? 1 : 0;
    this.count += enabled ? 1 : -1;
    this.hash = (this.hash + (enabled ? 1 : -1) * mix(task)) | 0;
    for (let i = task + 1; i < this.tree.length; i += i & -i) this.tree[i] += enabled ? 1 : -1;
    const spans = (this.spans[task] ??= []);
    if (enabled) {
      // Enabled again in the step it was disabled in: one interval, not two.
      if (spans.length > 0 && spans[spans.length - 1] === step) spans[spans.length - 1] = -1;
      else spans.push(step, -1);
    } else {
      spans[spans.length - 1] = step;
      if (spans[spans.length - 2] === step) spans.length -= 2;
    }
  }

  /** The task at position `index` (0-based) in ascending order. */
  at(index: number): TaskId {
    let pos = 0;
    let rest = index + 1;
    for (let bit = this.top; bit > 0; bit >>= 1) {
      const next = pos + bit;
      if (next < this.tree.length && this.tree[next] < rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    return pos;
  }

  indexOf(task: TaskId): number {
    if (!this.has(task)) return -1;
    let n = 0;
    for (let i = task; i > 0; i -= i & -i) n += this.tree[i];
    return n;
  }

  /** The options as an array (for choosers that want one): O(size). */
  toArray(): number[] {
    const out: number[] = [];
    for (let t = 0; t < this.flags.length && out.length < this.count; t++) if (this.flags[t] === 1) out.push(t);
    return out;
  }

  private wasEnabled(task: TaskId, step: number): boolean {
    const spans = this.spans[task];
    if (!spans) return false;
    // Latest interval that starts at or before `step`.
    let lo = 0;
    let hi = spans.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[2 * mid] <= step) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return false;
    const end = spans[2 * (lo - 1) + 1];
    return end === -1 || step < end;
  }

  tasksAt(step: number): TaskId[] {
    const out: TaskId[] = [];
    for (let t = 0; t < this.spans.length; t++) if (this.wasEnabled(t, step)) out.push(t);
    return out;
  }

  everEnabled(): TaskId[] {
    const out: TaskId[] = [];
    for (let t = 0; t < this.spans.length; t++) if (this.spans[t] && this.spans[t].length > 0) out.push(t);
    return out;
  }

  firstEnabled(task: TaskId): number {
    const spans = this.spans[task];
    return spans && spans.length > 0 ? spans[0] : -1;
  }

  disabledAfter(task: TaskId, step: number): number {
    const spans = this.spans[task];
    if (!spans) return -1;
    for (let k = spans.length - 1; k >= 1; k -= 2) {
      const end = spans[k];
      if (end !== -1 && end <= step) return end - 1;
    }
    return -1;
  }

  private grow(task: TaskId): void {
    let n = this.flags.length;
    while (n <= task) n *= 2;
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
    const tree = new Int32Array(n + 1);
    for (let t = 0; t < n; t++) {
      if (flags[t] !== 1) continue;
      for (let i = t + 1; i <= n; i += i & -i) tree[i]++;
    }
    this.tree = tree;
    this.top = highestBit(n);
  }
}

function highestBit(n: number): number {
  let b = 1;
  while (b * 2 <= n) b *= 2;
  return b;
}

/** A task id spread over 32 bits, so that the sum over a set tells sets apart. */
function mix(task: TaskId): number {
  let x = (task + 1) * 0x9e3779b1;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x | 0;
}
