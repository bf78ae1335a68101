import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { TaskId } from '../../../src/core/program';
import { ms, op, program, spawnAndJoin, testSync } from './helpers';

describe('timed engine basics', () => {
  it('runs main alone: one 10 ms compute takes 10 ms plus the first context switch', () => {
    const r = simulate(program(function* () { yield op.compute(ms(10)); return 42; }), { mode: 'timed' }, testSync);
    expect(r.stopped).toBe('finished');
    expect(r.returned).toBe(42);
    expect(r.makespan_ns).toBe(ms(10) + 1_500);
  });

  it('two CPU-bound threads on two cores finish in about the time of one (≈2× speedup)', () => {
    const worker = function* () { yield op.compute(ms(200)); };
    const one = simulate(program(spawnAndJoin(worker, 1), { config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    const two = simulate(program(spawnAndJoin(worker, 2), { config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    const speedup = (2 * one.makespan_ns) / two.makespan_ns;
    expect(speedup).toBeGreaterThan(1.95);
    expect(speedup).toBeLessThan(2.05);
    expect(two.metrics.max_running).toBe(2);
  });

  it('reports a deadlock with the blocked tasks and what each waits on', () => {
    const objects = [{ id: 'a', name: 'a', kind: 'mutex' as const }, { id: 'b', name: 'b', kind: 'mutex' as const }];
    const t1 = function* () { yield op.sync('a', 'lock', 3); yield op.compute(ms(1)); yield op.sync('b', 'lock', 4); };
    const t2 = function* () { yield op.sync('b', 'lock', 7); yield op.compute(ms(1)); yield op.sync('a', 'lock', 8); };
    const main = function* () {
      const a = (yield op.spawn(t1, 1, 'left')) as TaskId[];
      const b = (yield op.spawn(t2, 1, 'right')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { objects }), { mode: 'timed' }, testSync);
    expect(r.stopped).toBe('deadlock');
    const d = r.findings.find((f) => f.kind === 'deadlock')!;
    expect(d.message).toContain('waits on b (lock)');
    expect(d.message).toContain('waits on a (lock)');
    expect(d.message).toContain('waits on join');
  });

  it('reports a leak when main returns while a task is blocked', () => {
    const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }];
    const stuck = function* () { yield op.sync('mu', 'lock', 5); };
    const main = function* () { yield op.sync('mu', 'lock', 2); yield op.spawn(stuck, 1, 'stuck'); yield op.sleep(ms(1)); };
    const r = simulate(program(main, { objects }), { mode: 'timed' }, testSync);
    expect(r.stopped).toBe('finished');
    expect(r.findings.map((f) => f.kind)).toEqual(['leak']);
    expect(r.findings[0].at.line).toBe(5);
  });

  it('keeps shared values, reports assertions and prints', () => {
    const vars = [{ id: 'x', name: 'x', initial: 1 }];
    const main = function* () {
      const v = (yield op.read('x')) as number;
      yield op.write('x', v + 1);
      yield op.assert(v + 1 === 3, 'x should be 3', 9);
      yield op.print('done');
    };
    const r = simulate(program(main, { vars, expects: [{ kind: 'final', values: { x: 2 }, at: op.print('').at }] }), { mode: 'timed' }, testSync);
    expect(r.finals).toEqual({ x: 2 });
    expect(r.findings.map((f) => f.kind)).toEqual(['assertion']);
    expect(r.findings[0].at.line).toBe(9);
    expect(r.log.map((l) => l.text)).toEqual(['done']);
  });

  it('finds two tasks inside one critical section at once (no lock)', () => {
    const body = function* () { yield op.enter('cs', 4); yield op.compute(ms(1)); yield op.exit('cs'); };
    const r = simulate(program(spawnAndJoin(body, 2), { config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    expect(r.findings.some((f) => f.kind === 'mutual-exclusion')).toBe(true);
  });

  it('stops at the event budget with a clear message', () => {
    const main = function* () { for (;;) yield op.compute(10); };
    const r = simulate(program(main), { mode: 'timed', budget: { events: 1000 } }, testSync);
    expect(r.stopped).toBe('budget');
    expect(r.error).toMatch(/event budget/);
  });

  it('honours shouldCancel between slices', () => {
    const main = function* () { for (;;) yield op.compute(10); };
    let polls = 0;
    const r = simulate(program(main), { mode: 'timed', shouldCancel: () => ++polls > 1 }, testSync);
    expect(r.stopped).toBe('cancelled');
  });

  it('names an unknown variable with file:line:column', () => {
    const r = simulate(program(function* () { yield op.read('nope', 12); }), { mode: 'timed' }, testSync);
    expect(r.stopped).toBe('error');
    expect(r.error).toMatch(/test\.sim:12:1: unknown shared variable `nope`/);
  });
});

describe('timed engine: io, yield, budgets', () => {
  it('two io-bound threads overlap on one core; a sleeping task at the end is abandoned, not leaked', () => {
    const io = function* () { yield op.io(ms(50)); };
    const r = simulate(program(spawnAndJoin(io, 2), { config: { machine: { cores: 1 } } }), { mode: 'timed' }, testSync);
    expect(r.makespan_ns).toBeLessThan(ms(51));
    const sleeper = function* () { yield op.sleep(ms(100)); };
    const main = function* () { yield op.spawn(sleeper, 1, 'sleeper'); yield op.compute(ms(1)); };
    const r2 = simulate(program(main), { mode: 'timed' }, testSync);
    expect(r2.findings).toEqual([]);
    expect(r2.tasks[1].end_ns).toBeNull();
  });
  it('counts threads created and charges the parent 20 µs per thread', () => {
    const w = function* () { yield op.compute(1000); };
    const r = simulate(program(spawnAndJoin(w, 10)), { mode: 'timed' }, testSync);
    expect(r.metrics.threads_created).toBe(11);
    expect(r.tasks[0].running_ns).toBeGreaterThanOrEqual(10 * 20_000);
  });
  it('stops with a budget error when a run would create too many tasks', () => {
    const w = function* () { yield op.compute(1); };
    const r = simulate(program(spawnAndJoin(w, 100)), { mode: 'timed', budget: { tasks: 50 } }, testSync);
    expect(r.stopped).toBe('budget');
    expect(r.error).toMatch(/test\.sim:1:1: the run would exceed its budget of 50 tasks/);
  });
  it('yield on one core lets the other thread run', () => {
    const vars = [{ id: 'turns', name: 'turns', initial: '' }];
    const body = (name: string) => function* () {
      for (let i = 0; i < 3; i++) {
        const s = (yield op.read('turns')) as string;
        yield op.write('turns', s + name);
        yield op.yield();
      }
    };
    const main = function* () {
      const a = (yield op.spawn(body('a'), 1, 'a')) as TaskId[];
      const b = (yield op.spawn(body('b'), 1, 'b')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { vars, config: { machine: { cores: 1 }, os: { policy: 'round-robin' } } }), { mode: 'timed' }, testSync);
    expect(r.finals.turns).toBe('ababab');
  });
});
