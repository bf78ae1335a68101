/**
 * A run with many shared values (a slice of a thousand elements) names the first few in
 * `run`'s text and says how many it left out; `--json` and reports keep them (a report's
 * table up to its row cap, then one row that says how many more).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/frontends';
import { MAX_TASK_ROWS, reportModel } from '../../../src/service/report/model';
import { runProgram } from '../../../src/service/runs';
import { cli } from './helpers';

const slice = (n: number) => `package main

func main() {
	values := make([]int, ${n})
	for i := range values {
		values[i] = i
	}
}
`;

describe('finals of a large run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'finals-'));

  it('run prints 50 of 300 values and says how many more --json has', () => {
    const file = join(dir, 'slice.go');
    writeFileSync(file, slice(300));
    const text = cli('run', file);
    expect(text.code).toBe(0);
    const line = text.out.split('\n').find((l) => l.startsWith('finals: '))!;
    expect(line.split(' = ')).toHaveLength(51);
    expect(line).toMatch(/, … and 250 more \(--json lists them all\)$/);
    const json = JSON.parse(cli('run', file, '--json').out) as { finals: Record<string, unknown> };
    expect(Object.keys(json.finals)).toHaveLength(300);
  });

  it("a report's finals table stops at its row cap and says how many it left out", () => {
    const file = join(dir, 'big.go');
    const { program } = compileSource(slice(MAX_TASK_ROWS + 20), file);
    const model = reportModel(file, runProgram(program!, { set: {}, noSweep: true }));
    expect(model.finals!.rows).toHaveLength(MAX_TASK_ROWS + 1);
    expect(model.finals!.rows.at(-1)).toEqual(['…', '20 more (--format json lists them all)']);
  });
});
