/**
 * The command line's only door to the outside: text out, text in, files. Commands take a
 * `CliIo`, so tests run them in-process with captured output and no real files.
 */
import { writeFileSync } from 'node:fs';
import { readSource } from '../service/files';
import type { Progress } from './guard/watch';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Throws (with the OS message) when the file cannot be read. */
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /**
   * The supervising thread of `node dist/cli.js`, which stops a command that overruns its
   * budgets and needs to know what to report then (guard/). Absent in-process.
   */
  readonly progress?: Progress;
}

export function nodeIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // A folder is a Go package; a Go test file comes with its package's other files.
    readFile: readSource,
    writeFile: (path, text) => writeFileSync(path, text),
  };
}

/** Exit status of cli.md: 0 no findings, 1 findings, 2 bad input or usage, or no answer within the budgets. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** Ctrl+C, as shells report a process ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;
