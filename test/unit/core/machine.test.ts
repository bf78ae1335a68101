import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { WorkKind } from '../../../src/core/program';
import { ms, op, program, spawnAndJoin, testSync } from './helpers';

function pair(cores: number, smt: number, work: WorkKind) {
  const worker = function* () { yield op.compute(ms(100), work); };
  return simulate(program(spawnAndJoin(worker, 2), { config: { machine: { cores, smt } } }), { mode: 'timed' }, testSync);
}

function single() {
  const worker = function* () { yield op.compute(ms(100)); };
  return simulate(program(spawnAndJoin(worker, 1), { config: { machine: { cores: 1, smt: 1 } } }), { mode: 'timed' }, testSync);
}

describe('SMT and caches (models.md reproductions)', () => {
  const base = single().makespan_ns;
  it('two CPU-bound tasks on one 2-way SMT core give about 1.10× throughput', () => {
    const r = pair(1, 2, 'cpu');
    expect((2 * base) / r.makespan_ns).toBeCloseTo(1.1, 1);
  });
  it('memory-bound tasks on one SMT core give about 1.20×', () => {
    const r = pair(1, 2, 'memory');
    expect((2 * base) / r.makespan_ns).toBeCloseTo(1.2, 1);
  });
  it('against 2.0× on two cores', () => {
    const r = pair(2, 1, 'cpu');
    expect((2 * base) / r.makespan_ns).toBeCloseTo(2.0, 1);
  });
  it('a sibling that stops lets the other speed back up (re-planned completion)', () => {
    const short = function* () { yield op.compute(ms(10)); };
    const long = function* () { yield op.compute(ms(100)); };
    const main = function* () {
      const a = (yield op.spawn(short, 1, 'short')) as number[];
      const b = (yield op.spawn(long, 1, 'long')) as number[];
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { config: { machine: { cores: 1, smt: 2 } } }), { mode: 'timed' }, testSync);
    // long runs at 0.55 for ~18 ms (10 ms of work), then the remaining 90 ms at full speed
    const longEnd = r.tasks[2].end_ns!;
    expect(longEnd).toBeGreaterThan(ms(106));
    expect(longEnd).toBeLessThan(ms(110));
  });
  it('false sharing: two writers on one cache line pay transfers, on separate lines they do not', () => {
    const run = (line: boolean) => {
      const vars = [{ id: 'a', name: 'a', initial: 0, ...(line ? { line: 'L' } : {}) }, { id: 'b', name: 'b', initial: 0, ...(line ? { line: 'L' } : {}) }];
      const writer = (v: string) => function* () { for (let i = 0; i < 1000; i++) { yield op.write(v, i); yield op.compute(100); } };
      const main = function* () {
        const x = (yield op.spawn(writer('a'), 1, 'wa')) as number[];
        const y = (yield op.spawn(writer('b'), 1, 'wb')) as number[];
        yield op.join([...x, ...y]);
      };
      return simulate(program(main, { vars, config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    };
    const shared = run(true), apart = run(false);
    expect(shared.metrics.cache_transfers as number).toBeGreaterThan(300);
    expect(apart.metrics.cache_transfers as number).toBe(0);
    expect(shared.makespan_ns).toBeGreaterThan(apart.makespan_ns);
  });
});
