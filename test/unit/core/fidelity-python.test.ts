/**
 * Issue 13, CPython: how long a GIL waiter takes to wake, a C call that holds the GIL for its
 * whole length, and what a GIL switch costs (docs/models.md). Each test reads a figure a
 * person sees and changes the setting it depends on.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { simGilConvoy, simGilConvoyReads } from '../../bench/fidelityBench';

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
  it('the GIL convoy: each short read races the CPU thread it signalled; about one in five loses and waits a switch interval', () => {
    // 100 reads of ~1.6 µs beside a CPU-bound thread. drop_gil's futex_wake (gil_signal,
    // 4.6 µs) delays the read; the CPU thread, asleep only µs, wakes gil_wake_hot (5 µs,
    // log-normal) after the signal. When it wins, the reader waits 5 ms for the GIL.
    const reads = simGilConvoyReads();
    expect(reads).toHaveLength(100);
    const lost = reads.filter((ns) => ns > 5_000_000);
    const won = reads.filter((ns) => ns < 20_000);
    expect(lost.length + won.length).toBe(100);
    expect(lost.length).toBeGreaterThan(10);
    expect(lost.length).toBeLessThan(40);
    // A lost read waits the switch interval and the cold wake-up of a thread asleep 5 ms.
    for (const ns of lost) expect(ns).toBeLessThan(5_400_000);
    const total = reads.reduce((a, b) => a + b, 0) / 1e6;
    expect(total).toBeCloseTo(simGilConvoy(), 6);
    // The same seed draws the same wake-ups (a replay, a golden); another seed other ones.
    expect(simGilConvoyReads(1_000, {}, 7)).toEqual(simGilConvoyReads(1_000, {}, 7));
    const seeds = [2, 3, 4, 5, 6].map((seed) => simGilConvoyReads(1_000, {}, seed).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
    // A waiter that runs the instant it is signalled takes the GIL at every read: each read
    // then waits a switch interval (5 ms) to get it back, 100 × 5 ms.
    expect(simGilConvoy(1_000, { 'runtime.gil_wake': '0ns', 'runtime.gil_wake_hot': '0ns' })).toBeGreaterThan(450);
    // A slow waiter (50 µs, the cold figure, for every wake-up) almost never wins the race.
    expect(simGilConvoy(1_000, { 'runtime.gil_wake_hot': '50us' })).toBeLessThan(total / 2);
  });

  it('a traced run\'s schedule string replays the same wake-ups; check (untimed) draws none', () => {
    const src = `name: convoy
machine: { cores: 2 }
runtime: { kind: python }
tasks:
  main:
    - go: spin
    - sleep: 10ms
    - repeat: 30
      do:
        - io: 1us
        - compute: 600ns
  spin:
    - compute: 200ms
`;
    const parsed = parseScenario(src, 'convoy.scenario.yaml');
    expect(parsed.errors).toEqual([]);
    const first = simulate(parsed.program!, { mode: 'timed', seed: 11 });
    const replay = simulate(parsed.program!, { mode: 'timed', schedule: first.schedule });
    expect(replay.seed).toBe(11);
    expect(replay.makespan_ns).toBe(first.makespan_ns);
    expect(replay.metrics).toEqual(first.metrics);
    // The untimed model runs no GIL: the spread changes nothing there.
    const untimed = (spread: number) => simulate(parsed.program!, { mode: 'untimed', set: { 'runtime.gil_wake_spread': spread } });
    const [a, b] = [untimed(0), untimed(2)];
    expect([a.schedule, a.events, a.stopped]).toEqual([b.schedule, b.events, b.stopped]);
  });

  it('the convoy with a fixed wake-up latency (gil_wake_spread 0) follows the reader\'s timing: no draw, the same for every seed', () => {
    const fixed = { 'runtime.gil_wake_spread': 0 };
    // Without the spread nothing is drawn: the seed only breaks the OS's placement ties.
    expect(simGilConvoyReads(1_000, fixed, 1)).toEqual(simGilConvoyReads(1_000, fixed, 1));
    // Without drop_gil's futex_wake the read is 1 µs, shorter than any wake-up: the reader wins
    // nearly every race, and loses only where a wake-up lands in a later read's window.
    const noSignal = simGilConvoyReads(1_000, { 'runtime.gil_signal': '0ns' });
    expect(noSignal.filter((ns) => ns > 5_000_000).length).toBeLessThan(simGilConvoyReads().filter((ns) => ns > 5_000_000).length);
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
    const instant = run({ 'runtime.gil_wake': '0ns', 'runtime.gil_wake_hot': '0ns' });
    const real = run({});
    expect(instant).toBeLessThan(200.2);
    // ~40 switches × 50 µs
    expect(real - instant).toBeGreaterThan(1.5);
    expect(real - instant).toBeLessThan(3);
  });
});
