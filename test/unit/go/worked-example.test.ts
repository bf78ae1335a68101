/** scenario-format.md's worked example "Two busy goroutines", parsed and run as written. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { parseScenario } from '../../../src/frontends/scenario/index';

const TWO_BUSY = `name: Two busy goroutines
machine: { cores: 2, smt: 1 }
runtime: { kind: go, gomaxprocs: 1 }
sync: { wg: waitgroup }
tasks:
  main:
    - wg.add: 2
    - go: busy
      count: 2
    - wg.wait
  busy:
    - compute: 200ms
    - wg.done
sweep:
  runtime.gomaxprocs: [1, 2]     # makespan about 400ms, then about 200ms
`;

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
