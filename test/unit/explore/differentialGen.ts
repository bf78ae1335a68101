/**
 * Small random concurrent programs from one abstract model, rendered to both front ends
 * (a `.scenario.yaml` and a `.sim.ts`), for the differential test (differential.test.ts).
 *
 * The model: `main` starts 1 to 3 tasks, runs its own body, then joins them. Bodies use
 * 2 or 3 shared variables (`x`, `y`, `z`), plain reads, writes and increments (races),
 * mutexes `m0`/`m1` (properly nested blocks, possibly in either order: deadlocks), one
 * condition variable `cv` on mutex `cm` (wait in a `while` loop under the lock for a
 * variable to reach a value; signal or broadcast after setting it), semaphores `s0`
 * (1 permit) and `s1` (2 permits), channels `c0` (unbuffered) and `c1` (capacity 1),
 * bounded loops and assertions on values.
 *
 * The scenario format has no conditions, no loops over values and no assertions: a
 * program that uses `await`, `notify`, `assert` or `recv` into a variable is rendered to
 * TypeScript only (`toScenario` returns undefined). The generator makes half of its
 * programs from the scenario subset, so both front ends are covered.
 */
import fc from 'fast-check';

export type Var = 'x' | 'y' | 'z';

export type AOp =
  | { readonly k: 'read'; readonly v: Var }
  | { readonly k: 'write'; readonly v: Var; readonly val: number }
  | { readonly k: 'incr'; readonly v: Var }
  | { readonly k: 'lock'; readonly m: 0 | 1; readonly body: readonly AOp[] }
  | { readonly k: 'sem'; readonly s: 0 | 1; readonly body: readonly AOp[] }
  | { readonly k: 'send'; readonly c: 0 | 1; readonly val: number }
  | { readonly k: 'recv'; readonly c: 0 | 1; readonly into?: Var }
  | { readonly k: 'repeat'; readonly n: number; readonly body: readonly AOp[] }
  /** TS only: `cm.lock(); while (v !== val) cv.wait(); cm.unlock();` */
  | { readonly k: 'await'; readonly v: Var; readonly val: number }
  /** TS only: `cm.lock(); v = val; cv.signal() (or broadcast); cm.unlock();` */
  | { readonly k: 'notify'; readonly v: Var; readonly val: number; readonly all: boolean }
  /** TS only: `assert(v <= max, "...")`, on a value read once. */
  | { readonly k: 'assert'; readonly v: Var; readonly max: number }
  /** TS only: `to = from + 1` (a read then a write of a value that shows the order). */
  | { readonly k: 'copy'; readonly from: Var; readonly to: Var };

export interface AProgram {
  readonly vars: readonly Var[];
  /** tasks[0] is main's own body; tasks[1..] are started by main and joined at its end. */
  readonly tasks: readonly (readonly AOp[])[];
}

export type Runtime = 'go' | 'threads' | 'python';

const TS_ONLY = new Set(['await', 'notify', 'assert', 'copy']);

function walk(ops: readonly AOp[], f: (op: AOp) => void): void {
  for (const op of ops) {
    f(op);
    if (op.k === 'lock' || op.k === 'sem' || op.k === 'repeat') walk(op.body, f);
  }
}

export function usesOnlyScenarioSubset(p: AProgram): boolean {
  let ok = true;
  for (const t of p.tasks) walk(t, (op) => { if (TS_ONLY.has(op.k) || (op.k === 'recv' && op.into)) ok = false; });
  return ok;
}

/** Visible steps one run takes at most (loops unrolled): keeps the interleavings few. */
export function weight(ops: readonly AOp[]): number {
  let n = 0;
  for (const op of ops) {
    switch (op.k) {
      case 'lock': case 'sem': n += 2 + weight(op.body); break;
      case 'repeat': n += op.n * weight(op.body); break;
      case 'incr': case 'copy': case 'await': n += 2; break;
      case 'notify': n += 4; break;
      default: n += 1;
    }
  }
  return n;
}

// ---------------------------------------------------------------- generator

const val = fc.integer({ min: 1, max: 3 });

function opArb(vars: readonly Var[], scenarioOnly: boolean): fc.Arbitrary<AOp> {
  const v = fc.constantFrom(...vars);
  const plain: fc.Arbitrary<AOp>[] = [
    v.map((x) => ({ k: 'read' as const, v: x })),
    fc.tuple(v, val).map(([x, n]) => ({ k: 'write' as const, v: x, val: n })),
    v.map((x) => ({ k: 'incr' as const, v: x })),
  ];
  if (!scenarioOnly) {
    plain.push(
      fc.tuple(v, fc.integer({ min: 0, max: 3 })).map(([x, n]) => ({ k: 'assert' as const, v: x, max: n })),
      fc.tuple(v, v).map(([a, b]) => ({ k: 'copy' as const, from: a, to: b })),
    );
  }
  const plainOp = fc.oneof(...plain);
  const inner = fc.array(plainOp, { minLength: 1, maxLength: 2 });
  const m = fc.constantFrom(0 as const, 1 as const);
  const lockBlock: fc.Arbitrary<AOp> = fc.tuple(m, inner, fc.boolean()).map(([mm, body, nest]) =>
    ({ k: 'lock' as const, m: mm, body: nest ? [{ k: 'lock' as const, m: (1 - mm) as 0 | 1, body }] : body }));
  const sync: fc.Arbitrary<AOp>[] = [
    lockBlock,
    fc.tuple(m, inner).map(([s, body]) => ({ k: 'sem' as const, s, body })),
    fc.tuple(m, val).map(([c, n]) => ({ k: 'send' as const, c, val: n })),
    scenarioOnly
      ? m.map((c) => ({ k: 'recv' as const, c }))
      : fc.tuple(m, fc.option(v, { nil: undefined })).map(([c, into]) => (into ? { k: 'recv' as const, c, into } : { k: 'recv' as const, c })),
    fc.tuple(fc.integer({ min: 2, max: 3 }), fc.array(plainOp, { minLength: 1, maxLength: 1 })).map(([n, body]) => ({ k: 'repeat' as const, n, body })),
  ];
  if (!scenarioOnly) {
    sync.push(
      fc.tuple(v, val).map(([x, n]) => ({ k: 'await' as const, v: x, val: n })),
      fc.tuple(v, val, fc.boolean()).map(([x, n, all]) => ({ k: 'notify' as const, v: x, val: n, all })),
    );
  }
  return fc.oneof({ arbitrary: plainOp, weight: 3 }, { arbitrary: fc.oneof(...sync), weight: 2 });
}

/** Interleavings of tasks with these step counts when nothing blocks: (Σw)! / Π(w!). */
export function interleavings(weights: readonly number[]): number {
  let n = 1;
  let total = 0;
  for (const w of weights) for (let i = 1; i <= w; i++) { total++; n = (n * total) / i; }
  return Math.round(n);
}

/** The most interleavings a generated program may have by that estimate (keeps brute force fast). */
export const MAX_INTERLEAVINGS = Number(process.env.INTERLEAVE_DIFF_MAX ?? 3000);

export const programArb: fc.Arbitrary<AProgram> = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }), fc.boolean())
  .chain(([nVars, nTasks, scenarioOnly]) => {
    const vars = (['x', 'y', 'z'] as const).slice(0, nVars);
    const perTask = nTasks <= 2 ? 3 : 2;
    const body = fc.array(opArb(vars, scenarioOnly), { minLength: 1, maxLength: perTask });
    return fc.tuple(fc.constant(vars), fc.array(body, { minLength: nTasks, maxLength: nTasks }));
  })
  .map(([vars, tasks]) => ({ vars, tasks }))
  .filter((p) => interleavings(p.tasks.map((t, i) => weight(t) + (i === 0 ? 2 * (p.tasks.length - 1) : 1))) <= MAX_INTERLEAVINGS);

// ---------------------------------------------------------------- TypeScript

function tsOps(ops: readonly AOp[], indent: string): string[] {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.k) {
      case 'read': out.push(`${indent}r = ${op.v};`); break;
      case 'write': out.push(`${indent}${op.v} = ${op.val};`); break;
      case 'incr': out.push(`${indent}${op.v}++;`); break;
      case 'copy': out.push(`${indent}${op.to} = ${op.from} + 1;`); break;
      case 'assert': out.push(`${indent}assert(${op.v} <= ${op.max}, "${op.v} <= ${op.max}");`); break;
      case 'lock':
        out.push(`${indent}m${op.m}.lock();`, ...tsOps(op.body, indent), `${indent}m${op.m}.unlock();`);
        break;
      case 'sem':
        out.push(`${indent}s${op.s}.acquire();`, ...tsOps(op.body, indent), `${indent}s${op.s}.release();`);
        break;
      case 'send': out.push(`${indent}c${op.c}.send(${op.val});`); break;
      case 'recv': out.push(op.into ? `${indent}${op.into} = c${op.c}.recv();` : `${indent}c${op.c}.recv();`); break;
      case 'repeat':
        out.push(`${indent}for (let i = 0; i < ${op.n}; i++) {`, ...tsOps(op.body, indent + '  '), `${indent}}`);
        break;
      case 'await':
        out.push(`${indent}cm.lock();`, `${indent}while ((${op.v} as number) !== ${op.val}) cv.wait();`, `${indent}cm.unlock();`);
        break;
      case 'notify':
        out.push(`${indent}cm.lock();`, `${indent}${op.v} = ${op.val};`, `${indent}cv.${op.all ? 'broadcast' : 'signal'}();`, `${indent}cm.unlock();`);
        break;
    }
  }
  return out;
}

export function toTypeScript(p: AProgram, runtime: Runtime): string {
  const lines = [
    `// @interleave runtime=${runtime}`,
    'import { spawn, assert, Mutex, Cond, Semaphore, Chan } from "interleave";',
    '',
    `let ${p.vars.map((v) => `${v} = 0`).join(', ')};`,
    'const m0 = new Mutex(), m1 = new Mutex(), cm = new Mutex();',
    'const cv = new Cond(cm);',
    'const s0 = new Semaphore(1), s1 = new Semaphore(2);',
    'const c0 = new Chan<number>(0), c1 = new Chan<number>(1);',
    '',
  ];
  p.tasks.slice(1).forEach((t, i) => {
    lines.push(`function t${i + 1}(): void {`, '  let r = 0;', ...tsOps(t, '  '), '  void r;', '}', '');
  });
  lines.push('export default function main() {', '  let r = 0;');
  p.tasks.slice(1).forEach((_, i) => lines.push(`  const h${i + 1} = spawn(t${i + 1});`));
  lines.push(...tsOps(p.tasks[0], '  '));
  p.tasks.slice(1).forEach((_, i) => lines.push(`  h${i + 1}.join();`));
  lines.push('  void r;', '}', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- scenario

function yamlOps(ops: readonly AOp[], indent: string): string[] {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.k) {
      case 'read': out.push(`${indent}- ${op.v}.read`); break;
      case 'write': out.push(`${indent}- ${op.v}.write: ${op.val}`); break;
      case 'incr': out.push(`${indent}- ${op.v}.incr`); break;
      case 'lock': out.push(`${indent}- m${op.m}.lock`, ...yamlOps(op.body, indent), `${indent}- m${op.m}.unlock`); break;
      case 'sem': out.push(`${indent}- s${op.s}.acquire`, ...yamlOps(op.body, indent), `${indent}- s${op.s}.release`); break;
      case 'send': out.push(`${indent}- c${op.c}.send: ${op.val}`); break;
      case 'recv': out.push(`${indent}- c${op.c}.recv`); break;
      case 'repeat': out.push(`${indent}- repeat: ${op.n}`, `${indent}  do:`, ...yamlOps(op.body, indent + '    ')); break;
      default: throw new Error(`${op.k} has no scenario form`);
    }
  }
  return out;
}

/** The scenario form, or undefined when the program uses a construct scenarios lack. */
export function toScenario(p: AProgram, runtime: Runtime): string | undefined {
  if (!usesOnlyScenarioSubset(p)) return undefined;
  const lines = [
    'name: differential',
    `runtime: { kind: ${runtime} }`,
    `vars: { ${p.vars.map((v) => `${v}: 0`).join(', ')} }`,
    'sync:',
    '  m0: mutex',
    '  m1: mutex',
    '  s0: { semaphore: 1 }',
    '  s1: { semaphore: 2 }',
    '  c0: { channel: 0 }',
    '  c1: { channel: 1 }',
    'tasks:',
    '  main:',
  ];
  p.tasks.slice(1).forEach((_, i) => lines.push(`    - go: t${i + 1}`));
  lines.push(...yamlOps(p.tasks[0], '    '));
  p.tasks.slice(1).forEach((_, i) => lines.push(`    - join: t${i + 1}`));
  p.tasks.slice(1).forEach((t, i) => lines.push(`  t${i + 1}:`, ...yamlOps(t, '    ')));
  return lines.join('\n') + '\n';
}
