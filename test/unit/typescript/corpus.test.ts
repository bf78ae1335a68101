/**
 * The ordinary-TypeScript corpus (test/corpus/typescript, issue 18): every program compiles
 * with no input error, every labelled race is found on its variable, and no race is reported
 * in a program labelled race-free.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTsCase, racesOn, tsCorpusCases } from '../../corpus/typescriptCorpus';

describe('ordinary TypeScript programs, labelled race or no race by reasoning', () => {
  const cases = tsCorpusCases();

  it('holds at least 40 programs, both kinds', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.raceOn === undefined).length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${basename(c.file)}: ${c.raceOn === undefined ? 'no race' : `a race on ${c.raceOn}`}`, () => {
      const r = checkTsCase(c);
      expect({ inputErrors: r.inputErrors, runErrors: r.runErrors, racyVars: c.raceOn === undefined ? r.racyVars : r.racyVars.some((v) => racesOn(v, c.raceOn!)) })
        .toEqual({ inputErrors: [], runErrors: [], racyVars: c.raceOn === undefined ? [] : true });
    }, 90_000);
  }
});
