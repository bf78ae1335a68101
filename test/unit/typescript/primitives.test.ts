import { describe, expect, it } from 'vitest';
import { compile, opsOf, run } from './helpers';

const H = `import { go, spawn, sleep, compute, io, syscall, gosched, lockOSThread, unlockOSThread, Mutex, RWMutex, WaitGroup,
  Semaphore, Chan, select, recvCase, sendCase, defaultCase, Once, Cond, Barrier, AtomicInt, assert, unreachable, critical } from "interleave";
`;

function returns(body: string, header = '// @interleave runtime=go\n'): unknown {
  const program = compile(`${header}${H}export default function main() {\n${body}\n}\n`);
  for (const mode of ['untimed', 'timed'] as const) {
    const r = run(program, { mode });
    expect(r.error, mode).toBeUndefined();
    expect(r.stopped, mode).toBe('finished');
  }
  return run(program).returned;
}

describe('the interleave module: each primitive compiles and runs', () => {
  it('go and WaitGroup', () => {
    expect(returns(`let n = 0; const wg = new WaitGroup(); wg.add(3); const mu = new Mutex();
      for (let i = 0; i < 3; i++) go((k: number) => { mu.lock(); n += k; mu.unlock(); wg.done(); }, i + 1);
      wg.wait(); return n;`)).toBe(6);
  });

  it('spawn(fn).join() returns what the task returned', () => {
    expect(returns(`const t = spawn((a: number, b: number) => a * b, 6, 7); return t.join();`, '// @interleave runtime=threads\n')).toBe(42);
  });

  it('sleep, compute, io, syscall take simulated time; gosched and lockOSThread are steps', () => {
    const program = compile(`// @interleave runtime=go\n${H}export default function main() {
      sleep("2ms"); compute(3); io("1ms"); syscall("500us"); gosched(); lockOSThread(); unlockOSThread(); return 1; }\n`);
    const r = run(program, { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.makespan_ns).toBeGreaterThanOrEqual(6_500_000);
    const kinds = opsOf(program).ops.map((o) => o.op);
    for (const k of ['yield']) expect(kinds).toContain(k);
  });

  it('Mutex protects a counter; tryLock reports whether it took the lock', () => {
    expect(returns(`let n = 0; const mu = new Mutex(); const wg = new WaitGroup(); wg.add(2);
      for (let i = 0; i < 2; i++) go(() => { for (let j = 0; j < 5; j++) { mu.lock(); n++; mu.unlock(); } wg.done(); });
      wg.wait(); mu.lock(); const second = mu.tryLock(); mu.unlock(); const first = mu.tryLock(); mu.unlock();
      return [n, second, first];`)).toEqual([10, false, true]);
  });

  it('RWMutex: readers and a writer', () => {
    expect(returns(`let v = 1; const rw = new RWMutex(); const wg = new WaitGroup(); wg.add(2);
      go(() => { rw.rlock(); const x = v; rw.runlock(); wg.done(); });
      go(() => { rw.lock(); v = 2; rw.unlock(); wg.done(); });
      wg.wait(); return v;`)).toBe(2);
  });

  it('Semaphore: acquire, release, tryAcquire', () => {
    expect(returns(`const s = new Semaphore(1); s.acquire(); const a = s.tryAcquire(); s.release(); const b = s.tryAcquire(); s.release(); return [a, b];`))
      .toEqual([false, true]);
  });

  it('Chan: send, recv, recvOk, len, close and for-of over range()', () => {
    expect(returns(`const ch = new Chan<number>(2); const out: number[] = [];
      go(() => { for (let i = 1; i <= 3; i++) ch.send(i); ch.close(); });
      for (const v of ch.range()) out.push(v);
      const [v, ok] = ch.recvOk();
      const b = new Chan<string>(1); b.send("x"); const l = b.len(); const s = b.recv();
      return [out, v, ok, l, s];`)).toEqual([[1, 2, 3], undefined, false, 1, 'x']);
  });

  it('select with recvCase, sendCase and defaultCase', () => {
    expect(returns(`const a = new Chan<number>(1); const b = new Chan<number>(1); let got = "";
      select([recvCase(a, (v) => { got = "a" + v; }), defaultCase(() => { got = "default"; })]);
      a.send(5);
      select([recvCase(a, (v) => { got += ",a" + v; })]);
      const r = select([sendCase(b, 9, () => "sent"), recvCase(a, () => "recv")]);
      return [got, r, b.recv()];`)).toEqual(['default,a5', 'sent', 9]);
  });

  it('Once runs its function once across tasks', () => {
    expect(returns(`let runs = 0; const once = new Once(); const wg = new WaitGroup(); wg.add(3);
      for (let i = 0; i < 3; i++) go(() => { once.do(() => { runs++; }); wg.done(); });
      wg.wait(); return runs;`)).toBe(1);
  });

  it('Cond: wait in a loop until signalled; broadcast', () => {
    expect(returns(`const mu = new Mutex(); const cv = new Cond(mu); let ready = false; const wg = new WaitGroup(); wg.add(2);
      for (let i = 0; i < 2; i++) go(() => { mu.lock(); while (!ready) cv.wait(); mu.unlock(); wg.done(); });
      mu.lock(); ready = true; cv.broadcast(); mu.unlock(); wg.wait(); mu.lock(); cv.signal(); mu.unlock(); return ready;`)).toBe(true);
  });

  it('Barrier releases all parties together', () => {
    expect(returns(`const gate = new Barrier(3); let arrived = 0; const mu = new Mutex(); const wg = new WaitGroup(); wg.add(2);
      for (let i = 0; i < 2; i++) go(() => { mu.lock(); arrived++; mu.unlock(); gate.wait(); wg.done(); });
      gate.wait(); wg.wait(); return arrived;`)).toBe(2);
  });

  it('AtomicInt: load, store, add (returns the new value), cas', () => {
    expect(returns(`const a = new AtomicInt(5); const wg = new WaitGroup(); wg.add(2);
      for (let i = 0; i < 2; i++) go(() => { for (let j = 0; j < 3; j++) a.add(1); wg.done(); });
      wg.wait(); const n = a.add(10); const ok = a.cas(21, 0); const bad = a.cas(21, 1); a.store(7);
      return [n, ok, bad, a.load()];`)).toEqual([21, true, false, 7]);
  });

  it('assert and unreachable are findings at their line', () => {
    const program = compile(`${H}export default function main() {
  const x = Number("1");
  assert(x === 2, "x is two");
  if (Number("1") === 1) unreachable("never here");
  return x;
}
`);
    const r = run(program);
    const findings = r.findings.filter((f) => f.kind === 'assertion');
    expect(findings.map((f) => f.at.line)).toEqual([5, 6]);
    expect(findings[0].message).toContain('x is two');
  });

  it('critical(name, fn) and critical(name) to the end of the block: two tasks inside is a finding', () => {
    const racy = compile(`${H}export default function main() {
  const wg = new WaitGroup(); wg.add(2);
  go(() => { critical("acct", () => { gosched(); }); wg.done(); });
  go(() => { { critical("acct"); gosched(); } wg.done(); });
  wg.wait();
}
`);
    let found = false;
    for (let seed = 0; seed < 30 && !found; seed++) found = run(racy, { seed }).findings.some((f) => f.kind === 'mutual-exclusion');
    expect(found).toBe(true);
    const safe = compile(`${H}export default function main() {
  const wg = new WaitGroup(); wg.add(2); const mu = new Mutex();
  go(() => { mu.lock(); critical("acct", () => { gosched(); }); mu.unlock(); wg.done(); });
  go(() => { mu.lock(); { critical("acct"); gosched(); } mu.unlock(); wg.done(); });
  wg.wait();
}
`);
    for (let seed = 0; seed < 30; seed++) expect(run(safe, { seed }).findings.filter((f) => f.kind === 'mutual-exclusion')).toEqual([]);
  });
});
