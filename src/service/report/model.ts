/**
 * What an exported report says, as plain strings: the Markdown and the HTML report render
 * this one model, so they never disagree about a column, a unit or a number's format.
 */
import { formatNs } from '../../core/index';
import type { Finding } from '../../core/findings';
import { valueText } from '../../core/valueText';
import type { FileRun } from '../runs';
import { describeConfig } from './text';

export interface ReportColumn {
  readonly label: string;
  /** Numbers are right-aligned in both renderings. */
  readonly numeric: boolean;
}

export interface ReportTable {
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly string[])[];
}

/** Most task (and final value) rows a report lists; a run with more says how many it left out (a 100,000-goroutine table helps nobody). */
export const MAX_TASK_ROWS = 1_000;

export interface ReportModel {
  readonly title: string;
  readonly description?: string;
  readonly file: string;
  readonly seed: number;
  /** `machine 2 cores × 1 SMT · os cfs · runtime go, GOMAXPROCS 1` */
  readonly config: string;
  readonly makespan: string;
  readonly events: number;
  readonly stopped: string;
  readonly tasks: ReportTable;
  /** Tasks beyond `MAX_TASK_ROWS`, not in `tasks.rows`. */
  readonly tasksOmitted: number;
  readonly metrics: ReportTable;
  /** Absent when the program has no shared variables. */
  readonly finals?: ReportTable;
  readonly findings: readonly Finding[];
  /** Absent when the file has no `sweep`. */
  readonly sweep?: ReportTable;
  /** Absent unless the schedules were explored (`export --check`). */
  readonly explored?: { readonly summary: string; readonly findings: readonly Finding[] };
  readonly log: readonly { readonly time: string; readonly task: string; readonly text: string }[];
}

function columns(labels: readonly string[], numericFrom: number): ReportColumn[] {
  return labels.map((label, i) => ({ label, numeric: i >= numericFrom }));
}

/**
 * How a report names the file and the places in its findings: the editor runs a document by
 * its absolute path but a report is shared, so it names them as the workspace does
 * (`display`, e.g. `examples/races/lost-update.sim.ts`), and the package's other files
 * beside it the same way. Without `display` (the command line), as given.
 */
function pathNamer(file: string, display: string | undefined): (path: string) => string {
  if (display === undefined || display === file) return (path) => path;
  const cut = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));
  const dir = cut(file);
  const shownDir = cut(display);
  return (path) => path === file ? display
    : dir !== '' && path.startsWith(`${dir}/`) ? `${shownDir === '' ? '' : `${shownDir}/`}${path.slice(dir.length + 1)}` : path;
}

function namedFindings(findings: readonly Finding[], name: (path: string) => string): readonly Finding[] {
  return findings.map((f) => ({ ...f, at: { ...f.at, file: name(f.at.file) }, related: f.related.map((rel) => ({ ...rel, at: { ...rel.at, file: name(rel.at.file) } })) }));
}

export function reportModel(file: string, run: FileRun, display?: string): ReportModel {
  const r = run.result;
  const name = pathNamer(file, display);
  // Markdown printed `description.trim()` whenever a description was given; keep that.
  const description = run.program.description ? run.program.description.trim() : undefined;
  const finals = Object.entries(r.finals);
  return {
    title: run.program.name,
    ...(description !== undefined ? { description } : {}),
    file: name(file),
    seed: r.seed,
    config: describeConfig(r.config),
    makespan: formatNs(r.makespan_ns),
    events: r.events,
    stopped: r.stopped,
    tasks: {
      columns: columns(['task', 'name', 'kind', 'start', 'end', 'running', 'runnable', 'blocked'], 3),
      rows: r.tasks.slice(0, MAX_TASK_ROWS).map((t) => [t.id, t.name, t.kind, formatNs(t.start_ns), t.end_ns === null ? '—' : formatNs(t.end_ns),
        formatNs(t.running_ns), formatNs(t.runnable_ns), formatNs(t.blocked_ns)]),
    },
    tasksOmitted: Math.max(0, r.tasks.length - MAX_TASK_ROWS),
    metrics: {
      columns: columns(['metric', 'value'], 1),
      rows: Object.entries(r.metrics).map(([k, v]) => [k, Array.isArray(v) ? v.map((ns) => formatNs(ns)).join(', ') : String(v)]),
    },
    ...(finals.length > 0 ? {
      finals: {
        columns: columns(['variable', 'value'], 2),
        rows: [...finals.slice(0, MAX_TASK_ROWS).map(([k, v]) => [k, valueText(v)]),
          ...(finals.length > MAX_TASK_ROWS ? [['…', `${finals.length - MAX_TASK_ROWS} more (--format json lists them all)`]] : [])],
      },
    } : {}),
    findings: namedFindings(r.findings, name),
    ...(run.sweep.length > 0 ? {
      sweep: {
        columns: columns(['setting', 'makespan', 'max running', 'findings'], 1),
        rows: run.sweep.map((p) => [Object.entries(p.set).map(([k, v]) => `${k}=${String(v)}`).join(', '),
          formatNs(p.result.makespan_ns), String(p.result.metrics.max_running), String(p.result.findings.length)]),
      },
    } : {}),
    ...(run.explored ? {
      explored: {
        summary: `Explored ${run.explored.schedules} schedule${run.explored.schedules === 1 ? '' : 's'} in the untimed model (only synchronisation orders the steps): `
          + (run.explored.complete ? 'every schedule that can differ.' : 'a budget, not every schedule that can differ.')
          + ' Each finding below has a schedule that replays it exactly.',
        findings: namedFindings(run.explored.findings, name),
      },
    } : {}),
    log: r.log.map((l) => ({ time: formatNs(l.ns), task: l.task, text: l.text })),
  };
}

/** The sentence under a task table that was cut, or undefined when it lists every task. */
export function omittedTasksNote(m: ReportModel): string | undefined {
  if (m.tasksOmitted === 0) return undefined;
  return `The first ${m.tasks.rows.length} of ${m.tasks.rows.length + m.tasksOmitted} tasks; the metrics count them all, and a Chrome trace export (--format chrome) has every task.`;
}
