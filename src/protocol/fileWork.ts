/**
 * Worker requests of the race lens (src/extension/lens): check, run and explain one
 * scenario or `.sim.ts` document, given by its text. Registered in `WorkerRequests`
 * (worker.ts) as `check-file`, `run-file` and `explain-schedule`.
 */
import type { Finding, InputError } from '../core/findings';
import type { TaskSummary } from '../core/run';

/** What every file request carries. */
export interface FileRequestBase {
  /** The document text (unsaved edits included). */
  readonly text: string;
  /** The file name findings are reported against (the document's fsPath). */
  readonly file: string;
  /** Setting overrides, as `--set` (`machine.cores: 4`). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Applied as `machine.cores` / `machine.smt` overrides only when the file sets no machine. */
  readonly defaultMachine?: { readonly cores?: number; readonly smt?: number };
  /** Most engine events of one run (the `interleave.budget.events` setting). */
  readonly budgetEvents?: number;
  /**
   * An Int32Array's buffer the host sets to 1 to cancel: a synchronous exploration cannot
   * see the `cancel` message until it ends, but it polls this between schedules.
   */
  readonly cancelFlag?: SharedArrayBuffer;
  /** One entry point of the file (a Go test, by name) instead of the file's own program. */
  readonly entry?: string;
}

export interface CheckFileParams extends FileRequestBase {
  /** Most schedules to explore. */
  readonly schedules: number;
  /** Wall-clock budget of the exploration in ms (it stops early, reporting what it found). */
  readonly timeLimitMs?: number;
}

/** A check still running: the findings met so far (`check-file`'s partial message). */
export interface CheckFilePartial {
  readonly findings: readonly Finding[];
  readonly schedules: number;
  /** A file of entry points: the findings so far by entry (each test's name, line and findings). */
  readonly entries?: readonly Pick<EntryCheck, 'name' | 'line' | 'findings'>[];
}

/** What one search says: a file's (`CheckFileResult`) or one entry point's (`EntryCheck`). */
export interface SearchOutcome {
  readonly findings: readonly Finding[];
  readonly schedules: number;
  /** True when every schedule that could differ was covered. */
  readonly complete: boolean;
  readonly stoppedBy?: 'exhausted' | 'schedules' | 'time' | 'cancelled';
  /** Run errors that no finding explains (a program that throws). */
  readonly runErrors: readonly string[];
  /** The entry (a Go test) skipped itself on its default schedule (t.Skip) and no schedule failed it. */
  readonly skipped?: boolean;
  readonly elapsedMs: number;
}

export interface CheckFileResult extends SearchOutcome {
  readonly errors: readonly InputError[];
  /** What the file does wrong that still let it run (a TypeScript type error): shown beside the findings. */
  readonly warnings?: readonly InputError[];
  /** Makespan of the default timed run, in ns (absent when it did not finish). */
  readonly makespanNs?: number;
  readonly tasks?: number;
  /**
   * A file of entry points (a Go test file) checked without `entry`: each entry's own search,
   * in file order; `findings` is all of theirs.
   */
  readonly entries?: readonly EntryCheck[];
}

/** One entry point's search (a Go test's), as `interleave check` reports each test. */
export interface EntryCheck extends SearchOutcome {
  readonly name: string;
  /** 1-based line of its declaration. */
  readonly line: number;
}

export type RunFileParams = FileRequestBase;

export interface RunFileResult {
  readonly errors: readonly InputError[];
  readonly makespanNs?: number;
  readonly findings: readonly Finding[];
  readonly tasks: readonly TaskSummary[];
  readonly stopped?: 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error';
  readonly error?: string;
  readonly schedule?: string;
  readonly contextSwitches?: number;
  /** The resolved machine and runtime, in words (`2 cores × 1, threads, fair`). */
  readonly configSummary?: string;
  readonly log: readonly string[];
}

export interface ExplainScheduleParams extends FileRequestBase {
  readonly schedule: string;
}

export interface ExplainScheduleResult {
  readonly errors: readonly InputError[];
  /** The schedule's visible steps in order, one sentence each (the untimed interleaving that proves it). */
  readonly steps: readonly string[];
  /** The timed replay's events, one sentence each. */
  readonly events: readonly string[];
  /** True when the timed model reproduces the interleaving. */
  readonly reproduced: boolean;
  readonly notes: readonly string[];
  /** True when `steps` or `events` were cut to their cap. */
  readonly truncated: boolean;
}

/** What `export-file` writes: a Chrome/Perfetto trace, or a report (cli.md, `export`). */
export type ExportFormat = 'chrome' | 'markdown' | 'html';

export interface ExportFileParams extends FileRequestBase {
  readonly format: ExportFormat;
  /** How a report names the file (the editor: its workspace-relative path), so no absolute path of the user's machine is in a shared report. */
  readonly displayFile?: string;
  /** Reports: also explore the schedules (as `export --check`) within these budgets. */
  readonly explore?: { readonly schedules: number; readonly timeLimitMs?: number };
}

export interface ExportFileResult {
  readonly errors: readonly InputError[];
  /** The file's contents; absent when there were input errors. */
  readonly text?: string;
  /** Findings of the run as written. */
  readonly findings: number;
  /** Why the run did not answer (its budget, an error no finding explains, a cancel). */
  readonly stoppedEarly?: string;
}
