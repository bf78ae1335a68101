import { describe, expect, it } from 'vitest';
import { checkCase, corpusCases, formatScore, scoreGoRaceCorpus } from '../../corpus/goRaceCorpus';

describe('Go race corpus (golang/go src/runtime/race/testdata, translated)', () => {
  const cases = corpusCases();

  it('has a broad set of both labels', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.racy).length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => !c.racy).length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.test, c] as const))('%s parses and is checked', (_name, c) => {
    const r = checkCase(c, 500);
    expect(r.errors, r.errors.join('\n')).toEqual([]);
    expect(r.schedules).toBeGreaterThan(0);
  });

  it('scores precision and recall against Go\'s labels', () => {
    const score = scoreGoRaceCorpus();
    console.log(formatScore(score));
    // Floors, not targets: the labels are Go's; where the untimed model disagrees
    // (a race-free label that relies on sleeps) the report says which case and why.
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    expect(score.precision).toBeGreaterThanOrEqual(0.8);
  });
});
