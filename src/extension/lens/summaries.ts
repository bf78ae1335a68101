/**
 * What a run, a check and a comparison look like to a person (pure): the output
 * channel's lines, the status bar's text and the compare table in Markdown.
 */
import { POLICIES } from '../../core/config';
import { formatNs } from '../../core/index';
import type { Finding } from '../../core/findings';
import { runtimeKinds } from '../../core/runtimes/registry';
import type { CheckFileResult, ExplainScheduleResult, RunFileResult } from '../../protocol/fileWork';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function findingLine(f: Finding): string {
  return `  ${f.at.line}:${f.at.column} ${f.kind}: ${f.message}`;
}

export function runReport(file: string, r: RunFileResult): string[] {
  if (r.errors.length > 0) return [`${file}: not run, ${plural(r.errors.length, 'input error')}:`, ...r.errors.map((e) => `  ${e.at.line}:${e.at.column} ${e.message}`)];
  const out = [`Run ${file}`, `  machine: ${r.configSummary ?? '?'}`];
  if (r.stopped !== 'finished') out.push(`  stopped early (${r.stopped ?? 'unknown'})${r.error ? `: ${r.error}` : ''}`);
  out.push(`  makespan: ${r.makespanNs !== undefined ? formatNs(r.makespanNs) : '?'}, ${plural(r.tasks.length, 'task')}, ${plural(r.contextSwitches ?? 0, 'context switch')}`.replace('switchs', 'switches'));
  out.push('  tasks:');
  for (const t of r.tasks) {
    out.push(`    ${t.id.padEnd(5)} ${t.name.padEnd(16)} ran ${formatNs(t.running_ns)}, runnable ${formatNs(t.runnable_ns)}, blocked ${formatNs(t.blocked_ns)}${t.end_ns === null ? ', never finished' : ''}`);
  }
  out.push(`  findings: ${r.findings.length === 0 ? 'none on this schedule' : r.findings.length}`);
  out.push(...r.findings.map(findingLine));
  if (r.log.length > 0) out.push('  log:', ...r.log.map((l) => `    ${l}`));
  if (r.schedule) out.push(`  schedule: ${r.schedule}`);
  return out;
}

export function checkReport(file: string, r: CheckFileResult): string[] {
  if (r.errors.length > 0) return [`${file}: not explored, ${plural(r.errors.length, 'input error')}`];
  const coverage = r.complete ? 'complete (every schedule that can differ)' : `not complete (stopped by ${r.stoppedBy ?? 'budget'})`;
  return [
    `Explored ${file}: ${plural(r.schedules, 'schedule')} in ${r.elapsedMs} ms, ${coverage}`,
    `  findings: ${r.findings.length === 0 ? 'none' : r.findings.length}`,
    ...r.findings.map(findingLine),
    ...r.runErrors.map((m) => `  note: ${m}`),
  ];
}

/** The status bar item: `$(pulse) 1.2 ms · 2 findings · 200 schedules`. */
export function statusText(r: { makespanNs?: number; findings: number; schedules?: number; complete?: boolean; errors?: number }): string {
  if (r.errors) return `$(error) Interleave: ${plural(r.errors, 'input error')}`;
  const parts = [r.makespanNs !== undefined ? formatNs(r.makespanNs) : 'no makespan', plural(r.findings, 'finding')];
  if (r.schedules !== undefined) parts.push(`${plural(r.schedules, 'schedule')}${r.complete ? ' (all)' : ''}`);
  return `${r.findings > 0 ? '$(warning)' : '$(pulse)'} ${parts.join(' · ')}`;
}

export interface CompareSide {
  readonly label: string;
  readonly result: RunFileResult;
}

/** A side-by-side table of two runs of one file that differ in one setting. */
export function compareMarkdown(file: string, setting: string, a: CompareSide, b: CompareSide): string {
  const cell = (r: RunFileResult, pick: (r: RunFileResult) => string) => (r.errors.length > 0 ? 'input error' : pick(r));
  const rows: [string, (r: RunFileResult) => string][] = [
    ['machine', (r) => r.configSummary ?? '?'],
    ['makespan', (r) => (r.makespanNs !== undefined ? formatNs(r.makespanNs) : '?')],
    ['stopped', (r) => r.stopped ?? '?'],
    ['tasks', (r) => String(r.tasks.length)],
    ['context switches', (r) => String(r.contextSwitches ?? 0)],
    ['findings', (r) => (r.findings.length === 0 ? 'none' : r.findings.map((f) => `${f.kind} (line ${f.at.line})`).join(', '))],
  ];
  const lines = [
    `# Compare \`${setting}\`: ${a.label} vs ${b.label}`, '',
    `File: \`${file}\``, '',
    `| | ${setting} = ${a.label} | ${setting} = ${b.label} |`, '|---|---|---|',
    ...rows.map(([name, pick]) => `| ${name} | ${cell(a.result, pick)} | ${cell(b.result, pick)} |`),
  ];
  const ma = a.result.makespanNs;
  const mb = b.result.makespanNs;
  if (ma !== undefined && mb !== undefined && ma > 0) lines.push('', `Makespan ratio ${b.label} / ${a.label}: ${(mb / ma).toFixed(2)}×`);
  const tasks = new Map(b.result.tasks.map((t) => [t.id, t]));
  if (a.result.tasks.length > 0) {
    lines.push('', '| task | running | runnable | blocked |', '|---|---|---|---|');
    for (const t of a.result.tasks) {
      const u = tasks.get(t.id);
      const pair = (x: number, y: number | undefined) => `${formatNs(x)} → ${y !== undefined ? formatNs(y) : '—'}`;
      lines.push(`| ${t.id} ${t.name} | ${pair(t.running_ns, u?.running_ns)} | ${pair(t.runnable_ns, u?.runnable_ns)} | ${pair(t.blocked_ns, u?.blocked_ns)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The settings Compare offers, with the values a person most likely wants to try. */
export const COMPARE_SETTINGS: readonly { readonly path: string; readonly label: string; readonly suggestions: readonly string[] }[] = [
  { path: 'runtime.gomaxprocs', label: 'GOMAXPROCS (Go)', suggestions: ['1', '2', '4'] },
  { path: 'machine.cores', label: 'cores', suggestions: ['1', '2', '4', '8'] },
  { path: 'machine.smt', label: 'SMT hardware threads per core', suggestions: ['1', '2'] },
  { path: 'os.policy', label: 'OS scheduling policy', suggestions: POLICIES },
  // Read when asked, so a runtime registered at run time is offered too.
  { path: 'runtime.kind', label: 'runtime', get suggestions() { return runtimeKinds(); } },
];

/** A typed value becomes a number when it is one (`4`), else stays text (`fifo`). */
export function parseSettingValue(text: string): string | number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** "Show the interleaving" without the panel: the schedule as a Markdown document. */
export function explanationDocument(file: string, schedule: string, r: ExplainScheduleResult): string {
  if (r.errors.length > 0) return `# The interleaving\n\n\`${file}\` has input errors; fix them first:\n\n${r.errors.map((e) => `- ${e.at.line}:${e.at.column} ${e.message}`).join('\n')}\n`;
  const lines = [
    '# The interleaving that proves it', '',
    `File: \`${file}\`  `, `Schedule: \`${schedule}\``, '',
    '## The schedule, step by step', '',
    'Each line is one step that touches shared state or synchronises, in the order this schedule runs them.', '',
    ...r.steps.map((s, i) => `${i + 1}. ${s}`), '',
    '## The same order in the timed model', '',
    r.reproduced ? 'The timed model reproduces this interleaving:' : 'The timed model does not reproduce it exactly:', '',
    ...r.notes.map((n) => `- ${n}`), ...(r.notes.length > 0 ? [''] : []),
    ...r.events.map((e) => `- ${e}`), '',
  ];
  if (r.truncated) lines.push('_(cut to the first 2,000 steps and events)_', '');
  return lines.join('\n');
}
