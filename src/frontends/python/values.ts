/**
 * Python values as the interpreter keeps them. int → a JS number, float → `PyFloat`, str →
 * a JS string, bool → a JS boolean, None → null; containers, functions, classes and
 * instances are the classes below. `repr`/`str` follow CPython's Objects/*object.c wording,
 * so `print` shows what `python3` would.
 */
import type { FuncDef } from './ast';

let nextUid = 1;
/** A fresh identity for a run's object (names its shared variables: `list#3[0]`). */
export function uid(): number {
  return nextUid++;
}
export function resetUids(): void {
  nextUid = 1;
}

export class PyFloat {
  constructor(readonly v: number) {}
}
export class PyList {
  readonly uid = uid();
  constructor(public items: unknown[]) {}
}
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}
export class PyDict {
  readonly uid = uid();
  readonly map = new Map<unknown, [unknown, unknown]>();
  get(k: unknown): [unknown, unknown] | undefined {
    return this.map.get(hashKey(k));
  }
  set(k: unknown, v: unknown): void {
    this.map.set(hashKey(k), [k, v]);
  }
}
export class PySet {
  readonly uid = uid();
  readonly map = new Map<unknown, unknown>();
  add(k: unknown): void {
    this.map.set(hashKey(k), k);
  }
  has(k: unknown): boolean {
    return this.map.has(hashKey(k));
  }
}
export class PyRange {
  constructor(readonly start: number, readonly stop: number, readonly step: number) {}
  get length(): number {
    return Math.max(0, Math.ceil((this.stop - this.start) / this.step));
  }
}
/** A frame's variables; `parent` is the frame a closure was defined in. */
export interface Frame {
  readonly vars: Map<string, unknown>;
  readonly parent: Frame | null;
  readonly fn: FuncDef;
  /** The class a method was defined in, for `super()`. */
  readonly cls?: PyClass;
  /** A frame's uid names its cells shared with inner functions (`nonlocal`). */
  readonly uid: number;
  /** A class body's namespace: its names are the class's attributes, not locals. */
  readonly isClass?: boolean;
}
export class PyFunction {
  constructor(readonly def: FuncDef, readonly closure: Frame | null, readonly defaults: unknown[], readonly module: ModuleEnv, public cls?: PyClass) {}
}
export class PyClass {
  readonly uid = uid();
  /** Class attributes assigned after the class was made (`Counter.total += 1`): shared state. */
  mutated?: Set<string>;
  constructor(readonly name: string, readonly bases: PyClass[], readonly attrs: Map<string, unknown>, readonly native?: string) {}
  /** Method resolution order, depth-first (no diamond inheritance in the subset's programs worth C3). */
  lookup(name: string): unknown {
    if (this.attrs.has(name)) return this.attrs.get(name);
    for (const b of this.bases) {
      const v = b.lookup(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean {
    return this === other || this.bases.some((b) => b.isSubclassOf(other));
  }
  /** The first native (built-in) class this one derives from, `Thread` for `class W(Thread)`. */
  nativeBase(): PyClass | undefined {
    if (this.native) return this;
    for (const b of this.bases) {
      const n = b.nativeBase();
      if (n) return n;
    }
    return undefined;
  }
}
export class PyInstance {
  readonly uid = uid();
  readonly attrs = new Map<string, unknown>();
  /** A native base's state (a Thread's task, an exception's args). */
  native?: unknown;
  constructor(readonly cls: PyClass) {}
}
export class PyBound {
  constructor(readonly self: unknown, readonly fn: unknown) {}
}
export class PySuper {
  constructor(readonly cls: PyClass, readonly self: unknown) {}
}
/** A built-in callable. `call` returns the value, or a generator when it may yield ops. */
export class PyBuiltin {
  constructor(readonly name: string, readonly call: (args: unknown[], kw: Map<string, unknown> | null) => unknown, readonly yields = false) {}
}
/** A module: its name and its attributes (threading.Lock, time.sleep). */
export class PyModule {
  constructor(readonly name: string, readonly attrs: Map<string, unknown>) {}
}
/** A native object (a lock, a queue, a thread) answering attribute reads itself. */
export interface NativeObject {
  readonly typeName: string;
  getAttr(name: string): unknown;
}
export function isNative(v: unknown): v is NativeObject {
  return typeof v === 'object' && v !== null && 'getAttr' in v && 'typeName' in v;
}

/** One module instance: a process's globals (each process re-imports `__main__`). */
export interface ModuleEnv {
  readonly globals: Map<string, unknown>;
  /** Global names other threads may see change: reads and writes are ops. */
  readonly tracked: ReadonlySet<string>;
  /** Tracked globals bound once before anything else runs (scope.ts `constants`). */
  readonly constants: ReadonlySet<string>;
  /** True in a child process: memory is its own, no access is shared. */
  readonly isolated: boolean;
}

export class PyExc extends Error {
  /** True once the failure is already a finding (an `assert` that failed). */
  reported = false;
  constructor(readonly exc: PyInstance, readonly at?: import('../../core/program').SourceRange) {
    super(excMessage(exc));
  }
}

export function excMessage(exc: PyInstance): string {
  const args = exc.attrs.get('args');
  const items = args instanceof PyTuple ? args.items : [];
  // Objects/exceptions.c BaseExceptionGroup_str: the message and how many it holds.
  const group = exc.attrs.get('exceptions');
  if (group instanceof PyTuple && items.length === 2) {
    const n = group.items.length;
    return `${exc.cls.name}: ${str(items[0])} (${n} sub-exception${n === 1 ? '' : 's'})`;
  }
  // Objects/exceptions.c KeyError_str: a lone key shows as its repr.
  const text = items.length === 0 ? '' : items.length === 1 ? (exc.cls.name === 'KeyError' ? repr(items[0]) : str(items[0])) : repr(args);
  return text ? `${exc.cls.name}: ${text}` : exc.cls.name;
}

/** A key for JS maps with Python's equality: 1 == 1.0 == True, tuples by value. */
export function hashKey(k: unknown): unknown {
  if (typeof k === 'number' || typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 1 : 0;
  if (k instanceof PyFloat) return k.v;
  if (k === null) return k;
  if (k instanceof PyTuple) return 't:' + k.items.map((i) => {
    const h = hashKey(i);
    return typeof h === 'string' ? JSON.stringify(h) : String(h);
  }).join(',');
  if (k instanceof PyList || k instanceof PyDict || k instanceof PySet) throw new TypeError(`unhashable type: '${typeName(k)}'`);
  return k;
}

export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyList) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyDict) return 'dict';
  if (v instanceof PySet) return 'set';
  if (v instanceof PyRange) return 'range';
  if (v instanceof PyFunction) return 'function';
  if (v instanceof PyBuiltin) return 'builtin_function_or_method';
  if (v instanceof PyClass) return 'type';
  if (v instanceof PyInstance) return v.cls.name;
  if (v instanceof PyModule) return 'module';
  if (isNative(v)) return v.typeName;
  return 'object';
}

function floatRepr(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const s = String(v);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}

function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

export function repr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyInstance && isException(v.cls)) {
    const args = v.attrs.get('args');
    return `${v.cls.name}(${args instanceof PyTuple ? args.items.map(repr).join(', ') : ''})`;
  }
  if (v instanceof PyList) return '[' + v.items.map(repr).join(', ') + ']';
  if (v instanceof PyTuple) return '(' + v.items.map(repr).join(', ') + (v.items.length === 1 ? ',)' : ')');
  if (v instanceof PyDict) return '{' + [...v.map.values()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ') + '}';
  if (v instanceof PySet) return v.map.size === 0 ? 'set()' : '{' + [...v.map.values()].map(repr).join(', ') + '}';
  return str(v);
}

export function str(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict || v instanceof PySet) return repr(v);
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PyFunction) return `<function ${v.def.name}>`;
  if (v instanceof PyBuiltin) return `<built-in function ${v.name}>`;
  if (v instanceof PyClass) return `<class '${v.name}'>`;
  if (v instanceof PyInstance) {
    if (isException(v.cls)) {
      const m = excMessage(v);
      return m === v.cls.name ? '' : m.slice(v.cls.name.length + 2);
    }
    return `<${v.cls.name} object>`;
  }
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (isNative(v)) return `<${v.typeName} object>`;
  if (typeof v === 'object' && v !== null && 'items' in v) return '<iterator object>';
  return String(v);
}

function isException(c: PyClass): boolean {
  return c.name === 'BaseException' || c.bases.some(isException);
}

/** What a shared variable shows in results: a number or string as is, anything else as its repr. */
export function shown(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (v instanceof PyFloat) return v.v;
  return repr(v);
}

export function truthy(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (v === true || typeof v === 'number' || typeof v === 'string') return true;
  if (v instanceof PyFloat) return v.v !== 0;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.map.size > 0;
  if (v instanceof PyRange) return v.length > 0;
  return true;
}
