/**
 * Causality arrows (send→receive, unlock→lock, release→acquire, done→wait...) in view.
 * Edges are ordered by their start time once, at load; a frame binary-searches the window
 * that can touch the view. Past MAX_DRAWN arrows the picture is noise, so none are drawn
 * and the caller says "zoom in".
 */
import type { TimelineData } from './data';

export const MAX_DRAWN = 400;

export class EdgeIndex {
  private readonly order: Int32Array;
  private readonly sortedFrom: Float64Array;
  private readonly maxSpan: number;

  constructor(private readonly data: TimelineData) {
    const n = data.edgeFromNs.length;
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.order.sort((a, b) => data.edgeFromNs[a] - data.edgeFromNs[b]);
    this.sortedFrom = new Float64Array(n);
    let span = 0;
    for (let k = 0; k < n; k++) {
      const e = this.order[k];
      this.sortedFrom[k] = data.edgeFromNs[e];
      span = Math.max(span, Math.abs(data.edgeToNs[e] - data.edgeFromNs[e]));
    }
    this.maxSpan = span;
  }

  /** Calls `draw(edge)` for edges touching [t0, t1]; returns how many there were (drawn only if ≤ MAX_DRAWN). */
  visit(t0: number, t1: number, draw: (edge: number) => void): number {
    const d = this.data;
    let lo = 0;
    let hi = this.sortedFrom.length;
    const from = t0 - this.maxSpan;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (this.sortedFrom[m] < from) lo = m + 1; else hi = m; }
    let count = 0;
    const hit: number[] = [];
    for (let k = lo; k < this.sortedFrom.length && this.sortedFrom[k] <= t1; k++) {
      const e = this.order[k];
      const a = d.edgeFromNs[e];
      const b = d.edgeToNs[e];
      if (Math.max(a, b) < t0 || Math.min(a, b) > t1) continue;
      if (++count <= MAX_DRAWN) hit.push(e);
      else if (count > MAX_DRAWN * 4) break;
    }
    if (count <= MAX_DRAWN) for (const e of hit) draw(e);
    return count;
  }
}
