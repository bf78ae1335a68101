/**
 * The `interleave` module is listed once (module/api.ts); the declarations users' editors
 * read and the runtime inside the sandbox are written by hand. These tests fail when either
 * has an export, a class member or a first step the table does not, or lacks one it has.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { INTERLEAVE_API, RUNTIME_HELPERS, type ApiExport } from '../../../src/frontends/typescript/module/api';
import { RUNTIME_SOURCE } from '../../../src/frontends/typescript/sandbox/runtimeSource';

const DTS = path.join(__dirname, '../../../src/frontends/typescript/module/interleave.d.ts');

interface Shape {
  readonly kind: ApiExport['kind'];
  readonly members: readonly string[];
}

/** Every declaration inside `declare module 'interleave'`, by name: its kind and its members (overloads once). */
function declaredShapes(text: string): Map<string, Shape> {
  const file = ts.createSourceFile('interleave.d.ts', text, ts.ScriptTarget.ES2022, true);
  const mod = file.statements.find((s): s is ts.ModuleDeclaration => ts.isModuleDeclaration(s) && s.name.text === 'interleave');
  if (!mod?.body || !ts.isModuleBlock(mod.body)) throw new Error('interleave.d.ts has no `declare module "interleave" { ... }`');
  const out = new Map<string, Shape>();
  const memberNames = (members: ts.NodeArray<ts.ClassElement | ts.TypeElement>): string[] => [...new Set(members
    .filter((m) => !ts.isConstructorDeclaration(m))
    .map((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : `<${ts.SyntaxKind[m.kind]}>`)))].sort();
  for (const st of mod.body.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) out.set(st.name.text, { kind: 'function', members: [] });
    else if (ts.isClassDeclaration(st) && st.name) out.set(st.name.text, { kind: 'class', members: memberNames(st.members) });
    else if (ts.isInterfaceDeclaration(st)) out.set(st.name.text, { kind: 'interface', members: memberNames(st.members) });
    else if (ts.isTypeAliasDeclaration(st)) out.set(st.name.text, { kind: 'type', members: [] });
    else out.set(`<${ts.SyntaxKind[st.kind]} at ${file.getLineAndCharacterOfPosition(st.getStart()).line + 1}>`, { kind: 'type', members: ['?'] });
  }
  return out;
}

function tableShapes(): Map<string, Shape> {
  return new Map(INTERLEAVE_API.map((e) => [e.name, {
    kind: e.kind,
    members: e.kind === 'class' || e.kind === 'interface' ? e.members.map((m) => m.name).sort() : [],
  }]));
}

/** What a use of each table entry is sent to the runtime with, beyond its location: enough for its first step. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  go: ['worker', function worker() {}, [], []],
  spawn: ['worker', function worker() {}, [], []],
  sleep: ['1ms'], compute: ['1ms'], io: ['1ms'], syscall: ['1ms'],
  select: [[{ kind: 'recv', ch: { id: 'ch' } }]],
  recvCase: [{ id: 'ch' }], sendCase: [{ id: 'ch' }, 1],
  assert: [true],
  critical: ['account', undefined],
  'Chan.send': [1], 'WaitGroup.add': [1],
  'AtomicInt.store': [1], 'AtomicInt.add': [1], 'AtomicInt.cas': [0, 1],
  'Once.do': [function body() {}],
};
const CONSTRUCTOR_ARGS: Record<string, unknown[]> = { Semaphore: [1], Chan: [0], Barrier: [2], AtomicInt: [0] };

type Gen = Generator<Record<string, unknown>, unknown, unknown>;
interface Runtime {
  f: Record<string, (...args: unknown[]) => Gen>;
}

/** A fresh runtime, evaluated in its own context as the sandbox does. */
function newRuntime(): Runtime {
  const load = vm.runInNewContext(RUNTIME_SOURCE) as (limitMs: number) => { newRuntime(): Runtime };
  return load(5000).newRuntime();
}

/** Runs a runtime generator to its end, answering `make` with nothing and `spawn` with task 7. */
function finish(gen: Gen): unknown {
  let r = gen.next();
  while (!r.done) r = gen.next(r.value.op === 'spawn' ? [7] : undefined);
  return r.value;
}

/**
 * The methods an object answers to: its prototype chain up to the runtime's base class or
 * the context's `Object.prototype` (the last link, whose prototype is null), constructor left out.
 */
function methodsOf(obj: object): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p && Object.getPrototypeOf(p) !== null && p.constructor.name !== 'Prim'; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor') names.add(k);
  }
  return [...names].sort();
}

/** Instances of every table class (and of `spawn`'s task), made through the runtime's own `make`. */
function runtimeObjects(rt: Runtime): Map<string, object> {
  const out = new Map<string, object>();
  for (const e of INTERLEAVE_API) {
    if (e.kind !== 'class') continue;
    const args = e.name === 'Cond' ? [out.get('Mutex')] : CONSTRUCTOR_ARGS[e.name] ?? [];
    out.set(e.name, finish(rt.f.make(0, e.name, e.name.toLowerCase(), args)) as object);
  }
  out.set('Task', finish(rt.f.spawn(0, ...SAMPLE_ARGS.spawn)) as object);
  return out;
}

describe('the interleave module: one table, checked against the declarations and the runtime', () => {
  it('interleave.d.ts declares exactly the table\'s exports, each of the same kind with the same members', () => {
    expect(declaredShapes(readFileSync(DTS, 'utf8'))).toEqual(tableShapes());
  });

  it('a declaration the table lacks (or a member it lacks) makes the comparison fail', () => {
    const text = readFileSync(DTS, 'utf8');
    const strayFunction = text.replace(/\}\s*$/, '  export function stray(): void;\n}\n');
    expect(declaredShapes(strayFunction)).not.toEqual(tableShapes());
    const strayMember = text.replace('    tryAcquire(): boolean;', '    tryAcquire(): boolean;\n    drain(): void;');
    expect(strayMember).not.toBe(text);
    expect(declaredShapes(strayMember)).not.toEqual(tableShapes());
  });

  it('the runtime implements exactly the table\'s functions, plus the helpers only the rewrite calls', () => {
    const functions = INTERLEAVE_API.filter((e) => e.kind === 'function').map((e) => e.name);
    expect(Object.keys(newRuntime().f).sort()).toEqual([...functions, ...RUNTIME_HELPERS].sort());
  });

  it('each class the runtime makes declares the table\'s sync kind and answers to the table\'s members', () => {
    const rt = newRuntime();
    const made: Record<string, unknown> = {};
    for (const e of INTERLEAVE_API) {
      if (e.kind !== 'class') continue;
      const gen = rt.f.make(0, e.name, 'x', e.name === 'Cond' ? [finish(rt.f.make(0, 'Mutex', 'mu', []))] : CONSTRUCTOR_ARGS[e.name] ?? []);
      const step = gen.next().value as { op: string; sync?: { kind: string }; var?: unknown };
      made[e.name] = step.sync ? step.sync.kind : step.var ? 'var' : step.op;
    }
    expect(made).toEqual(Object.fromEntries(INTERLEAVE_API.flatMap((e) => (e.kind === 'class' ? [[e.name, e.makes]] : []))));
    const objects = runtimeObjects(rt);
    for (const e of INTERLEAVE_API) {
      if (e.kind !== 'class' && e.kind !== 'interface') continue;
      const called = e.members.filter((m) => m.rewrite === 'call').map((m) => m.name).sort();
      const obj = objects.get(e.name);
      expect(obj ? methodsOf(obj) : [], e.name).toEqual(called);
    }
  });

  it('every function and method takes the table\'s first step (or none)', () => {
    const rt = newRuntime();
    const objects = runtimeObjects(rt);
    const firstSteps: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    const record = (key: string, gen: Gen) => {
      const r = gen.next();
      firstSteps[key] = r.done ? null : { op: r.value.op, ...(r.value.action !== undefined ? { action: r.value.action } : {}) };
    };
    for (const e of INTERLEAVE_API) {
      if (e.kind === 'function') {
        expected[e.name] = e.step;
        record(e.name, rt.f[e.name](0, ...(SAMPLE_ARGS[e.name] ?? [])));
      } else if (e.kind === 'class' || e.kind === 'interface') {
        for (const m of e.members) {
          if (m.rewrite !== 'call') continue;
          const key = `${e.name}.${m.name}`;
          expected[key] = m.step;
          const obj = objects.get(e.name) as Record<string, (...args: unknown[]) => Gen>;
          record(key, obj[m.name](0, ...(SAMPLE_ARGS[key] ?? [])));
        }
      }
    }
    expect(firstSteps).toEqual(expected);
  });
});
