import type { Finding } from '../findings';
import type { SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { taskIntervals, type TaskInterval } from '../trace/query';

/**
 * Starvation, a timed-model finding (analysis.md): a task that was runnable but did not
 * run for longer than a threshold while other tasks ran — FIFO or priority scheduling
 * without aging keeps it off the CPU. Read from a traced timed run's task intervals.
 *
 * Cost: O(n log n) in the number of intervals. A thousand threads time-sliced on one core
 * make tens of thousands of long runnable waits and as many running slices; comparing
 * each wait with each slice took minutes. Instead, how many other tasks ran during a wait
 * is counted offline (`othersCount`), and only the finding's few named tasks are looked up.
 */

/** Default threshold: 100 ms runnable without running (a tenth of a second is visible to a person). */
export const STARVATION_DEFAULT_NS = 100_000_000;

/** Tasks a finding names before it says "and N others". */
const NAMED_OTHERS = 10;
/** Running slices looked at to name them, per finding (the count of others is exact regardless). */
const NAMING_STEPS = 4_096;

export interface StarvationOptions {
  readonly thresholdNs?: number;
  /** Where to point the finding for a task (its spawn site, or the program's main). */
  readonly where: (task: TaskId) => SourceRange;
}

/** A window a task spent runnable, with how many other tasks ran during it. */
interface Wait {
  readonly task: TaskId;
  readonly start: number;
  readonly end: number;
  others: number;
}

/** A Fenwick tree of counts over `size` positions. */
class Counts {
  private readonly tree: Int32Array;
  constructor(size: number) {
    this.tree = new Int32Array(size + 1);
  }
  add(i: number): void {
    for (let k = i + 1; k < this.tree.length; k += k & -k) this.tree[k]++;
  }
  /** How many were added at positions below `i`. */
  below(i: number): number {
    let sum = 0;
    for (let k = i; k > 0; k -= k & -k) sum += this.tree[k];
    return sum;
  }
}

/** The first index in the ascending `values` whose value is ≥ `x`. */
function lowerBound(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sets each wait's `others`: how many tasks other than its own had a running slice
 * overlapping it. A task did not run during (s, e) exactly when the window lies inside one
 * of its gaps between running slices (or before its first, after its last); each task's
 * gaps are disjoint, so the others are all tasks minus the gaps with start ≤ s and end ≥ e,
 * counted by a sweep over s with a Fenwick tree over gap ends. The waiting task itself
 * is runnable, not running, so one of its own gaps always holds the window.
 */
function othersCount(waits: Wait[], running: readonly TaskInterval[], taskCount: number): void {
  const byTask = new Map<number, TaskInterval[]>();
  for (const r of running) {
    let list = byTask.get(r.task);
    if (!list) byTask.set(r.task, (list = []));
    list.push(r);
  }
  const gaps: { from: number; to: number }[] = [];
  for (const list of byTask.values()) {
    let from = -Infinity;
    for (const r of list) {
      gaps.push({ from, to: r.start });
      from = r.end;
    }
    gaps.push({ from, to: Infinity });
  }
  // A task that never ran has one gap, all of time.
  const total = Math.max(taskCount, byTask.size);
  const silent = total - byTask.size;
  gaps.sort((a, b) => a.from - b.from);
  const ends = Float64Array.from(new Set(gaps.map((g) => g.to))).sort();
  const counts = new Counts(ends.length);
  const order = waits.map((_, i) => i).sort((a, b) => waits[a].start - waits[b].start);
  let g = 0;
  for (const i of order) {
    const w = waits[i];
    for (; g < gaps.length && gaps[g].from <= w.start; g++) counts.add(lowerBound(ends, gaps[g].to));
    const holding = g - counts.below(lowerBound(ends, w.end)) + silent;
    w.others = total - holding;
  }
}

/** Up to `NAMED_OTHERS` tasks other than the waiting one that ran during it, in the order they started running. */
function namedOthers(w: Wait, running: readonly TaskInterval[], starts: Float64Array, byHw: ReadonlyMap<number, {
  readonly starts: Float64Array; readonly slices: readonly TaskInterval[];
}>): TaskId[] {
  const first = new Map<TaskId, number>();
  // Slices already running when the wait began: at most one per hardware thread.
  for (const hw of byHw.values()) {
    if (first.size >= NAMED_OTHERS) break;
    const k = lowerBound(hw.starts, w.start) - 1;
    const r = k >= 0 ? hw.slices[k] : undefined;
    if (r && r.end > w.start && r.task !== w.task && !first.has(r.task)) first.set(r.task, r.start);
  }
  const named = [...first.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([t]) => t);
  const seen = new Set(named);
  for (let k = lowerBound(starts, w.start), steps = 0; k < running.length && steps < NAMING_STEPS && named.length < NAMED_OTHERS; k++, steps++) {
    const r = running[k];
    if (r.start >= w.end) break;
    if (r.task !== w.task && !seen.has(r.task)) {
      seen.add(r.task);
      named.push(r.task);
    }
  }
  return named.slice(0, NAMED_OTHERS);
}

export function starvationFindings(result: RunResult, options: StarvationOptions): Finding[] {
  const threshold = options.thresholdNs ?? STARVATION_DEFAULT_NS;
  const intervals = taskIntervals(result);
  const running = intervals.filter((i) => i.state === 'running');
  const waits: Wait[] = intervals.filter((iv) => iv.state === 'runnable' && iv.end - iv.start > threshold)
    .map((iv) => ({ task: iv.task, start: iv.start, end: iv.end, others: 0 }));
  if (waits.length === 0) return [];
  othersCount(waits, running, result.tasks.length);
  // Each task's longest wait while others ran; the earliest of equally long ones.
  const worst = new Map<TaskId, Wait>();
  for (const w of waits) {
    if (w.others === 0) continue;
    const prev = worst.get(w.task);
    if (!prev || w.end - w.start > prev.end - prev.start) worst.set(w.task, w);
  }
  const starts = Float64Array.from(running, (r) => r.start);
  const slicesByHw = new Map<number, TaskInterval[]>();
  for (const r of running) {
    const list = slicesByHw.get(r.hw);
    if (list) list.push(r);
    else slicesByHw.set(r.hw, [r]);
  }
  const byHw = new Map([...slicesByHw].map(([hw, slices]) => [hw, { starts: Float64Array.from(slices, (r) => r.start), slices }]));
  const label = (t: TaskId) => result.tasks[t]?.id ?? `T${t + 1}`;
  const ms = (ns: number) => `${+(ns / 1e6).toFixed(3)} ms`;
  return [...worst.values()].map((w) => {
    const named = namedOthers(w, running, starts, byHw);
    const rest = w.others - named.length;
    const who = named.map(label).join(', ') + (rest > 0 ? ` and ${rest} other task${rest === 1 ? '' : 's'}` : '');
    return {
      kind: 'starvation' as const,
      severity: 'warning' as const,
      message: `Starvation: ${label(w.task)} (${result.tasks[w.task]?.name ?? 'task'}) was runnable for ${ms(w.end - w.start)} `
        + `(from ${ms(w.start)} to ${ms(w.end)}) without running while ${who} ran; `
        + `the scheduling policy never gave it a turn (a time slice, or priority aging, would)`,
      at: options.where(w.task),
      related: [],
      schedule: result.schedule,
    };
  });
}
