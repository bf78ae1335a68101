/**
 * What `explore` prints, text or JSON. Free of the engine, like checkReport.ts, so the
 * supervising thread can print what a stopped exploration found so far.
 */
import type { Finding } from '../../core/findings';
import type { CliIo } from '../io';
import { BUDGET_WORDS, budgetJson, findingToJson, formatFindingText, searchModeText, stopLine, unanswered, type BudgetStop, type SearchMode } from './checkReport';

export interface ExploreReport {
  readonly file: string;
  readonly strategy: string;
  readonly seed: number;
  readonly schedules: number;
  readonly complete: boolean;
  readonly redundant: number;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly minimiseSchedules: number;
  /** The explorer's `stoppedBy`, or `watchdog` when the supervising thread stopped it. */
  readonly stoppedBy: string;
  /** Distinct final states, each as JSON text. */
  readonly outcomes: readonly string[];
  /** `--outcomes VAR,...`: the reachable values of just these variables, one schedule each. */
  readonly outcomesOf?: OutcomesOf;
  readonly errors: readonly string[];
  readonly findings: readonly Finding[];
  readonly stop?: BudgetStop;
  /** `--stateful`: how the search ran, the states it stored, why it ran stateless. */
  readonly search?: SearchMode;
}

export interface OutcomesOf {
  readonly vars: readonly string[];
  /** Each distinct combination of the variables' final values (JSON text, `null` = not set), with a schedule that ends in it. */
  readonly rows: readonly { readonly values: readonly string[]; readonly schedule: string }[];
}

/**
 * Projects distinct final states onto `vars`: each combination of their values once, with
 * the shortest schedule string among the states that end in it (ties: the first in order).
 */
export function outcomesOf(vars: readonly string[], finalStates: readonly { readonly state: string; readonly schedule: string }[]): OutcomesOf {
  const rows = new Map<string, { values: string[]; schedule: string }>();
  for (const f of finalStates) {
    const state = JSON.parse(f.state) as Record<string, unknown>;
    const values = vars.map((v) => (v in state ? JSON.stringify(state[v]) : 'null'));
    const key = JSON.stringify(values);
    const had = rows.get(key);
    if (!had || f.schedule.length < had.schedule.length) rows.set(key, { values, schedule: f.schedule });
  }
  return { vars, rows: [...rows.values()].sort((a, b) => compareRows(a.values, b.values)) };
}

function compareRows(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** The variables named by `--outcomes` that no finished schedule ended with: a typo, most likely. */
export function unknownOutcomeVars(vars: readonly string[], outcomes: readonly string[]): string[] {
  if (outcomes.length === 0) return [];
  const known = new Set<string>();
  for (const o of outcomes) for (const k of Object.keys(JSON.parse(o) as object)) known.add(k);
  return vars.filter((v) => !known.has(v));
}

function outcomeLines(r: ExploreReport, of: OutcomesOf): string[] {
  const head = `outcomes of ${of.vars.join(', ')}: ${plural(of.rows.length, 'distinct result')}`
    + (r.complete ? ', every reachable one (the search was complete)' : ', the ones seen so far (the search was not complete: others may exist)');
  const width = Math.max(...of.rows.map((row) => row.values.map((v, i) => `${of.vars[i]}=${v}`).join(' ').length), 0);
  return [head, ...of.rows.map((row) => `  ${row.values.map((v, i) => `${of.vars[i]}=${v}`).join(' ').padEnd(width)}  schedule: ${row.schedule}`)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function printExplore(r: ExploreReport, json: boolean, io: CliIo): void {
  const total = r.schedules + r.redundant + r.minimiseSchedules;
  const perSecond = r.elapsedMs > 0 ? Math.round(total / (r.elapsedMs / 1000)) : null;
  if (json) {
    io.out(JSON.stringify({
      file: r.file, strategy: r.strategy, seed: r.seed, schedules: r.schedules, complete: r.complete,
      stats: {
        redundant: r.redundant, steps: r.steps, elapsed_ms: r.elapsedMs, minimise_schedules: r.minimiseSchedules,
        stopped_by: r.stoppedBy, schedules_per_second: perSecond, outcomes: r.outcomes.map((o) => JSON.parse(o) as unknown), errors: r.errors,
        ...(r.search ? { search: r.search.mode, states: r.search.states, ...(r.search.statelessBecause ? { stateless_because: r.search.statelessBecause } : {}) } : {}),
      },
      ...(r.outcomesOf ? {
        outcomes_of: {
          vars: r.outcomesOf.vars,
          values: r.outcomesOf.rows.map((row) => ({
            values: Object.fromEntries(r.outcomesOf!.vars.map((v, i) => [v, JSON.parse(row.values[i]) as unknown])),
            schedule: row.schedule,
          })),
        },
      } : {}),
      findings: r.findings.map(findingToJson),
      ...(r.stop ? { budget: budgetJson(r.stop) } : {}),
    }, null, 2) + '\n');
    if (unanswered(r)) io.err(stopLine(r) + '\n');
    return;
  }
  const ownLine = r.stop !== undefined && (r.stop.at !== undefined || unanswered(r));
  const state = r.complete ? 'complete'
    : r.stop ? `not complete (${ownLine ? `${BUDGET_WORDS[r.stop.budget]}, below` : r.stop.message})`
      : `not complete (${r.stoppedBy === 'exhausted' ? 'bounded or a schedule hit its step budget' : `stopped: ${r.stoppedBy}`})`;
  const search = searchModeText(r.search);
  const cut = r.search?.mode === 'stateful' ? 'cut short at a visited state or as equivalent' : 'cut short as equivalent';
  io.out([
    `${r.file}: ${r.strategy}${search}, ${plural(r.schedules, 'schedule')}${r.redundant ? ` (+${r.redundant} ${cut})` : ''}, ${state}, `
      + `${r.steps} steps in ${r.elapsedMs} ms${perSecond !== null ? ` (${perSecond} schedules/s)` : ''}`,
    ...(r.outcomesOf ? outcomeLines(r, r.outcomesOf) : [`distinct final states: ${r.outcomes.length === 0 ? 'none finished' : r.outcomes.join('  ')}`]),
    ...r.errors.map((e) => `note: ${e}`),
    ...(ownLine ? [stopLine(r)] : []),
    ...r.findings.map(formatFindingText),
    `${plural(r.findings.length, 'distinct finding')}`,
  ].join('\n') + '\n');
}
