/**
 * Generators of `.sim.ts` files for the fuzz suite: the examples with tokens deleted,
 * duplicated, swapped or replaced, hostile statements and unsupported constructs inserted,
 * literals swapped for hostile ones, and `// @interleave` headers with hostile values.
 * Inserted code reaches the module through `__h`, a namespace import appended to the file
 * (an import may stand anywhere at the top level), so it never clashes with the example's own.
 */
import fc from 'fast-check';
import * as ts from 'typescript';
import { EXAMPLE_SIM_TS } from './scenarioGen';

export { EXAMPLE_SIM_TS };

const NAMESPACE = '\nimport * as __h from "interleave";\n';

/**
 * Statements a person could write (or paste by mistake). Left out on purpose, as they are
 * known to run unbounded until the sandbox gets a watchdog (issue 17 item 5; see
 * regressions.test.ts): catastrophic regexes, exponential recursion, huge allocations.
 */
export const HOSTILE_STATEMENTS: readonly string[] = [
  'while (true) {}',
  'for (;;) { __h.gosched(); }',
  'for (let i = 0; ; i++) { if (i < 0) break; }',
  'throw new Error("boom");',
  'throw 42;',
  'throw null;',
  'throw { message: 1, stack: 5, at: -1 };',
  'throw Object.create(null);',
  'throw new Proxy({}, { get() { throw 1; } });',
  'async function af() { await 1; }',
  'await 1;',
  'function* g() { yield 1; }',
  'class C { m() { __h.gosched(); } }',
  'class D { constructor() { __h.go(() => {}); } }',
  '[1, 2].forEach(() => __h.gosched());',
  '[1, 2].map((x) => { __h.sleep("1ms"); return x; });',
  'import("x");',
  'eval("1");',
  'new Function("return 1")();',
  '(0, eval)("globalThis");',
  'require("fs");',
  'process.exit(1);',
  '(globalThis as any).constructor.constructor("return process")();',
  '(Object.prototype as any).toString = null;',
  '(Array.prototype as any).push = () => 0;',
  'Object.defineProperty(Object.prototype, "then", { get() { throw 1; } });',
  '(globalThis as any).Map = null;',
  '(JSON as any).stringify = null;',
  '(Symbol as any).iterator = "x";',
  'Object.freeze(Object.prototype);',
  'return;',
  'return 10n;',
  'return Symbol("s");',
  'return () => 1;',
  'return new Map([[1, 2]]);',
  'return -0;',
  'return NaN;',
  'return "\\u0000";',
  'return new Proxy({}, { ownKeys() { throw 1; }, get() { throw 2; } });',
  'return { toJSON() { throw new Error("x"); } };',
  'return { get x() { throw 1; } };',
  'function r(n: number): number { return r(n + 1); } r(0);',
  'function rs(n: number): number { __h.gosched(); return n > 1500 ? n : rs(n + 1); } rs(0);',
  '__h.sleep("-1ms");',
  '__h.sleep(Infinity);',
  '__h.sleep(NaN);',
  '__h.sleep(-5);',
  '__h.compute("1e400s");',
  '__h.compute("99999999999999999999s");',
  '__h.io("abc");',
  '__h.syscall(null as any);',
  'new __h.Chan(-1);',
  'new __h.Chan(1e12);',
  'new __h.Chan(0.5);',
  'new __h.Semaphore(-5);',
  'new __h.Barrier(0);',
  'new __h.Barrier(-1).wait();',
  'new __h.WaitGroup().add(-1);',
  'new __h.WaitGroup().add(1e15);',
  'new __h.WaitGroup().add(NaN);',
  'new __h.Mutex().unlock();',
  'new __h.RWMutex().runlock();',
  'new __h.Chan<number>(0).recv();',
  'new __h.Chan<number>(1).close(); new __h.Chan<number>(1).close();',
  '{ const c = new __h.Chan<number>(1); c.close(); c.close(); }',
  '{ const c = new __h.Chan<number>(1); c.close(); c.send(1); }',
  'new __h.AtomicInt(2 ** 60).add(2 ** 60);',
  'new __h.Cond(null as any).wait();',
  'new __h.Once().do(null as any);',
  '__h.go(null as any);',
  '__h.spawn(undefined as any).join();',
  '__h.go(42 as any);',
  '__h.go(() => { throw 1; });',
  '__h.go(__h.go as any);',
  'for (let i = 0; i < 400; i++) __h.go(() => {});',
  '__h.critical("");',
  '__h.critical(undefined as any, undefined as any);',
  '__h.critical("c", () => { throw 1; });',
  '__h.select([]);',
  '__h.select(null as any);',
  '__h.select([__h.defaultCase(() => {}), __h.defaultCase(() => {})]);',
  '__h.select([__h.recvCase(null as any, () => {})]);',
  '__h.assert(false, "x".repeat(100000));',
  '__h.assert(false, null as any);',
  '__h.unreachable();',
  '__h.lockOSThread(); __h.lockOSThread();',
  '__h.unlockOSThread();',
  'label: for (;;) { break label; }',
  'debugger;',
  'arguments;',
  'this;',
  'switch (1 as number) { case 1: __h.gosched(); default: __h.gosched(); }',
  'try { __h.gosched(); } finally { __h.gosched(); }',
  'try { throw 1; } catch { __h.gosched(); }',
  '(() => { __h.gosched(); })();',
  '{ const o = { get g() { __h.gosched(); return 1; } }; o.g; }',
  '{ let sv = 0; __h.go(() => { sv--; sv **= 2; sv ??= 1; }); [sv] = [1]; }',
  '{ let sv = 0; const t = __h.spawn(() => { sv -= 1; }); sv--; t.join(); }',
  '{ const arr = [1]; __h.go(() => { arr[0]--; arr.push(2); }); arr[0]++; delete arr[0]; }',
  '{ let s2 = 0; __h.go(() => { for (const _ of [1, 2]) s2++; }); ({ s2 } = { s2: 3 }); }',
  'const cyc: any = {}; cyc.self = cyc;',
  'let u: any; u.x.y = 1;',
  'undefinedName();',
  '@dec class E {}',
  'enum Color { Red, Green }',
  'namespace N { export const x = 1; }',
  'declare const q: number; q;',
  'export {};',
  'export = 1;',
  'type T = typeof import("fs");',
  '/// <reference path="/etc/passwd" />',
  '// @interleave cores=2',
];

/** Header values: each key with values at, inside and past its limits, and nonsense. */
export const DIRECTIVES: fc.Arbitrary<string> = fc.array(
  fc.tuple(
    fc.constantFrom('runtime', 'kind', 'gomaxprocs', 'cores', 'smt', 'policy', 'quantum', 'seed', 'context_switch', 'thread_create',
      'switch_interval', 'cache_line', 'free_threaded', 'unknown', '', 'Cores', 'cores ', '∞'),
    fc.constantFrom('', '0', '-1', '1', '2', '1024', '1025', '1e9', '1000000000', 'NaN', 'Infinity', 'abc', '1.5', '0ms', '-1ms',
      '1e400ms', '1ns', '99999999999s', 'go', 'threads', 'python', 'processes', 'fair', 'mlfq', 'priority', 'true', '=', '"x"',
      '∞', '9'.repeat(30), '0x10', '1_000', ' 2'),
  ).map(([k, v]) => `${k}=${v}`),
  { maxLength: 4 },
).map((pairs) => `// @interleave ${pairs.join(' ')}`);

const REPLACEMENT_TOKENS = [
  ';', '{', '}', '(', ')', '=>', 'yield', 'await', 'async', 'function*', '--', '++', '-', '!', '?.', '??=', 'new', 'this', 'super',
  'null', 'undefined', '0', '-1', '1e309', 'NaN', '"x"', '`t${1}`', '[', ']', '...', 'as any', 'as never', '<number>', 'delete',
  'typeof', 'void', 'var', 'let', 'const', 'class', 'enum', 'go', 'spawn', 'main', 'export default', '/* */', '//', '\\u0000',
];

const HOSTILE_NUMBERS = ['0', '-1', '1e9', '2 ** 53', 'NaN', 'Infinity', '1e-9', '0.5', '-0', '1e400', '0x7fffffff', '10n'];
const HOSTILE_STRINGS = ['""', '"-1ms"', '"1e400s"', '"abc"', '"\\u0000"', '"9999999999s"', '"0ms"', '"1 ms"', '`${1}ms`', '"\\ud800"'];

interface Token {
  readonly start: number;
  readonly end: number;
  readonly kind: ts.SyntaxKind;
}

function tokens(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: Token[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    out.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind: k });
  }
  return out;
}

export type TsMutation =
  | { op: 'deleteTokens'; at: number; count: number }
  | { op: 'duplicateToken' | 'swapTokens'; at: number }
  | { op: 'replaceToken'; at: number; token: string }
  | { op: 'insertStatement'; line: number; statement: string }
  | { op: 'replaceLiteral'; at: number; pick: number }
  | { op: 'directive'; header: string; mode: 'replace' | 'add' | 'config' }
  | { op: 'insertText'; at: number; text: string }
  | { op: 'truncate'; at: number };

export const tsMutation: fc.Arbitrary<TsMutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteTokens' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constantFrom('duplicateToken', 'swapTokens') as fc.Arbitrary<'swapTokens'>, at: fc.nat() }),
  fc.record({ op: fc.constant('replaceToken' as const), at: fc.nat(), token: fc.constantFrom(...REPLACEMENT_TOKENS) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insertStatement' as const), line: fc.nat(), statement: fc.constantFrom(...HOSTILE_STATEMENTS) }) },
  fc.record({ op: fc.constant('replaceLiteral' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ op: fc.constant('directive' as const), header: DIRECTIVES, mode: fc.constantFrom('replace', 'add', 'config') as fc.Arbitrary<'add'> }),
  fc.record({ op: fc.constant('insertText' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom('\ufeff', '\u2028', '\r', '\u0000', '\ud800', '`', '/*', '"', '${'), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export function applyTsMutation(text: string, m: TsMutation): string {
  const toks = m.op === 'deleteTokens' || m.op === 'duplicateToken' || m.op === 'swapTokens' || m.op === 'replaceToken' || m.op === 'replaceLiteral'
    ? tokens(text) : [];
  const tok = (n: number): Token | undefined => (toks.length ? toks[n % toks.length] : undefined);
  switch (m.op) {
    case 'deleteTokens': {
      const a = tok(m.at);
      if (!a) return text;
      const b = toks[Math.min(toks.length - 1, toks.indexOf(a) + m.count - 1)];
      return text.slice(0, a.start) + text.slice(b.end);
    }
    case 'duplicateToken': {
      const a = tok(m.at);
      return a ? text.slice(0, a.end) + ' ' + text.slice(a.start, a.end) + text.slice(a.end) : text;
    }
    case 'swapTokens': {
      const a = tok(m.at);
      const i = a ? toks.indexOf(a) : -1;
      if (!a || i + 1 >= toks.length) return text;
      const b = toks[i + 1];
      return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    }
    case 'replaceToken': {
      const a = tok(m.at);
      return a ? text.slice(0, a.start) + m.token + text.slice(a.end) : text;
    }
    case 'replaceLiteral': {
      const literals = toks.filter((t) => t.kind === ts.SyntaxKind.NumericLiteral || t.kind === ts.SyntaxKind.StringLiteral);
      if (literals.length === 0) return text;
      const a = literals[m.at % literals.length];
      const pool = a.kind === ts.SyntaxKind.NumericLiteral ? HOSTILE_NUMBERS : HOSTILE_STRINGS;
      return text.slice(0, a.start) + pool[m.pick % pool.length] + text.slice(a.end);
    }
    case 'insertStatement': {
      const lines = text.split('\n');
      const i = m.line % (lines.length + 1);
      lines.splice(i, 0, m.statement);
      return lines.join('\n');
    }
    case 'directive': {
      if (m.mode === 'add') return `${m.header}\n${text}`;
      if (m.mode === 'config') return `${text}\nexport const config = { machine: { cores: 1e9 }, runtime: { kind: "nope", gomaxprocs: -1 }, os: { quantum: 5 } };\n`;
      return /^\/\/ @interleave.*$/m.test(text) ? text.replace(/^\/\/ @interleave.*$/m, m.header) : `${m.header}\n${text}`;
    }
    case 'insertText': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

/** An example with one or two mutations, and the namespace import inserted code uses. */
export const mutatedSimTs: fc.Arbitrary<{ path: string; text: string; mutations: TsMutation[] }> = fc.tuple(
  fc.constantFrom(...EXAMPLE_SIM_TS), fc.array(tsMutation, { minLength: 1, maxLength: 2 }),
).map(([ex, mutations]) => ({ path: ex.path, mutations, text: mutations.reduce(applyTsMutation, ex.text) + NAMESPACE }));
