/**
 * Ordinary TypeScript programs (issue 18), each labelled by reasoning in its first lines:
 * `// label: race <variable>` (a data race on that variable, or on one of its elements or
 * fields, `cache` for `cache[alpha]`, must be found) or
 * `// label: no race` (no data race may be found), and `// why: ...`. Each is checked with
 * the default exploration; a program must compile with no input error and no type warning.
 *
 * Used by test/unit/typescript/corpus.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/core';
import { explore } from '../../src/core/explore';
import { compileTypeScript } from '../../src/frontends/typescript';

export const TS_CORPUS_DIR = join(__dirname, 'typescript');

export interface TsCorpusCase {
  readonly file: string;
  /** The variable the race is on, or undefined for a race-free program. */
  readonly raceOn: string | undefined;
}

export interface TsCorpusResult extends TsCorpusCase {
  /** Input errors and type warnings, `line:column message`. */
  readonly inputErrors: readonly string[];
  /** Errors the runs met (a program error, a budget). */
  readonly runErrors: readonly string[];
  /** The variables a data race was reported on. */
  readonly racyVars: readonly string[];
  readonly schedules: number;
  readonly complete: boolean;
  readonly ok: boolean;
}

export function tsCorpusCases(dir = TS_CORPUS_DIR): TsCorpusCase[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sim.ts')).sort().map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const m = /^\/\/ label: (race (\S+)|no race)\s*$/m.exec(text);
    if (!m || !/^\/\/ why: \S/m.test(text)) throw new Error(`${f}:1:1: the file must start with "// label: race <variable>" or "// label: no race", and "// why: ..."`);
    return { file: join(dir, f), raceOn: m[2] };
  });
}

/** Whether a race reported on `v` is one on `label`: the variable itself, an element or a field of it. */
export function racesOn(v: string, label: string): boolean {
  // `a[*]` names the array: a race on one of its elements (`a[0]`) between the same two lines is the same race.
  const base = label.endsWith('[*]') ? label.slice(0, -3) : label;
  return v === label || v.startsWith(`${base}[`) || v.startsWith(`${label}.`);
}

export function checkTsCase(c: TsCorpusCase, maxSchedules = 2000): TsCorpusResult {
  const compiled = compileTypeScript(readFileSync(c.file, 'utf8'), c.file);
  const inputErrors = [...compiled.errors, ...compiled.warnings.filter((w) => w.severity !== 'information')]
    .map((e) => `${e.at.line}:${e.at.column} ${e.message}`);
  if (!compiled.program) return { ...c, inputErrors, runErrors: [], racyVars: [], schedules: 0, complete: false, ok: false };
  const r = explore(compiled.program, { maxSchedules, minimise: false, timeLimitMs: 60_000 });
  const racyVars = [...new Set(r.findings.filter((f) => f.kind === 'data-race').map((f) => /`([^`]+)`/.exec(f.message)?.[1] ?? f.message))].sort();
  const found = c.raceOn === undefined ? racyVars.length === 0 : racyVars.some((v) => racesOn(v, c.raceOn!));
  const ok = found && inputErrors.length === 0 && r.stats.errors.length === 0;
  return { ...c, inputErrors, runErrors: r.stats.errors, racyVars, schedules: r.schedules, complete: r.complete, ok };
}
