import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

export const ROOT = join(__dirname, '../../..');
export const GOLDEN = join(ROOT, 'test/golden');
export const FIXTURES = join(ROOT, 'test/fixtures/scenarios');

export interface Captured {
  code: number;
  out: string;
  err: string;
  written: Map<string, string>;
}

/** Runs `interleave ARGV` in-process: real input files, captured output and writes. */
export function cli(...argv: string[]): Captured {
  let out = '';
  let err = '';
  const written = new Map<string, string>();
  const io: CliIo = {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => { written.set(p, t); },
  };
  const code = main(argv, io);
  return { code, out, err, written };
}

/** A point of a sweep in `run --json` (cli.md), as far as the tests read it. */
export interface SweepPointJson {
  readonly set: Readonly<Record<string, unknown>>;
  readonly makespan_ns: number;
  readonly metrics: { readonly hwthread_busy_ns: readonly number[]; readonly max_running: number };
}

// The CLI's JSON documents have no type yet (src/cli/report/json.ts builds them as
// Record<string, unknown>); the tests read them by path.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(c: Captured): Record<string, any> {
  return JSON.parse(c.out);
}

/**
 * A scenario of n threads that each increment a shared counter `incrs` times without a lock,
 * expecting the sum (a lost update makes it fail): dpor's work grows fast with n.
 */
export function racers(n: number, incrs = 2): string {
  return `name: ${n} racers
runtime: { kind: threads }
vars: { counter: 0 }
tasks:
  main:
    - go: inc
      count: ${n}
    - join: inc
  inc:
${'    - counter.incr\n'.repeat(incrs)}expect:
  - final: { counter: ${incrs * n} }
`;
}
