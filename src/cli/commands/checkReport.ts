/**
 * What `check` prints: text, cli.md's `check --format json`, or SARIF 2.1.0. Kept apart
 * from the command (and free of the engine and the front ends) because the supervising
 * thread prints the same report, with what it received so far, when it has to stop a
 * worker that cannot answer.
 */
import type { Finding, InputError } from '../../core/findings';
import { formatInputError } from '../../core/findings';
import { findingJson, findingKey } from '../../service/index';
import { formatCount } from '../budgets';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from '../io';
import { formatPosition, type Position } from '../guard/position';
import type { ThreadReport } from '../checkThreadPool';

export { findingJson as findingToJson } from '../../service/index';

/** The budget that stopped a search or a run before it ended. */
export type BudgetName = 'schedules' | 'time' | 'events' | 'memory' | 'slice' | 'interrupted';

/** How the summary line names a budget. */
export const BUDGET_WORDS: Record<BudgetName, string> = {
  schedules: 'schedule budget reached',
  time: 'wall-clock budget reached',
  events: 'step budget reached',
  memory: 'memory ceiling reached',
  slice: 'a slice of code never reached its next step',
  interrupted: 'interrupted',
};

export interface BudgetStop {
  readonly budget: BudgetName;
  /** A sentence naming the budget, its limit and the flag that raises it. */
  readonly message: string;
  /** Where the program was when it stopped, when that says something. */
  readonly at?: Position;
  /** The supervising thread stopped the worker: the command did not answer (exit 2). */
  readonly hard?: boolean;
}

export interface FileReport {
  file: string;
  schedules: number;
  complete: boolean;
  errors: readonly InputError[];
  runErrors: readonly string[];
  findings: readonly Finding[];
  /** Present when a budget ended the search before it was complete. */
  stop?: BudgetStop;
  /** The portfolio's extra worker threads (checkThreadPool.ts), when it ran on more than one. */
  threads?: readonly ThreadReport[];
  /** A Go package's tests, each explored on its own (check.ts `checkTests`); the fields above sum them. */
  tests?: readonly TestReport[];
  elapsedMs?: number;
  /** `--stateful`: how dpor ran, the states it stored, why it ran stateless. */
  search?: SearchMode;
  /** `--shard K/N`: which part this is, of what, and the dpor prefixes it took (core/explore/shard.ts). */
  shard?: ShardReport;
  /** A shard's part, and merge: the distinct final states of the schedules that finished (JSON text each). */
  outcomes?: readonly string[];
  /** A shard's part: how simple each finding's schedule is, by finding key (merge keeps the simplest). */
  costs?: Readonly<Record<string, { readonly preemptions: number; readonly steps: number }>>;
  /** `interleave merge`: the shards joined and the ones missing. */
  shards?: MergedShards;
}

/** What a part of `check --shard K/N` says about itself. */
export interface ShardReport {
  readonly index: number;
  readonly count: number;
  /** sha256 of every file the front end read, with `-run`: parts of different contents do not merge. */
  readonly program: string;
  /** dpor's split: prefixes of this many choices, how many in all, and this shard's (1-based: shard K takes K, K + N, K + 2N, …). */
  readonly depth?: number;
  readonly prefixes?: number;
  readonly taken?: readonly number[];
}

/** The parts `interleave merge` joined: the file is complete only when none is missing and each part is. */
export interface MergedShards {
  readonly count: number;
  readonly merged: readonly number[];
  readonly missing: readonly number[];
}

/** One Go test's search. */
export interface TestReport {
  readonly name: string;
  /** The line of its `func`. */
  readonly line: number;
  readonly schedules: number;
  readonly complete: boolean;
  readonly findings: readonly Finding[];
  readonly runErrors: readonly string[];
  readonly stop?: BudgetStop;
  readonly elapsedMs: number;
  /** Schedules the portfolio's other threads ran (pct and random). */
  readonly otherSchedules: number;
  /** The default schedule skipped the test (t.Skip) and no schedule failed it. */
  readonly skipped: boolean;
  /** What the default schedule printed (t.Log lines as go test prints them, fmt output). */
  readonly output: readonly string[];
}

/** How a search asked to be stateful ran (check and explore `--stateful`). */
export interface SearchMode {
  readonly mode: 'stateful' | 'stateless';
  readonly states: number;
  readonly statelessBecause?: string;
}

/** ` (stateful, N states)` or ` (stateless: why)`: what follows `dpor` in a report. */
export function searchModeText(search: SearchMode | undefined): string {
  if (!search) return '';
  return search.mode === 'stateful' ? ` (stateful, ${plural(search.states, 'state')})` : ` (stateless: ${search.statelessBecause ?? 'as asked'})`;
}

export function errorToJson(e: InputError): { message: string; file: string; line: number; column: number; hint?: string } {
  return { message: e.message, file: e.at.file, line: e.at.line, column: e.at.column, ...(e.hint ? { hint: e.hint } : {}) };
}

export function formatFindingText(f: Finding): string {
  const lines = [`${f.at.file}:${f.at.line}:${f.at.column}: ${f.severity}: ${f.kind}: ${f.message}`];
  for (const r of f.related) lines.push(`    ${r.at.file}:${r.at.line}:${r.at.column}: ${r.message}`);
  if (f.schedule) lines.push(`    schedule: ${f.schedule}`);
  if (f.foundBy) lines.push(`    found by ${f.foundBy.strategy} after ${f.foundBy.schedules} of its schedules${f.foundBy.thread !== undefined ? ` on thread ${f.foundBy.thread}` : ''}`);
  return lines.join('\n');
}

/** `file:line:col: note: message` when the stop has a place, else `file: note: message`. */
export function formatStopText(file: string, stop: BudgetStop): string {
  return `${stop.at ? formatPosition(stop.at) : file}: ${stop.hard ? 'error' : 'note'}: ${stop.message}`;
}

/** A file the budgets left without an answer (exit 2): the supervisor stopped it, or not one schedule finished. */
export function unanswered(r: { readonly stop?: BudgetStop; readonly schedules: number }): boolean {
  return r.stop !== undefined && (r.stop.hard === true || r.schedules === 0);
}

/** The stop's own line: an error when it left the file unanswered, else a note. */
export function stopLine(r: { readonly file: string; readonly stop?: BudgetStop; readonly schedules: number }): string {
  return formatStopText(r.file, { ...r.stop!, hard: unanswered(r) });
}

export function budgetJson(stop: BudgetStop) {
  return { name: stop.budget, message: stop.message, ...(stop.at ? { file: stop.at.file, line: stop.at.line, column: stop.at.column } : {}) };
}

/**
 * The exit status of a check: 2 on bad input, or when a file did not answer (the
 * supervisor stopped its worker, or a budget ended it before one schedule finished);
 * else 1 with findings, 0 without. A search cut short by a budget after some schedules
 * answers for what it covered (`complete: false`), as the schedule budget always has.
 */
export function checkExitCode(reports: readonly FileReport[]): number {
  if (reports.some((r) => r.errors.length > 0 || unanswered(r))) return EXIT_USAGE;
  return reports.some((r) => r.findings.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

export function printCheck(reports: readonly FileReport[], format: string, io: CliIo): number {
  if (format === 'json') io.out(JSON.stringify(checkJson(reports), null, 2) + '\n');
  else if (format === 'test2json') io.out(test2json(reports));
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(reports), null, 2) + '\n');
  else io.out(checkText(reports));
  if (format !== 'text') {
    for (const r of reports) for (const e of r.errors) io.err(formatInputError(e) + '\n');
    for (const r of reports) if (unanswered(r)) io.err(stopLine(r) + '\n');
  }
  return checkExitCode(reports);
}

export function checkJson(reports: readonly FileReport[]) {
  return {
    files: reports.map((r) => ({
      file: r.file,
      schedules: r.schedules,
      complete: r.complete,
      errors: [...r.errors.map(errorToJson), ...r.runErrors.map((message) => ({ message, file: r.file, line: 1, column: 1 }))],
      findings: r.findings.map((f) => {
        const cost = r.costs?.[findingKey(f)];
        return cost ? { ...findingJson(f), cost } : findingJson(f);
      }),
      ...(r.stop ? { budget: budgetJson(r.stop) } : {}),
      ...(r.threads ? { threads: r.threads } : {}),
      ...(r.shard ? { shard: r.shard } : {}),
      ...(r.shards ? { shards: r.shards } : {}),
      ...(r.outcomes ? { outcomes: r.outcomes.map((o) => JSON.parse(o) as unknown) } : {}),
      ...(r.tests ? {
        tests: r.tests.map((t) => ({
          name: t.name, line: t.line, passed: t.findings.length === 0, skipped: t.skipped, schedules: t.schedules, complete: t.complete, findings: t.findings.map(findingJson),
          ...(t.stop ? { budget: budgetJson(t.stop) } : {}),
        })),
      } : {}),
      ...(r.search ? { search: r.search } : {}),
    })),
    summary: {
      files: reports.length,
      findings: reports.reduce((n, r) => n + r.findings.length, 0),
      errors: reports.reduce((n, r) => n + r.errors.length, 0),
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function checkText(reports: readonly FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    if (r.tests && r.errors.length === 0) {
      out.push(...goTestText(r));
      continue;
    }
    for (const e of r.errors) out.push(formatInputError(e));
    for (const f of r.findings) out.push(formatFindingText(f));
    for (const m of r.runErrors) out.push(`${r.file}: note: ${m}`);
    for (const t of r.threads ?? []) {
      // A thread adds findings, never completeness: the file's answer stands.
      if (t.error !== undefined) out.push(`${r.file}: note: thread ${t.thread} ${t.error}`);
    }
    // A stop with a place gets its own line, which editors and CI logs link to.
    const ownLine = r.stop !== undefined && (r.stop.at !== undefined || unanswered(r));
    if (ownLine) out.push(stopLine(r));
    if (r.errors.length === 0) {
      const state = r.complete ? 'complete'
        : !r.stop ? 'not complete'
          : ownLine ? `not complete (${BUDGET_WORDS[r.stop.budget]}, above)` : `not complete (${r.stop.message})`;
      const others = (r.threads ?? []).reduce((n, t) => n + t.schedules, 0);
      if (others > 0) out.push(`${r.file}: note: ${plural(r.threads!.length, 'other thread')} ran ${formatCount(others)} more schedule${others === 1 ? '' : 's'} (pct and random)`);
      const how = r.search ? ` by dpor${searchModeText(r.search)}` : '';
      out.push(`${r.file}: ${partWords(r)}${plural(r.schedules, 'schedule')} explored${how}, ${state}, ${plural(r.findings.length, 'finding')}`);
    }
  }
  const n = reports.reduce((k, r) => k + r.findings.length, 0);
  out.push(`${plural(n, 'finding')} in ${plural(reports.length, 'file')}`);
  return out.join('\n') + '\n';
}

/** `shard 2 of 4 (prefixes 1, 5 of 8 at depth 3): ` for a part, `4 of 4 shards: ` for a merge. */
function partWords(r: FileReport): string {
  if (r.shards) return `${r.shards.merged.length} of ${plural(r.shards.count, 'shard')}: `;
  if (!r.shard) return '';
  const s = r.shard;
  const taken = s.taken && s.prefixes !== undefined && s.count > 1
    ? ` (${s.taken.length === 0 ? 'no prefix' : `prefix${s.taken.length === 1 ? '' : 'es'} ${s.taken.join(', ')}`} of ${s.prefixes} at depth ${s.depth})` : '';
  return `shard ${s.index} of ${s.count}${taken}: `;
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
  livelock: 'A loop that can never end: it keeps reading values no task will change (or a schedule ran out of steps in one)',
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
  const errors = reports.flatMap((r) => r.errors.map((e) => ({
    level: 'error',
    message: { text: e.hint ? `${e.message} (${e.hint})` : e.message },
    locations: [sarifLocation(e.at.file, e.at)],
  })));
  // A budget that cut a search short is worth a warning; one that left a file unanswered is an error.
  const stops = reports.flatMap((r) => r.stop ? [{
    level: unanswered(r) ? 'error' : 'warning',
    message: { text: r.stop.message },
    locations: [sarifLocation(r.stop.at?.file ?? r.file, r.stop.at ?? { line: 1, column: 1 })],
  }] : []);
  const notifications = [...errors, ...stops];
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
      invocations: [{ executionSuccessful: notifications.every((n) => n.level !== 'error'), toolExecutionNotifications: notifications }],
      results,
    }],
  };
}

// ---- Go tests: what `go test` prints (cmd/go: test.go; testing.go: --- FAIL lines), and `go test -json` (cmd/test2json) ----

/** The command that replays a test's finding. */
function replayLine(file: string, test: string, schedule: string): string {
  return `interleave replay ${file} -run '^${test}$' --schedule '${schedule}'`;
}

function seconds(ms: number | undefined): string {
  return `${((ms ?? 0) / 1000).toFixed(3)}s`;
}

function searchWords(t: TestReport): string {
  const state = t.complete ? 'complete' : t.stop ? `not complete: ${BUDGET_WORDS[t.stop.budget]}` : 'not complete';
  const others = t.otherSchedules > 0 ? ` (+${formatCount(t.otherSchedules)} on other threads)` : '';
  return `${plural(t.schedules, 'schedule')}${others}, ${state}, ${seconds(t.elapsedMs)}`;
}

/** A test's lines: `--- FAIL: TestX (schedule S; …)`, each finding indented with its replay command, or `--- PASS`. */
function testLines(file: string, t: TestReport): string[] {
  if (t.findings.length === 0) return [`--- ${t.skipped ? 'SKIP' : 'PASS'}: ${t.name} (${searchWords(t)})`, ...t.runErrors.map((m) => `    note: ${m}`)];
  const first = t.findings.find((f) => f.schedule)?.schedule;
  const out = [`--- FAIL: ${t.name} (${first ? `schedule ${first}; ` : ''}${searchWords(t)})`];
  for (const f of t.findings) {
    out.push(formatFindingText(f).replace(/^/gm, '    '));
    // testing.go: startAlarm's timer keeps checkdead from firing in a test binary.
    if (f.kind === 'deadlock') out.push('        note: go test does not report this deadlock: it waits for its -timeout (10m by default), then panics "test timed out"');
    if (f.schedule) out.push(`        replay: ${replayLine(file, t.name, f.schedule)}`);
  }
  for (const m of t.runErrors) out.push(`    note: ${m}`);
  return out;
}

function goTestFailed(r: FileReport): boolean {
  return r.findings.length > 0 || unanswered(r);
}

/** `go test`'s text for one package: each test, then FAIL/ok with the package's time. */
function goTestText(r: FileReport): string[] {
  const out = r.tests!.flatMap((t) => testLines(r.file, t));
  if (r.tests!.length === 0) out.push('testing: warning: no tests to run');
  if (r.stop && unanswered(r)) out.push(stopLine(r));
  const failed = goTestFailed(r);
  if (failed) out.push('FAIL');
  out.push(`${failed ? 'FAIL' : 'ok  '}\t${r.file}\t${seconds(r.elapsedMs)}`);
  return out;
}

/**
 * `--format test2json`: the lines `go test -json` prints (cmd/test2json: Time, Action, Package,
 * Test, Output, Elapsed), one JSON object a line, so CI tooling that reads them reads ours. A
 * file that is not a Go package is one package of its own, its text report as output.
 */
export function test2json(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const emit = (o: Record<string, unknown>): void => {
    lines.push(JSON.stringify({ Time: new Date().toISOString(), ...o }));
  };
  for (const r of reports) {
    const Package = r.file;
    // test2json: one Output a line.
    const output = (text: string, Test?: string): void => {
      for (const line of text.split('\n')) emit({ Action: 'output', Package, ...(Test ? { Test } : {}), Output: `${line}\n` });
    };
    if (r.errors.length > 0) {
      output(`FAIL\t${Package} [build failed]`);
      emit({ Action: 'fail', Package, Elapsed: 0 });
      continue;
    }
    if (!r.tests) {
      for (const l of checkText([r]).trimEnd().split('\n').slice(0, -1)) output(l);
      emit({ Action: r.findings.length > 0 || unanswered(r) ? 'fail' : 'pass', Package, Elapsed: (r.elapsedMs ?? 0) / 1000 });
      continue;
    }
    for (const t of r.tests) {
      emit({ Action: 'run', Package, Test: t.name });
      output(`=== RUN   ${t.name}`, t.name);
      const body = testLines(r.file, t);
      // `go test -v` prints a test's log as it runs (here: the default schedule's), the --- line at its end.
      for (const l of [...t.output, ...body.slice(1)]) output(l, t.name);
      output(body[0], t.name);
      emit({ Action: t.findings.length > 0 ? 'fail' : t.skipped ? 'skip' : 'pass', Package, Test: t.name, Elapsed: +(t.elapsedMs / 1000).toFixed(3) });
    }
    const failed = goTestFailed(r);
    output(failed ? 'FAIL' : 'PASS');
    output(`${failed ? 'FAIL' : 'ok  '}\t${Package}\t${seconds(r.elapsedMs)}`);
    emit({ Action: failed ? 'fail' : 'pass', Package, Elapsed: +((r.elapsedMs ?? 0) / 1000).toFixed(3) });
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
