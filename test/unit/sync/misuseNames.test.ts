/**
 * Findings name tasks as results and the trace do (`T2`), never by a 0-based id: an unlock
 * by a thread that does not hold the mutex names the holder and the culprit by their labels.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { parseScenario } from '../../../src/frontends/scenario';

const OWNED = `name: owned
runtime: { kind: threads }
sync: { mu: mutex }
tasks:
  main:
    - go: holder
    - sleep: 1ms
    - go: thief
    - join: thief
  holder:
    - mu.lock
    - sleep: 10ms
    - mu.unlock
  thief:
    - mu.unlock
`;

describe('misuse wording names tasks by their labels', () => {
  it('an unlock of a mutex another thread holds names that thread and the one that unlocked', () => {
    const p = parseScenario(OWNED, 'owned.scenario.yaml');
    expect(p.errors).toEqual([]);
    const r = simulate(p.program!, { mode: 'timed' });
    const labels = r.tasks.map((t) => `${t.id} ${t.name}`);
    expect(labels).toEqual(['T1 main', 'T2 holder#1', 'T3 thief#1']);
    const misuse = r.findings.find((f) => f.kind === 'misuse');
    expect(misuse?.message).toBe("'mu': unlock of a mutex held by another thread (T2 holds it; EPERM) (T3)");
  });
});
