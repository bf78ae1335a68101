import type { Finding } from '../findings';
import { turnNs } from '../os/policies';
import type { SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { runtimeDescriptor } from '../runtimes/registry';
import { taskIntervals, traceOf, type TaskInterval } from '../trace/query';

/**
 * Starvation, a timed-model finding, read from a traced timed run's task intervals.
 *
 * The definition (src/core/analysis/README.md, "Starvation"): a task is starved when it is
 * runnable (created, not blocked, not running) and passed over while tasks with no higher
 * claim run, for longer than its fair share allows under the scheduler's own policy:
 *
 * - who shares: the runtime when it shares processors itself (Go's Ps with sysmon's 10 ms
 *   preemption, the GIL's switch interval: `RuntimeDescriptor.fairShare`), else the OS
 *   policy over the hardware threads (`turnNs`: fair's slice, the round-robin quantum, …);
 * - the bound: with `n` other tasks running during the wait on `p` processors, each taking
 *   turns of at most `turn`, a fair scheduler gives the task a turn within about
 *   ⌈n / p⌉ × turn; a wait past twice that (and past the threshold, 100 ms) is starvation.
 *   Waiting in a run queue while every P or core is busy with its fair share is not;
 * - `fifo` has no turns: a thread waits behind those queued before it until they block or
 *   end. That is a convoy, not starvation, and not a finding;
 * - `priority` without aging: a wait while higher-priority tasks run is starvation however
 *   long the queue, and the message names what the policy lacks (aging).
 *
 * Cost: O(n log n) in the number of intervals. A thousand threads time-sliced on one core
 * make tens of thousands of long runnable waits and as many running slices; comparing
 * each wait with each slice took minutes. Instead, how many other tasks ran during a wait
 * is counted offline (`othersCount`), and only the finding's few named tasks are looked up.
 */

/** Default threshold: 100 ms runnable without running (a tenth of a second is visible to a person). */
export const STARVATION_DEFAULT_NS = 100_000_000;

/** Processors busy this share of a wait (switches and scheduler work take the rest) count as all busy. */
const BUSY = 0.9;

/** Tasks a finding names before it says "and N others". */
const NAMED_OTHERS = 10;
/** Running slices looked at to name them, per finding (the count of others is exact regardless). */
const NAMING_STEPS = 4_096;

export interface StarvationOptions {
  readonly thresholdNs?: number;
  /** Where to point the finding for a task (its spawn site, or the program's main). */
  readonly where: (task: TaskId) => SourceRange;
  /** True when another finding already explains this wait (a priority inversion's holder). */
  readonly explained?: (task: TaskId, start: number, end: number) => boolean;
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

/** Who shares the processors, on how many, with what longest turn: the runtime's own, else the OS policy's. */
function sharing(result: RunResult): { processors: number; turnNs: number | undefined; by: string } {
  const c = result.config;
  const own = runtimeDescriptor(c.runtime.kind).fairShare?.(c);
  if (own) return { processors: own.processors, turnNs: own.turnNs, by: `the ${c.runtime.kind} runtime` };
  return { processors: c.machine.cores * c.machine.smt, turnNs: turnNs(c.os, c.machine.cores * c.machine.smt), by: `the ${c.os.policy} policy` };
}

/**
 * How many tasks were ready (runnable or running) over time, as a step function: the times
 * the count changes and the count from each on. A task moving from runnable to running
 * stays ready; so does one whose intervals touch.
 */
function readyCounts(intervals: readonly TaskInterval[]): { times: Float64Array; counts: Int32Array } {
  const edges: [number, number][] = [];
  const open = new Map<number, TaskInterval>();
  const byStart = intervals.filter((iv) => iv.state === 'runnable' || iv.state === 'running').sort((a, b) => a.start - b.start);
  for (const iv of byStart) {
    const prev = open.get(iv.task);
    if (prev && prev.end >= iv.start) {
      open.set(iv.task, { ...prev, end: Math.max(prev.end, iv.end) });
      continue;
    }
    if (prev) edges.push([prev.start, 1], [prev.end, -1]);
    open.set(iv.task, iv);
  }
  for (const iv of open.values()) edges.push([iv.start, 1], [iv.end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const times: number[] = [];
  const counts: number[] = [];
  let n = 0;
  for (const [t, d] of edges) {
    n += d;
    if (times.length > 0 && times[times.length - 1] === t) counts[counts.length - 1] = n;
    else { times.push(t); counts.push(n); }
  }
  return { times: Float64Array.from(times), counts: Int32Array.from(counts) };
}

/** The most tasks ready at once during [start, end). */
function mostReady(ready: { times: Float64Array; counts: Int32Array }, start: number, end: number): number {
  let k = lowerBound(ready.times, start);
  if (k > 0 && (k >= ready.times.length || ready.times[k] > start)) k--;
  let most = 0;
  for (; k < ready.times.length && ready.times[k] < end; k++) most = Math.max(most, ready.counts[k]);
  return most;
}

type ByHw = ReadonlyMap<number, { readonly starts: Float64Array; readonly slices: readonly TaskInterval[] }>;

/**
 * Calls `visit` with each other task's running slice that overlaps the wait, clipped to it:
 * the slices already running when it began (at most one per hardware thread), then those
 * that began during it. One walk for what the starvation checks ask of a wait.
 */
function eachOverlapping(w: Wait, starts: Float64Array, running: readonly TaskInterval[], byHw: ByHw,
  visit: (r: TaskInterval, from: number, to: number) => void): void {
  for (const hw of byHw.values()) {
    const k = lowerBound(hw.starts, w.start) - 1;
    const r = k >= 0 ? hw.slices[k] : undefined;
    if (r && r.end > w.start && r.task !== w.task) visit(r, w.start, Math.min(r.end, w.end));
  }
  for (let k = lowerBound(starts, w.start); k < running.length; k++) {
    const r = running[k];
    if (r.start >= w.end) break;
    if (r.task !== w.task) visit(r, r.start, Math.min(r.end, w.end));
  }
}

export function starvationFindings(result: RunResult, options: StarvationOptions): Finding[] {
  const threshold = options.thresholdNs ?? STARVATION_DEFAULT_NS;
  const share = sharing(result);
  const label = (t: TaskId) => result.tasks[t]?.id ?? `T${t + 1}`;
  const ms = (ns: number) => `${+(ns / 1e6).toFixed(3)} ms`;
  const os = result.config.os;
  const strictPriority = share.by.endsWith('policy') && os.policy === 'priority' && os.agingNs === 0;
  // fifo has no turns: waiting behind earlier threads is a convoy, never starvation.
  if (share.turnNs === undefined && !strictPriority) return [];
  const intervals = taskIntervals(result);
  const running = intervals.filter((i) => i.state === 'running');
  const waits: Wait[] = intervals.filter((iv) => iv.state === 'runnable' && iv.end - iv.start > threshold)
    .map((iv) => ({ task: iv.task, start: iv.start, end: iv.end, others: 0 }));
  if (waits.length === 0) return [];
  othersCount(waits, running, result.tasks.length);
  const starts = Float64Array.from(running, (r) => r.start);
  const prio = traceOf(result).taskPriorities ?? [];
  const slicesByHw = new Map<number, TaskInterval[]>();
  for (const r of running) {
    const list = slicesByHw.get(r.hw);
    if (list) list.push(r);
    else slicesByHw.set(r.hw, [r]);
  }
  const byHw = new Map([...slicesByHw].map(([hw, slices]) => [hw, { starts: Float64Array.from(slices, (r) => r.start), slices }]));
  const ready = readyCounts(intervals);
  // The processors the task could run on: the runtime's (Ps, the GIL), no more than the hardware has.
  const usable = Math.min(share.processors, result.config.machine.cores * result.config.machine.smt);
  // Priority aging lifts a waiting thread one level per `agingNs`: a wait of that many levels is its design.
  const aging = share.by.endsWith('policy') && os.policy === 'priority' ? os.agingNs : 0;
  /** How many priority levels above the waiting task the highest one that ran during the wait was. */
  const levelsAbove = (w: Wait) => {
    let most = 0;
    eachOverlapping(w, starts, running, byHw, (r) => { most = Math.max(most, (prio[r.task] ?? 0) - (prio[w.task] ?? 0)); });
    return most;
  };
  /** The share of the wait during which the usable processors were busy with other tasks (1: all busy). */
  const busyShare = (w: Wait) => {
    let busy = 0;
    eachOverlapping(w, starts, running, byHw, (_r, from, to) => { busy += to - from; });
    return busy / (usable * (w.end - w.start));
  };
  /** Who competed for the processors during the wait: every task ready at the busiest moment, itself excepted. */
  const competitors = (w: Wait) => Math.max(w.others, mostReady(ready, w.start, w.end) - 1);
  /**
   * The fair-share bound of a wait: a turn for each competitor ahead of it, twice over
   * (⌈competitors / processors⌉ turns), plus what aging takes to lift it to the top.
   */
  const bound = (w: Wait) => 2 * Math.ceil(competitors(w) / share.processors) * (share.turnNs ?? Infinity) + (aging > 0 ? levelsAbove(w) * aging : 0);
  const why = new Map<Wait, string>();
  let fair: number;
  for (const w of waits) {
    if (w.others === 0 || options.explained?.(w.task, w.start, w.end)) continue;
    if (strictPriority && levelsAbove(w) > 0) {
      why.set(w, 'the priority policy runs the highest-priority ready thread and never raises a waiting one\'s priority, '
        + 'so it never got a turn (priority aging, `os.aging`, would give it one)');
    } else if (w.end - w.start > (fair = bound(w)) && busyShare(w) < BUSY) {
      // Waiting while every processor is busy with others is a queue, however long; passed
      // over is waiting while a processor it could use went to nobody for long.
      why.set(w, `${share.by} shares ${share.processors} processor${share.processors === 1 ? '' : 's'} in turns of at most ${ms(share.turnNs!)}, `
        + `so with ${competitors(w)} others ready it should have run within ${ms(fair)}; it was passed over`);
    }
  }
  // Each task's longest starved wait; the earliest of equally long ones.
  const worst = new Map<TaskId, Wait>();
  for (const w of why.keys()) {
    const prev = worst.get(w.task);
    if (!prev || w.end - w.start > prev.end - prev.start) worst.set(w.task, w);
  }
  return [...worst.values()].map((w) => {
    const named = namedOthers(w, running, starts, byHw);
    const rest = w.others - named.length;
    const who = named.map(label).join(', ') + (rest > 0 ? ` and ${rest} other task${rest === 1 ? '' : 's'}` : '');
    return {
      kind: 'starvation' as const,
      severity: 'warning' as const,
      message: `Starvation: ${label(w.task)} (${result.tasks[w.task]?.name ?? 'task'}) was runnable for ${ms(w.end - w.start)} `
        + `(from ${ms(w.start)} to ${ms(w.end)}) without running while ${who} ran: ${why.get(w)}`,
      at: options.where(w.task),
      related: [],
      schedule: result.schedule,
    };
  });
}
