/**
 * Messages between `node dist/cli.js` (the supervising thread, supervisor.ts) and the
 * worker that runs the command (workerMain.ts). Only the worker speaks; the supervisor
 * reads the shared cells (position.ts) for what a busy worker cannot say.
 */
import type { Finding } from '../../core/findings';
import type { FileReport } from '../commands/checkReport';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'test2json';

/** What the supervisor prints, if it has to stop the worker, besides its message. */
export interface CommandShape {
  readonly command: string;
  readonly format: OutputFormat;
  readonly files: readonly string[];
  readonly timeMs: number;
  /** explore only. */
  readonly strategy?: string;
  readonly seed?: number;
}

export type WorkerMessage =
  | { readonly t: 'out'; readonly text: string }
  | { readonly t: 'err'; readonly text: string }
  | { readonly t: 'command'; readonly shape: CommandShape }
  /** A file's guarded work begins; it must end by `deadline` (ms since the epoch). */
  | { readonly t: 'file'; readonly file: string; readonly deadline: number }
  /** The name of file index `index` in the cells' FILE. */
  | { readonly t: 'name'; readonly index: number; readonly file: string }
  /** A `.sim.ts` program's code runs as the script `url`; `sourceMap` maps it back to the file. */
  | { readonly t: 'script'; readonly file: string; readonly url: string; readonly sourceMap: string }
  /** A finding seen so far in the file being explored. */
  | { readonly t: 'finding'; readonly finding: Finding }
  /** `check`: one file's whole report. */
  | { readonly t: 'fileDone'; readonly report: FileReport }
  /** The guarded work is over; what is left is printing. */
  | { readonly t: 'idle' }
  | { readonly t: 'exit'; readonly code: number };

export interface WorkerData {
  readonly argv: readonly string[];
  readonly cells: SharedArrayBuffer;
  /** `check`: the files before this index were answered by an earlier worker (one was stopped). */
  readonly resumeAt: number;
}
