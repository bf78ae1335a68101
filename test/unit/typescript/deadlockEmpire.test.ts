import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile } from './helpers';

/**
 * Translations of The Deadlock Empire levels (bounded loops): the explorer must find each
 * level's bug, and the repaired version must come back clean. The labels come from the
 * game, which is written outside this project.
 */
const LEVELS: readonly { level: string; bug: string; line: number }[] = [
  { level: '2-flags', bug: 'mutual-exclusion', line: 15 },
  { level: '3-simpleCounter', bug: 'mutual-exclusion', line: 12 },
  { level: '4-confusedCounter', bug: 'assertion', line: 18 },
  { level: 'L1-lock', bug: 'assertion', line: 14 },
  { level: 'L2-deadlock', bug: 'deadlock', line: 0 },
  { level: 'S1-simple', bug: 'mutual-exclusion', line: 18 },
];

function load(name: string): string {
  return readFileSync(new URL(`../../fixtures/ts/${name}.sim.ts`, import.meta.url), 'utf8');
}

describe('The Deadlock Empire, translated', () => {
  for (const { level, bug, line } of LEVELS) {
    it(`${level}: the explorer finds the ${bug}`, () => {
      const r = explore(compile(load(level), `${level}.sim.ts`), { maxSchedules: 2000, timeLimitMs: 30_000 });
      expect(r.stats.errors).toEqual([]);
      const found = r.findings.filter((f) => f.kind === bug);
      expect(found.length, JSON.stringify(r.findings.map((f) => f.kind))).toBeGreaterThan(0);
      if (line > 0) expect(found[0].at.line).toBe(line);
      expect(found[0].schedule).toMatch(/^v1:/);
    });

    it(`${level}: the repaired version comes back clean`, () => {
      const r = explore(compile(load(`${level}.fixed`), `${level}.fixed.sim.ts`), { maxSchedules: 5000, timeLimitMs: 30_000 });
      expect(r.stats.errors).toEqual([]);
      expect(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
      expect(r.complete).toBe(true);
    });
  }
});
