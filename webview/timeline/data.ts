/**
 * The timeline's in-memory form: the protocol's columns copied once into typed arrays,
 * with each lane's slice of the interval columns found up front. Everything the painter
 * and the hit-tester ask is a binary search over these arrays; nothing here allocates
 * per interval after loading.
 */
import { STATE, type NumberColumn, type Timeline } from '../../src/protocol/panel';

type TypedCtor<T> = { new (n: ArrayLike<number>): T };

/**
 * A column as the typed array the painter wants: the host's own array when it already is
 * one (transferred, no copy), else one bulk copy. (`TypedArray.from` takes the iterator
 * path and is tens of times slower on a million values.)
 */
function column<T>(col: NumberColumn, ctor: TypedCtor<T>): T {
  return col instanceof (ctor as unknown as typeof Float64Array) ? (col as unknown as T) : new ctor(col as ArrayLike<number>);
}

export class TimelineData {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly state: Uint8Array;
  readonly task: Int32Array;
  readonly source: Int32Array;
  /** Lane l owns intervals [laneFrom[l], laneFrom[l + 1]). */
  readonly laneFrom: Int32Array;
  readonly eventNs: Float64Array;
  readonly eventWhy: Int32Array;
  readonly eventSource: Int32Array;
  readonly edgeFromLane: Int32Array;
  readonly edgeFromNs: Float64Array;
  readonly edgeToLane: Int32Array;
  readonly edgeToNs: Float64Array;
  readonly edgeKind: Uint8Array;

  constructor(readonly model: Timeline) {
    const iv = model.intervals;
    this.start = column(iv.start, Float64Array);
    this.end = column(iv.end, Float64Array);
    this.state = column(iv.state, Uint8Array);
    this.task = column(iv.task, Int32Array);
    this.source = column(iv.source, Int32Array);
    const lanes = model.lanes.length;
    this.laneFrom = new Int32Array(lanes + 1);
    // Intervals are sorted by lane (checked by the guard), so one counting pass finds the slices.
    for (let i = 0; i < iv.lane.length; i++) this.laneFrom[iv.lane[i] + 1]++;
    for (let l = 0; l < lanes; l++) this.laneFrom[l + 1] += this.laneFrom[l];
    const ev = model.events;
    this.eventNs = column(ev.ns, Float64Array);
    this.eventWhy = column(ev.why, Int32Array);
    this.eventSource = column(ev.source, Int32Array);
    const ed = model.edges;
    this.edgeFromLane = column(ed.fromLane, Int32Array);
    this.edgeFromNs = column(ed.fromNs, Float64Array);
    this.edgeToLane = column(ed.toLane, Int32Array);
    this.edgeToNs = column(ed.toNs, Float64Array);
    this.edgeKind = column(ed.kind, Uint8Array);
  }

  get laneCount(): number { return this.model.lanes.length; }
  get eventCount(): number { return this.eventNs.length; }
  get intervalCount(): number { return this.start.length; }

  /** The first interval of `lane` that ends after `ns` (or the lane's end index). */
  firstEndingAfter(lane: number, ns: number): number {
    let lo = this.laneFrom[lane];
    let hi = this.laneFrom[lane + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.end[mid] <= ns) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** The interval of `lane` covering `ns`, or -1. */
  intervalAt(lane: number, ns: number): number {
    const i = this.firstEndingAfter(lane, ns);
    return i < this.laneFrom[lane + 1] && this.start[i] <= ns && this.state[i] !== STATE.idle ? i : -1;
  }

  /** The last event at or before `ns` (0 when `ns` precedes them all). */
  eventAtOrBefore(ns: number): number {
    let lo = 0;
    let hi = this.eventNs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.eventNs[mid] <= ns) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** The "Why?" sentence the core recorded for an event, or ''. */
  whyOf(event: number): string {
    const w = this.eventWhy[event];
    return w >= 0 ? this.model.whyText[w] : '';
  }
}
