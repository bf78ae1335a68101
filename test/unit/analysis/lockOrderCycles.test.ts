import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { LockOrderGraph } from '../../../src/core/analysis/lockOrder';
import type { Op, SourceRange, SyncAction, TaskId } from '../../../src/core/program';
import type { StepInfo } from '../../../src/core/run';
import { body, lock, program, unlock, write } from '../explore/programs';

const at = (line: number): SourceRange => ({ file: 'lo.yaml', line, column: 3, endLine: line, endColumn: 9 });
const step = (task: TaskId, obj: string, action: SyncAction, line: number): StepInfo => {
  const op: Op = { op: 'sync', obj, action, at: at(line) };
  return { task, op, touched: [obj], readOnly: false, woke: [] };
};

/** Task i takes fork i, then fork (i + 1) mod n: the naive dining philosophers. */
function philosopherSteps(n: number): StepInfo[] {
  const steps: StepInfo[] = [];
  for (let i = 0; i < n; i++) {
    const left = `f${i}`;
    const right = `f${(i + 1) % n}`;
    steps.push(step(i + 1, left, 'lock', 10 * i + 1), step(i + 1, right, 'lock', 10 * i + 2),
      step(i + 1, right, 'unlock', 10 * i + 3), step(i + 1, left, 'unlock', 10 * i + 4));
  }
  return steps;
}

function philosophers(n: number, gate = false) {
  const forks = Array.from({ length: n }, (_, i) => ({ id: `f${i}`, name: `fork${i}`, kind: 'mutex' as const }));
  const objects = gate ? [...forks, { id: 'footman', name: 'footman', kind: 'mutex' as const }] : forks;
  const spawns: Op[] = [];
  for (let i = 0; i < n; i++) {
    const left = `f${i}`;
    const right = `f${(i + 1) % n}`;
    const eat = [lock(left, 10 * i + 1), lock(right, 10 * i + 2), write('meals', i, 10 * i + 3), unlock(right, 10 * i + 4), unlock(left, 10 * i + 5)];
    const ops = gate ? [lock('footman', 10 * i), ...eat, unlock('footman', 10 * i + 6)] : eat;
    spawns.push({ op: 'spawn', body: body(ops), name: `philosopher${i}`, count: 1, at: at(100 + i) });
  }
  const p = program({ runtime: 'threads', vars: { meals: 0 }, objects, main: [] });
  // main starts every philosopher, then joins them all (so a stuck table is a deadlock, not a leak).
  return {
    ...p,
    main: function* () {
      const ids: number[] = [];
      for (const s of spawns) ids.push(...((yield s) as number[]));
      yield { op: 'join', tasks: ids, at: at(200) } as Op;
    },
  };
}

describe('lock-order cycles of any length', () => {
  it('finds the cycle of n naive philosophers for n = 2 … 12, once', () => {
    for (let n = 2; n <= 12; n++) {
      const g = new LockOrderGraph();
      g.beginRun();
      for (const s of philosopherSteps(n)) g.onStep(s);
      g.endRun('v1:test');
      const found = g.findings();
      expect(found, `n = ${n}`).toHaveLength(1);
      for (let i = 0; i < n; i++) expect(found[0].message).toContain(`T${i + 2} takes \`f${i}\` then \`f${(i + 1) % n}\``);
    }
  });

  it('one finding per strongly connected component, and none for a consistent order', () => {
    const g = new LockOrderGraph();
    g.beginRun();
    // Two separate cycles (a-b and c-d) and a chain x → y → z that closes no cycle.
    for (const s of [
      step(1, 'a', 'lock', 1), step(1, 'b', 'lock', 2), step(1, 'b', 'unlock', 3), step(1, 'a', 'unlock', 4),
      step(2, 'b', 'lock', 5), step(2, 'a', 'lock', 6), step(2, 'a', 'unlock', 7), step(2, 'b', 'unlock', 8),
      step(3, 'c', 'lock', 9), step(3, 'd', 'lock', 10), step(3, 'd', 'unlock', 11), step(3, 'c', 'unlock', 12),
      step(4, 'd', 'lock', 13), step(4, 'c', 'lock', 14), step(4, 'c', 'unlock', 15), step(4, 'd', 'unlock', 16),
      step(5, 'x', 'lock', 17), step(5, 'y', 'lock', 18), step(5, 'z', 'lock', 19),
    ]) g.onStep(s);
    g.endRun('v1:test');
    const messages = g.findings().map((f) => f.message).sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('`a`');
    expect(messages[1]).toContain('`c`');
  });

  it('a big ring of 2,000 locks is found without exhausting the stack', () => {
    const g = new LockOrderGraph();
    g.beginRun();
    for (const s of philosopherSteps(2000)) g.onStep(s);
    g.endRun('v1:test');
    expect(g.findings()).toHaveLength(1);
  });

  it('explore: five naive philosophers deadlock, and lock-order names the tasks as the deadlock does', () => {
    const r = explore(philosophers(5), { maxSchedules: 20_000 });
    const deadlock = r.findings.find((f) => f.kind === 'deadlock');
    const order = r.findings.find((f) => f.kind === 'lock-order');
    expect(deadlock).toBeDefined();
    expect(order).toBeDefined();
    const names = (text: string) => [...new Set(text.match(/\bT\d+\b/g) ?? [])].sort();
    // The deadlock also names main (T1, waiting to join); the five philosophers are the same tasks in both.
    expect(names(order!.message)).toEqual(['T2', 'T3', 'T4', 'T5', 'T6']);
    expect(names(deadlock!.message)).toEqual(['T1', ...names(order!.message)]);
  });

  it('explore: a footman gate lock held around both forks makes the cycle harmless', () => {
    const r = explore(philosophers(5, true), { maxSchedules: 5_000 });
    expect(r.findings.filter((f) => f.kind === 'lock-order' || f.kind === 'deadlock')).toEqual([]);
  });
});
