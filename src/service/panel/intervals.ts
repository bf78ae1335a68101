/**
 * The timeline's interval columns, built straight into typed arrays of their final size: a
 * million-goroutine run has millions of intervals, and an array per interval plus a
 * comparison sort took seconds, as did growing columns (each larger buffer made V8 collect
 * the run's gigabyte of heap for "external memory pressure").
 *
 * The rows are produced twice by the same function: once to count them per lane, once to
 * write each at its place (lanes in order; a lane's rows arrive in start order, as a lane's
 * intervals do not overlap and are closed in time order). A lane whose rows came out of
 * order is sorted on its own.
 */
import type { IntervalColumns } from '../../protocol/panel';

/** Where rows go: `push` once per interval. */
export interface RowSink {
  push(lane: number, start: number, end: number, state: number, task: number, source: number): void;
}

type Columns = { lane: Int32Array; start: Float64Array; end: Float64Array; state: Uint8Array; task: Int32Array; source: Int32Array };

/** Calls `emit` twice (it must push the same rows each time) and returns the columns sorted by lane, then start. */
export function intervalColumns(laneCount: number, emit: (sink: RowSink) => void): IntervalColumns {
  const from = new Int32Array(laneCount + 1);
  emit({ push: (lane) => { from[lane + 1]++; } });
  for (let l = 0; l < laneCount; l++) from[l + 1] += from[l];
  const n = from[laneCount];
  const out: Columns = {
    lane: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n),
    state: new Uint8Array(n), task: new Int32Array(n), source: new Int32Array(n),
  };
  const at = from.slice(0, laneCount);
  emit({
    push: (lane, start, end, state, task, source) => {
      const j = at[lane]++;
      out.lane[j] = lane; out.start[j] = start; out.end[j] = end;
      out.state[j] = state; out.task[j] = task; out.source[j] = source;
    },
  });
  for (let l = 0; l < laneCount; l++) {
    for (let j = from[l] + 1; j < from[l + 1]; j++) {
      if (out.start[j] < out.start[j - 1]) { sortLane(out, from[l], from[l + 1]); break; }
    }
  }
  return out;
}

/** Sorts rows [from, to) of one lane by start (rare: a lane whose rows came out of order). */
function sortLane(c: Columns, from: number, to: number): void {
  const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => c.start[a] - c.start[b]);
  for (const key of ['start', 'end', 'state', 'task', 'source'] as const) {
    const col = c[key];
    const copy = order.map((i) => col[i]);
    copy.forEach((v, k) => { col[from + k] = v; });
  }
}
