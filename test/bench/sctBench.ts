/**
 * The SCTBench-style table of `npm run bench` (issue 21, item 6): our own small programs
 * after the shapes of SCTBench's CS benchmarks (Thomson, Donaldson & Betts, "Concurrency
 * testing using controlled schedulers", TOPC 2016), one known bug each, in test/bench/sct/.
 * For every program and strategy: was the bug found within the budget, after how many
 * schedules, and how long that took. Not a test: it prints and never fails.
 * `npm run bench -- sct` prints only this table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/core';
import { simulate } from '../../src/core/engine/simulate';
import { explore, type ExploreOptions } from '../../src/core/explore';
import type { Program } from '../../src/core/program';
import type { RunOptions, RunResult } from '../../src/core/run';
import { compileTypeScript } from '../../src/frontends/typescript';

export const SCT_DIR = 'test/bench/sct';
const MAX_SCHEDULES = 10_000;
/** Wall-clock cap per cell, shared by its seeds (`SCT_CELL_MS` overrides it). */
const CELL_MS = Number(process.env.SCT_CELL_MS ?? 5_000);
/** PCT and random run once per seed; the table shows the median over these. */
const SEEDS = [1, 2, 3];

interface Strategy {
  readonly name: string;
  readonly options: ExploreOptions;
  readonly seeded: boolean;
}

const STRATEGIES: readonly Strategy[] = [
  { name: 'dpor', options: { strategy: 'dpor' }, seeded: false },
  { name: 'pct-1', options: { strategy: 'pct', pctDepth: 1 }, seeded: true },
  { name: 'pct-2', options: { strategy: 'pct', pctDepth: 2 }, seeded: true },
  { name: 'pct-3', options: { strategy: 'pct', pctDepth: 3 }, seeded: true },
  { name: 'random', options: { strategy: 'random' }, seeded: true },
  // Run only when `explore` knows the strategy (its stats name it); see `portfolioKnown`.
  { name: 'portfolio', options: { strategy: 'portfolio' as ExploreOptions['strategy'] }, seeded: true },
];

/** The bug a bench program carries: a failed assertion or a deadlock. */
export const isBug = (kind: string): boolean => kind === 'assertion' || kind === 'deadlock';

export interface FirstBug {
  /** Schedules run up to and including the first that showed the bug (sleep-set cut-offs not counted). */
  readonly schedules: number;
  readonly ms: number;
}

export interface Attempt {
  readonly found: FirstBug | undefined;
  /** Schedules run in all (to the bug, or to the budget). */
  readonly schedules: number;
  readonly complete: boolean;
  readonly ms: number;
  /** The strategy `explore` actually ran (an unknown name falls back to dpor). */
  readonly ranAs: string;
}

export function compileSctProgram(file: string): Program {
  const r = compileTypeScript(readFileSync(file, 'utf8'), file);
  if (!r.program) throw new Error(`${file}: ${r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`).join('; ')}`);
  return r.program;
}

export function sctProgramFiles(dir = join(process.cwd(), SCT_DIR)): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sim.ts')).sort().map((f) => join(dir, f));
}

/**
 * Explores `program` until its first bug: the engine is wrapped to count the schedules
 * that ran to an end (a redundant DPOR schedule stops with the explorer's message and is
 * not counted, as in `explore`'s own count) and to stop the search once a run shows the bug.
 */
export function firstBug(program: Program, options: ExploreOptions, maxSchedules: number, timeLimitMs: number): Attempt {
  let runs = 0;
  let found: FirstBug | undefined;
  const t0 = performance.now();
  const counting = (p: Program, o: RunOptions): RunResult => {
    const r = simulate(p, o);
    if (!(r.stopped === 'error' && r.error?.startsWith('schedule stopped by the explorer'))) runs++;
    if (!found && r.findings.some((f) => isBug(f.kind))) found = { schedules: runs, ms: performance.now() - t0 };
    return r;
  };
  const res = explore(program, {
    ...options, maxSchedules, timeLimitMs, minimise: false, races: false, simulate: counting,
    shouldCancel: () => found !== undefined,
  });
  return { found, schedules: res.schedules, complete: res.complete, ms: performance.now() - t0, ranAs: res.stats.strategy };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Cell {
  /** Seeds (of those tried) on which the bug was found. */
  readonly hits: number;
  readonly tries: number;
  /** Median over the tries of schedules to the bug (a miss counts as infinite). */
  readonly schedules: number;
  readonly ms: number;
  /** dpor only: the search finished without the bug. */
  readonly completeMiss: boolean;
}

function runCell(program: Program, s: Strategy): Cell | undefined {
  const seeds = s.seeded ? SEEDS : [1];
  const attempts: Attempt[] = [];
  for (const seed of seeds) {
    const a = firstBug(program, { ...s.options, seed }, MAX_SCHEDULES, CELL_MS / seeds.length);
    if (a.ranAs !== s.name && !(s.name.startsWith('pct') && a.ranAs === 'pct')) return undefined;
    attempts.push(a);
  }
  const hits = attempts.filter((a) => a.found).length;
  return {
    hits, tries: attempts.length,
    schedules: median(attempts.map((a) => a.found?.schedules ?? Infinity)),
    ms: median(attempts.map((a) => a.found?.ms ?? Infinity)),
    completeMiss: attempts.some((a) => !a.found && a.complete),
  };
}

/** Runs every program under every strategy and prints the table; returns the text. */
export function runSctBench(log: (line: string) => void = console.log): string {
  const out: string[] = [];
  const say = (line: string): void => { out.push(line); log(line); };
  const files = sctProgramFiles();
  const cols: Strategy[] = [];
  const found = new Map<string, number>();
  const rows: { name: string; cells: (Cell | undefined)[] }[] = [];
  const W = 18;
  const text = (c: Cell | undefined): string => {
    if (!c) return 'n/a';
    if (c.hits * 2 <= c.tries) return c.completeMiss ? 'no (complete)' : c.hits > 0 ? `no (${c.hits}/${c.tries})` : 'no';
    const ms = c.ms < 1000 ? `${c.ms.toFixed(0)}ms` : `${(c.ms / 1000).toFixed(1)}s`;
    return `${c.schedules} / ${ms}${c.tries > 1 && c.hits < c.tries ? ` ${c.hits}/${c.tries}` : ''}`;
  };
  const started = performance.now();
  let portfolioKnown: boolean | undefined;
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.sim\.ts$/, '');
    const program = compileSctProgram(file);
    const cells: (Cell | undefined)[] = [];
    for (const s of STRATEGIES) {
      if (s.name === 'portfolio' && portfolioKnown === false) { cells.push(undefined); continue; }
      const cell = runCell(program, s);
      if (s.name === 'portfolio') portfolioKnown = cell !== undefined;
      if (cell && !cols.includes(s)) cols.push(s);
      cells.push(cell);
      if (cell && cell.hits * 2 > cell.tries) found.set(s.name, (found.get(s.name) ?? 0) + 1);
    }
    rows.push({ name, cells });
    log(`  ${name}: ${cells.map((c, i) => `${STRATEGIES[i].name} ${text(c)}`).join(', ')}`);
  }
  const shown = STRATEGIES.filter((s) => cols.includes(s));
  say('');
  say(`SCTBench-style table (test/bench/sct): schedules / time to the first bug; at most ${MAX_SCHEDULES} schedules or ${CELL_MS / 1000} s per cell (its seeds share it);`);
  say(`pct and random: median over seeds ${SEEDS.join(', ')} (a miss counts as never; "k/n" = found on k of n seeds)`);
  say(`| ${'program'.padEnd(14)} | ${shown.map((s) => s.name.padStart(W)).join(' | ')} |`);
  say(`|${'-'.repeat(16)}|${shown.map(() => '-'.repeat(W + 2)).join('|')}|`);
  for (const r of rows) {
    say(`| ${r.name.padEnd(14)} | ${shown.map((s) => text(r.cells[STRATEGIES.indexOf(s)]).padStart(W)).join(' | ')} |`);
  }
  say(`| ${'bugs found'.padEnd(14)} | ${shown.map((s) => `${found.get(s.name) ?? 0} of ${rows.length}`.padStart(W)).join(' | ')} |`);
  if (portfolioKnown === false) say('(portfolio: not run; explore does not know that strategy yet)');
  say(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  return out.join('\n');
}
