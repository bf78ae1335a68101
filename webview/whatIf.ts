/**
 * The what-if bar: re-run the same program with another GOMAXPROCS, core count, SMT,
 * OS policy or runtime, and show both runs side by side on one time scale.
 */
import { POLICIES } from '../src/core/config';
import { runtimeKinds } from '../src/core/runtimes/registry';
import type { CompareMessage, RunSummary, Timeline, WhatIfSettings } from '../src/protocol/panel';
import { formatNs } from './timeline/format';
import { el, TimelineView, type TimelineCallbacks } from './timeline/timeline';

export class WhatIfBar {
  readonly element: HTMLElement;
  readonly compare: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly note: HTMLElement;
  private panes: TimelineView[] = [];

  constructor(private readonly submit: (settings: WhatIfSettings) => void, private readonly reveal: TimelineCallbacks['reveal']) {
    this.element = el('form', 'whatif') as HTMLFormElement;
    this.form = this.element as HTMLFormElement;
    this.form.setAttribute('aria-label', 'What if: re-run with other settings');
    const title = el('span', 'whatif-title');
    title.textContent = 'What if…';
    this.form.append(title,
      field('GOMAXPROCS', numberInput('gomaxprocs', 1, 256)),
      field('cores', numberInput('cores', 1, 256)),
      field('SMT', select('smt', ['', '1', '2', '4'])),
      field('policy', select('policy', ['', ...POLICIES])),
      // Go first: the what-if bar is mostly about GOMAXPROCS (its first field).
      field('runtime', select('runtime', ['', ...orderedKinds(runtimeKinds(), 'go')])));
    const run = el('button', 'control control-whatif') as HTMLButtonElement;
    run.type = 'submit';
    run.textContent = 'Re-run';
    this.note = el('span', 'whatif-note');
    this.note.setAttribute('aria-live', 'polite');
    this.form.append(run, this.note);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const s = this.settings();
      if (Object.keys(s).length === 0) { this.note.textContent = 'Change at least one setting first.'; return; }
      this.note.textContent = 'Running…';
      this.submit(s);
    });
    this.compare = el('section', 'compare');
    this.compare.setAttribute('aria-label', 'Side by side');
    this.compare.hidden = true;
  }

  settings(): WhatIfSettings {
    const data = new FormData(this.form);
    const s: Record<string, string | number> = {};
    for (const [k, v] of data) {
      if (typeof v !== 'string' || v === '') continue;
      s[k] = k === 'policy' || k === 'runtime' ? v : Number(v);
    }
    return s as WhatIfSettings;
  }

  setSettings(s: WhatIfSettings): void {
    for (const [k, v] of Object.entries(s)) {
      const input = this.form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;
      if (input) input.value = String(v);
    }
  }

  failed(message: string): void {
    this.note.textContent = message;
  }

  /** Shows the current run and the what-if run side by side, on one shared time scale. */
  show(current: { timeline: Timeline; summary: RunSummary }, m: CompareMessage): void {
    this.note.textContent = '';
    const span = Math.max(current.timeline.endNs, m.timeline.endNs);
    const sync = (from: TimelineView) => (a: number, b: number) => {
      for (const p of this.panes) if (p !== from && (p.view.startNs !== a || p.view.endNs !== b)) p.setView(a, b);
    };
    const pane = (title: string, run: { timeline: Timeline; summary: RunSummary }, other: RunSummary) => {
      const box = el('div', 'compare-pane');
      const h = el('h3', 'compare-title');
      h.textContent = title;
      const ratio = other.makespanNs > 0 ? run.summary.makespanNs / other.makespanNs : 1;
      const facts = el('p', 'compare-summary');
      facts.textContent = `makespan ${formatNs(run.summary.makespanNs)} (×${ratio.toFixed(2)}), `
        + `${run.summary.contextSwitches} context switches, ${run.summary.steals} steals, ${run.summary.handoffs} handoffs, `
        + `${run.summary.gilSwitches} GIL switches, ${run.summary.findings} findings`;
      let view: TimelineView | null = null;
      view = new TimelineView(run.timeline, { reveal: this.reveal, viewChanged: (a, b) => view && sync(view)(a, b) }, title);
      this.panes.push(view);
      box.append(h, facts, view.element);
      return box;
    };
    for (const p of this.panes) p.dispose();
    this.panes = [];
    const label = Object.entries(m.settings).map(([k, v]) => `${k === 'gomaxprocs' ? 'GOMAXPROCS' : k}=${v}`).join(', ');
    this.compare.replaceChildren(pane('This run', current, m.summary), pane(`What if ${label}`, m, current.summary));
    this.compare.hidden = false;
    for (const p of this.panes) p.setView(0, span);
  }

  refreshTheme(): void {
    for (const p of this.panes) p.refreshTheme();
  }
}

function field(label: string, input: HTMLElement): HTMLElement {
  const l = el('label', 'whatif-field');
  l.append(document.createTextNode(label), input);
  return l;
}

function numberInput(name: string, min: number, max: number): HTMLInputElement {
  const i = el('input', 'whatif-input') as HTMLInputElement;
  i.type = 'number';
  i.name = name;
  i.min = String(min);
  i.max = String(max);
  i.placeholder = 'same';
  return i;
}

function select(name: string, options: string[]): HTMLSelectElement {
  const s = el('select', 'whatif-input') as HTMLSelectElement;
  s.name = name;
  for (const o of options) s.add(new Option(o || 'same', o));
  return s;
}

/** `kinds` with `first` moved to the front (the bar's runtime menu has always started with Go). */
function orderedKinds(kinds: readonly string[], first: string): string[] {
  return kinds.includes(first) ? [first, ...kinds.filter((k) => k !== first)] : [...kinds];
}
