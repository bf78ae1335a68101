/**
 * The `eventloop` runtime: one thread runs every macrotask to completion. Three callbacks
 * that each compute 10 ms take 30 ms on four cores (they share the loop's one thread), and
 * a read-then-write inside one callback is never split by another callback: exploration
 * finds one final value and no data race, where the same program on threads loses updates.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { explore } from '../../../src/core/explore/index';
import { runtimeKinds } from '../../../src/core/runtimes/registry';
import { compileSource } from '../../../src/frontends/index';
import type { Program } from '../../../src/core/program';

const program = (kind: string): Program => {
  const c = compileSource(`name: three callbacks
machine: { cores: 4 }
runtime: { kind: ${kind} }
vars: { counter: 0 }
tasks:
  main:
    - go: cb
      count: 3
    - join: cb
  cb:
    - io: 5ms
    - compute: 10ms
    - counter.incr
`, 'loop.scenario.yaml');
  expect(c.errors.map((e) => e.message)).toEqual([]);
  return c.program!;
};

describe('eventloop runtime', () => {
  it('is listed with the other runtimes', () => {
    expect(runtimeKinds()).toContain('eventloop');
  });

  it('runs one callback at a time on one thread: three 10 ms callbacks take 30 ms on four cores', () => {
    const loop = simulate(program('eventloop'), { mode: 'timed' });
    expect(loop.stopped).toBe('finished');
    expect(loop.makespan_ns).toBeGreaterThanOrEqual(35_000_000);
    expect(loop.tasks.map((t) => t.id)).toEqual(['C1', 'C2', 'C3', 'C4']);
    const threads = simulate(program('threads'), { mode: 'timed' });
    expect(threads.makespan_ns).toBeLessThan(20_000_000);
  });

  it('never splits a callback: no lost update and no data race, where threads lose one', () => {
    const loop = explore(program('eventloop'), { strategy: 'dpor', maxSchedules: 1000 });
    expect(loop.complete).toBe(true);
    expect(loop.findings.map((f) => f.kind)).toEqual([]);
    const threads = explore(program('threads'), { strategy: 'dpor', maxSchedules: 1000 });
    expect(threads.findings.map((f) => f.kind)).toContain('data-race');
  });
});
