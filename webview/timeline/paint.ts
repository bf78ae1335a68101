/**
 * Paints the timeline's intervals into a pixel buffer, with level of detail.
 *
 * Cost is bounded by pixels, not by intervals: for each visible lane, a binary search
 * finds the first interval in view; intervals a pixel or wider are written as spans;
 * narrower ones are aggregated per pixel column (the state covering most of the column
 * wins, active states over idle), and once a column has seen a few intervals the scan
 * jumps by binary search to the next column. So a lane costs at most about
 * width × (log n + AGGREGATE) steps however many intervals it holds, and the paint loop
 * allocates nothing: spans are written straight into a Uint32Array with the state's
 * 8×8 tile.
 */
import { STATE } from '../../src/protocol/panel';
import type { TimelineData } from './data';
import type { TimelineTheme } from './theme';

/** Intervals counted in one pixel column before the scan skips to the next column. */
const AGGREGATE = 4;
const STATES = 7;

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

  constructor(private readonly data: TimelineData) {}

  /** Fills `pixels` (width × height, RGBA packed little-endian) for the viewport. */
  paint(pixels: Uint32Array, v: Viewport, theme: TimelineTheme): void {
    pixels.fill(theme.background);
    const { width, height, laneHeight } = v;
    const first = Math.max(0, Math.floor(v.scrollY / laneHeight));
    for (let lane = first; lane < this.data.laneCount; lane++) {
      const y0 = lane * laneHeight - v.scrollY;
      if (y0 >= height) break;
      // One pixel row between lanes keeps them apart without drawing a line per lane.
      const top = Math.max(0, y0 + 1);
      const bottom = Math.min(height, y0 + laneHeight - 1);
      if (bottom > top) this.paintLane(pixels, width, top, bottom, lane, v, theme);
      const sep = y0 + laneHeight - 1;
      if (sep >= 0 && sep < height) pixels.fill(theme.laneSeparator, sep * width, sep * width + width);
    }
  }

  private paintLane(px: Uint32Array, width: number, top: number, bottom: number, lane: number, v: Viewport, theme: TimelineTheme): void {
    const d = this.data;
    const { t0, nsPerPx } = v;
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
        if (column >= 0 && column >= Math.floor(x0)) { this.flushColumn(px, width, top, bottom, column, theme); column = -1; }
        if (state !== STATE.idle) span(px, width, top, bottom, Math.max(0, Math.round(x0)), Math.min(width, Math.round(x1)), theme.tiles[state]);
        i++;
        continue;
      }
      const c = Math.floor(x0 < 0 ? 0 : x0);
      if (c !== column) {
        if (column >= 0) this.flushColumn(px, width, top, bottom, column, theme);
        column = c;
        seen = 0;
      }
      cov[state] += Math.min(x1, c + 1) - Math.max(x0, c);
      seen++;
      i++;
      if (seen >= AGGREGATE && i < laneEnd && d.start[i] < t0 + (c + 1) * nsPerPx) {
        // Dense column: the rest of it cannot change the picture much; skip to the next one.
        i = d.firstEndingAfter(lane, t0 + (c + 1) * nsPerPx);
      }
    }
    if (column >= 0) this.flushColumn(px, width, top, bottom, column, theme);
  }

  private flushColumn(px: Uint32Array, width: number, top: number, bottom: number, column: number, theme: TimelineTheme): void {
    const cov = this.coverage;
    let best = -1;
    for (let s = 0; s < STATES; s++) {
      if (s !== STATE.idle && cov[s] > 0 && (best < 0 || cov[s] > cov[best])) best = s;
      cov[s] = 0;
    }
    if (best >= 0 && column < width) span(px, width, top, bottom, column, column + 1, theme.tiles[best]);
  }
}

/** Writes pixels [x0, x1) of rows [top, bottom) from an 8×8 tile anchored to the canvas. */
function span(px: Uint32Array, width: number, top: number, bottom: number, x0: number, x1: number, tile: Uint32Array): void {
  if (x1 <= x0) x1 = x0 + 1;
  if (x1 > width) x1 = width;
  for (let y = top; y < bottom; y++) {
    const row = y * width;
    const tileRow = (y & 7) << 3;
    for (let x = x0; x < x1; x++) px[row + x] = tile[tileRow | (x & 7)];
  }
}
