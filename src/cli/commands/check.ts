/**
 * `interleave check FILE... [--schedules N] [--exhaustive] [--format text|json|sarif]`:
 * explores each file's schedules with dpor and reports every distinct finding (cli.md).
 * The JSON is the contract of cli.md; SARIF is 2.1.0 for code-scanning tools.
 */
import '../../core/index';
import type { Finding, InputError } from '../../core/findings';
import { formatInputError } from '../../core/findings';
import { explore } from '../../core/explore';
import { HELP_OPTION, one, UsageError, type ParsedArgs } from '../args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from '../io';
import { loadProgram } from '../loadProgram';
import { findingJson } from '../report/json';
import type { Command } from './command';

/** The finding document of cli.md, shared with `run --json` (report/json.ts). */
export { findingJson as findingToJson } from '../report/json';

export function errorToJson(e: InputError): { message: string; file: string; line: number; column: number; hint?: string } {
  return { message: e.message, file: e.at.file, line: e.at.line, column: e.at.column, ...(e.hint ? { hint: e.hint } : {}) };
}

export function formatFindingText(f: Finding): string {
  const lines = [`${f.at.file}:${f.at.line}:${f.at.column}: ${f.severity}: ${f.kind}: ${f.message}`];
  for (const r of f.related) lines.push(`    ${r.at.file}:${r.at.line}:${r.at.column}: ${r.message}`);
  if (f.schedule) lines.push(`    schedule: ${f.schedule}`);
  return lines.join('\n');
}

export function positiveInt(args: ParsedArgs, name: string, fallback: number): number {
  const text = one(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} needs a whole number ≥ 1, got "${text}"`);
  return n;
}

export interface FileReport {
  file: string;
  schedules: number;
  complete: boolean;
  errors: readonly InputError[];
  runErrors: readonly string[];
  findings: readonly Finding[];
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'explores schedules (dpor) and reports every distinct finding, each with a replayable schedule',
  usage: 'interleave check FILE... [--schedules N] [--exhaustive] [--format text|json|sarif]',
  details: 'Explores each file\'s schedules in the untimed model with source-DPOR and reports data races,\n'
    + 'deadlocks, leaks, lock-order cycles, misuse and failed expectations. `complete` says the search\n'
    + 'covered every schedule that can differ. Replay a finding\'s schedule with `interleave replay`.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input or usage.',
  options: [
    { name: '--schedules', value: true, placeholder: 'N', help: 'most schedules per file (default 1000)' },
    { name: '--exhaustive', value: false, help: 'no schedule budget: run until every schedule that can differ is covered' },
    { name: '--format', value: true, placeholder: 'text|json|sarif', help: 'output format (default text); json is cli.md\'s `check --format json`, sarif is SARIF 2.1.0' },
    HELP_OPTION,
  ],
  run(args, io) {
    const schedules = positiveInt(args, '--schedules', 1000);
    const format = one(args, '--format') ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
    if (args.positionals.length === 0) throw new UsageError('check needs at least one FILE (a .scenario.yaml or .sim.ts)');
    const exhaustive = args.flags.has('--exhaustive');
    const reports = args.positionals.map((file) => checkFile(file, io, exhaustive ? Number.MAX_SAFE_INTEGER : schedules));
    return printCheck(reports, format, io);
  },
};

export function checkFile(file: string, io: CliIo, maxSchedules: number): FileReport {
  const loaded = loadProgram(file, io);
  if (!loaded.program || loaded.errors.length > 0) {
    return { file, schedules: 0, complete: false, errors: loaded.errors, runErrors: [], findings: [] };
  }
  const r = explore(loaded.program, { strategy: 'dpor', maxSchedules });
  return { file, schedules: r.schedules, complete: r.complete, errors: [], runErrors: r.stats.errors, findings: r.findings };
}

export function printCheck(reports: readonly FileReport[], format: string, io: CliIo): number {
  const findings = reports.reduce((n, r) => n + r.findings.length, 0);
  const errors = reports.reduce((n, r) => n + r.errors.length, 0);
  if (format === 'json') io.out(JSON.stringify(checkJson(reports), null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(reports), null, 2) + '\n');
  else io.out(checkText(reports));
  if (errors > 0) {
    if (format !== 'text') for (const r of reports) for (const e of r.errors) io.err(formatInputError(e) + '\n');
    return EXIT_USAGE;
  }
  return findings > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function checkJson(reports: readonly FileReport[]) {
  return {
    files: reports.map((r) => ({
      file: r.file,
      schedules: r.schedules,
      complete: r.complete,
      errors: [...r.errors.map(errorToJson), ...r.runErrors.map((message) => ({ message, file: r.file, line: 1, column: 1 }))],
      findings: r.findings.map(findingJson),
    })),
    summary: {
      files: reports.length,
      findings: reports.reduce((n, r) => n + r.findings.length, 0),
      errors: reports.reduce((n, r) => n + r.errors.length, 0),
    },
  };
}

function checkText(reports: readonly FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const e of r.errors) out.push(formatInputError(e));
    for (const f of r.findings) out.push(formatFindingText(f));
    for (const m of r.runErrors) out.push(`${r.file}: note: ${m}`);
    if (r.errors.length === 0) {
      out.push(`${r.file}: ${r.schedules} schedule${r.schedules === 1 ? '' : 's'} explored, ${r.complete ? 'complete' : 'not complete (budget reached; --exhaustive explores all)'}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`);
    }
  }
  const n = reports.reduce((k, r) => k + r.findings.length, 0);
  out.push(`${n} finding${n === 1 ? '' : 's'} in ${reports.length} file${reports.length === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}

const RULES: Record<string, string> = {
  'data-race': 'Two accesses to shared data, at least one a write, not ordered by any synchronisation',
  deadlock: 'Nothing can run and the program has not ended',
  leak: 'Tasks still blocked when the program ends',
  'lock-order': 'A cycle in the lock acquisition order: a deadlock waiting to happen',
  misuse: 'A misuse the runtime reports (unlock of an unlocked mutex, negative WaitGroup counter, close of a closed channel, ...)',
  assertion: 'An assert failed',
  'mutual-exclusion': 'Two tasks inside one critical section',
  expectation: 'An expect entry failed',
  starvation: 'A runnable task did not run for longer than the threshold',
  'priority-inversion': 'A high-priority task waited on a lock held by a low-priority task kept off the CPU',
};

function sarifLocation(file: string, region: { line: number; column: number; endLine?: number; endColumn?: number }) {
  return {
    physicalLocation: {
      artifactLocation: { uri: file.replace(/\\/g, '/') },
      region: {
        startLine: region.line,
        startColumn: region.column,
        ...(region.endLine !== undefined ? { endLine: region.endLine } : {}),
        ...(region.endColumn !== undefined ? { endColumn: region.endColumn } : {}),
      },
    },
  };
}

/** SARIF 2.1.0: one run, one rule per finding kind, ruleId = kind. */
export function toSarif(reports: readonly FileReport[]) {
  const kinds = Object.keys(RULES);
  const results = reports.flatMap((r) => r.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: kinds.indexOf(f.kind),
    level: f.severity === 'info' ? 'note' : f.severity,
    message: { text: f.message },
    locations: [sarifLocation(f.at.file, f.at)],
    relatedLocations: f.related.map((rel, i) => ({ id: i + 1, ...sarifLocation(rel.at.file, rel.at), message: { text: rel.message } })),
    ...(f.schedule ? { properties: { schedule: f.schedule } } : {}),
  })));
  const notifications = reports.flatMap((r) => r.errors.map((e) => ({
    level: 'error',
    message: { text: e.hint ? `${e.message} (${e.hint})` : e.message },
    locations: [sarifLocation(e.at.file, e.at)],
  })));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'interleave',
          informationUri: 'https://example.invalid/interleave',
          rules: kinds.map((id) => ({ id, name: id, shortDescription: { text: RULES[id] } })),
        },
      },
      invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      results,
    }],
  };
}
