/**
 * Whole `.sim.ts` programs for the fuzz suite's semantic property: shared variables,
 * object properties and array elements, read and written in every expression form the
 * rewrite handles (compound and logical assignments, updates, loops into existing
 * variables, closures, parameter defaults, optional chains, templates, spreads, switch,
 * try/finally, labels), by a spawned task that main joins at once and then by main.
 *
 * The tasks never overlap, so the program means what it means as plain JavaScript:
 * `plainResult` runs it that way (`interleave` stubbed, tasks run at once when started)
 * and the simulation must return the same value.
 */
import * as vm from 'node:vm';
import fc from 'fast-check';
import * as ts from 'typescript';

/** Shared places: each is declared, and read by main before any task starts (returned as `before`). */
const NUMBER_TARGETS = ['s', 'g', 'o.f', 'o["f"]', 'arr[0]', 'arr[1]', 'o.g[0]', 'n.inner.v'];
const READS = [...NUMBER_TARGETS, 'arr.length', 'str.length', '(o.f as number)', 'o!.f', 'o?.f', 'o?.["f"]', 'arr?.[1]'];

const smallInt = fc.integer({ min: -3, max: 9 }).map(String);
const read = fc.constantFrom(...READS);
const target = fc.constantFrom(...NUMBER_TARGETS);

/** A number-valued expression, at most a few levels deep. */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    smallInt, read, read,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '%', '&', '|', '^', '<<', '>>'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(read, tie('e'), tie('e')).map(([c, a, b]) => `(${c} > 2 ? ${a} : ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `Math.max(${a}, ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `[${a}, ${b}].length`),
    fc.tuple(target, fc.constantFrom('++', '--')).map(([t, op]) => `(${t}${op})`),
    fc.tuple(target, fc.constantFrom('++', '--')).map(([t, op]) => `(${op}${t})`),
    fc.tuple(target, tie('e')).map(([t, e]) => `(${t} = ${e})`),
    fc.tuple(target, tie('e')).map(([t, e]) => `(${t} += ${e})`),
    fc.constant('helper()'), fc.constant('helper(4)'), fc.constant('twice(() => s)'),
    fc.constant('helper.call(null, 2)'), fc.constant('count.apply(null, [s, 1, 9])'), fc.constant('count.bind(null, g)(1)'),
    fc.constant('tagged`a${s}b${g}`'),
    fc.constant('[...arr].length'), fc.constant('({ ...o }).f'), fc.constant('({ s }).s'), fc.constant('Number(`${s}${arr[0]}`)'),
    fc.constant('(typeof s === "number" ? 1 : 0)'), fc.constant('arr.indexOf(arr[1])'), fc.constant('(o.h ?? 7)'),
  ),
})).e;

const COMPOUND = ['+=', '-=', '*=', '**=', '/=', '%=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??='];

/** One statement that reads and writes the shared places. */
const statement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(target, expr).map(([t, e]) => `${t} = ${e};`),
  fc.tuple(target, fc.constantFrom(...COMPOUND), expr).map(([t, op, e]) => `${t} ${op} ${op === '**=' ? `(${e}) % 3` : e};`),
  fc.tuple(target, fc.constantFrom('++', '--'), fc.boolean()).map(([t, op, pre]) => (pre ? `${op}${t};` : `${t}${op};`)),
  fc.tuple(target, fc.constantFrom('++', '--')).map(([t, op]) => `(${t} as number)${op};`),
  fc.tuple(target, expr).map(([t, e]) => `if (${t} > 2) { ${t} = ${e}; } else { ${t} += 1; }`),
  fc.tuple(target).map(([t]) => `while (${t} < 6) ${t} += 4;`),
  fc.tuple(target).map(([t]) => `do { ${t}++; } while (${t} < 3);`),
  fc.tuple(target).map(([t]) => `for (${t} of [4, 5]) { s += ${t}; }`),
  fc.constant('for (const k in o) { str += k; }'),
  fc.constant('for (str in { p: 1, q: 2 }) { g += 1; }'),
  fc.tuple(target).map(([t]) => `for (let i = 0; i < 3; i++) { ${t} += i; }`),
  fc.tuple(target, expr).map(([t, e]) => `switch (${t} % 3) { case 0: ${t} = ${e}; break; case 1: ${t}++; default: ${t} -= 2; }`),
  fc.tuple(target).map(([t]) => `try { ${t} += 1; if (${t} > 0) throw new Error("x"); } catch { ${t} += 2; } finally { ${t} += 3; }`),
  fc.tuple(target).map(([t]) => `{ outer: for (const a of [1, 2, 3]) { for (const b of [1, 2]) { if (a * b > 3) break outer; ${t} += a; } } }`),
  fc.tuple(target, expr).map(([t, e]) => `${t} = ${t} > 0 && ${e} > 0 ? ${e} : ${t} || ${e};`),
  fc.constant('str = `${s}/${o.f}/${arr[1]}`;'),
  fc.constant('str += String(g);'),
  fc.constant('arr.push(s); s = arr.length;'),
  fc.constant('{ const { f: ff, g: [g0] } = o; s = ff + g0; }'),
  fc.constant('{ const [a0, ...rest] = arr; s = a0 + rest.length; }'),
  fc.constant('s = count(s, 2);'),
  fc.constant('o.g = [s, g]; g = o.g[1];'),
  fc.constant('n.inner = { v: n.inner.v + 1 };'),
  fc.constant('{ const local = { s }; s = local.s + 1; }'),
  fc.constant('s = [1, 2, 3].map((x) => x * 2).filter((x) => x > 2).length;'),
  fc.constant('o.h ??= 5; s += o.h;'),
  fc.constant('g = twice(() => { s += 1; return s; });'),
  // Evaluation order: the target's object and key are evaluated once, before the value.
  fc.constant('arr[s % 2] = (s += 1);'),
  fc.constant('arr[s & 1] += (s = 5);'),
  fc.constant('o[pick()] ||= bump();'),
  fc.constant('o[pick()] += bump();'),
  fc.constant('arr[s & 1]++;'),
  fc.constant('s += (() => { s = 10; return 1; })();'),
  fc.constant('s = s++ + s;'),
  fc.constant('s = g = o.f = 3;'),
  fc.constant('for (s = 0, g = 0; s < 3; s++, g += 2) { str += "."; }'),
  fc.constant('s = "f" in o ? 1 : 0;'),
  fc.constant('{ function inner() { s++; return s; } g = inner() + inner(); }'),
  fc.constant('s = rec(3);'),
  fc.constant('s = defaults(1);'),
  fc.constant('str += s;'),
  fc.constant('{ const mk = () => ({ s, g }); s = mk().s + mk().g; }'),
);

/** A program whose tasks run one after another; it returns every shared place. */
export const sequentialProgram: fc.Arbitrary<string> = fc.tuple(
  fc.array(statement, { minLength: 1, maxLength: 4 }),
  fc.array(statement, { minLength: 1, maxLength: 4 }),
  fc.array(statement, { minLength: 0, maxLength: 3 }),
  fc.boolean(),
).map(([inTask, inMain, inWorker, arrow]) => `import { spawn } from "interleave";

let g = 1;
let str = "x";

function helper(a = s, { b } = { b: g }): number { return a + b; }
function twice(f: () => number): number { return f() + f(); }
function count(from: number, by: number = from, ...more: number[]): number { return from + by + more.length; }
function tagged(parts: TemplateStringsArray, ...values: number[]): number { return parts.length + values.reduce((a, b) => a + b, s); }
function rec(n: number): number { return n <= 0 ? s : rec(n - 1) + 1; }
function defaults(a = 1, b = a + s): number { return b; }
let picks = 0;
function pick(): "f" { picks++; return "f"; }
function bump(): number { g += 1; return g; }
let s = 2;

function worker(o: { f: number; g: number[]; h?: number }, arr: number[], n: { inner: { v: number } }): void {
  ${inWorker.join('\n  ')}
}

export default function main() {
  const o: { f: number; g: number[]; h?: number } = { f: 3, g: [1, 2] };
  const arr = [4, 5];
  const n = { inner: { v: 6 } };
  const before = [s, g, str, o.f, o.g[0], o.h, arr[0], arr[1], n.inner.v];
  const t = spawn(${arrow ? '() => {' : 'function () {'}
    ${inTask.join('\n    ')}
  });
  t.join();
  ${inMain.join('\n  ')}
  const w = spawn(worker, o, arr, n);
  w.join();
  return [before, s, g, str, o, arr, n, picks];
}
`);

/** The stub of "interleave" for a plain run: a task runs when it is started. */
const PLAIN_INTERLEAVE = `({
  spawn(fn, ...args) { const r = fn(...args); return { join: () => r }; },
  go(fn, ...args) { fn(...args); },
})`;

/** What the program returns as plain JavaScript, as JSON. */
export function plainResult(text: string): string {
  const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  const context = vm.createContext({ module: mod, exports: mod.exports, require: () => vm.runInContext(PLAIN_INTERLEAVE, context) });
  vm.runInContext(js, context, { timeout: 2000 });
  return JSON.stringify((mod.exports.default as () => unknown)());
}
