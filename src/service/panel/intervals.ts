/**
 * The timeline's interval columns, built straight into typed arrays: a million-goroutine
 * run has millions of intervals, and an array per interval plus a comparison sort took
 * seconds. Rows arrive lane by lane in any order, but within a lane in start order (a
 * lane's intervals do not overlap and are closed in time order); a counting sort by lane
 * then gives the protocol's order (by lane, then start). A lane whose rows came out of
 * order is sorted on its own.
 */
import type { IntervalColumns } from '../../protocol/panel';

export class IntervalBuilder {
  length = 0;
  private lane = new Int32Array(1024);
  private start = new Float64Array(1024);
  private end = new Float64Array(1024);
  private state = new Uint8Array(1024);
  private task = new Int32Array(1024);
  private source = new Int32Array(1024);

  push(lane: number, start: number, end: number, state: number, task: number, source: number): void {
    if (this.length === this.lane.length) this.grow();
    const i = this.length++;
    this.lane[i] = lane; this.start[i] = start; this.end[i] = end;
    this.state[i] = state; this.task[i] = task; this.source[i] = source;
  }

  /** The columns sorted by lane, then start; `laneCount` bounds the lane numbers. */
  columns(laneCount: number): IntervalColumns {
    const n = this.length;
    const from = new Int32Array(laneCount + 1);
    for (let i = 0; i < n; i++) from[this.lane[i] + 1]++;
    for (let l = 0; l < laneCount; l++) from[l + 1] += from[l];
    const at = from.slice(0, laneCount);
    const out = {
      lane: new Int32Array(n), start: new Float64Array(n), end: new Float64Array(n),
      state: new Uint8Array(n), task: new Int32Array(n), source: new Int32Array(n),
    };
    for (let i = 0; i < n; i++) {
      const j = at[this.lane[i]]++;
      out.lane[j] = this.lane[i]; out.start[j] = this.start[i]; out.end[j] = this.end[i];
      out.state[j] = this.state[i]; out.task[j] = this.task[i]; out.source[j] = this.source[i];
    }
    for (let l = 0; l < laneCount; l++) {
      for (let j = from[l] + 1; j < from[l + 1]; j++) {
        if (out.start[j] < out.start[j - 1]) { sortLane(out, from[l], from[l + 1]); break; }
      }
    }
    return out;
  }

  private grow(): void {
    const n = this.lane.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => { b.set(a); return b; };
    this.lane = g(this.lane, new Int32Array(n));
    this.start = g(this.start, new Float64Array(n));
    this.end = g(this.end, new Float64Array(n));
    this.state = g(this.state, new Uint8Array(n));
    this.task = g(this.task, new Int32Array(n));
    this.source = g(this.source, new Int32Array(n));
  }
}

type Columns = { lane: Int32Array; start: Float64Array; end: Float64Array; state: Uint8Array; task: Int32Array; source: Int32Array };

/** Sorts rows [from, to) of one lane by start (rare: a lane whose rows came out of order). */
function sortLane(c: Columns, from: number, to: number): void {
  const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => c.start[a] - c.start[b]);
  for (const key of ['start', 'end', 'state', 'task', 'source'] as const) {
    const col = c[key];
    const copy = order.map((i) => col[i]);
    copy.forEach((v, k) => { col[from + k] = v; });
  }
}
