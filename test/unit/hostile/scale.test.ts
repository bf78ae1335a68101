/**
 * Scale without recursion that grows with the program (issue 24, item 1): a million goroutines
 * and a hundred thousand threads start, run and are joined, and the run finishes. A spread
 * of the million task ids once overflowed the call stack ("Maximum call stack size exceeded").
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { parseScenario } from '../../../src/frontends/scenario';

const MANY = (kind: string, n: number) => `name: ${n} ${kind}
machine: { cores: 2 }
runtime: { kind: ${kind} }
tasks:
  main:
    - go: noop
      count: ${n}
    - join: noop
  noop:
    - compute: 1us
`;

function runs(kind: string, n: number) {
  const p = parseScenario(MANY(kind, n), 'many.scenario.yaml');
  expect(p.errors).toEqual([]);
  return simulate(p.program!, { mode: 'timed', budget: { events: 100_000_000 } });
}

describe('a program as large as the seeds promise', () => {
  it('a million goroutines finish', () => {
    const r = runs('go', 1_000_000);
    expect(r.error).toBeUndefined();
    expect(r.stopped).toBe('finished');
    expect(r.tasks).toHaveLength(1_000_001);
    expect(r.tasks.every((t) => t.end_ns !== null)).toBe(true);
  }, 300_000);

  it('a hundred thousand threads finish', () => {
    const r = runs('threads', 100_000);
    expect(r.stopped).toBe('finished');
    expect(r.tasks).toHaveLength(100_001);
  }, 300_000);
});
