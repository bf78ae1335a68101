/** `export --format markdown`: the run summary as a Markdown report, for code review. */
import { formatNs } from '../../core/index';
import type { FileRun } from '../runs';
import { describeConfig } from './text';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

export function markdownReport(file: string, run: FileRun): string {
  const r = run.result;
  const out: string[] = [];
  out.push(`# ${run.program.name}`, '');
  if (run.program.description) out.push(run.program.description.trim(), '');
  out.push(`File \`${file}\`, seed ${r.seed}. ${describeConfig(r.config)}.`, '');
  out.push(`**Makespan ${formatNs(r.makespan_ns)}** (${r.events} events, ${r.stopped}).`, '');
  out.push('## Tasks', '', row(['task', 'name', 'kind', 'start', 'end', 'running', 'runnable', 'blocked']),
    row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:']));
  for (const t of r.tasks) {
    out.push(row([t.id, t.name, t.kind, formatNs(t.start_ns), t.end_ns === null ? '—' : formatNs(t.end_ns),
      formatNs(t.running_ns), formatNs(t.runnable_ns), formatNs(t.blocked_ns)]));
  }
  out.push('', '## Metrics', '', row(['metric', 'value']), row(['---', '---:']));
  for (const [k, v] of Object.entries(r.metrics)) {
    out.push(row([k, Array.isArray(v) ? v.map((ns) => formatNs(ns)).join(', ') : String(v)]));
  }
  const finals = Object.entries(r.finals);
  if (finals.length > 0) {
    out.push('', '## Final values', '', row(['variable', 'value']), row(['---', '---']));
    for (const [k, v] of finals) out.push(row([k, JSON.stringify(v) ?? String(v)]));
  }
  out.push('', '## Findings', '');
  if (r.findings.length === 0) out.push('None on this schedule.');
  for (const f of r.findings) {
    out.push(`- **${f.kind}** (${f.severity}) at \`${f.at.file}:${f.at.line}:${f.at.column}\`: ${f.message}`);
    for (const rel of f.related) out.push(`  - \`${rel.at.file}:${rel.at.line}:${rel.at.column}\`: ${rel.message}`);
  }
  if (run.sweep.length > 0) {
    out.push('', '## Sweep', '', row(['setting', 'makespan', 'max running', 'findings']), row(['---', '---:', '---:', '---:']));
    for (const p of run.sweep) {
      out.push(row([Object.entries(p.set).map(([k, v]) => `${k}=${String(v)}`).join(', '), formatNs(p.result.makespan_ns),
        String(p.result.metrics.max_running), String(p.result.findings.length)]));
    }
  }
  if (r.log.length > 0) {
    out.push('', '## Log', '', '```');
    for (const l of r.log) out.push(`${formatNs(l.ns).padStart(12)}  ${l.task}  ${l.text}`);
    out.push('```');
  }
  return out.join('\n') + '\n';
}
