/**
 * `export --format html`: the Markdown report's content (model.ts) as one self-contained
 * page, plus a timeline drawn as inline SVG. No scripts, no remote fonts or images: the
 * page carries its own Content-Security-Policy (`default-src 'none'` and the hash of its
 * one <style>), so it opens offline, from a mail attachment or a CI artefact alike.
 * Every string from the scenario or the run is escaped; colours follow
 * `prefers-color-scheme`, and each task state also has its own fill pattern and a label.
 */
import { createHash } from 'node:crypto';
import { formatNs, type TaskStateName } from '../../core/index';
import type { Finding } from '../../core/findings';
import type { FileRun } from '../runs';
import { escapeHtml } from './escape';
import { markdownToHtml } from './markdownHtml';
import { omittedTasksNote, reportModel, type ReportTable } from './model';
import { barTitle, LANE_STATES, MAX_RECTS, timelineLayout, type TimelineLayout } from './timeline';


const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --lane: #f6f8fa; --code: #eff2f5;
  --running: #2da44e; --runnable: #d4a72c; --blocked: #cf222e; --syscall: #8250df; --io: #0969da; --sleep: #8c959f;
  --ink: rgba(0, 0, 0, 0.5); --error: #cf222e; --warning: #9a6700; --info: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d; --lane: #151b23; --code: #262c36;
    --running: #3fb950; --runnable: #d29922; --blocked: #f85149; --syscall: #ab7df8; --io: #4493f8; --sleep: #9198a1;
    --ink: rgba(0, 0, 0, 0.6); --error: #f85149; --warning: #d29922; --info: #4493f8; }
}
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
.description > :first-child { margin-top: 0; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 0.75rem; overflow-x: auto; border-radius: 6px; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--lane); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.timeline { overflow-x: auto; }
.timeline svg { display: block; max-width: 100%; height: auto; }
svg text { fill: var(--fg); font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; }
svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--rule); }
svg .lane { fill: var(--lane); }
.f-running { fill: var(--running); } .f-runnable { fill: var(--runnable); } .f-blocked { fill: var(--blocked); }
.f-syscall { fill: var(--syscall); } .f-io { fill: var(--io); } .f-sleep { fill: var(--sleep); }
.ink { stroke: var(--ink); stroke-width: 1.5; } .ink-dot { fill: var(--ink); }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.25rem; }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
.swatch { border: 1px solid var(--rule); }
.note { color: var(--muted); }
.findings li { margin: 0.3rem 0; }
.sev { font-weight: 600; } .sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
`;

/** What each state means, and the pattern that tells it apart without colour. */
const STATE_LEGEND: Readonly<Record<string, string>> = {
  running: 'running on a hardware thread (solid)',
  runnable: 'runnable, waiting for a CPU (diagonal hatch)',
  blocked: 'blocked on a sync object (cross-hatch)',
  syscall: 'in a system call (dots)',
  io: 'waiting on I/O (horizontal lines)',
  sleep: 'sleeping (vertical lines)',
};

/** The pattern's marks over its state's fill; one 6×6 tile. */
const PATTERN_MARKS: Readonly<Record<string, string>> = {
  running: '',
  runnable: '<line class="ink" x1="0" y1="0" x2="0" y2="6"/>',
  blocked: '<line class="ink" x1="0" y1="0" x2="0" y2="6"/><line class="ink" x1="0" y1="0" x2="6" y2="0"/>',
  syscall: '<circle class="ink-dot" cx="3" cy="3" r="1.2"/>',
  io: '<line class="ink" x1="0" y1="3" x2="6" y2="3"/>',
  sleep: '<line class="ink" x1="3" y1="0" x2="3" y2="6"/>',
};
const ROTATED = new Set(['runnable', 'blocked']);

function patternId(state: TaskStateName): string {
  return `st-${LANE_STATES.includes(state) ? state : 'sleep'}`;
}

function patternDefs(): string {
  return LANE_STATES.map((s) => `<pattern id="st-${s}" patternUnits="userSpaceOnUse" width="6" height="6"`
    + `${ROTATED.has(s) ? ' patternTransform="rotate(45)"' : ''}><rect class="f-${s}" width="6" height="6"/>${PATTERN_MARKS[s]}</pattern>`).join('');
}

/** Plot geometry in SVG user units. */
const GUTTER = 180;
const PLOT = 900;
const RIGHT = 24;
const TOP = 6;
const ROW = 20;
const LABEL_CHARS = 26;

/** Two decimals are finer than any screen shows, and keep big drawings small. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function laneLabel(text: string): string {
  return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + '…' : text;
}

function timelineSvg(t: TimelineLayout): string {
  const lanesBottom = TOP + t.lanes.length * ROW;
  const height = lanesBottom + 34;
  const width = GUTTER + PLOT + RIGHT;
  const out: string[] = [];
  out.push(`<svg role="img" aria-labelledby="timeline-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title id="timeline-title">Timeline: ${t.lanes.length} task lanes over ${escapeHtml(formatNs(t.spanNs))}</title>`,
    `<defs>${patternDefs()}</defs>`);
  t.lanes.forEach((lane, i) => {
    const y = TOP + i * ROW;
    const full = `${lane.label} ${lane.name}`;
    out.push(`<g class="lane-row"><rect class="lane" x="${GUTTER}" y="${y}" width="${PLOT}" height="${ROW - 2}"/>`
      + `<text x="${GUTTER - 8}" y="${y + 13}" text-anchor="end"><title>${escapeHtml(full)}</title>${escapeHtml(laneLabel(full))}</text></g>`);
  });
  for (const tick of t.ticks) {
    const x = n(GUTTER + tick.x);
    out.push(`<line class="grid" x1="${x}" y1="${TOP}" x2="${x}" y2="${lanesBottom}"/>`,
      `<line class="axis" x1="${x}" y1="${lanesBottom}" x2="${x}" y2="${lanesBottom + 5}"/>`,
      `<text x="${x}" y="${lanesBottom + 18}" text-anchor="middle">${escapeHtml(tick.ms)}</text>`);
  }
  out.push(`<line class="axis" x1="${GUTTER}" y1="${lanesBottom}" x2="${GUTTER + PLOT}" y2="${lanesBottom}"/>`,
    `<text x="${GUTTER - 18}" y="${lanesBottom + 18}" text-anchor="end">time (ms)</text>`);
  for (const bar of t.bars) {
    const y = TOP + bar.lane * ROW + 2;
    const title = `<title>${escapeHtml(barTitle(bar, t.lanes[bar.lane]))}</title>`;
    const rect = (x: number, w: number, state: TaskStateName, inner: string) => `<rect class="bar" x="${n(GUTTER + x)}" y="${y}"`
      + ` width="${n(w)}" height="${ROW - 6}" fill="url(#${patternId(state)})">${inner}</rect>`;
    if (!bar.mix) {
      // An interval shorter than a unit still gets a visible sliver.
      out.push(rect(bar.x, Math.max(bar.width, 1), bar.state, title));
      continue;
    }
    // A merged bar: one part per state, as wide as its share of the time.
    const total = bar.mix.reduce((sum, [, ns]) => sum + ns, 0);
    let x = bar.x;
    const parts = bar.mix.map(([state, ns]) => {
      const w = (Math.max(bar.width, 1) * ns) / total;
      x += w;
      return rect(x - w, w, state, '');
    });
    out.push(`<g class="merged">${title}${parts.join('')}</g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

function legend(states: readonly TaskStateName[]): string {
  const items = states.map((s) => `<li><svg class="swatch" width="28" height="14" aria-hidden="true">`
    + `<rect width="28" height="14" fill="url(#${patternId(s)})"/></svg>`
    + `<span><strong>${escapeHtml(s)}</strong>: ${escapeHtml(STATE_LEGEND[s] ?? s)}</span></li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

function timelineSection(run: FileRun): string[] {
  const t = timelineLayout(run.result, PLOT);
  if (!t) return ['<p class="note">This run has no trace, so no timeline is drawn.</p>'];
  const out = [`<figure class="timeline">${timelineSvg(t)}</figure>`, legend(t.states)];
  const notes: string[] = [];
  if (t.lanes.length < t.totalTasks) {
    notes.push(`Showing the first ${t.lanes.length} of ${t.totalTasks} tasks.`);
  }
  if (t.merged > 0) {
    notes.push(`${t.coarsened ? `To keep the drawing under ${MAX_RECTS} rectangles, ` : ''}${t.merged} intervals shorter than `
      + `${formatNs(Math.round(t.resolutionNs))} are drawn merged: each merged bar is split in `
      + 'proportion to the time spent in each state (its tooltip gives the times).');
  }
  for (const note of notes) out.push(`<p class="note">${escapeHtml(note)}</p>`);
  return out;
}

function table(t: ReportTable): string {
  const cls = (numeric: boolean) => (numeric ? ' class="num"' : '');
  const head = t.columns.map((c) => `<th${cls(c.numeric)}>${escapeHtml(c.label)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((v, i) => `<td${cls(t.columns[i].numeric)}>${escapeHtml(v)}</td>`).join('')}</tr>`);
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function where(at: Finding['at']): string {
  return `<code>${escapeHtml(`${at.file}:${at.line}:${at.column}`)}</code>`;
}

/** The findings as a list; with `file`, each schedule as the command that replays it. */
function findingsList(findings: readonly Finding[], none: string, file?: string): string {
  if (findings.length === 0) return `<p>${escapeHtml(none)}</p>`;
  const items = findings.map((f) => {
    const notes = f.related.map((r) => `<li>${where(r.at)}: ${escapeHtml(r.message)}</li>`);
    if (file !== undefined && f.schedule) notes.push(`<li>replay: <code>${escapeHtml(`interleave replay ${file} --schedule '${f.schedule}'`)}</code></li>`);
    const related = notes.length === 0 ? '' : `<ul>${notes.join('')}</ul>`;
    return `<li><strong>${escapeHtml(f.kind)}</strong> <span class="sev sev-${escapeHtml(f.severity)}">(${escapeHtml(f.severity)})</span>`
      + ` at ${where(f.at)}: ${escapeHtml(f.message)}${related}</li>`;
  });
  return `<ul class="findings">\n${items.join('\n')}\n</ul>`;
}

function omittedParagraph(m: ReturnType<typeof reportModel>): string[] {
  const note = omittedTasksNote(m);
  return note ? [`<p class="note">${escapeHtml(note)}</p>`] : [];
}

export function htmlReport(file: string, run: FileRun, display?: string): string {
  const m = reportModel(file, run, display);
  const style = STYLE.trim();
  // The page allows nothing but its own stylesheet, pinned by hash (CSP level 2).
  const styleHash = createHash('sha256').update(style, 'utf8').digest('base64');
  const body: string[] = [`<h1>${escapeHtml(m.title)}</h1>`];
  if (m.description) body.push(`<div class="description">\n${markdownToHtml(m.description)}\n</div>`);
  body.push(`<p>File <code>${escapeHtml(m.file)}</code>, seed ${m.seed}. ${escapeHtml(m.config)}.</p>`,
    `<p><strong>Makespan ${escapeHtml(m.makespan)}</strong> (${m.events} events, ${escapeHtml(m.stopped)}).</p>`,
    '<h2>Timeline</h2>', ...timelineSection(run),
    '<h2>Tasks</h2>', table(m.tasks), ...omittedParagraph(m),
    '<h2>Metrics</h2>', table(m.metrics));
  if (m.finals) body.push('<h2>Final values</h2>', table(m.finals));
  body.push('<h2>Findings</h2>', findingsList(m.findings, 'None on this schedule.'));
  if (m.explored) {
    body.push('<h2>Found by exploring schedules</h2>', `<p>${escapeHtml(m.explored.summary)}</p>`,
      findingsList(m.explored.findings, 'Nothing beyond the findings above.', m.file));
  }
  if (m.sweep) body.push('<h2>Sweep</h2>', table(m.sweep));
  if (m.log.length > 0) {
    body.push('<h2>Log</h2>', `<pre>${m.log.map((l) => escapeHtml(`${l.time.padStart(12)}  ${l.task}  ${l.text}`)).join('\n')}</pre>`);
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${styleHash}'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(m.title)} · Interleave report</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}
