/** `export --format markdown`: the run summary as a Markdown report, for code review. */
import type { Finding } from '../../core/findings';
import type { FileRun } from '../runs';
import { omittedTasksNote, reportModel, type ReportTable } from './model';

/**
 * Text from the file or the run (task names, messages, values from user code) as Markdown
 * that shows exactly that text: no HTML a viewer would render (`<img onerror=…>`), no
 * link, no line break.
 */
function plain(text: string): string {
  return html(text).replace(/[[\]]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** `&`, `<` and `>` as entities: Markdown passes raw HTML through. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(text: string): string {
  return plain(text).replace(/\|/g, '\\|');
}

function longestBacktickRun(text: string): number {
  return (text.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
}

/** A code span that holds `text` whatever backticks it contains (CommonMark: a longer fence). */
function code(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(t: ReportTable): string[] {
  return [row(t.columns.map((c) => c.label)), row(t.columns.map((c) => (c.numeric ? '---:' : '---'))), ...t.rows.map(row)];
}

/** One bullet per finding; with `file`, each schedule as the command that replays it. */
function findingItems(findings: readonly Finding[], file?: string): string[] {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`- **${plain(f.kind)}** (${plain(f.severity)}) at ${code(`${f.at.file}:${f.at.line}:${f.at.column}`)}: ${plain(f.message)}`);
    for (const rel of f.related) out.push(`  - ${code(`${rel.at.file}:${rel.at.line}:${rel.at.column}`)}: ${plain(rel.message)}`);
    if (file !== undefined && f.schedule) out.push(`  - replay: ${code(`interleave replay ${file} --schedule '${f.schedule}'`)}`);
  }
  return out;
}

export function markdownReport(file: string, run: FileRun, display?: string): string {
  const m = reportModel(file, run, display);
  const out: string[] = [];
  out.push(`# ${plain(m.title)}`, '');
  // The description is the author's Markdown (links, emphasis); only its HTML is escaped.
  if (m.description) out.push(html(m.description), '');
  out.push(`File ${code(m.file)}, seed ${m.seed}. ${plain(m.config)}.`, '');
  out.push(`**Makespan ${plain(m.makespan)}** (${m.events} events, ${plain(m.stopped)}).`, '');
  out.push('## Tasks', '', ...table(m.tasks));
  const omitted = omittedTasksNote(m);
  if (omitted) out.push('', plain(omitted));
  out.push('', '## Metrics', '', ...table(m.metrics));
  if (m.finals) out.push('', '## Final values', '', ...table(m.finals));
  out.push('', '## Findings', '');
  if (m.findings.length === 0) out.push('None on this schedule.');
  out.push(...findingItems(m.findings));
  if (m.explored) {
    out.push('', '## Found by exploring schedules', '', plain(m.explored.summary), '');
    if (m.explored.findings.length === 0) out.push('Nothing beyond the findings above.');
    out.push(...findingItems(m.explored.findings, m.file));
  }
  if (m.sweep) out.push('', '## Sweep', '', ...table(m.sweep));
  if (m.log.length > 0) {
    // A fence longer than any run of backticks in the log, so no line can close it.
    const lines = m.log.map((l) => `${l.time.padStart(12)}  ${l.task}  ${l.text}`);
    const fence = '`'.repeat(Math.max(2, lines.reduce((n, l) => Math.max(n, longestBacktickRun(l)), 0)) + 1);
    out.push('', '## Log', '', fence, ...lines, fence);
  }
  return out.join('\n') + '\n';
}
