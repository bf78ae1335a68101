/**
 * "Show the interleaving" (issue 16 item 3): the schedule a search found, as it was found:
 * the untimed steps in order, one column per task, no durations (only synchronisation
 * orders them), the two racing accesses marked and every step linked to its line. It sits
 * above the timed run that the panel steers towards it.
 */
import type { Interleaving, SourceLocation } from '../src/protocol/panel';
import { el } from './timeline/timeline';

/** Most rows drawn; a longer interleaving shows the rows around its marked steps. */
const MAX_ROWS = 400;

/** The rows to draw: all of them, or a window from before the first mark to after the last, with how many were left out on each side. */
function shownRange(it: Interleaving): { from: number; to: number } {
  const n = it.steps.length;
  if (n <= MAX_ROWS) return { from: 0, to: n };
  const marked = it.steps.flatMap((s, i) => (s.mark ? [i] : []));
  const first = marked[0] ?? n - 1;
  const last = marked[marked.length - 1] ?? n - 1;
  const from = Math.max(0, Math.min(first - MAX_ROWS / 2, last + MAX_ROWS / 4 - MAX_ROWS));
  return { from, to: Math.min(n, from + MAX_ROWS) };
}

export function interleavingView(it: Interleaving, reveal: (location: SourceLocation) => void): HTMLElement {
  const section = el('section', 'interleaving');
  section.setAttribute('aria-label', 'The interleaving found');
  const heading = el('h3', 'interleaving-title');
  heading.textContent = `The interleaving found: ${it.steps.length} step${it.steps.length === 1 ? '' : 's'} in order, untimed (only synchronisation orders them)`;
  section.append(heading);
  if (it.finding) {
    const finding = el('p', 'interleaving-finding');
    finding.textContent = `It proves ${it.finding}. The marked rows are the two racing accesses.`;
    section.append(finding);
  }
  const box = el('div', 'interleaving-box');
  const table = el('table', 'interleaving-steps') as HTMLTableElement;
  const head = table.createTHead().insertRow();
  for (const t of ['#', ...it.tasks]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t;
    head.append(th);
  }
  const body = table.createTBody();
  const { from, to } = shownRange(it);
  const gap = (count: number, where: string) => {
    const row = body.insertRow();
    row.className = 'interleaving-gap';
    const cell = row.insertCell();
    cell.colSpan = it.tasks.length + 1;
    cell.textContent = `… ${count} ${where} step${count === 1 ? '' : 's'} not listed`;
  };
  if (from > 0) gap(from, 'earlier');
  for (let i = from; i < to; i++) {
    const step = it.steps[i];
    const row = body.insertRow();
    row.dataset.step = String(i);
    if (step.mark) {
      row.className = 'interleaving-mark';
      row.setAttribute('aria-label', `racing access: ${step.text}`);
    }
    const index = row.insertCell();
    index.textContent = String(i + 1);
    for (let t = 0; t < it.tasks.length; t++) {
      const cell = row.insertCell();
      if (t !== step.task) continue;
      if (step.at) {
        const link = el('button', 'interleaving-link') as HTMLButtonElement;
        link.type = 'button';
        link.textContent = step.text;
        link.title = `Go to line ${step.at.line}`;
        const at = step.at;
        link.addEventListener('click', () => reveal(at));
        cell.append(link);
      } else {
        cell.textContent = step.text;
      }
    }
  }
  if (to < it.steps.length) gap(it.steps.length - to, 'later');
  if (it.truncated) gap(0, 'more (the listing stops at its cap)');
  box.append(table);
  section.append(box);
  if (it.timed) {
    const timed = el('p', 'interleaving-timed');
    timed.textContent = it.timed;
    section.append(timed);
  }
  return section;
}
