/**
 * One run's interpreter state: the built-in functions and exception classes, the modules a
 * program may import, the methods of the built-in types, and what the run has declared to
 * the engine so far. `main` builds a fresh one per run (a Program is re-run for replay and
 * exploration, so nothing may leak from one run into the next).
 */
import type { FuncDef, Module } from './ast';
import type { SourceRange } from '../../core/program';
import { compare, equal, format, PyError } from './ops';
import { C_ITEM_NS } from './costs';
import { Exec, isExceptionClass, PyIterator, pyError, type G } from './interp';
import {
  hashKey, PyBound, PyBuiltin, PyClass, PyDict, PyFloat, PyFunction, PyInstance, PyList, PyModule, PyRange, PySet,
  PyTuple, repr, str, truthy, typeName, type ModuleEnv,
} from './values';
import { concurrencyModules, type Natives } from './threading';
import { asyncioModule, type Asyncio } from './asyncio';

const EXCEPTIONS: readonly [string, string][] = [
  ['Exception', 'BaseException'], ['KeyboardInterrupt', 'BaseException'], ['SystemExit', 'BaseException'],
  ['ValueError', 'Exception'], ['TypeError', 'Exception'], ['KeyError', 'LookupError'], ['IndexError', 'LookupError'],
  ['LookupError', 'Exception'], ['ArithmeticError', 'Exception'], ['ZeroDivisionError', 'ArithmeticError'],
  ['RuntimeError', 'Exception'], ['RecursionError', 'RuntimeError'], ['NotImplementedError', 'RuntimeError'],
  ['NameError', 'Exception'], ['UnboundLocalError', 'NameError'], ['AttributeError', 'Exception'],
  ['AssertionError', 'Exception'], ['StopIteration', 'Exception'], ['ImportError', 'Exception'],
  ['SyntaxError', 'Exception'], ['TimeoutError', 'OSError'], ['OSError', 'Exception'],
];

export class Runtime {
  readonly builtins = new Map<string, unknown>();
  /** True once a second thread or process exists: from then on shared memory is accessed by ops. */
  started = false;
  /** Threads and processes started without `daemon=True`: the program waits for them when main ends. */
  readonly nonDaemon: number[] = [];
  /** Tasks some thread has joined already (joining one again returns at once). */
  readonly joined = new Set<number>();
  /** The name an assignment is about to bind (names a lock after its variable: `lock = Lock()`). */
  nameHint: string | undefined;
  readonly natives: Natives;
  /** asyncio: coroutines, the event loop, and the race-across-await check (asyncio.ts). */
  readonly aio: Asyncio;
  private readonly modules = new Map<string, PyModule>();
  private nextSync = 0;
  /** Counts of sync objects per name, so two `Lock()`s bound to `lock` are `lock` and `lock#2`. */
  private readonly syncNames = new Map<string, number>();

  constructor(readonly mod: Module, readonly tracked: ReadonlySet<string>, readonly processes: boolean, readonly freeThreaded: boolean, readonly cores: number, readonly startMethod: 'fork' | 'spawn' = 'fork', readonly constants: ReadonlySet<string> = new Set()) {
    this.installBuiltins();
    this.natives = concurrencyModules(this);
    for (const [name, m] of this.natives.modules) this.modules.set(name, m);
    this.aio = asyncioModule(this);
    this.modules.set('asyncio', this.aio.module);
  }

  get top(): FuncDef {
    return this.mod.top;
  }

  /** A fresh id and readable name for a sync object. */
  syncId(kind: string): { id: string; name: string } {
    const base = this.nameHint ?? kind;
    this.nameHint = undefined;
    const n = (this.syncNames.get(base) ?? 0) + 1;
    this.syncNames.set(base, n);
    return { id: `${kind}:${this.nextSync++}`, name: n === 1 ? base : `${base}#${n}` };
  }

  module(name: string, at: SourceRange): PyModule {
    const m = this.modules.get(name);
    if (!m) throw pyError(this, 'ModuleNotFoundError', `No module named '${name}' in the simulated subset (it has ${[...this.modules.keys()].join(', ')})`, at);
    return m;
  }

  /** A fresh module instance: the main one, or a child process's (re-imported under spawn). */
  newEnv(isolated: boolean): ModuleEnv {
    const globals = new Map<string, unknown>([['__name__', isolated ? '__mp_main__' : '__main__']]);
    return { globals, tracked: this.tracked, constants: this.constants, isolated };
  }

  constructs(cls: PyClass): boolean {
    return this.natives.constructors.has(cls);
  }
  *construct(x: Exec, cls: PyClass, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
    return yield* this.natives.constructors.get(cls)!(x, args, kw, at);
  }
  nativeAttr(x: Exec, obj: PyInstance, name: string, at: SourceRange): G<unknown> | undefined {
    return this.natives.attr(x, obj, name, at);
  }
  nativeSetAttr(x: Exec, obj: PyInstance, name: string, value: unknown, at: SourceRange): G<void> | undefined {
    return this.natives.setAttr(x, obj, name, value, at);
  }

  // ---------- built-ins ----------
  private fn(name: string, call: (this: Exec, args: unknown[], kw: Map<string, unknown> | null) => unknown, yields = false): void {
    this.builtins.set(name, new PyBuiltin(name, call as (args: unknown[], kw: Map<string, unknown> | null) => unknown, yields));
  }

  private installBuiltins(): void {
    const object = new PyClass('object', [], new Map());
    this.builtins.set('object', object);
    const base = new PyClass('BaseException', [object], new Map());
    this.builtins.set('BaseException', base);
    const pending = [...EXCEPTIONS];
    while (pending.length > 0) {
      const i = pending.findIndex(([, parent]) => this.builtins.has(parent));
      const [name, parent] = pending.splice(i, 1)[0];
      this.builtins.set(name, new PyClass(name, [this.builtins.get(parent) as PyClass], new Map()));
    }
    // PEP 654 (3.11): the groups a TaskGroup raises; `except*` is not in the subset, `except ExceptionGroup as eg: eg.exceptions` is.
    this.builtins.set('BaseExceptionGroup', new PyClass('BaseExceptionGroup', [base], new Map()));
    this.builtins.set('ExceptionGroup', new PyClass('ExceptionGroup', [this.builtins.get('BaseExceptionGroup') as PyClass, this.builtins.get('Exception') as PyClass], new Map()));
    this.builtins.set('ModuleNotFoundError', new PyClass('ModuleNotFoundError', [this.builtins.get('ImportError') as PyClass], new Map()));
    // The built-ins run with `this` bound to the calling thread's Exec; they reach the run through `rt`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const rt = this;
    this.fn('print', function* (this: Exec, args, kw) {
      const at = rt.callAt;
      const sep = kw?.has('sep') ? str(kw.get('sep')) : ' ';
      const end = kw?.has('end') ? str(kw.get('end')) : '\n';
      const parts: string[] = [];
      for (const a of args) parts.push(yield* this.toStr(a, at));
      yield* this.flush(at);
      yield { op: 'print', text: (parts.join(sep) + end).replace(/\n$/, ''), at };
      return null;
    }, true);
    this.fn('len', ([v]) => {
      if (typeof v === 'string') return v.length;
      if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
      if (v instanceof PyDict || v instanceof PySet) return v.map.size;
      if (v instanceof PyRange) return v.length;
      throw new PyError('TypeError', `object of type '${typeName(v)}' has no len()`);
    });
    this.fn('range', (args) => {
      const n = args.map((a) => {
        if (typeof a !== 'number') throw new PyError('TypeError', `'${typeName(a)}' object cannot be interpreted as an integer`);
        return a;
      });
      if (n[2] === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
      return n.length === 1 ? new PyRange(0, n[0], 1) : new PyRange(n[0], n[1], n[2] ?? 1);
    });
    this.fn('int', ([v, b]) => {
      if (v === undefined) return 0;
      if (typeof v === 'string') {
        const r = parseInt(v.trim().replace(/_/g, ''), typeof b === 'number' ? b : 10);
        if (Number.isNaN(r)) throw new PyError('ValueError', `invalid literal for int() with base 10: ${repr(v)}`);
        return r;
      }
      if (v instanceof PyFloat) return Math.trunc(v.v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      return v;
    });
    this.fn('float', ([v]) => new PyFloat(v === undefined ? 0 : typeof v === 'string' ? Number(v) : v instanceof PyFloat ? v.v : Number(v)));
    this.fn('str', function* (this: Exec, [v]) { return v === undefined ? '' : yield* this.toStr(v, rt.callAt); }, true);
    this.fn('repr', ([v]) => repr(v));
    this.fn('bool', ([v]) => truthy(v));
    this.fn('abs', ([v]) => (v instanceof PyFloat ? new PyFloat(Math.abs(v.v)) : Math.abs(v as number)));
    this.fn('round', ([v, nd]) => {
      const x = v instanceof PyFloat ? v.v : (v as number);
      if (nd === undefined || nd === null) return Math.round(x);
      const f = 10 ** (nd as number);
      return new PyFloat(Math.round(x * f) / f);
    });
    // Walking a sequence inside a built-in is C code holding the GIL: C_ITEM_NS an item (costs.ts), paid uninterruptibly.
    const iter = (x: Exec, v: unknown) => {
      const items = [...x.iterate(v, rt.callAt)];
      x.cNs += items.length * C_ITEM_NS;
      return items;
    };
    this.fn('list', function (this: Exec, [v]) { return new PyList(v === undefined ? [] : iter(this, v)); });
    this.fn('tuple', function (this: Exec, [v]) { return new PyTuple(v === undefined ? [] : iter(this, v)); });
    this.fn('set', function (this: Exec, [v]) { const s = new PySet(); if (v !== undefined) for (const i of iter(this, v)) s.add(i); return s; });
    this.fn('dict', function (this: Exec, [v], kw) {
      const d = new PyDict();
      if (v instanceof PyDict) for (const [k, x] of v.map.values()) d.set(k, x);
      else if (v !== undefined) for (const pair of iter(this, v)) { const [k, x] = iter(this, pair); d.set(k, x); }
      if (kw) for (const [k, x] of kw) d.set(k, x);
      return d;
    });
    this.fn('sum', function (this: Exec, [v, start]) {
      let acc: unknown = start ?? 0;
      for (const i of iter(this, v)) { acc = this.binop('+', acc, i, rt.callAt); this.cNs += C_ITEM_NS; }
      return acc;
    });
    const extreme = (sign: number) => function (this: Exec, args: unknown[]) {
      const items = args.length === 1 ? iter(this, args[0]) : args;
      if (items.length === 0) throw new PyError('ValueError', `${sign < 0 ? 'min' : 'max'}() arg is an empty sequence`);
      this.cNs += items.length * C_ITEM_NS;
      return items.reduce((a, b) => (compare(b, a) * sign > 0 ? b : a));
    };
    this.fn('min', extreme(-1));
    this.fn('max', extreme(1));
    this.fn('enumerate', function (this: Exec, [v, start]) {
      return new PyIterator(iter(this, v).map((x, i) => new PyTuple([i + ((start as number) ?? 0), x])));
    });
    this.fn('zip', function (this: Exec, args) {
      const lists = args.map((a) => iter(this, a));
      const n = Math.min(...lists.map((l) => l.length));
      return new PyIterator(Array.from({ length: lists.length ? n : 0 }, (_, i) => new PyTuple(lists.map((l) => l[i]))));
    });
    this.fn('reversed', function (this: Exec, [v]) { return new PyIterator(iter(this, v).reverse()); });
    this.fn('sorted', function* (this: Exec, [v], kw) {
      const items = iter(this, v);
      const key = kw?.get('key');
      const keys: unknown[] = [];
      for (const i of items) keys.push(key && key !== null ? yield* this.call(key, [i], null, rt.callAt) : i);
      const order = items.map((_, i) => i).sort((a, b) => compare(keys[a], keys[b]));
      if (kw?.get('reverse') === true) order.reverse();
      this.cNs += items.length * C_ITEM_NS;
      return new PyList(order.map((i) => items[i]));
    }, true);
    this.fn('any', function (this: Exec, [v]) { return iter(this, v).some(truthy); });
    this.fn('all', function (this: Exec, [v]) { return iter(this, v).every(truthy); });
    this.fn('isinstance', ([v, c]) => {
      const classes = c instanceof PyTuple ? c.items : [c];
      return classes.some((k) => k instanceof PyClass && (v instanceof PyInstance ? v.cls.isSubclassOf(k) : typeName(v) === k.name));
    });
    this.fn('divmod', ([a, b]) => new PyTuple([Math.floor((a as number) / (b as number)), (((a as number) % (b as number)) + (b as number)) % (b as number)]));
    this.fn('hash', ([v]) => { const h = hashKey(v); return typeof h === 'number' ? h : str(h).length; });
    this.fn('id', ([v]) => (v as { uid?: number })?.uid ?? 0);
    this.fn('format', ([v, spec]) => format(v, str(spec ?? '')));
    this.fn('map', function* (this: Exec, [f, ...its]) {
      const lists = its.map((a) => iter(this, a));
      const out: unknown[] = [];
      const n = Math.min(...lists.map((l) => l.length));
      for (let i = 0; i < n; i++) out.push(yield* this.call(f, lists.map((l) => l[i]), null, rt.callAt));
      return new PyIterator(out);
    }, true);
    this.fn('filter', function* (this: Exec, [f, it]) {
      const out: unknown[] = [];
      for (const i of iter(this, it)) if (truthy(f === null ? i : yield* this.call(f, [i], null, rt.callAt))) out.push(i);
      return new PyIterator(out);
    }, true);
    this.fn('iter', function (this: Exec, [v]) { return new PyIterator(iter(this, v)); });
    this.fn('next', ([v, dflt]) => {
      if (!(v instanceof PyIterator)) throw new PyError('TypeError', `'${typeName(v)}' object is not an iterator`);
      if (v.items.length === 0) { if (dflt !== undefined) return dflt; throw new PyError('StopIteration', ''); }
      return v.items.shift();
    });
    this.fn('input', () => { throw new PyError('NotImplementedError', 'input() is not simulated: a run reads no keyboard'); });
    this.fn('open', () => { throw new PyError('NotImplementedError', 'open() is not simulated: model the file I/O with time.sleep, which releases the GIL as a blocking read does'); });
    this.builtins.set('type', new PyBuiltin('type', ([v]) => (v instanceof PyInstance ? v.cls : new PyClass(typeName(v), [], new Map()))));
  }

  /** Where the current call is (a built-in's op carries it); set by `Exec.call` callers through `callAt`. */
  callAt: SourceRange = { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };

  /** The method `name` of a built-in value (`items.append`), as a callable. */
  methodOf(x: Exec, obj: unknown, name: string, at: SourceRange): unknown {
    const m = (f: (...a: unknown[]) => unknown) => new PyBuiltin(name, (args) => f(...args));
    if (obj instanceof PyList) {
      // list methods are one bytecode each under the GIL: atomic, so no op another thread could split.
      switch (name) {
        case 'append': return m((v) => { obj.items.push(v); return null; });
        case 'extend': return m((v) => { obj.items.push(...x.iterate(v, at)); return null; });
        case 'pop': return m((i) => {
          if (obj.items.length === 0) throw new PyError('IndexError', 'pop from empty list');
          const k = i === undefined ? obj.items.length - 1 : (i as number) < 0 ? obj.items.length + (i as number) : (i as number);
          return obj.items.splice(k, 1)[0];
        });
        case 'insert': return m((i, v) => { obj.items.splice(i as number, 0, v); return null; });
        case 'remove': return m((v) => {
          const i = obj.items.findIndex((y) => equal(y, v));
          if (i < 0) throw new PyError('ValueError', 'list.remove(x): x not in list');
          obj.items.splice(i, 1);
          return null;
        });
        case 'index': return m((v) => { const i = obj.items.findIndex((y) => equal(y, v)); if (i < 0) throw new PyError('ValueError', `${repr(v)} is not in list`); return i; });
        case 'count': return m((v) => obj.items.filter((y) => equal(y, v)).length);
        case 'clear': return m(() => { obj.items.length = 0; return null; });
        case 'copy': return m(() => new PyList([...obj.items]));
        case 'reverse': return m(() => { obj.items.reverse(); return null; });
        case 'sort': return new PyBuiltin('sort', (_a, kw) => {
          if (kw?.get('key')) throw new PyError('NotImplementedError', 'list.sort(key=...) is not simulated; use sorted(items, key=...)');
          obj.items.sort(compare);
          if (kw?.get('reverse') === true) obj.items.reverse();
          return null;
        });
      }
    }
    if (obj instanceof PyDict) {
      switch (name) {
        case 'get': return m((k, d) => obj.get(k)?.[1] ?? (d === undefined ? null : d));
        case 'keys': return m(() => new PyList([...obj.map.values()].map(([k]) => k)));
        case 'values': return m(() => new PyList([...obj.map.values()].map(([, v]) => v)));
        case 'items': return m(() => new PyList([...obj.map.values()].map(([k, v]) => new PyTuple([k, v]))));
        case 'pop': return m((k, d) => {
          const e = obj.get(k);
          if (!e) { if (d !== undefined) return d; throw new PyError('KeyError', repr(k)); }
          obj.map.delete(hashKey(k));
          return e[1];
        });
        case 'setdefault': return m((k, d) => { const e = obj.get(k); if (e) return e[1]; obj.set(k, d ?? null); return d ?? null; });
        case 'update': return m((o) => { if (o instanceof PyDict) for (const [k, v] of o.map.values()) obj.set(k, v); return null; });
        case 'clear': return m(() => { obj.map.clear(); return null; });
        case 'copy': return m(() => { const d = new PyDict(); for (const [k, v] of obj.map.values()) d.set(k, v); return d; });
      }
    }
    if (obj instanceof PySet) {
      switch (name) {
        case 'add': return m((v) => { obj.add(v); return null; });
        case 'discard': return m((v) => { obj.map.delete(hashKey(v)); return null; });
        case 'remove': return m((v) => { if (!obj.map.delete(hashKey(v))) throw new PyError('KeyError', repr(v)); return null; });
        case 'pop': return m(() => { const [k, v] = [...obj.map.entries()][0] ?? []; if (k === undefined) throw new PyError('KeyError', 'pop from an empty set'); obj.map.delete(k); return v; });
        case 'clear': return m(() => { obj.map.clear(); return null; });
      }
    }
    if (typeof obj === 'string') {
      switch (name) {
        case 'upper': return m(() => obj.toUpperCase());
        case 'lower': return m(() => obj.toLowerCase());
        case 'strip': return m(() => obj.trim());
        case 'split': return m((sep) => new PyList(sep === undefined || sep === null ? obj.trim().split(/\s+/).filter(Boolean) : obj.split(sep as string)));
        case 'join': return m((it) => x.iterate(it, at) && [...x.iterate(it, at)].map((s) => {
          if (typeof s !== 'string') throw new PyError('TypeError', `sequence item: expected str instance, ${typeName(s)} found`);
          return s;
        }).join(obj));
        case 'startswith': return m((p) => obj.startsWith(p as string));
        case 'endswith': return m((p) => obj.endsWith(p as string));
        case 'replace': return m((a, b) => obj.split(a as string).join(b as string));
        case 'format': return new PyBuiltin('format', (args, kw) => {
          let i = 0;
          return obj.replace(/\{([^{}:!]*)(?:!([rs]))?(?::([^{}]*))?\}/g, (_m, key: string, conv?: string, spec?: string) => {
            const v = key === '' ? args[i++] : /^\d+$/.test(key) ? args[Number(key)] : kw?.get(key);
            const s = conv === 'r' ? repr(v) : v;
            return spec ? format(s, spec) : str(s);
          });
        });
        case 'ljust': return m((w) => obj.padEnd(w as number));
        case 'rjust': return m((w) => obj.padStart(w as number));
        case 'center': return m((w) => format(obj, `^${w as number}`));
      }
    }
    if (obj instanceof PyIterator && name === '__next__') return m(() => obj.items.shift());
    if (obj instanceof PyFunction && name === '__name__') return obj.def.name;
    if (obj instanceof PyInstance && isExceptionClass(obj.cls) && name === 'args') return obj.attrs.get('args');
    if (obj instanceof PyBound) return undefined;
    return undefined;
  }
}

/** Pickling for processes: a deep copy, functions and classes re-found by name in `env` (the receiver's module). */
export function pickle(v: unknown, env: ModuleEnv | undefined, shareable: (v: PyInstance) => boolean): unknown {
  const seen = new Map<unknown, unknown>();
  const copy = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object') return x;
    if (seen.has(x)) return seen.get(x);
    if (x instanceof PyFloat) return x;
    if (x instanceof PyList) { const l = new PyList([]); seen.set(x, l); l.items = x.items.map(copy); return l; }
    if (x instanceof PyTuple) return new PyTuple(x.items.map(copy));
    if (x instanceof PyDict) { const d = new PyDict(); seen.set(x, d); for (const [k, y] of x.map.values()) d.set(copy(k), copy(y)); return d; }
    if (x instanceof PySet) { const s = new PySet(); for (const y of x.map.values()) s.add(copy(y)); return s; }
    if (x instanceof PyFunction) {
      if (!env) return x;
      const found = [...env.globals.values()].find((g) => g instanceof PyFunction && g.def === x.def);
      if (!found) throw new PyError('AttributeError', `Can't pickle local object '${x.def.name}': a process can only run a function defined at the top of the module`);
      return found;
    }
    if (x instanceof PyClass) {
      if (!env) return x;
      return [...env.globals.values()].find((g) => g instanceof PyClass && g.name === x.name) ?? x;
    }
    if (x instanceof PyInstance) {
      if (shareable(x)) return x;
      const cls = (env ? copy(x.cls) : x.cls) as PyClass;
      const o = new PyInstance(cls);
      seen.set(x, o);
      for (const [k, y] of x.attrs) o.attrs.set(k, copy(y));
      o.native = x.native;
      return o;
    }
    if (x instanceof PyBound) return new PyBound(copy(x.self), x.fn);
    if (x instanceof PyIterator) return new PyList(x.items.map(copy));
    return x;
  };
  return copy(v);
}
