/**
 * The Go interpreter: statements and expressions of the subset (subset.ts) evaluated as
 * generator functions that yield the core's `Op`s. One `Interp` is one run: `main` of the
 * program builds a fresh one, so every run starts from the package's initial state, as
 * program.ts requires. A goroutine is a task whose body calls its function here.
 *
 * Shared variables are `Cell`s with a core id (values.ts); each read and write of one is a
 * `read`/`write` op, whose `fx` moves the value in the step the core runs it.
 *
 * The class is built in layers, one concern a file: ops.ts (ops, values), places.ts
 * (channels, maps, assignable places), expressions.ts, statements.ts, and here calls and
 * a goroutine's life.
 */
import { OpError, ProgramError } from '../../core/index';
import type { SourceRange } from '../../core/program';
import { type Frame, type Gen, Goroutine, NO_ESCAPE, Scope, panicAt } from './scope';
import { Statements } from './statements';
import { callBuiltin } from './stdlib';
import { GoCancelFunc, callCancel } from './context';
import { type GoNode, has, sig } from './syntax';
import { BoundMethod, Builtin, Cell, GoExit, GoFunc, GoPanic, GoSlice, Tuple, formatValue, isInPlace } from './values';

export { Goroutine, Scope, panicAt, STATEMENT_LIMIT, type Gen } from './scope';

export class Interp extends Statements {
  // ---- calls -------------------------------------------------------------------------

  /** Calls a function value with evaluated arguments; returns its result (a `Tuple` for several). */
  *call(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine, spread = false): Gen<unknown> {
    if (spread && (fn instanceof Builtin || fn instanceof BoundMethod)) args = [...args.slice(0, -1), ...(yield* this.spreadOut(args[args.length - 1], at, g))];
    if (fn instanceof Builtin) return yield* callBuiltin(this, fn.name, args, at, g);
    if (fn instanceof BoundMethod) return yield* callBuiltin(this, fn.method, args, at, g, fn.target);
    if (fn instanceof GoCancelFunc) return yield* callCancel(this, fn, at, g);
    if (fn === null || fn === undefined) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
    if (!(fn instanceof GoFunc)) throw panicAt(at, `cannot call ${formatValue(fn)}`);
    const node = fn.node;
    const scope = new Scope(fn.scope as Scope, this.m.escaping.get(node) ?? NO_ESCAPE);
    const params = node.k.filter((c) => c.t === 'Parameters');
    // A method's first Parameters is its receiver.
    const [paramList, resultList] = node.t === 'MethodDecl' ? [params[1], params[2]] : [params[0], params[1]];
    if (fn.recv) {
      const recv = this.newCell(fn.recv.value, fn.recv.name, scope);
      recv.type = fn.recv.type;
      scope.vars.set(fn.recv.name, recv);
    }
    let i = 0;
    for (const p of paramList ? paramList.k.filter((c) => c.t === 'Parameter') : []) {
      const type = sig(p).find((c) => c.t !== 'DefName');
      const variadic = has(p, '...');
      for (const d of p.k.filter((c) => c.t === 'DefName')) {
        // A variadic parameter gets the caller's slice for `f(xs...)` (the same backing array, as Go), else a new one.
        const arg = !variadic ? args[i++] : spread ? args[i++] : this.packVariadic(args.slice(i), d.s);
        // callee() read struct and array arguments whole already; each call still gets its own copy.
        const cell = this.newCell(this.copyValue(arg), d.s, scope);
        this.typeCell(cell, type);
        if (d.s !== '_') scope.vars.set(d.s, cell);
        yield* this.ensureMade(cell, at, g);
      }
    }
    const frame: Frame = { defers: [], results: [], named: [] };
    for (const p of resultList ? resultList.k.filter((c) => c.t === 'Parameter') : []) {
      const type = sig(p).find((c) => c.t !== 'DefName');
      for (const d of p.k.filter((c) => c.t === 'DefName')) {
        const cell = this.newCell(yield* this.zero(type, d.s, at, g), d.s, scope);
        scope.vars.set(d.s, cell);
        frame.named.push(cell);
      }
    }
    const body = node.k.find((c) => c.t === 'Block')!;
    let panic: GoPanic | GoExit | undefined;
    g.calls.push({ fn: node, at });
    try {
      yield* this.block(body, scope, g, frame);
    } catch (e) {
      if (!(e instanceof GoPanic) && !(e instanceof GoExit)) throw e;
      panic = e;
    } finally {
      g.calls.pop();
    }
    // Deferred calls run last-in first-out, also while a panic unwinds (panic.go: deferreturn,
    // gopanic); a recover() in one of them stops the panic, and the function returns normally.
    while (frame.defers.length > 0) {
      const deferred = frame.defers.pop()!;
      const outer = g.panicking;
      // runtime.Goexit runs the deferred calls too, but recover() does not stop it (it returns nil).
      g.panicking = panic instanceof GoPanic ? { panic, recovered: false } : undefined;
      try {
        yield* deferred();
        if (g.panicking?.recovered) panic = undefined;
      } catch (e) {
        // A deferred call that panics replaces the panic in flight (panic.go: the earlier one is aborted).
        if (!(e instanceof GoPanic) && !(e instanceof GoExit)) throw e;
        panic = e;
      } finally {
        g.panicking = outer;
      }
    }
    if (panic) throw panic;
    if (frame.results.length === 0 && resultList && sig(resultList).length > 0) frame.results = yield* this.resultsAfterRecover(resultList, frame, at, g);
    const results = frame.results;
    return results.length === 0 ? undefined : results.length === 1 ? results[0] : new Tuple(results);
  }

  /** What a function whose panic was recovered returns: its named results, else the zero values (spec: Handling panics). */
  private *resultsAfterRecover(resultList: GoNode, frame: Frame, at: SourceRange, g: Goroutine): Gen<unknown[]> {
    if (frame.named.length > 0) {
      const out: unknown[] = [];
      for (const c of frame.named) out.push(yield* this.load(c, at, g));
      return out;
    }
    const out: unknown[] = [];
    for (const p of resultList.k.filter((c) => c.t === 'Parameter')) out.push(yield* this.zero(sig(p)[sig(p).length - 1], 'result', at, g));
    return out;
  }

  /** The elements of `xs` in `f(xs...)` to a builtin (append's second operand may be a string: its bytes). */
  private *spreadOut(xs: unknown, at: SourceRange, g: Goroutine): Gen<unknown[]> {
    if (typeof xs === 'string') return [...Buffer.from(xs)];
    if (xs === null || xs === undefined) return [];
    if (!(xs instanceof GoSlice)) throw panicAt(at, `cannot use ${formatValue(xs)} as a slice in \`...\``);
    const out: unknown[] = [];
    for (let k = 0; k < xs.len; k++) {
      const c = xs.cells[xs.off + k];
      out.push(isInPlace(c.value) ? yield* this.copyOut(c.value, at, g) : yield* this.load(c, at, g));
    }
    return out;
  }

  /** `f(1, 2, 3)` to `func f(xs ...int)`: a new slice of the extra arguments, nil when there are none. */
  private packVariadic(rest: unknown[], name: string): GoSlice {
    if (rest.length === 0) return new GoSlice([], 0, 0, 0, true);
    return new GoSlice(rest.map((v, k) => new Cell(v, `${name}[${k}]`, true, this.ids)), 0, rest.length, rest.length);
  }

  /** A goroutine's whole life: its function, and a panic nobody recovers ends the program. */
  *goroutine(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine, body?: () => Gen<unknown>, spread = false): Gen<unknown> {
    this.liveGoroutines++;
    try {
      yield* (body ? body() : this.call(fn, args, at, g, spread));
    } catch (e) {
      if (e instanceof GoExit) {
        // runtime.Goexit: the goroutine ends; its deferred calls have run.
        yield* this.flush(g, true);
        return undefined;
      }
      if (e instanceof GoPanic) {
        yield* this.flush(g, true);
        const text = `panic: ${formatValue(e.value)}`;
        throw new ProgramError(`${e.at.file}:${e.at.line}:${e.at.column}: ${text}`, e.at, text);
      }
      if (e instanceof OpError) throw e;
      // A fault of the interpreter itself: a positioned run error, never a crash of the host.
      throw new OpError(`${at.file}:${at.line}:${at.column}: internal error in the Go front end: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.liveGoroutines--;
    }
    yield* this.flush(g, true);
    return undefined;
  }

  spawnName(fn: unknown): string {
    if (fn instanceof GoFunc) return fn.name;
    return fn instanceof Builtin ? fn.name : 'goroutine';
  }

}
