import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import { explore } from '../../../src/core/explore';
import { measureSchedule } from '../../../src/core/explore/explore';
import type { Op, Program } from '../../../src/core/program';
import { at, body, incr, joinSpawned, lock, program, read, spawn, unlock, write } from './programs';

function racyCounter(n: number, expects: Program['expects'] = []) {
  const steps = [];
  for (let i = 0; i < n; i++) steps.push(...incr('counter', 40));
  return program({ runtime: 'threads', vars: { counter: 0 }, main: [spawn(body(steps), 2), joinSpawned], expects });
}

function abba() {
  return program({
    runtime: 'threads', vars: { x: 0 },
    objects: [{ id: 'a', name: 'a', kind: 'mutex' }, { id: 'b', name: 'b', kind: 'mutex' }],
    main: [
      spawn(body([lock('a', 10), lock('b', 11), write('x', 1, 12), unlock('b', 13), unlock('a', 14)]), 1, 'ab'),
      ({ result }) => ({ op: 'spawn', body: body([lock('b', 20), lock('a', 21), write('x', 2, 22), unlock('a', 23), unlock('b', 24)]), name: 'ba', count: 1, at: at(30), args: [result] }) as Op,
      ({ result }) => ({ op: 'join', tasks: result as number[], at: at(31) }),
    ],
  });
}

describe('explore', () => {
  it('pct and random find the lost update, reproducibly from a seed', () => {
    for (const strategy of ['pct', 'random'] as const) {
      const a = explore(racyCounter(3), { strategy, maxSchedules: 60, seed: 7 });
      const b = explore(racyCounter(3), { strategy, maxSchedules: 60, seed: 7 });
      expect(a.complete).toBe(false);
      expect(a.schedules).toBe(60);
      expect(a.stats.outcomes.some((o) => JSON.parse(o).counter < 6), strategy).toBe(true);
      expect(a.findings.map((f) => f.schedule)).toEqual(b.findings.map((f) => f.schedule));
      expect(a.findings.some((f) => f.kind === 'data-race')).toBe(true);
    }
  });

  it('with a mutex every explored schedule ends at 2N', () => {
    const steps = [];
    for (let i = 0; i < 2; i++) steps.push(lock('mu'), ...incr('counter'), unlock('mu'));
    const p = program({ runtime: 'threads', vars: { counter: 0 }, objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
      main: [spawn(body(steps), 2), joinSpawned] });
    const r = explore(p, { maxSchedules: 100_000 });
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"counter":4}']);
    expect(r.findings).toEqual([]);
  });

  it('AB/BA: a deadlock with a one-preemption counterexample, and a lock-order cycle from a single good schedule', () => {
    const r = explore(abba());
    const dl = r.findings.find((f) => f.kind === 'deadlock');
    expect(dl).toBeDefined();
    expect(measureSchedule(abba(), dl!.schedule!, simulate).preemptions).toBe(1);
    expect(simulate(abba(), { mode: 'untimed', schedule: dl!.schedule }).stopped).toBe('deadlock');
    expect(r.findings.some((f) => f.kind === 'lock-order')).toBe(true);
    const one = explore(abba(), { maxSchedules: 1, minimise: false });
    expect(one.findings.map((f) => f.kind)).toEqual(['lock-order']);
    expect(one.findings[0].message).toContain('takes `a` then `b`');
  });

  it('minimises counterexamples: a lost update needs one preemption, and the reported schedule has one', () => {
    const r = explore(racyCounter(2, [{ kind: 'final', values: { counter: 4 }, at: at(500) }]));
    const e = r.findings.filter((f) => f.kind === 'expectation');
    expect(e).toHaveLength(1);
    const m = measureSchedule(racyCounter(2), e[0].schedule!, simulate);
    expect(m.preemptions).toBe(1);
    expect(m.result.finals.counter).toBeLessThan(4);
    // A race needs no bad interleaving at all: happens-before sees it on the plain schedule.
    for (const f of r.findings.filter((x) => x.kind === 'data-race')) {
      expect(measureSchedule(racyCounter(2), f.schedule!, simulate).preemptions).toBe(0);
    }
  });

  it('`no: data-race` becomes an expectation finding when any schedule has a race', () => {
    const r = explore(racyCounter(1, [{ kind: 'no', finding: 'data-race', at: at(600) }]));
    const e = r.findings.find((f) => f.kind === 'expectation');
    expect(e?.at.line).toBe(600);
    expect(e?.message).toContain('no: data-race');
    const clean = explore(racyCounter(1, [{ kind: 'no', finding: 'deadlock', at: at(601) }]));
    expect(clean.findings.some((f) => f.kind === 'expectation')).toBe(false);
  });

  it('budgets: a spin loop stops at the step budget and still reports the race; schedules, time and cancellation stop the search', () => {
    const spinner = function* (): Generator<Op, unknown, unknown> {
      yield { op: 'write', v: 'x', value: 1, at: at(70) };
      for (;;) {
        const flag = yield { op: 'read', v: 'flag', at: at(71) };
        if (flag === 1) return;
      }
    };
    const p = program({ runtime: 'threads', vars: { x: 0, flag: 0 }, main: [spawn(spinner), write('x', 2, 72), joinSpawned] });
    const r = explore(p, { maxStepsPerSchedule: 300, maxSchedules: 5 });
    expect(r.complete).toBe(false);
    expect(r.findings.some((f) => f.kind === 'data-race')).toBe(true);
    let polls = 0;
    const c = explore(racyCounter(3), { shouldCancel: () => ++polls > 3, minimise: false });
    expect(c.stats.stoppedBy).toBe('cancelled');
    expect(c.schedules).toBe(3);
    let clock = 0;
    const t = explore(racyCounter(3), { now: () => (clock += 10), timeLimitMs: 100, minimise: false });
    expect(t.stats.stoppedBy).toBe('time');
    expect(t.complete).toBe(false);
  });

  it('race findings name the fork sites and replay from their schedule', () => {
    const r = explore(program({ runtime: 'threads', vars: { x: 0 }, main: [spawn(body([write('x', 1, 80)]), 1, 'w', 81), read('x', 82), joinSpawned] }));
    const race = r.findings.find((f) => f.kind === 'data-race')!;
    expect(race.message).toMatch(/Data race on `x`: (write|read) by T\d and (read|write) by T\d/);
    expect(race.related.some((x) => x.at.line === 81 && x.message.endsWith('created here'))).toBe(true);
    const again = measureSchedule(program({ runtime: 'threads', vars: { x: 0 }, main: [spawn(body([write('x', 1, 80)]), 1, 'w', 81), read('x', 82), joinSpawned] }), race.schedule!, simulate);
    expect(again.findings.some((f) => f.kind === 'data-race')).toBe(true);
  });
});
