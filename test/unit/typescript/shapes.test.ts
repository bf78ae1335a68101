/**
 * Shapes of ordinary TypeScript that read or wrote shared state without a step (issue 18's
 * list of what was left): each is now a race when another task writes concurrently, and
 * no race when the accesses are ordered.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { simulate } from '../../../src/core/engine/simulate';
import type { Program } from '../../../src/core/program';
import type { RunResult, StepInfo } from '../../../src/core/run';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { compile, opsOf } from './helpers';

const H = 'import { spawn, go, Chan, Mutex, WaitGroup } from "interleave";\n';

function racyVars(body: string): string[] {
  const r = explore(compile(`${H}${body}`), { maxSchedules: 500, timeLimitMs: 30_000 });
  expect(r.stats.errors).toEqual([]);
  return [...new Set(r.findings.filter((f) => f.kind === 'data-race').map((f) => /`([^`]+)`/.exec(f.message)?.[1] ?? f.message))].sort();
}

/** One untimed run with a random scheduler seeded `seed`. */
function run(p: Program, seed: number, onStep: (s: StepInfo) => void): RunResult {
  return simulate(p, { mode: 'untimed', seed, onStep });
}

/** What main returns in one run. */
function returned(body: string): unknown {
  return opsOf(compile(`${H}${body}`)).result.returned;
}

describe('library functions given a shared object read it as a whole', () => {
  it('Reflect.ownKeys, Math.max.apply and new Set(arr) race with a concurrent write, and compute what JavaScript does', () => {
    for (const read of ['Reflect.ownKeys(o).length', 'Math.max.apply(null, xs)', 'new Set(xs).size', 'Reflect.apply(Math.min, null, xs)', 'Object.getOwnPropertyNames(o).length']) {
      const body = `export default function main() {
  const o: Record<string, number> = { a: 1 };
  const xs = [1, 5, 3];
  const t = spawn(() => { o.a = 2; xs[1] = 7; });
  const v = ${read};
  t.join();
  return v;
}`;
      expect(racyVars(body).some((v) => v.startsWith('o.') || v.startsWith('xs[')), read).toBe(true);
    }
    expect(returned(`export default function main() {
  const xs = [1, 5, 3];
  const t = spawn(() => { xs[0] = 0; });
  t.join();
  return [Math.max.apply(null, xs), new Set(xs).size, Reflect.ownKeys({ a: 1, b: 2 }).length];
}`)).toEqual([5, 3, 2]);
  });

  it('no false race: the same reads after the join', () => {
    expect(racyVars(`export default function main() {
  const xs = [1, 5, 3];
  const t = spawn(() => { xs[1] = 7; });
  t.join();
  return Math.max.apply(null, xs) + new Set(xs).size;
}`)).toEqual([]);
  });
});

describe('destructuring in parameters and for-of targets reads the shared object', () => {
  it('function f({ x, y }) and for (const { x } of points) race with a concurrent write of the field', () => {
    expect(racyVars(`type P = { x: number; y: number };
function norm({ x, y }: P): number { return x * x + y * y; }
export default function main() {
  const p: P = { x: 1, y: 2 };
  const t = spawn(() => { p.x = 3; });
  const n = norm(p);
  t.join();
  return n;
}`)).toEqual(['p.x']);
    expect(racyVars(`export default function main() {
  const points = [{ x: 1, y: 2 }, { x: 3, y: 4 }];
  const t = spawn(() => { points[1].x = 5; });
  let sum = 0;
  for (const { x } of points) sum += x;
  t.join();
  return sum;
}`)).toEqual(['points[1].x']);
  });

  it('the values are those JavaScript binds (defaults, nesting, arrays), and ordered accesses are no race', () => {
    const body = `type P = { x: number; y?: number };
function f({ x, y = 10 }: P, [a, b]: number[] = [7, 8]): number { return x + y + a + b; }
export default function main() {
  const ps: P[] = [{ x: 1 }, { x: 2, y: 3 }];
  const pairs = [[1, 2], [3, 4]];
  const t = spawn(() => { ps[0].x = 100; });
  t.join();
  let s = 0;
  for (const { x, y = 0 } of ps) s += x + y;
  for (const [a, b] of pairs) s += a * b;
  return [s, f(ps[0]), f({ x: 0, y: 0 }, [1, 2])];
}`;
    expect(racyVars(body)).toEqual([]);
    expect(returned(body)).toEqual([100 + 2 + 3 + 2 + 12, 100 + 10 + 15, 3]);
  });
});

describe('an optional chain that goes on past its optional link', () => {
  it('a?.b.c and o?.m().x read shared state against a concurrent write', () => {
    expect(racyVars(`type Inner = { c: number };
export default function main() {
  const a: { b: Inner } | undefined = { b: { c: 1 } };
  const t = spawn(() => { a.b = { c: 2 }; });
  const v = a?.b.c;
  t.join();
  return v;
}`)).toEqual(['a.b']);
    expect(racyVars(`class Box { v = { x: 1 }; get() { return this.v; } }
export default function main() {
  const o: Box | undefined = new Box();
  const t = spawn(() => { o.v.x = 5; });
  const x = o?.get().x;
  t.join();
  return x;
}`)).toEqual(['o.v.x']);
  });

  it('computes what JavaScript computes: null and undefined short-circuit the whole chain, each part evaluated once', () => {
    expect(returned(`type N = { b?: { c: number; f(): { x: number } } | null };
let calls = 0;
function pick(n: N | undefined): N | undefined { calls++; return n; }
export default function main() {
  const t = spawn(() => { calls += 0; });
  t.join();
  const full: N = { b: { c: 3, f() { return { x: 4 }; } } };
  const none: N | undefined = undefined;
  const hole: N = { b: null };
  return [pick(full)?.b?.c, pick(none)?.b!.c, hole.b?.f().x, full.b?.f().x, pick(full)?.b!.f().x, calls];
}`)).toEqual([3, undefined, undefined, 4, 4, 3]);
  });
});

describe('plain code run inside another step (a user toString that a shared array\'s join() calls)', () => {
  const body = `class Item {
  constructor(readonly n: number) {}
  toString(): string { total += this.n; return String(this.n); }
}
let total = 0;
export default function main() {
  const items = [new Item(1), new Item(2)];
  const t = spawn(() => items.join(","));
  const u = spawn(() => { total = 10; });
  const s = t.join();
  u.join();
  return s;
}`;

  // The driver hands them to the task whose effect ran the plain code (driver.ts, body's
  // pending queue), not to whichever task's generator the engine steps next.
  it('its accesses belong to the task whose step ran it, in every schedule', () => {
    const p = compile(`${H}${body}`);
    for (let seed = 1; seed <= 20; seed++) {
      const steps: { task: number; line: number }[] = [];
      const r = run(p, seed, (s) => { if (s.op.op === 'write' && s.op.v === 'total') steps.push({ task: s.task, line: s.op.at.line }); });
      expect(r.returned).toBe('1,2');
      expect(steps.filter((x) => x.line === 4).length).toBe(2);
      // Line 4 is the toString; task 1 (T2) ran the join.
      for (const w of steps.filter((x) => x.line === 4)) expect(w, `seed ${seed}`).toMatchObject({ task: 1 });
    }
  });

  it('so the toString write races with the other task\'s write', () => {
    expect(racyVars(body)).toEqual(['total']);
  });
});

describe('an element written at an index that did not exist (results[i] = v on [])', () => {
  it('conflicts with a whole read or a length read made before it', () => {
    for (const read of ['let s = 0; for (const r of results) s += r;', 'const s = results.length;', 'const s = JSON.stringify(results);']) {
      expect(racyVars(`export default function main() {
  const results: number[] = [];
  const t = spawn(() => { results[0] = 10; });
  ${read}
  t.join();
  return s;
}`), read).toEqual(['results[*]']);
    }
  });

  it('no false race: tasks filling different new slots of [], read after the joins', () => {
    const body = `export default function main() {
  const results: number[] = [];
  const tasks = [3, 1, 4].map((x, i) => spawn(() => { results[i] = x * x; }));
  for (const t of tasks) t.join();
  return results.reduce((a, b) => a + b, 0);
}`;
    expect(racyVars(body)).toEqual([]);
    expect(returned(body)).toBe(26);
  });
});

describe('a field added to a shared object', () => {
  it('conflicts with Object.keys / Reflect.ownKeys / spread made before it, not with another new field', () => {
    for (const read of ['Object.keys(reg).length', 'Reflect.ownKeys(reg).length', '({ ...reg }).a']) {
      expect(racyVars(`export default function main() {
  const reg: Record<string, number> = { a: 1 };
  const t = spawn(() => { reg.b = 2; });
  const s = ${read};
  t.join();
  return s;
}`), read).toEqual(['reg[*]']);
    }
    expect(racyVars(`export default function main() {
  const reg: Record<string, number> = {};
  const t = spawn(() => { reg.b = 2; });
  const u = spawn(() => { reg.c = 3; });
  t.join(); u.join();
  return Object.keys(reg).length;
}`)).toEqual([]);
  });
});

describe('a library function given a shared object that the rewrite does not read for it', () => {
  it('gets an information diagnostic at the argument; whole readers, identity checks and local methods do not', () => {
    const r = compileTypeScript(`${H}export default function main() {
  const o = { a: 1 };
  const local = [o];
  const t = spawn(() => { o.a = 2; });
  const d = Object.getOwnPropertyDescriptor(o, "a");
  const keys = Object.keys(o);
  const isArr = Array.isArray(o);
  const has = local.includes(o);
  t.join();
  return [d, keys, isArr, has];
}`, 'test.sim.ts');
    expect(r.errors).toEqual([]);
    const notes = r.warnings.filter((w) => w.severity === 'information');
    expect(notes.map((n) => `${n.at.line}:${n.at.column} ${n.message}`)).toEqual([
      '6:45 `Object.getOwnPropertyDescriptor` is given `o`, which may be shared: what it reads or writes of it takes no simulated step',
    ]);
  });
});

describe('optional chains in plain code (a constructor)', () => {
  it('cfg?.limits.max and cfg?.name read shared state as part of the constructor\'s atomic step', () => {
    expect(racyVars(`interface Cfg { name: string; limits: { max: number } }
const cfg: Cfg | undefined = { name: "a", limits: { max: 1 } };
class Worker { max: number; name: string; constructor() { this.max = cfg?.limits.max ?? 0; this.name = cfg?.name ?? ""; } }
export default function main() {
  const t = spawn(() => { cfg.limits = { max: 2 }; cfg.name = "b"; });
  const w = new Worker();
  t.join();
  return w.max;
}`)).toEqual(['cfg.limits', 'cfg.name']);
  });
});

describe('whole reads in plain code (a constructor)', () => {
  it('destructuring, spread, for-of and Object.keys there are part of its atomic step, against a concurrent write', () => {
    for (const read of ['const { max } = cfg; this.v = max;', 'this.v = [...list].length;', 'for (const x of list) this.v += x;',
      'this.v = Object.keys(cfg).length;', 'for (const { max } of [cfg]) this.v = max;']) {
      expect(racyVars(`const cfg = { max: 1 };
const list = [1, 2];
class Worker { v = 0; constructor() { ${read} } }
export default function main() {
  const t = spawn(() => { cfg.max = 2; list[0] = 5; cfg.extra = 1; });
  const w = new Worker();
  t.join();
  return w.v;
}`).length, read).toBeGreaterThan(0);
    }
  });
});

describe('a destructuring parameter of plain code (a constructor)', () => {
  it('reads the shared argument in the constructor\'s atomic step; parameter properties and defaults still work', () => {
    const body = `interface Cfg { max: number; name: string }
class Worker {
  readonly max: number;
  constructor(public id: number, { max, name }: Cfg = { max: 9, name: "d" }) { this.max = max + name.length; }
}
export default function main() {
  const cfg: Cfg = { max: 1, name: "ab" };
  const t = spawn(() => { cfg.max = 2; });
  const w = new Worker(7, cfg);
  t.join();
  const d = new Worker(8);
  return [w.id, d.id, d.max];
}`;
    expect(racyVars(body)).toEqual(['cfg.max']);
    expect(returned(body)).toEqual([7, 8, 10]);
  });
});
