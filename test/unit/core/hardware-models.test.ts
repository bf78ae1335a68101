/**
 * The hardware models of issue 22 item 4, by what a user notices (docs/models.md,
 * "Hardware"): the cache hierarchy by working set, a contended lock that gets slower with
 * more cores, SMT's gain by work kind, SIMD lanes, and GPU offload against its copy.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config';
import { simulate } from '../../../src/core/engine/simulate';
import { offloadNs, simdFactor } from '../../../src/core/machine/accelerator';
import { CacheModel, INVALIDATE_NS, TRANSFER_NS } from '../../../src/core/machine/cache';
import { accessesNs, levelFor } from '../../../src/core/machine/hierarchy';
import type { ConfigInput, Op, TaskBody, TaskId, WorkKind } from '../../../src/core/program';
import { parseScenario } from '../../../src/frontends/scenario';
import { at, ms, op, program, spawnAndJoin, testSync } from './helpers';

const machine = resolveConfig({}).machine;
const timed = (main: TaskBody, config: ConfigInput, extra: Parameters<typeof program>[1] = {}) =>
  simulate(program(main, { ...extra, config }), { mode: 'timed' }, testSync);
const loads = (count: number, workingSetBytes: number): Op => ({ op: 'compute', ns: 0, work: 'memory', accesses: { count, workingSetBytes }, at: at(2) });

describe('the cache hierarchy: a working set pays the latency of the level that holds it', () => {
  it('levels by capacity, with the models.md latencies', () => {
    expect(levelFor(machine, 16 * 1024)).toBe('L1');
    expect(levelFor(machine, 200 * 1024)).toBe('L2');
    expect(levelFor(machine, 4 << 20)).toBe('L3');
    expect(levelFor(machine, 64 << 20)).toBe('RAM');
    expect(accessesNs(machine, 3000, 16 * 1024)).toBe(4000); // 4 cycles at 3 GHz
    expect(accessesNs(machine, 3000, 200 * 1024)).toBe(12000); // 12 cycles
    expect(accessesNs(machine, 1000, 64 << 20)).toBe(80_000); // 80 ns
  });

  it('a working set beyond L2 is slower than one inside it, until the L2 is made bigger', () => {
    const pass = (bytes: number, l2Kib?: number) =>
      timed(spawnAndJoin(function* () { yield loads(100_000, bytes); }, 1), { machine: { cores: 1, ...(l2Kib ? { l2Kib } : {}) } }).tasks[1].running_ns;
    const inside = pass(200 * 1024), beyond = pass(400 * 1024);
    expect(beyond).toBeGreaterThan(3 * inside);
    expect(pass(400 * 1024, 1024)).toBe(inside);
  });

  it('the scenario format writes it as `accesses` and `working_set`, and rejects one without the other', () => {
    const text = (step: string) => `name: t\ntasks:\n  main:\n    - compute: ${step}\n`;
    const ok = parseScenario(text('{ accesses: 1000, working_set: 256KiB }'), 't.scenario.yaml');
    const plain = parseScenario(text('4us'), 't.scenario.yaml');
    expect(ok.errors).toEqual([]);
    // 1000 L2 loads at 12 cycles: the same time as 4 µs of plain compute.
    expect(simulate(ok.program!, { mode: 'timed' }).makespan_ns).toBe(simulate(plain.program!, { mode: 'timed' }).makespan_ns);
    expect(parseScenario(text('{ accesses: 1000 }'), 't.scenario.yaml').errors[0].message).toMatch(/go together/);
    expect(parseScenario(text('{ accesses: 10, working_set: 256 }'), 't.scenario.yaml').errors[0].message).toMatch(/needs a unit/);
  });
});

describe('a contended lock: its cache line moves between cores', () => {
  it('a write to a line three other cores hold pays a transfer and half a transfer per extra core', () => {
    const c = new CacheModel(machine);
    c.access(0, 0, true); // core 0 owns it
    c.touch(1, 0);
    c.touch(2, 0);
    c.touch(3, 0);
    // cores 0..3 hold copies; core 1 writes: three others
    expect(c.access(1, 0, true)).toBeCloseTo(40 / 3 + 2 * INVALIDATE_NS);
    expect(INVALIDATE_NS).toBe(TRANSFER_NS / 2);
    // one other core (the two-core case) costs what it cost before: an L3 upgrade
    const d = new CacheModel(machine);
    d.access(0, 0, false);
    d.access(1, 0, false);
    expect(d.access(1, 0, true)).toBeCloseTo(40 / 3);
  });

  it('eight threads hammering one lock are slower on 4 cores than on 1, and slower again on 8', () => {
    // One mutex around updates of a shared four-line record, 50 ns of work outside it.
    const vars = ['count', 'total', 'last', 'peak'].map((id) => ({ id, name: id, initial: 0 }));
    const updater = function* () {
      for (let i = 0; i < 2000; i++) {
        yield op.sync('mu', 'lock');
        for (const v of vars) {
          const x = (yield op.read(v.id)) as number;
          yield op.write(v.id, x + 1);
        }
        yield op.sync('mu', 'unlock');
        yield op.compute(50);
      }
    };
    // The real pthread-style mutex (no `testSync`): waiters block, the unlock wakes one. Its
    // waiters spin (thread_wake 0: each sees the unlock at once), so the lock moves between cores.
    const run = (cores: number, threadWake = '0ns') => simulate(program(spawnAndJoin(updater, 8), {
      objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }], vars, config: { machine: { cores } },
    }), { mode: 'timed', set: { 'runtime.thread_wake': threadWake } });
    const [one, four, eight] = [run(1), run(4), run(8)];
    expect(eight.finals).toMatchObject({ count: 16000, peak: 16000 });
    expect(one.metrics.cache_transfers).toBe(0);
    expect(four.makespan_ns).toBeGreaterThan(1.05 * one.makespan_ns);
    expect(eight.makespan_ns).toBeGreaterThan(1.1 * four.makespan_ns);
    expect(eight.metrics.cache_transfers as number).toBeGreaterThan(four.metrics.cache_transfers as number);
    // Sleeping waiters (a 5 µs futex wake-up): the unlocking thread takes the lock back
    // first, the lock stays where it is, and 8 cores cost no more than 1.
    const [sleepOne, sleepEight] = [run(1, '5us'), run(8, '5us')];
    expect(sleepEight.makespan_ns).toBeLessThan(1.05 * sleepOne.makespan_ns);
    expect(sleepEight.makespan_ns).toBeLessThan(eight.makespan_ns);
  });
});

describe('SMT by work kind', () => {
  const gain = (work: WorkKind) => {
    const pair = (smt: number) => timed(spawnAndJoin(function* () { yield op.compute(ms(100), work); }, 2), { machine: { cores: 1, smt } }).makespan_ns;
    return pair(1) / pair(2);
  };
  it('integer 1.10×, memory-bound 1.20×, vector nothing', () => {
    expect(gain('cpu')).toBeCloseTo(1.1, 2);
    expect(gain('memory')).toBeCloseTo(1.2, 2);
    expect(gain('vector')).toBeCloseTo(1.0, 2);
  });
  it('an I/O-bound sibling leaves the core to the other: a CPU-bound thread keeps nearly full speed', () => {
    const cpu = function* () { yield op.compute(ms(100)); };
    const io = function* () { for (let i = 0; i < 10; i++) { yield op.compute(ms(1)); yield op.io(ms(9)); } };
    const main = function* () {
      const a = (yield op.spawn(cpu, 1, 'cpu')) as TaskId[];
      const b = (yield op.spawn(io, 1, 'io')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = timed(main, { machine: { cores: 1, smt: 2 } });
    expect(r.tasks[1].end_ns! / ms(100)).toBeLessThan(1.1);
  });
});

describe('SIMD and the GPU', () => {
  it('a data-parallel compute is divided by 1 + (width − 1) × efficiency; a scalar one is not', () => {
    expect(simdFactor({ vectorWidth: 8, vectorEfficiency: 60 })).toBeCloseTo(5.2);
    expect(simdFactor({ vectorWidth: 1, vectorEfficiency: 60 })).toBe(1);
    const loop = (simd: boolean, vectorWidth: number) => timed(function* () {
      yield { op: 'compute', ns: ms(52), work: 'vector', simd, at: at(2) } as Op;
    }, { machine: { cores: 1, vectorWidth } }).makespan_ns;
    // (plus the 1.5 µs switch that starts main)
    expect(loop(true, 8) - ms(10)).toBeLessThan(2000);
    expect(loop(false, 8) - ms(52)).toBeLessThan(2000);
    expect(loop(true, 1)).toBe(loop(false, 8));
  });

  it('offloading is slower than the CPU for small data and faster for large', () => {
    // The same kernel, 1 ms of CPU per MiB.
    const cpuNs = (mib: number) => ms(mib);
    const gpuNs = (mib: number) => offloadNs(machine, ms(mib), mib * (1 << 20));
    expect(gpuNs(1 / 64)).toBeGreaterThan(cpuNs(1 / 64));
    expect(gpuNs(256) * 5).toBeLessThan(cpuNs(256));
    const offload = (mib: number) => timed(function* () {
      yield { op: 'syscall', ns: ms(mib), offload: { bytes: mib * (1 << 20) }, at: at(2) } as Op;
    }, { machine: { cores: 1 } }).makespan_ns;
    expect(offload(1 / 64)).toBeGreaterThan(cpuNs(1 / 64));
    expect(offload(256)).toBeLessThan(cpuNs(256) / 5);
  });

  it('the scenario format: `offload` needs `work` and `bytes`; the machine keys are settings with ranges', () => {
    const text = (step: string, machineLine = '') => `name: t\n${machineLine}tasks:\n  main:\n    - ${step}\n`;
    expect(parseScenario(text('offload: { work: 1ms, bytes: 1MiB }'), 't.scenario.yaml').errors).toEqual([]);
    expect(parseScenario(text('offload: { work: 1ms }'), 't.scenario.yaml').errors[0].message).toMatch(/needs `work` and `bytes`/);
    expect(parseScenario(text('compute: 1ms', 'machine: { vector_width: 0 }\n'), 't.scenario.yaml').errors[0].message).toMatch(/between 1 and 64/);
    expect(parseScenario(text('compute: 1ms', 'machine: { l2_kb: 512 }\n'), 't.scenario.yaml').errors[0].hint).toMatch(/l2_kib/);
    const cfg = resolveConfig({ machine: { l2Kib: 1024 } }, { 'machine.gpu_latency': '5us', 'machine.vector_width': 16 });
    expect(cfg.machine).toMatchObject({ l2Kib: 1024, gpuLatencyNs: 5000, vectorWidth: 16, gpuLanes: 2048 });
    expect(() => resolveConfig({}, { 'machine.gpu_lanes': 0 })).toThrow(/between 1 and 1000000/);
  });

  it('the device runs one offload at a time: two at once take twice as long', () => {
    const job = function* () { yield { op: 'syscall', ns: ms(100), offload: { bytes: 64 << 20 }, at: at(2) } as Op; };
    const one = timed(spawnAndJoin(job, 1), { machine: { cores: 2 } }).makespan_ns;
    const two = timed(spawnAndJoin(job, 2), { machine: { cores: 2 } }).makespan_ns;
    expect(two / one).toBeCloseTo(2, 1);
  });
});
