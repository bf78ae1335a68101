/**
 * The `interleave` runtime as it runs inside the sandbox: source text evaluated in the
 * isolated context, so every object the user's code can reach belongs to that context
 * (no host constructor to climb out through). It yields raw ops `{ op, at: <index> }`;
 * the host turns them into the core's `Op`s. `newRuntime()` builds fresh state per run.
 *
 * Values live in the sandbox (cells and the objects themselves); the ops order them for
 * the engine and the race detector. The engine may run a task's code ahead to its next op
 * before it decides which task goes next (untimed.ts: prepare), so nothing here touches a
 * shared value while the generator runs: each read, write, property access, container
 * method and first-touch `make` carries its effect as `fx`, and the engine runs `fx` in the
 * step that executes the op (core/program.ts, Op). A read's value is the op's result.
 *
 * Which sync object each class makes comes from the module's table (module/api.ts);
 * moduleApi.test.ts checks that the functions and methods here are the table's.
 */
import { INTERLEAVE_API } from '../module/api';

/** Class name → the sync kind its `make` declares (`var`: an atomic variable). */
const MAKES = Object.fromEntries(INTERLEAVE_API.flatMap((e) => (e.kind === 'class' ? [[e.name, e.makes]] : [])));

export const RUNTIME_SOURCE = String.raw`
(function (limitMs) {
  'use strict';
  const GenFn = Object.getPrototypeOf(function* () {}).constructor;
  const now = Date.now;
  const slice = { ticks: 0, start: 0 };
  const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
  const UNITS = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };
  const MAKES = ${JSON.stringify(MAKES)};

  // Every run must replay exactly, so nothing in the context may depend on the host's
  // clock, entropy or scheduling: Math.random is seeded per run, Date and the
  // concurrency-capable globals go away (Atomics.wait could block the host thread).
  let rngState = 1;
  Math.random = function random() {
    rngState = (rngState + 0x6d2b79f5) | 0;
    let t = Math.imul(rngState ^ (rngState >>> 15), 1 | rngState);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (const name of ['Date', 'console', 'Atomics', 'SharedArrayBuffer', 'WebAssembly', 'WeakRef', 'FinalizationRegistry']) {
    delete globalThis[name];
  }

  class Abort { constructor(message) { this.message = message; } }
  class SliceTimeout extends Error {
    constructor(at) { super('ran for more than ' + limitMs + ' ms of wall-clock time without taking a simulated step (an infinite loop?)'); this.at = at; }
  }

  function tick(at) {
    if (++slice.ticks < 4096) return;
    slice.ticks = 0;
    if (now() - slice.start > limitMs) throw new SliceTimeout(at);
  }

  function step(gen, input) {
    slice.ticks = 0;
    slice.start = now();
    return gen.next(input);
  }

  function effect(fx) {
    slice.ticks = 0;
    slice.start = now();
    return fx();
  }

  function start(fn, args) { return fn.apply(undefined, args); }
  function isAbort(e) { return e instanceof Abort; }
  function isLimit(e) { return e instanceof SliceTimeout; }
  function mkObject() { const o = {}; for (let i = 0; i < arguments.length; i += 2) o[arguments[i]] = arguments[i + 1]; return o; }
  function mkArray() { return Array.prototype.slice.call(arguments); }

  function nanos(d, at) {
    if (typeof d === 'number' && isFinite(d) && d >= 0) return Math.round(d * 1e6);
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/.exec(String(d));
    if (!m) throw new TypeError('"' + String(d) + '" is not a duration: write a number of milliseconds or a string such as "20ms", "5us", "1s"');
    return Math.round(Number(m[1]) * UNITS[m[2]]);
  }

  function newRuntime(seed) {
    const used = new Map();
    const shared = new WeakMap();
    const madeProps = new Set();
    function uid(name) {
      const n = (used.get(name) || 0) + 1;
      used.set(name, n);
      return n === 1 ? name : name + '#' + n;
    }

    class Cell { constructor(id, value) { this.id = id; this.value = value; } }
    class Prim { constructor(id) { this.id = id; } }

    function markShared(v, name, budget) {
      budget = budget || { left: 10000 };
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return;
      if (v instanceof Prim || v instanceof Cell || shared.has(v) || typeof v === 'function' || --budget.left < 0) return;
      shared.set(v, name);
      const arr = Array.isArray(v);
      for (const k of Object.keys(v)) markShared(v[k], arr ? name + '[' + k + ']' : name + '.' + k, budget);
    }

    function propId(o, name, k) {
      return Array.isArray(o) && k !== 'length' ? name + '[' + String(k) + ']' : name + '.' + String(k);
    }

    // A property is declared to the engine on first touch. Two tasks may both touch it first:
    // both yield a make, the engine keeps the first, and the initial value is read when it runs.
    function* ensureProp(at, id, o, k) {
      if (madeProps.has(id)) return;
      yield { op: 'make', var: { id: id, name: id, initial: undefined }, at: at, fx: () => { madeProps.add(id); return k === undefined ? undefined : o[k]; } };
    }

    const rt = {
      tick: tick,
      share(v, name) {
        if (v !== null && typeof v === 'object' && !(v instanceof Prim) && !shared.has(v)) markShared(v, uid(name));
        return v;
      },
      *mkvar(at, name, init) {
        const id = uid(name);
        markShared(init, id);
        yield { op: 'make', var: { id: id, name: id, initial: init }, at: at };
        return new Cell(id, init);
      },
      *rd(at, c) {
        return yield { op: 'read', v: c.id, at: at, fx: () => c.value };
      },
      *wr(at, c, v) {
        yield { op: 'write', v: c.id, value: v, at: at, fx: () => { markShared(v, c.id); c.value = v; } };
        return v;
      },
      *inc(at, c, d, post) {
        const old = +(yield { op: 'read', v: c.id, at: at, fx: () => c.value });
        yield { op: 'write', v: c.id, value: old + d, at: at, fx: () => { c.value = old + d; } };
        return post ? old : old + d;
      },
      *get(at, o, k) {
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) return o[k];
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, k);
        return yield { op: 'read', v: id, at: at, fx: () => o[k] };
      },
      *set(at, o, k, v) {
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) { o[k] = v; return v; }
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, k);
        yield { op: 'write', v: id, value: v, at: at, fx: () => { markShared(v, id); o[k] = v; } };
        return v;
      },
      *pinc(at, o, k, d, post) {
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) { const old = +o[k]; o[k] = old + d; return post ? old : old + d; }
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, k);
        const old = +(yield { op: 'read', v: id, at: at, fx: () => o[k] });
        yield { op: 'write', v: id, value: old + d, at: at, fx: () => { o[k] = old + d; } };
        return post ? old : old + d;
      },
      *call(at, fn, args) {
        if (fn instanceof GenFn) return yield* fn.apply(undefined, args);
        return fn.apply(undefined, args);
      },
      *mcall(at, o, k, args) {
        const fn = o[k];
        if (fn instanceof GenFn) return yield* fn.apply(o, args);
        const name = o !== null && o !== undefined && typeof o === 'object' ? shared.get(o) : undefined;
        if (name !== undefined && typeof fn === 'function') {
          // A library method on a shared container is one access to the container as a whole.
          const id = name + '[*]';
          yield* ensureProp(at, id, o, undefined);
          const writes = MUTATORS.has(k);
          // The call runs in the step that executes its access, and its result is the op's.
          const call = () => {
            if (writes) for (const a of args) markShared(a, name + '[]');
            return fn.apply(o, args);
          };
          if (!writes) return yield { op: 'read', v: id, at: at, fx: call };
          let result;
          yield { op: 'write', v: id, value: undefined, at: at, fx: () => { result = call(); } };
          return result;
        }
        return fn.apply(o, args);
      },
      f: null,
      make: null,
    };
    rt.f = primitives(rt, uid, markShared, Prim);
    rt.make = rt.f.make;
    return rt;
  }

  function callBody(fn, args) {
    if (fn instanceof GenFn) return fn.apply(undefined, args || []);
    return (function* () { return fn.apply(undefined, args || []); })();
  }

  function needFn(fn, what) {
    if (typeof fn !== 'function') throw new TypeError(what + ' needs a function, got ' + (fn === null ? 'null' : typeof fn));
  }

  function primitives(rt, uid, markShared, Prim) {
    function* sync(at, obj, action, value) {
      return yield { op: 'sync', obj: obj.id, action: action, value: value, at: at };
    }
    function* make(at, kind, name, extra) {
      const id = uid(name);
      const decl = { id: id, name: id, kind: kind };
      if (extra) for (const k of Object.keys(extra)) decl[k] = extra[k];
      yield { op: 'make', sync: decl, at: at };
      return id;
    }
    class Mutex extends Prim {
      *lock(at) { yield* sync(at, this, 'lock'); }
      *unlock(at) { yield* sync(at, this, 'unlock'); }
      *tryLock(at) { return (yield* sync(at, this, 'try_lock')) === true; }
    }
    class RWMutex extends Mutex {
      *rlock(at) { yield* sync(at, this, 'rlock'); }
      *runlock(at) { yield* sync(at, this, 'runlock'); }
    }
    class WaitGroup extends Prim {
      *add(at, n) { yield* sync(at, this, 'add', Number(n)); }
      *done(at) { yield* sync(at, this, 'done'); }
      *wait(at) { yield* sync(at, this, 'wait'); }
    }
    class Semaphore extends Prim {
      *acquire(at) { yield* sync(at, this, 'acquire'); }
      *release(at) { yield* sync(at, this, 'release'); }
      *tryAcquire(at) { return (yield* sync(at, this, 'try_acquire')) === true; }
    }
    class Chan extends Prim {
      *send(at, v) { markShared(v, this.id + '.value'); yield* sync(at, this, 'send', v); }
      *recv(at) { const r = yield* sync(at, this, 'recv'); return r ? r.value : undefined; }
      *recvOk(at) { const r = yield* sync(at, this, 'recv'); return [r ? r.value : undefined, r ? r.ok !== false : false]; }
      *close(at) { yield* sync(at, this, 'close'); }
      *len(at) { return yield* sync(at, this, 'len'); }
    }
    class Once extends Prim {
      *do(at, fn) {
        needFn(fn, 'once.do()');
        if ((yield* sync(at, this, 'once_enter')) !== true) return;
        try { yield* callBody(fn); } finally { yield* sync(at, this, 'once_exit'); }
      }
    }
    class Cond extends Prim {
      *wait(at) { yield* sync(at, this, 'wait'); }
      *signal(at) { yield* sync(at, this, 'signal'); }
      *broadcast(at) { yield* sync(at, this, 'broadcast'); }
    }
    class Barrier extends Prim {
      *wait(at) { yield* sync(at, this, 'wait'); }
    }
    class AtomicInt extends Prim {
      *load(at) { return yield { op: 'atomic', v: this.id, action: 'load', at: at }; }
      *store(at, v) { yield { op: 'atomic', v: this.id, action: 'store', value: Number(v), at: at }; }
      *add(at, n) { return (yield { op: 'atomic', v: this.id, action: 'add', value: Number(n), at: at }) + Number(n); }
      *cas(at, o, n) { return (yield { op: 'atomic', v: this.id, action: 'cas', expected: Number(o), value: Number(n), at: at }) === true; }
    }
    class Task {
      constructor(id, box) { this.id = id; this.box = box; }
      *join(at) { yield { op: 'join', tasks: [this.id], at: at }; return this.box.value; }
    }
    function* startTask(at, name, fn, args, argNames) {
      needFn(fn, 'go()/spawn()');
      for (let i = 0; i < args.length; i++) markShared(args[i], uid(argNames[i] || 'arg' + (i + 1)));
      const box = { value: undefined };
      const body = function* () { const r = yield* callBody(fn, args); box.value = r; return r; };
      const ids = yield { op: 'spawn', name: name, fn: body, count: 1, at: at };
      return new Task(ids[0], box);
    }
    function* timed(kind, at, d) {
      const op = { op: kind, ns: nanos(d, at), at: at };
      if (kind === 'compute') op.work = 'cpu';
      yield op;
    }
    function* runCase(c, r) {
      if (!c.fn) return undefined;
      return yield* callBody(c.fn, c.kind === 'recv' ? [r.value, r.ok !== false] : []);
    }
    // Each class with what its constructor's arguments add to the declaration (a var's: its initial value).
    const CLASSES = {
      Mutex: [Mutex, () => null],
      RWMutex: [RWMutex, () => null],
      WaitGroup: [WaitGroup, () => null],
      Semaphore: [Semaphore, (a) => ({ size: Number(a[0]) })],
      Chan: [Chan, (a) => ({ size: a[0] === undefined ? 0 : Number(a[0]) })],
      Once: [Once, () => null],
      Cond: [Cond, (a) => { if (!(a[0] instanceof Mutex)) throw new TypeError('new Cond(mutex) needs a Mutex'); return { mutex: a[0].id }; }],
      Barrier: [Barrier, (a) => ({ size: Number(a[0]) })],
      AtomicInt: [AtomicInt, (a) => (a[0] === undefined ? 0 : Number(a[0]))],
    };
    return {
      *make(at, cls, name, args) {
        const spec = CLASSES[cls];
        if (MAKES[cls] === 'var') {
          const id = uid(name);
          yield { op: 'make', var: { id: id, name: id, initial: spec[1](args) }, at: at };
          return new spec[0](id);
        }
        const id = yield* make(at, MAKES[cls], name, spec[1](args));
        return new spec[0](id);
      },
      *go(at, name, fn, args, argNames) { yield* startTask(at, name, fn, args, argNames); },
      *spawn(at, name, fn, args, argNames) { return yield* startTask(at, name, fn, args, argNames); },
      *sleep(at, d) { yield* timed('sleep', at, d); },
      *compute(at, d) { yield* timed('compute', at, d); },
      *io(at, d) { yield* timed('io', at, d); },
      *syscall(at, d) { yield* timed('syscall', at, d); },
      *gosched(at) { yield { op: 'yield', at: at }; },
      *lockOSThread(at) { yield { op: 'lock_os_thread', at: at }; },
      *unlockOSThread(at) { yield { op: 'unlock_os_thread', at: at }; },
      *assert(at, cond, message) { yield { op: 'assert', ok: !!cond, message: message === undefined ? 'assertion failed' : String(message), at: at }; },
      *unreachable(at, message) {
        yield { op: 'assert', ok: false, message: message === undefined ? 'unreachable code was reached' : String(message), at: at };
        throw new Abort('unreachable');
      },
      *critical(at, name, fn) {
        yield { op: 'enter', section: String(name), at: at };
        if (fn === undefined) return undefined;
        try { return yield* callBody(fn); } finally { yield { op: 'exit', section: String(name), at: at }; }
      },
      *enterSection(at, name) { yield { op: 'enter', section: String(name), at: at }; return String(name); },
      *exitSection(at, name) { yield { op: 'exit', section: name, at: at }; },
      *recvCase(at, ch, fn) { return { kind: 'recv', ch: ch, fn: fn }; },
      *sendCase(at, ch, value, fn) { return { kind: 'send', ch: ch, value: value, fn: fn }; },
      *defaultCase(at, fn) { return { kind: 'default', fn: fn }; },
      *select(at, cases) {
        const real = cases.filter((c) => c.kind !== 'default');
        const dflt = cases.find((c) => c.kind === 'default');
        for (const c of real) if (c.kind === 'send') markShared(c.value, c.ch.id + '.value');
        const r = yield { op: 'select', cases: real.map((c) => ({ kind: c.kind, obj: c.ch.id, value: c.value })), hasDefault: !!dflt, at: at };
        if (r.index < 0) return dflt ? yield* runCase(dflt, r) : undefined;
        return yield* runCase(real[r.index], r);
      },
    };
  }

  function* runMain(moduleFn, seed) {
    rngState = seed | 0;
    // A context may be reused by the next run when nothing in it changed (realmState.ts);
    // the RegExp legacy statics (RegExp.$1, lastMatch) are the one state left to reset.
    /(?:)/.exec('');
    const rt = newRuntime();
    const main = yield* moduleFn(rt);
    if (typeof main !== 'function') throw new TypeError('the default export must be a function: write export default function main() { ... }');
    return yield* callBody(main, []);
  }

  /** The global and the intrinsics no property of it reaches, for realmState.ts. */
  function intrinsics() {
    const out = [globalThis, GenFn, Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(async function* () {}),
      Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(''[Symbol.iterator]()),
      Object.getPrototypeOf(new Map()[Symbol.iterator]()), Object.getPrototypeOf(new Set()[Symbol.iterator]()),
      Object.getPrototypeOf(/a/[Symbol.matchAll]('')),
      Object.getOwnPropertyDescriptor((function () { return arguments; })(), 'callee').get];
    const It = globalThis.Iterator;
    if (It && typeof It.from === 'function') out.push(Object.getPrototypeOf(It.from({ next() { return { done: true }; } })));
    if (It && It.prototype && typeof It.prototype.map === 'function') out.push(Object.getPrototypeOf([].values().map((x) => x)));
    return out;
  }

  // The built-in functions that are nothing but a function (own keys length and name:
  // Array.prototype.map, Math.max, accessors such as Map.prototype.size's getter) are
  // frozen: no program needs to add properties to them, and a frozen object cannot change,
  // so realmState.ts need not compare the ~450 of them after every run. Constructors,
  // prototypes and namespaces stay as writable as in any JavaScript engine.
  (function freezePlainBuiltins() {
    const seen = new Set();
    const queue = intrinsics();
    while (queue.length > 0) {
      const o = queue.pop();
      if (seen.has(o)) continue;
      seen.add(o);
      const keys = Reflect.ownKeys(o);
      const proto = Object.getPrototypeOf(o);
      if (proto) queue.push(proto);
      for (const k of keys) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        for (const v of [d.value, d.get, d.set]) if ((typeof v === 'object' && v !== null) || typeof v === 'function') queue.push(v);
      }
      if (typeof o === 'function' && keys.length === 2 && keys.includes('length') && keys.includes('name')) Object.freeze(o);
    }
  })();

  return { intrinsics: intrinsics, runMain: runMain, newRuntime: newRuntime, step: step, effect: effect, start: start, isAbort: isAbort, isLimit: isLimit, mkObject: mkObject, mkArray: mkArray, GenFn: GenFn };
})
`;
