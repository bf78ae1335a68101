/** The readable summary of `interleave run` without `--json`. */
import { formatNs } from '../../core/index';
import type { Finding } from '../../core/findings';
import type { SimConfig } from '../../core/program';
import { describeRuntime } from '../../core/runtimes/registry';
import { valueText } from '../../core/valueText';
import type { FileRun } from '../runs';

/** `file:line:col: severity: kind: message`, its related places, and how to replay it. */
export function formatFinding(f: Finding, replayable = true): string {
  const lines = [`${f.at.file}:${f.at.line}:${f.at.column}: ${f.severity}: ${f.kind}: ${f.message}`];
  for (const r of f.related) lines.push(`    ${r.at.file}:${r.at.line}:${r.at.column}: ${r.message}`);
  if (f.schedule && replayable) lines.push(`    replay: interleave replay ${f.at.file} --schedule '${f.schedule}'`);
  return lines.join('\n');
}

export function describeConfig(c: SimConfig): string {
  const runtime = describeRuntime(c.runtime);
  return `machine ${c.machine.cores} core${c.machine.cores === 1 ? '' : 's'} × ${c.machine.smt} SMT · os ${c.os.policy} · runtime ${runtime}`;
}

/** How many tasks the text summary of a run lists. */
const TASKS_SHOWN = 50;
const FINALS_SHOWN = 50;

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string {
  // A reduce, not Math.max(...): a run may have a million tasks, more than a call takes arguments.
  const widths = rows[0].map((_, i) => rows.reduce((w, r) => Math.max(w, r[i].length), 0));
  return rows.map((r) => '  ' + r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export function runText(file: string, run: FileRun): string {
  const r = run.result;
  const out: string[] = [];
  out.push(`${run.program.name}  (${file}, seed ${r.seed})`);
  out.push(describeConfig(r.config));
  out.push(`makespan ${formatNs(r.makespan_ns)} · ${r.events} events · ${r.stopped}${r.error ? `: ${r.error}` : ''}`);
  out.push('');
  const rows = [['task', 'name', 'kind', 'start', 'end', 'running', 'runnable', 'blocked']];
  // The text summary lists the first tasks; --json has every one.
  const shown = r.tasks.slice(0, TASKS_SHOWN);
  for (const t of shown) {
    rows.push([t.id, t.name, t.kind, formatNs(t.start_ns), t.end_ns === null ? '—' : formatNs(t.end_ns),
      formatNs(t.running_ns), formatNs(t.runnable_ns), formatNs(t.blocked_ns)]);
  }
  out.push(table(rows));
  if (r.tasks.length > shown.length) out.push(`  … and ${r.tasks.length - shown.length} more tasks (--json lists them all)`);
  out.push('');
  const m = r.metrics;
  const scalars = Object.entries(m).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v}`);
  out.push(`metrics: ${scalars.join(' · ')}`);
  if (Array.isArray(m.hwthread_busy_ns)) {
    out.push(`hardware threads busy: ${m.hwthread_busy_ns.map((ns, i) => `hw${i} ${formatNs(ns)}`).join(', ')}`);
  }
  const finals = Object.entries(r.finals);
  if (finals.length > 0) {
    // A million-element slice has a million finals: the line names the first few and says how many it left out.
    const more = finals.length > FINALS_SHOWN ? `, … and ${finals.length - FINALS_SHOWN} more (--json lists them all)` : '';
    out.push(`finals: ${finals.slice(0, FINALS_SHOWN).map(([k, v]) => `${k} = ${valueText(v)}`).join(', ')}${more}`);
  }
  if (r.returned !== undefined) out.push(`returned: ${valueText(r.returned)}`);
  if (r.log.length > 0) {
    out.push('log:');
    for (const l of r.log) out.push(`  ${formatNs(l.ns).padStart(12)}  ${l.task}  ${l.text}`);
  }
  out.push(r.findings.length === 0 ? 'findings: none' : `findings (${r.findings.length}):`);
  for (const f of r.findings) out.push(formatFinding(f).replace(/^/gm, '  '));
  if (run.sweep.length > 0) {
    out.push('');
    out.push('sweep (what-if runs; their findings do not change the exit status):');
    const sweepRows = [['setting', 'makespan', 'max_running', 'findings', 'stopped']];
    for (const p of run.sweep) {
      sweepRows.push([Object.entries(p.set).map(([k, v]) => `${k}=${String(v)}`).join(' '), formatNs(p.result.makespan_ns),
        String(p.result.metrics.max_running), String(p.result.findings.length), p.result.stopped]);
    }
    out.push(table(sweepRows));
    for (const p of run.sweep) {
      for (const f of p.result.findings) {
        out.push(`  [${Object.entries(p.set).map(([k, v]) => `${k}=${String(v)}`).join(' ')}] ${formatFinding(f, false)}`);
      }
    }
  }
  return out.join('\n') + '\n';
}
