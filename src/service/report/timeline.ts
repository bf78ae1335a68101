/**
 * The geometry of the HTML report's timeline: one lane per task, one bar per state
 * interval (from `taskIntervals`, as the Chrome export draws them), and a time axis.
 * It is drawn once, without scripts, so a huge run must be thinned: intervals narrower
 * than the drawing's resolution are merged into one bar, split in proportion to the time
 * spent in each state, and the resolution is coarsened until at most MAX_RECTS rects remain.
 */
import { formatNs, taskIntervals, traceOf, type RunResult, type TaskInterval, type TaskStateName } from '../../core/index';
import { niceStep } from '../../protocol/timeAxis';

/** Lanes beyond this are left out (a report with 10 000 lanes is not read, and is megabytes). */
export const MAX_LANES = 100;
/** Rects drawn at most: a few thousand stay quick to open in any browser. */
export const MAX_RECTS = 3000;

/** The states a lane shows, in legend order. */
export const LANE_STATES: readonly TaskStateName[] = ['running', 'runnable', 'blocked', 'syscall', 'io', 'sleep'];

export interface TimelineBar {
  readonly lane: number;
  readonly start: number;
  readonly end: number;
  /** Left edge and width in plot units (0..plotWidth). */
  readonly x: number;
  readonly width: number;
  /** The state drawn: for a merged bar, the one it spent most time in. */
  readonly state: TaskStateName;
  /** Nanoseconds per state (in LANE_STATES order) when the bar merges short intervals of different states. */
  readonly mix?: readonly (readonly [TaskStateName, number])[];
  /** Hardware thread of a `running` bar, −1 when unknown or several. */
  readonly hw: number;
}

export interface TimelineTick {
  readonly x: number;
  /** The tick's time in milliseconds, as printed on the axis. */
  readonly ms: string;
}

export interface TimelineLayout {
  readonly lanes: readonly { readonly label: string; readonly name: string }[];
  /** Tasks in the run; more than `lanes.length` when lanes were left out. */
  readonly totalTasks: number;
  readonly bars: readonly TimelineBar[];
  readonly ticks: readonly TimelineTick[];
  readonly plotWidth: number;
  readonly spanNs: number;
  /** Shortest time drawn as a bar of its own; shorter intervals were merged. */
  readonly resolutionNs: number;
  /** How many intervals were drawn merged into shared bars. */
  readonly merged: number;
  /** True when the rect cap coarsened the drawing beyond one plot unit per bar. */
  readonly coarsened: boolean;
  readonly states: readonly TaskStateName[];
}

interface MutableBar {
  lane: number; start: number; end: number; state: TaskStateName; hw: number;
  mix?: Map<TaskStateName, number>;
}

function stateOrder(state: TaskStateName): number {
  const i = LANE_STATES.indexOf(state);
  return i < 0 ? LANE_STATES.length : i;
}

function dominant(mix: ReadonlyMap<TaskStateName, number>): TaskStateName {
  let best: TaskStateName = 'running';
  let bestNs = -1;
  for (const [state, ns] of mix) if (ns > bestNs) { best = state; bestNs = ns; }
  return best;
}

/**
 * One lane's bars at a resolution of `minNs`: intervals at least that long are drawn as
 * they are (joined with an adjacent one of the same state); runs of shorter ones share a
 * bar at most `minNs` wide. Returns the bars and how many intervals were merged.
 */
function laneBars(lane: number, ivs: readonly TaskInterval[], minNs: number): { bars: MutableBar[]; merged: number } {
  const bars: MutableBar[] = [];
  let merged = 0;
  let pending: { start: number; end: number; mix: Map<TaskStateName, number>; count: number } | null = null;
  const flush = () => {
    if (!pending) return;
    const p = pending;
    pending = null;
    if (p.count > 1) merged += p.count;
    const state = dominant(p.mix);
    bars.push({ lane, start: p.start, end: p.end, state, hw: -1, ...(p.mix.size > 1 ? { mix: p.mix } : {}) });
  };
  for (const iv of ivs) {
    const ns = iv.end - iv.start;
    if (ns >= minNs) {
      flush();
      const last = bars[bars.length - 1];
      if (last && !last.mix && last.state === iv.state && last.end === iv.start) {
        last.end = iv.end;
        if (last.hw !== iv.hw) last.hw = -1;
      } else bars.push({ lane, start: iv.start, end: iv.end, state: iv.state, hw: iv.hw });
      continue;
    }
    if (pending && (iv.start - pending.end >= minNs || iv.end - pending.start > minNs)) flush();
    pending ??= { start: iv.start, end: iv.start, mix: new Map(), count: 0 };
    pending.end = iv.end;
    pending.mix.set(iv.state, (pending.mix.get(iv.state) ?? 0) + ns);
    pending.count++;
  }
  flush();
  return { bars, merged };
}

function axisTicks(spanNs: number, scale: number): TimelineTick[] {
  const step = niceStep(spanNs / 8);
  // Enough decimals that neighbouring ticks differ: a 0.2 ms step prints 0.2, 0.4, ...
  const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step / 1e6))));
  const ticks: TimelineTick[] = [];
  for (let i = 0; i * step <= spanNs; i++) ticks.push({ x: i * step * scale, ms: ((i * step) / 1e6).toFixed(decimals) });
  return ticks;
}

/** The layout of a traced run's timeline, or undefined when the run has no trace. */
export function timelineLayout(result: RunResult, plotWidth: number): TimelineLayout | undefined {
  if (!result.trace) return undefined;
  const trace = traceOf(result);
  const shown = Math.min(trace.taskLabels.length, MAX_LANES);
  const perLane: TaskInterval[][] = Array.from({ length: shown }, () => []);
  let spanNs = Math.max(result.makespan_ns, 1);
  for (const iv of taskIntervals(result)) {
    if (iv.task >= shown) continue;
    perLane[iv.task].push(iv);
    spanNs = Math.max(spanNs, iv.end);
  }
  const scale = plotWidth / spanNs;
  const drawAt = (units: number) => {
    const bars: MutableBar[] = [];
    let merged = 0;
    let rects = 0;
    for (let lane = 0; lane < shown; lane++) {
      const one = laneBars(lane, perLane[lane], units / scale);
      for (const b of one.bars) rects += b.mix ? b.mix.size : 1;
      bars.push(...one.bars);
      merged += one.merged;
    }
    return { bars, merged, rects };
  };
  // Coarsen by doubling until the rects (one per state of a merged bar) fit; at a
  // resolution of the whole plot each lane has a handful, so this ends after at most
  // log2(plotWidth) rounds.
  let units = 1;
  let drawing = drawAt(units);
  while (drawing.rects > MAX_RECTS && units < plotWidth) {
    units *= 2;
    drawing = drawAt(units);
  }
  const { bars: drawn, merged } = drawing;
  const present = new Set<TaskStateName>(['running', 'runnable', 'blocked']);
  for (const b of drawn) {
    present.add(b.state);
    for (const s of b.mix?.keys() ?? []) present.add(s);
  }
  return {
    lanes: trace.taskLabels.slice(0, shown).map((label, i) => ({ label, name: trace.taskNames[i] })),
    totalTasks: trace.taskLabels.length,
    bars: drawn.map((b) => ({
      lane: b.lane, start: b.start, end: b.end, x: b.start * scale, width: (b.end - b.start) * scale, state: b.state, hw: b.hw,
      ...(b.mix ? { mix: [...b.mix].sort((a, c) => stateOrder(a[0]) - stateOrder(c[0])) } : {}),
    })),
    ticks: axisTicks(spanNs, scale),
    plotWidth,
    spanNs,
    resolutionNs: units / scale,
    merged,
    coarsened: units > 1,
    states: LANE_STATES.filter((s) => present.has(s)).concat([...present].filter((s) => !LANE_STATES.includes(s))),
  };
}

/** The hover text of one bar: task, state (or the mix), when, how long, where it ran. */
export function barTitle(bar: TimelineBar, lane: { label: string; name: string }): string {
  const when = `${formatNs(bar.start)} – ${formatNs(bar.end)} (${formatNs(bar.end - bar.start)})`;
  const what = bar.mix ? `mostly ${bar.state}: ${bar.mix.map(([s, ns]) => `${s} ${formatNs(ns)}`).join(', ')}` : bar.state;
  const where = bar.state === 'running' && !bar.mix && bar.hw >= 0 ? ` on hw thread ${bar.hw}` : '';
  return `${lane.label} ${lane.name}: ${what}, ${when}${where}`;
}
