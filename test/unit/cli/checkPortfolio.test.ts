/**
 * `check` runs the portfolio by default (dpor interleaved with pct and random): each
 * finding names the strategy that found it, a search dpor finishes says complete, one the
 * time budget cuts says complete: false and why, and progress never reaches standard output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, racers } from './helpers';

let dir = '';
const path = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'interleave-portfolio-'));
  writeFileSync(path('two.scenario.yaml'), racers(2));
  writeFileSync(path('nine.scenario.yaml'), racers(9));
});

describe('check runs the portfolio', () => {
  it('says complete when dpor finishes, and each finding says which strategy found it after how many schedules', () => {
    const r = cli('check', path('two.scenario.yaml'), '--format', 'json');
    expect(r.code).toBe(1);
    const file = json(r).files[0];
    expect(file.complete).toBe(true);
    expect(file.findings.length).toBeGreaterThan(0);
    for (const f of file.findings) {
      expect(f.foundBy.strategy).toMatch(/^(dpor|pct-[123]|random)$/);
      expect(f.foundBy.schedules).toBeGreaterThanOrEqual(1);
    }
    const text = cli('check', path('two.scenario.yaml'));
    expect(text.out).toMatch(/found by (dpor|pct-[123]|random) after \d+ of its schedules/);
    expect(text.out).toMatch(/two\.scenario\.yaml: \d+ schedules explored, complete/);
  });

  it('says complete: false at the time budget, and prints progress on standard error only', () => {
    const r = cli('check', path('nine.scenario.yaml'), '--time', '1.5', '--progress', '--format', 'json');
    const file = json(r).files[0];
    expect(file.complete).toBe(false);
    expect(file.budget.name).toBe('time');
    expect(file.findings.some((f: { kind: string }) => f.kind === 'data-race')).toBe(true);
    expect(r.err).toMatch(/nine\.scenario\.yaml: [\d.]+ s, \d+ schedules \(dpor \d+, pct-1 \d+, pct-2 \d+, pct-3 \d+, random \d+\), \d+ findings? so far/);
  });

  it('--exhaustive runs dpor alone until complete: findings carry no portfolio strategy', () => {
    const file = json(cli('check', path('two.scenario.yaml'), '--exhaustive', '--format', 'json')).files[0];
    expect(file.complete).toBe(true);
    expect(file.findings.every((f: { foundBy?: unknown }) => f.foundBy === undefined)).toBe(true);
  });

  it('--schedules still caps the portfolio', () => {
    const file = json(cli('check', path('nine.scenario.yaml'), '--schedules', '40', '--format', 'json')).files[0];
    expect(file.complete).toBe(false);
    expect(file.schedules).toBe(40);
    expect(file.budget.name).toBe('schedules');
  });

  it('explore --strategy portfolio works too', () => {
    const r = cli('explore', path('two.scenario.yaml'), '--strategy', 'portfolio', '--json');
    expect(json(r).complete).toBe(true);
  });
});
