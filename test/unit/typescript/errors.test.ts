import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { Program, TaskBody } from '../../../src/core/program';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { errorsOf } from './helpers';

const H = 'import { go, WaitGroup, Chan, Mutex } from "interleave";\n';

function only(text: string) {
  const errors = errorsOf(text);
  expect(errors.length).toBeGreaterThan(0);
  return errors[0];
}

describe('unsupported constructs and bad input are input errors that say what to write', () => {
  it('a blocking call inside a callback given to a built-in that is not step-aware (replace): use a for-of loop', () => {
    const e = only(`${H}export default function main() {
  const wg = new WaitGroup(); wg.add(2);
  'aa'.replace(/a/g, () => { wg.done(); return 'b'; });
}
`);
    expect(e.at.line).toBe(4);
    expect(e.message).toContain('replace');
    expect(e.message).toContain('wg.done()');
    expect(e.hint).toContain('for-of');
  });

  it('async functions with a runtime that is not the event loop (issue 23: async runs on eventloop)', () => {
    const errors = errorsOf(`// @interleave runtime=threads
export default function main() {
  const f = async () => { await Promise.resolve(1); };
  f();
}
`);
    expect(errors.some((e) => e.message.includes('async functions run on the event loop; the runtime "threads" cannot run them') && e.at.line === 3)).toBe(true);
  });

  it('a blocking call inside the constructor of a class that extends a library class (its constructor runs as JavaScript runs it)', () => {
    const e = only(`${H}class Failure extends Error {
  constructor(readonly mu: Mutex) { super("failed"); mu.lock(); }
}
export default function main() { new Failure(new Mutex()); }
`);
    expect(e.at.line).toBe(3);
    expect(e.message).toContain('constructor');
    expect(e.message).toContain('`Error`');
    expect(e.message).not.toContain('vars');
    expect(e.hint).toContain('method');
  });

  it('a blocking step in toString, which JavaScript itself calls: give it another name', () => {
    const e = only(`${H}const mu = new Mutex();
class Counter { toString() { mu.lock(); mu.unlock(); return 'c'; } }
export default function main() { go(() => { mu.lock(); mu.unlock(); }); return \`\${new Counter()}\`; }
`);
    expect(e.at.line).toBe(3);
    expect(e.message).toContain('toString');
    expect(e.hint).toContain('another name');
  });

  it('generator functions, imports of other modules, range() outside for-of', () => {
    expect(only(`${H}function* g() { yield 1; }\nexport default function main() { g(); }\n`).message).toContain('generator functions');
    const imp = errorsOf(`import { readFileSync } from "fs";\n${H}export default function main() { }\n`);
    expect(imp.some((e) => e.message.includes('only the module "interleave"'))).toBe(true);
    expect(only(`${H}export default function main() { const ch = new Chan<number>(); const it = ch.range(); return it; }\n`).hint).toContain('for (const v of ch.range())');
  });

  it('a missing entry point', () => {
    expect(only(`${H}function main() {}\n`).hint).toContain('export default function main()');
  });

  it('syntax errors and type errors are diagnostics with a line, not crashes', () => {
    const syntax = only(`${H}export default function main() {\n  let x = ;\n}\n`);
    expect(syntax.at.line).toBe(3);
    expect(syntax.message).toMatch(/^TS\d+/);
    // A type error is a warning beside the program (tsc still emits code).
    const typed = compileTypeScript(`${H}export default function main() {\n  const wg = new WaitGroup();\n  wg.add("two");\n}\n`, 'test.sim.ts');
    expect(typed.program).toBeDefined();
    const type = typed.warnings[0];
    expect(type.severity).toBe('warning');
    expect(type.at).toMatchObject({ line: 4, column: 10 });
    expect(type.message).toContain('TS2345');
  });

  it('settings: header and export const config at once, unknown keys with a hint', () => {
    const both = errorsOf(`// @interleave runtime=go\n${H}export const config = { runtime: { kind: "go" } };\nexport default function main() {}\n`);
    expect(both.some((e) => e.message.includes('given twice'))).toBe(true);
    const typo = errorsOf(`// @interleave runtime=go gomaxproc=2\n${H}export default function main() {}\n`);
    expect(typo[0].hint).toContain('gomaxprocs');
    expect(typo[0].at).toMatchObject({ line: 1, column: 27 });
    const nested = errorsOf(`${H}export const config = { runtime: { kind: "go", gomaxprocz: 2 } };\nexport default function main() {}\n`);
    expect(nested[0].hint).toContain('gomaxprocs');
  });

  it('export const config with the scenario file nested shape', () => {
    const r = compileTypeScript(`${H}export const config = { machine: { cores: 2, smt: 2 }, os: { policy: "round-robin", quantum: "2ms" }, runtime: { kind: "go", gomaxprocs: 1 }, seed: 7 };
export default function main() { return 1; }
`, 'cfg.sim.ts');
    expect(r.errors).toEqual([]);
    expect(r.program!.config).toEqual({ machine: { cores: 2, smt: 2 }, os: { policy: 'round-robin', quantumNs: 2_000_000 }, runtime: { kind: 'go', gomaxprocs: 1 } });
    expect(r.program!.seed).toBe(7);
  });
});

describe('the core\'s messages a .sim.ts can meet use no scenario wording (issue 18, item 4)', () => {
  // The TypeScript front end makes each variable and object before its first use; if it ever
  // did not (a front-end fault), the engine's message must fit a .sim.ts: no "declare it
  // under `vars`", which is the scenario format's.
  const at = { file: 'bank.sim.ts', line: 7, column: 3, endLine: 7, endColumn: 9 };
  const program = (main: TaskBody): Program => ({
    file: 'bank.sim.ts', name: 'bank', config: {}, vars: [], objects: [], main, mainAt: at, expects: [], sweep: [], at,
  });
  it('an access to a variable no step made', () => {
    const r = simulate(program(function* () { yield { op: 'read', v: 'state.log[*]', at }; }), { mode: 'untimed', seed: 1 });
    expect(r.error).toContain('bank.sim.ts:7:3: unknown shared variable `state.log[*]`');
    expect(r.error).not.toMatch(/vars|declare it|scenario/);
  });
  it('a step on an object no step made', () => {
    const r = simulate(program(function* () { yield { op: 'sync', obj: 'mu', action: 'lock', at }; }), { mode: 'untimed', seed: 1 });
    expect(r.error).toContain('bank.sim.ts:7:3: unknown sync object `mu`');
    expect(r.error).not.toMatch(/sync:|declare it|scenario/);
  });
});
