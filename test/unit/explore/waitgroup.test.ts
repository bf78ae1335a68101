/**
 * Exploration of many tasks: WaitGroup decrements and waits commute in DPOR (run.ts
 * `StepInfo.commutes`), a task's own return commutes with main's, and the engine keeps its
 * enabled set by changes. Checked two ways: programs of thousands of goroutines that do not
 * otherwise interact take one schedule and are complete; small random WaitGroup programs
 * reach exactly the final states and findings that every interleaving reaches.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/frontends';
import { explore } from '../../../src/core/explore';
import { Prng } from '../../../src/core/engine/prng';
import type { Op, Program } from '../../../src/core/program';
import { WAITGROUP_REUSED } from '../../../src/core/sync/waitgroup';
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
  // Go: main's Wait blocking before the last Done differs from one passing after it (a
  // blocked Wait returns in a step of its own, where a reused WaitGroup panics): two schedules.
  it.each([['go', 2], ['threads', 1]] as const)('3,000 %s tasks that only call wg.done: %i schedule(s), complete, no finding', (runtime, schedules) => {
    const r = explore(manyGoroutines(3000, runtime), { minimise: false });
    expect(r.complete).toBe(true);
    expect(r.schedules).toBe(schedules);
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
   * In Go the woken Wait re-reads the state as it returns and panics if the add came first
   * (waitgroup.go, Wait after runtime_Semacquire: "sync: WaitGroup is reused before previous
   * Wait has returned"). The untimed model gives the woken Wait a step of its own, so the
   * panic is a finding of its own; Go's race detector also reports the add from zero
   * against the wait (race.Read/race.Write of wg.sema), and so does check.
   */
  const prog = (addAgain: boolean, runtime: 'go' | 'threads' = 'go') => program({
    runtime,
    objects: wg,
    main: [sync('wg', 'add', 1, 1), spawn(body([sync('wg', 'done', undefined, 10),
      ...(addAgain ? [sync('wg', 'add', 1, 11), sync('wg', 'done', undefined, 12)] : [])]), 1, 'w', 2),
    sync('wg', 'wait', undefined, 3)],
  });

  it('check reports Go\'s panic at the Wait as its own finding, besides the add-from-zero race', () => {
    const r = explore(prog(true), { maxSchedules: 10_000, minimise: false });
    expect(r.complete).toBe(true);
    const panic = r.findings.find((f) => f.message.includes(WAITGROUP_REUSED));
    expect(panic?.kind).toBe('misuse');
    expect(panic?.at.line).toBe(3);
    expect(panic?.message).toMatch(/\(G1\)$/);
    const race = r.findings.find((f) => f.kind === 'data-race');
    expect(race?.message).toContain('add from zero');
    // Both orders are reached: the add before the woken Wait returns (panic), and after it (none).
    const all = enumerateAll(prog(true));
    const panics = all.filter((x) => x.findings.some((f) => f.message.includes(WAITGROUP_REUSED))).length;
    expect(panics).toBeGreaterThan(0);
    expect(panics).toBeLessThan(all.length);
    expect(r.stats.outcomes.length).toBeGreaterThan(0);
  });

  it('the same Go program through the Go front end: check reports the panic real `go run` shows', () => {
    const once = (loop: boolean) => [
      'package main', '', 'import "sync"', '', 'func main() {',
      loop ? '\tfor i := 0; i < 2000000; i++ {' : '\t{',
      '\t\tvar wg sync.WaitGroup', '\t\twg.Add(1)', '\t\tgo func() {', '\t\t\twg.Done()', '\t\t\twg.Add(1)', '\t\t\twg.Done()', '\t\t}()',
      '\t\twg.Wait()', '\t}', '}', ''].join('\n');
    const compiled = compileSource(once(false), '/w/reuse/main.go');
    expect(compiled.errors).toEqual([]);
    const r = explore(compiled.program!, { maxSchedules: 10_000, minimise: false });
    expect(r.complete).toBe(true);
    const panic = r.findings.find((f) => f.message.includes(WAITGROUP_REUSED));
    expect(panic?.at.line).toBe(14);
    if (spawnSync('go', ['version']).status !== 0) return;
    // Real Go, the same body in a loop (the panic needs the Add to land before the woken Wait runs).
    const dir = mkdtempSync(join(tmpdir(), 'interleave-wg-'));
    writeFileSync(join(dir, 'main.go'), once(true));
    const real = spawnSync('go', ['run', 'main.go'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GO111MODULE: 'off' } });
    expect(real.stderr).toContain(WAITGROUP_REUSED);
    expect(real.stderr).toMatch(/main\.go:14/);
  }, 180_000);

  it('no panic when the WaitGroup is not added to again, nor where the runtime has no WaitGroup of its own', () => {
    const r = explore(prog(false), { maxSchedules: 10_000, minimise: false });
    expect(r.complete).toBe(true);
    expect(r.findings).toEqual([]);
    const threads = explore(prog(true, 'threads'), { maxSchedules: 10_000, minimise: false });
    expect(threads.findings.some((f) => f.message.includes(WAITGROUP_REUSED))).toBe(false);
  });

  it('dpor and stateful search reach the panic exactly when brute force does (the woken Wait\'s return commutes with no Done)', () => {
    // Done; Add; Done in the worker, with a second waiter: the panic needs main's return
    // between the worker's Add and its second Done.
    const p = program({
      runtime: 'go',
      objects: wg,
      main: [sync('wg', 'add', 1, 1), spawn(body([sync('wg', 'done', undefined, 10), sync('wg', 'add', 1, 11), sync('wg', 'done', undefined, 12)]), 1, 'w', 2),
        spawn(body([sync('wg', 'wait', undefined, 20)]), 1, 'v', 4), sync('wg', 'wait', undefined, 3)],
    });
    const all = enumerateAll(p);
    const want = [...new Set(all.flatMap((x) => x.findings.filter((f) => f.kind === 'misuse').map((f) => `${f.at.line}`)))].sort();
    expect(want).toContain('3');
    for (const stateful of [false, true]) {
      const r = explore(p, { maxSchedules: 10_000, minimise: false, stateful });
      expect(r.complete).toBe(true);
      expect([...new Set(r.findings.filter((f) => f.kind === 'misuse').map((f) => `${f.at.line}`))].sort(), `stateful ${stateful}`).toEqual(want);
    }
  });
});
