import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/findings';
import { checkViews, findingView, inputErrorView, plainRange } from '../../../src/extension/lens/findingView';
import { explanationMarkdown, explanationPath } from '../../../src/extension/lens/explanations';

const file = '/w/lost-update.scenario.yaml';
const race: Finding = {
  kind: 'data-race',
  severity: 'warning',
  message: 'Data race on `counter`: write by T2 and read by T3 are not ordered by any synchronisation',
  at: { file, line: 31, column: 11, endLine: 31, endColumn: 23 },
  related: [
    { at: { file, line: 31, column: 11, endLine: 31, endColumn: 23 }, message: 'conflicting write by T2' },
    { at: { file, line: 25, column: 7, endLine: 26, endColumn: 15 }, message: 'T2 created here' },
  ],
  schedule: 'v1:1:0*5l.',
};

describe('finding → diagnostic view', () => {
  it('converts 1-based, end-exclusive ranges to 0-based ones', () => {
    expect(plainRange(race.at)).toEqual({ startLine: 30, startCharacter: 10, endLine: 30, endCharacter: 22 });
  });

  it('keeps an empty range visible and never inverted', () => {
    expect(plainRange({ file, line: 1, column: 1, endLine: 1, endColumn: 1 })).toEqual({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0 });
    expect(plainRange({ file, line: 3, column: 9, endLine: 3, endColumn: 2 })).toEqual({ startLine: 2, startCharacter: 8, endLine: 2, endCharacter: 8 });
  });

  it('a data race is a warning with its kind as code, its schedule and every related place', () => {
    const view = findingView(race);
    expect(view.severity).toBe('warning');
    expect(view.code).toBe('data-race');
    expect(view.schedule).toBe('v1:1:0*5l.');
    expect(view.related).toEqual([
      { file, range: { startLine: 30, startCharacter: 10, endLine: 30, endCharacter: 22 }, message: 'conflicting write by T2' },
      { file, range: { startLine: 24, startCharacter: 6, endLine: 25, endCharacter: 14 }, message: 'T2 created here' },
    ]);
  });

  it('maps severity by kind: deadlock and misuse are errors, starvation information', () => {
    expect(findingView({ ...race, kind: 'deadlock', severity: 'warning' }).severity).toBe('error');
    expect(findingView({ ...race, kind: 'misuse' }).severity).toBe('error');
    expect(findingView({ ...race, kind: 'starvation', severity: 'info' }).severity).toBe('information');
  });

  it('input errors stay errors, with the hint, and hide findings', () => {
    const error = { message: 'unknown key `taks`', hint: 'did you mean `tasks`?', at: { file, line: 4, column: 1, endLine: 4, endColumn: 5 } };
    expect(inputErrorView(error)).toMatchObject({ severity: 'error', code: 'input', message: 'unknown key `taks` (did you mean `tasks`?)' });
    expect(checkViews([error], [race]).map((v) => v.code)).toEqual(['input']);
    expect(checkViews([], [race]).map((v) => v.code)).toEqual(['data-race']);
  });

  it('every kind has an explanation page; unknown paths get the index', () => {
    expect(explanationPath('data-race')).toBe('/data-race.md');
    expect(explanationMarkdown('/data-race.md')).toMatch(/^# Data race \(`data-race`\)/);
    expect(explanationMarkdown('/deadlock.md')).toMatch(/How to fix it/);
    expect(explanationMarkdown('/nonsense.md')).toMatch(/finding kinds/);
  });
});
