/**
 * Paints the timeline's intervals into a pixel buffer, with level of detail.
 *
 * Cost is bounded by pixels, not by intervals: for each visible lane, a binary search
 * finds the first interval in view; intervals a pixel or wider are written as spans;
 * narrower ones are aggregated per pixel column (the state covering most of the column
 * wins, active states over idle), and once a column has seen a few intervals the scan
 * gallops forward to the next column. So a lane costs at most about
 * width × (log k + AGGREGATE) steps however many intervals it holds, and the paint loop
 * allocates nothing.
 *
 * Memory order matters more than arithmetic here: a lane is first resolved to one state
 * per pixel column (a small Uint8Array), then written row by row into the pixel buffer
 * with the state's 8×8 tile, so the big arrays are only ever walked forwards.
 */
import { STATE, STATE_NAMES } from '../../src/protocol/panel';
import type { TimelineData } from './data';
import { LodPyramid, NONE, PYRAMID_MIN_INTERVALS, type LodLevel } from './lod';
import type { TimelineTheme } from './theme';

/** Intervals counted in one pixel column before the scan skips to the next column. */
const AGGREGATE = 4;
const STATES = STATE_NAMES.length;

/** What is in view, in device pixels. */
export interface Viewport {
  /** Time at the left edge. */
  t0: number;
  nsPerPx: number;
  width: number;
  height: number;
  laneHeight: number;
  /** Vertical scroll, in device pixels. */
  scrollY: number;
}

export class IntervalPainter {
  private readonly coverage = new Float64Array(STATES);
  private columns = new Uint8Array(0);
  private tiles = new Uint32Array(STATES * 64);
  private tilesOf: TimelineTheme | null = null;
  private readonly pyramid: LodPyramid | null;

  constructor(private readonly data: TimelineData) {
    this.pyramid = data.intervalCount >= PYRAMID_MIN_INTERVALS ? new LodPyramid(data) : null;
  }

  /** Fills `pixels` (width × height, RGBA packed little-endian) for the viewport. */
  paint(pixels: Uint32Array, v: Viewport, theme: TimelineTheme): void {
    if (this.tilesOf !== theme) {
      // One flat table: tile of state s, row y, column x at (s << 6) | (y << 3) | x.
      theme.tiles.forEach((t, s) => this.tiles.set(t, s * 64));
      this.tilesOf = theme;
    }
    if (this.columns.length < v.width) this.columns = new Uint8Array(v.width);
    pixels.fill(theme.background);
    const { width, height, laneHeight } = v;
    const first = Math.max(0, Math.floor(v.scrollY / laneHeight));
    const level = this.pyramid?.levelFor(v.nsPerPx) ?? null;
    for (let lane = first; lane < this.data.laneCount; lane++) {
      const y0 = lane * laneHeight - v.scrollY;
      if (y0 >= height) break;
      // One pixel row between lanes keeps them apart without drawing a line per lane.
      const top = Math.max(0, y0 + 1);
      const bottom = Math.min(height, y0 + laneHeight - 1);
      if (bottom > top) {
        if (level) this.resolveFromLevel(lane, v, level); else this.resolveLane(lane, v);
        this.writeRows(pixels, width, top, bottom);
      }
      const sep = y0 + laneHeight - 1;
      if (sep >= 0 && sep < height) pixels.fill(theme.laneSeparator, sep * width, sep * width + width);
    }
  }

  /** Zoomed out: each pixel column takes the heaviest of the one or few buckets under it. */
  private resolveFromLevel(lane: number, v: Viewport, level: LodLevel): void {
    const cols = this.columns;
    const { state, weight, perLane, bucketNs } = level;
    const row = lane * perLane;
    const perPx = v.nsPerPx / bucketNs;
    let b = v.t0 / bucketNs;
    for (let x = 0; x < v.width; x++, b += perPx) {
      let best: number = NONE;
      let bestW = -1;
      const last = Math.min(perLane - 1, Math.ceil(b + perPx) - 1);
      for (let k = Math.max(0, Math.floor(b)); k <= last; k++) {
        const s = state[row + k];
        if (s !== NONE && weight[row + k] > bestW) { best = s; bestW = weight[row + k]; }
      }
      cols[x] = best;
    }
  }

  /** Sets `columns[x]` to the state shown in pixel column x of the lane, or NONE. */
  private resolveLane(lane: number, v: Viewport): void {
    const d = this.data;
    const { t0, nsPerPx, width } = v;
    const cols = this.columns;
    cols.fill(NONE, 0, width);
    const t1 = t0 + width * nsPerPx;
    const laneEnd = d.laneFrom[lane + 1];
    const cov = this.coverage;
    let column = -1;
    let seen = 0;
    let i = d.firstEndingAfter(lane, t0);
    while (i < laneEnd) {
      const s = d.start[i];
      if (s >= t1) break;
      const x0 = (s - t0) / nsPerPx;
      const x1 = (d.end[i] - t0) / nsPerPx;
      const state = d.state[i];
      if (x1 - x0 >= 1) {
        if (column >= 0 && column >= Math.floor(x0)) { this.flushColumn(column, width); column = -1; }
        if (state !== STATE.idle) {
          const a = Math.max(0, Math.round(x0));
          cols.fill(state, a, Math.max(a + 1, Math.min(width, Math.round(x1))));
        }
        i++;
        continue;
      }
      const c = Math.floor(x0 < 0 ? 0 : x0);
      if (c !== column) {
        if (column >= 0) this.flushColumn(column, width);
        column = c;
        seen = 0;
      }
      cov[state] += Math.min(x1, c + 1) - Math.max(x0, c);
      seen++;
      i++;
      const next = t0 + (c + 1) * nsPerPx;
      if (seen >= AGGREGATE && i < laneEnd && d.start[i] < next) {
        // Dense column: the rest of it cannot change the picture much; skip to the next one.
        i = gallop(d.end, i, laneEnd, next);
      }
    }
    if (column >= 0) this.flushColumn(column, width);
  }

  private flushColumn(column: number, width: number): void {
    const cov = this.coverage;
    let best = -1;
    for (let s = 0; s < STATES; s++) {
      if (s !== STATE.idle && cov[s] > 0 && (best < 0 || cov[s] > cov[best])) best = s;
      cov[s] = 0;
    }
    if (best >= 0 && column < width) this.columns[column] = best;
  }

  private writeRows(px: Uint32Array, width: number, top: number, bottom: number): void {
    const cols = this.columns;
    const tiles = this.tiles;
    for (let y = top; y < bottom; y++) {
      const row = y * width;
      const tileRow = (y & 7) << 3;
      for (let x = 0; x < width; x++) {
        const s = cols[x];
        if (s !== NONE) px[row + x] = tiles[(s << 6) | tileRow | (x & 7)];
      }
    }
  }
}

/**
 * The first index in [from, to) whose end is after `ns`, searching forwards from `from`
 * in doubling steps: the answer is usually a few intervals away, so this touches memory
 * next to where the scan already is (a binary search over the whole lane missed the
 * cache at every step and cost more than the painting).
 */
function gallop(end: Float64Array, from: number, to: number, ns: number): number {
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < to && end[hi] <= ns) { lo = hi; step <<= 1; hi = from + step; }
  if (hi > to) hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[mid] <= ns) lo = mid + 1; else hi = mid;
  }
  return lo;
}
