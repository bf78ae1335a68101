/**
 * The `python` runtime against the reproductions of models.md (CPython, ceval_gil.c):
 * CPU-bound threads serialise on the GIL, I/O-bound threads overlap, the switch
 * interval bounds how long a holder keeps the GIL while another waits, and the GIL
 * orders no program data (a race under the GIL is still a race).
 */
import { describe, expect, it } from 'vitest';
import { RaceDetector } from '../../../src/core/analysis/raceDetector';
import { Simulation, simulate, taskIntervals, type RunTrace } from '../../../src/core/index';
import type { ConfigInput, TaskBody, TaskId } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { ms, op, program, spawnAndJoin } from '../core/helpers';

const python = (cores = 2, runtime: ConfigInput['runtime'] = {}): ConfigInput =>
  ({ machine: { cores, smt: 1 }, runtime: { kind: 'python', ...runtime } });

function busy(ns: number): TaskBody {
  return function* () {
    yield op.compute(ns);
  };
}

function run(body: TaskBody, count: number, config: ConfigInput, trace = false): RunResult {
  const r = simulate(program(spawnAndJoin(body, count), { config }), { mode: 'timed', trace });
  expect(r.stopped).toBe('finished');
  return r;
}

/**
 * Lengths of the running intervals of the workers (tasks other than main), in ns, while
 * another worker still existed (the last one left runs alone, as long as it likes).
 */
function holds(r: RunResult): number[] {
  const ends = r.tasks.slice(1).map((t) => t.end_ns ?? Infinity).sort((a, b) => a - b);
  const contended = ends[ends.length - 2];
  return taskIntervals(r).filter((i) => i.state === 'running' && i.task !== 0 && i.end <= contended).map((i) => i.end - i.start);
}

describe('python runtime: the GIL (ceval_gil.c take_gil / drop_gil)', () => {
  it('two CPU-bound threads take as long as running them one after the other, even on 2 cores', () => {
    const gil = run(busy(ms(200)), 2, python(2));
    expect(gil.makespan_ns / 1e6).toBeGreaterThan(399);
    // plus ~80 forced switches, each waiting runtime.gil_wake (50µs) for the waiter to run
    expect(gil.makespan_ns / 1e6).toBeLessThan(406);
    expect(gil.metrics.max_running).toBe(1);
    // the same program on 1:1 threads runs in parallel
    const threads = run(busy(ms(200)), 2, { machine: { cores: 2, smt: 1 }, runtime: { kind: 'threads' } });
    expect(threads.makespan_ns / 1e6).toBeLessThan(201);
  });

  it('switches the GIL between CPU-bound threads, each holding it about one switch interval (5 ms)', () => {
    const r = run(busy(ms(200)), 2, python(2), true);
    expect(r.metrics.gil_switches).toBeGreaterThan(60);
    expect(r.metrics.gil_switches).toBeLessThan(90);
    const h = holds(r);
    const sorted = [...h].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(median / 1e6).toBeGreaterThanOrEqual(5);
    expect(median / 1e6).toBeLessThan(5.05);
    // no hold is much longer than the interval while the other thread waits
    expect(Math.max(...h) / 1e6).toBeLessThan(5.1);
    const notes = (r.trace as RunTrace).log.objects; // note texts are interned with the objects
    expect(notes.some((t) => /waited 5(\.\d+)? ms for the GIL held by T\d and set the drop request/.test(t))).toBe(true);
    expect(notes.some((t) => /honoured the drop request .* \(FORCE_SWITCHING\)/.test(t))).toBe(true);
  });

  it('three CPU-bound threads on 4 cores still run one at a time, and every waiter gets turns', () => {
    const r = run(busy(ms(60)), 3, python(4), true);
    expect(r.makespan_ns / 1e6).toBeGreaterThan(179);
    expect(r.makespan_ns / 1e6).toBeLessThan(182);
    expect(r.metrics.max_running).toBe(1);
    const iv = taskIntervals(r).filter((i) => i.state === 'running' && i.task !== 0);
    for (const task of [1, 2, 3]) expect(iv.filter((i) => i.task === task).length).toBeGreaterThan(3);
    expect(Math.max(...holds(r)) / 1e6).toBeLessThan(5.1);
  });

  it('follows runtime.switch_interval (sys.setswitchinterval)', () => {
    const r = run(busy(ms(50)), 2, python(2, { switchIntervalNs: ms(1) }), true);
    const sorted = holds(r).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    expect(median / 1e6).toBeGreaterThanOrEqual(1);
    expect(median / 1e6).toBeLessThan(1.05);
    expect(r.metrics.gil_switches).toBeGreaterThan(80);
  });

  it('serialises CPU-bound threads on 1 core too, without a deadlock', () => {
    const r = run(busy(ms(100)), 2, python(1));
    expect(r.makespan_ns / 1e6).toBeGreaterThan(199);
    expect(r.makespan_ns / 1e6).toBeLessThan(203);
    expect(r.metrics.gil_switches).toBeGreaterThan(20);
  });

  it('two I/O-bound threads overlap: blocking I/O releases the GIL (Py_BEGIN_ALLOW_THREADS)', () => {
    const r = run(function* () {
      yield op.io(ms(100));
    }, 2, python(2));
    expect(r.makespan_ns / 1e6).toBeGreaterThanOrEqual(100);
    expect(r.makespan_ns / 1e6).toBeLessThan(101);
    const sleepers = run(function* () {
      yield op.sleep(ms(100));
    }, 4, python(2));
    expect(sleepers.makespan_ns / 1e6).toBeLessThan(101);
  });

  it('an I/O thread next to a CPU-bound one waits a switch interval for the GIL after each I/O (convoy effect)', () => {
    const main: TaskBody = function* () {
      const ids = (yield op.spawn(busy(ms(500)), 1, 'cpu')) as TaskId[];
      const io = (yield op.spawn(function* () {
        for (let i = 0; i < 10; i++) yield op.io(ms(1));
      }, 1, 'io')) as TaskId[];
      yield op.join([...ids, ...io]);
    };
    const r = simulate(program(main, { config: python(2) }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    const ioEnd = r.tasks.find((t) => t.name === 'io#1')!.end_ns!;
    // each of 10 rounds: 1 ms of I/O, then about 5 ms until the CPU-bound holder drops the GIL
    expect(ioEnd / 1e6).toBeGreaterThan(55);
    expect(ioEnd / 1e6).toBeLessThan(62);
  });

  it('free-threaded build (3.13t): CPU-bound threads run in parallel, each ×1.4 slower than alone', () => {
    const ft = python(2, { freeThreaded: true });
    const two = run(busy(ms(200)), 2, ft);
    const one = run(busy(ms(200)), 1, ft);
    expect(one.makespan_ns / 1e6).toBeGreaterThan(279);
    expect(one.makespan_ns / 1e6).toBeLessThan(281);
    expect(two.makespan_ns / 1e6).toBeGreaterThan(279);
    expect(two.makespan_ns / 1e6).toBeLessThan(281);
    expect(two.metrics.max_running).toBe(2);
    expect(two.metrics.gil_switches).toBe(0);
    expect(two.log.some((l) => l.task === 'note' && /Free-threaded/.test(l.text))).toBe(true);
  });

  it('the GIL gives no happens-before: a switch between read and write loses updates, and the race detector reports it', () => {
    // counter += 1 is LOAD / BINARY_OP / STORE: the eval breaker may drop the GIL in between.
    const incr: TaskBody = function* () {
      for (let i = 0; i < 20; i++) {
        const v = (yield op.read('counter', 3)) as number;
        yield op.compute(ms(3), 'cpu', 4);
        yield op.write('counter', v + 1, 5);
      }
    };
    const p = program(spawnAndJoin(incr, 2), { config: python(2), vars: [{ id: 'counter', name: 'counter', initial: 0 }] });
    const hb = new RaceDetector(p);
    const r = simulate(p, { mode: 'timed', hb });
    expect(r.stopped).toBe('finished');
    expect(r.finals.counter as number).toBeLessThan(40);
    expect(r.metrics.gil_switches).toBeGreaterThan(0);
    expect(hb.races().some((x) => x.variable === 'counter')).toBe(true);
  });

  it('a threading.Lock around the read-modify-write keeps every update, and the GIL waits while it is held', () => {
    const incr: TaskBody = function* () {
      for (let i = 0; i < 20; i++) {
        yield op.sync('mu', 'lock');
        const v = (yield op.read('counter')) as number;
        yield op.compute(ms(3));
        yield op.write('counter', v + 1);
        yield op.sync('mu', 'unlock');
      }
    };
    const p = program(spawnAndJoin(incr, 2), {
      config: python(2), vars: [{ id: 'counter', name: 'counter', initial: 0 }],
      objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
    });
    const hb = new RaceDetector(p);
    const r = simulate(p, { mode: 'timed', hb });
    expect(r.stopped).toBe('finished');
    expect(r.finals.counter).toBe(40);
    expect(hb.races()).toEqual([]);
    expect(r.makespan_ns / 1e6).toBeGreaterThan(119);
  });

  it('still reports a deadlock: no switch-interval timer stays armed when no thread can run', () => {
    const main: TaskBody = function* () {
      yield op.sync('mu', 'lock');
      yield op.sync('mu', 'lock'); // threading.Lock is not reentrant
    };
    const r = simulate(program(main, { config: python(2), objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }] }), { mode: 'timed' });
    expect(r.stopped).toBe('deadlock');
  });

  it('is deterministic: a schedule string replays the same run', () => {
    const p = program(spawnAndJoin(busy(ms(30)), 3), { config: python(2) });
    const a = simulate(p, { mode: 'timed', seed: 7 });
    const b = simulate(p, { mode: 'timed', schedule: a.schedule });
    expect(b.makespan_ns).toBe(a.makespan_ns);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.tasks).toEqual(a.tasks);
  });

  it('inspect() shows the holder, the waiter, the drop request and the switch count', () => {
    const sim = new Simulation(program(spawnAndJoin(busy(ms(50)), 2), { config: python(2) }), { mode: 'timed' });
    while (sim.timed!.time < ms(12) && !sim.runSlice(1));
    const snap = sim.runtime!.inspect!() as { freeThreaded: boolean; gil: Record<string, unknown> };
    expect(snap.freeThreaded).toBe(false);
    expect(snap.gil.holder).toMatch(/^T[23]$/);
    expect(snap.gil.waiters).toHaveLength(1);
    expect(snap.gil.switchNumber as number).toBeGreaterThanOrEqual(3);
    expect(snap.gil.switchIntervalNs).toBe(ms(5));
    while (!sim.runSlice(10_000));
    expect(sim.finish().stopped).toBe('finished');
  });

  it('runs a scenario with runtime.kind: python', () => {
    const parsed = parseScenario(`name: GIL
machine: { cores: 2 }
runtime: { kind: python }
sync: { wg: waitgroup }
tasks:
  main:
    - wg.add: 2
    - go: busy
      count: 2
    - wg.wait
  busy:
    - compute: 100ms
    - wg.done
`, 'gil.scenario.yaml');
    expect(parsed.errors).toEqual([]);
    const r = simulate(parsed.program!, { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.makespan_ns / 1e6).toBeGreaterThan(199);
    expect(r.makespan_ns / 1e6).toBeLessThan(203); // with the GIL switches' wake-up latency
    expect(r.tasks.map((t) => t.kind)).toEqual(['python-thread', 'python-thread', 'python-thread']);
  });
});

