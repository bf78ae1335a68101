/**
 * The `green` runtime (N:1): one kernel thread for every thread of the program, switches
 * only where a thread waits or yields, and a blocking system call stops them all, where
 * 1:1 threads and Go's M:N keep running the others.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type RunResult } from '../../../src/core';
import { explore } from '../../../src/core/explore';
import { parseScenario } from '../../../src/frontends/scenario';

function program(body: string, kind = 'green') {
  const r = parseScenario(`name: green\nmachine: { cores: 4 }\nruntime: { kind: ${kind} }\n${body}`, 'green.scenario.yaml');
  expect(r.errors).toEqual([]);
  return r.program!;
}

const ticks = (r: RunResult, text = 'tick') => r.log.filter((l) => l.text === text).map((l) => l.ns / 1e6);

const BLOCKING = (wait: string) => `tasks:
  main:
    - spawn: reader
    - spawn: ticker
    - join: reader
    - join: ticker
  reader:
    - ${wait}: 50ms
  ticker:
    - repeat: 3
      do:
        - compute: 2ms
        - print: tick
        - yield
`;

describe('green threads (N:1)', () => {
  it('a blocking system call stops every green thread; wrapped I/O (io) and sleep do not', () => {
    const syscall = simulate(program(BLOCKING('syscall')), { mode: 'timed' });
    expect(ticks(syscall)[0]).toBeGreaterThanOrEqual(52);
    expect(syscall.metrics.threads_created).toBe(1);
    for (const wait of ['io', 'sleep']) {
      const r = simulate(program(BLOCKING(wait)), { mode: 'timed' });
      expect(ticks(r)).toEqual([2, 4, 6].map((ms) => expect.closeTo(ms, 1)));
      expect(r.makespan_ns / 1e6).toBeCloseTo(50, 0);
    }
  });

  it('1:1 threads and Go run the ticker on another kernel thread during the same call', () => {
    for (const kind of ['threads', 'go']) {
      const r = simulate(program(BLOCKING('syscall'), kind), { mode: 'timed' });
      expect(ticks(r)[0], kind).toBeLessThan(3);
      expect(r.makespan_ns / 1e6).toBeLessThan(51);
    }
  });

  it('one thread runs at a time on four cores, and only a wait or a yield switches (no preemption among them)', () => {
    const two = (yieldStep: string) => program(`tasks:
  main:
    - spawn: a
    - spawn: b
    - join: a
    - join: b
  a:
    - repeat: 3
      do:
        - compute: 20ms
        - print: a${yieldStep}
  b:
    - repeat: 3
      do:
        - compute: 20ms
        - print: b${yieldStep}
`);
    const cooperative = simulate(two(''), { mode: 'timed' });
    expect(cooperative.metrics.max_running).toBe(1);
    expect(cooperative.log.map((l) => l.text).filter((t) => t.length === 1)).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    const yielding = simulate(two('\n        - yield'), { mode: 'timed' });
    expect(yielding.log.map((l) => l.text).filter((t) => t.length === 1)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(yielding.makespan_ns / 1e6).toBeCloseTo(120, 0);
  });

  it('check still finds a deadlock between green threads that take two locks in opposite orders across a yield', () => {
    const r = explore(program(`sync:
  a: mutex
  b: mutex
tasks:
  main:
    - spawn: one
    - spawn: two
    - join: one
    - join: two
  one: [a.lock, yield, b.lock, b.unlock, a.unlock]
  two: [b.lock, yield, a.lock, a.unlock, b.unlock]
`), { strategy: 'dpor', maxSchedules: 100 });
    expect(r.findings.map((f) => f.kind)).toContain('deadlock');
    expect(r.complete).toBe(true);
  });
});
