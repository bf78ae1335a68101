/**
 * The Go race-detector corpus: test cases translated from golang/go
 * src/runtime/race/testdata (`TestRace*` has a race, `TestNoRace*` has none; the label
 * comes from the name, which each file's comment cites). Each case is checked with
 * dpor exploration and the race detector; a case is "flagged" when any explored
 * schedule has a data race. Precision and recall are against Go's labels, which no one
 * here chose (testing.md, "Fixtures that no one here wrote").
 *
 * Used by test/unit/analysis/goRaceCorpus.test.ts and callable from the bench.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../../src/core';
import { explore } from '../../src/core/explore';
import { parseScenario } from '../../src/frontends/scenario';

export const GO_RACE_DIR = join(__dirname, 'go-race');

export interface CorpusCase {
  readonly file: string;
  readonly test: string;
  readonly racy: boolean;
}

export interface CorpusResult extends CorpusCase {
  readonly flagged: boolean;
  readonly schedules: number;
  readonly complete: boolean;
  readonly errors: readonly string[];
  readonly raceMessages: readonly string[];
}

export interface CorpusScore {
  readonly cases: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly results: readonly CorpusResult[];
}

export function corpusCases(dir = GO_RACE_DIR): CorpusCase[] {
  return readdirSync(dir).filter((f) => f.endsWith('.scenario.yaml')).sort().map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const m = /testdata\/\S+_test\.go, (Test\w+)\./.exec(text);
    if (!m) throw new Error(`${f}:1:1: the header comment must cite the Go test ("testdata/x_test.go, TestName.")`);
    return { file: join(dir, f), test: m[1], racy: m[1].startsWith('TestRace') };
  });
}

export function checkCase(c: CorpusCase, maxSchedules = 2000): CorpusResult {
  const parsed = parseScenario(readFileSync(c.file, 'utf8'), c.file);
  if (!parsed.program) {
    return { ...c, flagged: false, schedules: 0, complete: false, errors: parsed.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`), raceMessages: [] };
  }
  const r = explore(parsed.program, { maxSchedules, minimise: false });
  const races = r.findings.filter((f) => f.kind === 'data-race');
  return { ...c, flagged: races.length > 0, schedules: r.schedules, complete: r.complete, errors: r.stats.errors, raceMessages: races.map((f) => f.message) };
}

export function scoreGoRaceCorpus(maxSchedules = 2000, dir = GO_RACE_DIR): CorpusScore {
  const results = corpusCases(dir).map((c) => checkCase(c, maxSchedules));
  const tp = results.filter((r) => r.racy && r.flagged).length;
  const fp = results.filter((r) => !r.racy && r.flagged).length;
  const tn = results.filter((r) => !r.racy && !r.flagged).length;
  const fn = results.filter((r) => r.racy && !r.flagged).length;
  return {
    cases: results.length, truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    results,
  };
}

export function formatScore(s: CorpusScore): string {
  const lines = [
    `Go race corpus: ${s.cases} cases (${s.truePositives + s.falseNegatives} racy, ${s.trueNegatives + s.falsePositives} race-free)`,
    `  precision ${(s.precision * 100).toFixed(1)}%  recall ${(s.recall * 100).toFixed(1)}%  (TP ${s.truePositives}, FP ${s.falsePositives}, TN ${s.trueNegatives}, FN ${s.falseNegatives})`,
  ];
  for (const r of s.results) {
    if (r.flagged !== r.racy || r.errors.length > 0) {
      lines.push(`  ${r.flagged ? 'false positive' : r.racy ? 'missed race' : 'error'}: ${r.test}${r.errors.length ? ` (${r.errors.join('; ')})` : ''}${r.raceMessages[0] ? ` — ${r.raceMessages[0]}` : ''}`);
    }
  }
  return lines.join('\n');
}
