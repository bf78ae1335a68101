/** scenario-format.md's worked example "Two busy goroutines", parsed and run as written. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { GOMAXPROCS as TWO_BUSY } from '../scenario/examples';


describe('go runtime: the worked example of scenario-format.md', () => {
  it('makespan ≈400ms with GOMAXPROCS=1 and ≈200ms with GOMAXPROCS=2', () => {
    const parsed = parseScenario(TWO_BUSY, 'two-busy.scenario.yaml');
    expect(parsed.errors).toEqual([]);
    const program = parsed.program!;
    const one = simulate(program, { mode: 'timed', set: { 'runtime.gomaxprocs': 1 } });
    const two = simulate(program, { mode: 'timed', set: { 'runtime.gomaxprocs': 2 } });
    expect(one.stopped).toBe('finished');
    expect(two.stopped).toBe('finished');
    expect(one.makespan_ns / 1e6).toBeCloseTo(400, -1);
    expect(two.makespan_ns / 1e6).toBeCloseTo(200, -1);
    expect(one.metrics.max_running).toBe(1);
    expect(two.metrics.max_running).toBe(2);
    // GOMAXPROCS=1: sysmon preempts each busy G every 10–20ms, alternating them
    expect(one.metrics.preemptions as number).toBeGreaterThanOrEqual(15);
    expect(one.tasks.map((t) => t.id)).toEqual(['G1', 'G2', 'G3']);
  });
});
