/**
 * Makes an element a link to a source line: focusable, opened by click, Enter or Space,
 * named for screen readers ("G7 worker: go to pipeline.scenario.yaml line 12"), with a
 * pointer cursor and the theme's focus ring (`.il-link` in media/panel.css). Listeners
 * are attached in code, never inline, so the page's strict CSP holds.
 */
import type { SourceLocation } from '../src/protocol/panel';
import { baseName } from './timeline/format';

export type Reveal = (location: SourceLocation) => void;

/** `pipeline.scenario.yaml line 12`: how a location reads in names and tooltips. */
export function describeLocation(location: SourceLocation): string {
  return `${baseName(location.file)} line ${location.line}`;
}

/**
 * Turns `element` into a link to `location`. `name` says what the element is (`G7 worker`,
 * `M0 running G1 main`); the accessible name adds where the link goes.
 */
export function makeSourceLink(element: HTMLElement, name: string, location: SourceLocation, reveal: Reveal): void {
  makeLink(element, () => reveal(location));
  nameLink(element, name, location);
}

/** Sets a link's accessible name and tooltip: what it is and where it goes. */
export function nameLink(element: HTMLElement, name: string, location: SourceLocation): void {
  const label = `${name}: go to ${describeLocation(location)}`;
  element.setAttribute('aria-label', label);
  element.title = `${label} (${location.file}:${location.line}:${location.column})`;
}

/** Makes `element` a focusable link that `open`s on click, Enter or Space. */
export function makeLink(element: HTMLElement, open: () => void): void {
  element.classList.add('il-link');
  element.setAttribute('role', 'link');
  element.tabIndex = 0;
  element.addEventListener('click', (e) => {
    e.stopPropagation(); // a link inside a linked box opens its own line only
    open();
  });
  element.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault(); // Space would scroll, and the panel's Space plays
    e.stopPropagation();
    open();
  });
}
