/**
 * The timeline painter without a browser: what each pixel column shows at every zoom,
 * through both paths (the direct scan and the LOD pyramid), on traces built so the right
 * answer is known.
 */
import { describe, expect, it } from 'vitest';
import { STATE, type Timeline } from '../../src/protocol/panel';
import { TimelineData } from '../../webview/timeline/data';
import { LodPyramid, PYRAMID_MIN_INTERVALS } from '../../webview/timeline/lod';
import { IntervalPainter } from '../../webview/timeline/paint';
import type { TimelineTheme } from '../../webview/timeline/theme';

/** Tiles of one flat colour per state (state + 1), background 0, separator 99 (the painter reads nothing else). */
const theme: TimelineTheme = {
  tiles: Array.from({ length: 7 }, (_, s) => new Uint32Array(64).fill(s + 1)), background: 0, laneSeparator: 99,
  cursor: '', edge: '', hover: '', foreground: '',
};

/** One lane per entry: a generator of [start, end, state] intervals. */
function trace(lanes: [number, number, number][][]): TimelineData {
  const cols = { lane: [] as number[], start: [] as number[], end: [] as number[], state: [] as number[], task: [] as number[], source: [] as number[] };
  lanes.forEach((ivs, l) => ivs.forEach(([s, e, st]) => {
    cols.lane.push(l); cols.start.push(s); cols.end.push(e); cols.state.push(st); cols.task.push(-1); cols.source.push(-1);
  }));
  const endNs = cols.end.reduce((a, b) => Math.max(a, b), 0);
  const model: Timeline = {
    title: 't', runtime: 'go', endNs, lanes: lanes.map((_, i) => ({ label: `L${i}`, kind: 'task' as const })), tasks: [], sources: [], whyText: [],
    intervals: cols, edges: { fromLane: [], fromNs: [], toLane: [], toNs: [], kind: [] }, events: { ns: [0], why: [-1], source: [-1] },
  };
  return new TimelineData(model);
}

/** The state shown in each pixel column of lane `lane` (row 5 of it), -1 for background. */
function paintRow(d: TimelineData, width: number, t0: number, t1: number, lane = 0): number[] {
  const px = new Uint32Array(width * 18 * d.laneCount);
  new IntervalPainter(d).paint(px, { t0, nsPerPx: (t1 - t0) / width, width, height: 18 * d.laneCount, laneHeight: 18, scrollY: 0 }, theme);
  return [...px.subarray((lane * 18 + 5) * width, (lane * 18 + 5) * width + width)].map((v) => v - 1);
}

/** n tiny intervals: `busy` ns of `state`, then `gap` ns idle, repeated. */
function dense(n: number, busy: number, gap: number, state: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0, t = 0; i < n; i++, t += busy + gap) {
    out.push([t, t + busy, state]);
    out.push([t + busy, t + busy + gap, STATE.idle]);
  }
  return out;
}

describe('timeline painter', () => {
  it('paints wide intervals as spans at their pixel positions, idle as background', () => {
    const d = trace([[[0, 100, STATE.running], [100, 200, STATE.idle], [200, 400, STATE.blocked]]]);
    const row = paintRow(d, 40, 0, 400);
    expect(row.slice(0, 10)).toEqual(Array(10).fill(STATE.running));
    expect(row.slice(10, 20)).toEqual(Array(20 - 10).fill(-1));
    expect(row.slice(20, 40)).toEqual(Array(20).fill(STATE.blocked));
  });

  it('keeps a sparse burst of work visible when thousands of intervals share a pixel (scan path)', () => {
    // 10 ns running then 990 ns idle, 20,000 times: 1% busy, yet every column has work.
    const d = trace([dense(20_000, 10, 990, STATE.running)]);
    expect(d.intervalCount).toBeLessThan(PYRAMID_MIN_INTERVALS);
    const row = paintRow(d, 200, 0, 20_000_000);
    expect(row.every((s) => s === STATE.running)).toBe(true);
  });

  it('shows the state that covers most of each column', () => {
    // Per 1000 ns: 700 blocked, 300 runnable, in 100 ns pieces.
    const ivs: [number, number, number][] = [];
    for (let t = 0; t < 2_000_000; t += 1000) {
      for (let k = 0; k < 7; k++) ivs.push([t + k * 100, t + k * 100 + 100, STATE.blocked]);
      for (let k = 7; k < 10; k++) ivs.push([t + k * 100, t + k * 100 + 100, STATE.runnable]);
    }
    const d = trace([ivs]);
    const row = paintRow(d, 100, 0, 2_000_000);
    expect(row.filter((s) => s === STATE.blocked).length).toBeGreaterThan(90);
  });

  it('zoomed out over 800,000 intervals, the pyramid agrees with the scan', () => {
    // 600,000 + 200,000 intervals; the second lane stops a third of the way (10 ms of 30 ms).
    const lanes = [dense(300_000, 30, 70, STATE.running), dense(100_000, 60, 40, STATE.syscall)];
    const d = trace(lanes);
    expect(d.intervalCount).toBeGreaterThan(PYRAMID_MIN_INTERVALS);
    const p = new LodPyramid(d);
    expect(p.levelFor(30_000_000 / 300)).not.toBeNull();
    const top = paintRow(d, 300, 0, 30_000_000, 0);
    const bottom = paintRow(d, 300, 0, 30_000_000, 1);
    expect(top.every((s) => s === STATE.running)).toBe(true);
    const filled = bottom.filter((s) => s === STATE.syscall).length;
    expect(filled).toBeGreaterThanOrEqual(99);
    expect(filled).toBeLessThanOrEqual(101);
    expect(bottom.slice(102).every((s) => s === -1)).toBe(true);
    // Zoomed in far enough, the scan takes over and shows the gaps between bursts.
    const near = paintRow(d, 100, 0, 1000, 0); // 10 ns a pixel: 3 px of work, 7 px idle, ten times
    expect(near).toEqual(Array.from({ length: 100 }, (_, x) => (x % 10 < 3 ? STATE.running : -1)));
  });
});
