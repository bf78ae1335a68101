/**
 * The `processes` runtime (multiprocessing): processes run in parallel, each pays the
 * start-up of its start method (`fork` by default, as on Linux up to 3.13; `spawn`), and they
 * share no memory.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { ConfigInput, TaskBody, TaskId } from '../../../src/core/program';
import { PROCESS_FORK_STARTUP_NS, PROCESS_SPAWN_PARENT_NS, PROCESS_STARTUP_NS } from '../../../src/core/runtimes/python/index';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { ms, op, program, spawnAndJoin } from '../core/helpers';

const cfg = (kind: 'processes' | 'python', cores = 2): ConfigInput => ({ machine: { cores, smt: 1 }, runtime: { kind } });

const busy: TaskBody = function* () {
  yield op.compute(ms(200));
};

describe('processes runtime (multiprocessing)', () => {
  it('two CPU-bound processes take half as long on 2 cores as two GIL-bound threads, plus start-up', () => {
    const procs = simulate(program(spawnAndJoin(busy, 2), { config: cfg('processes') }), { mode: 'timed' });
    const threads = simulate(program(spawnAndJoin(busy, 2), { config: cfg('python') }), { mode: 'timed' });
    expect(procs.stopped).toBe('finished');
    expect(procs.metrics.max_running).toBe(2);
    const work = procs.makespan_ns - PROCESS_FORK_STARTUP_NS - 2 * PROCESS_SPAWN_PARENT_NS;
    expect(work / 1e6).toBeGreaterThan(199);
    expect(work / 1e6).toBeLessThan(201);
    expect(work / threads.makespan_ns).toBeGreaterThan(0.49);
    expect(work / threads.makespan_ns).toBeLessThan(0.51);
    expect(procs.tasks.map((t) => t.id)).toEqual(['P1', 'P2', 'P3']);
    expect(procs.log.some((l) => l.task === 'note' && /fork start method/.test(l.text))).toBe(true);
  });

  it('on 1 core two processes run one after the other', () => {
    const r = simulate(program(spawnAndJoin(busy, 2), { config: cfg('processes', 1) }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    const work = r.makespan_ns - PROCESS_FORK_STARTUP_NS;
    expect(work / 1e6).toBeGreaterThan(399);
    expect(work / 1e6).toBeLessThan(404);
  });

  it('a process starts only after its start-up: fork by default (~15 ms, Linux up to 3.13), spawn when asked (tens of ms)', () => {
    const oneProcess = (set: Record<string, unknown> = {}) => simulate(program(spawnAndJoin(function* () {
      yield op.compute(ms(1));
    }, 1), { config: cfg('processes') }), { mode: 'timed', set }).makespan_ns;
    const fork = oneProcess();
    expect(fork).toBeGreaterThanOrEqual(PROCESS_FORK_STARTUP_NS + PROCESS_SPAWN_PARENT_NS + ms(1));
    expect(fork).toBeLessThan(PROCESS_FORK_STARTUP_NS + PROCESS_SPAWN_PARENT_NS + ms(1.1));
    expect(fork / 1e6).toBeCloseTo(17, 0);
    const spawn = oneProcess({ 'runtime.start_method': 'spawn' });
    expect(spawn).toBeGreaterThanOrEqual(PROCESS_STARTUP_NS + PROCESS_SPAWN_PARENT_NS + ms(1));
    expect(spawn).toBeLessThan(PROCESS_STARTUP_NS + PROCESS_SPAWN_PARENT_NS + ms(1.1));
    expect(() => oneProcess({ 'runtime.start_method': 'forkserver' })).toThrow('runtime.start_method "forkserver" is unknown; use fork or spawn');
  });

  it('a variable touched by two processes stops the run with an error that says why and where', () => {
    const parsed = parseScenario(`name: shared counter
machine: { cores: 2 }
runtime: { kind: processes }
vars: { counter: 0 }
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - counter.incr
`, 'procs.scenario.yaml');
    expect(parsed.errors).toEqual([]);
    const r = simulate(parsed.program!, { mode: 'timed' });
    expect(r.stopped).toBe('error');
    expect(r.error).toMatch(/^procs\.scenario\.yaml:11:\d+: /);
    expect(r.error).toContain('`counter` is touched by P2 and P3, but processes share no memory: each has its own copy');
    expect(r.error).toMatch(/Queue\/Pipe \(a channel\)/);
    expect(r.error).toContain('multiprocessing.Value');
  });

  it('a variable used by one process only is fine', () => {
    const main: TaskBody = function* () {
      yield op.write('x', 1);
      const ids = (yield op.spawn(busy, 2)) as TaskId[];
      yield op.join(ids);
      yield op.write('x', 2);
    };
    const r = simulate(program(main, { config: cfg('processes'), vars: [{ id: 'x', name: 'x', initial: 0 }] }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.finals.x).toBe(2);
  });

  it('processes exchange values through a channel (a multiprocessing.Queue)', () => {
    const producer: TaskBody = function* () {
      for (let i = 1; i <= 3; i++) {
        yield op.compute(ms(10));
        yield op.sync('q', 'send', 1, i);
      }
    };
    let sum = 0;
    const consumer: TaskBody = function* () {
      for (let i = 0; i < 3; i++) sum += ((yield op.sync('q', 'recv')) as { value: number }).value;
    };
    const main: TaskBody = function* () {
      const a = (yield op.spawn(producer, 1, 'producer')) as TaskId[];
      const b = (yield op.spawn(consumer, 1, 'consumer')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { config: cfg('processes'), objects: [{ id: 'q', name: 'q', kind: 'channel', size: 4 }] }),
      { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(sum).toBe(6);
    expect(r.makespan_ns).toBeGreaterThan(PROCESS_FORK_STARTUP_NS + ms(30));
  });
});
