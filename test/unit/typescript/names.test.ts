/**
 * Findings name made objects as the source does (issue 16, item 7): a mutex made in an
 * object literal is `a.lock`, not `lock#2`, while its id stays apart from the shared cell
 * `a.lock` that holds its handle (were they equal, every lock would conflict with reading
 * its handle, and dpor would need more schedules: explore/outcomes.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile, opsOf } from './helpers';

const EXAMPLE = join(__dirname, '../../../examples/deadlock/two-mutexes.sim.ts');

describe('made objects keep the names the source gives them', () => {
  it('the two-mutexes deadlock and its lock-order cycle name `a.lock` and `b.lock`', () => {
    const r = explore(compile(readFileSync(EXAMPLE, 'utf8'), 'two-mutexes.sim.ts'), { maxSchedules: 200 });
    const deadlock = r.findings.find((f) => f.kind === 'deadlock');
    const order = r.findings.find((f) => f.kind === 'lock-order');
    expect(deadlock?.message).toMatch(/waits on (a|b)\.lock \(lock\).*waits on (a|b)\.lock \(lock\)/);
    expect(order?.message).toMatch(/takes `(a|b)\.lock` then `(a|b)\.lock`/);
    for (const f of [deadlock!, order!]) expect(f.message + f.related.map((x) => x.message).join()).not.toMatch(/lock#2|`lock`|on lock /);
  });

  it('ids stay distinct from the cells holding the handles; names of objects made alike get #2', () => {
    const { ops } = opsOf(compile(`import { spawn, Mutex } from "interleave";
export default function main() {
  const a = { lock: new Mutex(), n: 0 };
  const b = { lock: new Mutex(), n: 0 };
  const boxes = [];
  for (let i = 0; i < 2; i++) { const box = { lock: new Mutex() }; boxes.push(box); }
  const t = spawn(() => { a.lock.lock(); a.n++; a.lock.unlock(); });
  t.join();
  return b.n + boxes.length;
}`));
    const made = ops.flatMap((o) => (o.op === 'make' && 'sync' in o.decl ? [[o.decl.sync.id, o.decl.sync.name]] : []));
    expect(made).toEqual([['lock', 'a.lock'], ['lock#2', 'b.lock'], ['lock#3', 'box.lock'], ['lock#4', 'box.lock#2']]);
    const vars = new Set(ops.flatMap((o) => (o.op === 'make' && 'var' in o.decl ? [o.decl.var.id] : [])));
    expect(vars.has('a.lock')).toBe(true);
    for (const [id] of made) expect(vars.has(id)).toBe(false);
  });

  it('a mutex stored by assignment (`this.mu = new Mutex()`) is named by its path, its id by its field', () => {
    const { ops } = opsOf(compile(`import { Mutex } from "interleave";
class Account { mu: Mutex; constructor() { this.mu = new Mutex(); } }
export default function main() {
  const o = { m: undefined as Mutex | undefined };
  o.m = new Mutex();
  return new Account().mu === o.m;
}`));
    const made = ops.flatMap((o) => (o.op === 'make' && 'sync' in o.decl ? [[o.decl.sync.id, o.decl.sync.name]] : []));
    expect(made).toEqual([['m', 'o.m'], ['mu', 'this.mu']]);
  });
});
