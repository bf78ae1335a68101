import { describe, expect, it } from 'vitest';
import { parseDuration, resolveConfig } from '../../../src/core/config';

describe('config', () => {
  it('has the defaults of models.md', () => {
    const c = resolveConfig({});
    expect(c.machine).toMatchObject({ cores: 4, smt: 1, cacheLineBytes: 64, smtFactor: { cpu: 0.55, memory: 0.6, mixed: 0.58 } });
    expect(c.os).toMatchObject({ policy: 'fair', quantumNs: 4_000_000, contextSwitchNs: 1_500, threadCreateNs: 20_000 });
    expect(c.runtime).toMatchObject({ kind: 'threads', gomaxprocs: 4, switchIntervalNs: 5_000_000 });
  });
  it('derives gomaxprocs from cores × smt unless given', () => {
    expect(resolveConfig({ machine: { cores: 2, smt: 2 } }).runtime.gomaxprocs).toBe(4);
    expect(resolveConfig({ machine: { cores: 2 }, runtime: { gomaxprocs: 1 } }).runtime.gomaxprocs).toBe(1);
    expect(resolveConfig({ runtime: { gomaxprocs: 1 } }, { 'machine.cores': 8 }).runtime.gomaxprocs).toBe(1);
    expect(resolveConfig({}, { 'machine.cores': 8 }).runtime.gomaxprocs).toBe(8);
  });
  it('applies --set paths, with durations', () => {
    const c = resolveConfig({}, { 'runtime.gomaxprocs': '2', 'os.quantum': '10ms', 'os.policy': 'round-robin', 'runtime.kind': 'go' });
    expect(c.runtime.gomaxprocs).toBe(2);
    expect(c.os.quantumNs).toBe(10_000_000);
    expect(c.os.policy).toBe('round-robin');
    expect(() => resolveConfig({}, { 'runtime.gomaxproc': 1 })).toThrow(/unknown setting.*runtime\.gomaxprocs/);
    expect(() => resolveConfig({}, { 'os.quantum': 5 })).toThrow(/needs a unit/);
    expect(() => resolveConfig({}, { 'os.policy': 'lottery' })).toThrow(/use one of fair/);
  });
  it('parses durations and refuses bare numbers', () => {
    expect(parseDuration('20ms')).toBe(20_000_000);
    expect(parseDuration('1.5us')).toBe(1_500);
    expect(parseDuration('2 s')).toBe(2_000_000_000);
    expect(parseDuration('7µs')).toBe(7_000);
    expect(() => parseDuration('20')).toThrow(/needs a unit: write 20ms/);
    expect(() => parseDuration(20)).toThrow(/needs a unit/);
    expect(() => parseDuration('fast')).toThrow(/not a duration/);
  });
});
