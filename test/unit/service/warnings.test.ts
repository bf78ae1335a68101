/**
 * A TypeScript type error is a warning: the file still runs, the command line says the
 * warning first (as tsc does), and the race lens shows it beside the findings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkViews } from '../../../src/extension/lens/findingView';
import { checkFile } from '../../../src/service/index';
import { cli } from '../cli/helpers';

// `y === 1` compares a `0` constant with 1: TS2367, and tsc still emits the code.
const TYPED = `import { go, WaitGroup } from 'interleave';
let x = 0;
export default function main() {
  const y = 0;
  const wg = new WaitGroup();
  wg.add(2);
  go(() => { x = x + 1; wg.done(); });
  go(() => { x = x + 1; wg.done(); });
  wg.wait();
  if (x === 1 && y === 1) x = 5;
}
`;

describe('type errors are warnings in every surface', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'interleave-warn-')), 'typed.sim.ts');
  writeFileSync(file, TYPED);

  it('the command line prints the warning at its line and column, then runs and finds the race', () => {
    const r = cli('check', file, '--exhaustive');
    expect(r.err).toMatch(/typed\.sim\.ts:10:18: warning: TS2367: /);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Data race on `x`/);
  });

  it('the race lens gets the warning beside the findings, with its severity', async () => {
    const r = await checkFile({ file, text: TYPED, schedules: 200 });
    expect(r.errors).toEqual([]);
    expect(r.warnings?.map((w) => w.message)).toEqual([expect.stringMatching(/^TS2367: /)]);
    expect(r.findings.some((f) => f.kind === 'data-race')).toBe(true);
    const views = checkViews(r.errors, r.findings, r.warnings);
    expect(views[0]).toMatchObject({ severity: 'warning', code: 'input', range: { startLine: 9 } });
    expect(views.some((v) => v.code === 'data-race')).toBe(true);
  });
});
