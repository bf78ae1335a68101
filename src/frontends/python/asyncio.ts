/**
 * `asyncio` for the Python front end: `async def`, `await`, and the event loop that runs
 * coroutines as tasks, all inside the program's main engine task, the loop thread of the
 * `asyncio` runtime (core/runtimes/asyncio: its ready queue and timer heap are `LoopQueues`;
 * a task gives the loop up only at an `await` of a future that is not done). Executor jobs
 * (`run_in_executor`, `to_thread`) run on concurrent.futures worker threads (threading.ts),
 * engine tasks of their own under the GIL.
 *
 * Sources mirrored (CPython 3.11, Lib/asyncio):
 * - base_events.py `BaseEventLoop._run_once`: drop cancelled timers at the heap's head; if
 *   nothing is ready, wait (select) until the earliest timer; move every timer due by
 *   `time() + clock_resolution` to the ready queue; run exactly the callbacks ready at that
 *   point, FIFO (what they schedule runs in the next iteration). `run_until_complete` stops
 *   after the iteration in which the future's done callback (`_run_until_complete_cb`) ran.
 * - futures.py `Future`: `set_result`/`set_exception`/`cancel` schedule every done callback
 *   with `call_soon`; `__await__` yields the future when it is not done, then `result()`;
 *   an exception nobody retrieved is logged ("Task exception was never retrieved").
 * - tasks.py `Task.__step`/`__wakeup`/`cancel`, `gather` (one done callback per child, the
 *   `_GatheringFuture`), `sleep` (`sleep(0)` is a bare yield: one loop iteration; else a
 *   future resolved by `call_later`), `wait_for` (3.11: a waiter future, `_cancel_and_wait`),
 *   and runners.py `asyncio.run` (the main task, then `_cancel_all_tasks`, then
 *   `shutdown_default_executor`); taskgroups.py `TaskGroup` (3.11); base_events.py
 *   `run_in_executor` and threads.py `to_thread`.
 * - locks.py `Lock`, `Event`, `Condition`, `Semaphore`, `BoundedSemaphore`; queues.py `Queue`: the waiter
 *   futures and the `_wake_up_first`/`_wake_up_next`/`_wakeup_next` hand-offs, as written there.
 *
 * Simplifications (said where they matter): the loop's clock is the engine's `now` op (the
 * simulated time; in `check` the task's logical clock), so a sleep is ordered by its deadline
 * as in CPython, ties by the order the timers were made; the loop never waits for real I/O
 * (no sockets or subprocesses in the subset), so a run with no ready callback, no timer and no
 * executor job in flight while the main task is pending is a deadlock (CPython would block in
 * select forever); a finished executor job reaches the loop through the self-pipe itself (a
 * channel), not by appending to `_ready` from the thread.
 *
 * Findings: a race across await (a value a task read before an await and writes after it,
 * while another task wrote it in between: the stale read's line), a deadlock of tasks that can
 * never resume (every wait listed), "Task exception was never retrieved", and a coroutine that
 * was never awaited (CPython's RuntimeWarning).
 */
/* eslint-disable require-yield -- native methods and coroutine bodies are generators; some happen not to yield */
import { formatNs } from '../../core/index';
import { isTimedOut, type Op, type SourceRange } from '../../core/program';
import { LoopQueues, type LoopHandle, type LoopTimer } from '../../core/runtimes/registry';
import { Exec, LoopHalt, pyError, type G } from './interp';
import { PyError } from './ops';
import type { Runtime } from './runtime';
import { nativeClass, type Method } from './threading';
import {
  PyBound, PyBuiltin, PyClass, PyExc, PyFloat, PyFunction, PyInstance, PyList, PyModule, PyTuple, excMessage, repr, truthy, typeName,
} from './values';

/** A coroutine object: what calling an `async def` (or `asyncio.sleep`) returns; it runs when awaited or wrapped in a task. */
export class PyCoroutine {
  readonly typeName = 'coroutine';
  started = false;
  constructor(readonly name: string, private readonly body: (x: Exec) => G<unknown>, readonly at: SourceRange, readonly user: boolean) {}
  getAttr(): unknown {
    return undefined;
  }
  run(x: Exec): G<unknown> {
    this.started = true;
    return this.body(x);
  }
}

/** Yielded up a task's generator chain to its driver (`step`): the task gives the loop up until `fut` is done (null: one iteration). */
class Suspend {
  constructor(readonly fut: PyInstance | null) {}
}

/** A done callback; `what`: a program's callback by name, as the ready queue shows it. */
type Callback = ((fut: PyInstance) => G<void>) & { what?: string };

interface FutState {
  state: 'PENDING' | 'FINISHED' | 'CANCELLED';
  result: unknown;
  exc: PyExc | null;
  callbacks: Callback[];
  /** futures.py `_log_traceback`: an exception set that nobody retrieved yet. */
  logTraceback: boolean;
  /** What waiting on it means, for a deadlock's message ("`lock`.acquire()"). */
  what: string;
  task?: TaskState;
  /** A `_GatheringFuture`'s children (cancelling it cancels them). */
  children?: PyInstance[];
  cancelRequested?: boolean;
}

interface Flow {
  readonly name: string;
  /** How many times it gave the loop up. */
  awaits: number;
  /** Reads since its last write of each value: where, the write they saw, and the awaits before. */
  readonly reads: Map<string, { at: SourceRange; seen: number; awaits: number }>;
}

interface TaskState {
  readonly coro: PyCoroutine;
  gen?: G<unknown>;
  readonly x: Exec;
  readonly flow: Flow;
  /** Task.get_name(): the name given, else `Task-N` (tasks.py `_task_name_counter`, from 1 per process). */
  name: string;
  mustCancel: boolean;
  /** tasks.py `_num_cancels_requested` (3.11): cancel() adds one, uncancel() takes one. */
  cancels: number;
  /** tasks.py `_fut_waiter`: the future it awaits. */
  waiter: PyInstance | null;
  awaitAt?: SourceRange;
  readonly madeAt: SourceRange;
}

type Handle = LoopHandle<() => G<void>>;
type Timer = LoopTimer<() => G<void>>;

class Loop {
  /** base_events.py `_ready` and `_scheduled`, in the runtime's folder (core/runtimes/asyncio/loop.ts). */
  readonly queues = new LoopQueues<() => G<void>>();
  /** The handles of the running iteration not run yet (`_run_once` step 5's `ntodo`, left). */
  iteration: Handle[] = [];
  stopping = false;
  /** Executor jobs submitted whose completion has not reached the loop yet (the self-pipe is then watched). */
  inFlight = 0;
  /** Completions a thread sent on the self-pipe that the loop has not received yet. */
  piped = 0;
  /** The self-pipe (selector_events.py `_ssock`/`_csock`): a channel, made at the first executor job. */
  selfPipe: string | null = null;
  /** `loop.run_in_executor(None, ...)`'s executor, made at its first use (base_events.py `_default_executor`). */
  defaultExecutor: PyInstance | null = null;
  current: PyInstance | null = null;
  /** Where a task last gave the loop up (where a never-ending loop is shown). */
  lastAwait: SourceRange | undefined;
  readonly tasks: PyInstance[] = [];
  /** Futures of executor jobs and `loop.create_future()`, with where they were made (an exception nobody retrieved is logged). */
  readonly futures: [PyInstance, SourceRange][] = [];
  readonly coroutines: PyCoroutine[] = [];
}

export interface Asyncio {
  readonly module: PyModule;
  /** True while `asyncio.run` runs: every shared access is an op the race-across-await check sees. */
  readonly running: boolean;
  coroutine(fn: PyFunction, args: unknown[], kw: Map<string, unknown> | null, at: SourceRange): PyCoroutine;
  await(x: Exec, v: unknown, at: SourceRange): G<unknown>;
  /** A read by `x`; an executor thread's accesses are left to the engine's race detector. */
  read(x: Exec, id: string, at: SourceRange): void;
  /** A write: the race-across-await finding it completes, if any (yield it before the write). */
  write(x: Exec, id: string, name: string, at: SourceRange): Op | undefined;
}

export function asyncioModule(rt: Runtime): Asyncio {
  let loop: Loop | null = null;
  const base = rt.builtins.get('BaseException') as PyClass;
  const exception = rt.builtins.get('Exception') as PyClass;
  const cancelledCls = new PyClass('CancelledError', [base], new Map());
  const invalidStateCls = new PyClass('InvalidStateError', [exception], new Map());
  const queueEmptyCls = new PyClass('QueueEmpty', [exception], new Map());
  const queueFullCls = new PyClass('QueueFull', [exception], new Map());
  const raiseOf = (cls: PyClass, message?: unknown, at?: SourceRange): PyExc => {
    const e = new PyInstance(cls);
    e.attrs.set('args', new PyTuple(message === undefined ? [] : [message]));
    return new PyExc(e, at);
  };
  const isCancelled = (e: PyExc) => e.exc.cls.isSubclassOf(cancelledCls);
  const running = (): Loop => {
    if (!loop) throw new PyError('RuntimeError', 'no running event loop');
    return loop;
  };

  // ---------- the race across await ----------
  /** The interpreters that run on the loop thread (tasks, callbacks, asyncio.run's caller); an executor thread's is not one. */
  const loopSide = new WeakSet<Exec>();
  const moduleFlow: Flow = { name: 'the module', awaits: 0, reads: new Map() };
  const callbackFlow: Flow = { name: 'a callback', awaits: 0, reads: new Map() };
  const flowNames = new Map<string, number>();
  const lastWrite = new Map<string, { seq: number; by: Flow; at: SourceRange }>();
  let writeSeq = 0;
  /** The program's callback running now (plainCallback), as findings name it: callback `tick`. */
  let callbackNow: Flow | null = null;
  const callbackFlows = new Map<string, Flow>();
  const flowNow = (): Flow => (loop ? (loop.current ? taskOf(loop.current).flow : callbackNow ?? callbackFlow) : moduleFlow);
  const numbered = (name: string): string => {
    const n = (flowNames.get(name) ?? 0) + 1;
    flowNames.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  };

  // ---------- futures ----------
  const stateOf = (f: PyInstance): FutState => f.native as FutState;
  const taskOf = (f: PyInstance): TaskState => stateOf(f).task!;
  const isFuture = (v: unknown): v is PyInstance => v instanceof PyInstance && typeof v.native === 'object' && v.native !== null && 'callbacks' in (v.native as object);
  const newFuture = (what: string, cls: PyClass = futureCls): PyInstance => {
    const f = new PyInstance(cls);
    f.native = { state: 'PENDING', result: null, exc: null, callbacks: [], logTraceback: false, what } satisfies FutState;
    return f;
  };
  const callSoon = (run: () => G<void>, what = 'a callback'): Handle => running().queues.callSoon(run, what);
  /** futures.py `__schedule_callbacks`: each done callback through call_soon, in the order added. */
  const scheduleCallbacks = (f: PyInstance) => {
    const st = stateOf(f);
    const cbs = st.callbacks;
    st.callbacks = [];
    for (const cb of cbs) callSoon(() => cb(f), doneWhat(cb, st));
  };
  const setResult = (f: PyInstance, v: unknown) => {
    const st = stateOf(f);
    if (st.state !== 'PENDING') throw raiseOf(invalidStateCls, `${st.state}: ${st.what}`);
    st.state = 'FINISHED';
    st.result = v;
    scheduleCallbacks(f);
  };
  const setException = (f: PyInstance, e: PyExc) => {
    const st = stateOf(f);
    if (st.state !== 'PENDING') throw raiseOf(invalidStateCls, `${st.state}: ${st.what}`);
    st.state = 'FINISHED';
    st.exc = e;
    st.logTraceback = !e.reported;
    scheduleCallbacks(f);
  };
  /** futures.py `Future.cancel`; a `_GatheringFuture` cancels its children instead (tasks.py). */
  const cancelFuture = (f: PyInstance): boolean => {
    const st = stateOf(f);
    if (st.task) return cancelTask(f);
    if (st.children) {
      if (st.state !== 'PENDING') return false;
      let any = false;
      for (const c of st.children) if (cancelFuture(c)) any = true;
      if (any) st.cancelRequested = true;
      return any;
    }
    st.logTraceback = false;
    if (st.state !== 'PENDING') return false;
    st.state = 'CANCELLED';
    scheduleCallbacks(f);
    return true;
  };
  const doneWhat = (cb: Callback, st: FutState) => (cb.what !== undefined ? `${cb.what} (${st.what} done)` : `${st.what} done`);
  const addDoneCallback = (f: PyInstance, cb: Callback) => {
    if (stateOf(f).state !== 'PENDING') callSoon(() => cb(f), doneWhat(cb, stateOf(f)));
    else stateOf(f).callbacks.push(cb);
  };
  const removeDoneCallback = (f: PyInstance, cb: Callback) => {
    const st = stateOf(f);
    st.callbacks = st.callbacks.filter((c) => c !== cb);
  };
  const done = (f: PyInstance) => stateOf(f).state !== 'PENDING';
  /** futures.py `Future.result`. */
  const resultOf = (f: PyInstance): unknown => {
    const st = stateOf(f);
    if (st.state === 'CANCELLED') throw raiseOf(cancelledCls);
    if (st.state === 'PENDING') throw raiseOf(invalidStateCls, 'Result is not set.');
    st.logTraceback = false;
    if (st.exc) throw st.exc;
    return st.result;
  };

  // ---------- tasks ----------
  let taskCount = 0;
  function createTask(x: Exec, coro: PyCoroutine, at: SourceRange, name?: string): PyInstance {
    const l = running();
    const t = newFuture(`task ${coro.name}`, taskCls);
    // Findings name a task after its coroutine (`withdraw#2`), or the name it was given.
    const flowName = numbered(name ?? coro.name);
    const st = stateOf(t);
    const tx = new Exec(rt, x.env, flowName);
    loopSide.add(tx);
    st.task = { coro, x: tx, flow: { name: flowName, awaits: 0, reads: new Map() }, name: name ?? `Task-${++taskCount}`, mustCancel: false, cancels: 0, waiter: null, madeAt: at };
    st.what = `task \`${flowName}\``;
    l.tasks.push(t);
    callSoon(() => step(t), stepWhat(st.task));
    return t;
  }

  /** A task's step in the ready queue: `Task-3.__step`, with the flow's name when the task has none of its own (`Task-3.__step (worker#2)`, as its lane is named). */
  const stepWhat = (ts: TaskState): string => (ts.name === ts.flow.name ? `${ts.name}.__step` : `${ts.name}.__step (${ts.flow.name})`);

  /** tasks.py `Task.cancel`. */
  function cancelTask(t: PyInstance): boolean {
    const st = stateOf(t);
    st.logTraceback = false;
    if (st.state !== 'PENDING') return false;
    const ts = st.task!;
    ts.cancels++;
    if (ts.waiter !== null && cancelFuture(ts.waiter)) return true;
    ts.mustCancel = true;
    return true;
  }

  /** tasks.py `Task.uncancel` (3.11). */
  function uncancel(t: PyInstance): number {
    const ts = taskOf(t);
    if (ts.cancels > 0) ts.cancels--;
    return ts.cancels;
  }

  /**
   * The panel's flow lanes and queues (core/trace/flows.ts): the task whose `__step` runs now,
   * and the loop's ready queue (this iteration's handles still to run, then the next
   * iteration's) and timer heap at that moment.
   */
  function flowOp(flow: string | null, at: SourceRange): Op {
    const l = running();
    const queues = () => {
      const ready = [...l.iteration.filter((h) => !h.cancelled).map((h) => h.what), ...l.queues.readyWhat()];
      const timers = l.queues.timersWhat().map((t) => `${t.what} at ${formatNs(t.when)}`);
      return [{ name: 'ready', items: ready }, { name: 'timers', items: timers }];
    };
    return { op: 'flow', flow, queues, at };
  }

  /** tasks.py `Task.__step`, with the flow it runs told to the trace while it runs. */
  function* step(t: PyInstance): G<void> {
    const st = stateOf(t);
    if (st.state !== 'PENDING') return;
    const at = st.task!.awaitAt ?? st.task!.madeAt;
    yield flowOp(st.task!.flow.name, at);
    yield* stepTask(t);
    yield flowOp(null, at);
  }

  /** tasks.py `Task.__step`: run the coroutine to its next suspension, or to its end. */
  function* stepTask(t: PyInstance): G<void> {
    const l = running();
    const st = stateOf(t);
    const ts = st.task!;
    if (st.state !== 'PENDING') return;
    let exc: PyExc | undefined;
    if (ts.mustCancel) {
      exc = raiseOf(cancelledCls);
      ts.mustCancel = false;
    }
    ts.waiter = null;
    const outer = l.current;
    l.current = t;
    try {
      ts.gen ??= ts.coro.run(ts.x);
      let mode: 'next' | 'throw' = exc ? 'throw' : 'next';
      let input: unknown = exc;
      for (;;) {
        let r: IteratorResult<Op, unknown>;
        try {
          r = mode === 'throw' ? ts.gen.throw(input) : ts.gen.next(input);
        } catch (err) {
          const e = ts.x.asPyExc(err);
          if (!e) throw err;
          yield* ts.x.flush(ts.awaitAt ?? ts.madeAt);
          if (isCancelled(e)) { st.state = 'CANCELLED'; scheduleCallbacks(t); } else setException(t, e);
          return;
        }
        if (r.done) {
          yield* ts.x.flush(ts.awaitAt ?? ts.madeAt);
          if (ts.mustCancel) { ts.mustCancel = false; st.state = 'CANCELLED'; scheduleCallbacks(t); } else setResult(t, r.value);
          return;
        }
        const v: unknown = r.value;
        if (v instanceof Suspend) {
          ts.flow.awaits++;
          l.lastAwait = ts.awaitAt;
          if (v.fut === null) callSoon(() => step(t), stepWhat(ts));
          else {
            addDoneCallback(v.fut, () => step(t));
            ts.waiter = v.fut;
            if (ts.mustCancel && cancelFuture(v.fut)) ts.mustCancel = false;
          }
          return;
        }
        mode = 'next';
        input = yield r.value;
      }
    } finally {
      l.current = outer;
    }
  }

  /** Future.__await__: give the loop up until `f` is done, then its result. */
  function* awaitFuture(x: Exec, f: PyInstance, at: SourceRange): G<unknown> {
    if (!done(f)) {
      const l = running();
      if (l.current === null) throw new PyError('RuntimeError', 'await outside a task');
      // tasks.py Task.__step: a task that yields itself gets RuntimeError.
      if (f === l.current) throw new PyError('RuntimeError', `Task cannot await on itself: task \`${taskOf(f).flow.name}\``);
      yield* x.flush(at);
      taskOf(l.current).awaitAt = at;
      yield new Suspend(f) as unknown as Op;
    }
    return resultOf(f);
  }
  function* yieldOnce(x: Exec, at: SourceRange): G<void> {
    const l = running();
    yield* x.flush(at);
    if (l.current) taskOf(l.current).awaitAt = at;
    yield new Suspend(null) as unknown as Op;
  }

  // ---------- the loop ----------
  function* time(x: Exec, at: SourceRange): G<number> {
    yield* x.flush(at);
    return (yield { op: 'now', at }) as number;
  }
  function* callLater(x: Exec, delayNs: number, run: () => G<void>, at: SourceRange, what = 'a timer'): G<Timer> {
    const l = running();
    const when = (yield* time(x, at)) + delayNs;
    return l.queues.callAt(when, run, what);
  }

  /**
   * base_events.py `BaseEventLoop._run_once` (its steps in core/runtimes/asyncio/loop.ts);
   * false when nothing can ever run again (no callback ready, no timer, no executor job).
   */
  function* runOnce(x: Exec, at: SourceRange): G<boolean> {
    const l = running();
    const q = l.queues;
    // Each iteration is a step of its own for the engine: select(0) drops the GIL and takes it
    // back, and a loop that never ends is cut by check's step budget, not its clock.
    yield { op: 'yield', at: l.lastAwait ?? at };
    q.dropCancelled();
    if (q.ready.length === 0 && !l.stopping) {
      if (q.scheduled.length === 0 && l.inFlight === 0) return false;
      const now = yield* time(x, at);
      // select(timeout): the loop's thread sleeps until the earliest deadline, rounded up to
      // whole milliseconds as epoll_wait takes it (selectors.py EpollSelector.select: math.ceil(timeout * 1e3)),
      // so timers due within that millisecond run in the same iteration, as on Linux.
      const timeout = q.selectTimeout(now, false);
      const ms = timeout === null ? undefined : Math.ceil(timeout / 1e6) * 1e6;
      if (l.inFlight > 0) yield* readSelfPipe(x, ms, at);
      else if (ms !== undefined && ms > 0) yield { op: 'sleep', ns: ms, at };
    } else if (l.piped > 0) {
      yield* readSelfPipe(x, 0, at);
    }
    // end_time = self.time() + self._clock_resolution (1 ns on Linux).
    const end = (yield* time(x, at)) + 1;
    q.moveDue(end);
    // CPython pops this iteration's handles one at a time: those still to run stay in `_ready`.
    l.iteration = q.takeIteration();
    while (l.iteration.length > 0) {
      const h = l.iteration.shift()!;
      if (!h.cancelled) yield* h.run();
    }
    return true;
  }

  /**
   * select() with the self-pipe among its file descriptors (selector_events.py `_read_from_self`):
   * wait up to `timeoutNs` (undefined: forever) for an executor thread's completion, then take
   * every completion already sent; each becomes a ready callback (`call_soon_threadsafe`).
   */
  function* readSelfPipe(x: Exec, timeoutNs: number | undefined, at: SourceRange): G<void> {
    const l = running();
    const take = (r: unknown) => {
      l.piped--;
      l.inFlight--;
      callSoon((r as { value: () => G<void> }).value, 'an executor job done');
    };
    yield* x.flush(at);
    if (timeoutNs !== 0) {
      const r = yield timeoutNs === undefined ? { op: 'sync', obj: l.selfPipe!, action: 'recv', at } : { op: 'sync', obj: l.selfPipe!, action: 'recv', timeoutNs, at };
      if (!isTimedOut(r)) take(r);
    }
    while (l.piped > 0) take(yield { op: 'sync', obj: l.selfPipe!, action: 'recv', at });
  }

  function* runUntilComplete(x: Exec, f: PyInstance, at: SourceRange): G<void> {
    const l = running();
    addDoneCallback(f, function* () { l.stopping = true; });
    for (;;) {
      const progressed = yield* runOnce(x, at);
      if (l.stopping) break;
      if (!progressed) yield* deadlock(at);
    }
    l.stopping = false;
  }

  function* deadlock(at: SourceRange): G<never> {
    const l = running();
    const stuck = l.tasks.filter((t) => !done(t));
    const what = (t: PyInstance): string => {
      const ts = taskOf(t);
      return `${ts.flow.name} awaits ${ts.waiter ? stateOf(ts.waiter).what : 'nothing that can finish'}`;
    };
    const first = stuck[0] ? taskOf(stuck[0]).awaitAt ?? at : at;
    yield {
      op: 'assert', ok: false, at: first,
      message: `Deadlock: ${stuck.length} task${stuck.length === 1 ? ' waits' : 's wait'} forever; nothing is left to run (no ready callback, no timer; CPython would block in select() for ever): ${stuck.map(what).join('; ')}`,
      finding: { kind: 'deadlock', related: stuck.slice(1).map((t) => ({ at: taskOf(t).awaitAt ?? taskOf(t).madeAt, message: what(t) })) },
    };
    throw new LoopHalt('deadlock');
  }

  /** What CPython logs when a task's exception was never retrieved, and coroutines never awaited. */
  function* leftovers(l: Loop): G<void> {
    for (const t of l.tasks) {
      const st = stateOf(t);
      if (!st.logTraceback || !st.exc) continue;
      st.logTraceback = false;
      const ts = st.task!;
      yield {
        op: 'assert', ok: false, at: st.exc.at ?? ts.madeAt,
        message: `Task exception was never retrieved: task \`${ts.flow.name}\` raised ${excMessage(st.exc.exc)} and nothing awaited it or asked for its result ` +
          `(asyncio logs this when the task is collected, at asyncio.run's end: future: <Task finished name='${ts.name}' coro=<${ts.coro.name}() done> exception=${repr(st.exc.exc)}>)`,
        finding: { kind: 'assertion', related: [{ at: ts.madeAt, message: `task \`${ts.flow.name}\` was created here` }] },
      };
    }
    for (const [f, madeAt] of l.futures) {
      const st = stateOf(f);
      if (!st.logTraceback || !st.exc) continue;
      st.logTraceback = false;
      yield {
        op: 'assert', ok: false, at: st.exc.at ?? madeAt,
        message: `Future exception was never retrieved: ${st.what} raised ${excMessage(st.exc.exc)} and nothing awaited it (asyncio logs this when the future is collected)`,
        finding: { kind: 'assertion', related: [{ at: madeAt, message: `${st.what} was made here` }] },
      };
    }
    for (const c of l.coroutines) {
      if (c.started) continue;
      yield {
        op: 'assert', ok: false, at: c.at,
        message: `coroutine '${c.name}' was never awaited: calling an async function only makes the coroutine (CPython's RuntimeWarning); await it or pass it to asyncio.create_task`,
        finding: { kind: 'assertion', related: [] },
      };
    }
    l.coroutines.length = 0;
  }

  // ---------- module functions ----------
  const fn = (name: string, call: (this: Exec, args: unknown[], kw: Map<string, unknown> | null) => unknown, yields = true) =>
    new PyBuiltin(name, call, yields);
  const arg = (args: unknown[], kw: Map<string, unknown> | null, i: number, name: string, dflt: unknown): unknown =>
    (args.length > i ? args[i] : kw?.has(name) ? kw.get(name) : dflt);
  const seconds = (v: unknown, what: string): number => {
    const s = v instanceof PyFloat ? v.v : typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN;
    if (Number.isNaN(s)) throw new PyError('TypeError', `${what}: '${typeName(v)}' object cannot be interpreted as a number of seconds`);
    return s;
  };
  const native = (name: string, at: SourceRange, body: (x: Exec) => G<unknown>) => new PyCoroutine(name, body, at, false);
  const coroutineArg = (v: unknown, what: string): PyCoroutine => {
    if (!(v instanceof PyCoroutine)) throw new PyError(what === 'run' ? 'ValueError' : 'TypeError', `a coroutine was expected, got ${repr(v)}`);
    return v;
  };
  /** tasks.py `ensure_future`: a coroutine becomes a task, a future stays itself. */
  const ensureFuture = (x: Exec, v: unknown, at: SourceRange): PyInstance => {
    if (isFuture(v)) return v;
    if (v instanceof PyCoroutine) return createTask(x, v, at);
    throw new PyError('TypeError', 'An asyncio.Future, a coroutine or an awaitable is required');
  };

  const run = fn('run', function* (this: Exec, args, kw) {
    const at = rt.callAt;
    if (loop) throw new PyError('RuntimeError', 'asyncio.run() cannot be called from a running event loop');
    const coro = coroutineArg(arg(args, kw, 0, 'main', undefined), 'run');
    yield* this.flush(at);
    rt.started = true;
    const l = new Loop();
    l.coroutines.push(...pendingCoroutines.splice(0));
    loop = l;
    try {
      loopSide.add(this);
      const main = createTask(this, coro, at);
      yield* runUntilComplete(this, main, at);
      // runners.py Runner.close → _cancel_all_tasks: cancel what is left and run until it has finished.
      const left = l.tasks.filter((t) => !done(t));
      if (left.length > 0) {
        for (const t of left) cancelTask(t);
        yield* runUntilComplete(this, gather(this, left, true, at), at);
      }
      // runners.py Runner.close: loop.shutdown_default_executor() joins its threads.
      if (l.defaultExecutor) yield* rt.natives.shutdown(this, l.defaultExecutor, at);
      const st = stateOf(main);
      if (st.state === 'FINISHED' && st.exc) st.logTraceback = false;
      yield* leftovers(l);
      return resultOf(main);
    } finally {
      loop = null;
    }
  });

  function gather(x: Exec, items: unknown[], returnExceptions: boolean, at: SourceRange): PyInstance {
    const children: PyInstance[] = [];
    const seen = new Map<unknown, PyInstance>();
    for (const a of items) {
      let f = seen.get(a);
      if (!f) { f = ensureFuture(x, a, at); seen.set(a, f); }
      children.push(f);
    }
    const outer = newFuture(`gather() of ${children.length} awaitable${children.length === 1 ? '' : 's'}`);
    stateOf(outer).children = children;
    if (children.length === 0) { setResult(outer, new PyList([])); return outer; }
    const nfuts = seen.size;
    let nfinished = 0;
    // tasks.py gather `_done_callback`.
    const onDone: Callback = function* (f) {
      nfinished++;
      const o = stateOf(outer);
      if (o.state !== 'PENDING') {
        if (stateOf(f).state !== 'CANCELLED') stateOf(f).logTraceback = false;
        return;
      }
      if (!returnExceptions) {
        if (stateOf(f).state === 'CANCELLED') { setException(outer, raiseOf(cancelledCls)); return; }
        const e = stateOf(f).exc;
        if (e) { stateOf(f).logTraceback = false; setException(outer, e); return; }
      }
      if (nfinished === nfuts) {
        const results = children.map((c) => {
          const s = stateOf(c);
          if (s.state === 'CANCELLED') return raiseOf(cancelledCls).exc;
          s.logTraceback = false;
          return s.exc ? s.exc.exc : s.result;
        });
        if (o.cancelRequested) setException(outer, raiseOf(cancelledCls));
        else setResult(outer, new PyList(results));
      }
    };
    const doneNow: PyInstance[] = [];
    for (const f of seen.values()) {
      if (done(f)) doneNow.push(f);
      else stateOf(f).callbacks.push(onDone);
    }
    for (const f of doneNow) {
      const g = onDone(f);
      for (let r = g.next(); !r.done; r = g.next()) { /* onDone yields nothing */ }
    }
    return outer;
  }

  const sleep = fn('sleep', function (this: Exec, args, kw) {
    const at = rt.callAt;
    const delay = seconds(arg(args, kw, 0, 'delay', undefined), 'sleep()');
    const result = arg(args, kw, 1, 'result', null);
    return native('sleep', at, function* (x) {
      if (delay <= 0) { yield* yieldOnce(x, at); return result; }
      const f = newFuture(`asyncio.sleep(${repr(arg(args, kw, 0, 'delay', undefined))})`);
      const cur = running().current;
      const who = cur ? `${taskOf(cur).flow.name}: ` : '';
      const h = yield* callLater(x, Math.round(delay * 1e9), function* () { if (!done(f)) setResult(f, result); }, at, `${who}${stateOf(f).what}`);
      try { return yield* awaitFuture(x, f, at); } finally { h.cancelled = true; }
    });
  }, false);

  /** tasks.py `_cancel_and_wait`: cancel `f` and wait until it has finished. */
  function* cancelAndWait(x: Exec, f: PyInstance, at: SourceRange): G<void> {
    const waiter = newFuture('the cancelled awaitable to finish');
    const cb: Callback = function* () { if (!done(waiter)) setResult(waiter, null); };
    addDoneCallback(f, cb);
    try {
      cancelFuture(f);
      yield* awaitFuture(x, waiter, at);
    } finally {
      removeDoneCallback(f, cb);
    }
  }

  const waitFor = fn('wait_for', function (this: Exec, args, kw) {
    const at = rt.callAt;
    const aw = arg(args, kw, 0, 'fut', undefined);
    const timeout = arg(args, kw, 1, 'timeout', undefined);
    const timeoutError = () => pyError(rt, 'TimeoutError', '', at);
    return native('wait_for', at, function* (x) {
      if (timeout === null || timeout === undefined) return yield* api.await(x, aw, at);
      const secs = seconds(timeout, 'wait_for()');
      const fut = ensureFuture(x, aw, at);
      if (secs <= 0) {
        if (done(fut)) return resultOf(fut);
        yield* cancelAndWait(x, fut, at);
        try { return resultOf(fut); } catch (e) { if (e instanceof PyExc && isCancelled(e)) throw timeoutError(); throw e; }
      }
      const waiter = newFuture(`wait_for(${stateOf(fut).what}, timeout=${repr(timeout)})`);
      const h = yield* callLater(x, Math.round(secs * 1e9), function* () { if (!done(waiter)) setResult(waiter, false); }, at);
      const cb: Callback = function* () { if (!done(waiter)) setResult(waiter, false); };
      addDoneCallback(fut, cb);
      try {
        try {
          yield* awaitFuture(x, waiter, at);
        } catch (e) {
          if (e instanceof PyExc && isCancelled(e)) {
            if (done(fut)) return resultOf(fut);
            removeDoneCallback(fut, cb);
            yield* cancelAndWait(x, fut, at);
          }
          throw e;
        }
        if (done(fut)) return resultOf(fut);
        removeDoneCallback(fut, cb);
        yield* cancelAndWait(x, fut, at);
        try { return resultOf(fut); } catch (e) { if (e instanceof PyExc && isCancelled(e)) throw timeoutError(); throw e; }
      } finally {
        h.cancelled = true;
      }
    });
  }, false);

  // ---------- Future and Task ----------
  const futureMethods: Record<string, Method> = {
    *__init__(self) { self.native = stateOf(newFuture('a future')); return null; },
    *done(self) { return done(self); },
    *cancelled(self) { return stateOf(self).state === 'CANCELLED'; },
    *result(self) { return resultOf(self); },
    *exception(self) {
      const st = stateOf(self);
      if (st.state === 'CANCELLED') throw raiseOf(cancelledCls);
      if (st.state === 'PENDING') throw raiseOf(invalidStateCls, 'Exception is not set.');
      st.logTraceback = false;
      return st.exc ? st.exc.exc : null;
    },
    *cancel(self) { return cancelFuture(self); },
    *set_result(self, args) { setResult(self, args[0] ?? null); return null; },
    *set_exception(self, args) {
      const e = args[0] instanceof PyClass ? new PyInstance(args[0]) : args[0];
      if (!(e instanceof PyInstance)) throw new PyError('TypeError', 'invalid exception object');
      if (!e.attrs.has('args')) e.attrs.set('args', new PyTuple([]));
      setException(self, new PyExc(e, rt.callAt));
      return null;
    },
    *add_done_callback(self, args, _kw, at) {
      const f = args[0];
      const cb = plainCallback(this, f, at);
      addDoneCallback(self, Object.assign((fut: PyInstance) => cb([fut]), { what: cbName(f) }));
      return null;
    },
  };

  /**
   * A plain callback (`call_soon`, `call_later`, `add_done_callback`): the loop runs it outside
   * any task, with an interpreter of its own on the module; an exception in it is logged
   * (events.py `Handle._run`: "Exception in callback ...") and the loop goes on.
   */
  function plainCallback(x: Exec, f: unknown, at: SourceRange): (args: unknown[]) => G<void> {
    const cx = new Exec(rt, x.env, 'a callback');
    loopSide.add(cx);
    const own = callbackLane(f);
    return function* (args) {
      // The panel's lane of this callback (core/trace/flows.ts), as a Task's step has one.
      if (own !== null) yield flowOp(own, at);
      let failed: PyExc | null = null;
      const outer = callbackNow;
      if (own !== null) {
        callbackNow = callbackFlows.get(own) ?? { name: `callback \`${own}\``, awaits: 0, reads: new Map() };
        callbackFlows.set(own, callbackNow);
      }
      try { yield* cx.call(f, args, null, at); } catch (err) {
        const e = cx.asPyExc(err);
        if (!e) throw err;
        failed = e;
      } finally {
        callbackNow = outer;
      }
      if (own !== null) yield flowOp(null, at);
      if (failed !== null) {
        yield { op: 'assert', ok: false, at: failed.at ?? at, message: `Exception in callback ${repr(f)}: ${excMessage(failed.exc)} (asyncio's loop logs it and goes on)`, finding: { kind: 'assertion', related: [] } };
      }
    };
  }

  /**
   * A callback's lane: its function's name (`on_done`, a method's `tick`; a lambda: `lambda@12`),
   * one lane for every run of it; none for a built-in (`fut.set_result`), which runs no code of the program.
   */
  function callbackLane(f: unknown): string | null {
    const fn = f instanceof PyBound ? f.fn : f;
    if (!(fn instanceof PyFunction)) return null;
    return fn.def.name === '<lambda>' ? `lambda@${fn.def.at.line}` : fn.def.name;
  }

  // ---------- executors: base_events.py run_in_executor, threads.py to_thread ----------
  /**
   * `loop.run_in_executor(executor, func, *args)`: `executor.submit(func, *args)` now (the
   * default executor, a ThreadPoolExecutor, made at the first use), wrapped in an asyncio
   * future (futures.py `wrap_future`). The worker thread runs `func` under the GIL; when it
   * ends, its result travels to the loop through the self-pipe (`call_soon_threadsafe`), and
   * the loop sets the future's result in a callback.
   */
  function* runInExecutor(x: Exec, executor: unknown, func: unknown, args: unknown[], at: SourceRange): G<PyInstance> {
    const l = running();
    let ex: PyInstance;
    if (executor === null || executor === undefined) {
      l.defaultExecutor ??= yield* rt.natives.threadPool(x, at);
      ex = l.defaultExecutor;
    } else if (rt.natives.isExecutor(executor)) ex = executor;
    else throw new PyError('TypeError', `executor must be a concurrent.futures.ThreadPoolExecutor or None, got ${repr(executor)}`);
    const pipe = yield* selfPipe(x, at);
    const fname = func instanceof PyFunction ? func.def.name : typeName(func);
    const fut = newFuture(`run_in_executor(${fname})`);
    l.futures.push([fut, at]);
    l.inFlight++;
    yield* rt.natives.submit(x, ex, func, args, at, function* (w, value, exc) {
      l.piped++;
      yield* w.flush(at);
      const deliver = function* (): G<void> {
        if (done(fut)) return; // cancelled meanwhile: futures.py _call_set_state checks
        if (exc) setException(fut, exc);
        else setResult(fut, value);
      };
      yield { op: 'sync', obj: pipe, action: 'send', value: deliver, at };
    });
    return fut;
  }
  /** The loop's self-pipe (a channel a thread sends on and the loop receives from in select), made at its first use. */
  function* selfPipe(x: Exec, at: SourceRange): G<string> {
    const l = running();
    if (l.selfPipe === null) {
      const { id, name } = rt.syncId('self-pipe');
      l.selfPipe = id;
      yield* x.flush(at);
      yield { op: 'make', decl: { sync: { id, name, kind: 'channel', size: 1_000_000_000, at } }, at };
    }
    return l.selfPipe;
  }
  const toThread = fn('to_thread', function (this: Exec, args, kw) {
    const at = rt.callAt;
    if (args.length === 0) throw new PyError('TypeError', "to_thread() missing 1 required positional argument: 'func'");
    const [func, ...rest] = args;
    if (kw && kw.size > 0) throw new PyError('NotImplementedError', 'asyncio.to_thread with keyword arguments is not simulated (pass them positionally)');
    // threads.py to_thread: a coroutine; the job is submitted when it first runs.
    return native('to_thread', at, function* (x) {
      const fut = yield* runInExecutor(x, null, func, rest, at);
      return yield* awaitFuture(x, fut, at);
    });
  }, false);

  /** The running loop object (`asyncio.get_running_loop()`): the calls a program makes on it. */
  const handleCls = nativeClass(rt, 'TimerHandle', {
    *cancel(self) { (self.native as Handle).cancelled = true; return null; },
    *cancelled(self) { return (self.native as Handle).cancelled; },
    *when(self) { const h = self.native as Timer; return new PyFloat(h.when / 1e9); },
  });
  const handleOf = (h: Handle): PyInstance => {
    const p = new PyInstance(handleCls);
    p.native = h;
    return p;
  };
  const cbName = (f: unknown) => callbackLane(f) ?? repr(f);
  const loopCls = nativeClass(rt, '_UnixSelectorEventLoop', {
    *time(_self, _a, _k, at) { return new PyFloat((yield* time(this, at)) / 1e9); },
    *is_running() { return loop !== null; },
    *call_soon(_self, args, _k, at) {
      const cb = plainCallback(this, args[0], at);
      return handleOf(callSoon(() => cb(args.slice(1)), cbName(args[0])));
    },
    *call_soon_threadsafe(_self, args, _k, at) {
      const cb = plainCallback(this, args[0], at);
      const l = running();
      if (loopSide.has(this)) return handleOf(callSoon(() => cb(args.slice(1)), cbName(args[0])));
      // From another thread: through the self-pipe, which wakes the loop in select (selector_events.py _write_to_self).
      const pipe = yield* selfPipe(this, at);
      const h: Handle = { run: () => cb(args.slice(1)), what: cbName(args[0]), cancelled: false };
      l.inFlight++;
      l.piped++;
      yield* this.flush(at);
      yield { op: 'sync', obj: pipe, action: 'send', value: () => (h.cancelled ? (function* () { /* cancelled */ })() : h.run()), at };
      return handleOf(h);
    },
    *call_later(_self, args, _k, at) {
      const cb = plainCallback(this, args[1], at);
      const secs = seconds(args[0], 'call_later()');
      return handleOf(yield* callLater(this, Math.round(secs * 1e9), () => cb(args.slice(2)), at, cbName(args[1])));
    },
    *call_at(_self, args, _k, at) {
      const cb = plainCallback(this, args[1], at);
      const when = Math.round(seconds(args[0], 'call_at()') * 1e9);
      return handleOf(running().queues.callAt(when, () => cb(args.slice(2)), cbName(args[1])));
    },
    *create_future(_self, _a, _k, at) {
      const f = newFuture('a future');
      running().futures.push([f, at]);
      return f;
    },
    *create_task(_self, args, kw, at) {
      const coro = coroutineArg(arg(args, kw, 0, 'coro', undefined), 'create_task');
      const name = kw?.get('name');
      return createTask(this, coro, at, typeof name === 'string' ? name : undefined);
    },
    *run_in_executor(_self, args, _k, at) {
      if (args.length < 2) throw new PyError('TypeError', "run_in_executor() missing 1 required positional argument: 'func'");
      return yield* runInExecutor(this, args[0], args[1], args.slice(2), at);
    },
  });
  const loopObject = new PyInstance(loopCls);
  const getRunningLoop = fn('get_running_loop', () => { running(); return loopObject; }, false);

  const futureCls = nativeClass(rt, 'Future', futureMethods);
  const taskCls = nativeClass(rt, 'Task', {
    *get_name(self) { return taskOf(self).name; },
    *set_name(self, args) { taskOf(self).name = String(args[0]); return null; },
    *get_coro(self) { return taskOf(self).coro; },
    *cancelling(self) { return taskOf(self).cancels; },
    *uncancel(self) { return uncancel(self); },
  }, [futureCls]);

  // ---------- locks.py and queues.py ----------
  interface LockSt { locked: boolean; waiters: PyInstance[]; name: string }
  const lockOf = (self: PyInstance): LockSt => {
    if (self.native === undefined) throw new PyError('RuntimeError', 'Lock.__init__() was not called');
    return self.native as LockSt;
  };
  const named = (kind: string) => rt.syncId(kind).name;
  /** `await fut` for a waiter future, removing it from `waiters` afterwards, as every locks.py acquire does. */
  function* waitIn(x: Exec, waiters: PyInstance[], what: string, at: SourceRange): G<PyInstance> {
    const f = newFuture(what);
    waiters.push(f);
    try { yield* awaitFuture(x, f, at); } finally { const i = waiters.indexOf(f); if (i >= 0) waiters.splice(i, 1); }
    return f;
  }
  const cancelledErr = (e: unknown): e is PyExc => e instanceof PyExc && isCancelled(e);
  const lockCls = nativeClass(rt, 'Lock', {
    *__init__(self) { self.native = { locked: false, waiters: [], name: named('lock') } satisfies LockSt; return null; },
    *locked(self) { return lockOf(self).locked; },
    *acquire(self, _a, _k, at) {
      const st = lockOf(self);
      return native('acquire', at, (x) => acquireLock(x, st, at));
    },
    *release(self) { releaseLock(lockOf(self)); return null; },
    *__aenter__(self, _a, _k, at) { return yield* this.call(yield* this.getAttr(self, 'acquire', at), [], null, at); },
    *__aexit__(self, _a, _k, at) {
      const st = lockOf(self);
      return native('__aexit__', at, function* () {
        releaseLock(st);
        return null;
      });
    },
  });
  /** locks.py `Lock.acquire`. */
  function* acquireLock(x: Exec, st: LockSt, at: SourceRange): G<boolean> {
    if (!st.locked && st.waiters.every((w) => stateOf(w).state === 'CANCELLED')) { st.locked = true; return true; }
    try {
      yield* waitIn(x, st.waiters, `\`${st.name}\`.acquire()`, at);
    } catch (e) {
      if (cancelledErr(e) && !st.locked) wakeFirst(st);
      throw e;
    }
    st.locked = true;
    return true;
  }
  /** locks.py `Lock.release`. */
  function releaseLock(st: LockSt): void {
    if (!st.locked) throw new PyError('RuntimeError', 'Lock is not acquired.');
    st.locked = false;
    wakeFirst(st);
  }

  /** locks.py `Condition` (3.11): its own Lock unless given one, and waiter futures woken by notify. */
  interface CondSt { lock: PyInstance; waiters: PyInstance[]; name: string }
  const condOf = (self: PyInstance): CondSt => {
    if (self.native === undefined) throw new PyError('RuntimeError', 'Condition.__init__() was not called');
    return self.native as CondSt;
  };
  /** locks.py `Condition.wait`: release, wait for a notify, and take the lock back even when cancelled. */
  function* condWait(x: Exec, c: CondSt, at: SourceRange): G<boolean> {
    const lock = lockOf(c.lock);
    if (!lock.locked) throw new PyError('RuntimeError', 'cannot wait on un-acquired lock');
    releaseLock(lock);
    let failure: { err: unknown } | undefined;
    try {
      yield* waitIn(x, c.waiters, `\`${c.name}\`.wait()`, at);
    } catch (err) {
      failure = { err };
    }
    // The `finally` of locks.py: the lock is taken again even if the wait was cancelled.
    let cancelled = false;
    for (;;) {
      try { yield* acquireLock(x, lock, at); break; } catch (e) { if (cancelledErr(e)) cancelled = true; else throw e; }
    }
    if (cancelled) throw raiseOf(cancelledCls);
    if (failure) throw failure.err;
    return true;
  }
  const condCls = nativeClass(rt, 'Condition', {
    *__init__(self, args, kw, at) {
      // Named first: the variable it is bound to (`cond = asyncio.Condition()`); its own lock is `cond`'s lock.
      const name = named('condition');
      let lock = arg(args, kw, 0, 'lock', null);
      if (lock === null) {
        lock = new PyInstance(lockCls);
        (lock as PyInstance).native = { locked: false, waiters: [], name: `${name}'s lock` } satisfies LockSt;
      } else if (!(lock instanceof PyInstance) || lock.cls.nativeBase() !== lockCls) throw pyError(rt, 'TypeError', 'Condition() takes an asyncio.Lock', at);
      self.native = { lock: lock as PyInstance, waiters: [], name } satisfies CondSt;
      return null;
    },
    *locked(self) { return lockOf(condOf(self).lock).locked; },
    *acquire(self, _a, _k, at) { const lock = lockOf(condOf(self).lock); return native('acquire', at, (x) => acquireLock(x, lock, at)); },
    *release(self) { releaseLock(lockOf(condOf(self).lock)); return null; },
    *__aenter__(self, _a, _k, at) { const lock = lockOf(condOf(self).lock); return native('__aenter__', at, function* (x) { yield* acquireLock(x, lock, at); return null; }); },
    *__aexit__(self, _a, _k, at) { const lock = lockOf(condOf(self).lock); return native('__aexit__', at, function* () { releaseLock(lock); return null; }); },
    *wait(self, _a, _k, at) { const c = condOf(self); return native('wait', at, (x) => condWait(x, c, at)); },
    *wait_for(self, args, _k, at) {
      const c = condOf(self);
      const predicate = args[0];
      return native('wait_for', at, function* (x) {
        let result = yield* x.call(predicate, [], null, at);
        while (!truthy(result)) {
          yield* condWait(x, c, at);
          result = yield* x.call(predicate, [], null, at);
        }
        return result;
      });
    },
    *notify(self, args, kw) {
      const c = condOf(self);
      if (!lockOf(c.lock).locked) throw new PyError('RuntimeError', 'cannot notify on un-acquired lock');
      notify(c, Number(arg(args, kw, 0, 'n', 1)));
      return null;
    },
    *notify_all(self) {
      const c = condOf(self);
      if (!lockOf(c.lock).locked) throw new PyError('RuntimeError', 'cannot notify on un-acquired lock');
      notify(c, c.waiters.length);
      return null;
    },
  });
  /** locks.py `Condition.notify`: the first `n` waiters not done yet get their result. */
  function notify(c: CondSt, n: number): void {
    let idx = 0;
    for (const f of c.waiters) {
      if (idx >= n) break;
      if (!done(f)) { idx++; setResult(f, false); }
    }
  }

  /** locks.py `Lock._wake_up_first`. */
  function wakeFirst(st: LockSt): void {
    const f = st.waiters[0];
    if (f && !done(f)) setResult(f, true);
  }

  interface EventSt { value: boolean; waiters: PyInstance[]; name: string }
  const eventCls = nativeClass(rt, 'Event', {
    *__init__(self) { self.native = { value: false, waiters: [], name: named('event') } satisfies EventSt; return null; },
    *is_set(self) { return (self.native as EventSt).value; },
    *set(self) {
      const st = self.native as EventSt;
      if (!st.value) { st.value = true; for (const f of st.waiters) if (!done(f)) setResult(f, true); }
      return null;
    },
    *clear(self) { (self.native as EventSt).value = false; return null; },
    *wait(self, _a, _k, at) {
      const st = self.native as EventSt;
      return native('wait', at, function* (x) {
        if (st.value) return true;
        yield* waitIn(x, st.waiters, `\`${st.name}\`.wait()`, at);
        return true;
      });
    },
  });

  interface SemSt { value: number; bound: number; waiters: PyInstance[]; name: string }
  const semOf = (self: PyInstance) => self.native as SemSt;
  const semLocked = (st: SemSt) => st.value === 0 || st.waiters.some((w) => stateOf(w).state !== 'CANCELLED');
  /** locks.py `Semaphore._wake_up_next` (3.11.7). */
  const wakeNext = (st: SemSt): boolean => {
    for (const f of st.waiters) {
      if (!done(f)) { st.value--; setResult(f, true); return true; }
    }
    return false;
  };
  const semMethods = (bounded: boolean): Record<string, Method> => ({
    *__init__(self, args, kw) {
      const v = arg(args, kw, 0, 'value', 1);
      if (typeof v !== 'number' || v < 0) throw new PyError('ValueError', 'Semaphore initial value must be >= 0');
      self.native = { value: v, bound: v, waiters: [], name: named('semaphore') } satisfies SemSt;
      return null;
    },
    *locked(self) { return semLocked(semOf(self)); },
    *acquire(self, _a, _k, at) {
      const st = semOf(self);
      return native('acquire', at, function* (x) {
        if (!semLocked(st)) { st.value--; return true; }
        const fut = newFuture(`\`${st.name}\`.acquire()`);
        st.waiters.push(fut);
        try {
          try { yield* awaitFuture(x, fut, at); } finally { const i = st.waiters.indexOf(fut); if (i >= 0) st.waiters.splice(i, 1); }
        } catch (e) {
          if (cancelledErr(e) && stateOf(fut).state !== 'CANCELLED') { st.value++; wakeNext(st); }
          throw e;
        }
        if (st.value > 0) wakeNext(st);
        return true;
      });
    },
    *release(self) {
      const st = semOf(self);
      if (bounded && st.value >= st.bound) throw new PyError('ValueError', 'BoundedSemaphore released too many times');
      st.value++;
      wakeNext(st);
      return null;
    },
    *__aenter__(self, _a, _k, at) { return yield* this.call(yield* this.getAttr(self, 'acquire', at), [], null, at); },
    *__aexit__(self, _a, _k, at) {
      const release = yield* this.getAttr(self, 'release', at);
      return native('__aexit__', at, function* (x) { yield* x.call(release, [], null, at); return null; });
    },
  });
  const semCls = nativeClass(rt, 'Semaphore', semMethods(false));
  const bsemCls = nativeClass(rt, 'BoundedSemaphore', semMethods(true), [semCls]);

  interface QueueSt { items: unknown[]; max: number; getters: PyInstance[]; putters: PyInstance[]; unfinished: number; finished: PyInstance; name: string }
  const qOf = (self: PyInstance) => self.native as QueueSt;
  const full = (q: QueueSt) => q.max > 0 && q.items.length >= q.max;
  /** queues.py `_wakeup_next`. */
  const wakeupNext = (waiters: PyInstance[]) => {
    while (waiters.length > 0) {
      const w = waiters.shift()!;
      if (!done(w)) { setResult(w, null); break; }
    }
  };
  const putNowait = (q: QueueSt, item: unknown) => {
    if (full(q)) throw raiseOf(queueFullCls);
    q.items.push(item);
    q.unfinished++;
    (q.finished.native as EventSt).value = false;
    wakeupNext(q.getters);
  };
  const getNowait = (q: QueueSt): unknown => {
    if (q.items.length === 0) throw raiseOf(queueEmptyCls);
    const item = q.items.shift();
    wakeupNext(q.putters);
    return item;
  };
  /** queues.py put/get: wait while full (empty), handing the wake-up on when cancelled. */
  function* waitTurn(x: Exec, q: QueueSt, waiters: PyInstance[], blocked: () => boolean, what: string, at: SourceRange): G<void> {
    while (blocked()) {
      const w = newFuture(what);
      waiters.push(w);
      try {
        yield* awaitFuture(x, w, at);
      } catch (e) {
        cancelFuture(w);
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        if (!blocked() && stateOf(w).state !== 'CANCELLED') wakeupNext(waiters);
        throw e;
      }
    }
  }
  const queueCls = nativeClass(rt, 'Queue', {
    *__init__(self, args, kw) {
      const max = arg(args, kw, 0, 'maxsize', 0);
      const finished = new PyInstance(eventCls);
      finished.native = { value: true, waiters: [], name: 'join' } satisfies EventSt;
      const name = named('queue');
      (finished.native as EventSt).name = `${name}'s join`;
      self.native = { items: [], max: typeof max === 'number' ? max : 0, getters: [], putters: [], unfinished: 0, finished, name } satisfies QueueSt;
      return null;
    },
    *qsize(self) { return qOf(self).items.length; },
    *empty(self) { return qOf(self).items.length === 0; },
    *full(self) { return full(qOf(self)); },
    *put_nowait(self, args) { putNowait(qOf(self), args[0]); return null; },
    *get_nowait(self) { return getNowait(qOf(self)); },
    *put(self, args, _k, at) {
      const q = qOf(self);
      return native('put', at, function* (x) {
        yield* waitTurn(x, q, q.putters, () => full(q), `\`${q.name}\`.put() (the queue is full)`, at);
        putNowait(q, args[0]);
        return null;
      });
    },
    *get(self, _a, _k, at) {
      const q = qOf(self);
      return native('get', at, function* (x) {
        yield* waitTurn(x, q, q.getters, () => q.items.length === 0, `\`${q.name}\`.get() (the queue is empty)`, at);
        return getNowait(q);
      });
    },
    *task_done(self) {
      const q = qOf(self);
      if (q.unfinished <= 0) throw new PyError('ValueError', 'task_done() called too many times');
      q.unfinished--;
      if (q.unfinished === 0) {
        const ev = q.finished.native as EventSt;
        if (!ev.value) { ev.value = true; for (const f of ev.waiters) if (!done(f)) setResult(f, true); }
      }
      return null;
    },
    *join(self, _a, _k, at) {
      const q = qOf(self);
      return native('join', at, function* (x) {
        const ev = q.finished.native as EventSt;
        if (q.unfinished > 0 && !ev.value) yield* waitIn(x, ev.waiters, `\`${q.name}\`.join() (items not yet task_done())`, at);
        return null;
      });
    },
  });

  // ---------- taskgroups.py (3.11) ----------
  interface GroupSt {
    entered: boolean; exiting: boolean; aborting: boolean; parentCancelRequested: boolean;
    tasks: Set<PyInstance>; errors: PyExc[]; baseError: PyExc | null; parent: PyInstance | null; onCompleted: PyInstance | null;
  }
  const groupOf = (self: PyInstance): GroupSt => {
    if (self.native === undefined) throw new PyError('RuntimeError', 'TaskGroup.__init__() was not called');
    return self.native as GroupSt;
  };
  const isBaseError = (e: PyExc) => ['KeyboardInterrupt', 'SystemExit'].some((n) => e.exc.cls.isSubclassOf(rt.builtins.get(n) as PyClass));
  /** taskgroups.py `_abort`: cancel every task not done. */
  const abort = (g: GroupSt) => {
    g.aborting = true;
    for (const t of g.tasks) if (!done(t)) cancelTask(t);
  };
  /** taskgroups.py `_on_task_done`. */
  const onTaskDone = (g: GroupSt): Callback => function* (t) {
    g.tasks.delete(t);
    if (g.onCompleted !== null && g.tasks.size === 0 && !done(g.onCompleted)) setResult(g.onCompleted, true);
    const st = stateOf(t);
    if (st.state === 'CANCELLED' || !st.exc) return;
    st.logTraceback = false; // task.exception() retrieves it
    g.errors.push(st.exc);
    if (isBaseError(st.exc) && g.baseError === null) g.baseError = st.exc;
    if (g.parent === null || done(g.parent)) return;
    if (!g.aborting && !g.parentCancelRequested) {
      abort(g);
      g.parentCancelRequested = true;
      cancelTask(g.parent);
    }
  };
  /** BaseExceptionGroup(message, excs): an ExceptionGroup when every one is an Exception (PEP 654). */
  const exceptionGroup = (message: string, excs: PyExc[], at: SourceRange): PyExc => {
    const exceptionCls = rt.builtins.get('Exception') as PyClass;
    const all = excs.every((e) => e.exc.cls.isSubclassOf(exceptionCls));
    const eg = new PyInstance(rt.builtins.get(all ? 'ExceptionGroup' : 'BaseExceptionGroup') as PyClass);
    const list = new PyTuple(excs.map((e) => e.exc));
    eg.attrs.set('args', new PyTuple([message, new PyList(excs.map((e) => e.exc))]));
    eg.attrs.set('message', message);
    eg.attrs.set('exceptions', list);
    return new PyExc(eg, excs[0]?.at ?? at);
  };
  const taskGroupCls = nativeClass(rt, 'TaskGroup', {
    *__init__(self) {
      self.native = { entered: false, exiting: false, aborting: false, parentCancelRequested: false, tasks: new Set(), errors: [], baseError: null, parent: null, onCompleted: null } satisfies GroupSt;
      return null;
    },
    *__aenter__(self, _a, _k, at) {
      const g = groupOf(self);
      return native('__aenter__', at, function* () {
        if (g.entered) throw new PyError('RuntimeError', 'TaskGroup has already been entered');
        g.entered = true;
        g.parent = running().current;
        if (g.parent === null) throw new PyError('RuntimeError', 'TaskGroup cannot determine the parent task');
        return self;
      });
    },
    *create_task(self, args, kw, at) {
      const g = groupOf(self);
      if (!g.entered) throw new PyError('RuntimeError', 'TaskGroup has not been entered');
      if (g.exiting && g.tasks.size === 0) throw new PyError('RuntimeError', 'TaskGroup is finished');
      if (g.aborting) throw new PyError('RuntimeError', 'TaskGroup is shutting down');
      const coro = coroutineArg(arg(args, kw, 0, 'coro', undefined), 'create_task');
      const name = kw?.get('name');
      const t = createTask(this, coro, at, typeof name === 'string' ? name : undefined);
      addDoneCallback(t, onTaskDone(g));
      g.tasks.add(t);
      return t;
    },
    *__aexit__(self, args, _k, at) {
      const g = groupOf(self);
      const [et, excv] = args;
      return native('__aexit__', at, function* (x) {
        g.exiting = true;
        let propagate: PyExc | null = null;
        const exc = excv instanceof PyInstance ? new PyExc(excv, at) : null;
        if (exc && isBaseError(exc) && g.baseError === null) g.baseError = exc;
        if (et !== null && et !== undefined) {
          if (exc && isCancelled(exc)) {
            if (!(g.parentCancelRequested && g.parent && uncancel(g.parent) === 0)) propagate = exc;
          }
          if (!g.aborting) abort(g);
        }
        // taskgroups.py: a while loop, since the wait may be cancelled again and again.
        while (g.tasks.size > 0) {
          g.onCompleted ??= newFuture(`the TaskGroup's ${g.tasks.size} task${g.tasks.size === 1 ? '' : 's'} to finish`);
          try {
            yield* awaitFuture(x, g.onCompleted, at);
          } catch (e) {
            if (!cancelledErr(e)) throw e;
            if (!g.aborting) { propagate = e; abort(g); }
          }
          g.onCompleted = null;
        }
        if (g.baseError) throw g.baseError;
        if (propagate && g.errors.length === 0) throw propagate;
        if (exc && !isCancelled(exc)) g.errors.push(exc);
        if (g.errors.length > 0) {
          const errors = g.errors;
          g.errors = [];
          throw exceptionGroup('unhandled errors in a TaskGroup', errors, at);
        }
        return null;
      });
    },
  });

  const createTaskFn = fn('create_task', function (this: Exec, args, kw) {
    const coro = coroutineArg(arg(args, kw, 0, 'coro', undefined), 'create_task');
    const name = kw?.get('name');
    return createTask(this, coro, rt.callAt, typeof name === 'string' ? name : undefined);
  }, false);
  const gatherFn = fn('gather', function (this: Exec, args, kw) {
    running();
    return gather(this, args, kw?.get('return_exceptions') === true, rt.callAt);
  }, false);
  const currentTask = fn('current_task', () => running().current, false);
  const allTasks = fn('all_tasks', () => new PyList(running().tasks.filter((t) => !done(t))), false);
  const notSimulated = (name: string, hint: string) => fn(name, () => {
    throw new PyError('NotImplementedError', `asyncio.${name} is not simulated (${hint})`);
  }, false);
  const NO_IO = 'the asyncio subset has no I/O, threads or processes: model a request with asyncio.sleep';
  const mod = new PyModule('asyncio', new Map<string, unknown>([
    ['run', run], ['create_task', createTaskFn], ['ensure_future', fn('ensure_future', function (this: Exec, args) { return ensureFuture(this, args[0], rt.callAt); }, false)],
    ['gather', gatherFn], ['sleep', sleep], ['wait_for', waitFor], ['current_task', currentTask], ['all_tasks', allTasks],
    ['Future', futureCls], ['Task', taskCls], ['Lock', lockCls], ['Event', eventCls], ['Semaphore', semCls], ['BoundedSemaphore', bsemCls],
    ['Queue', queueCls], ['QueueEmpty', queueEmptyCls], ['QueueFull', queueFullCls],
    ['CancelledError', cancelledCls], ['TimeoutError', rt.builtins.get('TimeoutError')], ['InvalidStateError', invalidStateCls],
    ['to_thread', toThread], ['get_running_loop', getRunningLoop], ['get_event_loop', fn('get_event_loop', () => {
      // 3.11: inside a coroutine, the running loop; outside, a new loop (deprecated), which the subset does not make.
      if (!loop) throw new PyError('NotImplementedError', 'asyncio.get_event_loop outside a running loop is not simulated (use asyncio.run(main()))');
      return loopObject;
    }, false)], ['new_event_loop', notSimulated('new_event_loop', 'use asyncio.run(main())')],
    ['wait', notSimulated('wait', 'use asyncio.gather or asyncio.wait_for')], ['as_completed', notSimulated('as_completed', 'use asyncio.gather')],
    ['shield', notSimulated('shield', 'not in the subset')], ['timeout', notSimulated('timeout', 'use asyncio.wait_for')],
    ['TaskGroup', taskGroupCls], ['Condition', condCls],
    ['open_connection', notSimulated('open_connection', NO_IO)], ['start_server', notSimulated('start_server', NO_IO)],
    ['create_subprocess_exec', notSimulated('create_subprocess_exec', NO_IO)], ['run_coroutine_threadsafe', notSimulated('run_coroutine_threadsafe', NO_IO)],
  ]));

  /** Coroutines made before any loop ran (reported unawaited by the next asyncio.run, with its own). */
  const pendingCoroutines: PyCoroutine[] = [];

  const api: Asyncio = {
    module: mod,
    get running() { return loop !== null; },
    coroutine(f, args, kw, at) {
      const kwCopy = kw ? new Map(kw) : null;
      const c = new PyCoroutine(f.def.name, (x) => x.callFunction(f, args, kwCopy, at), at, true);
      (loop ? loop.coroutines : pendingCoroutines).push(c);
      return c;
    },
    *await(x, v, at) {
      try {
        if (v instanceof PyCoroutine) {
          if (v.started) throw new PyError('RuntimeError', 'cannot reuse already awaited coroutine');
          return yield* v.run(x);
        }
        if (isFuture(v)) return yield* awaitFuture(x, v, at);
        throw new PyError('TypeError', `object ${typeName(v)} can't be used in 'await' expression`);
      } catch (err) {
        // A built-in's error (PyError) raised under this await is the Python exception at its line.
        if (err instanceof PyError) throw pyError(rt, err.type, err.message, at);
        throw err;
      }
    },
    read(x, id, at) {
      if (!loopSide.has(x)) return;
      const f = flowNow();
      const w = lastWrite.get(id);
      f.reads.set(id, { at, seen: w ? w.seq : 0, awaits: f.awaits });
    },
    write(x, id, name, at) {
      if (!loopSide.has(x)) return undefined;
      const f = flowNow();
      const r = f.reads.get(id);
      const w = lastWrite.get(id);
      let race: Op | undefined;
      if (r && f.awaits > r.awaits && w && w.seq > r.seen && w.by !== f) {
        const ts = loop?.current ? taskOf(loop.current) : undefined;
        race = {
          op: 'assert', ok: false, at: r.at,
          message: `Race across await: ${f.name} reads \`${name}\` here, awaits, and writes it back after ${w.by.name} wrote it in between; that write is lost`,
          finding: { kind: 'data-race', related: [
            { at: w.at, message: `${w.by.name} writes \`${name}\` while ${f.name} is suspended` },
            { at, message: `${f.name} writes the stale value back here` },
            ...(ts?.awaitAt ? [{ at: ts.awaitAt, message: `${f.name} was suspended at this await` }] : []),
          ] },
        };
      }
      lastWrite.set(id, { seq: ++writeSeq, by: f, at });
      f.reads.delete(id);
      return race;
    },
  };
  return api;
}
