/**
 * One file's runs for `run` and `export`: the run with the file's own settings (plus
 * `--set`), then one run per point of the file's `sweep` (the cartesian product of its axes).
 */
import { mayHaveTimedFindings, simulate, timedFindings } from '../core/index';
import type { Finding } from '../core/findings';
import type { Program } from '../core/program';
import type { RunResult } from '../core/run';
import { exploreSchedules, findingKey } from './search';

export interface SweepPoint {
  readonly set: Readonly<Record<string, unknown>>;
  readonly result: RunResult;
}

/** What exploring the schedules (as `check`) found that the run as written did not show. */
export interface ExploredFindings {
  readonly schedules: number;
  /** True when every schedule that can differ was covered. */
  readonly complete: boolean;
  /** Each with its replayable schedule; findings the run as written also shows are left out. */
  readonly findings: readonly Finding[];
}

export interface FileRun {
  readonly program: Program;
  readonly result: RunResult;
  readonly sweep: readonly SweepPoint[];
  /** Present when the request asked to explore (`export --check`, the editor's Export Report). */
  readonly explored?: ExploredFindings;
}

export interface RunRequest {
  readonly seed?: number;
  readonly set: Readonly<Record<string, unknown>>;
  readonly trace?: boolean;
  /** Skip the file's sweep (export draws one run). */
  readonly noSweep?: boolean;
  /** Most engine events of each run (the editor's `interleave.budget.events`). */
  readonly budgetEvents?: number;
  /** Polled by the engine between slices; true stops the run (the editor's cancel). */
  readonly shouldCancel?: () => boolean;
  /** Hears each timed run as it ends, before the next begins (the CLI notes where a budget stopped it). */
  readonly onRun?: (result: RunResult) => void;
  /** Also explore the schedules in the untimed model (dpor, as `check`) within these budgets. */
  readonly explore?: { readonly schedules: number; readonly timeLimitMs?: number };
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function sweepPoints(axes: Program['sweep']): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v })));
  }
  return axes.length === 0 ? [] : points;
}

/** Throws with the core's message when a setting is invalid (a usage error for the caller). */
export function runProgram(program: Program, req: RunRequest): FileRun {
  const seed = req.seed ?? program.seed;
  const once = (set: Readonly<Record<string, unknown>>, trace = req.trace, p: Program = program, watchWaits = false): RunResult => {
    const r = simulate(p, {
      mode: 'timed', ...(seed !== undefined ? { seed } : {}), set, ...(trace ? { trace: true } : watchWaits ? { watchWaits: true } : {}),
      ...(req.budgetEvents !== undefined ? { budget: { events: req.budgetEvents } } : {}),
      ...(req.shouldCancel ? { shouldCancel: req.shouldCancel } : {}),
    });
    req.onRun?.(r);
    return r;
  };
  // The timed-only findings of the run as written (starvation, priority inversion) are read
  // from its trace; the trace is dropped unless the caller wants it. Without a caller who
  // wants it, the run is first only watched (core trace/waits.ts), and run again traced (the
  // same run: the model is deterministic) only when it may show such a finding: most runs
  // show none, and a million goroutines' trace is ~700 MB. A cancelled run is not run again.
  let traced = once(req.set, req.trace === true, program, !req.trace);
  if (!req.trace && traced.stopped !== 'cancelled' && mayHaveTimedFindings(traced)) traced = once(req.set, true);
  const extra = traced.trace ? timedFindings(traced) : [];
  const { trace: _trace, ...untraced } = traced;
  const result: RunResult = { ...(req.trace ? traced : untraced), findings: [...traced.findings, ...extra] };
  // A sweep point wins over --set for the path it varies; --set still applies to the rest.
  // A `finishes_within` is written for the run as written; on a point it holds only when its
  // `when` names that point's settings (core/program.ts Expectation).
  const whatIf: Program = { ...program, expects: program.expects.filter((e) => (e.kind !== 'finishes_within' && e.kind !== 'about') || e.when !== undefined) };
  const sweep = req.noSweep ? [] : sweepPoints(program.sweep).map((point) => ({ set: point, result: once({ ...req.set, ...point }, false, whatIf) }));
  return { program, result, sweep, ...(req.explore ? { explored: exploreFindings(program, req, result.findings) } : {}) };
}

function exploreFindings(program: Program, req: RunRequest, shown: readonly Finding[]): ExploredFindings {
  const r = exploreSchedules(program, {
    strategy: 'dpor',
    maxSchedules: req.explore!.schedules,
    set: req.set,
    ...(req.explore!.timeLimitMs !== undefined ? { timeLimitMs: req.explore!.timeLimitMs } : {}),
    ...(req.shouldCancel ? { shouldCancel: req.shouldCancel } : {}),
  });
  // The explorer's own identity of a finding (one race is one pair of places, whatever order).
  const seen = new Set(shown.map(findingKey));
  return { schedules: r.schedules, complete: r.complete, findings: r.findings.filter((f) => !seen.has(findingKey(f))) };
}

/**
 * Findings that decide the exit status: those of the run as written. A sweep is a what-if
 * (`finishes_within: 190ms` is not meant to hold on one core), so its runs' findings are
 * listed beside each point but do not fail the command.
 */
export function findingCount(run: FileRun): number {
  return run.result.findings.length + (run.explored?.findings.length ?? 0);
}

/**
 * A run that hit its budget, or stopped on an error that no finding explains, did not
 * answer the question (exit 2). A program fault such as Go's `fatal error: sync: unlock
 * of unlocked mutex` stops the run too, but comes with its finding (exit 1).
 */
export function stoppedEarly(run: FileRun): string | undefined {
  for (const r of [run.result, ...run.sweep.map((p) => p.result)]) {
    if (r.stopped === 'error' && r.findings.length === 0) return `the simulation stopped with an error: ${r.error ?? 'unknown'}`;
    if (r.stopped === 'budget') return `the simulation hit its budget (${r.events} events) before the program ended${r.error ? `: ${r.error}` : ''}`;
  }
  return undefined;
}
