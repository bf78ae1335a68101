import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import type { Op, Program, TaskBody } from '../../../src/core/program';
import { at, body, program, read, write } from './programs';

/**
 * SCTBench's "reorder" shape, in our own code: one checker reads a, then b, and fails
 * when it sees a setter half-way; `setters` tasks each write a = 1 then b = -1 without a lock. DPOR's depth-first order spends a small budget reordering the
 * setters' writes among themselves before it moves the checker between two of them.
 */
function reorder(setters: number): Program {
  const setter = body([write('a', 1, 10), write('b', -1, 11)]);
  const checker: TaskBody = function* () {
    const a = (yield read('a', 20)) as number;
    const b = (yield read('b', 21)) as number;
    yield { op: 'assert', ok: (a === 0 && b === 0) || (a === 1 && b === -1), message: `a=${a} b=${b}`, at: at(22) } as Op;
  };
  const main: TaskBody = function* () {
    const tasks = [...((yield { op: 'spawn', body: checker, name: 'checker', count: 1, at: at(31) }) as number[])];
    for (let i = 0; i < setters; i++) tasks.push(...((yield { op: 'spawn', body: setter, name: 'setter', count: 1, at: at(30) }) as number[]));
    yield { op: 'join', tasks, at: at(32) };
  };
  return { ...program({ runtime: 'threads', vars: { a: 0, b: 0 }, main: [] }), main };
}

const assertion = (r: ReturnType<typeof explore>) => r.findings.find((f) => f.kind === 'assertion');

describe('portfolio', () => {
  it('finds the reorder bug that dpor misses within the same schedule budget, and says who found it', () => {
    const budget = 200;
    const dpor = explore(reorder(8), { strategy: 'dpor', maxSchedules: budget, races: false });
    expect(assertion(dpor)).toBeUndefined();
    const portfolio = explore(reorder(8), { strategy: 'portfolio', maxSchedules: budget, races: false });
    const found = assertion(portfolio);
    expect(found).toBeDefined();
    expect(found!.foundBy?.strategy).toMatch(/^(pct-[123]|random)$/);
    expect(found!.foundBy!.schedules).toBeGreaterThan(0);
    expect(found!.foundBy!.schedules).toBeLessThanOrEqual(budget);
    expect(portfolio.complete).toBe(false);
    const per = portfolio.stats.perStrategy!;
    expect(Object.keys(per).sort()).toEqual(['dpor', 'pct-1', 'pct-2', 'pct-3', 'random']);
    expect(Object.values(per).reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(portfolio.schedules);
  });

  it('says complete when its dpor finishes, and stops the randomized members there', () => {
    const r = explore(reorder(2), { strategy: 'portfolio', maxSchedules: 10_000 });
    const d = explore(reorder(2), { strategy: 'dpor', maxSchedules: 10_000 });
    expect(d.complete).toBe(true);
    expect(r.complete).toBe(true);
    expect(r.stats.stoppedBy).toBe('exhausted');
    expect(r.stats.perStrategy!.dpor).toBe(d.schedules + d.stats.redundant);
    // The same bugs as dpor alone, whoever found them first.
    expect(r.findings.map((f) => `${f.kind}@${f.at.line}`).sort()).toEqual(d.findings.map((f) => `${f.kind}@${f.at.line}`).sort());
    expect(r.findings.every((f) => f.foundBy !== undefined)).toBe(true);
  });

  it('keeps who found a finding when minimisation replaces its schedule with a simpler one', () => {
    const raw = assertion(explore(reorder(8), { strategy: 'portfolio', maxSchedules: 200, races: false, minimise: false }))!;
    const min = assertion(explore(reorder(8), { strategy: 'portfolio', maxSchedules: 200, races: false }))!;
    expect(min.foundBy).toEqual(raw.foundBy);
    expect(min.schedule!.length).toBeLessThanOrEqual(raw.schedule!.length);
  });

  it('stopped by its search time, it still minimises the counterexamples in the rest of the time limit', () => {
    let t = 0;
    const clock = { now: () => t, onSchedule: () => { t += 10; } };
    const r = explore(reorder(8), { strategy: 'portfolio', searchTimeLimitMs: 2000, timeLimitMs: 60_000, races: false, maxSchedules: 10_000, ...clock });
    expect(r.stats.stoppedBy).toBe('time');
    expect(r.complete).toBe(false);
    expect(r.schedules).toBeLessThan(300);
    expect(assertion(r)?.foundBy).toBeDefined();
    expect(r.stats.minimiseSchedules).toBeGreaterThan(0);
  });

  it('a portfolio without dpor never claims completeness', () => {
    const r = explore(reorder(2), { strategy: 'portfolio', members: ['pct-3', 'random'], maxSchedules: 50 });
    expect(r.complete).toBe(false);
    expect(r.stats.stoppedBy).toBe('schedules');
  });
});
