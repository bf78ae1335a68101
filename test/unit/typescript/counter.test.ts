import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile, opsOf, run } from './helpers';

const SPEC_EXAMPLE = readFileSync(new URL('../../fixtures/ts/counter.sim.ts', import.meta.url), 'utf8');

describe('the spec example: two goroutines increment a counter', () => {
  const program = compile(SPEC_EXAMPLE, 'counter.sim.ts');

  it('takes its settings from the @interleave header', () => {
    expect(program.config).toEqual({ runtime: { kind: 'go', gomaxprocs: 2 }, machine: { cores: 2 } });
    expect(program.name).toBe('counter');
    expect(program.mainAt.line).toBe(4);
  });

  it('runs in both models and returns a counter of at most 2000', () => {
    for (const mode of ['timed', 'untimed'] as const) {
      const r = run(program, { mode });
      expect(r.stopped, r.error).toBe('finished');
      expect(typeof r.returned).toBe('number');
      expect(r.returned as number).toBeLessThanOrEqual(2000);
      expect(r.returned as number).toBeGreaterThanOrEqual(2);
      expect(r.finals.counter).toBe(r.returned);
    }
  });

  it('loses updates on some schedule (the untimed model interleaves the read and the write)', () => {
    const seen = new Set<unknown>();
    for (let seed = 0; seed < 5; seed++) seen.add(run(program, { seed }).returned);
    expect([...seen].some((n) => (n as number) < 2000)).toBe(true);
  });

  it('turns counter++ into a read step then a write step, both pointing at `counter++`', () => {
    const { ops } = opsOf(program);
    const counterOps = ops.filter((o) => (o.op === 'read' || o.op === 'write') && o.v === 'counter');
    const inLoop = counterOps.filter((o) => o.at.line === 10);
    expect(inLoop.length).toBe(4000);
    expect(inLoop.filter((o) => o.op === 'read').length).toBe(2000);
    const column = SPEC_EXAMPLE.split('\n')[9].indexOf('counter++') + 1;
    expect(column).toBe(38);
    for (const o of inLoop) expect(o.at).toEqual({ file: 'counter.sim.ts', line: 10, column, endLine: 10, endColumn: column + 'counter++'.length });
    const make = ops.find((o) => o.op === 'make' && 'var' in o.decl);
    expect(make && make.op === 'make' && 'var' in make.decl ? make.decl.var : undefined).toMatchObject({ id: 'counter', name: 'counter', initial: 0 });
    const last = counterOps[counterOps.length - 1];
    expect(last.op).toBe('read');
    expect(last.at.line).toBe(15);
  });

  it('starts from fresh state on every run (time travel re-executes from the start)', () => {
    const a = run(program, { seed: 9 });
    const b = run(program, { seed: 9 });
    expect(b.returned).toBe(a.returned);
    expect(b.schedule).toBe(a.schedule);
  });

  it('explore reports a data race on the counter++ line', () => {
    const small = compile(SPEC_EXAMPLE.replace('j < 1000', 'j < 3'), 'counter.sim.ts');
    const r = explore(small, { maxSchedules: 50, timeLimitMs: 20_000 });
    const races = r.findings.filter((f) => f.kind === 'data-race');
    expect(races.length).toBeGreaterThan(0);
    // `j < 3` is three characters shorter than `j < 1000`, so `counter++` starts at column 35 here.
    expect(races[0].at).toMatchObject({ line: 10, column: 35, endColumn: 44 });
    expect(races[0].message).toContain('counter');
  });
});
