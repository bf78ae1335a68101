import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import { explore } from '../../../src/core/explore';
import { enumerateAll } from './bruteForce';
import { at, body, incr, joinSpawned, lock, program, read, spawn, unlock, write } from './programs';

const outcomesOf = (results: ReturnType<typeof enumerateAll>) =>
  [...new Set(results.filter((r) => r.stopped === 'finished').map((r) => JSON.stringify(r.finals)))].sort();
const kindsOf = (fs: readonly { kind: string }[]) => [...new Set(fs.map((f) => f.kind))].sort();

function lockedCounter() {
  return program({
    runtime: 'threads',
    vars: { counter: 0 },
    objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
    main: [spawn(body([lock('mu'), ...incr('counter'), unlock('mu')]), 2), joinSpawned],
  });
}

function racyCounter(n: number) {
  const steps = [];
  for (let i = 0; i < n; i++) steps.push(...incr('counter', 40));
  return program({ runtime: 'threads', vars: { counter: 0 }, main: [spawn(body(steps), 2), joinSpawned] });
}

describe('dpor on the real engine, against brute-force enumeration', () => {
  it('locked increments: every schedule ends at 2, far fewer schedules than interleavings, complete', () => {
    const p = lockedCounter();
    const all = enumerateAll(p);
    const r = explore(p);
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"counter":2}']);
    expect(outcomesOf(all)).toEqual(['{"counter":2}']);
    expect(r.findings).toEqual([]);
    // A lock that would block is not a step (the task is disabled while the mutex is
    // held), so the two critical sections are the only thing to order: 2 schedules,
    // where brute force walks every interleaving of the steps.
    expect(r.schedules).toBe(2);
    expect(all.length).toBeGreaterThan(r.schedules);
  });

  it('counter race (2 tasks × N increments): finds a final < 2N and the same outcomes as brute force', () => {
    for (const n of [1, 2, 3]) {
      const p = racyCounter(n);
      const all = enumerateAll(p);
      const r = explore(p, { maxSchedules: 100_000 });
      expect(r.complete).toBe(true);
      expect(r.stats.outcomes).toEqual(outcomesOf(all));
      console.log(`counter race N=${n}: dpor ${r.schedules} schedules (${r.stats.redundant} redundant), brute force ${all.length} interleavings`);
      expect(r.stats.outcomes.some((o) => JSON.parse(o).counter < 2 * n)).toBe(true);
      expect(kindsOf(r.findings)).toEqual(['data-race']);
      expect(r.schedules).toBeLessThan(all.length);
    }
  });

  it('agrees with brute force on final states and finding kinds for small programs', () => {
    const progs = [
      // message passing through a flag with no synchronisation
      program({ runtime: 'threads', vars: { x: 0, flag: 0 },
        main: [spawn(body([write('x', 1), write('flag', 1)])), read('flag'), read('x')] }),
      // AB/BA locking: a deadlock on some schedules
      program({ runtime: 'threads', vars: { x: 0 }, objects: [{ id: 'a', name: 'a', kind: 'mutex' }, { id: 'b', name: 'b', kind: 'mutex' }],
        main: [spawn(body([lock('a'), lock('b'), write('x', 1), unlock('b'), unlock('a')])),
          // joinSpawned would join the last op's result (unlock's undefined): join the spawned task by id.
          lock('b'), lock('a'), write('x', 2), unlock('a'), unlock('b'), { op: 'join', tasks: [1], at: at(999) }] }),
      // three writers of one variable
      program({ runtime: 'threads', vars: { x: 0 },
        main: [spawn(body([write('x', 1)])), spawn(body([write('x', 2)])), write('x', 3)] }),
    ];
    for (const p of progs) {
      const all = enumerateAll(p);
      const r = explore(p);
      expect(r.complete).toBe(true);
      expect(r.stats.outcomes).toEqual(outcomesOf(all));
      const bruteKinds = new Set<string>(all.flatMap((x) => x.findings.map((f) => f.kind)));
      for (const k of bruteKinds) expect(kindsOf(r.findings)).toContain(k);
    }
  });

  it('a preemption bound makes the search incomplete when it drops schedules', () => {
    const r = explore(racyCounter(2), { preemptionBound: 0 });
    expect(r.complete).toBe(false);
    const full = explore(racyCounter(2), { preemptionBound: 10 });
    expect(full.complete).toBe(true);
  });

  it('every finding replays from its schedule string', () => {
    const r = explore(racyCounter(2));
    const lost = explore(racyCounter(2)).findings;
    expect(lost.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.schedule).toMatch(/^v1:/);
      const again = simulate(racyCounter(2), { mode: 'untimed', schedule: f.schedule });
      expect(again.schedule).toBe(f.schedule);
    }
  });
});
