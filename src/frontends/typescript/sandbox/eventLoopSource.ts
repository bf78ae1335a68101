/**
 * The event loop inside the sandbox (runtime `eventloop`): promises, the microtask queue,
 * timers, `io()` and async functions as flows. Source text, spliced into RUNTIME_SOURCE.
 *
 * Sources mirrored:
 * - ECMAScript 2024, 27.2 Promise Objects: the resolve functions (27.2.1.3.2, a thenable
 *   adopted through NewPromiseResolveThenableJob), PerformPromiseThen, PromiseResolve in
 *   Await (27.7.5.3: awaiting a native promise takes no extra job), and HostEnqueuePromiseJob
 *   (9.5): jobs run in FIFO order once the stack is empty.
 * - HTML, 8.1.7.3 event-loop processing model: one task (macrotask) at a time, then "perform a
 *   microtask checkpoint", which drains the queue and reports rejected promises nobody handled.
 * - libuv as Node's event-loop guide describes it: expired timers in order of expiry
 *   (setTimeout's delay is at least 1 ms), the check phase for setImmediate, and I/O
 *   completions from the poll phase whenever they come.
 *
 * Engine tasks: main runs the script and its checkpoint; every `io()` is a task of its own
 * whose step is its completion and the checkpoint after it. After its step, each task runs
 * the due timers and immediates, the earliest first, one per step (`runTimers`: whichever task
 * takes a timer, the timers still fire in order), then joins the io() tasks it started, so
 * main ends last. The engine's eventloop runtime runs each step to completion, so the only
 * choice exploration makes is which pending I/O completes next (or whether it comes before the
 * next timer). Steps touch the loop's own variables only where the order matters (the timer
 * queue), so completions that touch disjoint state commute for DPOR. Each step opens with an op
 * whose effect (`fx`) does what depends on the loop's queues: the engine may run a task's code
 * ahead to its next op before it picks.
 */
export const EVENT_LOOP_SOURCE = String.raw`
  function eventLoop(rt, markShared, GenFn, Abort, tick, nanos, lineText) {
    const TIMERS = '(event loop timers)';
    const IO = '(io)';
    /** The default time an io() takes in the timed model (its completion order is explored in check). */
    const IO_NS = 1e6;
    const micro = [];
    const timers = [];
    let seq = 0;
    let nowNs = 0;
    /** The engine task whose step is running (set by each step's first op), and the io() tasks each started. */
    const main = { children: [] };
    let task = main;
    const ioDone = [];
    let current = null;
    let macrotask = { name: 'the script' };
    const suspended = new Set();
    const rejected = [];
    let writeSeq = 0;
    const lastWrite = new Map();

    const ioCount = new Map();
    /** "withdraw" for the first flow of a function, "withdraw#2" for the second (runtimeSource's numberer). */
    const numbered = numberer();
    /** The panel's lane running now (flowOp): an async function's flow, a promise chain, a callback; null: the loop's own code. */
    let lane = null;
    /** While a then/catch/finally call runs (thenAt): where, and which; its reactions join or start that chain. */
    let thenSite = null;
    let lines = null;
    /** The line of location index \`at\` (lanes are named after lines: then@12). */
    function lineOf(at) {
      if (lines === null) lines = lineText.split(',');
      return at === undefined || lines[at] === undefined ? '?' : lines[at];
    }
    /**
     * The lane of a callback the loop runs (a timer, an immediate, a queueMicrotask job): its
     * function's name, else where it was scheduled (setTimeout@12); none for the loop's own
     * functions (a promise's resolve, sleep's timer), which are no code of the program.
     */
    function callbackLane(fn, kind, at) {
      if (!(fn instanceof GenFn)) return null;
      return fn.name ? fn.name : kind + '@' + lineOf(at);
    }

    /** Errors that end the run instead of rejecting a promise: a stop, the slice limit, what cannot be modelled. */
    function fatal(e) {
      return e instanceof Abort || e instanceof SliceTimeout || (e !== null && typeof e === 'object' && e.interleaveFatal === true);
    }

    class AwaitMark { constructor(v, at) { this.v = v; this.at = at; } }

    function* run(fn, self, args) {
      if (fn instanceof GenFn) return yield* fn.apply(self, args);
      return fn.apply(self, args);
    }

    /** A microtask: its generator function, and what it is for the panel's queue (\`what\`). */
    function job(gen, what) { gen.what = what; micro.push(gen); }

    class SimPromise {
      constructor(executor) {
        this.state = 'pending';
        this.value = undefined;
        this.reactions = [];
        this.handled = false;
        this.at = undefined;
        if (executor !== undefined) {
          if (typeof executor !== 'function') throw new TypeError('Promise resolver ' + String(executor) + ' is not a function');
          const fns = resolving(this);
          try { rt.now((function* () { yield* run(executor, undefined, [fns.resolve, fns.reject]); })()); } catch (e) { if (fatal(e)) throw e; fns.reject(e); }
        }
      }
      then(onFulfilled, onRejected) {
        const derived = new SimPromise();
        derived.at = this.at;
        // A chain of promises is one lane: the first then/catch/finally of the program's code
        // on a promise starts it (then@12, then@12#2 the second time), the ones on its derived
        // promises continue it. The loop's own thens (Promise.all, race) start none.
        const chain = this.chain !== undefined ? this.chain
          : thenSite !== null ? { name: numbered(thenSite.kind + '@' + lineOf(thenSite.at)), at: thenSite.at } : undefined;
        derived.chain = chain;
        performThen(this, { onFulfilled: onFulfilled, onRejected: onRejected, derived: derived, chain: chain });
        return derived;
      }
      catch(onRejected) { return this.then(undefined, onRejected); }
      finally(f) {
        if (typeof f !== 'function') return this.then(f, f);
        return this.then(function* (v) { yield* run(f, undefined, []); return v; }, function* (e) { yield* run(f, undefined, []); throw e; });
      }
      static resolve(v) {
        if (v instanceof SimPromise) return v;
        const p = new SimPromise();
        resolveP(p, v);
        return p;
      }
      static reject(e) { const p = new SimPromise(); rejectP(p, e); return p; }
      static all(xs) { return combine(xs, 'all'); }
      static allSettled(xs) { return combine(xs, 'allSettled'); }
      static any(xs) { return combine(xs, 'any'); }
      static race(xs) {
        const out = new SimPromise();
        const fns = resolving(out);
        for (const x of Array.from(xs)) SimPromise.resolve(x).then(fns.resolve, fns.reject);
        return out;
      }
      static withResolvers() {
        const p = new SimPromise();
        const fns = resolving(p);
        return { promise: p, resolve: fns.resolve, reject: fns.reject };
      }
    }

    // 27.2.4.1 Promise.all, 27.2.4.2 allSettled, 27.2.4.3 any: one reaction per element.
    function combine(xs, kind) {
      const out = new SimPromise();
      const fns = resolving(out);
      const items = Array.from(xs);
      const values = new Array(items.length);
      let left = items.length;
      const done = () => {
        if (--left > 0) return;
        if (kind === 'any') { const e = new Error('All promises were rejected'); e.name = 'AggregateError'; e.errors = values; fns.reject(e); }
        else fns.resolve(values);
      };
      items.forEach((x, i) => {
        const p = SimPromise.resolve(x);
        if (kind === 'all') p.then((v) => { values[i] = v; done(); }, fns.reject);
        else if (kind === 'allSettled') p.then((v) => { values[i] = { status: 'fulfilled', value: v }; done(); }, (e) => { values[i] = { status: 'rejected', reason: e }; done(); });
        else p.then(fns.resolve, (e) => { values[i] = e; done(); });
      });
      if (items.length === 0) { left = 1; done(); }
      return out;
    }

    /** \`o.then(...)\` (catch, finally) called by the program's code at location \`at\` (runtimeSource.ts mcall). */
    function thenAt(at, o, k, args) {
      const outer = thenSite;
      thenSite = { at: at, kind: k };
      try { return o[k].apply(o, args); } finally { thenSite = outer; }
    }

    // 27.2.1.3 CreateResolvingFunctions: the first call wins.
    function resolving(p) {
      let already = false;
      return {
        resolve: function resolve(v) { if (already) return; already = true; resolveP(p, v); },
        reject: function reject(e) { if (already) return; already = true; rejectP(p, e); },
      };
    }

    function resolveP(p, x) {
      if (p.state !== 'pending') return;
      if (x === p) { rejectP(p, new TypeError('Chaining cycle detected for promise')); return; }
      if (x === null || (typeof x !== 'object' && typeof x !== 'function')) { settle(p, 'fulfilled', x); return; }
      let then;
      try { then = x.then; } catch (e) { rejectP(p, e); return; }
      if (typeof then !== 'function') { settle(p, 'fulfilled', x); return; }
      // NewPromiseResolveThenableJob: adopting a thenable takes one job, its then() another.
      p.state = 'adopting';
      job(function* () {
        const fns = resolving(p);
        p.state = 'pending';
        try { yield* run(then, x, [fns.resolve, fns.reject]); } catch (e) { if (fatal(e)) throw e; fns.reject(e); }
      }, 'adopt a thenable');
    }

    function rejectP(p, e) {
      if (p.state !== 'pending' && p.state !== 'adopting') return;
      // HostPromiseRejectionTracker(p, "reject"): reported at the checkpoint unless handled by then.
      if (!p.handled) rejected.push(p);
      settle(p, 'rejected', e);
    }

    function settle(p, state, value) {
      p.state = state;
      p.value = value;
      const rs = p.reactions;
      p.reactions = [];
      for (const r of rs) job(reactionJob(p, r), reactionWhat(r));
    }

    function performThen(p, r) {
      p.handled = true;
      if (p.state === 'pending' || p.state === 'adopting') p.reactions.push(r);
      else job(reactionJob(p, r), reactionWhat(r));
    }

    function reactionWhat(r) { return r.flow ? 'resume ' + r.flow.name : r.chain !== undefined ? r.chain.name + ' callback' : 'a then callback'; }

    // 27.2.2.1 NewPromiseReactionJob; an await's reaction resumes its flow.
    function reactionJob(p, r) {
      return function* () {
        const ok = p.state === 'fulfilled';
        if (r.flow) { yield* resume(r.flow, ok ? 'next' : 'throw', p.value); return; }
        const h = ok ? r.onFulfilled : r.onRejected;
        if (typeof h !== 'function') {
          if (ok) resolveP(r.derived, p.value); else rejectP(r.derived, p.value);
          return;
        }
        // A handler of the program's code runs in its chain's lane.
        const own = r.chain !== undefined && h instanceof GenFn ? r.chain : null;
        const outer = lane;
        if (own !== null) yield flowOp(own.name, own.at);
        let v;
        let failed = false;
        try { v = yield* run(h, undefined, [p.value]); } catch (e) { if (fatal(e)) throw e; failed = true; v = e; }
        if (own !== null) yield flowOp(outer, own.at);
        if (failed) rejectP(r.derived, v); else resolveP(r.derived, v);
      };
    }

    /** An async function's call: its body runs to its first await, and the call returns its promise. */
    function* flow(at, name, gen) {
      const p = new SimPromise();
      p.at = at;
      const f = { gen: gen, promise: p, at: at, name: numbered(name), awaitAt: undefined, awaiting: undefined, awaits: 0, reads: new Map() };
      yield* resume(f, 'next', undefined);
      return p;
    }

    /**
     * The panel's flow lanes and queues (core/trace/flows.ts): the flow that runs from now on
     * (null: the loop's own code, a callback), the microtasks still queued and the timers.
     */
    function flowOp(flow, at) {
      lane = flow;
      // Built only when asked (a timed run asks at each moment; check's untimed steps never ask).
      const queues = () => {
        const live = timers.filter((t) => !t.cleared).sort((a, b) => a.due - b.due || a.seq - b.seq);
        return [
          { name: 'microtasks', items: micro.map((g) => g.what || 'a job') },
          { name: 'timers', items: live.map((t) => t.what + ' at ' + (t.due / 1e6) + ' ms') },
        ];
      };
      return { op: 'flow', flow: flow, at: at, queues: queues };
    }

    /** Runs the flow from where it awaited, with the switch to it and back told to the trace. */
    function* resume(f, mode, value) {
      const outer = lane;
      yield flowOp(f.name, f.awaitAt === undefined ? f.at : f.awaitAt);
      yield* resumeFlow(f, mode, value);
      yield flowOp(outer, f.awaitAt === undefined ? f.at : f.awaitAt);
    }

    function* resumeFlow(f, mode, value) {
      const outer = current;
      current = f;
      suspended.delete(f);
      f.awaiting = undefined;
      try {
        for (;;) {
          let r;
          try { r = mode === 'throw' ? f.gen.throw(value) : f.gen.next(value); } catch (e) {
            if (fatal(e)) throw e;
            f.promise.at = f.awaitAt === undefined ? f.at : f.awaitAt;
            rejectP(f.promise, e);
            return;
          }
          if (r.done) { resolveP(f.promise, r.value); return; }
          const v = r.value;
          if (v instanceof AwaitMark) {
            // 27.7.5.3 Await: PromiseResolve (a native promise as it is), then PerformPromiseThen.
            const pr = SimPromise.resolve(v.v);
            f.awaiting = pr;
            f.awaitAt = v.at;
            f.awaits++;
            suspended.add(f);
            performThen(pr, { flow: f });
            return;
          }
          mode = 'next';
          value = yield* watch(f, v);
        }
      } finally {
        current = outer;
      }
    }

    /**
     * Every shared access of a flow passes here: a value read before an await and written
     * after it, while another flow or callback wrote it in between, is a race across await.
     */
    function* watch(f, op) {
      if (op.op === 'read') {
        const w = lastWrite.get(op.v);
        f.reads.set(op.v, { at: op.at, seen: w ? w.seq : 0, awaits: f.awaits });
      } else if (op.op === 'write') {
        const r = f.reads.get(op.v);
        const w = lastWrite.get(op.v);
        if (r && f.awaits > r.awaits && w && w.seq > r.seen && w.by !== f) {
          yield { op: 'assert', ok: false, at: r.at,
            message: 'Race across await: ' + f.name + ' reads ' + label(op.v) + ' here, awaits, and writes it back after ' + w.byName
              + ' wrote it in between; that write is lost' + ioText(),
            finding: { kind: 'data-race', related: [
              { at: w.at, message: w.byName + ' writes ' + label(op.v) + ' while ' + f.name + ' is suspended' },
              { at: op.at, message: f.name + ' writes the stale value back here' },
              ...(f.awaitAt !== undefined ? [{ at: f.awaitAt, message: f.name + ' was suspended at this await' }] : []),
            ] } };
        }
        lastWrite.set(op.v, { seq: ++writeSeq, by: f, byName: f.name, at: op.at });
        f.reads.delete(op.v);
      }
      return yield op;
    }

    /** Accesses outside any flow (the script, a timer callback, a then callback) still count as writes. */
    function* watchTask(gen) {
      let input;
      for (;;) {
        const r = gen.next(input);
        if (r.done) return r.value;
        const op = r.value;
        if (op && op.op === 'write' && current === null) lastWrite.set(op.v, { seq: ++writeSeq, by: macrotask, byName: macrotask.name, at: op.at });
        input = yield op;
      }
    }

    function label(id) { return '\`' + id + '\`'; }

    function ioText() {
      if (ioDone.length === 0) return ' (before any io() completed)';
      return ' (io() completions so far, in order: ' + ioDone.join(', ') + ')';
    }

    /** HTML: perform a microtask checkpoint, then report the rejections nobody handled. */
    function* checkpoint(at) {
      while (micro.length > 0) {
        tick(at);
        yield* micro.shift()();
      }
      const unhandled = rejected.filter((p) => !p.handled);
      rejected.length = 0;
      for (const p of unhandled) {
        yield { op: 'assert', ok: false, at: p.at === undefined ? at : p.at,
          message: 'Unhandled promise rejection: ' + errorText(p.value) + '; nothing awaits this promise or calls catch() on it (Node ends the process here)' + ioText(),
          finding: { kind: 'assertion', related: [] } };
      }
    }

    function errorText(e) {
      try { return e instanceof Error || (e && typeof e.message === 'string') ? (e.name || 'Error') + ': ' + e.message : String(e); } catch (x) { return 'an error'; }
    }

    function addTimer(at, fn, ms, args, immediate, what) {
      if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + String(fn));
      const delay = immediate ? 0 : Math.max(1e6, nanos(ms === undefined ? 1 : Math.max(1, Number(ms) || 1), at));
      const t = { due: nowNs + delay, seq: ++seq, fn: fn, args: args, immediate: immediate, cleared: false, at: at,
        what: '', lane: callbackLane(fn, immediate ? 'setImmediate' : 'setTimeout', at) };
      t.what = what || t.lane || (immediate ? 'a setImmediate callback' : 'a setTimeout callback');
      return t;
    }

    function* schedule(at, t) {
      yield { op: 'write', v: TIMERS, value: undefined, at: at, fx: () => { timers.push(t); } };
      return t.seq;
    }

    function takeTimer() {
      let best = -1;
      for (let i = 0; i < timers.length; i++) {
        const t = timers[i];
        if (t.cleared) continue;
        if (best < 0 || t.due < timers[best].due || (t.due === timers[best].due && t.seq < timers[best].seq)) best = i;
      }
      if (best < 0) { timers.length = 0; return null; }
      return timers.splice(best, 1)[0];
    }

    function* start(at) {
      // The loop's own variables order its steps; they are no value of the program (VarDecl.internal).
      // The panel sees the loop's queues from the script's first moment on.
      yield flowOp(null, at);
      yield { op: 'make', var: { id: TIMERS, name: TIMERS, initial: 0, internal: true }, at: at };
      yield { op: 'make', var: { id: IO, name: IO, initial: 0, internal: true }, at: at };
    }

    /**
     * After a task's step: the timers and immediates due, earliest first, one per step (other
     * completions may come between), then the io() tasks this task started. A read of the
     * queue that finds it empty conflicts only with a setTimeout, never with another read.
     */
    function* runTimers(at, me) {
      for (;;) {
        const pending = yield { op: 'read', v: TIMERS, at: at, fx: () => timers.some((t) => !t.cleared) };
        if (!pending) break;
        // The step ends: an I/O completion may come before the timer.
        yield { op: 'yield', at: at };
        let t = null;
        yield { op: 'write', v: TIMERS, value: undefined, at: at, fx: () => { task = me; t = takeTimer(); } };
        if (!t) continue;
        if (t.due > nowNs) { yield { op: 'sleep', ns: t.due - nowNs, at: t.at }; nowNs = Math.max(nowNs, t.due); }
        macrotask = { name: t.immediate ? 'a setImmediate callback' : 'a timer callback' };
        if (t.lane !== null) yield flowOp(t.lane, t.at);
        let thrown = null;
        try { yield* run(t.fn, undefined, t.args); } catch (e) {
          if (fatal(e)) throw e;
          thrown = e;
        }
        if (t.lane !== null) yield flowOp(null, t.at);
        if (thrown !== null) yield { op: 'assert', ok: false, at: t.at, message: 'Uncaught exception in a timer callback: ' + errorText(thrown) + ioText(), finding: { kind: 'assertion', related: [] } };
        yield* checkpoint(t.at);
      }
      while (me.children.length > 0) yield { op: 'join', tasks: me.children.splice(0, me.children.length), at: at };
    }

    /** Main, after the script: timers, then every io() task, then what never settled. */
    function* runLoop(at) {
      yield* runTimers(at, main);
      // Nothing is pending, yet flows still wait: their promises can never settle.
      const stuck = Array.from(suspended);
      if (stuck.length > 0) {
        const what = (f) => f.name + ' awaits a promise ' + (ownerOf(f.awaiting) ? 'that only ' + ownerOf(f.awaiting).name + ' would settle' : 'that nothing can settle any more');
        yield { op: 'assert', ok: false, at: stuck[0].awaitAt,
          message: 'Deadlock: ' + stuck.length + ' async flow' + (stuck.length > 1 ? 's wait' : ' waits') + ' forever; nothing is left to run (no timer, no I/O): '
            + stuck.map(what).join('; ') + ioText(),
          finding: { kind: 'deadlock', related: stuck.slice(1).map((f) => ({ at: f.awaitAt, message: what(f) })) } };
      }
    }

    function ownerOf(p) {
      for (const f of suspended) if (f.promise === p) return f;
      return undefined;
    }

    return {
      Promise: SimPromise,
      begin: () => { task = main; },
      start: start,
      runLoop: runLoop,
      checkpoint: checkpoint,
      watchTask: watchTask,
      isPromise: (v) => v instanceof SimPromise,
      thenAt: thenAt,
      primitives: {
        *flow(at, name, gen) { return yield* flow(at, name, gen); },
        *await(at, v) { return yield new AwaitMark(v, at); },
        *newPromise(at, executor) {
          if (typeof executor !== 'function') throw new TypeError('Promise resolver ' + String(executor) + ' is not a function');
          const p = new SimPromise();
          p.at = at;
          const fns = resolving(p);
          try { yield* run(executor, undefined, [fns.resolve, fns.reject]); } catch (e) { if (fatal(e)) throw e; fns.reject(e); }
          return p;
        },
        *io(at, what) {
          const timed = typeof what === 'number' || (typeof what === 'string' && /^\s*\d+(?:\.\d+)?\s*(ns|us|µs|ms|s)\s*$/.test(what));
          const request = what === undefined || timed ? 'io' : String(what);
          // As the engine names the task: the label and its instance ("db write#2").
          const name = request + '#' + ((ioCount.get(request) || 0) + 1);
          ioCount.set(request, (ioCount.get(request) || 0) + 1);
          const ns = timed ? nanos(what, at) : IO_NS;
          const p = new SimPromise();
          p.at = at;
          const me = { children: [] };
          const body = function* () {
            // libuv poll phase: the request completes some time later; which one first is the choice.
            yield { op: 'io', ns: ns, at: at };
            yield { op: 'read', v: IO, at: at, fx: () => { task = me; ioDone.push(name); macrotask = { name: 'the completion of ' + name }; resolveP(p, undefined); } };
            yield* checkpoint(at);
            yield* runTimers(at, me);
          };
          const parent = task;
          const ids = yield { op: 'spawn', name: request, fn: function () { return watchTask(body()); }, count: 1, at: at };
          parent.children.push(ids[0]);
          return p;
        },
        *sleep(at, ms) {
          const p = new SimPromise();
          p.at = at;
          yield* schedule(at, addTimer(at, () => resolveP(p, undefined), ms, [], false, (current === null ? '' : current.name + ': ') + 'sleep(' + String(ms) + ')'));
          return p;
        },
        *setTimeout(at, fn, ms, ...args) { return yield* schedule(at, addTimer(at, fn, ms, args, false)); },
        *setImmediate(at, fn, ...args) { return yield* schedule(at, addTimer(at, fn, 0, args, true)); },
        *clearTimeout(at, id) {
          yield { op: 'write', v: TIMERS, value: undefined, at: at, fx: () => { for (const t of timers) if (t.seq === id) t.cleared = true; } };
        },
        *queueMicrotask(at, fn) {
          if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + String(fn));
          const own = callbackLane(fn, 'queueMicrotask', at);
          job(function* () {
            const outer = lane;
            if (own !== null) yield flowOp(own, at);
            let thrown = null;
            try { yield* run(fn, undefined, []); } catch (e) {
              if (fatal(e)) throw e;
              thrown = e;
            }
            if (own !== null) yield flowOp(outer, at);
            if (thrown !== null) yield { op: 'assert', ok: false, at: at, message: 'Uncaught exception in a microtask: ' + errorText(thrown), finding: { kind: 'assertion', related: [] } };
          }, own || 'a queueMicrotask callback');
        },
      },
    };
  }
`;
