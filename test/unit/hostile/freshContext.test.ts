import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core/engine/simulate';
import { Simulation } from '../../../src/core/engine/simulation';
import { explore } from '../../../src/core/explore';
import { compileTypeScript } from '../../../src/frontends/typescript';

function compile(body: string) {
  const r = compileTypeScript(`import { spawn, assert, WaitGroup } from "interleave";\nexport default function main(): unknown {\n${body}\n}\n`, 'realm.sim.ts');
  expect(r.errors).toEqual([]);
  return r.program!;
}

/** Counts its runs in `globalThis`: each run must see a global untouched by the ones before. */
const COUNTER = `  const g = globalThis as any;
  g.__n = (g.__n || 0) + 1;
  let x = 0;
  const t = spawn(() => { x++; });
  x++;
  t.join();
  assert(g.__n === 1, "globalThis.__n is " + g.__n + ": an earlier run's state leaked");
  return g.__n;`;

describe('every run starts in a context no earlier run changed', () => {
  it('a counter on globalThis is 1 in every run, timed and untimed', () => {
    const program = compile(COUNTER);
    for (let i = 0; i < 5; i++) {
      for (const mode of ['timed', 'untimed'] as const) {
        const r = simulate(program, { mode, seed: i + 1 });
        expect(r.findings).toEqual([]);
        expect(r.returned).toBe(1);
      }
    }
  });

  it('exploring it finds nothing, and a racy finding in it replays', () => {
    const program = compile(COUNTER);
    const clean = explore(program, { strategy: 'dpor', maxSchedules: 50 });
    expect(clean.findings.filter((f) => f.kind === 'assertion')).toEqual([]);
    const racy = compile(COUNTER.replace(/\n {2}return g.__n;$/, "\n  assert(x === 2, \"lost update\");\n  return x;"));
    const found = explore(racy, { strategy: 'dpor', maxSchedules: 50 }).findings.find((f) => f.kind === 'assertion')!;
    expect(found.message).toContain('lost update');
    for (let i = 0; i < 3; i++) {
      const again = simulate(racy, { mode: 'untimed', schedule: found.schedule });
      expect(again.findings.map((f) => f.message)).toEqual([found.message]);
    }
  });

  it('a patched, replaced or frozen built-in is back to normal in the next run', () => {
    const program = compile(`  const A = Array.prototype as any;
  const seen = [typeof A.leaked, Math.random === (globalThis as any).__random, Object.isExtensible(Math), typeof (globalThis as any).__random];
  A.leaked = () => 1;
  (globalThis as any).__random = Math.random;
  Math.random = () => 0.5;
  Object.freeze(Math);
  return seen.join(",");`);
    for (let i = 0; i < 3; i++) expect(simulate(program, { mode: 'untimed', seed: 1 }).returned).toBe('undefined,false,true,undefined');
  });

  it('without naming globalThis, a patched built-in it names or reaches through syntax is back to normal in the next run', () => {
    // The snapshot of such a program covers only what it can reach (runtimeSource.ts, intrinsics):
    // each of these is reached by name or through a literal, never through the global object.
    const program = compile(`  const sym = Object.getOwnPropertySymbols(Array.prototype)[0] as any;
  const reached: any[] = [Math, JSON, Object.getPrototypeOf([]), Object.getPrototypeOf(""), Object.getPrototypeOf(1n),
    Object.getPrototypeOf(Object(sym)), Object.getPrototypeOf(/x/),
    Object.getPrototypeOf((async () => 1)()), Object.getPrototypeOf([].values()), Object.getPrototypeOf(new Map())];
  let caught: any;
  try { (null as any).x; } catch (e) { caught = e; }
  reached.push(Object.getPrototypeOf(caught));
  const seen = reached.map((o) => (Object.prototype.hasOwnProperty.call(o, "leaked") ? "leaked" : "clean")).join(",");
  for (const o of reached) o.leaked = 1;
  const frozen = Object.isFrozen(JSON);
  Object.freeze(JSON);
  const before = typeof Math.random();
  const patched = () => 0.5;
  (Math as any).random = patched;
  return seen + "|" + frozen + "|" + before + "|" + ((Math as any).random === patched);`);
    const clean = Array.from({ length: 11 }, () => 'clean').join(',');
    for (let i = 0; i < 3; i++) expect(simulate(program, { mode: 'untimed', seed: 1 }).returned).toBe(`${clean}|false|number|true`);
  });

  it('a built-in that is only a function is frozen; its constructor and prototype are not', () => {
    const program = compile(`  const max = Math.max as any;
  let added = "no";
  try { max.memo = 1; added = "yes"; } catch (e: any) { added = e.name; }
  (Math as any).extra = 1;
  return [added, Object.isFrozen(Math.max), Object.isFrozen(Math), Object.isFrozen(Array.prototype)].join(",");`);
    expect(simulate(program, { mode: 'untimed' }).returned).toBe('TypeError,true,false,false');
  });

  it('the runtime\'s classes are frozen: a run cannot change them for the next', () => {
    const program = compile(`  const C = new WaitGroup().constructor as any;
  const seen = typeof C.prototype.leaked;
  let threw = "no";
  try { C.prototype.leaked = 1; } catch (e: any) { threw = e.name; }
  const wait = new WaitGroup().wait as any;
  const seenToo = typeof wait.prototype.leaked;
  try { wait.prototype.leaked = 1; } catch (e: any) { threw += "," + e.name; }
  return seen + "," + seenToo + "," + threw;`);
    for (let i = 0; i < 3; i++) expect(simulate(program, { mode: 'untimed', seed: 1 }).returned).toBe('undefined,undefined,TypeError,TypeError');
  });

  it('a paused run keeps its own state (Math.random, the names of what it shares) across later runs in the same context', () => {
    const source = `  const a = Math.random();
  const box = { n: 0 };
  const t = spawn(() => { for (let i = 0; i < 10; i++) box.n++; });
  for (let i = 0; i < 10; i++) box.n++;
  t.join();
  return [a, Math.random(), box.n].join(",");`;
    const program = compile(source);
    const straight = simulate(program, { mode: 'untimed', seed: 1 });
    expect(straight.stopped).toBe('finished');
    const paused = new Simulation(program, { mode: 'untimed', seed: 1 });
    expect(paused.runSlice(6)).toBe(false);
    const other = simulate(program, { mode: 'untimed', seed: 2 });
    expect(other.stopped).toBe('finished');
    while (!paused.runSlice(1000)) { /* the rest of the paused run */ }
    const r = paused.finish();
    expect(r.returned).toBe(straight.returned);
    expect(r.schedule).toBe(straight.schedule);
    expect(Object.keys(r.finals).sort()).toEqual(Object.keys(straight.finals).sort());
  });

  it('a paused run continues after later runs that left the context unchanged, and stops clearly after one that did not', () => {
    const steps = (global: boolean) => compile(`  let n = 0;
  const t = spawn(() => { for (let i = 0; i < 20; i++) n++; });
  for (let i = 0; i < 20; i++) n++;
  t.join();
  ${global ? '(globalThis as any).changed = true;' : ''}
  return n;`);
    for (const later of [false, true]) {
      const program = steps(later);
      const paused = new Simulation(program, { mode: 'untimed', seed: 1 });
      expect(paused.runSlice(5)).toBe(false);
      simulate(program, { mode: 'untimed', seed: 2 });
      while (!paused.runSlice(1000)) { /* the rest of the paused run */ }
      const r = paused.finish();
      if (!later) expect(r.stopped).toBe('finished');
      else expect(r.error).toMatch(/another run of this file changed its JavaScript globals or built-ins while this run was paused/);
    }
  });
});
