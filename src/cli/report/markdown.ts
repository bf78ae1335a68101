/** `export --format markdown`: the run summary as a Markdown report, for code review. */
import type { Finding } from '../../core/findings';
import type { FileRun } from '../runs';
import { omittedTasksNote, reportModel, type ReportTable } from './model';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
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
    out.push(`- **${f.kind}** (${f.severity}) at \`${f.at.file}:${f.at.line}:${f.at.column}\`: ${f.message}`);
    for (const rel of f.related) out.push(`  - \`${rel.at.file}:${rel.at.line}:${rel.at.column}\`: ${rel.message}`);
    if (file !== undefined && f.schedule) out.push(`  - replay: \`interleave replay ${file} --schedule '${f.schedule}'\``);
  }
  return out;
}

export function markdownReport(file: string, run: FileRun): string {
  const m = reportModel(file, run);
  const out: string[] = [];
  out.push(`# ${m.title}`, '');
  if (m.description) out.push(m.description, '');
  out.push(`File \`${m.file}\`, seed ${m.seed}. ${m.config}.`, '');
  out.push(`**Makespan ${m.makespan}** (${m.events} events, ${m.stopped}).`, '');
  out.push('## Tasks', '', ...table(m.tasks));
  const omitted = omittedTasksNote(m);
  if (omitted) out.push('', omitted);
  out.push('', '## Metrics', '', ...table(m.metrics));
  if (m.finals) out.push('', '## Final values', '', ...table(m.finals));
  out.push('', '## Findings', '');
  if (m.findings.length === 0) out.push('None on this schedule.');
  out.push(...findingItems(m.findings));
  if (m.explored) {
    out.push('', '## Found by exploring schedules', '', m.explored.summary, '');
    if (m.explored.findings.length === 0) out.push('Nothing beyond the findings above.');
    out.push(...findingItems(m.explored.findings, m.file));
  }
  if (m.sweep) out.push('', '## Sweep', '', ...table(m.sweep));
  if (m.log.length > 0) {
    out.push('', '## Log', '', '```');
    for (const l of m.log) out.push(`${l.time.padStart(12)}  ${l.task}  ${l.text}`);
    out.push('```');
  }
  return out.join('\n') + '\n';
}
