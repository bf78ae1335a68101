/**
 * A deadlock of many goroutines is one finding that names the first hundred and says how
 * many more there are (issue 24, item 4): at a million it was a message of tens of MB with a
 * million related places, in every SARIF, JSON and editor view of it.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { DEADLOCK_TASKS_NAMED } from '../../../src/core/engine/ending';
import { parseScenario } from '../../../src/frontends/scenario';

const N = 250;
const STUCK = `name: stuck
machine: { cores: 2 }
runtime: { kind: go }
sync:
  ch: { channel: 0 }
tasks:
  main:
    - go: waiter
      count: ${N}
    - ch.recv
  waiter:
    - ch.recv
`;

describe('a deadlock of many goroutines', () => {
  it('names the first ones and counts the rest, in the message and the related places', () => {
    const p = parseScenario(STUCK, 'stuck.scenario.yaml');
    expect(p.errors).toEqual([]);
    const r = simulate(p.program!, { mode: 'timed' });
    const deadlocks = r.findings.filter((f) => f.kind === 'deadlock');
    expect(deadlocks).toHaveLength(1);
    const d = deadlocks[0];
    expect(d.message).toMatch(new RegExp(`; … and ${N + 1 - DEADLOCK_TASKS_NAMED} more$`));
    expect(d.message).toContain('G1 (main) waits on');
    expect(d.related).toHaveLength(DEADLOCK_TASKS_NAMED - 1);
  });
});
