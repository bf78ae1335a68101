/**
 * The panel: wires the machine view, the timeline, the controls and the what-if bar to
 * the host link, and owns the cursor (which event is shown).
 *
 * Moving the cursor updates the timeline and the "Why?" line at once from the loaded
 * tables, then asks the host for that moment's machine snapshot. Only one such request
 * is in flight: while it is, further moves (scrubbing, playing) are coalesced into one
 * `seek` to wherever the cursor ends up, so the host never queues stale work. When a
 * debug session drives the panel, the host posts `moment`s on its own and the panel
 * follows them; the scrubber's `seek`s move the debugger.
 */
import {
  PANEL_PROTOCOL_VERSION,
  type CompareMessage, type HostMessage, type LoadMessage, type MomentMessage, type SourceLocation,
} from '../src/protocol/panel';
import { Controls } from './controls';
import { HostLink, type VsCodeApi } from './hostLink';
import { interleavingView } from './interleaving';
import { TaskSources } from './machine/taskSources';
import { MachineView } from './machine/view';
import { restoreState, type PanelState } from './persist';
import { el, TimelineView } from './timeline/timeline';
import { WhatIfBar } from './whatIf';

export class Panel {
  private readonly link: HostLink;
  /** Opens a source line in the editor: timeline items, machine items and the "Why?" link. */
  private readonly reveal = (location: SourceLocation): void => this.link.post({ type: 'reveal', location });
  private state: PanelState;
  private readonly controls: Controls;
  private readonly machine: MachineView;
  private readonly whatIf: WhatIfBar;
  private readonly title: HTMLElement;
  /** Which Go or CPython version the model follows (an installed one may differ). */
  private readonly modelVersion: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly timelineSlot: HTMLElement;
  /** The explored interleaving a finding's "Show the interleaving" asked for, when there is one. */
  private readonly interleavingSlot: HTMLElement;
  private load: LoadMessage | null = null;
  timeline: TimelineView | null = null;
  /** Where each task is in the source, from the loaded timeline (machine-view links). */
  private taskSources: TaskSources | null = null;
  private event = 0;
  private inFlight = false;
  private pendingSeek: number | null = null;
  private playing = false;
  private playClock = 0;
  private playCarry = 0;

  constructor(root: HTMLElement, private readonly api: VsCodeApi) {
    this.state = restoreState(api.getState());
    this.link = new HostLink(api, (m, stale) => this.receive(m, stale));
    this.title = el('h2', 'panel-title');
    this.title.textContent = 'Interleave: waiting for a simulation…';
    this.modelVersion = el('p', 'model-version');
    this.notice = el('p', 'notice');
    this.notice.setAttribute('role', 'status');
    this.machine = new MachineView(this.reveal);
    this.controls = new Controls({
      reveal: this.reveal,
      step: () => this.move(this.event + 1, 'step'),
      stepBack: () => this.move(this.event - 1, 'stepBack'),
      scrub: (e) => this.move(e, 'seek'),
      playChanged: (p) => this.setPlaying(p),
      speedChanged: (s) => this.save({ speed: s }),
    });
    this.controls.setSpeed(this.state.speed);
    this.whatIf = new WhatIfBar((settings) => {
      this.save({ whatIf: settings });
      this.link.request({ type: 'whatIf', settings });
    }, this.reveal);
    this.whatIf.setSettings(this.state.whatIf);
    this.timelineSlot = el('div', 'timeline-slot');
    this.interleavingSlot = el('div', 'interleaving-slot');
    const top = el('div', 'panel-top');
    top.append(this.machine.element, this.timelineSlot);
    root.append(this.title, this.modelVersion, this.controls.element, this.notice, this.interleavingSlot, top, this.whatIf.element, this.whatIf.compare);
    document.addEventListener('keydown', (e) => this.key(e));
    // VS Code swaps the body's theme class; the canvases re-read their colours.
    new MutationObserver(() => { this.timeline?.refreshTheme(); this.whatIf.refreshTheme(); })
      .observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    this.link.post({ type: 'ready', protocol: PANEL_PROTOCOL_VERSION, ...(this.state.event > 0 ? { restoredEvent: this.state.event } : {}) });
  }

  get currentEvent(): number { return this.event; }
  get machineSettled(): Promise<void> { return this.machine.settled; }

  private receive(m: HostMessage, stale: boolean): void {
    switch (m.type) {
      case 'load': this.onLoad(m); break;
      case 'moment': this.onMoment(m, stale); break;
      case 'compare': if (!stale) this.onCompare(m); break;
      case 'session': this.controls.setDebugging(m.debugging); break;
      case 'error':
        if (m.replyTo !== undefined && this.link.isLatest('whatIf', m.replyTo)) this.whatIf.failed(m.message);
        else this.notice.textContent = m.message;
        if (m.replyTo !== undefined && !this.link.isLatest('whatIf', m.replyTo)) this.settleRequest();
        break;
    }
  }

  private onLoad(m: LoadMessage): void {
    if (m.protocol !== PANEL_PROTOCOL_VERSION) {
      this.notice.textContent = `The extension speaks panel protocol ${m.protocol}, this page speaks ${PANEL_PROTOCOL_VERSION}: reload the window to update the panel.`;
      return;
    }
    this.load = m;
    this.title.textContent = m.timeline.title;
    this.modelVersion.textContent = m.timeline.modelVersion ?? '';
    this.notice.textContent = '';
    this.interleavingSlot.replaceChildren(...(m.interleaving ? [interleavingView(m.interleaving, this.reveal)] : []));
    const view = new TimelineView(m.timeline, {
      reveal: this.reveal,
      viewChanged: (a, b) => this.save({ viewStartNs: a, viewEndNs: b }),
    });
    this.timeline?.dispose();
    this.timeline = view;
    this.taskSources = new TaskSources(view.data);
    // The machine still shows the previous run: its links would open that run's lines.
    this.machine.forgetSources();
    performance.mark('il:ingested');
    this.timelineSlot.replaceChildren(view.element);
    const { viewStartNs, viewEndNs } = this.state;
    if (viewStartNs !== null && viewEndNs !== null) view.setView(viewStartNs, viewEndNs);
    this.controls.setRange(view.data.eventCount);
    this.show(Math.min(this.state.event, Math.max(0, view.data.eventCount - 1)));
    view.draw();
    performance.mark('il:painted');
  }

  private onMoment(m: MomentMessage, stale: boolean): void {
    // A reply the cursor has already moved past: the coalesced seek will bring the right one.
    const overtaken = m.replyTo !== undefined && this.pendingSeek !== null;
    if (m.replyTo !== undefined) this.settleRequest();
    if (stale || overtaken || !this.timeline) return;
    this.show(Math.min(m.event, this.timeline.data.eventCount - 1), m.why);
    const sources = this.taskSources;
    void this.machine.show(m.machine, m.changes, (task) => sources?.at(task, m.ns) ?? null, m.ns);
  }

  private onCompare(m: CompareMessage): void {
    if (this.load) this.whatIf.show({ timeline: this.load.timeline, summary: this.load.summary }, m);
  }

  /** A moment request was answered: send the coalesced seek, if the cursor moved meanwhile. */
  private settleRequest(): void {
    this.inFlight = false;
    if (this.pendingSeek !== null) {
      const e = this.pendingSeek;
      this.pendingSeek = null;
      this.request(e, 'seek');
    }
  }

  /** Moves the cursor locally at once, then asks the host for the machine at that event. */
  private move(event: number, how: 'step' | 'stepBack' | 'seek'): void {
    if (!this.timeline) return;
    const target = Math.max(0, Math.min(this.timeline.data.eventCount - 1, event));
    if (target === this.event && how !== 'seek') return;
    this.show(target);
    this.request(target, how);
  }

  private request(event: number, how: 'step' | 'stepBack' | 'seek'): void {
    if (this.inFlight) { this.pendingSeek = event; return; }
    this.inFlight = true;
    if (how === 'seek') this.link.request({ type: 'seek', event });
    else this.link.request({ type: how });
  }

  private show(event: number, why?: string): void {
    const view = this.timeline!;
    this.event = event;
    const ns = view.data.eventNs[event] ?? 0;
    view.setCursor(ns);
    const source = view.data.eventSource[event] ?? -1;
    this.controls.show(event, view.data.eventCount, ns, why ?? view.data.whyOf(event), source >= 0 ? view.data.model.sources[source] : null);
    this.save({ event });
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    if (!playing) return;
    if (this.timeline && this.event >= this.timeline.data.eventCount - 1) this.move(0, 'seek'); // play again from the start
    this.playClock = performance.now();
    this.playCarry = 0;
    const tick = (now: number) => {
      if (!this.playing || !this.timeline) return;
      this.playCarry += ((now - this.playClock) / 1000) * this.state.speed;
      this.playClock = now;
      const steps = Math.floor(this.playCarry);
      if (steps > 0) {
        this.playCarry -= steps;
        this.move(this.event + steps, 'seek');
        if (this.event >= this.timeline.data.eventCount - 1) { this.controls.setPlaying(false); return; }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  private key(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    const inField = t.closest('input, select, textarea, canvas') !== null;
    // defaultPrevented: a component used the key itself (the machine view's arrows move between its items).
    if (inField || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') this.move(this.event + 1, 'step');
    else if (e.key === 'ArrowLeft') this.move(this.event - 1, 'stepBack');
    else if (e.key === 'Home') this.move(0, 'seek');
    else if (e.key === 'End' && this.timeline) this.move(this.timeline.data.eventCount - 1, 'seek');
    else if (e.key === ' ' && t === document.body) this.controls.setPlaying(!this.playing);
    else return;
    e.preventDefault();
  }

  private save(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }
}
