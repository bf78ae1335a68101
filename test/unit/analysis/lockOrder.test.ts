import { describe, expect, it } from 'vitest';
import { LockOrderGraph } from '../../../src/core/analysis/lockOrder';
import type { Op, SourceRange, SyncAction, TaskId } from '../../../src/core/program';
import type { StepInfo } from '../../../src/core/run';

const at = (line: number): SourceRange => ({ file: 'lo.yaml', line, column: 3, endLine: line, endColumn: 9 });
const step = (task: TaskId, obj: string, action: SyncAction, line: number): StepInfo => {
  const op: Op = { op: 'sync', obj, action, at: at(line) };
  return { task, op, touched: [obj], readOnly: false, woke: [] };
};

function run(g: LockOrderGraph, steps: StepInfo[]): void {
  g.beginRun();
  for (const s of steps) g.onStep(s);
  g.endRun('v1:test');
}

describe('lock-order graph', () => {
  it('finds an AB/BA cycle seen in a schedule that did not deadlock', () => {
    const g = new LockOrderGraph();
    run(g, [
      step(1, 'a', 'lock', 10), step(1, 'b', 'lock', 11), step(1, 'b', 'unlock', 12), step(1, 'a', 'unlock', 13),
      step(2, 'b', 'lock', 20), step(2, 'a', 'lock', 21), step(2, 'a', 'unlock', 22), step(2, 'b', 'unlock', 23),
    ]);
    const [f, ...rest] = g.findings();
    expect(rest).toHaveLength(0);
    expect(f.kind).toBe('lock-order');
    expect(f.message).toContain('T2 takes `a` then `b`');
    expect(f.message).toContain('T3 takes `b` then `a`');
    expect(f.schedule).toBe('v1:test');
  });

  it('accumulates edges across schedules', () => {
    const g = new LockOrderGraph();
    run(g, [step(1, 'a', 'lock', 10), step(1, 'b', 'lock', 11), step(1, 'b', 'unlock', 12), step(1, 'a', 'unlock', 13)]);
    expect(g.findings()).toHaveLength(0);
    run(g, [step(2, 'b', 'lock', 20), step(2, 'a', 'lock', 21), step(2, 'a', 'unlock', 22), step(2, 'b', 'unlock', 23)]);
    expect(g.findings()).toHaveLength(1);
  });

  it('a consistent order, a gate lock, or one task alone is no cycle', () => {
    const same = new LockOrderGraph();
    run(same, [
      step(1, 'a', 'lock', 10), step(1, 'b', 'lock', 11), step(1, 'b', 'unlock', 12), step(1, 'a', 'unlock', 13),
      step(2, 'a', 'lock', 20), step(2, 'b', 'lock', 21), step(2, 'b', 'unlock', 22), step(2, 'a', 'unlock', 23),
    ]);
    expect(same.findings()).toHaveLength(0);
    const gated = new LockOrderGraph();
    run(gated, [
      step(1, 'g', 'lock', 9), step(1, 'a', 'lock', 10), step(1, 'b', 'lock', 11), step(1, 'b', 'unlock', 12), step(1, 'a', 'unlock', 13), step(1, 'g', 'unlock', 14),
      step(2, 'g', 'lock', 19), step(2, 'b', 'lock', 20), step(2, 'a', 'lock', 21), step(2, 'a', 'unlock', 22), step(2, 'b', 'unlock', 23), step(2, 'g', 'unlock', 24),
    ]);
    expect(gated.findings()).toHaveLength(0);
    const alone = new LockOrderGraph();
    run(alone, [
      step(1, 'a', 'lock', 10), step(1, 'b', 'lock', 11), step(1, 'b', 'unlock', 12), step(1, 'a', 'unlock', 13),
      step(1, 'b', 'lock', 20), step(1, 'a', 'lock', 21), step(1, 'a', 'unlock', 22), step(1, 'b', 'unlock', 23),
    ]);
    expect(alone.findings()).toHaveLength(0);
  });

  it('finds a three-lock cycle and ignores read-lock-only cycles', () => {
    const g = new LockOrderGraph();
    run(g, [
      step(1, 'a', 'lock', 1), step(1, 'b', 'lock', 2), step(1, 'b', 'unlock', 3), step(1, 'a', 'unlock', 4),
      step(2, 'b', 'lock', 5), step(2, 'c', 'lock', 6), step(2, 'c', 'unlock', 7), step(2, 'b', 'unlock', 8),
      step(3, 'c', 'lock', 9), step(3, 'a', 'lock', 10), step(3, 'a', 'unlock', 11), step(3, 'c', 'unlock', 12),
    ]);
    expect(g.findings()).toHaveLength(1);
    const r = new LockOrderGraph();
    run(r, [
      step(1, 'a', 'rlock', 1), step(1, 'b', 'rlock', 2), step(1, 'b', 'runlock', 3), step(1, 'a', 'runlock', 4),
      step(2, 'b', 'rlock', 5), step(2, 'a', 'rlock', 6), step(2, 'a', 'runlock', 7), step(2, 'b', 'runlock', 8),
    ]);
    expect(r.findings()).toHaveLength(0);
  });
});
