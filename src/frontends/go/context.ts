/**
 * The `context` package (context/context.go of Go 1.19): Background and TODO, WithCancel,
 * WithDeadline and WithTimeout (on the core's clock), WithValue, and a Context's Done, Err,
 * Deadline and Value.
 *
 * A cancelable context is Go's cancelCtx: a mutex, an `err` field read and written only
 * under it, a `done` channel closed when it is cancelled, and the children to cancel with
 * it. Each is a core object (the mutex a `sync.Mutex`, `err` a shared variable, `done` a
 * channel), so what cancel does is steps the search orders and the race detector sees: a
 * receive from Done() that sees the close happens after everything before cancel(), as in Go.
 *
 * Differences from Go that a program cannot observe: `done` is made with the context (Go
 * makes it on the first Done()); the non-blocking look at the parent's Done() that starts
 * propagateCancel is left out (the locked check of the parent's err that follows it decides
 * the same); children are cancelled in the order they were added (Go: map order); a
 * deadline's timer, once the context is cancelled, still fires and finds it cancelled
 * (Go stops it), which is the same no-op.
 */
import type { SourceRange } from '../../core/program';
import { type Gen, type Goroutine, type Interp, Goroutine as GoroutineState, panicAt } from './interp';
import { Cell, Duration, GoChan, GoError, GoSync, GoTime, Tuple, equal, formatValue } from './values';

/** context.go: Canceled and DeadlineExceeded; `err == context.Canceled` compares these very values. */
export const CANCELED = new GoError('context canceled');
export const DEADLINE_EXCEEDED = new GoError('context deadline exceeded');

/** The members of package context the subset has (subset.ts checks calls and types against it). */
export const CONTEXT_MEMBERS = ['Background', 'TODO', 'WithCancel', 'WithDeadline', 'WithTimeout', 'WithValue', 'Canceled', 'DeadlineExceeded', 'Context', 'CancelFunc'];

/** The methods of a Context value. */
export const CONTEXT_METHODS = ['Done', 'Err', 'Deadline', 'Value'];

/** What a cancelCtx (and a timerCtx, which is one) holds. */
interface Cancelable {
  readonly mu: GoSync;
  readonly done: GoChan;
  /** c.err: nil until cancelled; read and written under mu. */
  readonly err: Cell;
  /** c.children: guarded by mu. */
  readonly children: Set<GoContext>;
}

/**
 * A context.Context: emptyCtx (Background, TODO), cancelCtx (WithCancel), timerCtx
 * (WithDeadline, WithTimeout) or valueCtx (WithValue).
 */
export class GoContext {
  cancelable: Cancelable | undefined;
  /** timerCtx: the deadline, on the core's clock (ns). */
  deadline: number | undefined;
  key: unknown;
  value: unknown;

  constructor(readonly kind: 'Background' | 'TODO' | 'WithCancel' | 'WithDeadline' | 'WithValue', readonly parent?: GoContext) {}

  /** context.go: the String methods (fmt prints a Context with them). */
  toString(): string {
    if (!this.parent) return `context.${this.kind}`;
    if (this.kind === 'WithDeadline') return `${String(this.parent)}.WithDeadline(${formatValue(new GoTime(this.deadline!))})`;
    if (this.kind === 'WithValue') return `${String(this.parent)}.WithValue(type ${typeof this.key}, val ${formatValue(this.value)})`;
    return `${String(this.parent)}.WithCancel`;
  }

  /** parentCancelCtx: the nearest cancelable context, this one included. */
  nearestCancelable(): GoContext | undefined {
    return this.cancelable ? this : this.parent?.nearestCancelable();
  }
}

/** A context.CancelFunc: `cancel()` cancels its context with Canceled. */
export class GoCancelFunc {
  constructor(readonly ctx: GoContext) {}
  toString(): string {
    return '0x47b0e0';
  }
}

function parentOf(v: unknown, at: SourceRange): GoContext {
  // context.go: newCancelCtx and WithValue panic on a nil parent.
  if (!(v instanceof GoContext)) throw panicAt(at, 'cannot create context from nil parent');
  return v;
}

function* newCancelCtx(it: Interp, kind: 'WithCancel' | 'WithDeadline', parent: GoContext, at: SourceRange, g: Goroutine): Gen<GoContext> {
  const c = new GoContext(kind, parent);
  const mu = yield* it.makeSync('Mutex', 'cancelCtx.mu', at, g);
  const done = yield* it.makeChan('cancelCtx.done', 0, at, g);
  const err = new Cell(null, 'cancelCtx.err', true, it.ids);
  err.internal = true;
  yield* it.ensureMade(err, at, g);
  c.cancelable = { mu, done, err, children: new Set() };
  return c;
}

function* lock(it: Interp, c: Cancelable, at: SourceRange, g: Goroutine): Gen<void> {
  yield* it.emit({ op: 'sync', obj: c.mu.id, action: 'lock', at }, g);
}

function* unlock(it: Interp, c: Cancelable, at: SourceRange, g: Goroutine): Gen<void> {
  yield* it.emit({ op: 'sync', obj: c.mu.id, action: 'unlock', at }, g);
}

/** propagateCancel: a child of a cancelable parent is cancelled with it (at once if the parent already is). */
function* propagateCancel(it: Interp, parent: GoContext, child: GoContext, at: SourceRange, g: Goroutine): Gen<void> {
  const p = parent.nearestCancelable();
  if (!p) return; // the parent is never cancelled
  const pc = p.cancelable!;
  yield* lock(it, pc, at, g);
  const err = yield* it.load(pc.err, at, g);
  if (err !== null) yield* cancel(it, child, false, err, at, g);
  else pc.children.add(child);
  yield* unlock(it, pc, at, g);
}

/** cancelCtx.cancel (and timerCtx.cancel): the first cancel sets err, closes done and cancels the children. */
function* cancel(it: Interp, ctx: GoContext, removeFromParent: boolean, err: unknown, at: SourceRange, g: Goroutine): Gen<void> {
  const c = ctx.cancelable!;
  yield* lock(it, c, at, g);
  if ((yield* it.load(c.err, at, g)) !== null) {
    yield* unlock(it, c, at, g);
    return; // already cancelled
  }
  yield* it.store(c.err, err, at, g);
  yield* it.closeChan(c.done, at, g);
  // The child's lock is taken while the parent's is held, as in Go.
  for (const child of c.children) yield* cancel(it, child, false, err, at, g);
  c.children.clear();
  yield* unlock(it, c, at, g);
  if (removeFromParent && ctx.parent) yield* removeChild(it, ctx.parent, ctx, at, g);
}

/** removeChild: a cancelled context leaves its parent's children. */
function* removeChild(it: Interp, parent: GoContext, child: GoContext, at: SourceRange, g: Goroutine): Gen<void> {
  const p = parent.nearestCancelable();
  if (!p) return;
  yield* lock(it, p.cancelable!, at, g);
  p.cancelable!.children.delete(child);
  yield* unlock(it, p.cancelable!, at, g);
}

/** Context.Deadline: the nearest timerCtx's deadline. */
function deadlineOf(ctx: GoContext): number | undefined {
  for (let c: GoContext | undefined = ctx; c; c = c.parent) if (c.kind === 'WithDeadline') return c.deadline;
  return undefined;
}

/** WithDeadline: a cancelCtx whose timer cancels it with DeadlineExceeded when d passes. */
function* withDeadline(it: Interp, parent: GoContext, d: number, at: SourceRange, g: Goroutine): Gen<unknown> {
  const cur = deadlineOf(parent);
  // The parent's deadline is sooner: this one would never fire first.
  if (cur !== undefined && cur < d) return yield* withCancel(it, parent, at, g);
  const c = yield* newCancelCtx(it, 'WithDeadline', parent, at, g);
  c.deadline = d;
  yield* propagateCancel(it, parent, c, at, g);
  const dur = d - Number(yield* it.emit({ op: 'now', at }, g));
  if (dur <= 0) {
    yield* cancel(it, c, true, DEADLINE_EXCEEDED, at, g); // the deadline has already passed
    return new Tuple([c, new GoCancelFunc(c)]);
  }
  // time.AfterFunc(dur, func() { c.cancel(true, DeadlineExceeded) }): the runtime's timer, its own task.
  const timer = function* deadlineTimer(): Gen<unknown> {
    yield { op: 'sleep', ns: dur, at };
    yield* cancel(it, c, true, DEADLINE_EXCEEDED, at, new GoroutineState());
    return undefined;
  };
  yield* it.emit({ op: 'spawn', body: timer, name: 'context.timer', count: 1, at }, g);
  return new Tuple([c, new GoCancelFunc(c)]);
}

function* withCancel(it: Interp, parent: GoContext, at: SourceRange, g: Goroutine): Gen<unknown> {
  const c = yield* newCancelCtx(it, 'WithCancel', parent, at, g);
  yield* propagateCancel(it, parent, c, at, g);
  return new Tuple([c, new GoCancelFunc(c)]);
}

/** Calling a CancelFunc (idempotent: the second call finds err set). */
export function* callCancel(it: Interp, f: GoCancelFunc, at: SourceRange, g: Goroutine): Gen<unknown> {
  yield* cancel(it, f.ctx, true, CANCELED, at, g);
  return undefined;
}

/** The package's functions and variables (`context.X`). */
export function* contextFunction(it: Interp, name: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  switch (name) {
    case 'Background': case 'TODO': return new GoContext(name);
    case 'WithCancel': return yield* withCancel(it, parentOf(args[0], at), at, g);
    case 'WithDeadline': {
      if (!(args[1] instanceof GoTime)) throw panicAt(at, 'context.WithDeadline needs a time.Time');
      return yield* withDeadline(it, parentOf(args[0], at), args[1].ns, at, g);
    }
    case 'WithTimeout': {
      const parent = parentOf(args[0], at);
      const timeout = args[1] instanceof Duration ? args[1].ns : Number(args[1]);
      return yield* withDeadline(it, parent, Number(yield* it.emit({ op: 'now', at }, g)) + timeout, at, g);
    }
    case 'WithValue': {
      const parent = parentOf(args[0], at);
      if (args[1] === null || args[1] === undefined) throw panicAt(at, 'nil key');
      const c = new GoContext('WithValue', parent);
      c.key = args[1];
      c.value = args[2];
      return c;
    }
  }
  throw panicAt(at, `context.${name} is not supported yet`);
}

/** A Context's methods. */
export function* contextMethod(it: Interp, ctx: GoContext, method: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  const c = ctx.nearestCancelable();
  switch (method) {
    // A context that is never cancelled has a nil Done channel: receiving from it blocks for ever.
    case 'Done': return c ? c.cancelable!.done : null;
    case 'Err': {
      if (!c) return null;
      yield* lock(it, c.cancelable!, at, g);
      const err = yield* it.load(c.cancelable!.err, at, g);
      yield* unlock(it, c.cancelable!, at, g);
      return err;
    }
    case 'Deadline': {
      const d = deadlineOf(ctx);
      return new Tuple(d === undefined ? [null, false] : [new GoTime(d), true]);
    }
    case 'Value': {
      for (let v: GoContext | undefined = ctx; v; v = v.parent) if (v.kind === 'WithValue' && equal(v.key, args[0])) return v.value;
      return null;
    }
  }
  throw panicAt(at, `context.Context.${method} is not supported yet`);
}
