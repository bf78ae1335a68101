import { describe, expect, it } from 'vitest';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { compile, errorsOf, run } from './helpers';

const H = 'import { go, gosched } from "interleave";\n';

/** Runs main and returns how the run ended. */
function outcome(body: string, limits?: { sliceMs: number }) {
  const r = compileTypeScript(`${H}export default function main(): unknown {\n${body}\n}\n`, 'escape.sim.ts', limits);
  expect(r.errors).toEqual([]);
  const res = run(r.program!);
  return res;
}

describe('the sandbox refuses escapes', () => {
  it('require and process do not type-check, and are absent at run time', () => {
    // Type errors are warnings (the run goes on), and at run time the names do not exist.
    const req = compileTypeScript(`${H}export default function main() { return require("fs"); }\n`, 'escape.sim.ts');
    expect(req.warnings[0].message).toContain("Cannot find name 'require'");
    expect(run(req.program!).error).toContain("ReferenceError: require is not defined");
    const proc = compileTypeScript(`${H}export default function main() { return process.pid; }\n`, 'escape.sim.ts');
    expect(proc.warnings[0].message).toContain("Cannot find name 'process'");
    expect(run(proc.program!).error).toContain("ReferenceError: process is not defined");
    const r = outcome(`  const g = globalThis as any;\n  return [typeof g.require, typeof g.process, typeof g.setTimeout, typeof g.console, typeof g.Date];`);
    expect(r.error).toBeUndefined();
    expect(r.returned).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('globalThis.constructor and this.constructor.constructor tricks cannot make code from strings', () => {
    const r1 = outcome(`  const F = (globalThis as any).constructor.constructor;\n  return F("return process")();`);
    expect(r1.stopped).toBe('error');
    expect(r1.error).toMatch(/escape\.sim\.ts:4:\d+: EvalError: Code generation from strings disallowed/);
    const r2 = outcome(`  const f = function (this: any) { return this; };\n  const o: any = { f };\n  return o.f().constructor.constructor("return process")();`);
    expect(r2.stopped).toBe('error');
    expect(r2.error).toContain('EvalError');
    const r3 = outcome(`  return (0, eval)("1 + 1");`);
    expect(r3.error).toContain('EvalError');
  });

  it('results the engine hands back carry no host constructor', () => {
    const r = compileTypeScript(`import { spawn, Chan } from "interleave";
export default function main(): unknown {
  const ch = new Chan<number>(1);
  ch.send(1);
  const pair: any = ch.recvOk();
  const t: any = spawn(() => 1);
  t.join();
  try { return pair.constructor.constructor("return process")(); } catch (e: any) { return e.name; }
}
`, 'escape.sim.ts');
    expect(r.errors).toEqual([]);
    expect(run(r.program!).returned).toBe('EvalError');
  });

  it('Error.prepareStackTrace sees the host\'s frames in a stack but neither their receivers nor their functions', () => {
    const r = outcome(`  (Error as any).prepareStackTrace = (_e: any, frames: any[]) => frames.map((f: any) => {
    let got = "none";
    try { if (f.getThis() !== undefined || f.getFunction() !== undefined) got = "reached"; } catch { got = "threw"; }
    return got;
  }).join(",");
  let stack: any;
  try { throw new Error("x"); } catch (e: any) { stack = e.stack; }
  return stack;`);
    expect(r.error).toBeUndefined();
    const frames = String(r.returned).split(',');
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.filter((f) => f !== 'none')).toEqual([]);
  });

  it('dynamic import() is refused at compile time', () => {
    const errors = errorsOf(`${H}export default function main() { return import("fs"); }\n`);
    expect(errors.some((e) => e.message.includes('import()'))).toBe(true);
  });

  it('an infinite loop without steps ends the run with an error naming its line', () => {
    const r = outcome(`  let i = 0;\n  while (true) { i++; }`, { sliceMs: 100 });
    expect(r.stopped).toBe('error');
    expect(r.error).toMatch(/escape\.sim\.ts:4:3: .*100 ms.*infinite loop/);
  });

  it('a loop that takes steps is not cut short by the wall-clock limit of one slice', () => {
    const r = outcome(`  let n = 0;\n  go(() => { n = 1; });\n  for (let i = 0; i < 3000; i++) { gosched(); }\n  return n;`, { sliceMs: 200 });
    expect(r.stopped).toBe('finished');
  });

  it('a thrown exception ends the run with an error naming the line that threw', () => {
    const r = outcome(`  const xs: number[] = [];\n  const o: any = undefined;\n  xs.push(1);\n  return o.field;`);
    expect(r.stopped).toBe('error');
    expect(r.error).toMatch(/escape\.sim\.ts:6:\d+: TypeError: Cannot read properties of undefined/);
  });

  it('Math.random is seeded per run, so re-execution is deterministic', () => {
    const p = compile(`${H}export default function main() { return [Math.random(), Math.random()]; }\n`);
    expect(run(p).returned).toEqual(run(p).returned);
  });
});

describe('budgets', () => {
  it('a loop that keeps taking steps forever ends at the step budget', () => {
    // A counter keeps the loop impure (`while (true) gosched()` alone is a livelock: neverEnds.test.ts).
    const p = compile(`${H}export default function main() {\n  let n = 0;\n  while (true) { n++; gosched(); }\n}\n`);
    const r = run(p, { budget: { events: 5000 } });
    expect(r.stopped).toBe('budget');
  });
});
