/**
 * Leaked tasks make one finding per place they wait at (issue 24): a million goroutines
 * parked on one channel are one finding that names the first hundred and counts the rest,
 * as a deadlock does, not a million findings. A single leaked task keeps its sentence.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { LEAK_TASKS_NAMED } from '../../../src/core/engine/ending';
import { parseScenario } from '../../../src/frontends/scenario/index';

function run(parked: number): ReturnType<typeof simulate> {
  const text = `
name: leaks
runtime: { kind: go }
sync:
  never: { channel: 0 }
  other: { channel: 0 }
tasks:
  main:
    - go: parked
      count: ${parked}
    - go: alone
    - sleep: 1ms
  parked:
    - never.recv
  alone:
    - other.send
`;
  const { program, errors } = parseScenario(text, 'leaks.scenario.yaml');
  expect(errors).toEqual([]);
  return simulate(program!, { mode: 'timed' });
}

describe('leaks', () => {
  it('one leaked task: its own sentence, at its place, with where it was started', () => {
    const leaks = run(1).findings.filter((f) => f.kind === 'leak');
    expect(leaks.map((f) => f.message)).toEqual([
      'Leak: G2 (parked#1) is still blocked on never (recv) when main returns',
      'Leak: G3 (alone#1) is still blocked on other (send) when main returns',
    ]);
    expect(leaks[0].related.map((r) => r.message)).toEqual(['G2 was started here']);
  });

  it('many leaked at one place: one finding naming the first ones and how many more', () => {
    const n = LEAK_TASKS_NAMED + 50;
    const leaks = run(n).findings.filter((f) => f.kind === 'leak');
    expect(leaks).toHaveLength(2);
    expect(leaks[0].message).toMatch(/^Leak: 150 goroutines are still blocked here when main returns: G2 \(parked#1\) on never \(recv\); G3 \(parked#2\) on never \(recv\); /);
    expect(leaks[0].message).toMatch(/G101 \(parked#100\) on never \(recv\); … and 50 more$/);
    expect(leaks[0].related).toHaveLength(LEAK_TASKS_NAMED);
    expect(leaks[1].message).toBe(`Leak: G${n + 2} (alone#1) is still blocked on other (send) when main returns`);
  });
});
