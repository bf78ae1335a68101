/**
 * The machine view: lays the snapshot out with elkjs (nested boxes, see graph.ts) and
 * draws it as positioned DOM boxes, so every box is real text a screen reader and a test
 * can reach. On each step, what changed is drawn as labelled arrows (steal, handoff,
 * wake-up, preemption, GIL switch) and listed in words; tasks that moved glide from
 * their old box to the new one (FLIP; none when the user asks for reduced motion).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { MachineChange, MachineSnapshot } from '../../src/protocol/panel';
import { el } from '../timeline/timeline';
import { machineGraph, type BoxInfo } from './graph';

const SVG = 'http://www.w3.org/2000/svg';

/** One sentence per change, so the arrows are never the only signal. */
function changeSentence(c: MachineChange): string {
  const tasks = c.tasks.join(', ');
  switch (c.kind) {
    case 'steal': return `${c.to} stole ${tasks || 'work'} from ${c.from}`;
    case 'handoff': return `${c.from} handed its P to ${c.to}`;
    case 'wake': return `${tasks} woke: ${c.from} → ${c.to}`;
    case 'preempt': return `${tasks} preempted on ${c.from} → ${c.to}`;
    case 'gil': return `the GIL passed from ${c.from} to ${c.to}`;
    case 'spawn': return `${c.from} spawned ${tasks} → ${c.to}`;
    case 'block': return `${tasks} blocked: ${c.from} → ${c.to}`;
    case 'run': return `${c.to} runs ${tasks} (from ${c.from})`;
    case 'exit': return `${tasks} exited on ${c.from}`;
  }
}

export class MachineView {
  readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly arrows: SVGSVGElement;
  private readonly changeList: HTMLElement;
  private readonly elk = new ELK();
  private generation = 0;
  /** Resolves when the latest snapshot is on screen (tests and the bench wait on it). */
  settled: Promise<void> = Promise.resolve();

  constructor() {
    this.element = el('section', 'machine');
    this.element.setAttribute('aria-label', 'Machine view');
    this.stage = el('div', 'machine-stage');
    this.arrows = document.createElementNS(SVG, 'svg');
    this.arrows.classList.add('machine-arrows');
    this.arrows.setAttribute('aria-hidden', 'true');
    this.arrows.innerHTML = '<defs><marker id="il-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="machine-arrowhead"/></marker></defs>';
    this.changeList = el('ul', 'machine-changes');
    this.changeList.setAttribute('aria-label', 'What changed on this step');
    this.changeList.setAttribute('aria-live', 'polite');
    this.element.append(this.stage, this.changeList);
  }

  show(snapshot: MachineSnapshot, changes: readonly MachineChange[]): Promise<void> {
    const gen = ++this.generation;
    const { root, boxes } = machineGraph(snapshot);
    this.settled = this.elk.layout(root).then((laid) => {
      if (gen !== this.generation) return; // a newer moment arrived while this one was laid out
      const before = this.taskPositions();
      this.render(laid, boxes);
      this.animateMoves(before);
      this.drawChanges(changes);
    }).catch((err: unknown) => {
      this.stage.textContent = `The machine view could not be laid out: ${String(err)}`;
    });
    return this.settled;
  }

  private render(laid: ElkNode, boxes: Map<string, BoxInfo>): void {
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
      if (info.label) {
        const head = el('span', 'mbox-label');
        head.textContent = info.label;
        box.appendChild(head);
      }
      if (info.tasks) box.appendChild(chips(info));
      parent.appendChild(box);
      for (const child of node.children ?? []) place(child, box);
    };
    for (const child of laid.children ?? []) place(child, this.stage);
    this.stage.appendChild(this.arrows);
    this.arrows.setAttribute('width', String(laid.width ?? 0));
    this.arrows.setAttribute('height', String(laid.height ?? 0));
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

  private drawChanges(changes: readonly MachineChange[]): void {
    for (const old of this.arrows.querySelectorAll('g')) old.remove();
    this.changeList.replaceChildren();
    const origin = this.stage.getBoundingClientRect();
    for (const c of changes) {
      const li = el('li', `machine-change machine-change-${c.kind}`);
      li.textContent = changeSentence(c);
      this.changeList.appendChild(li);
      const a = this.find(c.from)?.getBoundingClientRect();
      const b = this.find(c.to)?.getBoundingClientRect();
      if (!a || !b) continue;
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', `machine-arrow machine-arrow-${c.kind}`);
      const line = document.createElementNS(SVG, 'path');
      const x0 = a.left + a.width / 2 - origin.left;
      const y0 = a.top + a.height / 2 - origin.top;
      const x1 = b.left + b.width / 2 - origin.left;
      const y1 = b.top + b.height / 2 - origin.top;
      // A gentle curve keeps opposite arrows (steal one way, handoff the other) apart.
      const mx = (x0 + x1) / 2 - (y1 - y0) * 0.15;
      const my = (y0 + y1) / 2 + (x1 - x0) * 0.15;
      line.setAttribute('d', `M${x0},${y0} Q${mx},${my} ${x1},${y1}`);
      line.setAttribute('marker-end', 'url(#il-arrowhead)');
      const text = document.createElementNS(SVG, 'text');
      text.setAttribute('x', String(mx));
      text.setAttribute('y', String(my - 4));
      text.textContent = c.kind;
      g.append(line, text);
      this.arrows.appendChild(g);
    }
  }
}

function chips(info: BoxInfo): HTMLElement {
  const list = el('ul', 'mchips');
  list.setAttribute('aria-label', info.describe);
  if (info.lead) {
    const lead = chip(info.lead, 'mchip mchip-lead', `${info.lead} (${info.leadNote ?? 'first'})`);
    lead.dataset.note = info.leadNote ?? '';
    list.appendChild(lead);
  }
  const tasks = info.tasks ?? [];
  for (const t of tasks.slice(0, 8)) list.appendChild(chip(t, 'mchip', t));
  if (tasks.length > 8) list.appendChild(chip(`+${tasks.length - 8}`, 'mchip mchip-more', `${tasks.length - 8} more`));
  if (tasks.length === 0 && !info.lead) list.appendChild(chip('empty', 'mchip mchip-empty', 'empty'));
  return list;
}

function chip(text: string, className: string, label: string): HTMLElement {
  const c = el('li', className);
  c.textContent = text;
  c.setAttribute('aria-label', label);
  if (!className.includes('more') && !className.includes('empty')) c.dataset.task = text;
  return c;
}
