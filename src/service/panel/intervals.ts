/**
 * The timeline's interval columns, built straight into typed arrays of their final size: a
 * million-goroutine run has millions of intervals, and an array per interval plus a
 * comparison sort took seconds, as did growing columns (each larger buffer made V8 collect
 * the run's gigabyte of heap for "external memory pressure").
 *
 * The caller bounds each lane's rows from the trace's columns (cheap), the rows are written
 * once at their lane's place, and the gaps between lanes are closed (a lane's rows arrive in
 * start order, as a lane's intervals do not overlap and are closed in time order; a lane
 * whose rows came out of order is sorted on its own).
 */
import type { IntervalColumns } from '../../protocol/panel';

/** Where rows go: `push` once per interval. */
export interface RowSink {
  push(lane: number, start: number, end: number, state: number, task: number, source: number): void;
}

type Columns = { lane: Int32Array; start: Float64Array; end: Float64Array; state: Uint8Array; task: Int32Array; source: Int32Array };

/**
 * Calls `emit` once and returns the columns sorted by lane, then start. `room[l]` is at
 * least the number of rows lane `l` gets (a cheap upper bound: the events that can open
 * one); each lane is written at its own place, and the gaps are closed at the end.
 */
export function intervalColumns(laneCount: number, room: Int32Array, emit: (sink: RowSink) => void): IntervalColumns {
  const from = new Int32Array(laneCount + 1);
  for (let l = 0; l < laneCount; l++) from[l + 1] = from[l] + room[l];
  const cap = from[laneCount];
  const c: Columns = {
    lane: new Int32Array(cap), start: new Float64Array(cap), end: new Float64Array(cap),
    state: new Uint8Array(cap), task: new Int32Array(cap), source: new Int32Array(cap),
  };
  const at = from.slice(0, laneCount);
  emit({
    push: (lane, start, end, state, task, source) => {
      const j = at[lane]++;
      if (j >= from[lane + 1]) throw new Error(`lane ${lane} has more rows than the room it was given (${room[lane]})`);
      c.lane[j] = lane; c.start[j] = start; c.end[j] = end;
      c.state[j] = state; c.task[j] = task; c.source[j] = source;
    },
  });
  // Close the gaps: each lane's rows move down to follow the previous lane's.
  let n = 0;
  for (let l = 0; l < laneCount; l++) {
    const count = at[l] - from[l];
    if (n !== from[l] && count > 0) {
      for (const col of [c.lane, c.start, c.end, c.state, c.task, c.source]) col.copyWithin(n, from[l], at[l]);
    }
    let sorted = true;
    for (let j = n + 1; j < n + count; j++) if (c.start[j] < c.start[j - 1]) { sorted = false; break; }
    if (!sorted) sortLane(c, n, n + count);
    n += count;
  }
  // Views of the first n: the room left over is small (the bound is close), and sending a view sends its buffer.
  return {
    lane: c.lane.subarray(0, n), start: c.start.subarray(0, n), end: c.end.subarray(0, n),
    state: c.state.subarray(0, n), task: c.task.subarray(0, n), source: c.source.subarray(0, n),
  };
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
