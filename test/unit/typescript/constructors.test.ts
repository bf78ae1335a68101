/**
 * Issue 18: a constructor is a place where shared accesses and blocking operations take
 * simulated steps, as a method is (transform.ts, genClass; runtimeSource.ts, construct).
 */
import * as ts from 'typescript';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { compile, opsOf, run } from './helpers';

const H = 'import { spawn, go, Mutex, WaitGroup, Chan } from "interleave";\n';

function check(text: string) {
  const r = explore(compile(text), { maxSchedules: 500, minimise: false, timeLimitMs: 60_000 });
  const races = [...new Set(r.findings.filter((f) => f.kind === 'data-race').map((f) => /`([^`]+)`/.exec(f.message)?.[1]))].sort();
  return { r, races, kinds: r.findings.map((f) => f.kind) };
}

describe('constructors take simulated steps', () => {
  it('a constructor that locks a mutex around a shared total: steps at its lines, no race, no note', () => {
    const text = `${H}const mu = new Mutex();
let total = 0;
class Account {
  constructor() {
    mu.lock();
    total += 1;
    mu.unlock();
  }
}
export default function main() {
  const a = spawn(() => new Account());
  const b = spawn(() => new Account());
  a.join(); b.join();
  return total;
}
`;
    const c = compileTypeScript(text, 'test.sim.ts');
    expect(c.errors).toEqual([]);
    expect(c.warnings).toEqual([]);
    const { result, ops } = opsOf(c.program!);
    expect(result.returned).toBe(2);
    // The lock, the read and write of total and the unlock are steps of their own at the constructor's lines.
    expect(ops.filter((o) => o.at.line >= 6 && o.at.line <= 8 && o.op !== 'yield').map((o) => o.op)).toEqual(['sync', 'read', 'write', 'sync', 'sync', 'read', 'write', 'sync']);
    const { r, races } = check(text);
    expect(r.stats.errors).toEqual([]);
    expect(races).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('the same constructor without the lock races on total (it was missed: only constructors touched it)', () => {
    const { races, r } = check(`${H}let total = 0;
class Account {
  constructor() { total += 1; }
}
export default function main() {
  const a = spawn(() => new Account());
  const b = spawn(() => new Account());
  a.join(); b.join();
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(races).toEqual(['total']);
  });

  it('a field initializer that takes the next id from a shared counter races when two tasks construct', () => {
    const { races } = check(`${H}let nextId = 0;
class Item { id = nextId++; }
export default function main() {
  const a = spawn(() => new Item());
  const b = spawn(() => new Item());
  a.join(); b.join();
}
`);
    expect(races).toEqual(['nextId']);
  });

  it('a constructor that sends on an unbuffered channel nobody receives from blocks there: a deadlock at its line', () => {
    const { r } = check(`${H}const ch = new Chan<number>();
class Job {
  constructor(n: number) {
    ch.send(n);
  }
}
export default function main() {
  new Job(1);
}
`);
    const deadlock = r.findings.find((f) => f.kind === 'deadlock');
    expect(deadlock).toBeDefined();
    expect(deadlock!.related.some((x) => x.at.line === 5) || deadlock!.at.line === 5).toBe(true);
  });

  it('a constructor that waits on a WaitGroup the workers it starts finish: race-free, complete', () => {
    const { r, races } = check(`${H}class Pool {
  results: number[] = [0, 0, 0];
  constructor(n: number) {
    const wg = new WaitGroup();
    wg.add(n);
    for (let i = 0; i < n; i++) {
      go(() => { this.results[i] = i * 10; wg.done(); });
    }
    wg.wait();
  }
}
export default function main() {
  const p = new Pool(3);
  return p.results.join(",");
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(races).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('subclasses: super(), parameter properties, #private fields and field initializers run in JavaScript\'s order', () => {
    const classes = `const order: string[] = [];
function note(s: string): string { order.push(s); return s; }
class Base {
  tag = note("base field");
  id: number;
  constructor(readonly kind: string) {
    note("base ctor " + kind + " " + this.tag);
    this.id = order.length;
  }
}
class Acc extends Base {
  balance = note("acc field " + this.kind);
  #secret = note("acc #secret");
  constructor(public owner: string, extra = note("default " + owner)) {
    note("before super " + extra);
    super("acc");
    note("acc ctor " + this.owner + " " + this.#secret + " " + this.balance + " " + (new.target === Sub) + " " + [1].map(() => new.target === Sub));
  }
  get secret(): string { return this.#secret; }
}
class Sub extends Acc {
  extra = note("sub field " + this.owner);
  made = new.target === Sub;
}
class Other { constructor() { return { replaced: true }; } }
`;
    const body = `const s = new Sub("y");
  const o: any = new Other();
  return [...order, s.id, s.kind, s.owner, s.secret, s.made, s instanceof Acc, Object.keys(s).join("+"), o.replaced].join("|");`;
    const program = compile(`${classes}export default function main() {\n  ${body}\n}\n`);
    const simulated = run(program).returned;
    // The same classes run by Node itself, as tsc emits them for ES2022.
    const js = ts.transpileModule(`${classes}function main() {\n  ${body}\n}\nglobalThis.result = main();`, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    const sandbox: { result?: unknown } = {};
    runInNewContext(js, sandbox);
    expect(simulated).toBe(sandbox.result);
  });

  it('a class constructed in plain code (a callback given to Array.from) still counts its accesses, with a note', () => {
    const text = `${H}let made = 0;
class Item { constructor() { made++; } }
export default function main() {
  const t = spawn(() => { made = 10; });
  const items = Array.from([1, 2], () => new Item());
  t.join();
  return items.length;
}
`;
    const c = compileTypeScript(text, 'test.sim.ts');
    expect(c.errors).toEqual([]);
    expect(c.warnings.map((w) => [w.severity, w.at.line])).toEqual([['information', 6]]);
    expect(c.warnings[0].message).toContain('constructing `Item`');
    expect(check(text).races).toEqual(['made']);
  });

  it('a class extending a library class keeps JavaScript\'s constructor (no step), and works', () => {
    const { r } = check(`${H}class Failure extends Error {
  code = 7;
  constructor(m: string) { super(m); }
}
export default function main() {
  const e = new Failure("bad");
  if (e.message !== "bad" || e.code !== 7 || !(e instanceof Error)) throw new Error("wrong: " + e.message);
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('Reflect.construct of such a class, which the rewrite cannot see, is a positioned error saying what to write', () => {
    const program = compile(`${H}const mu = new Mutex();
class Account {
  constructor() { mu.lock(); mu.unlock(); }
}
export default function main() {
  Reflect.construct(Account, []);
}
`);
    const res = run(program);
    expect(res.stopped).toBe('error');
    expect(res.error).toMatch(/:3:7: TypeError: class Account is constructed here by code the simulation does not rewrite/);
    expect(res.error).toContain('write new Account(...)');
  });
});
