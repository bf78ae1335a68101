/** The engine with the real sync layer (src/core/sync), as the CLI runs it. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { Op, SelectCase, TaskBody, TaskId } from '../../../src/core/program';
import type { Chooser } from '../../../src/core/run';
import { at, ms, op, program, spawnAndJoin } from './helpers';

describe('engine + sync layer', () => {
  it('semaphore(2) with 5 workers of 2 s: at most 2 inside and a makespan of about 6 s', () => {
    const objects = [{ id: 'pool', name: 'pool', kind: 'semaphore' as const, size: 2 }];
    const worker: TaskBody = function* () {
      yield op.sync('pool', 'acquire');
      yield op.compute(ms(2000));
      yield op.sync('pool', 'release');
    };
    const r = simulate(program(spawnAndJoin(worker, 5), {
      objects, expects: [{ kind: 'max_inside', section: 'pool', value: 2, at: at(9) }],
    }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.findings).toEqual([]);
    expect(r.makespan_ns / 1e9).toBeCloseTo(6, 1);
    const bad = simulate(program(spawnAndJoin(worker, 5), {
      objects, expects: [{ kind: 'max_inside', section: 'pool', value: 1, at: at(9) }],
    }), { mode: 'timed' });
    expect(bad.findings.map((f) => f.message)).toEqual(['Expected at most 1 inside `pool`, but 2 were inside at once']);
  });

  it('select takes the ready case, or blocks on all and is woken by the one that fires', () => {
    const objects = [{ id: 'a', name: 'a', kind: 'channel' as const, size: 0 }, { id: 'b', name: 'b', kind: 'channel' as const, size: 0 }];
    const got: unknown[] = [];
    const cases: SelectCase[] = [{ kind: 'recv', obj: 'a' }, { kind: 'recv', obj: 'b' }];
    const receiver: TaskBody = function* () {
      const sel: Op = { op: 'select', cases, hasDefault: false, at: at(3) };
      got.push(yield sel);
      got.push(yield sel);
    };
    const sender: TaskBody = function* () {
      yield op.sleep(ms(1));
      yield op.sync('b', 'send', 5, 'hello');
      yield op.sync('a', 'send', 6, 'world');
    };
    const main: TaskBody = function* () {
      const r = (yield op.spawn(receiver, 1, 'rx')) as TaskId[];
      const s = (yield op.spawn(sender, 1, 'tx')) as TaskId[];
      yield op.join([...r, ...s]);
    };
    const r = simulate(program(main, { objects }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(got).toEqual([{ index: 1, value: 'hello', ok: true }, { index: 0, value: 'world', ok: true }]);
  });

  it('a waitgroup waits for all workers; untimed and timed agree on the final value', () => {
    const objects = [{ id: 'wg', name: 'wg', kind: 'waitgroup' as const }, { id: 'mu', name: 'mu', kind: 'mutex' as const }];
    const vars = [{ id: 'n', name: 'n', initial: 0 }];
    const worker: TaskBody = function* () {
      yield op.sync('mu', 'lock');
      const v = (yield op.read('n')) as number;
      yield op.write('n', v + 1);
      yield op.sync('mu', 'unlock');
      yield op.sync('wg', 'done');
    };
    const main: TaskBody = function* () {
      yield op.sync('wg', 'add', 1, 3);
      yield op.spawn(worker, 3);
      yield op.sync('wg', 'wait');
    };
    for (const mode of ['timed', 'untimed'] as const) {
      for (let seed = 1; seed <= 10; seed++) {
        const r = simulate(program(main, { objects, vars }), { mode, seed });
        expect(r.stopped).toBe('finished');
        expect(r.finals).toEqual({ n: 3 });
        expect(r.findings).toEqual([]);
      }
    }
  });

  it('go mutexes in normal mode retry the woken waiter (SyncRetry) and stay exclusive', () => {
    const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }];
    const worker: TaskBody = function* () {
      for (let i = 0; i < 3; i++) {
        yield op.sync('mu', 'lock');
        yield op.enter('cs');
        yield op.compute(1000);
        yield op.exit('cs');
        yield op.sync('mu', 'unlock');
      }
    };
    for (let seed = 1; seed <= 30; seed++) {
      const r = simulate(program(spawnAndJoin(worker, 3), { objects, config: { runtime: { kind: 'go' } } }), { mode: 'untimed', seed });
      expect(r.stopped).toBe('finished');
      expect(r.findings.filter((f) => f.kind !== 'leak')).toEqual([]);
    }
    const timed = simulate(program(spawnAndJoin(worker, 3), { objects, config: { runtime: { kind: 'go' } } }), { mode: 'timed' });
    expect(timed.stopped).toBe('finished');
    expect(timed.findings).toEqual([]);
  });

  it('python and processes run their own models, not threads semantics: the GIL serialises CPU work, processes do not', () => {
    const w: TaskBody = function* () { yield op.compute(ms(100)); };
    const runs = Object.fromEntries((['threads', 'python', 'processes'] as const).map((kind) => {
      const r = simulate(program(spawnAndJoin(w, 2), { config: { runtime: { kind } } }), { mode: 'timed' });
      expect(r.stopped).toBe('finished');
      return [kind, { makespanMs: r.makespan_ns / 1e6, log: r.log.map((l) => l.text).join('\n') }];
    }));
    // Two 100 ms CPU workers on 4 cores run side by side, except under CPython's GIL, which one holds at a time.
    expect(runs.threads.makespanMs).toBeLessThan(150);
    expect(runs.python.makespanMs).toBeGreaterThanOrEqual(200);
    // A process starts 15 ms after Process.start() (fork, Linux's default up to 3.13), then computes in parallel.
    expect(runs.processes.log).toMatch(/Each process starts 15 ms after Process\.start\(\) \(the fork start method/);
    expect(runs.processes.makespanMs).toBeGreaterThanOrEqual(115);
    expect(runs.processes.makespanMs).toBeLessThan(200);
    for (const run of Object.values(runs)) expect(run.log).not.toMatch(/not modelled/);
  });

  it('a sender blocked on a channel that gets closed panics and ends', () => {
    const objects = [{ id: 'ch', name: 'ch', kind: 'channel' as const, size: 0 }];
    const sender: TaskBody = function* () { yield op.sync('ch', 'send', 3, 1); };
    const main: TaskBody = function* () {
      const s = (yield op.spawn(sender, 1, 'tx')) as TaskId[];
      yield op.sleep(ms(1));
      yield op.sync('ch', 'close', 7);
      yield op.join(s);
    };
    const r = simulate(program(main, { objects }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.findings.map((f) => f.kind)).toEqual(['misuse']);
    expect(r.findings[0].message).toMatch(/send on closed channel/);
  });

  it('untimed exploration is driven by an external chooser at every step with several options', () => {
    const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }];
    const worker: TaskBody = function* () { yield op.sync('mu', 'lock'); yield op.sync('mu', 'unlock'); };
    const points: number[] = [];
    const chooser: Chooser = { choose(p) { points.push(p.options.length); return p.options.length - 1; } };
    const r = simulate(program(spawnAndJoin(worker, 2), { objects }), { mode: 'untimed', chooser });
    expect(r.stopped).toBe('finished');
    expect(points.length).toBeGreaterThan(0);
    expect(r.schedule.startsWith('v1:1:')).toBe(true);
  });
});
