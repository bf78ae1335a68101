/**
 * Issue 13, CPython: how long a GIL waiter takes to wake, a C call that holds the GIL for its
 * whole length, and what a GIL switch costs (docs/models.md). Each test reads a figure a
 * person sees and changes the setting it depends on.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { simGilConvoy } from '../../bench/fidelityBench';

/** A ticking thread (10 × sleep 1 ms, print) beside a 50 ms computation, written as `compute`. */
function ticker(compute: string): string {
  return `name: ticker
machine: { cores: 2 }
runtime: { kind: python }
tasks:
  main:
    - go: crunch
    - go: tick
    - join: tick
    - join: crunch
  crunch:
    - compute: ${compute}
  tick:
    - repeat: 10
      do:
        - sleep: 1ms
        - print: tick
`;
}

function tickTimes(src: string): number[] {
  const parsed = parseScenario(src, 'ticker.scenario.yaml');
  expect(parsed.errors).toEqual([]);
  const r = simulate(parsed.program!, { mode: 'timed' });
  expect(r.stopped).toBe('finished');
  return r.log.filter((l) => l.text === 'tick').map((l) => l.ns / 1e6);
}

describe('python: the GIL (issue 13)', () => {
  it('the GIL convoy: an I/O thread back from a short read takes the free GIL before the signalled CPU thread wakes', () => {
    // 100 reads of ~1.6 µs beside a CPU-bound thread: the CPU thread, signalled at each drop,
    // needs runtime.gil_wake (50 µs) to run, and finds the GIL free only now and then.
    const convoy = simGilConvoy();
    expect(convoy).toBeGreaterThan(5);
    expect(convoy).toBeLessThan(100);
    // A waiter that runs the instant it is signalled takes the GIL at every read: each read
    // then waits a switch interval (5 ms) to get it back, 100 × 5 ms.
    expect(simGilConvoy(1_000, { 'runtime.gil_wake': '0ns' })).toBeGreaterThan(450);
  });

  it('a compute written uninterruptible (a C call such as sum(range(n))) holds the GIL for its whole length: the ticker stalls', () => {
    const bytecode = tickTimes(ticker('50ms'));
    const cCall = tickTimes(ticker('{ time: 50ms, uninterruptible: true }'));
    expect(bytecode).toHaveLength(10);
    expect(cCall).toHaveLength(10);
    // Bytecode: the drop request is honoured within a switch interval, so ticks come every ~5 ms.
    expect(bytecode[0]).toBeLessThan(7);
    // The C call: no tick until the 50 ms call returns and drops the GIL.
    expect(cCall[0]).toBeGreaterThan(50);
  });

  it('a forced GIL switch costs the waiter\'s wake-up: two CPU-bound threads lose ~50 µs per 5 ms interval', () => {
    const src = `name: two
machine: { cores: 2 }
runtime: { kind: python }
tasks:
  main:
    - go: busy
      count: 2
    - join: busy
  busy:
    - compute: 100ms
`;
    const parsed = parseScenario(src, 'two.scenario.yaml');
    const run = (set: Record<string, unknown>) => simulate(parsed.program!, { mode: 'timed', set }).makespan_ns / 1e6;
    const instant = run({ 'runtime.gil_wake': '0ns' });
    const real = run({});
    expect(instant).toBeLessThan(200.2);
    // ~40 switches × 50 µs
    expect(real - instant).toBeGreaterThan(1.5);
    expect(real - instant).toBeLessThan(3);
  });
});
