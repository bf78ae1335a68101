/**
 * The interpreter: the subset's tree evaluated by generator functions that yield the core's
 * ops, one `Exec` per simulated thread (or process). Every op carries the range of the node
 * that made it.
 *
 * CPU time (README "Costs"): each evaluated node costs its kind of bytecode's time in
 * CPython 3.11 (costs.ts). The time accumulates and is paid as one
 * `compute` op before the next op that another thread can see, but only once an
 * eval-breaker check has passed since (Python/ceval.c, CPython 3.11+: the breaker is checked
 * at a backward jump, at a function's RESUME and after a CALL), so the GIL can change hands
 * exactly where CPython lets it: `counter += 1` in a loop reads and writes with no check
 * between (CPython 3.11 loses no update there), `counter = add_one(counter)` has one.
 * The free-threaded build has no GIL: every op is preceded by its pending compute.
 */
import type { CompFor, Expr, FuncDef, Stmt } from './ast';
import type { Op, SourceRange } from '../../core/program';
import { binop, format, PyError, unop } from './ops';
import { compFunc } from './scope';
import {
  excMessage, hashKey, PyBound, PyBuiltin, PyClass, PyDict, PyExc, PyFloat, PyFunction, PyInstance, PyList,
  PyModule, PyRange, PySet, PySuper, PyTuple, repr, shown, str, truthy, typeName, uid,
  type Frame, type ModuleEnv,
} from './values';
import type { Runtime } from './runtime';
import { foldRange } from './fold';
import {
  ARITH_NS, ATTR_NS, BUILD_NS, CALL_NS, COMPARE_NS, FAST_NS, FOR_ITER_NS, FORMAT_NS, FRAME_NS, GENERIC_OP_NS, GLOBAL_LOAD_NS,
  GLOBAL_STORE_NS, SUBSCR_NS,
} from './costs';

export type G<T = unknown> = Generator<Op, T, unknown>;

/** Pending CPU work is paid at the latest once it reaches 1 ms, so long pure loops stay a few ops. */
const FLUSH_NS = 1_000_000;
/**
 * Pending work is paid at the first shared access after an eval-breaker check once it
 * reaches 50 µs (a hundredth of the switch interval): the GIL changes hands only inside a
 * compute, so this is where a switch can fall, as often between a read and a write as
 * CPython's checks allow, while a million increments stay a few thousand ops.
 */
const SWITCH_NS = 50_000;
/** frac(k·φ): a low-discrepancy sequence in [0, 1), so the thresholds of successive computes spread evenly. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
/** A built-in's work from 15 µs on is its own uninterruptible compute; less joins the pending work. */
const C_CALL_NS = 15_000;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
interface Return { value: unknown }
type Signal = typeof BREAK | typeof CONTINUE | Return | undefined;

/** Ends the run after a finding that leaves nothing to run (asyncio's deadlock): no `except` catches it. */
export class LoopHalt extends Error {}

/** Raised by the interpreter: a Python exception of a built-in type. */
export function pyError(rt: Runtime, type: string, message: unknown, at?: SourceRange): PyExc {
  const cls = rt.builtins.get(type);
  const exc = new PyInstance(cls instanceof PyClass ? cls : (rt.builtins.get('RuntimeError') as PyClass));
  exc.attrs.set('args', new PyTuple(message === '' ? [] : [message]));
  return new PyExc(exc, at);
}

export class Exec {
  /** CPU time run since the last compute, in ns (costs.ts), paid as one compute op. */
  pendingNs = 0;
  /**
   * An eval-breaker check has passed since the pending work reached `threshold`: the next
   * access another thread can see pays it first (a compute, inside which the GIL may pass).
   */
  checked = false;
  /**
   * The pending work from which the next eval-breaker check arms a compute: SWITCH_NS ×
   * [0.5, 1.5), a different point for each compute. CPython's drop request comes at a time
   * unrelated to a loop's phase, and is honoured at the next check after it; a fixed
   * threshold would lock onto one check point of a loop (every compute before the read of
   * `counter = bump(counter)`, never before its write), a spread one lands on each check
   * point in proportion to the time before it, as the drop request does.
   */
  private threshold = SWITCH_NS;
  private computes = 0;
  /**
   * Work done inside a built-in (C code: `sum`, `sorted`, `list(range(n))`), paid as one
   * uninterruptible compute when it returns: CPython's eval breaker runs only between
   * bytecodes, so no GIL switch happens inside it.
   */
  cNs = 0;
  /** A child process re-running the module (spawn): starting a process now is CPython's bootstrapping error. */
  bootstrapping = false;
  constructor(readonly rt: Runtime, readonly env: ModuleEnv, readonly label: string) {}

  // ---------- time ----------
  /** Variables this task has declared to the engine (`make` is idempotent, and must precede this task's own first access). */
  private readonly made = new Set<string>();
  /**
   * What this task has read (1) or written (2) since its last compute: under the GIL no other
   * thread runs bytecode meanwhile, so a repeated access needs no op of its own. A repeated
   * write is kept in `dirty` and made an op when the batch ends.
   */
  private readonly batch = new Map<string, 1 | 2>();
  private readonly dirty = new Map<string, { value: unknown; at: SourceRange; set: () => void }>();

  *flush(at: SourceRange): G<void> {
    yield* this.endBatch();
    if (this.pendingNs > 0) {
      const ns = Math.round(this.pendingNs);
      this.pendingNs = 0;
      yield { op: 'compute', ns, work: 'cpu', at };
    }
    this.checked = false;
    this.threshold = SWITCH_NS * (0.5 + ((++this.computes * GOLDEN) % 1));
  }
  /**
   * Before a lock, queue or semaphore op: the batch ends (the op orders memory), but small
   * pending work is carried on rather than paid as an op of its own, so a loop of
   * `with lock:` costs the lock's ops, not one compute more around each.
   */
  *beforeSync(at: SourceRange): G<void> {
    yield* this.endBatch();
    if (this.pendingNs >= this.threshold || (this.rt.freeThreaded && this.pendingNs > 0)) yield* this.flush(at);
  }
  private *endBatch(): G<void> {
    this.batch.clear();
    if (this.dirty.size === 0) return;
    const writes = [...this.dirty];
    this.dirty.clear();
    for (const [id, w] of writes) yield { op: 'write', v: id, value: shown(w.value), at: w.at, fx: w.set };
  }
  /** Whether pending work must be paid before an op other threads can see: the GIL could have changed hands since. */
  private due(): boolean {
    return this.pendingNs > 0 && (this.rt.freeThreaded || this.checked || this.pendingNs >= FLUSH_NS);
  }
  *beforeShared(at: SourceRange): G<void> {
    if (this.due()) yield* this.flush(at);
  }
  /** A repeated access in the current batch: no op, no generator (the hot path of a loop). */
  private quiet(id: string, write: boolean): boolean {
    return !this.due() && (write ? this.batch.get(id) === 2 : this.batch.has(id));
  }
  /**
   * `n` iterations of a folded loop (fold.ts), each `ns` of CPU and an eval-breaker check at
   * its end: the same computes, at the same points, as the interpreted loop pays in `breaker`.
   */
  *folded(ns: number, n: number, at: SourceRange): G<void> {
    let left = n;
    while (left > 0) {
      // The iterations until the pending work reaches FLUSH_NS, where `breaker` pays it.
      let k = Math.max(1, Math.ceil((FLUSH_NS - this.pendingNs) / ns));
      while (k > 1 && this.pendingNs + (k - 1) * ns >= FLUSH_NS) k--;
      while (this.pendingNs + k * ns < FLUSH_NS) k++;
      if (k > left) {
        this.pendingNs += left * ns;
        this.check();
        return;
      }
      this.pendingNs += k * ns;
      left -= k;
      yield* this.breaker(at);
    }
  }
  /** An eval-breaker check, or a point where the GIL was released: from here a drop request that came meanwhile is honoured. */
  check(): void {
    if (this.pendingNs >= this.threshold) this.checked = true;
  }
  /** An eval-breaker check at a backward jump. */
  *breaker(at: SourceRange): G<void> {
    this.check();
    if (this.pendingNs >= FLUSH_NS) yield* this.flush(at);
  }

  /** Whether accesses are ops: another thread has been started, and this memory is not a child process's own. */
  get sharing(): boolean {
    return this.rt.started && !this.env.isolated;
  }

  private *declare(id: string, name: string, at: SourceRange, get?: () => unknown, sharedMemory = false): G<void> {
    if (this.made.has(id)) return;
    this.made.add(id);
    const decl = sharedMemory ? { id, name, initial: null, sharedMemory } : { id, name, initial: null };
    yield { op: 'make', decl: { var: decl }, at, ...(get ? { fx: () => shown(get()) } : {}) };
  }

  /**
   * multiprocessing.Value's `value`: memory every process maps (Modules/_ctypes, a
   * `c_long` in shared memory). Processes run in parallel, without one GIL between them, so
   * every read and write is an op of its own (no batch), after the work before it; a
   * `v.value += 1` is a read and a write another process can come between.
   */
  *sharedMemoryRead(id: string, name: string, at: SourceRange, get: () => unknown): G<unknown> {
    yield* this.flush(at);
    yield* this.declare(id, name, at, get, true);
    return yield { op: 'read', v: id, at, fx: get };
  }
  *sharedMemoryWrite(id: string, name: string, value: unknown, at: SourceRange, set: () => void): G<void> {
    yield* this.flush(at);
    yield* this.declare(id, name, at, undefined, true);
    yield { op: 'write', v: id, value: shown(value), at, fx: set };
  }

  *sharedRead(id: string, name: string, at: SourceRange, get: () => unknown): G<unknown> {
    yield* this.beforeShared(at);
    if (this.batch.has(id)) return get();
    yield* this.declare(id, name, at, get);
    // Under asyncio every access is an op of its own (no batch: another task may run at any await), seen by the race-across-await check.
    if (this.rt.aio.running) this.rt.aio.read(this, id, at);
    else this.batch.set(id, 1);
    return yield { op: 'read', v: id, at, fx: get };
  }
  *sharedWrite(id: string, name: string, value: unknown, at: SourceRange, set: () => void): G<void> {
    yield* this.beforeShared(at);
    if (this.batch.get(id) === 2) {
      set();
      this.dirty.set(id, { value, at, set });
      return;
    }
    yield* this.declare(id, name, at);
    if (this.rt.aio.running) {
      const race = this.rt.aio.write(this, id, name, at);
      if (race) yield race;
    } else this.batch.set(id, 2);
    yield { op: 'write', v: id, value: shown(value), at, fx: set };
  }

  raise(type: string, message: unknown, at?: SourceRange): never {
    throw pyError(this.rt, type, message, at);
  }

  // ---------- names ----------
  *loadName(e: Expr & { k: 'name' }, fr: Frame): G<unknown> {
    const id = e.id;
    let f: Frame | null = fr;
    while (f && f.fn !== this.rt.top) {
      if (f.isClass) {
        if (f.vars.has(id)) { this.pendingNs += GLOBAL_LOAD_NS; return f.vars.get(id); }
      } else if (f === fr && f.fn.globals.has(id)) break;
      else if (f.fn.locals.has(id)) {
        this.pendingNs += FAST_NS;
        const frame = f;
        if (frame.fn.cells?.has(id) && this.sharing) {
          return yield* this.sharedRead(`${id}@${frame.uid}`, id, e.at, () => frame.vars.get(id));
        }
        const v = frame.vars.get(id);
        if (v === undefined) this.raise(f === fr ? 'UnboundLocalError' : 'NameError', `cannot access local variable '${id}' where it is not associated with a value`, e.at);
        return v;
      }
      f = f.parent;
    }
    return yield* this.loadGlobal(id, e.at);
  }

  /**
   * Whether reading global `id` is an op: a tracked global, unless it is a constant (scope.ts)
   * holding no list, dict or set. A container's contents are read without ops of their own
   * (`len`, truthiness, `in`), so reading its binding is what orders them.
   */
  private tracks(id: string): boolean {
    if (!this.env.tracked.has(id)) return false;
    if (!this.env.constants.has(id)) return true;
    const v = this.env.globals.get(id);
    return v === undefined || v instanceof PyList || v instanceof PyDict || v instanceof PySet;
  }

  *loadGlobal(id: string, at: SourceRange): G<unknown> {
    this.pendingNs += GLOBAL_LOAD_NS;
    const g = this.env.globals;
    let v: unknown;
    if (this.tracks(id) && this.sharing && !this.quiet(id, false)) v = yield* this.sharedRead(id, id, at, () => g.get(id));
    else v = g.get(id);
    if (v === undefined) v = this.rt.builtins.get(id);
    if (v === undefined) this.raise('NameError', `name '${id}' is not defined`, at);
    return v;
  }

  /** Stores without a generator when the store needs no op (a local, an untracked global, a quiet write); false when it does, with nothing done. */
  storeSimple(id: string, value: unknown, fr: Frame, at: SourceRange): boolean {
    if (fr.isClass) return false;
    if (fr.fn !== this.rt.top && !fr.fn.globals.has(id)) {
      if (fr.fn.locals.has(id) && !(fr.fn.cells?.has(id) && this.sharing)) {
        this.pendingNs += FAST_NS;
        fr.vars.set(id, value);
        return true;
      }
      return false;
    }
    if (this.env.tracked.has(id) && this.sharing) {
      if (!this.quiet(id, true)) return false;
      const g = this.env.globals;
      g.set(id, value);
      this.dirty.set(id, { value, at, set: () => g.set(id, value) });
      this.pendingNs += GLOBAL_STORE_NS;
      return true;
    }
    this.env.globals.set(id, value);
    this.pendingNs += GLOBAL_STORE_NS;
    return true;
  }

  *storeName(id: string, value: unknown, fr: Frame, at: SourceRange): G<void> {
    if (fr.isClass) {
      this.pendingNs += GLOBAL_STORE_NS;
      fr.vars.set(id, value);
      return;
    }
    let target: Frame | null = null;
    if (fr.fn !== this.rt.top && !fr.fn.globals.has(id)) {
      if (fr.fn.locals.has(id)) target = fr;
      else if (fr.fn.nonlocals.has(id)) {
        for (let f = fr.parent; f && f.fn !== this.rt.top; f = f.parent) if (!f.isClass && f.fn.locals.has(id)) { target = f; break; }
      }
    }
    if (target) {
      this.pendingNs += FAST_NS;
      const frame = target;
      if (frame.fn.cells?.has(id) && this.sharing) yield* this.sharedWrite(`${id}@${frame.uid}`, id, value, at, () => frame.vars.set(id, value));
      else frame.vars.set(id, value);
      return;
    }
    this.pendingNs += GLOBAL_STORE_NS;
    const g = this.env.globals;
    if (this.env.tracked.has(id) && this.sharing) {
      if (this.quiet(id, true)) {
        g.set(id, value);
        this.dirty.set(id, { value, at, set: () => g.set(id, value) });
      } else yield* this.sharedWrite(id, id, value, at, () => g.set(id, value));
    } else g.set(id, value);
  }

  *assign(t: Expr, value: unknown, fr: Frame): G<void> {
    switch (t.k) {
      case 'name': return yield* this.storeName(t.id, value, fr, t.at);
      case 'attr': return yield* this.setAttr((this.simple(t.obj, fr) ?? (yield* this.ev(t.obj, fr))), t.name, value, t.at);
      case 'sub': {
        const obj = (this.simple(t.obj, fr) ?? (yield* this.ev(t.obj, fr)));
        const key = (this.simple(t.index, fr) ?? (yield* this.ev(t.index, fr)));
        return yield* this.setItem(obj, key, value, t.at);
      }
      case 'tuple': case 'list': {
        const items = [...this.iterate(value, t.at)];
        const star = t.items.findIndex((i) => i.k === 'star');
        if (star < 0 && items.length !== t.items.length) {
          this.raise('ValueError', items.length > t.items.length ? `too many values to unpack (expected ${t.items.length})` : `not enough values to unpack (expected ${t.items.length}, got ${items.length})`, t.at);
        }
        for (let i = 0; i < t.items.length; i++) yield* this.assign(t.items[i], items[i], fr);
        return;
      }
      default: this.raise('SyntaxError', 'cannot assign to this expression', t.at);
    }
  }

  // ---------- attributes and items ----------
  *getAttr(obj: unknown, name: string, at: SourceRange): G<unknown> {
    this.pendingNs += ATTR_NS;
    if (obj instanceof PyInstance) {
      if (obj.attrs.has(name)) {
        if (!this.sharing) return obj.attrs.get(name);
        return yield* this.sharedRead(`${obj.cls.name}#${obj.uid}.${name}`, `${obj.cls.name}.${name}`, at, () => obj.attrs.get(name));
      }
      const native = obj.cls.nativeBase();
      if (native) {
        const special = this.rt.nativeAttr(this, obj, name, at);
        if (special !== undefined) return yield* special;
      }
      const v = obj.cls.lookup(name);
      if (v instanceof PyFunction || v instanceof PyBuiltin) return new PyBound(obj, v);
      if (v !== undefined) return v;
      this.raise('AttributeError', `'${obj.cls.name}' object has no attribute '${name}'`, at);
    }
    if (obj instanceof PyModule) {
      const v = obj.attrs.get(name);
      if (v === undefined) this.raise('AttributeError', `module '${obj.name}' has no attribute '${name}' (not in the simulated subset)`, at);
      return v;
    }
    if (obj instanceof PyClass) {
      if (name === '__name__') return obj.name;
      const v = obj.lookup(name);
      if (v === undefined) this.raise('AttributeError', `type object '${obj.name}' has no attribute '${name}'`, at);
      if (obj.mutated?.has(name) && this.sharing) return yield* this.sharedRead(`${obj.name}.${name}`, `${obj.name}.${name}`, at, () => obj.lookup(name));
      return v;
    }
    if (obj instanceof PySuper) {
      for (const b of obj.cls.bases) {
        const v = b.lookup(name);
        if (v instanceof PyFunction || v instanceof PyBuiltin) return new PyBound(obj.self, v);
        if (v !== undefined) return v;
      }
      if (name === '__init__') return new PyBuiltin('object.__init__', () => null);
      this.raise('AttributeError', `'super' object has no attribute '${name}'`, at);
    }
    const m = this.rt.methodOf(this, obj, name, at);
    if (m !== undefined) return m;
    return this.raise('AttributeError', `'${typeName(obj)}' object has no attribute '${name}'`, at);
  }

  *setAttr(obj: unknown, name: string, value: unknown, at: SourceRange): G<void> {
    this.pendingNs += ATTR_NS;
    if (obj instanceof PyInstance) {
      const native = obj.cls.nativeBase() ? this.rt.nativeSetAttr(this, obj, name, value, at) : undefined;
      if (native) return yield* native;
      if (this.sharing) yield* this.sharedWrite(`${obj.cls.name}#${obj.uid}.${name}`, `${obj.cls.name}.${name}`, value, at, () => obj.attrs.set(name, value));
      else obj.attrs.set(name, value);
      return;
    }
    if (obj instanceof PyClass) {
      (obj.mutated ??= new Set()).add(name);
      if (this.sharing) yield* this.sharedWrite(`${obj.name}.${name}`, `${obj.name}.${name}`, value, at, () => obj.attrs.set(name, value));
      else obj.attrs.set(name, value);
      return;
    }
    this.raise('AttributeError', `'${typeName(obj)}' object attribute '${name}' is read-only`, at);
  }

  private index(len: number, key: unknown, at: SourceRange, what: string): number {
    if (typeof key !== 'number' && typeof key !== 'boolean') this.raise('TypeError', `${what} indices must be integers, not ${typeName(key)}`, at);
    const i = Number(key) < 0 ? Number(key) + len : Number(key);
    if (i < 0 || i >= len) this.raise('IndexError', `${what} index out of range`, at);
    return i;
  }

  *getItem(obj: unknown, key: unknown, at: SourceRange): G<unknown> {
    this.pendingNs += SUBSCR_NS;
    if (key instanceof PyTuple && obj instanceof PyDict) {
      // falls through to the dict case
    } else if (key instanceof PySliceValue) return this.slice(obj, key, at);
    if (obj instanceof PyList) {
      const i = this.index(obj.items.length, key, at, 'list');
      if (!this.sharing) return obj.items[i];
      return yield* this.sharedRead(`list#${obj.uid}[${i}]`, `list#${obj.uid}[${i}]`, at, () => obj.items[i]);
    }
    if (obj instanceof PyDict) {
      const get = () => obj.get(key)?.[1];
      const v = this.sharing ? yield* this.sharedRead(`dict#${obj.uid}[${repr(key)}]`, `dict#${obj.uid}[${repr(key)}]`, at, get) : get();
      if (v === undefined) this.raise('KeyError', key, at);
      return v;
    }
    if (obj instanceof PyTuple) return obj.items[this.index(obj.items.length, key, at, 'tuple')];
    if (typeof obj === 'string') return obj[this.index(obj.length, key, at, 'string')];
    if (obj instanceof PyRange) return obj.start + obj.step * this.index(obj.length, key, at, 'range object');
    if (obj instanceof PyInstance) {
      const m = obj.cls.lookup('__getitem__');
      if (m) return yield* this.call(new PyBound(obj, m), [key], null, at);
    }
    return this.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`, at);
  }

  *setItem(obj: unknown, key: unknown, value: unknown, at: SourceRange): G<void> {
    this.pendingNs += SUBSCR_NS;
    if (obj instanceof PyList) {
      if (key instanceof PySliceValue) {
        const [lo, hi] = key.bounds(obj.items.length);
        obj.items.splice(lo, Math.max(0, hi - lo), ...this.iterate(value, at));
        return;
      }
      const i = this.index(obj.items.length, key, at, 'list assignment');
      if (this.sharing) yield* this.sharedWrite(`list#${obj.uid}[${i}]`, `list#${obj.uid}[${i}]`, value, at, () => { obj.items[i] = value; });
      else obj.items[i] = value;
      return;
    }
    if (obj instanceof PyDict) {
      hashKey(key);
      if (this.sharing) yield* this.sharedWrite(`dict#${obj.uid}[${repr(key)}]`, `dict#${obj.uid}[${repr(key)}]`, value, at, () => obj.set(key, value));
      else obj.set(key, value);
      return;
    }
    if (obj instanceof PyInstance) {
      const m = obj.cls.lookup('__setitem__');
      if (m) { yield* this.call(new PyBound(obj, m), [key, value], null, at); return; }
    }
    this.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`, at);
  }

  private slice(obj: unknown, s: PySliceValue, at: SourceRange): unknown {
    const pick = <T>(items: readonly T[]): T[] => {
      const [lo, hi, step] = s.bounds(items.length);
      const out: T[] = [];
      if (step > 0) for (let i = lo; i < hi; i += step) out.push(items[i]);
      else for (let i = lo; i > hi; i += step) out.push(items[i]);
      return out;
    };
    if (obj instanceof PyList) return new PyList(pick(obj.items));
    if (obj instanceof PyTuple) return new PyTuple(pick(obj.items));
    if (typeof obj === 'string') return pick([...obj]).join('');
    if (obj instanceof PyRange) return new PyList(pick([...this.iterate(obj, at)]));
    return this.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`, at);
  }

  /** A JS iterator over a Python iterable (lists are walked live, by index, as listiter does). */
  iterate(v: unknown, at: SourceRange): Iterable<unknown> {
    if (v instanceof PyRange) {
      const { start, stop, step } = v;
      return {
        [Symbol.iterator]: () => {
          let i = start;
          return { next: () => (step > 0 ? i < stop : i > stop) ? { value: (i += step) - step, done: false } : { value: undefined, done: true } };
        },
      };
    }
    if (v instanceof PyList) {
      return { [Symbol.iterator]: () => { let i = 0; return { next: () => (i < v.items.length ? { value: v.items[i++], done: false } : { value: undefined, done: true }) }; } };
    }
    if (v instanceof PyTuple) return v.items;
    if (typeof v === 'string') return [...v];
    if (v instanceof PyDict) return [...v.map.values()].map(([k]) => k);
    if (v instanceof PySet) return [...v.map.values()];
    if (v instanceof PyIterator) return v.items;
    return this.raise('TypeError', `'${typeName(v)}' object is not iterable`, at);
  }

  // ---------- expressions ----------
  /** A literal's value without a generator (the hot path of `counter += 1`). */
  private leaf(e: Expr): unknown {
    this.pendingNs += FAST_NS;
    return e.k === 'num' ? (e.float ? new PyFloat(e.v) : e.v) : (e as { v: unknown }).v;
  }

  /**
   * The value of an expression that needs no op (a literal, a local, an untracked or quiet
   * global, arithmetic on those), without a generator; undefined (no Python value is) when
   * it needs the generator, with its cost given back.
   */
  simple(e: Expr, fr: Frame): unknown {
    const pending = this.pendingNs;
    const v = this.sim(e, fr);
    if (v === undefined) this.pendingNs = pending;
    return v;
  }

  private sim(e: Expr, fr: Frame): unknown {
    switch (e.k) {
      case 'num': case 'str': case 'const': return this.leaf(e);
      case 'name': {
        const id = e.id;
        for (let f: Frame | null = fr; f && f.fn !== this.rt.top; f = f.parent) {
          if (f.isClass) {
            if (f.vars.has(id)) { this.pendingNs += GLOBAL_LOAD_NS; return f.vars.get(id); }
          } else if (f === fr && f.fn.globals.has(id)) break;
          else if (f.fn.locals.has(id)) {
            if (f.fn.cells?.has(id) && this.sharing) return undefined;
            this.pendingNs += FAST_NS;
            return f.vars.get(id);
          }
        }
        if (this.tracks(id) && this.sharing && !this.quiet(id, false)) return undefined;
        const v = this.env.globals.get(id) ?? this.rt.builtins.get(id);
        if (v !== undefined) this.pendingNs += GLOBAL_LOAD_NS;
        return v;
      }
      case 'bin': {
        const l = this.sim(e.l, fr);
        if (l === undefined) return undefined;
        const r = this.sim(e.r, fr);
        if (r === undefined) return undefined;
        this.pendingNs += opNs(e.op);
        return this.binop(e.op, l, r, e.at);
      }
      case 'unary': {
        const v = this.sim(e.e, fr);
        if (v === undefined) return undefined;
        this.pendingNs += COMPARE_NS;
        return e.op === 'not' ? !truthy(v) : this.guard(() => unop(e.op, v), e.at);
      }
      case 'bool': {
        const l = this.sim(e.l, fr);
        if (l === undefined) return undefined;
        this.pendingNs += FAST_NS;
        if (e.op === 'and' ? !truthy(l) : truthy(l)) return l;
        return this.sim(e.r, fr);
      }
      default: return undefined;
    }
  }

  *ev(e: Expr, fr: Frame): G<unknown> {
    switch (e.k) {
      case 'num': this.pendingNs += FAST_NS; return e.float ? new PyFloat(e.v) : e.v;
      case 'str': this.pendingNs += FAST_NS; return e.v;
      case 'const': this.pendingNs += FAST_NS; return e.v;
      case 'name': return yield* this.loadName(e, fr);
      case 'bin': {
        const l = isLeaf(e.l) ? this.leaf(e.l) : (this.simple(e.l, fr) ?? (yield* this.ev(e.l, fr)));
        const r = isLeaf(e.r) ? this.leaf(e.r) : (this.simple(e.r, fr) ?? (yield* this.ev(e.r, fr)));
        this.pendingNs += opNs(e.op);
        return this.binop(e.op, l, r, e.at);
      }
      case 'compare': {
        // Python/compile.c compiler_compare: each middle operand is evaluated once (DUP_TOP), the chain stops at the first false.
        let l = this.simple(e.first, fr) ?? (yield* this.ev(e.first, fr));
        let out: unknown = true;
        for (let i = 0; i < e.ops.length; i++) {
          const r = this.simple(e.rest[i], fr) ?? (yield* this.ev(e.rest[i], fr));
          this.pendingNs += COMPARE_NS;
          out = this.binop(e.ops[i], l, r, e.at);
          if (!truthy(out)) return out;
          l = r;
        }
        return out;
      }
      case 'bool': {
        const l = (this.simple(e.l, fr) ?? (yield* this.ev(e.l, fr)));
        this.pendingNs += FAST_NS;
        if (e.op === 'and' ? !truthy(l) : truthy(l)) return l;
        return (this.simple(e.r, fr) ?? (yield* this.ev(e.r, fr)));
      }
      case 'unary': {
        const v = (this.simple(e.e, fr) ?? (yield* this.ev(e.e, fr)));
        this.pendingNs += COMPARE_NS;
        if (e.op === 'not') return !truthy(v);
        return this.guard(() => unop(e.op, v), e.at);
      }
      case 'ifexp': return truthy((this.simple(e.cond, fr) ?? (yield* this.ev(e.cond, fr)))) ? (this.simple(e.a, fr) ?? (yield* this.ev(e.a, fr))) : (this.simple(e.b, fr) ?? (yield* this.ev(e.b, fr)));
      case 'fstr': {
        let out = '';
        for (const p of e.parts) {
          if (typeof p === 'string') { out += p; continue; }
          let v = (this.simple(p.e, fr) ?? (yield* this.ev(p.e, fr)));
          this.pendingNs += FORMAT_NS;
          if (p.conv === 'r') v = repr(v);
          else if (p.conv === 's') v = yield* this.toStr(v, e.at);
          out += p.spec ? this.guard(() => format(v, p.spec!), e.at) : yield* this.toStr(v, e.at);
        }
        return out;
      }
      case 'list': case 'tuple': case 'set': {
        const items: unknown[] = [];
        for (const i of e.items) {
          if (i.k === 'star') items.push(...this.iterate((this.simple(i.e, fr) ?? (yield* this.ev(i.e, fr))), i.at));
          else items.push((this.simple(i, fr) ?? (yield* this.ev(i, fr))));
        }
        this.pendingNs += BUILD_NS;
        if (e.k === 'list') return new PyList(items);
        if (e.k === 'tuple') return new PyTuple(items);
        const s = new PySet();
        for (const i of items) this.guard(() => s.add(i), e.at);
        return s;
      }
      case 'dict': {
        const d = new PyDict();
        for (const [k, v] of e.entries) {
          const key = (this.simple(k, fr) ?? (yield* this.ev(k, fr)));
          const value = (this.simple(v, fr) ?? (yield* this.ev(v, fr)));
          this.guard(() => d.set(key, value), k.at);
        }
        this.pendingNs += BUILD_NS;
        return d;
      }
      case 'attr': return yield* this.getAttr((this.simple(e.obj, fr) ?? (yield* this.ev(e.obj, fr))), e.name, e.at);
      case 'sub': {
        const obj = (this.simple(e.obj, fr) ?? (yield* this.ev(e.obj, fr)));
        const key = (this.simple(e.index, fr) ?? (yield* this.ev(e.index, fr)));
        return yield* this.getItem(obj, key, e.at);
      }
      case 'slice': {
        const lo = e.lo ? (this.simple(e.lo, fr) ?? (yield* this.ev(e.lo, fr))) : null;
        const hi = e.hi ? (this.simple(e.hi, fr) ?? (yield* this.ev(e.hi, fr))) : null;
        const step = e.step ? (this.simple(e.step, fr) ?? (yield* this.ev(e.step, fr))) : null;
        return new PySliceValue(lo as number | null, hi as number | null, step as number | null);
      }
      case 'call': {
        let fn: unknown;
        if (e.fn.k === 'attr') {
          const obj = (this.simple(e.fn.obj, fr) ?? (yield* this.ev(e.fn.obj, fr)));
          fn = yield* this.getAttr(obj, e.fn.name, e.fn.at);
        } else if (e.fn.k === 'name' && e.fn.id === 'super' && e.args.length === 0) {
          this.pendingNs += CALL_NS;
          return this.superOf(fr, e.at);
        } else fn = (this.simple(e.fn, fr) ?? (yield* this.ev(e.fn, fr)));
        const args: unknown[] = [];
        let kw: Map<string, unknown> | null = null;
        for (const a of e.args) {
          if (a.kind === 'pos') args.push((this.simple(a.e, fr) ?? (yield* this.ev(a.e, fr))));
          else if (a.kind === 'star') args.push(...this.iterate((this.simple(a.e, fr) ?? (yield* this.ev(a.e, fr))), a.e.at));
          else if (a.kind === 'kw') (kw ??= new Map()).set(a.name!, (this.simple(a.e, fr) ?? (yield* this.ev(a.e, fr))));
          else {
            const d = (this.simple(a.e, fr) ?? (yield* this.ev(a.e, fr)));
            if (!(d instanceof PyDict)) this.raise('TypeError', 'argument after ** must be a mapping', a.e.at);
            for (const [k, v] of d.map.values()) (kw ??= new Map()).set(String(k), v);
          }
        }
        this.pendingNs += CALL_NS;
        const result = yield* this.call(fn, args, kw, e.at);
        this.check(); // CALL's eval-breaker check
        if (this.pendingNs >= FLUSH_NS) yield* this.flush(e.at);
        return result;
      }
      case 'lambda': return this.makeFunction(e.fn, fr, yield* this.defaults(e.fn, fr));
      case 'comp': return yield* this.comprehension(e, fr);
      case 'star': return this.raise('SyntaxError', 'a starred expression is not allowed here', e.at);
      case 'await': {
        const v = this.simple(e.e, fr) ?? (yield* this.ev(e.e, fr));
        return yield* this.rt.aio.await(this, v, e.at);
      }
    }
  }

  binop(op: string, l: unknown, r: unknown, at: SourceRange): unknown {
    return this.guard(() => binop(op, l, r), at);
  }

  /** Runs `f`, turning an operator's error (a JS TypeError from an unhashable key too) into the Python exception. */
  guard<T>(f: () => T, at: SourceRange): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof PyError) this.raise(err.type, err.message, at);
      if (err instanceof TypeError && err.message.startsWith('unhashable')) this.raise('TypeError', err.message, at);
      throw err;
    }
  }

  *toStr(v: unknown, at: SourceRange): G<string> {
    if (v instanceof PyInstance) {
      const m = v.cls.lookup('__str__') ?? v.cls.lookup('__repr__');
      if (m instanceof PyFunction) return str(yield* this.call(new PyBound(v, m), [], null, at));
    }
    return str(v);
  }

  private superOf(fr: Frame, at: SourceRange): PySuper {
    let f: Frame | null = fr;
    while (f && !f.cls) f = f.parent;
    if (!f?.cls) this.raise('RuntimeError', 'super(): no arguments outside a method', at);
    const self = f!.vars.get(f!.fn.params[0]?.name ?? 'self');
    return new PySuper(f!.cls!, self);
  }

  private *comprehension(e: Expr & { k: 'comp' }, fr: Frame): G<unknown> {
    const fn = compFunc(e);
    const inner: Frame = { vars: new Map(), parent: fr, fn, uid: uid() };
    const out: unknown[] = [];
    const d = e.kind === 'dict' ? new PyDict() : undefined;
    yield* this.compLevel(e, 0, fr, inner, out, d);
    if (d) return d;
    if (e.kind === 'set') {
      const s = new PySet();
      for (const v of out) this.guard(() => s.add(v), e.at);
      return s;
    }
    if (e.kind === 'gen') return new PyIterator(out);
    return new PyList(out);
  }

  private *compLevel(e: Expr & { k: 'comp' }, i: number, iterFrame: Frame, inner: Frame, out: unknown[], d: PyDict | undefined): G<void> {
    const g: CompFor = e.gens[i];
    const iterable = (this.simple(g.iter, iterFrame) ?? (yield* this.ev(g.iter, iterFrame)));
    for (const item of this.iterate(iterable, g.iter.at)) {
      this.pendingNs += FOR_ITER_NS;
      yield* this.assign(g.target, item, inner);
      let ok = true;
      for (const c of g.ifs) if (!truthy((this.simple(c, inner) ?? (yield* this.ev(c, inner))))) { ok = false; break; }
      if (!ok) continue;
      if (i + 1 < e.gens.length) yield* this.compLevel(e, i + 1, inner, inner, out, d);
      else if (d) {
        const k = (this.simple(e.elt, inner) ?? (yield* this.ev(e.elt, inner)));
        const v = (this.simple(e.value!, inner) ?? (yield* this.ev(e.value!, inner)));
        this.guard(() => d.set(k, v), e.at);
      } else out.push((this.simple(e.elt, inner) ?? (yield* this.ev(e.elt, inner))));
      yield* this.breaker(e.at);
    }
  }

  *defaults(fn: FuncDef, fr: Frame): G<unknown[]> {
    const out: unknown[] = [];
    for (const p of fn.params) out.push(p.dflt ? (this.simple(p.dflt, fr) ?? (yield* this.ev(p.dflt, fr))) : undefined);
    return out;
  }

  makeFunction(def: FuncDef, fr: Frame, defaults: unknown[], cls?: PyClass): PyFunction {
    // A method's closure skips its class body, as Python's scoping does.
    const closure = fr.isClass ? fr.parent : fr;
    return new PyFunction(def, closure, defaults, this.env, cls);
  }

  // ---------- calls ----------
  *call(fn: unknown, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
    if (fn instanceof PyBound) return yield* this.call(fn.fn, [fn.self, ...args], kw, at);
    if (fn instanceof PyFunction) return fn.def.async ? this.rt.aio.coroutine(fn, args, kw, at) : yield* this.callFunction(fn, args, kw, at);
    if (fn instanceof PyBuiltin) {
      this.rt.callAt = at;
      const r = this.guard(() => fn.call.call(this, args, kw), at);
      const v = fn.yields ? yield* (r as G<unknown>) : r;
      if (this.cNs >= C_CALL_NS) {
        yield* this.flush(at);
        const ns = Math.round(this.cNs);
        this.cNs = 0;
        yield { op: 'compute', ns, work: 'cpu', at, uninterruptible: true };
      } else {
        this.pendingNs += this.cNs;
        this.cNs = 0;
      }
      return v;
    }
    if (fn instanceof PyClass) return yield* this.instantiate(fn, args, kw, at);
    if (fn instanceof PyInstance) {
      const m = fn.cls.lookup('__call__');
      if (m) return yield* this.call(new PyBound(fn, m), args, kw, at);
    }
    return this.raise('TypeError', `'${typeName(fn)}' object is not callable`, at);
  }

  *instantiate(cls: PyClass, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
    if (cls.native && this.rt.constructs(cls)) return yield* this.rt.construct(this, cls, args, kw, at);
    const obj = new PyInstance(cls);
    const init = cls.lookup('__init__');
    if (init instanceof PyFunction || init instanceof PyBuiltin) yield* this.call(new PyBound(obj, init), args, kw, at);
    else if (args.length > 0 && !isExceptionClass(cls)) this.raise('TypeError', `${cls.name}() takes no arguments`, at);
    if (isExceptionClass(cls) && !obj.attrs.has('args')) obj.attrs.set('args', new PyTuple(args));
    return obj;
  }

  *callFunction(fn: PyFunction, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
    const def = fn.def;
    const vars = new Map<string, unknown>();
    const params = def.params;
    let ai = 0;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (p.kind === 'pos') {
        if (ai < args.length) vars.set(p.name, args[ai++]);
        else if (kw?.has(p.name)) { vars.set(p.name, kw.get(p.name)); kw.delete(p.name); }
        else if (fn.defaults[i] !== undefined || p.dflt) vars.set(p.name, fn.defaults[i]);
        else this.raise('TypeError', `${def.name}() missing required positional argument: '${p.name}'`, at);
      } else if (p.kind === 'star') {
        vars.set(p.name, new PyTuple(args.slice(ai)));
        ai = args.length;
      } else if (p.kind === 'kwonly') {
        if (kw?.has(p.name)) { vars.set(p.name, kw.get(p.name)); kw.delete(p.name); }
        else if (p.dflt) vars.set(p.name, fn.defaults[i]);
        else this.raise('TypeError', `${def.name}() missing required keyword-only argument: '${p.name}'`, at);
      } else {
        const d = new PyDict();
        if (kw) for (const [k, v] of kw) d.set(k, v);
        kw = null;
        vars.set(p.name, d);
      }
    }
    if (ai < args.length) this.raise('TypeError', `${def.name}() takes ${params.filter((p) => p.kind === 'pos').length} positional arguments but ${args.length} were given`, at);
    if (kw && kw.size > 0) this.raise('TypeError', `${def.name}() got an unexpected keyword argument '${[...kw.keys()][0]}'`, at);
    const frame: Frame = { vars, parent: fn.closure, fn: def, cls: fn.cls, uid: uid() };
    this.pendingNs += FRAME_NS;
    this.check(); // RESUME's eval-breaker check
    if (this.pendingNs >= FLUSH_NS) yield* this.flush(def.at);
    if (def.expr) return (this.simple(def.expr, frame) ?? (yield* this.ev(def.expr, frame)));
    const sig = yield* this.block(def.body, frame);
    return sig && typeof sig === 'object' ? sig.value : null;
  }

  // ---------- statements ----------
  *block(body: readonly Stmt[], fr: Frame): G<Signal> {
    for (const s of body) {
      const sig = yield* this.exec(s, fr);
      if (sig !== undefined) return sig;
    }
    return undefined;
  }

  *exec(s: Stmt, fr: Frame): G<Signal> {
    switch (s.k) {
      case 'expr': if (this.simple(s.e, fr) === undefined) yield* this.ev(s.e, fr); return undefined;
      case 'assign': {
        // The first sync object the value makes is named after the target (`lk = threading.Lock()` is `lk`).
        this.rt.nameHint = s.targets[0].k === 'name' ? s.targets[0].id : s.targets[0].k === 'attr' ? s.targets[0].name : undefined;
        const v = (this.simple(s.value, fr) ?? (yield* this.ev(s.value, fr)));
        this.rt.nameHint = undefined;
        for (const t of s.targets) if (t.k !== 'name' || !this.storeSimple(t.id, v, fr, t.at)) yield* this.assign(t, v, fr);
        return undefined;
      }
      case 'aug': {
        const t = s.target;
        let obj: unknown;
        let key: unknown;
        let cur: unknown;
        if (t.k === 'name') cur = yield* this.loadName(t, fr);
        else if (t.k === 'attr') { obj = (this.simple(t.obj, fr) ?? (yield* this.ev(t.obj, fr))); cur = yield* this.getAttr(obj, t.name, t.at); }
        else { obj = (this.simple((t as Expr & { k: 'sub' }).obj, fr) ?? (yield* this.ev((t as Expr & { k: 'sub' }).obj, fr))); key = (this.simple((t as Expr & { k: 'sub' }).index, fr) ?? (yield* this.ev((t as Expr & { k: 'sub' }).index, fr))); cur = yield* this.getItem(obj, key, t.at); }
        const r = isLeaf(s.value) ? this.leaf(s.value) : (this.simple(s.value, fr) ?? (yield* this.ev(s.value, fr)));
        this.pendingNs += opNs(s.op);
        let v: unknown;
        if (cur instanceof PyList && s.op === '+') { cur.items.push(...this.iterate(r, s.at)); v = cur; }
        else v = this.binop(s.op, cur, r, s.at);
        if (t.k === 'name') { if (!this.storeSimple(t.id, v, fr, t.at)) yield* this.storeName(t.id, v, fr, t.at); }
        else if (t.k === 'attr') yield* this.setAttr(obj, t.name, v, t.at);
        else yield* this.setItem(obj, key, v, t.at);
        return undefined;
      }
      case 'if':
        for (const b of s.branches) {
          if (!b.cond || truthy((this.simple(b.cond, fr) ?? (yield* this.ev(b.cond, fr))))) return yield* this.block(b.body, fr);
          this.pendingNs += FAST_NS;
        }
        return undefined;
      case 'while': {
        for (;;) {
          this.pendingNs += FAST_NS;
          if (!truthy((this.simple(s.cond, fr) ?? (yield* this.ev(s.cond, fr))))) break;
          const sig = yield* this.block(s.body, fr);
          if (sig === BREAK) return undefined;
          if (sig !== undefined && sig !== CONTINUE) return sig;
          yield* this.breaker(s.at);
        }
        return yield* this.block(s.orelse, fr);
      }
      case 'for': {
        const iterable = (this.simple(s.iter, fr) ?? (yield* this.ev(s.iter, fr)));
        const simple = s.target.k === 'name' && fr.fn !== this.rt.top && fr.fn.locals.has(s.target.id) && !fr.fn.cells?.has(s.target.id) && !fr.isClass ? s.target.id : undefined;
        const range = simple !== undefined && iterable instanceof PyRange ? iterable : undefined;
        const fold = range && foldRange(s.body, simple!, range.start, range.step, range.length, fr);
        if (range && fold) {
          yield* this.folded(fold.iterationNs, range.length, s.at);
          fold.apply();
          return yield* this.block(s.orelse, fr);
        }
        for (const item of this.iterate(iterable, s.iter.at)) {
          this.pendingNs += FOR_ITER_NS - FAST_NS; // FOR_ITER, STORE
          if (simple !== undefined) fr.vars.set(simple, item);
          else yield* this.assign(s.target, item, fr);
          const sig = yield* this.block(s.body, fr);
          if (sig === BREAK) return undefined;
          if (sig !== undefined && sig !== CONTINUE) return sig;
          this.pendingNs += FAST_NS; // JUMP_BACKWARD
          yield* this.breaker(s.at);
        }
        return yield* this.block(s.orelse, fr);
      }
      case 'pass': return undefined;
      case 'break': return BREAK;
      case 'continue': return CONTINUE;
      case 'return': this.pendingNs += FAST_NS; return { value: s.e ? (this.simple(s.e, fr) ?? (yield* this.ev(s.e, fr))) : null };
      case 'scope': return undefined;
      case 'def': {
        const f = this.makeFunction(s.fn, fr, yield* this.defaults(s.fn, fr));
        yield* this.storeName(s.fn.name, f, fr, s.at);
        return undefined;
      }
      case 'class': {
        const bases: PyClass[] = [];
        for (const b of s.bases) {
          const v = (this.simple(b, fr) ?? (yield* this.ev(b, fr)));
          if (!(v instanceof PyClass)) this.raise('TypeError', `a class may derive only from classes, not ${typeName(v)}`, b.at);
          bases.push(v as PyClass);
        }
        if (bases.length === 0) bases.push(this.rt.builtins.get('object') as PyClass);
        const ns: Frame = { vars: new Map(), parent: fr, fn: fr.fn, uid: uid(), isClass: true };
        const cls = new PyClass(s.name, bases, ns.vars);
        yield* this.block(s.body, ns);
        for (const v of ns.vars.values()) if (v instanceof PyFunction) v.cls = cls;
        yield* this.storeName(s.name, cls, fr, s.at);
        return undefined;
      }
      case 'import':
        for (const n of s.names) {
          const m = this.rt.module(n.module, s.at);
          yield* this.storeName(n.as, n.as === n.module.split('.')[0] && n.module.includes('.') ? this.rt.module(n.as, s.at) : m, fr, s.at);
        }
        return undefined;
      case 'from': {
        const m = this.rt.module(s.module, s.at);
        for (const n of s.names) {
          const v = m.attrs.get(n.name);
          if (v === undefined) this.raise('ImportError', `cannot import name '${n.name}' from '${s.module}' (not in the simulated subset)`, s.at);
          yield* this.storeName(n.as, v, fr, s.at);
        }
        return undefined;
      }
      case 'with': return yield* this.withItems(s, 0, fr);
      case 'try': return yield* this.tryStmt(s, fr);
      case 'raise': {
        if (!s.e) {
          if (!this.handling) this.raise('RuntimeError', 'No active exception to reraise', s.at);
          throw this.handling;
        }
        let v = (this.simple(s.e, fr) ?? (yield* this.ev(s.e, fr)));
        if (v instanceof PyClass) v = yield* this.instantiate(v, [], null, s.at);
        if (!(v instanceof PyInstance) || !isExceptionClass(v.cls)) this.raise('TypeError', 'exceptions must derive from BaseException', s.at);
        throw new PyExc(v as PyInstance, s.at);
      }
      case 'assert': {
        if (truthy((this.simple(s.e, fr) ?? (yield* this.ev(s.e, fr))))) return undefined;
        const msg = s.msg ? yield* this.toStr((this.simple(s.msg, fr) ?? (yield* this.ev(s.msg, fr))), s.at) : '';
        yield* this.flush(s.at);
        yield { op: 'assert', ok: false, message: msg || `assert ${'failed'}`, at: s.at };
        const err = pyError(this.rt, 'AssertionError', msg, s.at);
        err.reported = true;
        throw err;
      }
      case 'del':
        for (const t of s.targets) {
          if (t.k === 'sub') {
            const obj = (this.simple(t.obj, fr) ?? (yield* this.ev(t.obj, fr)));
            const key = (this.simple(t.index, fr) ?? (yield* this.ev(t.index, fr)));
            if (obj instanceof PyList) obj.items.splice(this.index(obj.items.length, key, t.at, 'list'), 1);
            else if (obj instanceof PyDict) { if (!obj.map.delete(hashKey(key))) this.raise('KeyError', key, t.at); }
            else this.raise('TypeError', `'${typeName(obj)}' object doesn't support item deletion`, t.at);
          } else if (t.k === 'name') {
            if (fr.fn === this.rt.top || fr.fn.globals.has(t.id)) this.env.globals.delete(t.id);
            else fr.vars.delete(t.id);
          } else if (t.k === 'attr') {
            const obj = (this.simple(t.obj, fr) ?? (yield* this.ev(t.obj, fr)));
            if (obj instanceof PyInstance) obj.attrs.delete(t.name);
          }
        }
        return undefined;
    }
  }

  private *awaitCall(f: unknown, args: unknown[], at: SourceRange): G<unknown> {
    return yield* this.rt.aio.await(this, yield* this.call(f, args, null, at), at);
  }

  /** The exception an `except` block is handling (for a bare `raise`). */
  handling: PyExc | undefined;

  private *withItems(s: Stmt & { k: 'with' }, i: number, fr: Frame): G<Signal> {
    if (i === s.items.length) return yield* this.block(s.body, fr);
    const item = s.items[i];
    const mgr = (this.simple(item.e, fr) ?? (yield* this.ev(item.e, fr)));
    // `async with`: the same protocol with __aenter__/__aexit__, each result awaited (Python/compile.c compiler_async_with).
    const enter = yield* this.getAttr(mgr, s.async ? '__aenter__' : '__enter__', item.e.at);
    const exit = yield* this.getAttr(mgr, s.async ? '__aexit__' : '__exit__', item.e.at);
    const exitCall = (args: unknown[]) => (s.async ? this.awaitCall(exit, args, item.e.at) : this.call(exit, args, null, item.e.at));
    const v = s.async ? yield* this.awaitCall(enter, [], item.e.at) : yield* this.call(enter, [], null, item.e.at);
    if (item.as) yield* this.assign(item.as, v, fr);
    let sig: Signal;
    try {
      sig = yield* this.withItems(s, i + 1, fr);
    } catch (err) {
      if (err instanceof PyExc) {
        const swallow = yield* exitCall([err.exc.cls, err.exc, null]);
        if (truthy(swallow)) return undefined;
      }
      throw err;
    }
    yield* exitCall([null, null, null]);
    return sig;
  }

  private *tryStmt(s: Stmt & { k: 'try' }, fr: Frame): G<Signal> {
    let sig: Signal;
    try {
      try {
        sig = yield* this.block(s.body, fr);
      } catch (err) {
        const exc = this.asPyExc(err);
        if (!exc || s.handlers.length === 0) throw err;
        for (const h of s.handlers) {
          if (h.type) {
            const t = (this.simple(h.type, fr) ?? (yield* this.ev(h.type, fr)));
            const types = t instanceof PyTuple ? t.items : [t];
            if (!types.some((c) => c instanceof PyClass && exc.exc.cls.isSubclassOf(c))) continue;
          }
          if (h.as) yield* this.storeName(h.as, exc.exc, fr, h.at);
          const outer = this.handling;
          this.handling = exc;
          try {
            return yield* this.block(h.body, fr);
          } finally {
            this.handling = outer;
          }
        }
        throw exc;
      }
      if (sig === undefined) sig = yield* this.block(s.orelse, fr);
    } finally {
      if (s.final.length > 0) {
        const fsig = yield* this.block(s.final, fr);
        // eslint-disable-next-line no-unsafe-finally
        if (fsig !== undefined) return fsig;
      }
    }
    return sig;
  }

  /** A JS error thrown inside the interpreter as the Python exception it stands for. */
  asPyExc(err: unknown): PyExc | undefined {
    if (err instanceof PyExc) return err;
    if (err instanceof PyError) return pyError(this.rt, err.type, err.message);
    if (err instanceof RangeError) return pyError(this.rt, 'RecursionError', 'maximum recursion depth exceeded');
    return undefined;
  }

  /** The task's outermost frame: an uncaught exception is a finding at the line that raised it, as CPython prints it. */
  *top(body: () => G<unknown>, at: SourceRange): G<unknown> {
    try {
      const r = yield* body();
      yield* this.flush(at);
      return r;
    } catch (err) {
      if (err instanceof LoopHalt) return null;
      const exc = this.asPyExc(err);
      if (!exc) throw err;
      yield* this.flush(exc.at ?? at);
      if (!exc.reported) {
        const where = this.label === 'main' ? 'Traceback' : `Exception in thread ${this.label}`;
        yield { op: 'print', text: `${where}: ${excMessage(exc.exc)}`, at: exc.at ?? at };
        yield { op: 'assert', ok: false, message: `uncaught ${excMessage(exc.exc)}`, at: exc.at ?? at };
      }
      return null;
    }
  }
}

/** An operator's cost: `+`, `-`, `*` are specialized in CPython 3.11 (BINARY_OP_ADD_INT, ...), comparisons cheap, the rest generic. */
function opNs(op: string): number {
  switch (op) {
    case '+': case '-': case '*': return ARITH_NS;
    case '<': case '<=': case '>': case '>=': case '==': case '!=': case 'is': case 'is not': case 'in': case 'not in': return COMPARE_NS;
    default: return GENERIC_OP_NS;
  }
}

function isLeaf(e: Expr): boolean {
  return e.k === 'num' || e.k === 'str' || e.k === 'const';
}

export function isExceptionClass(c: PyClass): boolean {
  return c.name === 'BaseException' || c.bases.some(isExceptionClass);
}

/** A slice `a[lo:hi:step]`. */
export class PySliceValue {
  constructor(readonly lo: number | null, readonly hi: number | null, readonly step: number | null) {}
  bounds(len: number): [number, number, number] {
    const step = this.step ?? 1;
    const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(v + len, step > 0 ? 0 : -1) : Math.min(v, step > 0 ? len : len - 1));
    return step > 0 ? [norm(this.lo, 0), norm(this.hi, len), step] : [norm(this.lo, len - 1), norm(this.hi, -1), step];
  }
}

/** A generator expression's or a built-in's iterator, already computed. */
export class PyIterator {
  constructor(readonly items: unknown[]) {}
}
