/**
 * Exploration of many tasks: WaitGroup decrements and waits commute in DPOR (run.ts
 * `StepInfo.commutes`), a task's own return commutes with main's, and the engine keeps its
 * enabled set by changes. Checked two ways: programs of thousands of goroutines that do not
 * otherwise interact take one schedule and are complete; small random WaitGroup programs
 * reach exactly the final states and findings that every interleaving reaches.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { Prng } from '../../../src/core/engine/prng';
import type { Op, Program } from '../../../src/core/program';
import { enumerateAll } from './bruteForce';
import { body, program, read, spawn, sync, write, type Step } from './programs';

const wg = [{ id: 'wg', name: 'wg', kind: 'waitgroup' as const }];

function manyGoroutines(n: number, runtime: 'go' | 'threads'): Program {
  return program({
    runtime,
    objects: wg,
    main: [sync('wg', 'add', n), spawn(body([sync('wg', 'done')]), n, 'noop'), sync('wg', 'wait')],
  });
}

/** Main adds, starts workers that touch x and y and call done (one may call it twice), waits, reads. */
function randomProgram(rng: Prng, runtime: 'go' | 'threads'): { p: Program; shape: string } {
  const workers = 1 + rng.below(2);
  const shape: string[] = [];
  const addFirst = rng.below(4) !== 0;
  const worker = (id: number): (Op | Step)[] => {
    const ops: (Op | Step)[] = [];
    const n = rng.below(2);
    for (let k = 0; k < n; k++) {
      const v = rng.below(2) === 0 ? 'x' : 'y';
      if (rng.below(2) === 0) { ops.push(read(v, 10 * id + k)); shape.push(`T${id} r${v}`); }
      else { ops.push(write(v, id * 10 + k, 10 * id + k)); shape.push(`T${id} w${v}=${id * 10 + k}`); }
    }
    if (!addFirst) { ops.unshift(sync('wg', 'add', 1, 50 + id)); shape.push(`T${id} add inside`); }
    ops.push(sync('wg', 'done', undefined, 60 + id));
    if (rng.below(5) === 0) { ops.push(sync('wg', 'done', undefined, 70 + id)); shape.push(`T${id} done twice`); }
    if (rng.below(4) === 0) { ops.push(sync('wg', 'wait', undefined, 80 + id)); shape.push(`T${id} waits`); }
    return ops;
  };
  const main: (Op | Step)[] = [];
  if (addFirst) main.push(sync('wg', 'add', workers, 1));
  for (let t = 1; t <= workers; t++) main.push(spawn(body(worker(t)), 1, `w${t}`, 100 + t));
  if (rng.below(2) === 0) { main.push(write('x', 99, 2)); shape.push('main wx=99'); }
  main.push(sync('wg', 'wait', undefined, 3), read('x', 4), read('y', 5));
  return { p: program({ runtime, vars: { x: 0, y: 0 }, objects: wg, main }), shape: `${workers} workers, add ${addFirst ? 'first' : 'inside'}: ${shape.join('; ')}` };
}

const KINDS = new Set(['deadlock', 'misuse', 'leak']);

describe('many tasks and WaitGroups', () => {
  it.each(['go', 'threads'] as const)('3,000 %s tasks that only call wg.done: one schedule, complete, no finding', (runtime) => {
    const r = explore(manyGoroutines(3000, runtime), { minimise: false });
    expect(r.complete).toBe(true);
    expect(r.schedules).toBe(1);
    expect(r.findings).toEqual([]);
    expect(r.stats.errors).toEqual([]);
  });

  it.each(['go', 'threads'] as const)('small random WaitGroup programs (%s): the final states and findings of every interleaving', (runtime) => {
    const rng = new Prng(runtime === 'go' ? 11 : 12);
    for (let k = 0; k < 30; k++) {
      const { p, shape } = randomProgram(rng, runtime);
      const all = enumerateAll(p, 200_000);
      const wantFinals = [...new Set(all.filter((r) => r.stopped === 'finished').map((r) => JSON.stringify(r.finals)))].sort();
      const wantKinds = [...new Set(all.flatMap((r) => r.findings.map((f) => f.kind)).filter((kind) => KINDS.has(kind)))].sort();
      const r = explore(p, { maxSchedules: 100_000, minimise: false });
      expect(r.complete, `program ${k}: ${shape}`).toBe(true);
      expect(r.stats.outcomes, `program ${k}: ${shape}`).toEqual(wantFinals);
      expect([...new Set(r.findings.map((f) => f.kind).filter((kind) => KINDS.has(kind)))].sort(), `program ${k}: ${shape}`).toEqual(wantKinds);
      expect(r.schedules).toBeLessThanOrEqual(all.length);
    }
  });
});

describe('a WaitGroup reused before Wait returned (waitgroup.go: Wait)', () => {
  /**
   * main waits; the worker's done wakes it, then the worker adds again for a second round.
   * In Go the woken Wait re-reads the state as it returns and panics if the add came first;
   * Go's race detector reports the add from zero against the wait (race.Read/race.Write of
   * wg.sema), and so does check, naming the panic. The untimed model returns from Wait in
   * the step that wakes it, so the panic itself is not a separate outcome.
   */
  const prog = (addAgain: boolean) => program({
    runtime: 'go',
    objects: wg,
    main: [sync('wg', 'add', 1, 1), spawn(body([sync('wg', 'done', undefined, 10),
      ...(addAgain ? [sync('wg', 'add', 1, 11), sync('wg', 'done', undefined, 12)] : [])]), 1, 'w', 2),
    sync('wg', 'wait', undefined, 3)],
  });

  it('check reports the add from zero against the wait, and says Go may panic there', () => {
    const r = explore(prog(true), { maxSchedules: 10_000, minimise: false });
    expect(r.complete).toBe(true);
    const race = r.findings.find((f) => f.kind === 'data-race');
    expect(race?.message).toContain('wait by');
    expect(race?.message).toContain('add from zero');
    expect(race?.message).toContain('sync: WaitGroup is reused before previous Wait has returned');
  });

  it('nothing when the WaitGroup is not added to again', () => {
    const r = explore(prog(false), { maxSchedules: 10_000, minimise: false });
    expect(r.complete).toBe(true);
    expect(r.findings).toEqual([]);
  });
});
