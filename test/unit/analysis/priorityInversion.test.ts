import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, timedFindings } from '../../../src/core/index';
import { parseScenario } from '../../../src/frontends/scenario/index';

const FILE = resolve(__dirname, '../../../examples/priority-inversion/priority-inversion.scenario.yaml');

function run(text: string) {
  const { program, errors } = parseScenario(text, FILE);
  expect(errors).toEqual([]);
  return timedFindings(simulate(program!, { mode: 'timed', trace: true }));
}

describe('priority inversion (timed model)', () => {
  it('flags the high-priority task waiting on a low-priority holder that a medium task keeps off the CPU', () => {
    const findings = run(readFileSync(FILE, 'utf8')).filter((f) => f.kind === 'priority-inversion');
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.message).toMatch(/high#1, priority 10\) waited .* held by T\d \(low#1, priority 1\), while T\d \(medium#1, priority 5\) ran for 200 ms/);
    // Marked on high's `bus.lock` step.
    expect(readFileSync(FILE, 'utf8').split('\n')[f.at.line - 1]).toMatch(/bus\.lock/);
  });

  it('says nothing when the medium task does not run while the holder is ready', () => {
    const text = readFileSync(FILE, 'utf8').replace('    - compute: 200ms\n', '    - compute: 1us\n');
    expect(run(text).filter((f) => f.kind === 'priority-inversion')).toEqual([]);
  });

  it('says nothing when all tasks share one priority (no inversion is possible)', () => {
    const text = readFileSync(FILE, 'utf8').replace(/priority: \d+/g, 'priority: 1');
    expect(run(text).filter((f) => f.kind === 'priority-inversion')).toEqual([]);
  });
});
