/**
 * Issue 13, Go: what operations cost and how long waking takes (docs/models.md). Each test
 * reads a figure a person sees (a round trip, a wait, a speed-up, an output order) from the
 * same programs `npm run bench -- fidelity` compares with real Go, and turns the modelled
 * cost off through its `--set` path to show the figure depends on it.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { simManyGoroutines, simPingPong, simSleepers, simStarvation } from '../../bench/fidelityBench';

describe('go: operation costs and wake-up latency (issue 13)', () => {
  it('an unbuffered ping-pong round trip costs 4 channel operations and 2 G switches (~230 ns, real Go 1.19 ≈ 235 ns)', () => {
    const rt = simPingPong(1, 2_000);
    expect(rt).toBeGreaterThan(200);
    expect(rt).toBeLessThan(280);
    // Free channel operations and switches: the round trip is a few ns of cache accesses.
    expect(simPingPong(1, 2_000, { 'runtime.chan_op': '0ns', 'runtime.g_switch': '0ns' })).toBeLessThan(10);
    // Twice the channel cost adds 4 × 30 ns.
    expect(simPingPong(1, 2_000, { 'runtime.chan_op': '60ns' }) - rt).toBeCloseTo(120, -1);
  });

  it('at GOMAXPROCS=4 the round trip also pays the futexwakeups of Ms started by wakep', () => {
    const rt4 = simPingPong(4, 2_000);
    expect(rt4).toBeGreaterThan(simPingPong(1, 2_000));
    expect(simPingPong(4, 2_000, { 'runtime.futex_wake': '0ns' })).toBeLessThan(rt4);
  });

  it('a fresh G costs malg, a reused one only newproc: 20,000 goroutines speed up more than 2× from 1 to 2 Ps', () => {
    const speedup = simManyGoroutines(1, 20_000) / simManyGoroutines(2, 20_000);
    expect(speedup).toBeGreaterThan(2.5);
    // Without the fresh G's cost, 2 Ps only overlap the Gs' runs with main's `go` statements.
    const flat = simManyGoroutines(1, 20_000, { 'runtime.malg': '0ns' }) / simManyGoroutines(2, 20_000, { 'runtime.malg': '0ns' });
    expect(flat).toBeLessThan(2);
  });

  it('mutex starvation on 2 Ps: the woken victim loses to the hog until it has waited 1 ms (real Go ≈ 1.03 ms)', () => {
    const wait = simStarvation(2);
    expect(wait).toBeGreaterThan(1);
    expect(wait).toBeLessThan(1.2);
    // With instant wake-ups the victim, stolen at once by the idle P, takes the lock before the hog relocks.
    expect(simStarvation(2, { 'runtime.m_wake': '0ns', 'runtime.runnext_steal_sleep': '0ns' })).toBeLessThan(0.1);
  });

  it('two sleepers at GOMAXPROCS=1 wake in the order real Go prints (AB): checkTimers readies both, the last into runnext', () => {
    expect(simSleepers()).toBe('AB');
    // With an M that wakes at the first deadline, only B (which slept first) has expired: BA.
    expect(simSleepers({ 'runtime.m_wake': '0ns' })).toBe('BA');
  });

  it('a scenario overrides each cost under runtime:, as --set does', () => {
    const src = 'name: costs\nruntime: { kind: go, chan_op: 100ns, m_wake: 20us, mutex_spin: 1us }\ntasks:\n  main:\n    - compute: 1ms\n';
    const parsed = parseScenario(src, 'costs.scenario.yaml');
    expect(parsed.errors).toEqual([]);
    const cfg = resolveConfig(parsed.program!.config);
    expect([cfg.runtime.chanOpNs, cfg.runtime.mWakeNs, cfg.runtime.mutexSpinNs]).toEqual([100, 20_000, 1_000]);
    expect(resolveConfig({}, { 'runtime.g_switch': '1us' }).runtime.gSwitchNs).toBe(1_000);
  });
});
