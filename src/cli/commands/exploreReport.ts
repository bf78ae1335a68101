/**
 * What `explore` prints, text or JSON. Free of the engine, like checkReport.ts, so the
 * supervising thread can print what a stopped exploration found so far.
 */
import type { Finding } from '../../core/findings';
import type { CliIo } from '../io';
import { BUDGET_WORDS, budgetJson, findingToJson, formatFindingText, stopLine, unanswered, type BudgetStop } from './checkReport';

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
  readonly errors: readonly string[];
  readonly findings: readonly Finding[];
  readonly stop?: BudgetStop;
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
      },
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
  io.out([
    `${r.file}: ${r.strategy}, ${plural(r.schedules, 'schedule')}${r.redundant ? ` (+${r.redundant} cut short as equivalent)` : ''}, ${state}, `
      + `${r.steps} steps in ${r.elapsedMs} ms${perSecond !== null ? ` (${perSecond} schedules/s)` : ''}`,
    `distinct final states: ${r.outcomes.length === 0 ? 'none finished' : r.outcomes.join('  ')}`,
    ...r.errors.map((e) => `note: ${e}`),
    ...(ownLine ? [stopLine(r)] : []),
    ...r.findings.map(formatFindingText),
    `${plural(r.findings.length, 'distinct finding')}`,
  ].join('\n') + '\n');
}
