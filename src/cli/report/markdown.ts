/** `export --format markdown`: the run summary as a Markdown report, for code review. */
import type { FileRun } from '../runs';
import { reportModel, type ReportTable } from './model';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(t: ReportTable): string[] {
  return [row(t.columns.map((c) => c.label)), row(t.columns.map((c) => (c.numeric ? '---:' : '---'))), ...t.rows.map(row)];
}

export function markdownReport(file: string, run: FileRun): string {
  const m = reportModel(file, run);
  const out: string[] = [];
  out.push(`# ${m.title}`, '');
  if (m.description) out.push(m.description, '');
  out.push(`File \`${m.file}\`, seed ${m.seed}. ${m.config}.`, '');
  out.push(`**Makespan ${m.makespan}** (${m.events} events, ${m.stopped}).`, '');
  out.push('## Tasks', '', ...table(m.tasks));
  out.push('', '## Metrics', '', ...table(m.metrics));
  if (m.finals) out.push('', '## Final values', '', ...table(m.finals));
  out.push('', '## Findings', '');
  if (m.findings.length === 0) out.push('None on this schedule.');
  for (const f of m.findings) {
    out.push(`- **${f.kind}** (${f.severity}) at \`${f.at.file}:${f.at.line}:${f.at.column}\`: ${f.message}`);
    for (const rel of f.related) out.push(`  - \`${rel.at.file}:${rel.at.line}:${rel.at.column}\`: ${rel.message}`);
  }
  if (m.sweep) out.push('', '## Sweep', '', ...table(m.sweep));
  if (m.log.length > 0) {
    out.push('', '## Log', '', '```');
    for (const l of m.log) out.push(`${l.time.padStart(12)}  ${l.task}  ${l.text}`);
    out.push('```');
  }
  return out.join('\n') + '\n';
}
