/**
 * The concurrency modules a program may import, each class mapped onto the core's sync
 * objects and task ops: `threading` (Lib/threading.py), `queue` (Lib/queue.py), `time`,
 * `multiprocessing` (Lib/multiprocessing: Process, Queue, Lock, Value, Pool) and
 * `concurrent.futures` (Lib/concurrent/futures/thread.py, process.py).
 *
 * A native class is a `PyClass` whose methods are built-ins taking `self` first; its state
 * lives in `PyInstance.native`, so a user class may derive from `threading.Thread`.
 */
/* eslint-disable require-yield -- every native method is a generator, so a call may yield ops; some happen not to */
import { isTimedOut, type Op, type SourceRange, type SyncDecl, type SyncKind, type TaskBody } from '../../core/program';
import { PyError } from './ops';
import { FAST_NS } from './costs';
import { Exec, PyIterator, pyError, type G } from './interp';
import { pickle, type Runtime } from './runtime';
import {
  PyBound, PyBuiltin, PyClass, PyExc, PyFloat, PyFunction, PyInstance, PyList, PyModule, PyTuple, str, truthy, typeName, uid, type Frame, type ModuleEnv,
} from './values';

export interface Natives {
  readonly modules: Map<string, PyModule>;
  readonly constructors: Map<PyClass, (x: Exec, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange) => G<unknown>>;
  attr(x: Exec, obj: PyInstance, name: string, at: SourceRange): G<unknown> | undefined;
  setAttr(x: Exec, obj: PyInstance, name: string, value: unknown, at: SourceRange): G<void> | undefined;
  /**
   * `executor.submit(fn, *args)` for asyncio's `run_in_executor`: `onDone` runs on the worker
   * thread once the job has finished (its result or exception set), where CPython's
   * `_chain_future` calls `loop.call_soon_threadsafe` (futures.py).
   */
  submit(x: Exec, executor: PyInstance, fn: unknown, args: unknown[], at: SourceRange, onDone: JobDone): G<PyInstance>;
  /** A `concurrent.futures.ThreadPoolExecutor()` with its defaults (asyncio's default executor), and its shutdown(wait=True). */
  threadPool(x: Exec, at: SourceRange): G<PyInstance>;
  shutdown(x: Exec, executor: PyInstance, at: SourceRange): G<void>;
  isExecutor(v: unknown): v is PyInstance;
}

/** What runs on an executor's worker thread when a job ends: its result, or the exception it raised. */
export type JobDone = (w: Exec, value: unknown, exc: PyExc | undefined) => G<void>;

export type Method = (this: Exec, self: PyInstance, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange) => G<unknown>;

/** A built-in class whose methods are generators taking `self` first (its state in `PyInstance.native`). */
export function nativeClass(rt: Runtime, name: string, methods: Record<string, Method>, bases: PyClass[] = []): PyClass {
  const attrs = new Map<string, unknown>();
  for (const [m, f] of Object.entries(methods)) {
    attrs.set(m, new PyBuiltin(`${name}.${m}`, function (this: Exec, args: unknown[], kw: Map<string, unknown> | null) {
      const [self, ...rest] = args;
      return f.call(this, self as PyInstance, rest, kw, rt.callAt);
    } as (args: unknown[], kw: Map<string, unknown> | null) => unknown, true));
  }
  return new PyClass(name, bases, attrs, name);
}

/** Lib/multiprocessing/sharedctypes.py typecode_to_type: the ctypes type a `Value` typecode makes. */
const CTYPES: Record<string, string> = {
  c: 'c_char', u: 'c_wchar', b: 'c_byte', B: 'c_ubyte', h: 'c_short', H: 'c_ushort', i: 'c_int', I: 'c_uint',
  l: 'c_long', L: 'c_ulong', q: 'c_longlong', Q: 'c_ulonglong', f: 'c_float', d: 'c_double',
};
/** Large enough to never fill: an unbounded `queue.Queue()`. */
const UNBOUNDED = 1_000_000_000;
/** Work item that tells an executor's worker to exit (concurrent/futures/thread.py: `None` on the work queue). */
const SENTINEL = null;

interface ThreadState { target: unknown; args: unknown[]; kwargs: Map<string, unknown> | null; name?: string; task?: number; process: boolean; daemon: boolean; ended?: boolean }
interface LockState { id: string; owner?: Exec; count: number; reentrant: boolean }
interface QueueState { chan: string; mutex: string; cond: string; unfinished: number; pickles: boolean }
interface EventState { mutex: string; cond: string; flag: boolean }
interface ValueState { value: unknown; lock: PyInstance | null; id: string; name: string; ctype: string }
interface FutureState { chan: string; done: boolean; fetched: boolean; value?: unknown; exc?: unknown; seq: number }
interface ExecutorState { chan: string; workers: number[]; max: number; idle: number; processes: boolean; shut: boolean; kind: string }

export function concurrencyModules(rt: Runtime): Natives {
  const modules = new Map<string, PyModule>();
  const constructors: Natives['constructors'] = new Map();
  let completed = 0;

  const cls = (name: string, methods: Record<string, Method>, bases: PyClass[] = []): PyClass => nativeClass(rt, name, methods, bases);
  const stateOf = <T>(self: PyInstance, what: string): T => {
    if (self.native === undefined) throw new PyError('RuntimeError', `${what}.__init__() was not called`);
    return self.native as T;
  };
  function* make(x: Exec, kind: SyncKind, at: SourceRange, extra: Partial<SyncDecl> = {}): G<string> {
    const { id, name } = rt.syncId(kind === 'mutex' ? 'lock' : kind === 'channel' ? 'queue' : kind);
    yield { op: 'make', decl: { sync: { id, name: extra.name ?? name, kind, ...extra, at } }, at };
    return id;
  }
  /** A sync op; `timeoutNs` makes it a timed wait whose result is TIMED_OUT when it passes (core/program.ts). */
  function* sync(x: Exec, obj: string, action: Op & { op: 'sync' } extends infer S ? S extends { action: infer A } ? A : never : never, at: SourceRange, value?: unknown, timeoutNs?: number): G<unknown> {
    yield* x.beforeSync(at);
    const r = yield timeoutNs === undefined ? { op: 'sync', obj, action, value, at } : { op: 'sync', obj, action, value, timeoutNs, at };
    x.check();
    return r;
  }
  const arg = (args: unknown[], kw: Map<string, unknown> | null, i: number, name: string, dflt: unknown): unknown =>
    (args.length > i ? args[i] : kw?.has(name) ? kw.get(name) : dflt);
  const notSimulated = (what: string, hint: string): never => {
    throw new PyError('NotImplementedError', `${what} is not simulated (${hint})`);
  };
  const noTimeout = (v: unknown, what: string) => {
    if (v !== null && v !== undefined && v !== -1) notSimulated(`${what} with a timeout`, 'wait without a timeout');
  };
  const seconds = (v: unknown): number => {
    const s = v instanceof PyFloat ? v.v : typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN;
    if (Number.isNaN(s)) throw new PyError('TypeError', `'${typeName(v)}' object cannot be interpreted as a timeout`);
    return s;
  };
  /** A `timeout=` in ns, undefined for none (None). A wait of 0 or less polls once (Lib/threading.py: Condition.wait). */
  const timeoutNs = (v: unknown): number | undefined =>
    (v === null || v === undefined ? undefined : Math.max(0, Math.round(seconds(v) * 1e9)));
  /** Lock.acquire's `timeout` (Modules/_threadmodule.c: lock_acquire_parse_args): −1 is forever. */
  const lockTimeoutNs = (blocking: unknown, v: unknown, nonBlocking: string): number | undefined => {
    if (v === null || v === undefined) return undefined;
    const s = seconds(v);
    if (blocking === false && s !== -1) throw new PyError('ValueError', nonBlocking);
    if (s === -1) return undefined;
    if (s < 0) throw new PyError('ValueError', 'timeout value must be positive');
    return Math.round(s * 1e9);
  };
  function* now(at: SourceRange): G<number> {
    return (yield { op: 'now', at }) as number;
  }

  // ---------- threads and processes ----------
  const moduleFrame = (env: ModuleEnv): Frame => ({ vars: env.globals, parent: null, fn: rt.top, uid: uid() });
  /** The spawn start method: a child process runs the module again as `__mp_main__` (Lib/multiprocessing/spawn.py: _fixup_main_from_path). */
  function* reimport(child: Exec): G<void> {
    if (rt.startMethod !== 'spawn') return;
    child.bootstrapping = true;
    yield* child.block(rt.mod.body, moduleFrame(child.env));
    child.bootstrapping = false;
  }
  /**
   * A child process's module: under `fork` (Linux's default up to 3.13) a copy of the
   * parent's globals at Process.start() (os.fork copies the address space); under `spawn`
   * a fresh one that `reimport` fills.
   */
  const childEnv = (parent: Exec): ModuleEnv => {
    const env = rt.newEnv(true);
    if (rt.startMethod === 'spawn') return env;
    for (const [k, v] of parent.env.globals) if (k !== '__name__') env.globals.set(k, pickle(v, undefined, shareable));
    env.globals.set('__name__', '__main__');
    return env;
  };
  const shareable = (v: PyInstance) => v.cls.nativeBase() !== undefined && v.cls.nativeBase() !== threadCls && v.cls.nativeBase() !== processCls;

  function* startTask(x: Exec, self: PyInstance, st: ThreadState, at: SourceRange): G<void> {
    if (st.task !== undefined) throw new PyError('RuntimeError', `${st.process ? 'processes' : 'threads'} can only be started once`);
    if (x.bootstrapping) {
      throw new PyError('RuntimeError', 'An attempt has been made to start a new process before the current process has finished its bootstrapping phase: guard the start with `if __name__ == "__main__":`');
    }
    if (st.process !== rt.processes) wrongRuntime(st.process ? 'multiprocessing.Process' : 'threading.Thread');
    const run = self.cls.lookup('run');
    const label = st.name ?? (st.target instanceof PyFunction ? st.target.def.name : self.cls.name === 'Thread' || self.cls.name === 'Process' ? (st.process ? 'process' : 'thread') : self.cls.name);
    let body: TaskBody;
    if (st.process) {
      const snapshot = pickle(new PyTuple([self, new PyTuple(st.args)]), undefined, shareable) as PyTuple;
      const forked = childEnv(x);
      body = function* () {
        const child = new Exec(rt, forked, label);
        return yield* child.top(function* () {
          yield* reimport(child);
          const [me, args] = (pickle(snapshot, child.env, shareable) as PyTuple).items as [PyInstance, PyTuple];
          const state = me.native as ThreadState;
          state.target = pickle(st.target, child.env, shareable);
          state.args = [...args.items];
          return yield* child.call(new PyBound(me, me.cls.lookup('run')), [], null, at);
        }, at);
      };
    } else {
      rt.started = true;
      body = function* () {
        const child = new Exec(rt, x.env, label);
        return yield* child.top(() => child.call(new PyBound(self, run), [], null, at), at);
      };
    }
    yield* x.flush(at);
    const inner = body;
    const ids = (yield { op: 'spawn', body: function* (...a: unknown[]) { try { return yield* inner(...a); } finally { st.ended = true; } }, name: label, count: 1, at }) as number[];
    st.task = ids[0];
    // threading._shutdown (and multiprocessing's atexit) joins every non-daemon thread or process when main ends.
    const daemon = self.attrs.has('daemon') ? self.attrs.get('daemon') === true : st.daemon;
    if (!daemon) rt.nonDaemon.push(st.task);
  }

  const taskMethods = (process: boolean): Record<string, Method> => ({
    *__init__(self, args, kw) {
      const a = (i: number, n: string, d: unknown) => arg(args, kw, i, n, d);
      const target = a(1, 'target', null);
      const targs = a(3, 'args', new PyTuple([]));
      const name = a(2, 'name', null);
      const kwargs = a(4, 'kwargs', null);
      self.native = {
        target, args: [...this.iterate(targs, rt.callAt)], process,
        kwargs: kwargs && typeof kwargs === 'object' && 'map' in kwargs ? new Map([...(kwargs as { map: Map<unknown, [unknown, unknown]> }).map.values()].map(([k, v]) => [String(k), v])) : null,
        name: name === null ? undefined : str(name),
        daemon: arg(args, kw, 5, 'daemon', null) === true,
      } satisfies ThreadState;
      return null;
    },
    *run(self) {
      const st = stateOf<ThreadState>(self, process ? 'Process' : 'Thread');
      if (st.target === null) return null;
      return yield* this.call(st.target, st.args, st.kwargs ? new Map(st.kwargs) : null, rt.callAt);
    },
    *is_alive(self) {
      const st = stateOf<ThreadState>(self, process ? 'Process' : 'Thread');
      return st.task !== undefined && st.ended !== true;
    },
    *start(self, _a, _k, at) {
      yield* startTask(this, self, stateOf<ThreadState>(self, process ? 'Process' : 'Thread'), at);
      return null;
    },
    *join(self, args, kw, at) {
      const timeout = timeoutNs(arg(args, kw, 0, 'timeout', null));
      const st = stateOf<ThreadState>(self, process ? 'Process' : 'Thread');
      if (st.task === undefined) throw new PyError('RuntimeError', `cannot join ${process ? 'a process' : 'thread'} before it is started`);
      // A second join returns at once in CPython; the core would call it a misuse.
      if (rt.joined.has(st.task)) return null;
      yield* this.flush(at);
      // Lib/threading.py Thread.join(timeout): _wait_for_tstate_lock(timeout=max(timeout, 0)); None when it passes.
      const r = yield timeout === undefined ? { op: 'join', tasks: [st.task], at } : { op: 'join', tasks: [st.task], timeoutNs: timeout, at };
      this.check();
      if (isTimedOut(r)) return null;
      rt.joined.add(st.task);
      this.check();
      return null;
    },
  });
  const threadCls = cls('Thread', taskMethods(false));
  const processCls = cls('Process', taskMethods(true));
  const wrongRuntime = (what: string): never =>
    notSimulated(`${what} in a file that runs on the ${rt.processes ? 'processes' : 'python'} runtime`, 'a file is simulated on one runtime: threads (python) when it uses no multiprocessing, processes when it does; split the file in two');

  // ---------- locks ----------
  const lockMethods = (reentrant: boolean): Record<string, Method> => {
    function* acquire(this: Exec, self: PyInstance, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
      const st = stateOf<LockState>(self, 'Lock');
      const blocking = arg(args, kw, 0, 'blocking', true);
      const timeout = lockTimeoutNs(blocking, arg(args, kw, 1, 'timeout', -1), "can't specify a timeout for a non-blocking call");
      if (st.reentrant && st.owner === this) { st.count++; this.pendingNs += FAST_NS; return true; }
      if (blocking === false) {
        const ok = (yield* sync(this, st.id, 'try_lock', at)) as boolean;
        if (ok) { st.owner = this; st.count = 1; }
        return ok;
      }
      // Modules/_threadmodule.c lock_PyThread_acquire_lock → acquire_timed: False when the timeout passes.
      if (isTimedOut(yield* sync(this, st.id, 'lock', at, undefined, timeout))) return false;
      st.owner = this;
      st.count = 1;
      return true;
    }
    function* release(this: Exec, self: PyInstance, _a: unknown[], _k: unknown, at: SourceRange): G<unknown> {
      const st = stateOf<LockState>(self, 'Lock');
      if (st.reentrant) {
        if (st.owner !== this) throw new PyError('RuntimeError', 'cannot release un-acquired lock');
        if (--st.count > 0) return null;
      }
      st.owner = undefined;
      yield* sync(this, st.id, 'unlock', at);
      return null;
    }
    return {
      *__init__(self, _a, _k, at) {
        self.native = { id: yield* make(this, 'mutex', at), count: 0, reentrant } satisfies LockState;
        return null;
      },
      acquire, release, __enter__: acquire,
      *__exit__(self, _a, _k, at) { yield* release.call(this, self, [], null, at); return false; },
      *locked(self) { return stateOf<LockState>(self, 'Lock').owner !== undefined; },
    };
  };
  const lockCls = cls('Lock', lockMethods(false));
  const rlockCls = cls('RLock', lockMethods(true));

  const semMethods = (bounded: boolean): Record<string, Method> => {
    function* acquire(this: Exec, self: PyInstance, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
      const blocking = arg(args, kw, 0, 'blocking', true);
      const t = arg(args, kw, 1, 'timeout', null);
      // Lib/threading.py Semaphore.acquire: a timeout with blocking=False is refused; a negative one polls.
      if (blocking === false && t !== null) throw new PyError('ValueError', "can't specify timeout for non-blocking acquire");
      if (blocking === false) return yield* sync(this, self.native as string, 'try_acquire', at);
      return !isTimedOut(yield* sync(this, self.native as string, 'acquire', at, undefined, timeoutNs(t)));
    }
    function* release(this: Exec, self: PyInstance, args: unknown[], _k: unknown, at: SourceRange): G<unknown> {
      const n = (args[0] as number) ?? 1;
      for (let i = 0; i < n; i++) yield* sync(this, self.native as string, 'release', at);
      return null;
    }
    return {
      *__init__(self, args, kw, at) {
        const value = arg(args, kw, 0, 'value', 1) as number;
        if (value < 0) throw new PyError('ValueError', 'semaphore initial value must be >= 0');
        self.native = yield* make(this, 'semaphore', at, { size: value, strict: bounded });
        return null;
      },
      acquire, release, __enter__: acquire,
      *__exit__(self, _a, _k, at) { yield* release.call(this, self, [], null, at); return false; },
    };
  };
  const semCls = cls('Semaphore', semMethods(false));
  const bsemCls = cls('BoundedSemaphore', semMethods(true));

  /**
   * Condition.wait (Lib/threading.py): release the lock, wait for a notify, take the lock again.
   * With a timeout the wait may end first: False, the lock taken again (`_acquire_restore`).
   */
  function* condWait(x: Exec, st: { mutex: string; cond: string }, timeout: number | undefined, at: SourceRange): G<boolean> {
    if (!isTimedOut(yield* sync(x, st.cond, 'wait', at, undefined, timeout))) return true;
    yield* sync(x, st.mutex, 'lock', at);
    return false;
  }
  const condCls = cls('Condition', {
    *__init__(self, args, kw, at) {
      const lock = arg(args, kw, 0, 'lock', null);
      const mutex = lock instanceof PyInstance ? stateOf<LockState>(lock, 'Lock').id : yield* make(this, 'mutex', at);
      const cond = yield* make(this, 'cond', at, { mutex });
      self.native = { mutex, cond };
      return null;
    },
    *acquire(self, _a, _k, at) { yield* sync(this, (self.native as { mutex: string }).mutex, 'lock', at); return true; },
    *__enter__(self, _a, _k, at) { yield* sync(this, (self.native as { mutex: string }).mutex, 'lock', at); return true; },
    *release(self, _a, _k, at) { yield* sync(this, (self.native as { mutex: string }).mutex, 'unlock', at); return null; },
    *__exit__(self, _a, _k, at) { yield* sync(this, (self.native as { mutex: string }).mutex, 'unlock', at); return false; },
    *wait(self, args, kw, at) {
      return yield* condWait(this, self.native as { mutex: string; cond: string }, timeoutNs(arg(args, kw, 0, 'timeout', null)), at);
    },
    *wait_for(self, args, kw, at) {
      // Lib/threading.py Condition.wait_for: the time left is recomputed from the clock after each wake.
      const st = self.native as { mutex: string; cond: string };
      let waittime = timeoutNs(arg(args, kw, 1, 'timeout', null));
      let endtime: number | undefined;
      let r = yield* this.call(args[0], [], null, at);
      while (!truthy(r)) {
        if (waittime !== undefined) {
          if (endtime === undefined) endtime = (yield* now(at)) + waittime;
          else {
            waittime = endtime - (yield* now(at));
            if (waittime <= 0) break;
          }
        }
        yield* condWait(this, st, waittime, at);
        r = yield* this.call(args[0], [], null, at);
      }
      return r;
    },
    *notify(self, args, _k, at) {
      const n = (args[0] as number) ?? 1;
      for (let i = 0; i < n; i++) yield* sync(this, (self.native as { cond: string }).cond, 'signal', at);
      return null;
    },
    *notify_all(self, _a, _k, at) { yield* sync(this, (self.native as { cond: string }).cond, 'broadcast', at); return null; },
  });

  const eventCls = cls('Event', {
    *__init__(self, _a, _k, at) {
      const mutex = yield* make(this, 'mutex', at, { name: `${rt.nameHint ?? 'event'}.lock` });
      const cond = yield* make(this, 'cond', at, { mutex });
      self.native = { mutex, cond, flag: false } satisfies EventState;
      return null;
    },
    *set(self, _a, _k, at) {
      const st = self.native as EventState;
      yield* sync(this, st.mutex, 'lock', at);
      st.flag = true;
      yield* sync(this, st.cond, 'broadcast', at);
      yield* sync(this, st.mutex, 'unlock', at);
      return null;
    },
    *clear(self) { (self.native as EventState).flag = false; return null; },
    *is_set(self) { return (self.native as EventState).flag; },
    *wait(self, args, kw, at) {
      // Lib/threading.py Event.wait: `signaled = self._flag; if not signaled: signaled = self._cond.wait(timeout)`.
      const st = self.native as EventState;
      yield* sync(this, st.mutex, 'lock', at);
      let signaled = st.flag;
      if (!signaled) signaled = yield* condWait(this, st, timeoutNs(arg(args, kw, 0, 'timeout', null)), at);
      yield* sync(this, st.mutex, 'unlock', at);
      return signaled;
    },
  });

  const barrierCls = cls('Barrier', {
    *__init__(self, args, kw, at) {
      if (arg(args, kw, 1, 'action', null) !== null) notSimulated('Barrier(action=...)', 'call the action after wait() in one thread');
      self.native = yield* make(this, 'barrier', at, { size: arg(args, kw, 0, 'parties', 1) as number });
      return null;
    },
    *wait(self, args, kw, at) {
      noTimeout(arg(args, kw, 0, 'timeout', null), 'Barrier.wait()');
      yield* sync(this, self.native as string, 'wait', at);
      return 0;
    },
  });

  // ---------- queues ----------
  /** Lib/queue.py: `elif timeout < 0: raise ValueError("'timeout' must be a non-negative number")`. */
  const queueTimeoutNs = (v: unknown): number | undefined => {
    if (v !== null && v !== undefined && seconds(v) < 0) throw new PyError('ValueError', "'timeout' must be a non-negative number");
    return timeoutNs(v);
  };
  const queueMethods = (pickles: boolean): Record<string, Method> => {
    function* put(this: Exec, self: PyInstance, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
      const st = self.native as QueueState;
      const timeout = queueTimeoutNs(arg(args, kw, 2, 'timeout', null));
      const item = pickles ? pickle(args[0], undefined, shareable) : args[0];
      st.unfinished++;
      if (arg(args, kw, 1, 'block', true) === false) return yield* putNowait.call(this, self, [item], null, at);
      if (isTimedOut(yield* sync(this, st.chan, 'send', at, item, timeout))) {
        st.unfinished--;
        throw pyError(rt, 'Full', '', at);
      }
      return null;
    }
    function* putNowait(this: Exec, self: PyInstance, args: unknown[], _k: unknown, at: SourceRange): G<unknown> {
      const st = self.native as QueueState;
      yield* this.flush(at);
      const r = (yield { op: 'select', cases: [{ kind: 'send', obj: st.chan, value: args[0] }], hasDefault: true, at }) as { index: number };
      if (r.index < 0) throw pyError(rt, 'Full', '', at);
      return null;
    }
    function* get(this: Exec, self: PyInstance, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): G<unknown> {
      const st = self.native as QueueState;
      const timeout = queueTimeoutNs(arg(args, kw, 1, 'timeout', null));
      if (arg(args, kw, 0, 'block', true) === false) return yield* getNowait.call(this, self, [], null, at);
      // Lib/queue.py Queue.get: raise Empty when the timeout passes with nothing to take.
      const r = yield* sync(this, st.chan, 'recv', at, undefined, timeout);
      if (isTimedOut(r)) throw pyError(rt, 'Empty', '', at);
      return (r as { value: unknown }).value;
    }
    function* getNowait(this: Exec, self: PyInstance, _a: unknown[], _k: unknown, at: SourceRange): G<unknown> {
      const st = self.native as QueueState;
      yield* this.flush(at);
      const r = (yield { op: 'select', cases: [{ kind: 'recv', obj: st.chan }], hasDefault: true, at }) as { index: number; value: unknown };
      if (r.index < 0) throw pyError(rt, 'Empty', '', at);
      return r.value;
    }
    return {
      *__init__(self, args, kw, at) {
        const maxsize = arg(args, kw, 0, 'maxsize', 0) as number;
        const chan = yield* make(this, 'channel', at, { size: maxsize > 0 ? maxsize : UNBOUNDED });
        const mutex = yield* make(this, 'mutex', at, { name: `${chan}.all_tasks_done.lock` });
        const cond = yield* make(this, 'cond', at, { mutex, name: `${chan}.all_tasks_done` });
        self.native = { chan, mutex, cond, unfinished: 0, pickles } satisfies QueueState;
        return null;
      },
      put, get, put_nowait: putNowait, get_nowait: getNowait,
      *qsize(self, _a, _k, at) { return yield* sync(this, (self.native as QueueState).chan, 'len', at); },
      *empty(self, _a, _k, at) { return (yield* sync(this, (self.native as QueueState).chan, 'len', at)) === 0; },
      *task_done(self, _a, _k, at) {
        const st = self.native as QueueState;
        if (st.unfinished <= 0) throw new PyError('ValueError', 'task_done() called too many times');
        yield* sync(this, st.mutex, 'lock', at);
        if (--st.unfinished === 0) yield* sync(this, st.cond, 'broadcast', at);
        yield* sync(this, st.mutex, 'unlock', at);
        return null;
      },
      *join(self, _a, _k, at) {
        const st = self.native as QueueState;
        yield* sync(this, st.mutex, 'lock', at);
        while (st.unfinished > 0) yield* sync(this, st.cond, 'wait', at);
        yield* sync(this, st.mutex, 'unlock', at);
        return null;
      },
      *close() { return null; },
      *join_thread() { return null; },
    };
  };
  const queueCls = cls('Queue', queueMethods(false));
  const mpQueueCls = cls('Queue', queueMethods(true));
  const emptyCls = new PyClass('Empty', [rt.builtins.get('Exception') as PyClass], new Map());
  const fullCls = new PyClass('Full', [rt.builtins.get('Exception') as PyClass], new Map());
  rt.builtins.set('Empty', emptyCls);
  rt.builtins.set('Full', fullCls);

  // ---------- multiprocessing.Value ----------
  // Lib/multiprocessing/sharedctypes.py Value(typecode, *args, lock=True): a ctypes object in
  // shared memory, with an RLock of its own unless lock=False (synchronized's get_lock()).
  const valueCls = cls('Value', {
    *__init__(self, args, kw, at) {
      const { id, name } = rt.syncId('value');
      const withLock = arg(args, kw, 2, 'lock', true);
      let lock: PyInstance | null = null;
      if (withLock instanceof PyInstance) lock = withLock;
      else if (withLock !== false) {
        lock = new PyInstance(rlockCls);
        rt.nameHint = `${name}.get_lock()`;
        yield* this.call(new PyBound(lock, rlockCls.lookup('__init__')), [], null, at);
      }
      const code = arg(args, kw, 0, 'typecode_or_type', 'i');
      const ctype = CTYPES[String(code)] ?? 'c_int';
      self.native = { value: arg(args, kw, 1, 'value', 0), lock, id: `${id}.value`, name: `${name}.value`, ctype } satisfies ValueState;
      return null;
    },
    *get_lock(self) {
      const st = self.native as ValueState;
      if (st.lock === null) throw new PyError('AttributeError', `'${st.ctype}' object has no attribute 'get_lock'`);
      return st.lock;
    },
  });

  // ---------- executors ----------
  const futureCls = cls('Future', {
    *result(self, args, kw, at) {
      const st = self.native as FutureState;
      // A one-slot channel holds the completion: take it and put it back, so every caller sees it.
      // Lib/concurrent/futures/_base.py Future.result: TimeoutError when the timeout passes first.
      if (isTimedOut(yield* sync(this, st.chan, 'recv', at, undefined, timeoutNs(arg(args, kw, 0, 'timeout', null))))) {
        throw pyError(rt, 'TimeoutError', '', at);
      }
      yield* sync(this, st.chan, 'send', at, true);
      if (st.exc) throw st.exc;
      return st.value;
    },
    *done(self) { return (self.native as FutureState).done; },
    *exception(self, _a, _k, at) {
      const st = self.native as FutureState;
      yield* sync(this, st.chan, 'recv', at);
      yield* sync(this, st.chan, 'send', at, true);
      return st.exc ? (st.exc as { exc: unknown }).exc : null;
    },
  });

  function* spawnWorker(x: Exec, st: ExecutorState, at: SourceRange): G<void> {
    if (x.bootstrapping) throw new PyError('RuntimeError', 'An attempt has been made to start a new process before the current process has finished its bootstrapping phase');
    if (st.processes !== rt.processes) wrongRuntime(st.kind);
    if (!st.processes) rt.started = true;
    const label = st.processes ? 'worker_process' : 'worker_thread';
    const forked = st.processes ? childEnv(x) : x.env;
    const body: TaskBody = function* () {
      const w = new Exec(rt, forked, label);
      return yield* w.top(function* () {
        if (st.processes) yield* reimport(w);
        for (;;) {
          const r = (yield* sync(w, st.chan, 'recv', at)) as { value: WorkItem | null };
          const item = r.value;
          if (item === SENTINEL) return null;
          const fst = item.future.native as FutureState;
          try {
            const fn = st.processes ? pickle(item.fn, w.env, shareable) : item.fn;
            const args = st.processes ? (pickle(new PyTuple(item.args), w.env, shareable) as PyTuple).items : item.args;
            const v = yield* w.call(fn, [...args], item.kw, at);
            fst.value = st.processes ? pickle(v, undefined, shareable) : v;
          } catch (err) {
            const exc = w.asPyExc(err);
            if (!exc) throw err;
            fst.exc = exc;
          }
          fst.done = true;
          fst.seq = completed++;
          yield* sync(w, fst.chan, 'send', at, true);
          if (item.onDone) yield* item.onDone(w, fst.value, fst.exc as PyExc | undefined);
          st.idle++; // thread.py _worker: idle_semaphore.release() after each work item
        }
      }, at);
    };
    yield* x.flush(at);
    const ids = (yield { op: 'spawn', body, name: label, count: 1, at }) as number[];
    st.workers.push(ids[0]);
  }
  interface WorkItem { fn: unknown; args: unknown[]; kw: Map<string, unknown> | null; future: PyInstance; onDone?: JobDone }

  function* submit(x: Exec, self: PyInstance, fn: unknown, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange, onDone?: JobDone): G<PyInstance> {
    const st = self.native as ExecutorState;
    if (st.shut) throw new PyError('RuntimeError', 'cannot schedule new futures after shutdown');
    const future = new PyInstance(futureCls);
    rt.nameHint = 'future';
    future.native = { chan: yield* make(x, 'channel', at, { size: 1 }), done: false, fetched: false, seq: -1 } satisfies FutureState;
    const item: WorkItem = { fn, args: st.processes ? [...(pickle(new PyTuple(args), undefined, shareable) as PyTuple).items] : args, kw, future, onDone };
    yield* sync(x, st.chan, 'send', at, item);
    // thread.py _adjust_thread_count: an idle worker takes it, else start one while under max_workers.
    if (st.idle > 0) st.idle--;
    else if (st.workers.length < st.max) yield* spawnWorker(x, st, at);
    return future;
  }
  function* shutdown(x: Exec, st: ExecutorState, wait: boolean, at: SourceRange): G<void> {
    if (st.shut) return;
    st.shut = true;
    for (let i = 0; i < st.workers.length; i++) yield* sync(x, st.chan, 'send', at, SENTINEL);
    if (wait && st.workers.length > 0) {
      yield* x.flush(at);
      yield { op: 'join', tasks: [...st.workers], at };
    }
  }
  function* mapAll(x: Exec, self: PyInstance, fn: unknown, iterables: unknown[], at: SourceRange): G<PyIterator> {
    const lists = iterables.map((i) => [...x.iterate(i, at)]);
    const n = Math.min(...lists.map((l) => l.length));
    const futures: PyInstance[] = [];
    for (let i = 0; i < n; i++) futures.push(yield* submit(x, self, fn, lists.map((l) => l[i]), null, at));
    const out: unknown[] = [];
    for (const f of futures) out.push(yield* x.call(new PyBound(f, futureCls.lookup('result')), [], null, at));
    return new PyIterator(out);
  }
  const executorMethods = (processes: boolean, kind: string, eager: boolean): Record<string, Method> => ({
    *__init__(self, args, kw, at) {
      const max = arg(args, kw, 0, eager ? 'processes' : 'max_workers', null);
      const n = max === null ? (processes ? rt.cores : Math.min(32, rt.cores + 4)) : (max as number);
      if (n <= 0) throw new PyError('ValueError', 'max_workers must be greater than 0');
      rt.nameHint = `${kind}.work_queue`;
      const st: ExecutorState = { chan: yield* make(this, 'channel', at, { size: UNBOUNDED }), workers: [], max: n, idle: 0, processes, shut: false, kind };
      self.native = st;
      if (eager) for (let i = 0; i < n; i++) { yield* spawnWorker(this, st, at); st.idle++; }
      return null;
    },
    *submit(self, args, kw, at) { return yield* submit(this, self, args[0], args.slice(1), kw, at); },
    *map(self, args, _kw, at) {
      const results = yield* mapAll(this, self, args[0], args.slice(1), at);
      // Pool.map returns a list; Executor.map an iterator.
      return eager ? new PyList(results.items) : results;
    },
    *starmap(self, args, _kw, at) {
      const rows = [...this.iterate(args[1], at)].map((r) => [...this.iterate(r, at)]);
      const futures: PyInstance[] = [];
      for (const r of rows) futures.push(yield* submit(this, self, args[0], r, null, at));
      const out: unknown[] = [];
      for (const f of futures) out.push(yield* this.call(new PyBound(f, futureCls.lookup('result')), [], null, at));
      return eager ? new PyList(out) : new PyIterator(out);
    },
    *shutdown(self, args, kw, at) { yield* shutdown(this, self.native as ExecutorState, arg(args, kw, 0, 'wait', true) !== false, at); return null; },
    *close(self, _a, _k, at) { yield* shutdown(this, self.native as ExecutorState, false, at); return null; },
    *join(self, _a, _k, at) {
      const st = self.native as ExecutorState;
      yield* this.flush(at);
      if (st.workers.length > 0) yield { op: 'join', tasks: [...st.workers], at };
      return null;
    },
    *terminate(self, _a, _k, at) { yield* shutdown(this, self.native as ExecutorState, true, at); return null; },
    *__enter__(self) { return self; },
    *__exit__(self, _a, _k, at) { yield* shutdown(this, self.native as ExecutorState, true, at); return false; },
  });
  const tpeCls = cls('ThreadPoolExecutor', executorMethods(false, 'ThreadPoolExecutor', false));
  const ppeCls = cls('ProcessPoolExecutor', executorMethods(true, 'ProcessPoolExecutor', false));
  const poolCls = cls('Pool', executorMethods(true, 'Pool', true));

  // ---------- modules ----------
  const fn = (name: string, f: (this: Exec, args: unknown[], kw: Map<string, unknown> | null) => unknown, yields = false) =>
    new PyBuiltin(name, f as (args: unknown[], kw: Map<string, unknown> | null) => unknown, yields);
  /**
   * time.time/monotonic/perf_counter (Modules/timemodule.c): the core's `now` op, the simulated
   * clock from 0 at the run's start (`check`: the thread's own logical clock, program.ts). The
   * pending bytecode work is paid first, so the reading includes it.
   */
  const clock = (name: string, scale: 'ns' | 's') => fn(`time.${name}`, function* (this: Exec) {
    const at = rt.callAt;
    yield* this.flush(at);
    const ns = (yield { op: 'now', at }) as number;
    return scale === 'ns' ? ns : new PyFloat(ns / 1e9);
  }, true);
  const sleep = fn('sleep', function* (this: Exec, [secs]) {
    const at = rt.callAt;
    const s = secs instanceof PyFloat ? secs.v : typeof secs === 'number' ? secs : NaN;
    if (!Number.isFinite(s) || s < 0) throw new PyError('ValueError', `sleep length must be a non-negative number, not ${typeName(secs)}`);
    yield* this.flush(at);
    // Modules/timemodule.c pysleep: Py_BEGIN_ALLOW_THREADS around the wait, so the GIL is free meanwhile.
    if (s === 0) yield { op: 'yield', at };
    else yield { op: 'sleep', ns: Math.round(s * 1e9), at };
    this.check();
    return null;
  }, true);
  modules.set('time', new PyModule('time', new Map<string, unknown>([
    ['sleep', sleep], ['time', clock('time', 's')], ['perf_counter', clock('perf_counter', 's')], ['monotonic', clock('monotonic', 's')],
    ['time_ns', clock('time_ns', 'ns')], ['perf_counter_ns', clock('perf_counter_ns', 'ns')], ['monotonic_ns', clock('monotonic_ns', 'ns')],
  ])));
  const currentThread = fn('current_thread', function (this: Exec) {
    const t = new PyInstance(threadCls);
    t.attrs.set('name', this.label);
    return t;
  });
  modules.set('threading', new PyModule('threading', new Map<string, unknown>([
    ['Thread', threadCls], ['Lock', lockCls], ['RLock', rlockCls], ['Semaphore', semCls], ['BoundedSemaphore', bsemCls],
    ['Condition', condCls], ['Event', eventCls], ['Barrier', barrierCls], ['current_thread', currentThread],
  ])));
  modules.set('queue', new PyModule('queue', new Map<string, unknown>([['Queue', queueCls], ['Empty', emptyCls], ['Full', fullCls]])));
  const mp = new PyModule('multiprocessing', new Map<string, unknown>([
    ['Process', processCls], ['Queue', mpQueueCls], ['Lock', lockCls], ['RLock', rlockCls], ['Semaphore', semCls],
    ['BoundedSemaphore', bsemCls], ['Event', eventCls], ['Value', valueCls], ['Pool', poolCls],
    ['cpu_count', fn('cpu_count', () => rt.cores)], ['current_process', currentThread],
  ]));
  modules.set('multiprocessing', mp);
  const asCompleted = fn('as_completed', function* (this: Exec, [fs]) {
    const futures = [...this.iterate(fs, rt.callAt)] as PyInstance[];
    for (const f of futures) { try { yield* this.call(new PyBound(f, futureCls.lookup('result')), [], null, rt.callAt); } catch { /* raised again by result() */ } }
    return new PyIterator([...futures].sort((a, b) => (a.native as FutureState).seq - (b.native as FutureState).seq));
  }, true);
  const waitAll = fn('wait', function* (this: Exec, [fs]) {
    const futures = [...this.iterate(fs, rt.callAt)] as PyInstance[];
    for (const f of futures) { try { yield* this.call(new PyBound(f, futureCls.lookup('result')), [], null, rt.callAt); } catch { /* kept in the future */ } }
    return new PyTuple([new PyIterator(futures), new PyIterator([])]);
  }, true);
  const cf = new PyModule('concurrent.futures', new Map<string, unknown>([
    ['ThreadPoolExecutor', tpeCls], ['ProcessPoolExecutor', ppeCls], ['as_completed', asCompleted], ['wait', waitAll], ['Future', futureCls],
    ['TimeoutError', rt.builtins.get('TimeoutError')],
  ]));
  modules.set('concurrent.futures', cf);
  modules.set('concurrent', new PyModule('concurrent', new Map([['futures', cf]])));
  modules.set('random', new PyModule('random', new Map<string, unknown>([
    ['random', fn('random', () => notSimulated('random.random()', 'a run is deterministic; pick the values by hand'))],
  ])));
  modules.set('sys', new PyModule('sys', new Map<string, unknown>([
    ['setswitchinterval', fn('setswitchinterval', () => notSimulated('sys.setswitchinterval()', 'set `switch_interval=5ms` in the `# @interleave` header'))],
    ['_is_gil_enabled', fn('_is_gil_enabled', () => !rt.freeThreaded)],
  ])));

  const attr: Natives['attr'] = (x, obj, name, at) => {
    const native = obj.cls.nativeBase();
    if (native === valueCls && name === 'value') {
      const st = obj.native as ValueState;
      return x.sharedMemoryRead(st.id, st.name, at, () => st.value);
    }
    if ((native === threadCls || native === processCls) && name === 'name') {
      const st = obj.native as ThreadState | undefined;
      return (function* () { return st?.name ?? obj.cls.name; })();
    }
    return undefined;
  };
  const setAttr: Natives['setAttr'] = (x, obj, name, value, at) => {
    if (obj.cls.nativeBase() === valueCls && name === 'value') {
      const st = obj.native as ValueState;
      return x.sharedMemoryWrite(st.id, st.name, value, at, () => { st.value = value; });
    }
    return undefined;
  };
  return {
    modules, constructors, attr, setAttr,
    submit: (x, executor, f, args, at, onDone) => submit(x, executor, f, args, null, at, onDone),
    *threadPool(x, at) {
      const pool = new PyInstance(tpeCls);
      yield* x.call(new PyBound(pool, tpeCls.lookup('__init__')), [], null, at);
      return pool;
    },
    shutdown: (x, executor, at) => shutdown(x, executor.native as ExecutorState, true, at),
    isExecutor: (v): v is PyInstance => v instanceof PyInstance && (v.cls.nativeBase() === tpeCls || v.cls.nativeBase() === ppeCls),
  };
}
