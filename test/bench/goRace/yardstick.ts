/**
 * Go's own race tests as a yardstick of the Go front end (issue 14). Debian's golang-go ships
 * them (`$GOROOT/src/runtime/race/testdata/*_test.go`): every `TestRace*` is racy, every
 * `TestNoRace*` race-free, by Go's own verdict. `extractRaceTests` turns each test function
 * into a `package main` (its body becomes `func main`, with the top-level declarations it
 * uses and the file's imports); `scoreRaceTest` checks one in-process as `interleave check`
 * does (the portfolio search, the race detector) and says whether it was accepted and
 * whether a race was found; `summarise` gives accepted, precision and recall.
 *
 * The programs are not edited otherwise: a test that calls `t.Errorf`, uses `unsafe` or
 * anything else outside the subset is refused by the front end, and counts as not accepted.
 *
 * Used by `npm run bench -- gorace` (test/bench/bench.ts) and by `npm test`
 * (test/unit/gofrontend/goRaceYardstick.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@lezer/go';
import type { Tree } from '@lezer/common';
import { compileSource } from '../../../src/frontends/index';
import { checkSchedules } from '../../../src/service/search';

export interface RaceTest {
  /** The program's file name: `chan__TestRaceChanSync.go`. */
  readonly file: string;
  readonly test: string;
  /** The testdata file it comes from. */
  readonly source: string;
  /** Go's verdict: `TestRace*` is racy. */
  readonly racy: boolean;
  readonly text: string;
}

/**
 * The race testdata of the installed Go (`go env GOROOT`) and its minor version; an error
 * that says how to install Go when there is none.
 */
export function goRaceTestdata(): { dir: string; goMinor: number } {
  let goroot: string;
  let version: string;
  try {
    goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
    version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`Go's race tests need the go command, which failed (${(e as Error).message.split('\n')[0]}): `
      + 'install it with `apt-get install golang-go` (README, Quick start)', { cause: e });
  }
  const dir = join(goroot, 'src/runtime/race/testdata');
  try {
    readdirSync(dir);
  } catch {
    throw new Error(`${dir} is missing: the Go at ${goroot} ships no race tests (Debian's \`apt-get install golang-go\` does)`);
  }
  return { dir, goMinor: Number(/^go1\.(\d+)/.exec(version)?.[1] ?? 22) };
}

interface Decl {
  readonly kind: string;
  readonly names: string[];
  readonly src: string;
}

/** Top-level declarations: name → source text (types, funcs, vars, consts; methods under their name too). */
function topLevel(text: string, tree: Tree): { decls: Decl[]; imports: string[] } {
  const decls: Decl[] = [];
  const imports: string[] = [];
  for (let n = tree.topNode.firstChild; n; n = n.nextSibling) {
    const src = text.slice(n.from, n.to);
    if (n.name === 'ImportDecl') {
      for (const m of src.matchAll(/"([^"]+)"/g)) imports.push(m[1]);
      continue;
    }
    if (n.name === 'PackageClause' || n.name === 'LineComment' || n.name === 'BlockComment') continue;
    const names = new Set<string>();
    if (n.name === 'MethodDecl') {
      for (let k = n.firstChild; k; k = k.nextSibling) if (k.name === 'FieldName') names.add(text.slice(k.from, k.to));
    } else {
      n.cursor().iterate((x) => {
        const parent = x.node.parent?.name;
        if (x.name === 'DefName' && (parent === 'FunctionDecl' || parent === 'TypeSpec' || parent === 'VarSpec' || parent === 'ConstSpec' || parent === 'VarDecl')) {
          names.add(text.slice(x.from, x.to));
        }
        return !(x.name === 'Block' || x.name === 'FunctionLiteral');
      });
    }
    decls.push({ kind: n.name, names: [...names], src });
  }
  return { decls, imports };
}

function identifiers(src: string): Set<string> {
  return new Set(src.match(/[A-Za-z_]\w*/g) ?? []);
}

/**
 * Every `TestRace*` and `TestNoRace*` of `dir` as a `package main`, in file and declaration
 * order. The tests are written for the Go that ships them: a `//go:build go1.N` line gives
 * the program that Go's loop-variable rule (one variable per loop before 1.22).
 */
export function extractRaceTests(dir: string, goMinor: number): RaceTest[] {
  const out: RaceTest[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_test.go')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const { decls, imports } = topLevel(text, parser.parse(text));
    const helpers = decls.filter((d) => !(d.kind === 'FunctionDecl' && d.names.some((n) => /^(Test|Benchmark|Example)/.test(n))));
    for (const d of decls) {
      if (d.kind !== 'FunctionDecl') continue;
      const name = d.names.find((n) => /^Test(No)?Race/.test(n));
      if (!name) continue;
      const body = /\{([\s\S]*)\}\s*$/.exec(d.src.slice(d.src.indexOf(')') + 1))?.[1] ?? '';
      // The helpers it uses, and theirs (a fixed point over the names they mention).
      const used = new Set<Decl>();
      let words = identifiers(body);
      for (let changed = true; changed;) {
        changed = false;
        for (const h of helpers) {
          if (used.has(h) || !h.names.some((n) => n !== '_' && words.has(n))) continue;
          used.add(h);
          words = new Set([...words, ...identifiers(h.src)]);
          changed = true;
        }
      }
      const imported = imports.filter((p) => p !== 'testing' && words.has(p.split('/').pop()!));
      const program = [
        `//go:build go1.${goMinor}`,
        '',
        `// ${name} from ${file} (Go's runtime/race/testdata), extracted by test/bench/goRace/yardstick.ts`,
        'package main',
        '',
        ...(imported.length > 0 ? ['import (', ...imported.map((p) => `\t"${p}"`), ')', ''] : []),
        ...helpers.filter((h) => used.has(h)).map((h) => `${h.src}\n`),
        'func main() {',
        body.replace(/^\n/, ''),
        '}',
        '',
      ].join('\n');
      out.push({ file: `${file.replace(/_test\.go$/, '')}__${name}.go`, test: name, source: file, racy: !name.startsWith('TestNoRace'), text: program });
    }
  }
  return out;
}

export interface Budget {
  /** Wall clock of one program's search, in ms. */
  readonly timeMs: number;
  /** Most schedules of one program. */
  readonly schedules: number;
}

export interface Scored {
  readonly test: RaceTest;
  readonly accepted: boolean;
  /** Why it was not accepted: the front end's first error. */
  readonly error?: string;
  /** A data race (or Go's concurrent-map fatal error) was found. */
  readonly raced: boolean;
  /** The search covered every schedule (or stopped at the race it looked for). */
  readonly complete: boolean;
  readonly schedules: number;
  readonly ms: number;
}

/**
 * `interleave check`'s search on one program, in-process: the portfolio (dpor with pct and
 * random), the race detector, no minimising; it stops at the first race, which is all the
 * score needs.
 */
export function scoreRaceTest(t: RaceTest, budget: Budget, dir = '/go-race'): Scored {
  const started = Date.now();
  const compiled = compileSource(t.text, join(dir, t.file));
  if (!compiled.program || compiled.errors.length > 0) {
    const e = compiled.errors[0];
    return { test: t, accepted: false, error: e ? e.message : 'no program', raced: false, complete: false, schedules: 0, ms: Date.now() - started };
  }
  let raced = false;
  const isRace = (f: { kind: string; message: string }): boolean => f.kind === 'data-race' || /concurrent map/.test(f.message);
  const r = checkSchedules(compiled.program, {
    maxSchedules: budget.schedules,
    timeLimitMs: budget.timeMs,
    minimise: false,
    onFinding: (f) => { if (isRace(f)) raced = true; },
    shouldCancel: () => raced,
  });
  raced ||= r.findings.some(isRace);
  return { test: t, accepted: true, raced, complete: r.complete || raced, schedules: r.schedules, ms: Date.now() - started };
}

export interface Summary {
  readonly tests: number;
  readonly accepted: number;
  readonly found: number;
  readonly missed: number;
  readonly falseRaces: number;
  readonly clean: number;
  /** Found / (found + false races); 1 with no race reported. */
  readonly precision: number;
  /** Found / (found + missed); 1 with no racy test accepted. */
  readonly recall: number;
  readonly incomplete: number;
  readonly seconds: number;
  /** The most common reasons a test was not accepted, with how many. */
  readonly notAccepted: readonly (readonly [string, number])[];
  readonly missedTests: readonly string[];
  readonly falseRaceTests: readonly string[];
}

export function summarise(results: readonly Scored[], seconds: number): Summary {
  const accepted = results.filter((r) => r.accepted);
  const found = accepted.filter((r) => r.test.racy && r.raced).length;
  const falseRaces = accepted.filter((r) => !r.test.racy && r.raced).length;
  const missed = accepted.filter((r) => r.test.racy && !r.raced).length;
  const reasons = new Map<string, number>();
  for (const r of results.filter((x) => !x.accepted)) {
    const key = (r.error ?? '').replace(/`[^`]*`/g, '`…`').replace(/\b[A-Z]\w*\.\w+/g, 'X.Y').slice(0, 80);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return {
    tests: results.length,
    accepted: accepted.length,
    found, missed, falseRaces,
    clean: accepted.filter((r) => !r.test.racy && !r.raced).length,
    precision: found + falseRaces === 0 ? 1 : found / (found + falseRaces),
    recall: found + missed === 0 ? 1 : found / (found + missed),
    incomplete: accepted.filter((r) => !r.complete).length,
    seconds,
    notAccepted: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15),
    missedTests: accepted.filter((r) => r.test.racy && !r.raced).map((r) => r.test.file),
    falseRaceTests: accepted.filter((r) => !r.test.racy && r.raced).map((r) => r.test.file),
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatSummary(s: Summary, budget: Budget): string {
  return [
    `Go race tests: ${s.accepted} of ${s.tests} accepted; precision ${pct(s.precision)}, recall ${pct(s.recall)}`
      + ` (${s.found} races found, ${s.missed} missed, ${s.falseRaces} false, ${s.clean} clean; ${s.incomplete} race-free searches not complete)`
      + ` in ${s.seconds} s, each program at most ${budget.timeMs / 1000} s or ${budget.schedules} schedules`,
    'not accepted, most common reasons:',
    ...s.notAccepted.map(([reason, n]) => `  ${String(n).padStart(4)}  ${reason}`),
    ...(s.falseRaceTests.length > 0 ? [`false races: ${s.falseRaceTests.join(', ')}`] : []),
    ...(s.missedTests.length > 0 ? [`missed: ${s.missedTests.join(', ')}`] : []),
  ].join('\n');
}

/** Extracts and scores every test of the installed Go; `onProgress` after each. */
export function runRaceYardstick(budget: Budget, onProgress?: (done: number, of: number) => void): { summary: Summary; results: Scored[] } {
  const { dir, goMinor } = goRaceTestdata();
  const tests = extractRaceTests(dir, goMinor);
  const started = Date.now();
  const results: Scored[] = [];
  for (const t of tests) {
    results.push(scoreRaceTest(t, budget));
    onProgress?.(results.length, tests.length);
  }
  return { summary: summarise(results, Math.round((Date.now() - started) / 1000)), results };
}
