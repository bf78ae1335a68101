/**
 * The machine view: lays the snapshot out with elkjs (nested boxes, see graph.ts) and
 * draws it as positioned DOM boxes, so every box is real text a screen reader and a test
 * can reach. On each step, what changed is drawn as labelled arrows (steal, handoff,
 * wake-up, preemption, GIL switch) and listed in words; tasks that moved glide from
 * their old box to the new one (FLIP; none when the user asks for reduced motion).
 * Every task item (running, queued, blocked, holding or waiting for the GIL, in a
 * syscall) links to the task's source line at that moment, and each hardware thread,
 * thread and P box links, by its label, to the line of the task it runs. All those links
 * are one Tab stop (a roving tabindex, rovingFocus.ts): the arrow keys move between them.
 * A new run (`forgetSources`) unlinks the drawing at once, so no link points into a
 * timeline that is no longer loaded.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { MachineChange, MachineSnapshot } from '../../src/protocol/panel';
import { RovingFocus } from '../rovingFocus';
import { makeSourceLink, type Reveal } from '../sourceLink';
import { formatNs } from '../timeline/format';
import { el } from '../timeline/timeline';
import { CHIP_MAX, layoutMachine, machineGraph, SHOWN, type BoxInfo, type MeasureText } from './graph';
import type { TaskPosition } from './taskSources';

/** Where a task is in the source at the moment shown, or null (then its item is no link). */
export type WhereIs = (task: string) => TaskPosition | null;
const nowhere: WhereIs = () => null;

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A place of the machine view as a person says it: the view's node ids (`global`, `gil`,
 * `blocked:pool`, `syscalls`, `netpoller`) are for the arrows, not for a class to read aloud.
 */
export function placeName(id: string, runtime: string): string {
  if (id === 'global') return runtime === 'go' ? 'the global run queue' : 'the ready queue';
  if (id === 'gil') return 'the GIL';
  if (id === 'netpoller') return 'the netpoller';
  if (id === 'syscalls') return 'a system call';
  if (id === 'creating') return 'being created';
  if (id.startsWith('loop:')) return `the event loop's ${id.slice('loop:'.length)} queue`;
  if (id === 'blocked:sleep') return 'asleep';
  if (id.startsWith('blocked:')) return `waiting on ${id.slice('blocked:'.length)}`;
  return id;
}

/**
 * One sentence per change, so the arrows are never the only signal. A plain or Python thread
 * is named after its task (`T2` runs on the thread `T2`): the sentence then names it once
 * ("T2 blocked → asleep", not "T2 blocked: T2 → asleep").
 */
export function changeSentence(c: MachineChange, runtime: string): string {
  const tasks = c.tasks.join(', ');
  const from = placeName(c.from, runtime), to = placeName(c.to, runtime);
  const itself = (place: string) => c.tasks.length === 1 && place === c.tasks[0];
  switch (c.kind) {
    case 'steal': return `${to} stole ${tasks || 'work'} from ${from}`;
    case 'handoff': return `${from} handed its P to ${to}`;
    case 'wake': return `${tasks} woke: ${from} → ${to}`;
    case 'preempt': return itself(c.from) ? `${tasks} preempted → ${to}` : `${tasks} preempted on ${from} → ${to}`;
    case 'gil': return c.from === 'gil' ? `${to} took the GIL` : `the GIL passed from ${from} to ${to}`;
    case 'spawn': return c.from === 'global' ? `${tasks} started → ${to}` : `${from} spawned ${tasks} → ${to}`;
    case 'block': return itself(c.from) ? `${tasks} blocked → ${to}` : `${tasks} blocked: ${from} → ${to}`;
    case 'run': return itself(c.to) ? `${tasks} runs (from ${from})` : `${to} runs ${tasks} (from ${from})`;
    case 'exit': return itself(c.from) ? `${tasks} exited` : `${tasks} exited on ${from}`;
    case 'created': return `${tasks}: thread created, it can run now → ${to}`;
  }
}

export class MachineView {
  readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly arrows: SVGSVGElement;
  private readonly changeList: HTMLElement;
  private readonly elk = new ELK();
  /** The links' single Tab stop and arrow-key movement. */
  private readonly roving: RovingFocus;
  private generation = 0;
  /** The layout on screen, so `forgetSources` can redraw it without links. */
  private drawn: { laid: ElkNode; boxes: Map<string, BoxInfo> } | null = null;
  /** A link had focus when `forgetSources` unlinked it: the next moment gives it back. */
  private focusDropped = false;
  /** Resolves when the latest snapshot is on screen (tests and the bench wait on it). */
  settled: Promise<void> = Promise.resolve();
  /** The moment on screen, laid out again when the view's width changes. */
  private last: { snapshot: MachineSnapshot; changes: readonly MachineChange[]; where: WhereIs; ns?: number } | null = null;
  private laidWidth = 0;
  private readonly measure = canvasMeasure();

  /** `reveal` opens a source line: every task item, and each box running one, links to it. */
  constructor(private readonly reveal: Reveal) {
    this.element = el('section', 'machine');
    this.element.setAttribute('aria-label', 'Machine view');
    this.stage = el('div', 'machine-stage');
    this.stage.setAttribute('role', 'group');
    this.stage.setAttribute('aria-label', 'Machine');
    this.roving = new RovingFocus(this.stage, '[data-link-key]', (e) => e.dataset.linkKey ?? '');
    this.arrows = document.createElementNS(SVG, 'svg');
    this.arrows.classList.add('machine-arrows');
    this.arrows.setAttribute('aria-hidden', 'true');
    this.arrows.innerHTML = '<defs><marker id="il-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="machine-arrowhead"/></marker></defs>';
    this.changeList = el('ul', 'machine-changes');
    this.changeList.setAttribute('aria-label', 'What changed on this step');
    this.changeList.setAttribute('aria-live', 'polite');
    this.element.append(this.stage, this.changeList);
    // Maximised or resized, the layout follows the width (cores in a row, queues beside).
    new ResizeObserver(() => {
      const w = this.element.clientWidth;
      if (this.last && w > 0 && Math.abs(w - this.laidWidth) >= 24) {
        const { snapshot, where, ns } = this.last;
        void this.show(snapshot, [], where, ns);
      }
    }).observe(this.element);
  }

  /**
   * Draws the moment at `ns`; `where` finds each task's source line at that moment (from
   * the timeline).
   */
  show(snapshot: MachineSnapshot, changes: readonly MachineChange[], where: WhereIs = nowhere, ns?: number): Promise<void> {
    const gen = ++this.generation;
    this.last = { snapshot, changes, where, ns };
    const graph = machineGraph(snapshot, this.measure);
    const { boxes } = graph;
    const width = this.element.clientWidth || 800;
    this.laidWidth = width;
    this.settled = layoutMachine(graph, width, this.elk).then((laid) => {
      if (gen !== this.generation) return; // a newer moment (or run) arrived while this one was laid out
      const before = this.taskPositions();
      const refocus = this.roving.hasFocus() || (this.focusDropped && isNowhere(document.activeElement));
      this.focusDropped = false;
      this.render(laid, boxes, where);
      this.stage.setAttribute('aria-label', ns === undefined ? 'Machine' : `Machine at ${formatNs(ns)}`);
      this.roving.settle(refocus, sameBox);
      this.animateMoves(before);
      this.drawChanges(changes, snapshot.runtime);
    }).catch((err: unknown) => {
      this.stage.textContent = `The machine view could not be laid out: ${String(err)}`;
    });
    return this.settled;
  }

  /**
   * A new timeline was loaded (a re-run, a what-if, another file): the drawing, from the
   * previous run, stays until the next moment arrives but links nowhere, and a moment of
   * the previous run still being laid out is dropped.
   */
  forgetSources(): void {
    this.generation++;
    this.settled = Promise.resolve();
    this.last = null;
    if (!this.drawn) return;
    this.focusDropped ||= this.roving.hasFocus();
    this.render(this.drawn.laid, this.drawn.boxes, nowhere);
    this.stage.setAttribute('aria-label', 'Machine, from the previous run');
  }

  private render(laid: ElkNode, boxes: Map<string, BoxInfo>, where: WhereIs): void {
    this.drawn = { laid, boxes };
    this.stage.replaceChildren();
    this.stage.style.width = `${laid.width ?? 0}px`;
    this.stage.style.height = `${laid.height ?? 0}px`;
    const place = (node: ElkNode, parent: HTMLElement) => {
      const info = boxes.get(node.id);
      if (!info) return;
      const box = el('div', `mbox mbox-${info.kind}`);
      box.dataset.node = node.id;
      if (info.task) box.dataset.task = info.task;
      box.title = info.describe;
      box.setAttribute('aria-label', info.describe);
      box.setAttribute('role', info.kind === 'task' ? 'listitem' : 'group');
      box.style.left = `${node.x ?? 0}px`;
      box.style.top = `${node.y ?? 0}px`;
      box.style.width = `${node.width ?? 0}px`;
      box.style.height = `${node.height ?? 0}px`;
      let head: HTMLElement | null = null;
      if (info.label) {
        head = el('span', 'mbox-label');
        head.textContent = info.label;
        box.appendChild(head);
      }
      if (info.kind === 'task' && info.task) {
        const at = where(info.task);
        if (at) this.link(box, `${node.id}|${info.task}`, `${at.name} ${info.context ?? ''}`.trim(), at);
      } else if (info.runs && head) {
        // A box holding other items: its label is the link, so links never nest.
        const at = where(info.runs);
        if (at) this.link(head, `${node.id}|${info.runs}`, `${info.label} running ${at.name}`, at);
      }
      if (info.tasks) box.appendChild(this.chips(info, node.id, where));
      parent.appendChild(box);
      for (const child of node.children ?? []) place(child, box);
    };
    for (const child of laid.children ?? []) place(child, this.stage);
    this.stage.appendChild(this.arrows);
    this.arrows.setAttribute('width', String(laid.width ?? 0));
    this.arrows.setAttribute('height', String(laid.height ?? 0));
  }

  private link(element: HTMLElement, key: string, name: string, at: TaskPosition): void {
    element.dataset.linkKey = key;
    makeSourceLink(element, name, at.location, this.reveal);
  }

  /** A queue's tasks as chips; each chip whose task has a source line holds a link to it. */
  private chips(info: BoxInfo, nodeId: string, where: WhereIs): HTMLElement {
    const list = el('ul', 'mchips');
    list.setAttribute('aria-label', info.describe);
    const taskChip = (task: string, className: string, note?: string) => {
      const c = chip(task, className, note ? `${task} (${note})` : task);
      const at = where(task);
      if (at) {
        const inner = el('span', 'mchip-link');
        inner.textContent = task;
        c.replaceChildren(inner);
        c.removeAttribute('aria-label');
        c.classList.add('mchip-linked');
        this.link(inner, `${nodeId}|${task}`, `${at.name}${note ? ` (${note})` : ''}, ${info.label}`, at);
      }
      return c;
    };
    if (info.lead) {
      const lead = taskChip(info.lead, 'mchip mchip-lead', info.leadNote ?? 'first');
      lead.dataset.note = info.leadNote ?? '';
      list.appendChild(lead);
    }
    const tasks = info.tasks ?? [];
    for (const t of tasks.slice(0, SHOWN)) list.appendChild(taskChip(t, 'mchip'));
    if (tasks.length > SHOWN) list.appendChild(chip(`+${tasks.length - SHOWN}`, 'mchip mchip-more', `${tasks.length - SHOWN} more`));
    if (tasks.length === 0 && !info.lead) list.appendChild(chip('empty', 'mchip mchip-empty', 'empty'));
    return list;
  }

  /** Page positions of every task chip, keyed by task id. */
  private taskPositions(): Map<string, DOMRect> {
    const out = new Map<string, DOMRect>();
    for (const e of this.stage.querySelectorAll<HTMLElement>('[data-task]')) out.set(e.dataset.task!, e.getBoundingClientRect());
    return out;
  }

  private animateMoves(before: Map<string, DOMRect>): void {
    if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
    for (const e of this.stage.querySelectorAll<HTMLElement>('[data-task]')) {
      const old = before.get(e.dataset.task!);
      if (!old) continue;
      const now = e.getBoundingClientRect();
      const dx = old.left - now.left;
      const dy = old.top - now.top;
      if (Math.abs(dx) + Math.abs(dy) < 1) continue;
      e.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'translate(0, 0)' }], { duration: 350, easing: 'ease-out' });
      e.classList.add('moved');
    }
  }

  private find(ref: string): HTMLElement | null {
    const esc = CSS.escape(ref);
    return this.stage.querySelector<HTMLElement>(`[data-node="${esc}"]`)
      ?? this.stage.querySelector<HTMLElement>(`[data-node="runq:${esc}"]`)
      ?? this.stage.querySelector<HTMLElement>(`[data-task="${esc}"]`);
  }

  private drawChanges(changes: readonly MachineChange[], runtime: string): void {
    for (const old of this.arrows.querySelectorAll('g')) old.remove();
    this.changeList.replaceChildren();
    const origin = this.stage.getBoundingClientRect();
    // What a label must not cover: the boxes' own words and the task chips.
    const words = [...this.stage.querySelectorAll<HTMLElement>('.mbox-label, .mchip')].map((e) => e.getBoundingClientRect());
    const placed: DOMRect[] = [];
    for (const c of changes) {
      const li = el('li', `machine-change machine-change-${c.kind}`);
      li.textContent = changeSentence(c, runtime);
      this.changeList.appendChild(li);
      const a = this.find(c.from)?.getBoundingClientRect();
      const b = this.find(c.to)?.getBoundingClientRect();
      if (!a || !b) continue;
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', `machine-arrow machine-arrow-${c.kind}`);
      const line = document.createElementNS(SVG, 'path');
      // From the edge of one box to the edge of the other, so the arrow never hides a name.
      const [x0, y0] = edgePoint(a, b, origin);
      const [x1, y1] = edgePoint(b, a, origin);
      // A gentle curve keeps opposite arrows (steal one way, handoff the other) apart.
      const mx = (x0 + x1) / 2 - (y1 - y0) * 0.15;
      const my = (y0 + y1) / 2 + (x1 - x0) * 0.15;
      line.setAttribute('d', `M${x0},${y0} Q${mx},${my} ${x1},${y1}`);
      line.setAttribute('marker-end', 'url(#il-arrowhead)');
      const text = document.createElementNS(SVG, 'text');
      text.textContent = c.kind;
      // The label sits on the curve where it covers no word and no other label.
      const w = this.measure(c.kind, true) + 4, h = 13;
      const spot = labelSpot([x0, y0], [mx, my], [x1, y1], w, h, [...words, ...placed].map((r) => shift(r, origin)));
      text.setAttribute('x', String(spot.x - w / 2 + 2));
      text.setAttribute('y', String(spot.y + 4));
      placed.push(new DOMRect(spot.x - w / 2 + origin.left, spot.y - h / 2 + origin.top, w, h));
      g.append(line, text);
      this.arrows.appendChild(g);
    }
  }
}

/**
 * For a link key (`node|task`) gone after a redraw: the same box now linking another task
 * (M0 switched from G1 to G4), so focus and the Tab stop stay on it.
 */
function sameBox(key: string, items: readonly HTMLElement[]): HTMLElement | undefined {
  const node = key.slice(0, key.lastIndexOf('|') + 1);
  return items.find((i) => i.dataset.linkKey?.startsWith(node));
}

/** A rectangle in stage coordinates. */
interface Box { left: number; top: number; right: number; bottom: number }

function shift(r: DOMRect, origin: DOMRect): Box {
  return { left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top };
}

/** Where the straight line from `from`'s centre to `to`'s centre leaves `from`, in stage coordinates. */
function edgePoint(from: DOMRect, to: DOMRect, origin: DOMRect): [number, number] {
  const cx = from.left + from.width / 2, cy = from.top + from.height / 2;
  const dx = to.left + to.width / 2 - cx, dy = to.top + to.height / 2 - cy;
  if (dx === 0 && dy === 0) return [cx - origin.left, cy - origin.top];
  const t = Math.min(dx ? (from.width / 2) / Math.abs(dx) : Infinity, dy ? (from.height / 2) / Math.abs(dy) : Infinity, 1);
  return [cx + dx * t - origin.left, cy + dy * t - origin.top];
}

/**
 * A spot on the quadratic curve p0–c–p1 for a w×h label that overlaps none of `avoid`:
 * the middle first, then further out; the middle when every spot is taken.
 */
export function labelSpot(p0: [number, number], c: [number, number], p1: [number, number], w: number, h: number,
  avoid: readonly Box[]): { x: number; y: number } {
  const at = (t: number) => ({
    x: (1 - t) * (1 - t) * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
    y: (1 - t) * (1 - t) * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1],
  });
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
    const p = at(t);
    const box = { left: p.x - w / 2, top: p.y - h / 2, right: p.x + w / 2, bottom: p.y + h / 2 };
    if (!avoid.some((r) => r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom)) return p;
  }
  return at(0.5);
}

/** Text widths in the view's 11 px font, measured on a canvas (cached). */
function canvasMeasure(): MeasureText {
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, bold) => {
    const key = `${bold ? 'b' : 'n'}${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (!ctx) return text.length * 7;
      const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
      ctx.font = `${bold ? '600 ' : ''}11px ${family}`;
      w = Math.ceil(ctx.measureText(text).width) + 1;
      if (cache.size > 5_000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
}

/** Focus is on nothing in particular (it was on a link that a redraw removed). */
function isNowhere(active: Element | null): boolean {
  return active === null || active === document.body || active === document.documentElement;
}

function chip(text: string, className: string, label: string): HTMLElement {
  const c = el('li', className);
  c.textContent = text;
  c.title = label;
  // Long names end in an ellipsis (graph.ts sizes the box for at most this); the lead's note still shows.
  c.style.maxWidth = `${className.includes('lead') ? CHIP_MAX + 60 : CHIP_MAX}px`;
  c.setAttribute('aria-label', label);
  if (!className.includes('more') && !className.includes('empty')) c.dataset.task = text;
  return c;
}
