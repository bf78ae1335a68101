/**
 * `interleave check FILE... [--schedules N] [--exhaustive] [--format text|json|sarif]`:
 * explores each file's schedules with dpor and reports every distinct finding (cli.md).
 * The JSON is the contract of cli.md; SARIF is 2.1.0 for code-scanning tools. What it
 * prints is in checkReport.ts.
 */
import '../../core/index';
import { explore } from '../../core/explore';
import { HELP_OPTION, one, UsageError, type ParsedArgs } from '../args';
import { budgetOptions, readBudgets } from '../budgets';
import type { CliIo } from '../io';
import { Watch } from '../guard/watch';
import type { OutputFormat } from '../guard/protocol';
import { printCheck, type BudgetStop, type FileReport } from './checkReport';
import type { Command } from './command';

export { errorToJson, findingToJson, formatFindingText, printCheck, toSarif, type FileReport } from './checkReport';

export function positiveInt(args: ParsedArgs, name: string, fallback: number): number {
  const text = one(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} needs a whole number ≥ 1, got "${text}"`);
  return n;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'explores schedules (dpor) and reports every distinct finding, each with a replayable schedule',
  usage: 'interleave check FILE... [--schedules N] [--exhaustive] [--format text|json|sarif]',
  details: 'Explores each file\'s schedules in the untimed model with source-DPOR and reports data races,\n'
    + 'deadlocks, leaks, lock-order cycles, misuse and failed expectations. `complete` says the search\n'
    + 'covered every schedule that can differ. Replay a finding\'s schedule with `interleave replay`.\n'
    + 'Each file has its own budgets; a search a budget cuts short reports what it covered (complete: false).\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input, or a file that did not answer within its budgets.',
  options: [
    { name: '--schedules', value: true, placeholder: 'N', help: 'most schedules per file (default 1000)' },
    { name: '--exhaustive', value: false, help: 'no schedule budget: run until every schedule that can differ is covered (the wall clock still applies)' },
    { name: '--format', value: true, placeholder: 'text|json|sarif', help: 'output format (default text); json is cli.md\'s `check --format json`, sarif is SARIF 2.1.0' },
    ...budgetOptions('schedule'),
    HELP_OPTION,
  ],
  run(args, io) {
    const schedules = positiveInt(args, '--schedules', 1000);
    const format = one(args, '--format') ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
    if (args.positionals.length === 0) throw new UsageError('check needs at least one FILE (a .scenario.yaml or .sim.ts)');
    const watch = Watch.of(io, readBudgets(args, 'schedule'));
    watch.command({ command: 'check', format: format as OutputFormat, files: args.positionals });
    const exhaustive = args.flags.has('--exhaustive');
    // Under the supervisor, after a file it had to stop, a fresh worker goes on from the next.
    const reports = args.positionals.slice(io.progress?.resumeAt ?? 0).map((file) => {
      const report = checkFile(file, io, exhaustive ? Number.MAX_SAFE_INTEGER : schedules, watch);
      watch.fileDone(report);
      return report;
    });
    watch.idle();
    return printCheck(reports, format, io);
  },
};

export function checkFile(file: string, io: CliIo, maxSchedules: number, watch: Watch): FileReport {
  watch.startFile(file);
  const loaded = watch.load(file, io);
  if (!loaded.program || loaded.errors.length > 0) {
    return { file, schedules: 0, complete: false, errors: loaded.errors, runErrors: [], findings: [] };
  }
  const r = explore(loaded.program, { strategy: 'dpor', maxSchedules, ...watch.exploreOptions() });
  const outcome = watch.exploreOutcome(r, maxSchedules, true);
  const slice = outcome.stop ? undefined : sliceStop(r.stats.errors);
  if (slice) {
    return { file, ...outcome, complete: false, stop: slice.stop, errors: [], runErrors: r.stats.errors.filter((m) => m !== slice.message), findings: r.findings };
  }
  return { file, ...outcome, errors: [], runErrors: r.stats.errors, findings: r.findings };
}

/**
 * The sandbox's own time limits (one slice of JavaScript that never reached its next step,
 * or a run's JavaScript past its total) stop a schedule with an error that names the line:
 * the program was not checked there, so the file is unanswered (exit 2), like a watchdog stop.
 */
const SANDBOX_LIMIT = /^(.*):(\d+):(\d+): (?:\w+: )?((?:ran for more than .* without taking a simulated step|this run spent more than .* between simulated steps).*)$/;

function sliceStop(errors: readonly string[]): { message: string; stop: BudgetStop } | undefined {
  for (const message of errors) {
    const m = SANDBOX_LIMIT.exec(message);
    if (m) return { message, stop: { budget: 'slice', message: m[4], at: { file: m[1], line: Number(m[2]), column: Number(m[3]) }, hard: true } };
  }
  return undefined;
}
