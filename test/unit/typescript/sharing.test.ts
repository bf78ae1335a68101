import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile, opsOf, sharedIds } from './helpers';

const H = 'import { go, spawn, WaitGroup, Mutex } from "interleave";\n';

function racesOf(text: string) {
  const r = explore(compile(text), { maxSchedules: 200, timeLimitMs: 20_000 });
  return r.findings.filter((f) => f.kind === 'data-race');
}

describe('shared-state discovery', () => {
  it('a variable captured by a goroutine closure is shared (and its race is flagged)', () => {
    const text = `${H}export default function main() {
  let hits = 0;
  const wg = new WaitGroup(); wg.add(1);
  go(() => { hits = hits + 1; wg.done(); });
  hits = hits + 1;
  wg.wait();
  return hits;
}
`;
    expect(sharedIds(compile(text))).toContain('hits');
    const races = racesOf(text);
    expect(races.length).toBeGreaterThan(0);
    expect(races[0].message).toContain('hits');
    expect([4, 5]).toContain(races[0].at.line);
  });

  it('a variable used by two closures is shared; a module-level variable used by a spawned function too', () => {
    const text = `${H}let total = 0;
function add(n: number) { total += n; }
function worker(n: number) { add(n); }
export default function main() {
  let flag = false;
  const a = spawn(() => { flag = true; });
  const b = spawn(() => { if (flag) worker(1); });
  const c = spawn(worker, 2);
  a.join(); b.join(); c.join();
  return total;
}
`;
    const ids = sharedIds(compile(text));
    expect(ids).toContain('flag');
    expect(ids).toContain('total');
  });

  it('an object passed to two tasks is shared, property by property, with readable ids', () => {
    const text = `${H}function deposit(acct: { balance: number }, n: number) { acct.balance += n; }
export default function main() {
  const account = { balance: 100, owner: "ann" };
  const wg = new WaitGroup(); wg.add(2);
  go((a: { balance: number }) => { deposit(a, 10); wg.done(); }, account);
  go((a: { balance: number }) => { deposit(a, 20); wg.done(); }, account);
  wg.wait();
  return account.balance;
}
`;
    const ids = sharedIds(compile(text));
    expect(ids).toContain('account.balance');
    expect(ids).not.toContain('account.owner');
    const races = racesOf(text);
    expect(races.length).toBeGreaterThan(0);
    expect(races[0].message).toContain('account.balance');
    expect(races[0].at.line).toBe(2);
  });

  it('array elements captured by two closures are shared as arr[i]', () => {
    const text = `${H}export default function main() {
  const slots = [0, 0];
  const wg = new WaitGroup(); wg.add(2);
  go(() => { slots[0] = 1; wg.done(); });
  go(() => { slots[0] = 2; wg.done(); });
  wg.wait();
  return slots;
}
`;
    expect(sharedIds(compile(text))).toContain('slots[0]');
    expect(racesOf(text)[0]?.message).toContain('slots[0]');
  });

  it('task-local state is not instrumented: no steps, no race', () => {
    const text = `${H}function worker(out: { n: number }) {
  let local = 0;
  const scratch = { x: 0 };
  for (let i = 0; i < 5; i++) { local++; scratch.x += i; }
  return local + scratch.x;
}
export default function main() {
  const t1 = spawn(worker, { n: 0 });
  const t2 = spawn(worker, { n: 0 });
  return t1.join() + t2.join();
}
`;
    const program = compile(text);
    const ids = sharedIds(program);
    expect([...ids].filter((id) => /local|scratch/.test(id))).toEqual([]);
    expect(racesOf(text)).toEqual([]);
  });

  it('a mutex-protected shared counter is shared but race-free', () => {
    const text = `${H}export default function main() {
  let n = 0; const mu = new Mutex();
  const wg = new WaitGroup(); wg.add(2);
  for (let i = 0; i < 2; i++) go(() => { mu.lock(); n++; mu.unlock(); wg.done(); });
  wg.wait();
  return n;
}
`;
    expect(sharedIds(compile(text))).toContain('n');
    expect(racesOf(text)).toEqual([]);
  });
});

describe('calls the checker cannot see through', () => {
  it('a function passed as a parameter still takes its steps (decided at run time)', () => {
    const text = `${H}function twice(f: () => void) { f(); f(); }
export default () => {
  let n = 0;
  const t = spawn(() => { twice(() => { n++; }); });
  twice(() => { n++; });
  t.join();
  return n;
};
`;
    const program = compile(text);
    expect(sharedIds(program)).toContain('n');
    const races = racesOf(text);
    expect(races.length).toBeGreaterThan(0);
    expect([4, 5]).toContain(races[0].at.line);
  });
});

describe('evaluation order', () => {
  it('the right operand of && is read only when it is evaluated', () => {
    const text = `${H}export default function main() {
  let ready = false;
  let data = 0;
  const t = spawn(() => { data = 1; ready = true; });
  const seen = ready && data > 0;
  t.join();
  return seen;
}
`;
    const program = compile(text);
    for (let seed = 0; seed < 20; seed++) {
      const { ops, result } = opsOf(program, { seed });
      const mainReads = ops.filter((o) => o.op === 'read' && o.at.line === 6);
      const readyFirst = mainReads[0];
      expect(readyFirst && readyFirst.op === 'read' ? readyFirst.v : '').toBe('ready');
      // `data` is read on line 6 only in the runs where `ready` was already true.
      expect(mainReads.length === 2).toBe(result.returned !== false);
    }
  });

  it('x += n and x = x + n are a read step then a write step', () => {
    const program = compile(`${H}export default function main() {
  let x = 0;
  const t = spawn(() => { x += 2; x = x + 3; });
  t.join();
  return x;
}
`);
    const { ops, result } = opsOf(program);
    expect(result.returned).toBe(5);
    const steps = ops.filter((o) => (o.op === 'read' || o.op === 'write') && o.at.line === 4).map((o) => `${o.op}@${o.at.column}`);
    expect(steps).toEqual(['read@27', 'write@27', 'read@39', 'write@35']);
  });
});
