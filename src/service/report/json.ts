/**
 * The `run --json` document of cli.md. Its field names are a contract: add fields,
 * never rename or remove them.
 */
import type { Finding } from '../../core/findings';
import { jsonValue } from '../../core/valueText';
import type { FileRun } from '../runs';

export interface FindingJson {
  kind: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Each related place; `endLine`/`endColumn` added later (cli.md: additive), so a merged part keeps whole places. */
  related: { file: string; line: number; column: number; endLine?: number; endColumn?: number; message: string }[];
  schedule?: string;
  /** check's portfolio: the strategy that first found it and after how many of its own schedules; `thread` when an extra worker thread ran it. */
  foundBy?: { strategy: string; schedules: number; thread?: number };
}

export function findingJson(f: Finding): FindingJson {
  return {
    kind: f.kind,
    severity: f.severity,
    message: f.message,
    file: f.at.file,
    line: f.at.line,
    column: f.at.column,
    endLine: f.at.endLine,
    endColumn: f.at.endColumn,
    related: f.related.map((r) => ({ file: r.at.file, line: r.at.line, column: r.at.column, endLine: r.at.endLine, endColumn: r.at.endColumn, message: r.message })),
    ...(f.schedule !== undefined ? { schedule: f.schedule } : {}),
    ...(f.foundBy !== undefined ? { foundBy: { strategy: f.foundBy.strategy, schedules: f.foundBy.schedules, ...(f.foundBy.thread !== undefined ? { thread: f.foundBy.thread } : {}) } } : {}),
  };
}

export function runJson(file: string, run: FileRun): Record<string, unknown> {
  const r = run.result;
  return {
    file,
    name: run.program.name,
    seed: r.seed,
    config: r.config,
    makespan_ns: r.makespan_ns,
    events: r.events,
    metrics: r.metrics,
    tasks: r.tasks,
    // User values: cycles, BigInts and functions become strings (valueText.ts), never a crash.
    finals: Object.fromEntries(Object.entries(r.finals).map(([k, v]) => [k, jsonValue(v)])),
    returned: jsonValue(r.returned) ?? null,
    findings: r.findings.map(findingJson),
    sweep: run.sweep.map((p) => ({
      set: p.set,
      makespan_ns: p.result.makespan_ns,
      metrics: p.result.metrics,
      stopped: p.result.stopped,
      findings: p.result.findings.map(findingJson),
    })),
    stopped: r.stopped,
    ...(r.error !== undefined ? { error: r.error } : {}),
    schedule: r.schedule,
    log: r.log,
  };
}
