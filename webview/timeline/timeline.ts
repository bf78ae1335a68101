/**
 * The timeline: one canvas with a lane per hardware thread, M, P and task, lane labels
 * beside it in the DOM (so they are real text for screen readers and tests), and a
 * legend showing each state's colour and pattern.
 *
 * Mouse: wheel zooms around the pointer, shift+wheel scrolls lanes, drag pans, hover
 * explains the item, click reveals its source line. Keyboard (canvas focused): +/- zoom,
 * shift+←/→ pan, ↑/↓ choose a lane, Enter reveals the item under the cursor in that lane,
 * Z zooms to the moment (the cursor, with its neighbouring steps told apart). A time axis
 * above the lanes labels the visible range in one unit.
 * Frames are drawn on requestAnimationFrame, at most one per frame.
 */
import { EDGE_KINDS, STATE_NAMES, stateWords, type SourceLocation, type Timeline } from '../../src/protocol/panel';
import { timeTicks } from '../../src/protocol/timeAxis';
import { TimelineData } from './data';
import { EdgeIndex, MAX_DRAWN } from './edges';
import { baseName, formatNs, tasksLeftOutNote } from './format';
import { IntervalPainter, type Viewport } from './paint';
import { readTheme, type TimelineTheme } from './theme';

const LANE_CSS_PX = 18;

export interface TimelineCallbacks {
  reveal(location: SourceLocation): void;
  /** The visible range changed (to persist it). */
  viewChanged(startNs: number, endNs: number): void;
}

export class TimelineView {
  readonly element: HTMLElement;
  readonly data: TimelineData;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly labels: HTMLElement;
  private readonly axis: HTMLElement;
  private readonly axisUnit: HTMLElement;
  private readonly axisTicks: HTMLElement;
  private axisKey = '';
  private readonly tooltip: HTMLElement;
  private readonly status: HTMLElement;
  private readonly edgeNote: HTMLElement;
  private readonly painter: IntervalPainter;
  private readonly edges: EdgeIndex;
  private theme: TimelineTheme;
  private image: ImageData | null = null;
  private imageKey = '';
  private viewStart = 0;
  private viewEnd = 1;
  private scrollY = 0;
  private cursorNs = 0;
  private selectedLane = 0;
  private hover: { lane: number; interval: number } | null = null;
  private frame = 0;
  private dpr = 1;
  /** Milliseconds the last frame took to draw (read by the benchmark). */
  lastFrameMs = 0;
  /** The last frame's parts: interval paint, putImageData, overlay (arrows, cursor). */
  lastParts = [0, 0, 0];
  frames = 0;

  constructor(model: Timeline, private readonly on: TimelineCallbacks, label = 'Timeline') {
    this.data = new TimelineData(model);
    this.painter = new IntervalPainter(this.data);
    this.edges = new EdgeIndex(this.data);
    this.viewEnd = Math.max(1, model.endNs);
    this.element = el('section', 'timeline');
    this.element.setAttribute('aria-label', label);
    const body = el('div', 'tl-body');
    this.labels = el('ul', 'tl-lanes');
    this.labels.setAttribute('aria-label', 'Lanes');
    model.lanes.forEach((lane, i) => {
      const li = el('li', `tl-lane tl-lane-${lane.kind}`);
      li.textContent = lane.label;
      li.dataset.lane = String(i);
      this.labels.appendChild(li);
    });
    const labelBox = el('div', 'tl-lanes-box');
    labelBox.appendChild(this.labels);
    this.canvas = el('canvas', 'tl-canvas') as HTMLCanvasElement;
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `${label}: ${model.lanes.length} lanes, ${this.data.intervalCount} intervals over ${formatNs(model.endNs)}. `
      + 'Plus and minus zoom, shift and arrows pan, up and down choose a lane, Enter opens the source.');
    this.ctx = this.canvas.getContext('2d')!;
    body.append(labelBox, this.canvas);
    // Tall enough for every lane up to a limit; past it the lanes scroll.
    body.style.height = `${Math.min(model.lanes.length * LANE_CSS_PX + 2, 420)}px`;
    this.tooltip = el('div', 'tl-tooltip');
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.status = el('div', 'tl-status');
    this.status.setAttribute('aria-live', 'polite');
    this.edgeNote = el('div', 'tl-edge-note');
    // The time axis: the unit above the lane labels, the ticks above the canvas.
    this.axis = el('div', 'tl-axis');
    this.axis.setAttribute('aria-hidden', 'true');
    this.axisUnit = el('div', 'tl-axis-unit');
    this.axisTicks = el('div', 'tl-axis-ticks');
    this.axis.append(this.axisUnit, this.axisTicks);
    // A run with more tasks than lanes (the host's MAX_TASK_LANES) says how many it left out.
    const leftOut = el('div', 'tl-lanes-left-out');
    leftOut.textContent = tasksLeftOutNote(model.tasks.length, model.tasksLeftOut, model.tasks[0]?.kind);
    leftOut.hidden = leftOut.textContent === '';
    this.element.append(this.axis, body, leftOut, this.tooltip, legend(), this.edgeNote, this.status);
    this.theme = readTheme(document.body);
    this.listen();
    this.resize.observe(this.canvas);
  }

  private readonly resize = new ResizeObserver(() => this.requestFrame());

  /** Stops observing and drawing; call when the view is replaced (a new load, a new comparison). */
  dispose(): void {
    this.resize.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Re-read colours after a theme change. */
  refreshTheme(): void {
    this.theme = readTheme(document.body);
    this.imageKey = '';
    this.requestFrame();
  }

  get view(): { startNs: number; endNs: number } { return { startNs: this.viewStart, endNs: this.viewEnd }; }

  setView(startNs: number, endNs: number): void {
    const total = Math.max(1, this.data.model.endNs);
    const span = Math.min(total * 1.1, Math.max(10, endNs - startNs));
    const start = Math.min(Math.max(-span * 0.05, startNs), total + span * 0.05 - span);
    this.viewStart = start;
    this.viewEnd = start + span;
    this.on.viewChanged(this.viewStart, this.viewEnd);
    this.requestFrame();
  }

  setCursor(ns: number): void {
    this.cursorNs = ns;
    const span = this.viewEnd - this.viewStart;
    if (ns < this.viewStart || ns > this.viewEnd) this.setView(ns - span / 2, ns + span / 2);
    this.requestFrame();
  }

  requestFrame(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  /** Draws now (also used by the benchmark to time one frame). */
  draw(): void {
    const t = performance.now();
    this.dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * this.dpr));
    const laneH = Math.round(LANE_CSS_PX * this.dpr);
    const h = Math.max(1, Math.min(Math.round(this.canvas.clientHeight * this.dpr), 4096));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const v: Viewport = { t0: this.viewStart, nsPerPx: (this.viewEnd - this.viewStart) / w, width: w, height: h, laneHeight: laneH, scrollY: this.scrollY };
    const key = `${v.t0}:${v.nsPerPx}:${w}:${h}:${v.scrollY}`;
    if (!this.image || this.image.width !== w || this.image.height !== h) this.image = new ImageData(w, h);
    const tp = performance.now();
    if (key !== this.imageKey) {
      this.painter.paint(new Uint32Array(this.image.data.buffer), v, this.theme);
      this.imageKey = key;
    }
    const tq = performance.now();
    this.ctx.putImageData(this.image, 0, 0);
    const to = performance.now();
    this.drawOverlay(v);
    this.drawAxis();
    this.lastParts = [tq - tp, to - tq, performance.now() - to];
    this.labels.style.transform = `translateY(${-this.scrollY / this.dpr}px)`;
    this.lastFrameMs = performance.now() - t;
    this.frames++;
  }

  private drawOverlay(v: Viewport): void {
    const c = this.ctx;
    const d = this.data;
    const x = (ns: number) => (ns - v.t0) / v.nsPerPx;
    const yMid = (lane: number) => lane * v.laneHeight - v.scrollY + v.laneHeight / 2;
    c.lineWidth = Math.max(1, this.dpr);
    c.strokeStyle = this.theme.edge;
    c.fillStyle = this.theme.edge;
    const count = this.edges.visit(v.t0, v.t0 + v.width * v.nsPerPx, (e) => {
      arrow(c, x(d.edgeFromNs[e]), yMid(d.edgeFromLane[e]), x(d.edgeToNs[e]), yMid(d.edgeToLane[e]), 5 * this.dpr);
    });
    const note = count > MAX_DRAWN ? `${count > MAX_DRAWN * 4 ? 'Many' : count} causality arrows in view: zoom in to see them.` : '';
    if (this.edgeNote.textContent !== note) this.edgeNote.textContent = note;
    const sel = this.selectedLane * v.laneHeight - v.scrollY;
    if (document.activeElement === this.canvas) {
      c.strokeStyle = this.theme.hover;
      c.setLineDash([4 * this.dpr, 3 * this.dpr]);
      c.strokeRect(0.5, sel + 0.5, v.width - 1, v.laneHeight - 1);
      c.setLineDash([]);
    }
    if (this.hover) {
      const i = this.hover.interval;
      c.strokeStyle = this.theme.hover;
      c.lineWidth = 2 * this.dpr;
      const y = this.hover.lane * v.laneHeight - v.scrollY;
      c.strokeRect(x(d.start[i]), y + 1, Math.max(2, (d.end[i] - d.start[i]) / v.nsPerPx), v.laneHeight - 2);
    }
    c.strokeStyle = this.theme.cursor;
    c.lineWidth = 2 * this.dpr;
    c.beginPath();
    c.moveTo(Math.round(x(this.cursorNs)), 0);
    c.lineTo(Math.round(x(this.cursorNs)), v.height);
    c.stroke();
    // A handle on top, so the cursor is found even where it sits on a busy lane's edge.
    const cx = Math.round(x(this.cursorNs));
    const hs = 5 * this.dpr;
    c.fillStyle = this.theme.cursor;
    c.beginPath();
    c.moveTo(cx - hs, 0);
    c.lineTo(cx + hs, 0);
    c.lineTo(cx, hs * 1.4);
    c.closePath();
    c.fill();
  }

  /** The ticks of the visible range, rebuilt only when the range changes. */
  private drawAxis(): void {
    const key = `${this.viewStart}:${this.viewEnd}`;
    if (key === this.axisKey) return;
    this.axisKey = key;
    const span = this.viewEnd - this.viewStart;
    const { unit, ticks } = timeTicks(this.viewStart, this.viewEnd, 8);
    this.axisUnit.textContent = `time (${unit})`;
    this.axisTicks.replaceChildren(...ticks.map((t) => {
      const tick = el('span', 'tl-tick');
      tick.textContent = t.label;
      const at = (100 * (t.ns - this.viewStart)) / span;
      tick.style.left = `${at}%`;
      // The labels at the ends stay inside the axis.
      if (at < 4) tick.classList.add('tl-tick-first');
      else if (at > 96) tick.classList.add('tl-tick-last');
      tick.dataset.ns = String(t.ns);
      return tick;
    }));
  }

  /**
   * Zooms to the moment: the cursor in the middle, over a span where the steps around it
   * are apart (a tenth of the distance to the nearest other moment, at least 1 µs of
   * context), so a cursor that moves by microseconds in a view of many milliseconds shows.
   */
  zoomToCursor(): void {
    const ns = this.cursorNs;
    const moments = this.data.model.events.ns;
    let gap = Infinity;
    for (let i = 0; i < moments.length; i++) {
      const d = Math.abs(moments[i] - ns);
      if (d > 0 && d < gap) gap = d;
    }
    const span = Math.max(1_000, Number.isFinite(gap) ? gap * 10 : (this.viewEnd - this.viewStart) / 20);
    this.setView(ns - span / 2, ns + span / 2);
  }

  /** Describes an interval in one line for the tooltip and the status. */
  describe(i: number): string {
    const d = this.data;
    const m = d.model;
    const lane = m.lanes[laneOf(d, i)];
    const task = d.task[i] >= 0 ? m.tasks[d.task[i]] : null;
    const src = d.source[i] >= 0 ? m.sources[d.source[i]] : null;
    const who = lane.kind === 'task' ? lane.label : `${lane.label}${task ? `, running ${task.id} ${task.name}` : ''}`;
    return `${who}: ${stateWords(STATE_NAMES[d.state[i]])} from ${formatNs(d.start[i])} to ${formatNs(d.end[i])} (${formatNs(d.end[i] - d.start[i])})`
      + (src ? `, at ${baseName(src.file)}:${src.line}` : '') + (src ? '. Click to open the source.' : '.');
  }

  private hit(clientX: number, clientY: number): { lane: number; interval: number } | null {
    const r = this.canvas.getBoundingClientRect();
    const px = (clientX - r.left) * this.dpr;
    const py = (clientY - r.top) * this.dpr + this.scrollY;
    const lane = Math.floor(py / Math.round(LANE_CSS_PX * this.dpr));
    if (lane < 0 || lane >= this.data.laneCount) return null;
    const nsPerPx = (this.viewEnd - this.viewStart) / this.canvas.width;
    const ns = this.viewStart + px * nsPerPx;
    let i = this.data.intervalAt(lane, ns);
    // Thin intervals are hard to hit: accept one within two pixels.
    if (i < 0) i = this.data.intervalAt(lane, ns - 2 * nsPerPx);
    if (i < 0) i = this.data.intervalAt(lane, ns + 2 * nsPerPx);
    return i < 0 ? null : { lane, interval: i };
  }

  private revealInterval(i: number): void {
    const s = this.data.source[i];
    if (s >= 0) this.on.reveal(this.data.model.sources[s]);
  }

  private zoomAt(fraction: number, factor: number): void {
    const span = this.viewEnd - this.viewStart;
    const at = this.viewStart + span * fraction;
    const next = span * factor;
    this.setView(at - next * fraction, at + next * (1 - fraction));
  }

  private pan(fractionOfView: number): void {
    const d = (this.viewEnd - this.viewStart) * fractionOfView;
    this.setView(this.viewStart + d, this.viewEnd + d);
  }

  private scrollLanes(dyDevice: number): void {
    const max = Math.max(0, this.data.laneCount * Math.round(LANE_CSS_PX * this.dpr) - this.canvas.height);
    this.scrollY = Math.min(max, Math.max(0, this.scrollY + dyDevice));
    this.requestFrame();
  }

  private listen(): void {
    const cv = this.canvas;
    cv.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.shiftKey) { this.scrollLanes(e.deltaY * this.dpr); return; }
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) { this.pan(e.deltaX / cv.clientWidth); return; }
      const r = cv.getBoundingClientRect();
      this.zoomAt((e.clientX - r.left) / r.width, Math.exp(e.deltaY * 0.002));
    }, { passive: false });
    let drag: { x: number; y: number; moved: boolean } | null = null;
    cv.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; cv.setPointerCapture(e.pointerId); });
    cv.addEventListener('pointermove', (e) => {
      if (drag && (e.buttons & 1)) {
        const dx = e.clientX - drag.x;
        const dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          this.pan(-dx / cv.clientWidth);
          this.scrollLanes(-dy * this.dpr);
          drag.x = e.clientX;
          drag.y = e.clientY;
        }
        return;
      }
      this.hover = this.hit(e.clientX, e.clientY);
      this.showTooltip(e.clientX, e.clientY);
      this.requestFrame();
    });
    cv.addEventListener('pointerup', (e) => {
      const wasDrag = drag?.moved;
      drag = null;
      if (wasDrag) return;
      const h = this.hit(e.clientX, e.clientY);
      if (h) { this.selectedLane = h.lane; this.revealInterval(h.interval); }
    });
    cv.addEventListener('pointerleave', () => { this.hover = null; this.tooltip.hidden = true; this.requestFrame(); });
    cv.addEventListener('focus', () => this.requestFrame());
    cv.addEventListener('blur', () => this.requestFrame());
    cv.addEventListener('keydown', (e) => {
      const key = e.key;
      if (key === '+' || key === '=') this.zoomAt(0.5, 0.8);
      else if (key === '-' || key === '_') this.zoomAt(0.5, 1.25);
      else if (e.shiftKey && key === 'ArrowLeft') this.pan(-0.1);
      else if (e.shiftKey && key === 'ArrowRight') this.pan(0.1);
      else if (key === 'ArrowUp' || key === 'ArrowDown') this.selectLane(this.selectedLane + (key === 'ArrowUp' ? -1 : 1));
      else if (key === 'z' || key === 'Z') this.zoomToCursor();
      else if (key === 'Enter') {
        const i = this.data.intervalAt(this.selectedLane, this.cursorNs);
        if (i >= 0) this.revealInterval(i);
        this.status.textContent = i >= 0 ? this.describe(i) : `${this.data.model.lanes[this.selectedLane].label}: nothing at the cursor.`;
      } else return;
      e.preventDefault();
      e.stopPropagation();
    });
  }

  private selectLane(lane: number): void {
    this.selectedLane = Math.max(0, Math.min(this.data.laneCount - 1, lane));
    const laneH = Math.round(LANE_CSS_PX * this.dpr);
    const y = this.selectedLane * laneH;
    if (y < this.scrollY) this.scrollLanes(y - this.scrollY);
    else if (y + laneH > this.scrollY + this.canvas.height) this.scrollLanes(y + laneH - this.scrollY - this.canvas.height);
    const i = this.data.intervalAt(this.selectedLane, this.cursorNs);
    this.status.textContent = i >= 0 ? this.describe(i) : `${this.data.model.lanes[this.selectedLane].label}: nothing at the cursor.`;
    this.requestFrame();
  }

  private showTooltip(clientX: number, clientY: number): void {
    if (!this.hover) { this.tooltip.hidden = true; return; }
    this.tooltip.textContent = this.describe(this.hover.interval);
    this.tooltip.hidden = false;
    const box = this.element.getBoundingClientRect();
    this.tooltip.style.left = `${Math.min(clientX - box.left + 12, box.width - 260)}px`;
    this.tooltip.style.top = `${clientY - box.top + 14}px`;
  }
}

function laneOf(d: TimelineData, i: number): number {
  let lo = 0;
  let hi = d.laneCount;
  while (lo < hi) { const m = (lo + hi) >>> 1; if (d.laneFrom[m + 1] <= i) lo = m + 1; else hi = m; }
  return lo;
}

function arrow(c: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, head: number): void {
  c.beginPath();
  c.moveTo(x0, y0);
  c.lineTo(x1, y1);
  c.stroke();
  const a = Math.atan2(y1 - y0, x1 - x0);
  c.beginPath();
  c.moveTo(x1, y1);
  c.lineTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
  c.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
  c.fill();
}

function legend(): HTMLElement {
  const box = el('ul', 'tl-legend');
  box.setAttribute('aria-label', 'States: each has a colour and a pattern');
  for (const name of STATE_NAMES) {
    if (name === 'idle') continue;
    const li = el('li', 'tl-legend-item');
    const sw = el('span', `tl-swatch tl-swatch-${name}`);
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, document.createTextNode(stateWords(name)));
    box.appendChild(li);
  }
  const arrowItem = el('li', 'tl-legend-item');
  arrowItem.textContent = `→ causality (${EDGE_KINDS.slice(0, 4).join(', ')})`;
  box.appendChild(arrowItem);
  return box;
}

export function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}
