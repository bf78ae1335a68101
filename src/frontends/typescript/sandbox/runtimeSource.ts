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
import { STEP_AWARE_METHODS } from '../module/stepAware';
import { INTERLEAVE_API } from '../module/api';
import { EVENT_LOOP_SOURCE } from './eventLoopSource';

/** Class name → the sync kind its `make` declares (`var`: an atomic variable). */
const MAKES = Object.fromEntries(INTERLEAVE_API.flatMap((e) => (e.kind === 'class' ? [[e.name, e.makes]] : [])));

export const RUNTIME_SOURCE = String.raw`
(function (limitMs) {
  'use strict';
  const GenFn = Object.getPrototypeOf(function* () {}).constructor;
  const clock = Date.now;
  const slice = { ticks: 0, start: 0 };
  const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
  /** Map and Set methods that touch the one key they are given. */
  const ELEMENT_METHODS = new Set(['get', 'has', 'set', 'add', 'delete']);
  /** Library methods that keep a function they are given (in a container) rather than call it. */
  const KEEPS = new Set(['push', 'unshift', 'set', 'add', 'splice', 'fill', 'concat', 'with']);
  const STEP_AWARE = new Set(${JSON.stringify([...STEP_AWARE_METHODS])});
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
    constructor(at, message) { super(message || 'ran for more than ' + limitMs + ' ms of wall-clock time without taking a simulated step (an infinite loop?)'); this.at = at; }
  }

  function tick(at) {
    if (++slice.ticks < 4096) return;
    slice.ticks = 0;
    if (clock() - slice.start > limitMs) throw new SliceTimeout(at);
  }

  /** Steps taken so far (resumes, and ops plain code queued): a pure loop's guard compares it (transform.ts, spinGuard). */
  let opCount = 0;
  function step(gen, input) {
    opCount++;
    slice.ticks = 0;
    slice.start = clock();
    return gen.next(input);
  }

  function effect(fx) {
    slice.ticks = 0;
    slice.start = clock();
    return fx();
  }

  const madeLater = [];
  function takeMade() {
    if (madeLater.length === 0) return undefined;
    return madeLater.splice(0, madeLater.length);
  }
  /**
   * Simulated code run from plain JavaScript (a constructor, a callback given to a built-in
   * we do not wrap, an accessor reached by JSON.stringify): its reads and writes take effect
   * at once, in the task's current slice, and their ops wait in madeLater for the driver to
   * yield before the task's next step, so the race detector sees each access there (one
   * atomic step). A step that must wait (a lock, a channel) cannot be taken: an error.
   */
  function now(gen) {
    let input;
    for (;;) {
      const r = gen.next(input);
      if (r.done) return r.value;
      const op = r.value;
      input = undefined;
      opCount++;
      if (op.op === 'make') { madeLater.push(op); continue; }
      if (op.op === 'read' || op.op === 'write') {
        input = typeof op.fx === 'function' ? op.fx() : undefined;
        madeLater.push({ op: op.op, v: op.v, value: op.value, at: op.at });
        continue;
      }
      const e = new TypeError('plain JavaScript (a constructor, a callback given to a built-in, or an accessor it reached) cannot take the step "'
        + String(op.op) + '", which may wait for another task: call it from a function or method instead');
      e.at = op.at;
      throw e;
    }
  }

  /** A simulated function as plain JavaScript calls it (a built-in's callback): its steps taken at once. */
  function plainFn(f) {
    if (!(f instanceof GenFn)) return f;
    return function () { return now(f.apply(this, arguments)); };
  }

  /** The generator method of a class constructed step by step (transform.ts, genClass). */
  const INIT = Symbol('interleave construct');
  const reflectConstruct = Reflect.construct;
  /** Set while construct() makes the object, for the base class's newGuard. */
  let newOk = false;
  /**
   * \`new C(...args)\` of a class the rewrite made step-aware: the object is made with its empty
   * JavaScript constructors (which define the declared fields), then its construction runs as
   * simulated code. Any other class or function is constructed as JavaScript does.
   */
  function* construct(at, C, args) {
    if (typeof C === 'function' && C.prototype != null && Object.prototype.hasOwnProperty.call(C.prototype, INIT)) {
      newOk = true;
      let o;
      try { o = reflectConstruct(C, []); } finally { newOk = false; }
      const r = yield* o[INIT].apply(o, args);
      return r !== null && (typeof r === 'object' || typeof r === 'function') ? r : o;
    }
    return reflectConstruct(C, args);
  }
  function newGuard(at, name) {
    if (newOk) { newOk = false; return; }
    const e = new TypeError('class ' + name + ' is constructed here by code the simulation does not rewrite (a class that extends it through an expression, or Reflect.construct): '
      + 'its constructor takes simulated steps; write new ' + name + '(...) in the program, or extend ' + name + ' by name');
    e.at = at;
    throw e;
  }

  const accessorKeys = new Map();
  /** The symbol under which a simulated getter or setter keeps its generator (transform.ts, simulatedAccessor). */
  function acc(kind, k) {
    const text = kind + ' ' + String(k);
    let key = accessorKeys.get(text);
    if (key === undefined) { key = Symbol('interleave ' + text); accessorKeys.set(text, key); }
    return key;
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

  /**
   * A fresh namer: "lock" for the first object (or flow) of a name, "lock#2" for the
   * second, as the engine names sync objects. One per run; objects and async flows count apart.
   */
  function numberer() {
    const used = new Map();
    return function numbered(name) {
      const n = (used.get(name) || 0) + 1;
      used.set(name, n);
      return n === 1 ? name : name + '#' + n;
    };
  }

${EVENT_LOOP_SOURCE}

  /** What the event loop's functions say in a program that does not run on it. */
  const LOOP_ONLY = ['setTimeout', 'setImmediate', 'clearTimeout', 'queueMicrotask', 'flow', 'await', 'newPromise'];

  // The running run's state. A context may be shared by runs one after another, and a
  // paused run (the debugger) may step again after later runs: the host enters a run's
  // state before each of its steps (sandbox.ts, claim), so each sees only its own. The
  // runtime's functions and classes are built once per context (newRuntime) and read
  // these; a new set of closures per run was a sixth of a small program's exploration.
  let shared = new WeakMap();
  let madeProps = new Set();
  let uidUsed = new Map();
  let shownUsed = new Map();
  let current = null;
  /** "lock" for the first object of a name in this run, "lock#2" for the second, as the engine names sync objects. */
  function uid(name) {
    const n = (uidUsed.get(name) || 0) + 1;
    uidUsed.set(name, n);
    return n === 1 ? name : name + '#' + n;
  }
  function newRun(seed) {
    const s = { rng: seed | 0, ops: opCount, shared: new WeakMap(), madeProps: new Set(), uidUsed: new Map(), shownUsed: new Map() };
    enter(s);
    return s;
  }
  function enter(s) {
    if (current === s) return;
    if (current !== null) { current.rng = rngState; current.ops = opCount; }
    current = s;
    rngState = s.rng;
    opCount = s.ops;
    shared = s.shared;
    madeProps = s.madeProps;
    uidUsed = s.uidUsed;
    shownUsed = s.shownUsed;
  }

  /** The classes the latest newRuntime made (frozenRuntime freezes them). */
  let builtClasses = [];

  function newRuntime(useLoop) {

    class Cell { constructor(id, value) { this.id = id; this.value = value; } }
    // A handle stands for its object's id in a task's history (core engine/stateKey.ts STATE_KEY):
    // one handle per made object, and nothing else in it.
    class Prim { constructor(id) { this.id = id; } [Symbol.for('interleave.stateKey')]() { return 'h' + this.id; } }

    function markShared(v, name, budget) {
      budget = budget || { left: 10000 };
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return;
      if (v instanceof Prim || v instanceof Cell || shared.has(v) || typeof v === 'function' || --budget.left < 0) return;
      shared.set(v, name);
      if (v instanceof Map) { for (const [k, x] of v) markShared(x, name + '[' + String(k) + ']', budget); return; }
      if (v instanceof Set) { for (const x of v) markShared(x, name + '[]', budget); return; }
      const arr = Array.isArray(v);
      for (const k of Object.keys(v)) markShared(v[k], arr ? name + '[' + k + ']' : name + '.' + k, budget);
    }

    function isIndex(k) {
      return typeof k === 'number' ? Number.isInteger(k) && k >= 0 && k < 4294967295 : /^(?:0|[1-9][0-9]*)$/.test(String(k)) && Number(k) < 4294967295;
    }

    function isContainer(o) { return Array.isArray(o) || o instanceof Map || o instanceof Set; }

    // A container's elements are variables of their own (arr[3], m[key]); its structure
    // (length, size, which keys exist) is the variable name[*]. An operation on the whole
    // (m.size, s.concat(...), for-of, sort) reads or writes name[*] and every element, so
    // it conflicts with a write of any one element, while two writes of different elements
    // do not conflict with each other.
    function propId(o, name, k) {
      if (Array.isArray(o)) return k === 'length' ? name + '[*]' : name + '[' + String(k) + ']';
      if ((o instanceof Map || o instanceof Set) && k === 'size') return name + '[*]';
      return name + '.' + String(k);
    }

    function elementKeys(o) {
      if (Array.isArray(o)) { const out = []; for (let i = 0; i < o.length; i++) out.push(i); return out; }
      if (o instanceof Map) return Array.from(o.keys());
      return [];
    }

    function snapshot(o) {
      if (o instanceof Map) return Array.from(o.entries());
      return Array.from(o);
    }

    /**
     * A whole-container access: name[*] and each element (or only \`keys\`: the ones a
     * push or pop touches), as reads or writes; fx runs in the last step.
     */
    function* whole(at, o, name, write, fx, keys) {
      const star = name + '[*]';
      yield* ensureProp(at, star, o, undefined);
      for (const key of keys || elementKeys(o)) {
        const id = name + '[' + String(key) + ']';
        yield* ensureProp(at, id, o, Array.isArray(o) ? key : undefined);
        yield { op: write ? 'write' : 'read', v: id, value: undefined, at: at };
      }
      if (!write) return yield { op: 'read', v: star, at: at, fx: fx };
      let result;
      yield { op: 'write', v: star, value: undefined, at: at, fx: () => { result = fx(); } };
      return result;
    }

    function* callback(cb, thisArg, args) {
      if (cb instanceof GenFn) return yield* cb.apply(thisArg, args);
      return cb.apply(thisArg, args);
    }

    function* mergeSort(xs, cmp) {
      if (xs.length < 2) return xs;
      const mid = xs.length >> 1;
      const a = yield* mergeSort(xs.slice(0, mid), cmp);
      const b = yield* mergeSort(xs.slice(mid), cmp);
      const out = [];
      let i = 0, j = 0;
      while (i < a.length && j < b.length) {
        tick();
        // Array.prototype.sort is stable: an element of the left half goes first on a tie.
        if (Number(yield* callback(cmp, undefined, [b[j], a[i]])) < 0) out.push(b[j++]); else out.push(a[i++]);
      }
      while (i < a.length) out.push(a[i++]);
      while (j < b.length) out.push(b[j++]);
      return out;
    }

    /**
     * The array methods that call a simulated function, step by step: the container is
     * read as a whole when it is shared (one snapshot, as in the built-in, which reads each
     * element as it goes), then each call of the callback takes its own steps. Mirrors the
     * built-ins' argument order (ECMA-262 sec. 23.1.3: callbackfn(element, index, array)).
     */
    function* stepAware(at, o, k, args, name) {
      const cb = args[0];
      const thisArg = args[1];
      const items = name !== undefined ? yield* whole(at, o, name, false, () => snapshot(o)) : snapshot(o);
      if (o instanceof Map) { for (const [key, v] of items) yield* callback(cb, thisArg, [v, key, o]); return undefined; }
      if (o instanceof Set) { for (const v of items) yield* callback(cb, thisArg, [v, v, o]); return undefined; }
      const n = items.length;
      const call = (i) => callback(cb, thisArg, [items[i], i, o]);
      switch (k) {
        case 'forEach': for (let i = 0; i < n; i++) yield* call(i); return undefined;
        case 'map': { const out = new Array(n); for (let i = 0; i < n; i++) out[i] = yield* call(i); return out; }
        case 'flatMap': { const out = []; for (let i = 0; i < n; i++) { const r = yield* call(i); if (Array.isArray(r)) out.push(...r); else out.push(r); } return out; }
        case 'filter': { const out = []; for (let i = 0; i < n; i++) if (yield* call(i)) out.push(items[i]); return out; }
        case 'some': for (let i = 0; i < n; i++) if (yield* call(i)) return true; return false;
        case 'every': for (let i = 0; i < n; i++) if (!(yield* call(i))) return false; return true;
        case 'find': for (let i = 0; i < n; i++) if (yield* call(i)) return items[i]; return undefined;
        case 'findIndex': for (let i = 0; i < n; i++) if (yield* call(i)) return i; return -1;
        case 'findLast': for (let i = n - 1; i >= 0; i--) if (yield* call(i)) return items[i]; return undefined;
        case 'findLastIndex': for (let i = n - 1; i >= 0; i--) if (yield* call(i)) return i; return -1;
        case 'reduce': case 'reduceRight': {
          const order = []; for (let i = 0; i < n; i++) order.push(k === 'reduce' ? i : n - 1 - i);
          let acc; let from = 0;
          if (args.length > 1) acc = args[1];
          else { if (n === 0) throw new TypeError('Reduce of empty array with no initial value'); acc = items[order[0]]; from = 1; }
          for (let j = from; j < n; j++) acc = yield* callback(cb, undefined, [acc, items[order[j]], order[j], o]);
          return acc;
        }
        case 'sort': case 'toSorted': {
          const defined = items.filter((x) => x !== undefined);
          const sorted = (yield* mergeSort(defined, cb)).concat(items.filter((x) => x === undefined));
          if (k === 'toSorted') return sorted;
          const put = () => { for (let i = 0; i < sorted.length; i++) o[i] = sorted[i]; return o; };
          return name !== undefined ? yield* whole(at, o, name, true, put) : put();
        }
      }
      throw new TypeError('internal: no step-aware ' + k);
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
        // A class with static fields: the fields are shared state (Counter.count).
        if (typeof v === 'function' && !shared.has(v)) {
          const id = uid(name);
          shared.set(v, id);
          for (const k of Object.keys(v)) markShared(v[k], id + '.' + k);
        }
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
      // p: for a #private field, its slot ({ get(o), set(o, v) }), since o[k] cannot name it.
      *get(at, o, k, p) {
        if (o !== null && o !== undefined && p === undefined) {
          const getter = o[acc('get', k)];
          if (getter instanceof GenFn) return yield* getter.call(o);
        }
        const value = p === undefined ? () => o[k] : () => p.get(o);
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) return value();
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, p === undefined ? k : undefined);
        // What a shared object holds is shared, found when read: a #private field's value
        // is not among the keys markShared walks.
        return yield { op: 'read', v: id, at: at, fx: () => { const v = value(); markShared(v, id); return v; } };
      },
      *set(at, o, k, v, p) {
        if (o !== null && o !== undefined && p === undefined) {
          const setter = o[acc('set', k)];
          if (setter instanceof GenFn) { yield* setter.call(o, v); return v; }
        }
        const store = p === undefined ? (x) => { o[k] = x; } : (x) => { p.set(o, x); };
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) { store(v); return v; }
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, p === undefined ? k : undefined);
        if (Array.isArray(o) ? isIndex(k) && Number(k) >= o.length : p === undefined && !isContainer(o) && !Object.prototype.hasOwnProperty.call(o, k)) {
          // An element written where none was (results[i] = v on []) changes the length, a
          // new field (o.extra = 1) the keys: it conflicts with a whole read (Object.keys(o),
          // for-of) or a length read made before (they read name[*]),
          // while two tasks filling different new slots do not conflict with each other
          // (the order of two such writes changes nothing): an atomic store of name[*].
          // The length is the one this task sees when it runs to the write, as for push.
          yield* ensureProp(at, name + '[*]', o, undefined);
          yield { op: 'atomic', v: name + '[*]', action: 'store', value: undefined, at: at };
        }
        yield { op: 'write', v: id, value: v, at: at, fx: () => { markShared(v, id); store(v); } };
        return v;
      },
      // delete o.k: a write of o.k that also changes the keys (a whole read's name[*]), as a new field does.
      *del(at, o, k) {
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (name === undefined) return delete o[k];
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, k);
        yield* ensureProp(at, name + '[*]', o, undefined);
        yield { op: 'atomic', v: name + '[*]', action: 'store', value: undefined, at: at };
        let deleted = true;
        yield { op: 'write', v: id, value: undefined, at: at, fx: () => { deleted = delete o[k]; } };
        return deleted;
      },
      *pinc(at, o, k, d, post, p) {
        const name = o !== null && o !== undefined ? shared.get(o) : undefined;
        if (p !== undefined || (o !== null && o !== undefined && (o[acc('get', k)] instanceof GenFn || o[acc('set', k)] instanceof GenFn))) {
          const old = +(yield* rt.get(at, o, k, p));
          yield* rt.set(at, o, k, old + d, p);
          return post ? old : old + d;
        }
        if (name === undefined) { const old = +o[k]; o[k] = old + d; return post ? old : old + d; }
        const id = propId(o, name, k);
        yield* ensureProp(at, id, o, k);
        const old = +(yield { op: 'read', v: id, at: at, fx: () => o[k] });
        yield { op: 'write', v: id, value: old + d, at: at, fx: () => { o[k] = old + d; } };
        return post ? old : old + d;
      },
      acc: acc,
      now: now,
      INIT: INIT,
      construct: construct,
      newGuard: newGuard,
      mark() { return opCount; },
      /** A pure loop whose last pass took no step: the same pass forever (transform.ts, spinGuard). The engine parks the task on its second yield. */
      *spinning(at) {
        // The untimed model (check) parks the task on its second yield here; the timed model
        // (run) has no spin parking, so the loop is reported here instead of spending the event budget.
        for (let n = 0; n < 64; n++) yield { op: 'yield', at: at };
        throw new SliceTimeout(at, 'this loop never ends: a pass takes no simulated step and changes nothing the loop tests, so every pass is the same');
      },
      plainFn: plainFn,
      /** An arrow that carries \`this\` to another task: the object is shared from here on. */
      bindShared(fn, self, name, args) {
        rt.share(self, name);
        if (args === undefined) return fn.bind(self);
        for (let i = 0; i < args.length; i++) markShared(args[i], uid(name + '.arg' + (i + 1)));
        return fn.bind(self, ...args);
      },
      *call(at, fn, args) {
        if (fn instanceof GenFn) return yield* fn.apply(undefined, args);
        return fn.apply(undefined, args);
      },
      *mcall(at, o, k, args) {
        const fn = o[k];
        if (fn instanceof GenFn) return yield* fn.apply(o, args);
        // A promise's then/catch/finally: its reactions are simulated code the loop runs as
        // jobs (never plain), in the lane of the chain the call starts or continues.
        if (rt.loop !== undefined && (k === 'then' || k === 'catch' || k === 'finally') && rt.loop.isPromise(o)) return rt.loop.thenAt(at, o, k, args);
        // \`Math.max.apply(null, arr)\`: a library function reads the argument list as a whole.
        if (k === 'apply' && typeof o === 'function' && args.length > 1) yield* rt.readAll(at, args[1]);
        const name = o !== null && o !== undefined && typeof o === 'object' ? shared.get(o) : undefined;
        if (typeof fn === 'function' && args.some((a) => a instanceof GenFn)) {
          if (STEP_AWARE.has(k) && isContainer(o)) return yield* stepAware(at, o, k, args, name);
          // A built-in that calls the simulated function it is given (s.replace(re, fmt)):
          // each call runs at once, as plain code; one that keeps it (push, set) keeps it.
          if (!KEEPS.has(k)) args = args.map(plainFn);
        }
        if (name !== undefined && typeof fn === 'function') {
          const writes = MUTATORS.has(k);
          // The call runs in the step that executes its access, and its result is the op's.
          const call = () => {
            if (writes) for (const a of args) markShared(a, name + '[]');
            return fn.apply(o, args);
          };
          if ((o instanceof Map || o instanceof Set) && ELEMENT_METHODS.has(k) && args.length > 0) {
            // One key: its element, and for a change of which keys exist, the structure too.
            const id = name + '[' + String(args[0]) + ']';
            yield* ensureProp(at, id, o, undefined);
            if (!writes) return yield { op: 'read', v: id, at: at, fx: call };
            yield* ensureProp(at, name + '[*]', o, undefined);
            yield { op: 'write', v: id, value: undefined, at: at };
            let result;
            yield { op: 'write', v: name + '[*]', value: undefined, at: at, fx: () => { result = call(); } };
            return result;
          }
          if (Array.isArray(o) && (k === 'push' || k === 'pop')) {
            // An append or a removal at the end changes the length and the last elements only.
            const n = o.length;
            const keys = [];
            if (k === 'push') for (let i = 0; i < args.length; i++) keys.push(n + i);
            else if (n > 0) keys.push(n - 1);
            return yield* whole(at, o, name, true, call, keys);
          }
          if (isContainer(o)) return yield* whole(at, o, name, writes, call);
          // A library method on another shared object is one access to the object as a whole.
          const id = name + '[*]';
          yield* ensureProp(at, id, o, undefined);
          if (!writes) return yield { op: 'read', v: id, at: at, fx: call };
          let result;
          yield { op: 'write', v: id, value: undefined, at: at, fx: () => { result = call(); } };
          return result;
        }
        return fn.apply(o, args);
      },
      /**
       * A shared object read as a whole where JavaScript reads it without a property access
       * (\`...o\`, \`[...arr]\`, \`const [a, b] = arr\`, \`JSON.stringify(o)\`, \`Object.keys(o)\`): a read
       * of each own field, or of a container's structure and elements. \`keys\`: only these
       * fields (\`const { a, b } = o\`). Returns o, which the expression then reads as written.
       */
      *readAll(at, o, keys) {
        const name = o !== null && typeof o === 'object' ? shared.get(o) : undefined;
        if (name === undefined) return o;
        if (isContainer(o)) { yield* whole(at, o, name, false, () => undefined); return o; }
        if (keys === undefined) {
          // Which fields exist: a field added later (rt.set) conflicts with this read.
          yield* ensureProp(at, name + '[*]', o, undefined);
          yield { op: 'read', v: name + '[*]', at: at };
        }
        for (const k of keys || Object.keys(o)) {
          const id = propId(o, name, k);
          yield* ensureProp(at, id, o, k);
          yield { op: 'read', v: id, at: at, fx: () => { markShared(o[k], id); return undefined; } };
        }
        return o;
      },
      /** The iterable of a for-of: a shared container is read as a whole, into a snapshot. */
      *iter(at, xs) {
        const name = xs !== null && typeof xs === 'object' ? shared.get(xs) : undefined;
        if (name === undefined || !isContainer(xs)) return xs;
        return yield* whole(at, xs, name, false, () => (xs instanceof Map ? Array.from(xs.entries()) : Array.from(xs)));
      },
      f: null,
      make: null,
    };
    builtClasses = [Cell, Prim];
    rt.f = primitives(rt, uid, markShared, Prim, builtClasses);
    rt.make = rt.f.make;
    if (useLoop) {
      rt.loop = eventLoop(rt, markShared, GenFn, Abort, tick, nanos, typeof useLoop === 'string' ? useLoop : '');
      rt.Promise = rt.loop.Promise;
      Object.assign(rt.f, rt.loop.primitives);
      // One thread: a task of its own or an object that blocks it cannot be modelled here.
      const refuse = (at, what) => {
        const e = new TypeError(what + ': an async file runs on the event loop, one thread that never blocks; use async functions, await and promises (an async mutex for a lock)');
        e.at = at;
        e.interleaveFatal = true;
        throw e;
      };
      for (const name of ['go', 'spawn', 'select', 'gosched', 'lockOSThread', 'unlockOSThread']) {
        rt.f[name] = function* (at) { refuse(at, name + '() starts or blocks a thread'); };
      }
      const make = rt.f.make;
      rt.f.make = function* (at, cls, name, args, shown) {
        if (MAKES[cls] !== 'var') refuse(at, 'new ' + cls + '() makes an object that blocks a thread');
        return yield* make.call(rt.f, at, cls, name, args, shown);
      };
      rt.make = rt.f.make;
    } else {
      rt.Promise = Promise;
      for (const name of LOOP_ONLY) {
        rt.f[name] = function* (at) {
          const e = new TypeError(name + '() needs the event loop: write an async function (the file then runs on the eventloop runtime), or set runtime=eventloop');
          e.at = at;
          throw e;
        };
      }
    }
    return rt;
  }

  function callBody(fn, args) {
    if (fn instanceof GenFn) return fn.apply(undefined, args || []);
    return (function* () { return fn.apply(undefined, args || []); })();
  }

  function needFn(fn, what) {
    if (typeof fn !== 'function') throw new TypeError(what + ' needs a function, got ' + (fn === null ? 'null' : typeof fn));
  }

  function primitives(rt, uid, markShared, Prim, classes) {
    function* sync(at, obj, action, value) {
      return yield { op: 'sync', obj: obj.id, action: action, value: value, at: at };
    }
    // What a reader calls a made object (a.lock, b.lock), kept apart from its id (lock,
    // lock#2), which must never be a property path (calls.ts, nameHint); made unique per run (shownUsed).
    function shownName(id, shown) {
      if (shown === undefined) return id;
      const n = (shownUsed.get(shown) || 0) + 1;
      shownUsed.set(shown, n);
      return n === 1 ? shown : shown + '#' + n;
    }
    function* make(at, kind, name, extra, shown) {
      const id = uid(name);
      const decl = { id: id, name: shownName(id, shown), kind: kind };
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
      // box.value is the task's return value, which its own history decides.
      [Symbol.for('interleave.stateKey')]() { return 't' + this.id; }
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
    classes.push(Task, ...Object.keys(CLASSES).map((k) => CLASSES[k][0]));
    return {
      *make(at, cls, name, args, shown) {
        const spec = CLASSES[cls];
        if (MAKES[cls] === 'var') {
          const id = uid(name);
          yield { op: 'make', var: { id: id, name: id, initial: spec[1](args) }, at: at };
          return new spec[0](id);
        }
        const id = yield* make(at, MAKES[cls], name, spec[1](args), shown);
        return new spec[0](id);
      },
      /**
       * \`new Mutex()\` in plain JavaScript (a constructor, a field initializer): the object
       * exists at once, and its make step waits in madeLater until the task's next step,
       * which the driver yields it before (driver.ts, body), so it is made before any use.
       */
      makeNow(at, cls, name, args, shown) {
        const g = this.make(at, cls, name, args, shown);
        opCount++;
        madeLater.push(g.next().value);
        return g.next().value;
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

  /** The runtime of programs without the event loop, built at the first run and frozen: every run shares it. */
  let plainRuntime = null;
  function frozenRuntime() {
    const rt = newRuntime(false);
    // Nothing a run does to them may reach the next run: the runtime object, its primitives
    // and the classes of the objects it hands out (reachable through an instance's constructor).
    // A function's own \`prototype\` object (a generator method's holds its generators'
    // prototype) is frozen with it; Promise is the intrinsic, left as any program sees it.
    const freeze = (o) => {
      if (o === Promise || Object.isFrozen(o)) return;
      Object.freeze(o);
      for (const k of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (typeof d.value === 'function' || (k === 'prototype' && d.value !== null && typeof d.value === 'object')) freeze(d.value);
        if (d.get) freeze(d.get);
        if (d.set) freeze(d.set);
      }
    };
    for (const C of builtClasses) freeze(C);
    freeze(rt);
    return rt;
  }

  /** \`state\`: the run's own (newRun), entered already. */
  function* runMain(moduleFn, state, useLoop) {
    enter(state);
    madeLater.length = 0;
    // A context may be reused by the next run when nothing in it changed (realmState.ts);
    // the RegExp legacy statics (RegExp.$1, lastMatch) are the one state left to reset.
    /(?:)/.exec('');
    const rt = useLoop ? newRuntime(useLoop) : (plainRuntime || (plainRuntime = frozenRuntime()));
    if (!useLoop) {
      const main = yield* moduleFn(rt);
      if (typeof main !== 'function') throw new TypeError('the default export must be a function: write export default function main() { ... }');
      return yield* callBody(main, []);
    }
    // The event loop: the script is the first macrotask, then timers, immediates and I/O.
    const loop = rt.loop;
    return yield* loop.watchTask((function* () {
      yield* loop.start(undefined);
      const main = yield* moduleFn(rt);
      if (typeof main !== 'function') throw new TypeError('the default export must be a function: write export default function main() { ... }');
      const r = yield* callBody(main, []);
      yield* loop.checkpoint(undefined);
      yield* loop.runLoop(undefined);
      return loop.isPromise(r) ? r.value : r;
    })());
  }

  /**
   * The objects a run can reach and change, for realmState.ts: the global and the intrinsics
   * no property of it reaches (\`names\`: undefined); or, for a program that never names
   * \`globalThis\` (\`names\`: the words of its code, comma-separated), only what it can reach.
   * Its code is strict and no string becomes code here, so the global object itself is out
   * of its reach (no sloppy \`this\`, no indirect eval or Function()): a global is reached by
   * its name alone, and the rest by syntax (literals of each kind, functions, generators,
   * async code, regular expressions, the errors the engine throws) and by what those reach
   * through properties and prototypes, which the snapshot walks. The runtime hands a program
   * no object of its own but arrays, plain objects, promises and its frozen classes' objects
   * (a Map or a Set only by name). The global and a global it never names (Math, JSON, Intl,
   * the typed arrays, ...) are left out: most of the realm.
   */
  function intrinsics(names) {
    const hidden = [GenFn, Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(async function* () {}),
      Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(''[Symbol.iterator]()),
      Object.getPrototypeOf(new Map()[Symbol.iterator]()), Object.getPrototypeOf(new Set()[Symbol.iterator]()),
      Object.getPrototypeOf(/a/[Symbol.matchAll]('')),
      Object.getOwnPropertyDescriptor((function () { return arguments; })(), 'callee').get];
    const It = globalThis.Iterator;
    if (It && typeof It.from === 'function') hidden.push(Object.getPrototypeOf(It.from({ next() { return { done: true }; } })));
    if (It && It.prototype && typeof It.prototype.map === 'function') hidden.push(Object.getPrototypeOf([].values().map((x) => x)));
    if (typeof names !== 'string') return [globalThis, ...hidden];
    const syntax = [Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype,
      Symbol.prototype, BigInt.prototype, RegExp.prototype, Promise.prototype,
      Error.prototype, TypeError.prototype, RangeError.prototype, ReferenceError.prototype, SyntaxError.prototype, EvalError.prototype,
      URIError.prototype, AggregateError.prototype];
    const named = [];
    for (const name of names.split(',')) {
      if (!Object.prototype.hasOwnProperty.call(globalThis, name)) continue;
      const v = globalThis[name];
      if ((typeof v === 'object' && v !== null) || typeof v === 'function') named.push(v);
    }
    return [...hidden, ...syntax, ...named];
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

  return { takeMade: takeMade, intrinsics: intrinsics, newRun: newRun, enter: enter, runMain: runMain, newRuntime: newRuntime, step: step, effect: effect, start: start, isAbort: isAbort, isLimit: isLimit, mkObject: mkObject, mkArray: mkArray, GenFn: GenFn };
})
`;
