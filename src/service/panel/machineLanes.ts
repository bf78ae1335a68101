/**
 * The M and P lanes of a Go run's timeline (and the `event loop` lane of an asyncio run), read from the trace: the engine records the
 * runtime's ownership (which M runs which G and holds which P) while the run happens
 * (core/trace/lanes.ts), after every step whose trace events can change it, so the panel
 * does not replay the run to look inside.
 *
 * Only Go has them, and asyncio its loop thread (`asyncioLoopLane`): a plain or Python
 * thread is its own kernel thread, so an "M" lane would repeat the task's lane. Past `MAX_SAMPLED_EVENTS` the lanes are left out, as they
 * were when they came from a replay; the hardware-thread and task lanes still show the run.
 */
import { LANE_EVENT_LIMIT, LANE_IDLE, LANE_RUNNING, LANE_SPINNING, LANE_SYSCALL, type RunTrace } from '../../core/index';
import { STATE } from '../../protocol/panel';

/** The core stops recording lanes past this many events (core/trace/lanes.ts). */
export const MAX_SAMPLED_EVENTS = LANE_EVENT_LIMIT;
/** Past this many events × goroutines the lanes are left out too (the limit of the replay they came from). */
export const MAX_SAMPLE_WORK = 3_000_000;

export interface LaneRows {
  readonly labels: readonly string[];
  readonly kinds: readonly ('m' | 'p')[];
  /** Flat rows: [laneOffset, start, end, state, task], sorted by lane then start. */
  readonly rows: readonly (readonly [number, number, number, number, number])[];
}

/** The recorder's lane states as the panel's STATE codes. */
const PANEL_STATE: readonly number[] = (() => {
  const s: number[] = [];
  s[LANE_RUNNING] = STATE.running;
  s[LANE_SYSCALL] = STATE.syscall;
  s[LANE_SPINNING] = STATE.runnable;
  s[LANE_IDLE] = STATE.idle;
  return s;
})();

export function goMachineLanes(trace: RunTrace, endNs: number): LaneRows | null {
  if (trace.log.length > MAX_SAMPLED_EVENTS || trace.log.length * trace.taskLabels.length > MAX_SAMPLE_WORK) return null;
  const lanes = trace.lanes;
  if (!lanes) return null;
  const rows = lanes.rows.map((r) => [...r] as [number, number, number, number, number]);
  // An interval still open at the end lasts to the end of the view.
  const end = Math.max(endNs, lanes.endNs);
  lanes.open.forEach((o, l) => {
    if (o && end > o.start) rows.push([l, o.start, end, o.state, o.task]);
  });
  const kinds = lanes.kinds.map((k) => (k === 'thread' ? 'm' : 'p'));
  const { labels } = lanes;
  // Ms first (M0, M1, ...), then Ps, each in id order; rows follow their lane.
  const order = labels.map((_, i) => i).sort((a, b) => (kinds[a] === kinds[b]
    ? Number(labels[a].slice(1)) - Number(labels[b].slice(1)) : kinds[a] === 'm' ? -1 : 1));
  const rank = new Array<number>(order.length);
  order.forEach((l, r) => (rank[l] = r));
  const sorted = rows.map((r) => [rank[r[0]], r[1], r[2], PANEL_STATE[r[3]], r[4]] as [number, number, number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: order.map((l) => labels[l]), kinds: order.map((l) => kinds[l]), rows: sorted };
}

/**
 * The loop thread's lane of an asyncio run (core/runtimes/asyncio: its `view()` names the
 * main thread `event loop`): when it runs a callback and when it waits in select or for the
 * GIL, beside the task lanes. Its executor threads are drawn by their task lanes alone.
 */
export function asyncioLoopLane(trace: RunTrace, endNs: number): LaneRows | null {
  if (trace.log.length > MAX_SAMPLED_EVENTS || trace.log.length * trace.taskLabels.length > MAX_SAMPLE_WORK) return null;
  const lanes = trace.lanes;
  const loop = lanes ? lanes.labels.indexOf('event loop') : -1;
  if (!lanes || loop < 0) return null;
  const end = Math.max(endNs, lanes.endNs);
  const rows = lanes.rows.filter((r) => r[0] === loop).map((r) => [0, r[1], r[2], PANEL_STATE[r[3]], r[4]] as [number, number, number, number, number]);
  const open = lanes.open[loop];
  if (open && end > open.start) rows.push([0, open.start, end, PANEL_STATE[open.state], open.task]);
  return { labels: ['event loop'], kinds: ['m'], rows: rows.sort((a, b) => a[1] - b[1]) };
}

/**
 * The flows of an event loop's run (core/trace/flows.ts: each asyncio Task, each async
 * function's chain of promises), a lane each under the loop's: a slice for every stretch the
 * flow ran, on the engine task that ran it (the loop thread; for JavaScript, the macrotask).
 */
export function flowLanes(trace: RunTrace): { labels: readonly string[]; rows: [number, number, number, number, number][] } | null {
  const flows = trace.flows;
  if (!flows || flows.labels.length === 0 || trace.log.length > MAX_SAMPLED_EVENTS) return null;
  // A stretch that took no time (the flow only passed through) has nothing to draw, and an interval is never empty.
  const rows = flows.rows.filter(([, s, e]) => e > s).map(([f, s, e, task]) => [f, s, e, STATE.running, task] as [number, number, number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: flows.labels, rows };
}
