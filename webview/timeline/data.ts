/**
 * The timeline's in-memory form: the protocol's columns copied once into typed arrays,
 * with each lane's slice of the interval columns found up front. Everything the painter
 * and the hit-tester ask is a binary search over these arrays; nothing here allocates
 * per interval after loading.
 */
import { STATE, type Timeline } from '../../src/protocol/panel';

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
    this.start = Float64Array.from(iv.start);
    this.end = Float64Array.from(iv.end);
    this.state = Uint8Array.from(iv.state);
    this.task = Int32Array.from(iv.task);
    this.source = Int32Array.from(iv.source);
    const lanes = model.lanes.length;
    this.laneFrom = new Int32Array(lanes + 1);
    // Intervals are sorted by lane (checked by the guard), so one counting pass finds the slices.
    for (let i = 0; i < iv.lane.length; i++) this.laneFrom[iv.lane[i] + 1]++;
    for (let l = 0; l < lanes; l++) this.laneFrom[l + 1] += this.laneFrom[l];
    const ev = model.events;
    this.eventNs = Float64Array.from(ev.ns);
    this.eventWhy = Int32Array.from(ev.why);
    this.eventSource = Int32Array.from(ev.source);
    const ed = model.edges;
    this.edgeFromLane = Int32Array.from(ed.fromLane);
    this.edgeFromNs = Float64Array.from(ed.fromNs);
    this.edgeToLane = Int32Array.from(ed.toLane);
    this.edgeToNs = Float64Array.from(ed.toNs);
    this.edgeKind = Uint8Array.from(ed.kind);
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
