/**
 * Playback controls: play/pause, speed, step back, step, the scrubber, the "Why?" line
 * (with a link to the event's source line, when it has one) and a note when a debug
 * session drives the panel. Every control is a native button,
 * select or range input, so Tab reaches it and it has a visible focus ring; the arrow
 * keys step when focus is not in a text field or the timeline.
 */
import type { SourceLocation } from '../src/protocol/panel';
import { describeLocation, makeLink, nameLink } from './sourceLink';
import { el } from './timeline/timeline';
import { formatNs } from './timeline/format';

export interface ControlsCallbacks {
  step(): void;
  stepBack(): void;
  /** The scrubber moved (while dragging, too). */
  scrub(event: number): void;
  playChanged(playing: boolean): void;
  speedChanged(eventsPerSecond: number): void;
  /** Open a source line (the "Why?" link). */
  reveal(location: SourceLocation): void;
}

export const SPEEDS = [1, 4, 10, 40, 100, 1000];

export class Controls {
  readonly element: HTMLElement;
  readonly why: HTMLElement;
  /** Beside the "Why?" sentence: the current event's source line, hidden when it has none. */
  private readonly whySource: HTMLElement;
  private whyLocation: SourceLocation | null = null;
  private readonly playButton: HTMLButtonElement;
  private readonly scrubber: HTMLInputElement;
  private readonly position: HTMLElement;
  private readonly speed: HTMLSelectElement;
  private readonly session: HTMLElement;

  constructor(private readonly on: ControlsCallbacks) {
    this.element = el('div', 'controls');
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', 'Playback');
    const back = button('◀ Back', 'Step back', 'step-back', () => on.stepBack());
    this.playButton = button('▶ Play', 'Play', 'play', () => this.setPlaying(this.playButton.dataset.playing !== 'true'));
    const fwd = button('Step ▶', 'Step', 'step', () => on.step());
    this.speed = el('select', 'speed') as HTMLSelectElement;
    this.speed.setAttribute('aria-label', 'Speed, events per second');
    for (const s of SPEEDS) this.speed.add(new Option(`${s}/s`, String(s)));
    this.speed.addEventListener('change', () => on.speedChanged(Number(this.speed.value)));
    this.scrubber = el('input', 'scrubber') as HTMLInputElement;
    this.scrubber.type = 'range';
    this.scrubber.min = '0';
    this.scrubber.max = '0';
    this.scrubber.setAttribute('aria-label', 'Scrubber: which event to show');
    this.scrubber.addEventListener('input', () => on.scrub(Number(this.scrubber.value)));
    this.position = el('span', 'position');
    this.session = el('span', 'session');
    this.session.hidden = true;
    this.session.textContent = 'Following the debug session';
    const bar = el('div', 'controls-bar');
    bar.append(back, this.playButton, fwd, this.speed, this.scrubber, this.position, this.session);
    this.why = el('p', 'why');
    this.why.setAttribute('aria-live', 'polite');
    this.why.setAttribute('aria-label', 'Why');
    this.whySource = el('span', 'why-source');
    this.whySource.hidden = true;
    // One link, re-pointed per event: it opens whatever the current event's line is.
    makeLink(this.whySource, () => { if (this.whyLocation) on.reveal(this.whyLocation); });
    const whyRow = el('div', 'why-row');
    whyRow.append(this.why, this.whySource);
    this.element.append(bar, whyRow);
  }

  setRange(events: number): void {
    this.scrubber.max = String(Math.max(0, events - 1));
  }

  setSpeed(eventsPerSecond: number): void {
    this.speed.value = String(SPEEDS.includes(eventsPerSecond) ? eventsPerSecond : SPEEDS[2]);
  }

  show(event: number, events: number, ns: number, why: string, source: SourceLocation | null): void {
    this.scrubber.value = String(event);
    this.scrubber.setAttribute('aria-valuetext', `event ${event + 1} of ${events}, at ${formatNs(ns)}`);
    this.position.textContent = `${event + 1} / ${events} · ${formatNs(ns)}`;
    this.why.textContent = why ? `Why? ${why}` : 'Why? (no reason recorded for this event)';
    this.whyLocation = source;
    this.whySource.hidden = source === null;
    if (source) {
      this.whySource.textContent = `Go to ${describeLocation(source)}`;
      nameLink(this.whySource, 'This event', source);
    }
  }

  setPlaying(playing: boolean): void {
    this.playButton.dataset.playing = String(playing);
    this.playButton.textContent = playing ? '■ Pause' : '▶ Play';
    this.playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.playButton.setAttribute('aria-pressed', String(playing));
    this.on.playChanged(playing);
  }

  setDebugging(debugging: boolean): void {
    this.session.hidden = !debugging;
  }
}

function button(text: string, label: string, name: string, click: () => void): HTMLButtonElement {
  const b = el('button', `control control-${name}`) as HTMLButtonElement;
  b.type = 'button';
  b.textContent = text;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', click);
  return b;
}
