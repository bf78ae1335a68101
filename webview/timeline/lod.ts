/**
 * Level-of-detail pyramid for zoomed-out frames. At load, each lane's intervals are
 * binned into buckets of `baseNs` (about two intervals each) holding the state that
 * covers most of the bucket and how much of it; each coarser level halves the bucket
 * count by keeping the heavier of two neighbours. A zoomed-out frame then reads one or
 * two buckets per pixel column, in memory order, whatever the number of intervals: the
 * same idea as mipmaps, and as Perfetto's precomputed summaries for wide views.
 *
 * Idle time is left out (NONE), so a short burst of work is never averaged away.
 */
import { STATE, STATE_NAMES } from '../../src/protocol/panel';
import type { TimelineData } from './data';

export const NONE = 255;
const STATES = STATE_NAMES.length;
/** Below this many intervals the direct scan is fast enough at every zoom. */
export const PYRAMID_MIN_INTERVALS = 50_000;

export interface LodLevel {
  readonly bucketNs: number;
  readonly perLane: number;
  /** lane * perLane + bucket → state code or NONE. */
  readonly state: Uint8Array;
  /** Fraction of the bucket its state covers, 0..1. */
  readonly weight: Float32Array;
}

export class LodPyramid {
  readonly levels: LodLevel[] = [];

  constructor(d: TimelineData) {
    const lanes = d.laneCount;
    const n = d.intervalCount;
    let endNs = 0;
    for (let l = 0; l < lanes; l++) if (d.laneFrom[l + 1] > d.laneFrom[l]) endNs = Math.max(endNs, d.end[d.laneFrom[l + 1] - 1]);
    const baseNs = Math.max(1, (endNs * lanes) / Math.max(1, n / 2));
    this.levels.push(baseLevel(d, baseNs, Math.ceil(endNs / baseNs) + 1));
    while (this.levels[this.levels.length - 1].perLane > 64) this.levels.push(halve(this.levels[this.levels.length - 1], lanes));
  }

  /** The finest level whose buckets are no wider than a pixel, or null when zoomed in past level 0. */
  levelFor(nsPerPx: number): LodLevel | null {
    if (nsPerPx < this.levels[0].bucketNs) return null;
    const k = Math.floor(Math.log2(nsPerPx / this.levels[0].bucketNs));
    return this.levels[Math.min(k, this.levels.length - 1)];
  }
}

function baseLevel(d: TimelineData, baseNs: number, perLane: number): LodLevel {
  const lanes = d.laneCount;
  const state = new Uint8Array(lanes * perLane).fill(NONE);
  const weight = new Float32Array(lanes * perLane);
  const cov = new Float64Array(STATES);
  const { start, end } = d;
  const codes = d.state;
  for (let lane = 0; lane < lanes; lane++) {
    const row = lane * perLane;
    let bucket = -1;
    for (let i = d.laneFrom[lane]; i < d.laneFrom[lane + 1]; i++) {
      const st = codes[i];
      if (st === STATE.idle) continue;
      const s = start[i];
      const e = end[i];
      const bs = Math.floor(s / baseNs);
      const be = Math.min(perLane - 1, Math.floor(e / baseNs));
      if (bs !== bucket) { settle(cov, state, weight, row + bucket, bucket >= 0, baseNs); bucket = bs; }
      if (bs === be) { cov[st] += e - s; continue; }
      cov[st] += (bs + 1) * baseNs - s;
      settle(cov, state, weight, row + bs, true, baseNs);
      // Buckets the interval covers entirely (a plain loop: most spans are 0-2 buckets,
      // where TypedArray.fill's call costs more than the work).
      for (let b = row + bs + 1; b < row + be; b++) { state[b] = st; weight[b] = 1; }
      bucket = be;
      cov[st] += e - be * baseNs;
    }
    settle(cov, state, weight, row + bucket, bucket >= 0, baseNs);
  }
  return { bucketNs: baseNs, perLane, state, weight };
}

/** Writes a bucket's heaviest state and clears the accumulator. */
function settle(cov: Float64Array, state: Uint8Array, weight: Float32Array, at: number, open: boolean, baseNs: number): void {
  if (!open) return;
  let best = -1;
  for (let s = 0; s < STATES; s++) {
    if (cov[s] > 0 && (best < 0 || cov[s] > cov[best])) best = s;
  }
  if (best >= 0) { state[at] = best; weight[at] = Math.min(1, cov[best] / baseNs); }
  for (let s = 0; s < STATES; s++) cov[s] = 0;
}

function halve(fine: LodLevel, lanes: number): LodLevel {
  const perLane = Math.ceil(fine.perLane / 2);
  const state = new Uint8Array(lanes * perLane).fill(NONE);
  const weight = new Float32Array(lanes * perLane);
  for (let lane = 0; lane < lanes; lane++) {
    const from = lane * fine.perLane;
    const to = lane * perLane;
    for (let j = 0; j < perLane; j++) {
      const a = from + 2 * j;
      const b = 2 * j + 1 < fine.perLane ? a + 1 : -1;
      const sa = fine.state[a];
      const sb = b >= 0 ? fine.state[b] : NONE;
      const wa = sa === NONE ? -1 : fine.weight[a];
      const wb = sb === NONE ? -1 : fine.weight[b];
      if (wa < 0 && wb < 0) continue;
      state[to + j] = wa >= wb ? sa : sb;
      weight[to + j] = sa === sb ? (wa + wb) / 2 : Math.max(wa, wb) / 2;
    }
  }
  return { bucketNs: fine.bucketNs * 2, perLane, state, weight };
}
