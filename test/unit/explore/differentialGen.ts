/**
 * Small random concurrent programs from one abstract model, rendered to both front ends
 * (a `.scenario.yaml` and a `.sim.ts`), for the differential test (differential.test.ts).
 *
 * The model: `main` starts 1 to 3 tasks, runs its own body, then joins them. Bodies use
 * 2 or 3 shared variables (`x`, `y`, `z`), plain reads, writes and increments (races),
 * mutexes `m0`/`m1` (properly nested blocks, possibly in either order: deadlocks; or a
 * lock never released, so a task ends holding it and others wait for ever), one
 * condition variable `cv` on mutex `cm` (wait in a `while` loop under the lock for a
 * variable to reach a value; signal or broadcast after setting it), semaphores `s0`
 * (1 permit) and `s1` (2 permits), channels `c0` (unbuffered) and `c1` (capacity 1),
 * bounded loops and assertions on values; and, in the TypeScript and core forms only, an
 * RWMutex `rw` (read and write blocks), `tryLock` blocks, a WaitGroup `wg` (main adds as
 * many as there are dones), a `Once`, channel `close`, `select` (receive from c0; receive
 * from or send to c1; with or without a default), an AtomicInt `a` and a pure spin loop
 * waiting for a variable to reach a value, and an exception nothing catches when a variable
 * holds a value (the run stops there, as an uncaught exception ends a Node process: an `assertion` finding). In the core form only (`timedProgramArb`):
 * timed waits (core `timeoutNs`, result TIMED_OUT) on a lock, a semaphore, a receive, a
 * condition wait, and main's join.
 *
 * The scenario format has no conditions, no loops over values and no assertions: a
 * program that uses `await`, `notify`, `assert` or `recv` into a variable is rendered to
 * TypeScript only (`toScenario` returns undefined). The generator makes half of its
 * programs from the scenario subset, so both front ends are covered.
 */
import fc from 'fast-check';
import { ProgramError } from '../../../src/core/engine/ops';
import { isTimedOut, type LoopSite, type Op, type Program, type SourceRange, type SyncDecl, type TaskBody, type TaskId } from '../../../src/core/program';

/** The timeout of every timed wait (its length does not matter to the untimed model). */
const TIMEOUT_NS = 1_000_000;

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
  | { readonly k: 'copy'; readonly from: Var; readonly to: Var }
  /** TS only: a block under `rw.rlock()` (or `rw.lock()` when `write`) of an RWMutex. */
  | { readonly k: 'rw'; readonly write: boolean; readonly body: readonly AOp[] }
  /** TS only: `if (m.tryLock()) { body; m.unlock(); }` */
  | { readonly k: 'trylock'; readonly m: 0 | 1; readonly body: readonly AOp[] }
  /** TS only: `wg.done()` / `wg.wait()`; main first adds as many as the program has dones. */
  | { readonly k: 'wgdone' }
  | { readonly k: 'wgwait' }
  /** TS only: `once.do(() => { body })`. */
  | { readonly k: 'once'; readonly body: readonly AOp[] }
  /** TS only: `c.close()` (a second close, or a send after it, panics). */
  | { readonly k: 'close'; readonly c: 0 | 1 }
  /**
   * TS only: `select([recvCase(c0), recvCase(c1)])`, or with `sendCase(c1, 1)` in place of
   * the second case when `send`, and `defaultCase()` when `dflt`.
   */
  | { readonly k: 'select'; readonly dflt: boolean; readonly send: boolean }
  /** TS only: `a.add(1)` on an AtomicInt. */
  | { readonly k: 'atomic' }
  /** TS only: `while (v !== val) {}`, a pure spin loop (the engine parks it until a write, engine/spin.ts). */
  | { readonly k: 'spin'; readonly v: Var; readonly val: number }
  /** `m.lock()` with no unlock: a lock never released (a task ends holding it; others wait for ever). */
  | { readonly k: 'hold'; readonly m: 0 | 1 }
  /** TS and core only: `if (v === val) throw new Error(…)`, an exception nothing catches (the run stops there). */
  | { readonly k: 'fail'; readonly v: Var; readonly val: number }
  /**
   * Core only (timed waits, core `timeoutNs`, result TIMED_OUT; the Python front end's
   * `lock.acquire(timeout=)`, `sem.acquire(timeout=)`, `q.get(timeout=)`, `cond.wait(timeout)`):
   * a lock or semaphore block entered only when the acquire did not time out.
   */
  | { readonly k: 'timedlock'; readonly m: 0 | 1; readonly body: readonly AOp[] }
  | { readonly k: 'timedsem'; readonly s: 0 | 1; readonly body: readonly AOp[] }
  /** Core only: a receive that may time out (then nothing is written to `into`). */
  | { readonly k: 'timedrecv'; readonly c: 0 | 1; readonly into?: Var }
  /**
   * Core only: `with cm: while v != val: if not cv.wait(timeout): break` (threading.py
   * Condition.wait: a timed-out wait takes the lock back before it returns).
   */
  | { readonly k: 'timedawait'; readonly v: Var; readonly val: number };

export interface AProgram {
  readonly vars: readonly Var[];
  /** tasks[0] is main's own body; tasks[1..] are started by main and joined at its end. */
  readonly tasks: readonly (readonly AOp[])[];
  /**
   * Core only: main's join at the end is a timed join; when it times out main joins again
   * without a timeout (`rejoin`) or returns at once (`leave`: the program ends with them).
   */
  readonly timedJoin?: 'rejoin' | 'leave';
}

export type Runtime = 'go' | 'threads' | 'python';

const TS_ONLY = new Set(['await', 'notify', 'assert', 'copy', 'rw', 'trylock', 'wgdone', 'wgwait', 'once', 'close', 'select', 'atomic', 'spin', 'fail']);

/** Ops only the core form has (the TypeScript and scenario front ends have no timed waits). */
const CORE_ONLY = new Set(['timedlock', 'timedsem', 'timedrecv', 'timedawait']);

/** Whether the program has a TypeScript form (no timed waits). */
export function hasTypeScriptForm(p: AProgram): boolean {
  let ok = p.timedJoin === undefined;
  for (const t of p.tasks) walk(t, (op) => { if (CORE_ONLY.has(op.k)) ok = false; });
  return ok;
}

function walk(ops: readonly AOp[], f: (op: AOp) => void): void {
  for (const op of ops) {
    f(op);
    if ('body' in op) walk(op.body, f);
  }
}

export function usesOnlyScenarioSubset(p: AProgram): boolean {
  let ok = true;
  for (const t of p.tasks) walk(t, (op) => { if (TS_ONLY.has(op.k) || CORE_ONLY.has(op.k) || (op.k === 'recv' && op.into)) ok = false; });
  return ok && p.timedJoin === undefined;
}

function uses(p: AProgram, k: AOp['k']): boolean {
  let found = false;
  for (const t of p.tasks) walk(t, (op) => { if (op.k === k) found = true; });
  return found;
}

/** `wg.done()` calls one run makes at most (loops unrolled): what main adds first. */
function doneCount(ops: readonly AOp[]): number {
  let n = 0;
  for (const op of ops) {
    if (op.k === 'wgdone') n++;
    else if (op.k === 'repeat') n += op.n * doneCount(op.body);
    else if ('body' in op) n += doneCount(op.body);
  }
  return n;
}

/**
 * Every spin waits on a variable another task writes. The TypeScript front end treats a
 * variable no other task touches as the task's own (and one nothing writes as a constant),
 * so a spin on it is a plain JavaScript loop that takes no step: the sandbox stops it at its
 * slice limit with the line (the file is unanswered), which is not what this test compares.
 */
function spinsOnWrittenVariables(p: AProgram): boolean {
  const writers = new Map<Var, Set<number>>();
  const spins: [number, Var][] = [];
  p.tasks.forEach((t, i) => walk(t, (op) => {
    const wrote = (v: Var) => (writers.get(v) ?? writers.set(v, new Set()).get(v)!).add(i);
    if (op.k === 'write' || op.k === 'incr' || op.k === 'notify') wrote(op.v);
    else if (op.k === 'copy') wrote(op.to);
    else if ((op.k === 'recv' || op.k === 'timedrecv') && op.into) wrote(op.into);
    else if (op.k === 'spin') spins.push([i, op.v]);
  }));
  return spins.every(([task, v]) => [...(writers.get(v) ?? [])].some((w) => w !== task));
}

/** Visible steps one run takes at most (loops unrolled): keeps the interleavings few. */
export function weight(ops: readonly AOp[]): number {
  let n = 0;
  for (const op of ops) {
    switch (op.k) {
      case 'lock': case 'sem': case 'rw': case 'trylock': case 'once': case 'timedlock': case 'timedsem': n += 2 + weight(op.body); break;
      case 'repeat': n += op.n * weight(op.body); break;
      case 'incr': case 'copy': case 'await': case 'timedrecv': n += 2; break;
      case 'timedawait': n += 4; break;
      case 'notify': n += 4; break;
      default: n += 1;
    }
  }
  return n;
}

// ---------------------------------------------------------------- generator

const val = fc.integer({ min: 1, max: 3 });

function opArb(vars: readonly Var[], scenarioOnly: boolean, syncWeight: number, timed = false): fc.Arbitrary<AOp> {
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
    m.map((mm) => ({ k: 'hold' as const, m: mm })),
    scenarioOnly
      ? m.map((c) => ({ k: 'recv' as const, c }))
      : fc.tuple(m, fc.option(v, { nil: undefined })).map(([c, into]) => (into ? { k: 'recv' as const, c, into } : { k: 'recv' as const, c })),
    fc.tuple(fc.integer({ min: 2, max: 3 }), fc.array(plainOp, { minLength: 1, maxLength: 1 })).map(([n, body]) => ({ k: 'repeat' as const, n, body })),
  ];
  if (!scenarioOnly) {
    sync.push(
      fc.tuple(v, val).map(([x, n]) => ({ k: 'await' as const, v: x, val: n })),
      fc.tuple(v, val, fc.boolean()).map(([x, n, all]) => ({ k: 'notify' as const, v: x, val: n, all })),
      fc.tuple(fc.boolean(), inner).map(([write, body]) => ({ k: 'rw' as const, write, body })),
      fc.tuple(m, inner).map(([mm, body]) => ({ k: 'trylock' as const, m: mm, body })),
      fc.constantFrom({ k: 'wgdone' as const }, { k: 'wgwait' as const }),
      inner.map((body) => ({ k: 'once' as const, body })),
      m.map((c) => ({ k: 'close' as const, c })),
      fc.tuple(fc.boolean(), fc.boolean()).map(([dflt, send]) => ({ k: 'select' as const, dflt, send })),
      fc.constant({ k: 'atomic' as const }),
      fc.tuple(v, val).map(([x, n]) => ({ k: 'spin' as const, v: x, val: n })),
      fc.tuple(v, val).map(([x, n]) => ({ k: 'fail' as const, v: x, val: n })),
    );
  }
  if (timed) {
    // Timed waits weigh as much as all the rest: they are what these programs are for.
    const timedOps: fc.Arbitrary<AOp>[] = [
      fc.tuple(m, inner).map(([mm, body]) => ({ k: 'timedlock' as const, m: mm, body })),
      fc.tuple(m, inner).map(([ss, body]) => ({ k: 'timedsem' as const, s: ss, body })),
      fc.tuple(m, fc.option(v, { nil: undefined })).map(([c, into]) => (into ? { k: 'timedrecv' as const, c, into } : { k: 'timedrecv' as const, c })),
      fc.tuple(v, val).map(([x, n]) => ({ k: 'timedawait' as const, v: x, val: n })),
    ];
    return fc.oneof({ arbitrary: plainOp, weight: 3 }, { arbitrary: fc.oneof(...sync), weight: syncWeight },
      { arbitrary: fc.oneof(...timedOps), weight: syncWeight + 3 });
  }
  return fc.oneof({ arbitrary: plainOp, weight: 3 }, { arbitrary: fc.oneof(...sync), weight: syncWeight });
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

/**
 * Programs whose ops are synchronisation blocks `syncWeight` times in 3 + `syncWeight` (plain
 * reads and writes the rest), each task at least `minOps` ops long.
 */
function programsWith(syncWeight: number, minOps: number, timed = false): fc.Arbitrary<AProgram> {
  return fc
    .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }), timed ? fc.constant(false) : fc.boolean())
    .chain(([nVars, nTasks, scenarioOnly]) => {
      const vars = (['x', 'y', 'z'] as const).slice(0, nVars);
      const perTask = Math.max(minOps, nTasks <= 2 ? 3 : 2);
      const body = fc.array(opArb(vars, scenarioOnly, syncWeight, timed), { minLength: minOps, maxLength: perTask });
      const join = timed ? fc.constantFrom(undefined, 'rejoin' as const, 'leave' as const) : fc.constant(undefined);
      return fc.tuple(fc.constant(vars), fc.array(body, { minLength: nTasks, maxLength: nTasks }), join);
    })
    .map(([vars, tasks, timedJoin]): AProgram => (timedJoin ? { vars, tasks, timedJoin } : { vars, tasks }))
    .filter(spinsOnWrittenVariables)
    .filter((p) => interleavings(p.tasks.map((t, i) => weight(t) + (i === 0 ? 2 * (p.tasks.length - 1) : 1))) <= MAX_INTERLEAVINGS);
}

export const programArb: fc.Arbitrary<AProgram> = programsWith(2, 1);

/**
 * Mostly synchronisation (locks, semaphores, channels, conds around a few accesses), two
 * ops or more per task, so a task often acquires after a step of its own: where
 * reductions went wrong (the regressions in differential.test.ts).
 */
export const syncHeavyProgramArb: fc.Arbitrary<AProgram> = programsWith(9, 2);

/**
 * Programs with timed waits (core only): timed lock, semaphore, receive and condition
 * waits, and main's timed join, among everything else. In the untimed model timing out is
 * a step a waiting task may take at any point (core/program.ts `timeoutNs`), a branch
 * the reductions must not lose.
 */
export const timedProgramArb: fc.Arbitrary<AProgram> = programsWith(4, 1, true);

// ---------------------------------------------------------------- TypeScript

function tsOps(ops: readonly AOp[], indent: string, ref: (v: Var) => string): string[] {
  const out: string[] = [];
  for (const op of ops) {
    switch (op.k) {
      case 'read': out.push(`${indent}r = ${ref(op.v)};`); break;
      case 'write': out.push(`${indent}${ref(op.v)} = ${op.val};`); break;
      case 'incr': out.push(`${indent}${ref(op.v)}++;`); break;
      case 'copy': out.push(`${indent}${ref(op.to)} = ${ref(op.from)} + 1;`); break;
      case 'assert': out.push(`${indent}assert(${ref(op.v)} <= ${op.max}, "${ref(op.v)} <= ${op.max}");`); break;
      case 'lock':
        out.push(`${indent}m${op.m}.lock();`, ...tsOps(op.body, indent, ref), `${indent}m${op.m}.unlock();`);
        break;
      case 'sem':
        out.push(`${indent}s${op.s}.acquire();`, ...tsOps(op.body, indent, ref), `${indent}s${op.s}.release();`);
        break;
      case 'send': out.push(`${indent}c${op.c}.send(${op.val});`); break;
      case 'recv': out.push(op.into ? `${indent}${ref(op.into)} = c${op.c}.recv();` : `${indent}c${op.c}.recv();`); break;
      case 'repeat':
        out.push(`${indent}for (let i = 0; i < ${op.n}; i++) {`, ...tsOps(op.body, indent + '  ', ref), `${indent}}`);
        break;
      case 'await':
        out.push(`${indent}cm.lock();`, `${indent}while ((${ref(op.v)} as number) !== ${op.val}) cv.wait();`, `${indent}cm.unlock();`);
        break;
      case 'notify':
        out.push(`${indent}cm.lock();`, `${indent}${ref(op.v)} = ${op.val};`, `${indent}cv.${op.all ? 'broadcast' : 'signal'}();`, `${indent}cm.unlock();`);
        break;
      case 'rw':
        out.push(`${indent}rw.${op.write ? 'lock' : 'rlock'}();`, ...tsOps(op.body, indent, ref), `${indent}rw.${op.write ? 'unlock' : 'runlock'}();`);
        break;
      case 'trylock':
        out.push(`${indent}if (m${op.m}.tryLock()) {`, ...tsOps(op.body, indent + '  ', ref), `${indent}  m${op.m}.unlock();`, `${indent}}`);
        break;
      case 'wgdone': out.push(`${indent}wg.done();`); break;
      case 'wgwait': out.push(`${indent}wg.wait();`); break;
      case 'once': out.push(`${indent}once.do(() => {`, ...tsOps(op.body, indent + '  ', ref), `${indent}});`); break;
      case 'close': out.push(`${indent}c${op.c}.close();`); break;
      case 'select':
        out.push(`${indent}select([recvCase(c0), ${op.send ? 'sendCase(c1, 1)' : 'recvCase(c1)'}${op.dflt ? ', defaultCase()' : ''}]);`);
        break;
      case 'atomic': out.push(`${indent}a.add(1);`); break;
      case 'spin': out.push(`${indent}while ((${ref(op.v)} as number) !== ${op.val}) {}`); break;
      case 'hold': out.push(`${indent}m${op.m}.lock();`); break;
      case 'fail': out.push(`${indent}if ((${ref(op.v)} as number) === ${op.val}) throw new Error("${op.v} is ${op.val}");`); break;
      case 'timedlock': case 'timedsem': case 'timedrecv': case 'timedawait':
        throw new Error(`${op.k} has no TypeScript form (the sandbox has no timed waits)`);
    }
  }
  return out;
}

/**
 * Where the TypeScript form keeps the shared variables: plain `let`s (`x`), fields of one
 * shared object (`s.x`) or elements of one shared array (`v[0]`). The last two are cells
 * the sandbox makes on first touch (runtimeSource.ts `ensureProp`), a step of whichever
 * task touches an element first: the differential test holds those to brute force too.
 */
export type TsShape = 'lets' | 'object' | 'array';

export function toTypeScript(p: AProgram, runtime: Runtime, shape: TsShape = 'lets'): string {
  const ref = (v: Var): string => (shape === 'lets' ? v : shape === 'object' ? `s.${v}` : `v[${p.vars.indexOf(v)}]`);
  const decl = shape === 'lets' ? `let ${p.vars.map((v) => `${v} = 0`).join(', ')};`
    : shape === 'object' ? `const s = { ${p.vars.map((v) => `${v}: 0`).join(', ')} };`
      : `const v = [${p.vars.map(() => '0').join(', ')}];`;
  if (p.timedJoin) throw new Error('a timed join has no TypeScript form (the sandbox has no timed waits)');
  const lines = [
    `// @interleave runtime=${runtime}`,
    'import { spawn, assert, Mutex, Cond, Semaphore, Chan, RWMutex, WaitGroup, Once, AtomicInt, select, recvCase, sendCase, defaultCase } from "interleave";',
    '',
    decl,
    'const m0 = new Mutex(), m1 = new Mutex(), cm = new Mutex();',
    'const cv = new Cond(cm);',
    'const s0 = new Semaphore(1), s1 = new Semaphore(2);',
    'const c0 = new Chan<number>(0), c1 = new Chan<number>(1);',
    'const rw = new RWMutex(), wg = new WaitGroup(), once = new Once(), a = new AtomicInt(0);',
    '',
  ];
  p.tasks.slice(1).forEach((t, i) => {
    lines.push(`function t${i + 1}(): void {`, '  let r = 0;', ...tsOps(t, '  ', ref), '  void r;', '}', '');
  });
  lines.push('export default function main() {', '  let r = 0;');
  if (uses(p, 'wgdone') || uses(p, 'wgwait')) lines.push(`  wg.add(${p.tasks.reduce((n, t) => n + doneCount(t), 0)});`);
  p.tasks.slice(1).forEach((_, i) => lines.push(`  const h${i + 1} = spawn(t${i + 1});`));
  lines.push(...tsOps(p.tasks[0], '  ', ref));
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
      case 'hold': out.push(`${indent}- m${op.m}.lock`); break;
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

// ---------------------------------------------------------------- core program (no front end)

/**
 * The program as the core's own `Program`, with no front end in between: each task is a
 * generator that walks the abstract ops and yields the ops the TypeScript form compiles
 * to (an increment or a copy is a read then a write; a receive into a variable is the
 * receive then a write; `await` locks `cm`, re-reads in a loop around `cv.wait`). Cheap
 * enough to check thousands of programs against brute force; the rendered forms then
 * check the front ends on fewer.
 */
export function toCoreProgram(p: AProgram, runtime: Runtime): Program {
  const lines = new Map<AOp, number>();
  let next = 1;
  for (const t of p.tasks) walk(t, (op) => lines.set(op, next++));
  const at = (op: AOp | null, line?: number): SourceRange => {
    const n = line ?? lines.get(op!)!;
    return { file: 'diff.core', line: n, column: 1, endLine: n, endColumn: 9 };
  };
  const loops: LoopSite[] = [];
  for (const t of p.tasks) walk(t, (op) => { if (op.k === 'spin') loops.push({ at: at(op), pure: true }); });
  function* run(ops: readonly AOp[]): Generator<Op, unknown, unknown> {
    for (const op of ops) {
      const where = at(op);
      switch (op.k) {
        case 'read': yield { op: 'read', v: op.v, at: where }; break;
        case 'write': yield { op: 'write', v: op.v, value: op.val, at: where }; break;
        case 'incr': {
          const r = (yield { op: 'read', v: op.v, at: where }) as number;
          yield { op: 'write', v: op.v, value: r + 1, at: where };
          break;
        }
        case 'copy': {
          const r = (yield { op: 'read', v: op.from, at: where }) as number;
          yield { op: 'write', v: op.to, value: r + 1, at: where };
          break;
        }
        case 'assert': {
          const r = (yield { op: 'read', v: op.v, at: where }) as number;
          yield { op: 'assert', ok: r <= op.max, message: `${op.v} <= ${op.max}`, at: where };
          break;
        }
        case 'lock':
          yield { op: 'sync', obj: `m${op.m}`, action: 'lock', at: where };
          yield* run(op.body);
          yield { op: 'sync', obj: `m${op.m}`, action: 'unlock', at: where };
          break;
        case 'sem':
          yield { op: 'sync', obj: `s${op.s}`, action: 'acquire', at: where };
          yield* run(op.body);
          yield { op: 'sync', obj: `s${op.s}`, action: 'release', at: where };
          break;
        case 'send': yield { op: 'sync', obj: `c${op.c}`, action: 'send', value: op.val, at: where }; break;
        case 'recv': {
          const r = (yield { op: 'sync', obj: `c${op.c}`, action: 'recv', at: where }) as { value: unknown };
          if (op.into) yield { op: 'write', v: op.into, value: r.value, at: where };
          break;
        }
        case 'rw':
          yield { op: 'sync', obj: 'rw', action: op.write ? 'lock' : 'rlock', at: where };
          yield* run(op.body);
          yield { op: 'sync', obj: 'rw', action: op.write ? 'unlock' : 'runlock', at: where };
          break;
        case 'trylock':
          if ((yield { op: 'sync', obj: `m${op.m}`, action: 'try_lock', at: where }) === true) {
            yield* run(op.body);
            yield { op: 'sync', obj: `m${op.m}`, action: 'unlock', at: where };
          }
          break;
        case 'wgdone': yield { op: 'sync', obj: 'wg', action: 'done', at: where }; break;
        case 'wgwait': yield { op: 'sync', obj: 'wg', action: 'wait', at: where }; break;
        case 'once':
          if ((yield { op: 'sync', obj: 'once', action: 'once_enter', at: where }) === true) {
            yield* run(op.body);
            yield { op: 'sync', obj: 'once', action: 'once_exit', at: where };
          }
          break;
        case 'close': yield { op: 'sync', obj: `c${op.c}`, action: 'close', at: where }; break;
        case 'select':
          yield {
            op: 'select', hasDefault: op.dflt, at: where,
            cases: [{ kind: 'recv', obj: 'c0' }, op.send ? { kind: 'send', obj: 'c1', value: 1 } : { kind: 'recv', obj: 'c1' }],
          };
          break;
        case 'atomic': yield { op: 'atomic', v: 'a', action: 'add', value: 1, at: where }; break;
        case 'hold': yield { op: 'sync', obj: `m${op.m}`, action: 'lock', at: where }; break;
        case 'fail':
          // As a front end reports an exception its program throws and nothing catches (ops.ts ProgramError).
          if ((yield { op: 'read', v: op.v, at: where }) === op.val) throw new ProgramError(`${op.v} is ${op.val}`, where, `Error: ${op.v} is ${op.val}`);
          break;
        case 'spin': {
          // The loop's site spans the line; its read sits inside it (a pure loop: LoopSite).
          const read: SourceRange = { ...where, column: 5, endColumn: 6 };
          while ((yield { op: 'read', v: op.v, at: read }) !== op.val) { /* spin */ }
          break;
        }
        case 'repeat':
          for (let i = 0; i < op.n; i++) yield* run(op.body);
          break;
        case 'timedlock':
        case 'timedsem': {
          const [obj, take, give] = op.k === 'timedlock' ? [`m${op.m}`, 'lock', 'unlock'] as const : [`s${op.s}`, 'acquire', 'release'] as const;
          if (!isTimedOut(yield { op: 'sync', obj, action: take, timeoutNs: TIMEOUT_NS, at: where })) {
            yield* run(op.body);
            yield { op: 'sync', obj, action: give, at: where };
          }
          break;
        }
        case 'timedrecv': {
          const r = yield { op: 'sync', obj: `c${op.c}`, action: 'recv', timeoutNs: TIMEOUT_NS, at: where };
          if (!isTimedOut(r) && op.into) yield { op: 'write', v: op.into, value: (r as { value: unknown }).value, at: where };
          break;
        }
        case 'timedawait':
          yield { op: 'sync', obj: 'cm', action: 'lock', at: where };
          while ((yield { op: 'read', v: op.v, at: where }) !== op.val) {
            if (isTimedOut(yield { op: 'sync', obj: 'cv', action: 'wait', timeoutNs: TIMEOUT_NS, at: where })) {
              // A timed-out cond wait returns without its mutex: take it back (threading.py Condition.wait).
              yield { op: 'sync', obj: 'cm', action: 'lock', at: where };
              break;
            }
          }
          yield { op: 'sync', obj: 'cm', action: 'unlock', at: where };
          break;
        case 'await':
          yield { op: 'sync', obj: 'cm', action: 'lock', at: where };
          while ((yield { op: 'read', v: op.v, at: where }) !== op.val) yield { op: 'sync', obj: 'cv', action: 'wait', at: where };
          yield { op: 'sync', obj: 'cm', action: 'unlock', at: where };
          break;
        case 'notify':
          yield { op: 'sync', obj: 'cm', action: 'lock', at: where };
          yield { op: 'write', v: op.v, value: op.val, at: where };
          yield { op: 'sync', obj: 'cv', action: op.all ? 'broadcast' : 'signal', at: where };
          yield { op: 'sync', obj: 'cm', action: 'unlock', at: where };
          break;
      }
    }
    return undefined;
  }
  const spawnLine = next++;
  const joinLine = next++;
  const addLine = next++;
  const wgUsed = uses(p, 'wgdone') || uses(p, 'wgwait');
  const main: TaskBody = function* () {
    const ids: TaskId[] = [];
    if (wgUsed) yield { op: 'sync', obj: 'wg', action: 'add', value: p.tasks.reduce((n, t) => n + doneCount(t), 0), at: at(null, addLine) };
    for (let i = 1; i < p.tasks.length; i++) {
      const body = p.tasks[i];
      const r = (yield { op: 'spawn', body: () => run(body), name: `t${i}`, count: 1, at: at(null, spawnLine) }) as TaskId[];
      ids.push(...r);
    }
    yield* run(p.tasks[0]);
    if (ids.length > 0 && p.timedJoin) {
      const r = yield { op: 'join', tasks: ids, timeoutNs: TIMEOUT_NS, at: at(null, joinLine) };
      if (isTimedOut(r) && p.timedJoin === 'rejoin') yield { op: 'join', tasks: ids, at: at(null, joinLine) };
    } else if (ids.length > 0) yield { op: 'join', tasks: ids, at: at(null, joinLine) };
    return undefined;
  };
  const decl = (id: string, kind: SyncDecl['kind'], extra: Partial<SyncDecl> = {}): SyncDecl => ({ id, name: id, kind, ...extra });
  return {
    file: 'diff.core',
    name: 'differential (core)',
    config: { runtime: { kind: runtime } },
    vars: [...p.vars.map((v) => ({ id: v, name: v, initial: 0 })), ...(uses(p, 'atomic') ? [{ id: 'a', name: 'a', initial: 0 }] : [])],
    objects: [decl('m0', 'mutex'), decl('m1', 'mutex'), decl('cm', 'mutex'), decl('cv', 'cond', { mutex: 'cm' }),
      decl('s0', 'semaphore', { size: 1 }), decl('s1', 'semaphore', { size: 2 }), decl('c0', 'channel', { size: 0 }),
      decl('c1', 'channel', { size: 1 }), decl('rw', 'rwmutex'), decl('wg', 'waitgroup'), decl('once', 'once')],
    main,
    mainAt: at(null, next),
    expects: [],
    sweep: [],
    at: at(null, next),
    loops,
  };
}
