/**
 * Cache-line costs reach simulated time (models.md, Hardware): a shared access costs its
 * level's latency on the accessing task's hardware thread, so false sharing is slower.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { ATOMIC_RMW_NS, CacheModel, DRAM_NS, L1_NS, L3_NS, TRANSFER_NS } from '../../../src/core/machine/cache';
import type { Op, TaskId } from '../../../src/core/program';
import { parseScenario } from '../../../src/frontends/scenario';
import { at, op, program, testSync } from './helpers';

const atomicAdd = (v: string): Op => ({ op: 'atomic', v, action: 'add', value: 1, at: at(2) });

describe('cache-line costs in simulated time', () => {
  it('the cache model charges models.md latencies at 3 GHz', () => {
    const c = new CacheModel();
    expect(c.access(0, 0, false)).toBe(DRAM_NS); // first touch: memory
    expect(c.access(0, 0, false)).toBeCloseTo(4 / 3); // L1: 4 cycles
    expect(c.access(1, 0, false)).toBeCloseTo(L3_NS); // another core's copy: 40 cycles
    expect(c.access(1, 0, true)).toBeCloseTo(L3_NS); // upgrade to modified, invalidating core 0
    expect(c.access(0, 0, true)).toBeCloseTo(TRANSFER_NS); // modified on core 1: ~75 cycles
    expect(c.transfers).toBe(1);
    expect(c.access(0, 0, true, true)).toBeCloseTo(L1_NS + ATOMIC_RMW_NS);
  });

  it('one task doing 3000 reads of a line it owns takes 3000 × 4/3 ns (fractions carried, not rounded up)', () => {
    const vars = [{ id: 'x', name: 'x', initial: 0 }];
    const reader = function* () { for (let i = 0; i < 3000; i++) yield op.read('x', 3); };
    const main = function* () {
      const ids = (yield op.spawn(reader, 1, 'r')) as TaskId[];
      yield op.join(ids);
    };
    const r = simulate(program(main, { vars, config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    const reads = r.tasks[1].running_ns;
    // DRAM once, then L1: 80 + 2999 × 4/3 ≈ 4079 ns (rounding each up to 2 ns would give ~6078)
    expect(reads).toBeGreaterThanOrEqual(4070);
    expect(reads).toBeLessThanOrEqual(4085);
  });

  it('false sharing: two threads incrementing counters on one line finish much later than on separate lines', () => {
    const run = (oneLine: boolean) => {
      const vars = [{ id: 'a', name: 'a', initial: 0, line: oneLine ? 'L' : 'La' }, { id: 'b', name: 'b', initial: 0, line: oneLine ? 'L' : 'Lb' }];
      const counter = (v: string) => function* () { for (let i = 0; i < 20000; i++) yield atomicAdd(v); };
      const main = function* () {
        const x = (yield op.spawn(counter('a'), 1, 'ca')) as TaskId[];
        const y = (yield op.spawn(counter('b'), 1, 'cb')) as TaskId[];
        yield op.join([...x, ...y]);
      };
      return simulate(program(main, { vars, config: { machine: { cores: 2 } } }), { mode: 'timed' }, testSync);
    };
    const shared = run(true), apart = run(false);
    expect(shared.finals).toEqual({ a: 20000, b: 20000 });
    expect(apart.metrics.cache_transfers).toBe(0);
    expect(shared.metrics.cache_transfers as number).toBeGreaterThan(10000);
    expect(shared.makespan_ns).toBeGreaterThan(2 * apart.makespan_ns);
  });

  it('the examples: caches/false-sharing is visibly slower than caches/padded-counters', () => {
    const load = (name: string) => {
      const file = join(__dirname, '../../../examples/caches', name);
      return parseScenario(readFileSync(file, 'utf8'), file).program!;
    };
    const fs = simulate(load('false-sharing.scenario.yaml'), { mode: 'timed' });
    const padded = simulate(load('padded-counters.scenario.yaml'), { mode: 'timed' });
    expect(padded.metrics.cache_transfers).toBe(0);
    expect(fs.metrics.cache_transfers as number).toBeGreaterThan(1000);
    expect(fs.makespan_ns).toBeGreaterThan(1.5 * padded.makespan_ns);
  });
});
