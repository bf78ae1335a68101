/**
 * Golden runs: each `*.scenario.yaml` here runs once (plus its sweep) with the default
 * seed, and its summary must equal the `*.golden.json` beside it. After a deliberate
 * change, `npm run golden:update` (UPDATE_GOLDEN=1) rewrites the summaries; review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/index';
import { parseScenario } from '../../src/frontends/scenario/index';
import { runJson } from '../../src/service/report/json';
import { runProgram } from '../../src/service/runs';

const DIR = __dirname;
const UPDATE = Boolean(process.env.UPDATE_GOLDEN);
const files = readdirSync(DIR).filter((f) => f.endsWith('.scenario.yaml')).sort();
const engineReady = typeof (core as { simulate?: unknown }).simulate === 'function';

/** The summary kept on disk: the `run --json` document without the opaque schedule string. */
function summarize(file: string): string {
  const parsed = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
  expect(parsed.errors.map(core.formatInputError)).toEqual([]);
  const doc = runJson(file, runProgram(parsed.program!, { set: {} }));
  delete doc.schedule;
  return JSON.stringify(doc, null, 2) + '\n';
}

describe.skipIf(!engineReady)('golden scenario runs (test/golden)', () => {
  it('has golden scenarios', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(file, () => {
      const goldenPath = join(DIR, file.replace(/\.scenario\.yaml$/, '.golden.json'));
      const summary = summarize(file);
      // The same file and seed must give the same run, or no golden file could hold.
      expect(summarize(file)).toBe(summary);
      if (UPDATE) {
        writeFileSync(goldenPath, summary);
        return;
      }
      if (!existsSync(goldenPath)) {
        throw new Error(`${goldenPath} is missing: run \`npm run golden:update\` to create it, then review it`);
      }
      expect(summary, `${file} differs from its golden summary; if the change is intended, run \`npm run golden:update\``)
        .toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});

if (!engineReady) {
  describe('golden scenario runs (test/golden)', () => {
    it.skip('skipped: src/core/index.ts does not export `simulate` yet', () => {});
  });
}
