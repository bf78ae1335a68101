import type { SourceRange } from './program';

/** The finding kinds of the command-line contract (cli.md). */
export type FindingKind =
  | 'data-race'
  | 'deadlock'
  | 'leak'
  | 'lock-order'
  | 'misuse'
  | 'assertion'
  | 'mutual-exclusion'
  | 'expectation'
  | 'starvation'
  | 'priority-inversion'
  | 'livelock';

export interface RelatedLocation {
  readonly at: SourceRange;
  readonly message: string;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly at: SourceRange;
  readonly related: readonly RelatedLocation[];
  /** The schedule string that reproduces it (replays exactly). */
  readonly schedule?: string;
  /**
   * The portfolio member that first found it, and after how many of its own schedules
   * (explore/portfolio.ts); kept when minimisation later finds a simpler schedule.
   * `thread`: check's worker thread that ran it (1, 2, ...); absent for the main search.
   */
  readonly foundBy?: { readonly strategy: string; readonly schedules: number; readonly thread?: number };
}

/** An input error a person must fix: file, line, column, and what to do. */
export interface InputError {
  readonly message: string;
  readonly hint?: string;
  readonly at: SourceRange;
  /**
   * Absent or `error`: the file cannot run. `warning` (a TypeScript type error: tsc still
   * emits code) and `information` (a callback run as one atomic step) let the run go on.
   */
  readonly severity?: 'error' | 'warning' | 'information';
}

export function formatInputError(e: InputError): string {
  const where = `${e.at.file}:${e.at.line}:${e.at.column}`;
  const severity = e.severity ?? 'error';
  return e.hint ? `${where}: ${severity}: ${e.message} (${e.hint})` : `${where}: ${severity}: ${e.message}`;
}
