import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import type { Op } from '../../../src/core/program';
import { miniEnumerate, miniSimulate } from './miniEngine';
import { at, body, incr, joinSpawned, lock, program, read, spawn, unlock, write } from './programs';

/** Interleavings of tasks with n1, n2, ... steps and no synchronisation: the multinomial coefficient. */
function multinomial(ns: number[]): number {
  const f = (n: number): number => (n <= 1 ? 1 : n * f(n - 1));
  return f(ns.reduce((a, b) => a + b, 0)) / ns.reduce((a, n) => a * f(n), 1);
}

const lockedIncr = (withLock: boolean) => program({
  vars: { counter: 0 },
  objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
  main: [spawn(body(withLock ? [lock('mu'), ...incr('counter'), unlock('mu')] : [read('counter'), read('counter'), read('counter'), write('counter', 1)]), 2), joinSpawned],
});

describe('dpor in the textbook model (a blocked lock is disabled, not a step)', () => {
  it('two tasks that each lock, increment, unlock one mutex: exactly 2 schedules, complete', () => {
    const r = explore(lockedIncr(true), { simulate: miniSimulate });
    expect(r.schedules).toBe(2);
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"counter":2}']);
    expect(miniEnumerate(lockedIncr(true))).toHaveLength(2);
  });

  it('naive interleavings of the same steps without the lock: C(8,4) = 70 for 4 steps each (20 for 3)', () => {
    expect(multinomial([4, 4])).toBe(70);
    expect(multinomial([3, 3])).toBe(20);
    expect(miniEnumerate(lockedIncr(false))).toHaveLength(70);
  });

  it('matches brute force on outcomes and finds the lost update with the fewest schedules', () => {
    const racy = program({ vars: { counter: 0 }, main: [spawn(body([...incr('counter'), ...incr('counter')]), 2), joinSpawned] });
    const all = miniEnumerate(racy);
    const outcomes = [...new Set(all.map((x) => JSON.stringify(x.finals)))].sort();
    const r = explore(racy, { simulate: miniSimulate });
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(outcomes);
    expect(r.findings.some((f) => f.kind === 'data-race')).toBe(true);
    // Independent steps are never interleaved both ways: two tasks writing different
    // variables need one schedule; brute force runs every interleaving.
    const joinBoth: Op = { op: 'join', tasks: [1, 2], at: at(90) };
    const independent = program({ vars: { a: 0, b: 0 }, main: [spawn(body([write('a', 1), write('a', 2)])), spawn(body([write('b', 1), write('b', 2)])), joinBoth] });
    const ind = explore(independent, { simulate: miniSimulate });
    expect(ind.schedules).toBe(1);
    expect(miniEnumerate(independent).length).toBeGreaterThan(1);
  });
});
