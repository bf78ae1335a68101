/**
 * The Go interpreter: statements and expressions of the subset (subset.ts) evaluated as
 * generator functions that yield the core's `Op`s. One `Interp` is one run: `main` of the
 * program builds a fresh one, so every run starts from the package's initial state, as
 * program.ts requires. A goroutine is a task whose body calls its function here.
 *
 * Shared variables are `Cell`s with a core id (values.ts); each read and write of one is a
 * `read`/`write` op, whose `fx` moves the value in the step the core runs it.
 */
import { OpError, ProgramError } from '../../core/index';
import type { Op, SourceRange, SyncKind } from '../../core/program';
import { STATEMENT_NS } from './costs';
import { foldLoop } from './fold';
import type { GoModel } from './model';
import { BUILTINS, callBuiltin, packageMember } from './stdlib';
import { type GoNode, first, has, sig } from './syntax';
import {
  Builtin, Cell, Duration, Elapsed, GoArray, GoAtomic, GoChan, GoFunc, GoMap, GoPanic, GoPtr, GoSlice, GoStruct, GoSync, GoType,
  IdSource, Tuple, formatValue, type SyncTypeName,
} from './values';

export type Gen<T> = Generator<Op, T, unknown>;

export class Scope {
  readonly vars = new Map<string, Cell>();
  constructor(readonly parent: Scope | undefined, readonly escaping: ReadonlySet<string>) {}
  lookup(name: string): Cell | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const c = s.vars.get(name);
      if (c) return c;
    }
    return undefined;
  }
}

/** One goroutine's own state: the CPU time its statements owe, and the loops that fix their own cost. */
export class Goroutine {
  owedNs = 0;
  owedAt: SourceRange | undefined;
  /** Inside a loop with `//interleave:cost`: statements cost nothing more. */
  fixedCost = 0;
  /** Statements run since the last op another goroutine could see (an endless loop stops at STATEMENT_LIMIT). */
  quiet = 0;
}

/** Statements a goroutine may run between two ops others can see before the run stops (an endless loop). */
export const STATEMENT_LIMIT = 20_000_000;

interface Frame {
  readonly defers: (() => Gen<unknown>)[];
  results: unknown[];
  /** Named results, returned by a bare `return`. */
  readonly named: Cell[];
}

const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;

type LRef =
  | { readonly k: 'cell'; readonly cell: Cell }
  | { readonly k: 'map'; readonly map: GoMap; readonly key: unknown }
  | { readonly k: 'blank' };

const NO_ESCAPE: ReadonlySet<string> = new Set();

/** Owed CPU time below this waits for a later op (see `flush`). */
const FLUSH_NS = 100;
const CHEAP_SYNC: ReadonlySet<string> = new Set(['lock', 'unlock', 'rlock', 'runlock', 'try_lock', 'done', 'add', 'signal', 'broadcast', 'len']);

const SYNC_KINDS: Record<SyncTypeName, SyncKind> = { Mutex: 'mutex', RWMutex: 'rwmutex', WaitGroup: 'waitgroup', Once: 'once', Cond: 'cond' };
const ATOMIC_TYPES = new Set(['Int32', 'Int64', 'Uint32', 'Uint64', 'Bool', 'Uintptr']);

export function panicAt(at: SourceRange, message: string): GoPanic {
  return new GoPanic(message, at);
}

export class Interp {
  readonly ids = new IdSource();
  readonly globals: Scope;
  /** What runtime.GOMAXPROCS(0) answers: the value compile.ts fixed for the run. */
  gomaxprocs = 4;

  constructor(readonly m: GoModel) {
    this.globals = new Scope(undefined, NO_ESCAPE);
  }

  at(n: GoNode): SourceRange {
    return this.m.at(n);
  }

  // ---- ops -------------------------------------------------------------------------

  /**
   * Pays the statements' CPU time as one compute op. Before an op that may wait (a sleep, a
   * receive, a select) or start a goroutine, all of it; before a memory access, a lock or a
   * print, only once it reaches FLUSH_NS, so a tight loop of locked increments is not two
   * compute steps an iteration (the rest is carried, never dropped).
   */
  *flush(g: Goroutine, force: boolean): Gen<void> {
    if (g.owedNs < 1 || (!force && g.owedNs < FLUSH_NS)) return;
    const ns = Math.floor(g.owedNs);
    g.owedNs -= ns;
    yield { op: 'compute', ns, work: 'cpu', at: g.owedAt! };
  }

  *emit(op: Op, g: Goroutine): Gen<unknown> {
    const cheap = op.op === 'read' || op.op === 'write' || op.op === 'atomic' || op.op === 'make' || op.op === 'print' || op.op === 'yield'
      || (op.op === 'sync' && CHEAP_SYNC.has(op.action));
    yield* this.flush(g, !cheap);
    if (op.op !== 'print') g.quiet = 0;
    return yield op;
  }

  charge(n: GoNode, g: Goroutine): void {
    if (++g.quiet > STATEMENT_LIMIT) {
      const at = this.at(n);
      throw new OpError(`${at.file}:${at.line}:${at.column}: this goroutine ran ${STATEMENT_LIMIT.toLocaleString('en')} statements without a step another `
        + 'goroutine could see (an endless loop?); shorten the loop, and price its iterations with //interleave:cost');
    }
    if (g.fixedCost > 0) return;
    g.owedNs += STATEMENT_NS;
    g.owedAt = this.at(n);
  }

  *ensureMade(cell: Cell, at: SourceRange, g: Goroutine): Gen<void> {
    if (cell.made || cell.id === undefined) return;
    yield* this.emit({ op: 'make', decl: { var: { id: cell.id, name: cell.id, initial: shown(cell.value), at } }, at, fx: () => { cell.made = true; return shown(cell.value); } }, g);
  }

  *load(cell: Cell, at: SourceRange, g: Goroutine): Gen<unknown> {
    if (cell.id === undefined) return cell.value;
    yield* this.ensureMade(cell, at, g);
    return yield* this.emit({ op: 'read', v: cell.id, at, fx: () => cell.value }, g);
  }

  *store(cell: Cell, value: unknown, at: SourceRange, g: Goroutine): Gen<void> {
    if (cell.id === undefined) {
      cell.value = value;
      return;
    }
    yield* this.ensureMade(cell, at, g);
    yield* this.emit({ op: 'write', v: cell.id, value: shown(value), at, fx: () => { cell.value = value; } }, g);
  }

  *makeSync(type: SyncTypeName, name: string, at: SourceRange, g: Goroutine, mutex?: GoSync): Gen<GoSync> {
    const s = new GoSync(this.ids.next(name), type);
    s.mutex = mutex;
    yield* this.emit({ op: 'make', decl: { sync: { id: s.id, name: s.id, kind: SYNC_KINDS[type], ...(mutex ? { mutex: mutex.id } : {}), at } }, at }, g);
    return s;
  }

  *makeChan(name: string, cap: number, at: SourceRange, g: Goroutine): Gen<GoChan> {
    const c = new GoChan(this.ids.next(name), name, cap);
    yield* this.emit({ op: 'make', decl: { sync: { id: c.id, name: c.id, kind: 'channel', size: cap, at } }, at }, g);
    return c;
  }

  newCell(value: unknown, name: string, scope: Scope): Cell {
    return new Cell(value, name, scope === this.globals || scope.escaping.has(name), this.ids);
  }

  // ---- types and zero values ---------------------------------------------------------

  /** The zero value of a type (or a fresh object for sync and atomic types). */
  *zero(type: GoNode | undefined, name: string, at: SourceRange, g: Goroutine, scope: Scope = this.globals): Gen<unknown> {
    if (!type) return null;
    switch (type.t) {
      case 'TypeName': case 'VariableName': {
        const t = type.s;
        if (t === 'string') return '';
        if (t === 'bool') return false;
        if (t === 'error' || t === 'any') return null;
        if (/^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128))$/.test(t)) return 0;
        const st = this.m.structs.get(t);
        if (st) return yield* this.newStruct(t, name, at, g, new Map());
        const alias = this.m.aliases.get(t);
        if (alias) return yield* this.zero(alias, name, at, g, scope);
        throw panicAt(at, `unknown type ${t}`);
      }
      case 'QualifiedType': {
        const pkg = type.k[0].s;
        const t = type.k.find((c) => c.t === 'TypeName')!.s;
        if (pkg === 'sync' && t in SYNC_KINDS) return yield* this.makeSync(t as SyncTypeName, name, at, g);
        if (pkg === 'atomic' && ATOMIC_TYPES.has(t)) return new GoAtomic(new Cell(t === 'Bool' ? false : 0, name, true, this.ids), t);
        if (pkg === 'time' && t === 'Duration') return new Duration(0);
        if (pkg === 'time' && t === 'Time') return null;
        throw panicAt(at, `${pkg}.${t} is not supported yet`);
      }
      case 'ArrayType': {
        const n = Number(yield* this.expr(sig(type)[0], scope, g));
        const elem = sig(type)[1];
        const cells: Cell[] = [];
        for (let i = 0; i < n; i++) cells.push(new Cell(yield* this.zero(elem, `${name}[${i}]`, at, g, scope), `${name}[${i}]`, true, this.ids));
        return new GoArray(cells);
      }
      case 'ParenthesizedType': return yield* this.zero(sig(type)[0], name, at, g, scope);
      case 'SliceType': return new GoSlice([], 0, 0, 0, true);
      case 'MapType': return new GoMap(new Cell(undefined, name, true, this.ids), true, elemType(type));
      default:
        return null; // pointers, channels, functions: nil
    }
  }

  *newStruct(type: string, name: string, at: SourceRange, g: Goroutine, init: Map<string, unknown>): Gen<GoStruct> {
    const st = this.m.structs.get(type)!;
    const fields = new Map<string, Cell>();
    for (const f of st.fields) {
      const fname = `${name}.${f.name}`;
      const v = init.has(f.name) ? init.get(f.name) : yield* this.zero(f.type, fname, at, g);
      fields.set(f.name, new Cell(v, fname, true, this.ids));
    }
    return new GoStruct(type, fields);
  }

  /**
   * Go's value semantics: a struct or an array is copied field by field, element by
   * element, and each shared one is read (the race detector sees `x := s`, `f(a)`, `*p`
   * as reads of every field, as Go's instrumentation of a memory range does).
   */
  *copyOut(v: unknown, at: SourceRange, g: Goroutine): Gen<unknown> {
    if (v instanceof GoStruct) {
      const fields = new Map<string, Cell>();
      for (const [k, c] of v.fields) fields.set(k, new Cell(isInPlace(c.value) ? yield* this.copyOut(c.value, at, g) : yield* this.load(c, at, g), c.name, true, this.ids));
      return new GoStruct(v.type, fields);
    }
    if (v instanceof GoArray) {
      const cells: Cell[] = [];
      for (const c of v.cells) cells.push(new Cell(isInPlace(c.value) ? yield* this.copyOut(c.value, at, g) : yield* this.load(c, at, g), c.name, true, this.ids));
      return new GoArray(cells);
    }
    return v;
  }

  /** Assigning a whole struct or array writes each field or element in place (a pointer to it sees the new value). */
  *assignWhole(cell: Cell, v: unknown, at: SourceRange, g: Goroutine): Gen<void> {
    const old = cell.value;
    if (old instanceof GoStruct && v instanceof GoStruct && old.type === v.type) {
      for (const [k, c] of old.fields) yield* this.assignWhole(c, v.fields.get(k)?.value, at, g);
      return;
    }
    if (old instanceof GoArray && v instanceof GoArray && old.cells.length === v.cells.length) {
      for (let i = 0; i < old.cells.length; i++) yield* this.assignWhole(old.cells[i], v.cells[i].value, at, g);
      return;
    }
    yield* this.store(cell, v, at, g);
  }

  /** A copy without reads, for values already read (a receiver's struct that was loaded). */
  copyValue(v: unknown): unknown {
    if (v instanceof GoStruct) {
      const fields = new Map<string, Cell>();
      for (const [k, c] of v.fields) fields.set(k, new Cell(this.copyValue(c.value), c.name, true, this.ids));
      return new GoStruct(v.type, fields);
    }
    if (v instanceof GoArray) return new GoArray(v.cells.map((c) => new Cell(this.copyValue(c.value), c.name, true, this.ids)));
    return v;
  }

  // ---- calls -------------------------------------------------------------------------

  /** Calls a function value with evaluated arguments; returns its result (a `Tuple` for several). */
  *call(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
    if (fn instanceof Builtin) return yield* callBuiltin(this, fn.name, args, at, g);
    if (fn instanceof BoundMethod) return yield* callBuiltin(this, fn.method, args, at, g, fn.target);
    if (fn === null || fn === undefined) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
    if (!(fn instanceof GoFunc)) throw panicAt(at, `cannot call ${formatValue(fn)}`);
    const node = fn.node;
    const scope = new Scope(fn.scope as Scope, this.m.escaping.get(node) ?? NO_ESCAPE);
    const params = node.k.filter((c) => c.t === 'Parameters');
    // A method's first Parameters is its receiver.
    const [paramList, resultList] = node.t === 'MethodDecl' ? [params[1], params[2]] : [params[0], params[1]];
    if (fn.recv) scope.vars.set(fn.recv.name, this.newCell(fn.recv.value, fn.recv.name, scope));
    let i = 0;
    for (const p of paramList ? paramList.k.filter((c) => c.t === 'Parameter') : []) {
      for (const d of p.k.filter((c) => c.t === 'DefName')) {
        // callee() read struct and array arguments whole already; each call still gets its own copy.
        const cell = this.newCell(this.copyValue(args[i++]), d.s, scope);
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
    try {
      yield* this.block(body, scope, g, frame);
    } finally {
      // Deferred calls run last-in first-out, also while a panic unwinds (panic.go: deferreturn, gopanic).
      while (frame.defers.length > 0) yield* frame.defers.pop()!();
    }
    const results = frame.results;
    return results.length === 0 ? undefined : results.length === 1 ? results[0] : new Tuple(results);
  }

  /** A goroutine's whole life: its function, and a panic nobody recovers ends the program. */
  *goroutine(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine, body?: () => Gen<unknown>): Gen<unknown> {
    try {
      yield* (body ? body() : this.call(fn, args, at, g));
    } catch (e) {
      if (e instanceof GoPanic) {
        yield* this.flush(g, true);
        const text = `panic: ${formatValue(e.value)}`;
        throw new ProgramError(`${e.at.file}:${e.at.line}:${e.at.column}: ${text}`, e.at, text);
      }
      if (e instanceof OpError) throw e;
      // A fault of the interpreter itself: a positioned run error, never a crash of the host.
      throw new OpError(`${at.file}:${at.line}:${at.column}: internal error in the Go front end: ${e instanceof Error ? e.message : String(e)}`);
    }
    yield* this.flush(g, true);
    return undefined;
  }

  spawnName(fn: unknown): string {
    if (fn instanceof GoFunc) return fn.name;
    return fn instanceof Builtin ? fn.name : 'goroutine';
  }

  // ---- statements --------------------------------------------------------------------

  *block(b: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    return yield* this.stmts(sig(b), scope, g, f);
  }

  *stmts(list: readonly GoNode[], scope: Scope, g: Goroutine, f: Frame): Gen<number> {
    for (const s of list) {
      const r = yield* this.stmt(s, scope, g, f);
      if (r !== 0) return r;
    }
    return 0;
  }

  *stmt(s: GoNode, scope: Scope, g: Goroutine, f: Frame): Gen<number> {
    switch (s.t) {
      case 'Block': return yield* this.block(s, scope, g, f);
      case 'ExprStatement':
        this.charge(s, g);
        yield* this.expr(s.k[0], scope, g);
        return 0;
      case 'VarDecl': case 'ConstDecl':
        this.charge(s, g);
        yield* this.declare(s, scope, g);
        return 0;
      case 'TypeDecl': return 0;
      case 'Assignment':
        this.charge(s, g);
        yield* this.assignment(s, scope, g);
        return 0;
      case 'IncDecStatement': {
        this.charge(s, g);
        const ref = yield* this.lref(s.k[0], scope, g);
        const old = yield* this.readRef(ref, this.at(s), g);
        const one = s.k[1].s === '++' ? 1 : -1;
        yield* this.writeRef(ref, old instanceof Duration ? new Duration(old.ns + one) : Number(old) + one, this.at(s), g);
        return 0;
      }
      case 'SendStatement': {
        this.charge(s, g);
        const [chN, vN] = sig(s);
        const ch = yield* this.expr(chN, scope, g);
        const v = yield* this.copyOut(yield* this.expr(vN, scope, g), this.at(s), g);
        yield* this.send(ch, v, this.at(s), g);
        return 0;
      }
      case 'GoStatement': {
        this.charge(s, g);
        const call = sig(s)[0];
        const [fn, args] = yield* this.callee(call, scope, g);
        const at = this.at(s);
        const body = (): Gen<unknown> => this.goroutine(fn, args, at, new Goroutine());
        yield* this.emit({ op: 'spawn', body, name: this.spawnName(fn), count: 1, at }, g);
        return 0;
      }
      case 'DeferStatement': {
        this.charge(s, g);
        const call = sig(s)[0];
        const [fn, args] = yield* this.callee(call, scope, g);
        const at = this.at(call);
        f.defers.push(() => this.call(fn, args, at, g));
        return 0;
      }
      case 'ReturnStatement': {
        this.charge(s, g);
        const exprs = sig(s);
        if (exprs.length === 0) {
          f.results = [];
          for (const c of f.named) f.results.push(yield* this.load(c, this.at(s), g));
        } else {
          const vals = yield* this.exprList(exprs, scope, g);
          f.results = [];
          for (const v of vals) f.results.push(isInPlace(v) ? yield* this.copyOut(v, this.at(s), g) : v);
          // `return a, 10` with named results sets them; `a` set to itself is no write (Go compiles it to none).
          for (let i = 0; i < f.named.length && i < vals.length; i++) {
            if (exprs[i]?.t === 'VariableName' && scope.lookup(exprs[i].s) === f.named[i]) continue;
            yield* this.store(f.named[i], vals[i], this.at(s), g);
          }
        }
        return RETURN;
      }
      case 'GotoStatement': return s.k[0].t === 'break' ? BREAK : CONTINUE;
      case 'IfStatement': return yield* this.ifStmt(s, scope, g, f);
      case 'SwitchStatement': return yield* this.switchStmt(s, scope, g, f);
      case 'ForStatement': return yield* this.forStmt(s, scope, g, f);
      case 'SelectStatement': return yield* this.selectStmt(s, scope, g, f);
      default:
        throw panicAt(this.at(s), `${s.t} is not supported yet`);
    }
  }

  *declare(s: GoNode, scope: Scope, g: Goroutine): Gen<void> {
    if (has(s, ':=')) {
      const names = s.k.filter((c) => c.t === 'DefName');
      const exprs = sig(s).filter((c) => c.t !== 'DefName');
      const vals = yield* this.exprList(exprs, scope, g, names[0]?.s);
      // `a, err := f()` redeclares nothing that exists in this scope: it assigns to it.
      for (let i = 0; i < names.length; i++) {
        const name = names[i].s;
        if (name === '_') continue;
        const existing = scope.vars.get(name);
        const v = isInPlace(vals[i]) ? yield* this.copyOut(vals[i], this.at(names[i]), g) : vals[i];
        if (existing) yield* this.assignWhole(existing, v, this.at(names[i]), g);
        else {
          const cell = this.newCell(v, name, scope);
          scope.vars.set(name, cell);
          yield* this.ensureMade(cell, this.at(names[i]), g);
        }
      }
      return;
    }
    const specs: GoNode[] = [];
    const list = first(s, 'SpecList');
    for (const c of list ? list.k : s.k) if (c.t === 'VarSpec' || c.t === 'ConstSpec') specs.push(c);
    let iota = 0;
    let lastExprs: GoNode[] = [];
    let lastType: GoNode | undefined;
    for (const spec of specs) {
      const names = spec.k.filter((c) => c.t === 'DefName');
      const eq = spec.k.findIndex((c) => c.t === '=');
      const before = sig(eq >= 0 ? { ...spec, k: spec.k.slice(0, eq) } : spec).filter((c) => c.t !== 'DefName');
      const type = before[0];
      let exprs = eq >= 0 ? sig({ ...spec, k: spec.k.slice(eq + 1) }) : [];
      if (spec.t === 'ConstSpec') {
        // A constant spec without values repeats the previous one's, with iota one more.
        if (exprs.length === 0) exprs = lastExprs;
        lastExprs = exprs;
        if (type) lastType = type;
      }
      const iotaScope = new Scope(scope, NO_ESCAPE);
      iotaScope.vars.set('iota', new Cell(iota++, 'iota', false, undefined));
      const vals = exprs.length > 0 ? yield* this.exprList(exprs, iotaScope, g, names[0]?.s) : [];
      for (let i = 0; i < names.length; i++) {
        const name = names[i].s;
        const at = this.at(names[i]);
        let v = exprs.length > 0 ? yield* this.copyOut(vals[i], at, g) : yield* this.zero(type ?? lastType, name, at, g, scope);
        if (typeof v === 'number' && (type ?? lastType)?.s === 'Duration') v = new Duration(v);
        if (name === '_') continue;
        const cell = spec.t === 'ConstSpec' ? new Cell(v, name, false, undefined) : this.newCell(v, name, scope);
        scope.vars.set(name, cell);
        if (cell.id !== undefined && scope !== this.globals) yield* this.ensureMade(cell, at, g);
      }
    }
  }

  *assignment(s: GoNode, scope: Scope, g: Goroutine): Gen<void> {
    const opIdx = s.k.findIndex((c) => c.t === '=' || c.t === 'UpdateOp');
    const lhs = sig({ ...s, k: s.k.slice(0, opIdx) });
    const rhs = sig({ ...s, k: s.k.slice(opIdx + 1) });
    const op = s.k[opIdx];
    const at = this.at(s);
    if (op.t === 'UpdateOp') {
      const ref = yield* this.lref(lhs[0], scope, g);
      const old = yield* this.readRef(ref, at, g);
      const r = yield* this.expr(rhs[0], scope, g);
      yield* this.writeRef(ref, this.binary(s.float ? '/.' : op.s.slice(0, -1), old, r, at), at, g);
      return;
    }
    // Go evaluates the index expressions and operands first, then assigns left to right.
    const refs: LRef[] = [];
    for (const l of lhs) refs.push(yield* this.lref(l, scope, g));
    const vals = yield* this.exprList(rhs, scope, g, lhs[0]?.t === 'VariableName' ? lhs[0].s : undefined);
    const copies: unknown[] = [];
    for (const v of vals) copies.push(isInPlace(v) ? yield* this.copyOut(v, at, g) : v);
    for (let i = 0; i < refs.length; i++) yield* this.writeRef(refs[i], copies[i], at, g);
  }

  *ifStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    const parts = sig(s);
    let i = 0;
    if (parts[i].t === 'VarDecl' || parts[i].t === 'Assignment' || parts[i].t === 'ExprStatement' || parts[i].t === 'IncDecStatement' || parts[i].t === 'SendStatement') {
      if (parts[i + 1]?.t !== 'Block') yield* this.stmt(parts[i++], scope, g, f);
    }
    this.charge(parts[i], g);
    const cond = yield* this.expr(parts[i++], scope, g);
    if (cond === true) return yield* this.block(parts[i], scope, g, f);
    const alt = parts[i + 1];
    if (!alt) return 0;
    return alt.t === 'IfStatement' ? yield* this.ifStmt(alt, scope, g, f) : yield* this.block(alt, scope, g, f);
  }

  *switchStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    const parts = sig(s);
    const blockNode = parts.find((c) => c.t === 'SwitchBlock')!;
    const heads = parts.filter((c) => c !== blockNode);
    let tag: unknown = true;
    for (const h of heads) {
      if (h.t === 'VarDecl' || h.t === 'Assignment' || h.t === 'IncDecStatement') yield* this.stmt(h, scope, g, f);
      else {
        this.charge(h, g);
        tag = yield* this.expr(h, scope, g);
      }
    }
    // SwitchBlock: Case nodes, each followed by its statements.
    const clauses: { values: GoNode[]; isDefault: boolean; body: GoNode[] }[] = [];
    for (const c of sig(blockNode)) {
      if (c.t === 'Case') clauses.push({ values: sig(c), isDefault: has(c, 'default'), body: [] });
      else clauses[clauses.length - 1]?.body.push(c);
    }
    let chosen = clauses.find((c) => c.isDefault);
    outer: for (const c of clauses) {
      for (const v of c.values) {
        const x = yield* this.expr(v, scope, g);
        if (equal(x, tag)) {
          chosen = c;
          break outer;
        }
      }
    }
    if (!chosen) return 0;
    const r = yield* this.stmts(chosen.body, new Scope(scope, scope.escaping), g, f);
    return r === BREAK ? 0 : r;
  }

  *forStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const body = s.k.find((c) => c.t === 'Block')!;
    const clause = s.k.find((c) => c.t === 'ForClause' || c.t === 'RangeClause');
    const fixed = s.costNs;
    const iteration = function* (this: Interp, scope: Scope): Gen<number> {
      if (fixed !== undefined) {
        g.owedNs += fixed;
        g.owedAt = this.at(s);
        g.fixedCost++;
        try {
          return yield* this.block(body, scope, g, f);
        } finally {
          g.fixedCost--;
        }
      }
      return yield* this.block(body, scope, g, f);
    }.bind(this);
    if (clause?.t === 'RangeClause') return yield* this.rangeLoop(s, clause, outer, g, f, iteration);
    const scope = new Scope(outer, outer.escaping);
    let cond: GoNode | undefined;
    let post: GoNode | undefined;
    if (clause) {
      // ForClause: init ; cond ; post (any may be missing).
      const slots: (GoNode | undefined)[] = [undefined];
      for (const c of clause.k) {
        if (c.t === ';') slots.push(undefined);
        else if (isSigNode(c)) slots[slots.length - 1] = c;
      }
      if (slots[0]) yield* this.stmt(slots[0], scope, g, f);
      cond = slots[1];
      post = slots[2];
      const folded = foldLoop(this, s, slots[0], cond, post, body, scope, g);
      if (folded) return 0;
    } else {
      cond = sig(s).find((c) => c.t !== 'Block');
    }
    let iterScope = scope;
    for (;;) {
      if (cond && (yield* this.expr(cond, iterScope, g)) !== true) return 0;
      const r = yield* iteration(iterScope);
      if (r === BREAK) return 0;
      if (r === RETURN) return r;
      // Go 1.22: each iteration has its own copy of the loop variables (the post statement runs on the next one's).
      if (this.m.loopVarPerIteration) iterScope = this.nextIteration(iterScope, scope);
      if (post) yield* this.stmt(post, iterScope, g, f);
    }
  }

  nextIteration(prev: Scope, first: Scope): Scope {
    if (first.vars.size === 0) return prev;
    const next = new Scope(first.parent, first.escaping);
    for (const [name, cell] of prev.vars) next.vars.set(name, cell.id === undefined ? new Cell(cell.value, name, false, undefined) : this.newCell(cell.value, name, first));
    return next;
  }

  *rangeLoop(s: GoNode, clause: GoNode, outer: Scope, g: Goroutine, f: Frame, iteration: (scope: Scope) => Gen<number>): Gen<number> {
    const define = has(clause, ':=');
    const rangeIdx = clause.k.findIndex((c) => c.t === 'range');
    const targets = sig({ ...clause, k: clause.k.slice(0, rangeIdx) });
    const over = yield* this.expr(sig({ ...clause, k: clause.k.slice(rangeIdx + 1) })[0], outer, g);
    const at = this.at(clause);
    // Before Go 1.22 the range variables are one pair for the whole loop, assigned each iteration.
    let shared: Scope | undefined;
    const bind = function* (this: Interp, values: unknown[]): Gen<Scope> {
      if (shared) {
        for (let i = 0; i < targets.length; i++) {
          const cell = shared.vars.get(targets[i].s);
          if (cell) yield* this.store(cell, values[i], at, g);
        }
        return shared;
      }
      const scope = new Scope(outer, outer.escaping);
      if (define && !this.m.loopVarPerIteration) shared = scope;
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (t.s === '_') continue;
        if (define) {
          const cell = this.newCell(isInPlace(values[i]) ? yield* this.copyOut(values[i], at, g) : values[i], t.s, scope);
          scope.vars.set(t.s, cell);
          yield* this.ensureMade(cell, at, g);
        } else yield* this.writeRef(yield* this.lref(t, outer, g), values[i], at, g);
      }
      return scope;
    }.bind(this);
    const run = function* (this: Interp, values: unknown[]): Gen<number> {
      this.charge(clause, g);
      const r = yield* iteration(yield* bind(values));
      return r === BREAK ? -1 : r === RETURN ? RETURN : 0;
    }.bind(this);
    let r = 0;
    if (typeof over === 'number') {
      for (let i = 0; i < over && r === 0; i++) r = yield* run([i]);
    } else if (typeof over === 'string') {
      let i = 0;
      for (const ch of over) {
        r = yield* run([i, ch.codePointAt(0)]);
        if (r !== 0) break;
        i += Buffer.byteLength(ch);
      }
    } else if (over instanceof GoSlice || over instanceof GoArray) {
      const cells = over instanceof GoSlice ? over.cells.slice(over.off, over.off + over.len) : over.cells;
      for (let i = 0; i < cells.length && r === 0; i++) {
        const v = targets.length > 1 ? yield* this.load(cells[i], at, g) : undefined;
        r = yield* run([i, v]);
      }
    } else if (over instanceof GoMap) {
      const snapshot = (yield* this.mapRead(over, at, g, () => [...over.entries])) as [unknown, unknown][];
      for (const [k, v] of snapshot) {
        r = yield* run([k, v]);
        if (r !== 0) break;
      }
    } else if (over instanceof GoChan || over === null) {
      for (;;) {
        const got = (yield* this.recv(over, at, g)) as { value: unknown; ok: boolean };
        if (!got.ok) break;
        r = yield* run([got.value]);
        if (r !== 0) break;
      }
    } else if (over instanceof GoPtr && over.cell.value instanceof GoArray) {
      return yield* this.rangeLoop(s, clause, outer, g, f, iteration);
    } else throw panicAt(at, `cannot range over ${formatValue(over)}`);
    return r === RETURN ? RETURN : 0;
  }

  *selectStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    this.charge(s, g);
    const block = s.k.find((c) => c.t === 'SelectBlock')!;
    const clauses: { head: GoNode; body: GoNode[] }[] = [];
    for (const c of sig(block)) {
      if (c.t === 'Case') clauses.push({ head: c, body: [] });
      else clauses[clauses.length - 1]?.body.push(c);
    }
    const at = this.at(s);
    const cases: { kind: 'recv' | 'send'; obj: string; value?: unknown }[] = [];
    const caseOf: number[] = [];
    let dflt = -1;
    for (let i = 0; i < clauses.length; i++) {
      const head = clauses[i].head;
      if (has(head, 'default')) {
        dflt = i;
        continue;
      }
      const comm = sig(head)[0];
      if (comm.t === 'SendStatement') {
        const [chN, vN] = sig(comm);
        const ch = yield* this.expr(chN, outer, g);
        const v = yield* this.copyOut(yield* this.expr(vN, outer, g), this.at(comm), g);
        // select.go: a nil channel's case is never ready.
        if (ch instanceof GoChan) { cases.push({ kind: 'send', obj: ch.id, value: v }); caseOf.push(i); }
      } else {
        const recvExpr = comm.t === 'ReceiveStatement' ? sig(comm).filter((c) => c.t !== 'DefName' && c.t !== 'VariableName').pop()! : comm.t === 'ExprStatement' ? comm.k[0] : comm;
        const chN = sig(recvExpr)[0];
        const ch = yield* this.expr(chN, outer, g);
        if (ch instanceof GoChan) { cases.push({ kind: 'recv', obj: ch.id }); caseOf.push(i); }
      }
    }
    const r = (yield* this.emit({ op: 'select', cases, hasDefault: dflt >= 0, at }, g)) as { index: number; value: unknown; ok: boolean };
    const idx = r.index < 0 ? dflt : caseOf[r.index];
    const clause = clauses[idx];
    const scope = new Scope(outer, outer.escaping);
    const comm = sig(clause.head)[0];
    if (comm?.t === 'ReceiveStatement') {
      const define = has(comm, ':=');
      const opIdx = comm.k.findIndex((c) => c.t === ':=' || c.t === '=');
      const targets = sig({ ...comm, k: comm.k.slice(0, opIdx) });
      const vals = [r.value, r.ok];
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (t.s === '_') continue;
        if (define) {
          const cell = this.newCell(vals[i], t.s, scope);
          scope.vars.set(t.s, cell);
          yield* this.ensureMade(cell, at, g);
        } else yield* this.writeRef(yield* this.lref(t, outer, g), vals[i], at, g);
      }
    }
    const res = yield* this.stmts(clause.body, scope, g, f);
    return res === BREAK ? 0 : res;
  }

  // ---- channels ----------------------------------------------------------------------

  *send(ch: unknown, v: unknown, at: SourceRange, g: Goroutine): Gen<void> {
    if (ch === null) yield* this.emit({ op: 'select', cases: [], hasDefault: false, at }, g); // chan.go: a nil channel blocks forever
    if (!(ch instanceof GoChan)) throw panicAt(at, 'send on a value that is not a channel');
    yield* this.emit({ op: 'sync', obj: ch.id, action: 'send', value: v, at }, g);
  }

  *recv(ch: unknown, at: SourceRange, g: Goroutine): Gen<{ value: unknown; ok: boolean }> {
    if (ch === null) yield* this.emit({ op: 'select', cases: [], hasDefault: false, at }, g);
    if (!(ch instanceof GoChan)) throw panicAt(at, 'receive from a value that is not a channel');
    const r = (yield* this.emit({ op: 'sync', obj: ch.id, action: 'recv', at }, g)) as { value: unknown; ok: boolean };
    return r;
  }

  // ---- maps: one shared variable each; concurrent writers are Go's fatal error --------

  /** What a missing key reads as: the zero value of the map's value type. */
  *mapZero(m: GoMap, at: SourceRange, g: Goroutine): Gen<unknown> {
    if (!m.valueType) return null;
    const t = m.valueType;
    if (t.t === 'TypeName' && /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64))$/.test(t.s)) return 0;
    return yield* this.zero(t, `${m.cell.name}[key]`, at, g);
  }

  *mapRead(m: GoMap, at: SourceRange, g: Goroutine, get: () => unknown): Gen<unknown> {
    yield* this.ensureMade(m.cell, at, g);
    return yield* this.emit({ op: 'read', v: m.cell.id!, at, fx: () => {
      // map.go: mapaccess1 throws when hashWriting is set.
      if (m.writing > 0) throw fatal('concurrent map read and map write', at);
      return get();
    } }, g);
  }

  *mapWrite(m: GoMap, at: SourceRange, g: Goroutine, set: () => void): Gen<void> {
    yield* this.ensureMade(m.cell, at, g);
    // map.go: mapassign sets hashWriting, writes, then clears it; a writer that finds it set throws.
    yield* this.emit({ op: 'write', v: m.cell.id!, value: m.entries.size, at, fx: () => {
      if (m.writing > 0) throw fatal('concurrent map writes', at);
      m.writing++;
    } }, g);
    yield* this.emit({ op: 'write', v: m.cell.id!, value: m.entries.size, at, fx: () => {
      set();
      m.writing--;
    } }, g);
  }

  // ---- places ------------------------------------------------------------------------

  *lref(n: GoNode, scope: Scope, g: Goroutine): Gen<LRef> {
    const at = this.at(n);
    switch (n.t) {
      case 'VariableName': case 'DefName': {
        if (n.s === '_') return { k: 'blank' };
        const cell = scope.lookup(n.s);
        if (!cell) throw panicAt(at, `undefined: ${n.s}`);
        return { k: 'cell', cell };
      }
      case 'ParenthesizedExpr': return yield* this.lref(sig(n)[0], scope, g);
      case 'SelectorExpr': {
        const base = yield* this.container(n.k[0], scope, g);
        const name = n.k.find((c) => c.t === 'FieldName')!.s;
        const st = base instanceof GoPtr ? base.cell.value : base;
        if (!(st instanceof GoStruct)) throw panicAt(at, base === null ? 'runtime error: invalid memory address or nil pointer dereference' : `${formatValue(base)} has no field ${name}`);
        const cell = st.fields.get(name);
        if (!cell) throw panicAt(at, `no field ${name} in ${st.type}`);
        return { k: 'cell', cell };
      }
      case 'IndexExpr': {
        const [baseN, idxN] = sig(n);
        let base = yield* this.container(baseN, scope, g);
        const idx = yield* this.expr(idxN, scope, g);
        if (base instanceof GoPtr) base = base.cell.value;
        if (base instanceof GoMap) {
          if (base.isNil) throw panicAt(at, 'assignment to entry in nil map');
          return { k: 'map', map: base, key: mapKey(isInPlace(idx) ? yield* this.copyOut(idx, at, g) : idx) };
        }
        return { k: 'cell', cell: this.element(base, Number(idx), at) };
      }
      case 'UnaryExp': {
        if (n.k[0].s === '*') {
          const p = yield* this.expr(n.k[1], scope, g);
          if (!(p instanceof GoPtr)) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
          return { k: 'cell', cell: p.cell };
        }
        break;
      }
    }
    throw panicAt(at, 'cannot assign to this expression');
  }

  element(base: unknown, i: number, at: SourceRange): Cell {
    if (base instanceof GoSlice) {
      if (i < 0 || i >= base.len) throw panicAt(at, `runtime error: index out of range [${i}] with length ${base.len}`);
      return base.cells[base.off + i];
    }
    if (base instanceof GoArray) {
      if (i < 0 || i >= base.cells.length) throw panicAt(at, `runtime error: index out of range [${i}] with length ${base.cells.length}`);
      return base.cells[i];
    }
    if (base === null) throw panicAt(at, `runtime error: index out of range [${i}] with length 0`);
    throw panicAt(at, `cannot index ${formatValue(base)}`);
  }

  *readRef(ref: LRef, at: SourceRange, g: Goroutine): Gen<unknown> {
    if (ref.k === 'cell') return yield* this.load(ref.cell, at, g);
    if (ref.k === 'map') return yield* this.mapRead(ref.map, at, g, () => ref.map.entries.get(ref.key));
    return undefined;
  }

  *writeRef(ref: LRef, v: unknown, at: SourceRange, g: Goroutine): Gen<void> {
    if (ref.k === 'cell') yield* this.assignWhole(ref.cell, v, at, g);
    else if (ref.k === 'map') yield* this.mapWrite(ref.map, at, g, () => { ref.map.entries.set(ref.key, v); });
  }

  /**
   * The value an expression names when something is reached through it (`s.f`, `a[i]`,
   * `mu.Lock()`): a struct, array, sync or atomic variable is navigated without a read of
   * the whole value, as Go takes its address; anything else (a pointer, slice, map) is read.
   */
  *container(n: GoNode, scope: Scope, g: Goroutine): Gen<unknown> {
    if (n.t === 'VariableName') {
      const cell = scope.lookup(n.s);
      if (cell && isInPlace(cell.value)) return cell.value;
    }
    if (n.t === 'SelectorExpr') {
      const base = yield* this.container(n.k[0], scope, g);
      const st = base instanceof GoPtr ? base.cell.value : base;
      if (st instanceof GoStruct) {
        const name = n.k.find((c) => c.t === 'FieldName')!.s;
        const cell = st.fields.get(name);
        if (cell && isInPlace(cell.value)) return cell.value;
        if (cell) return yield* this.load(cell, this.at(n), g);
      }
    }
    return yield* this.expr(n, scope, g);
  }

  // ---- expressions -------------------------------------------------------------------

  *exprList(list: readonly GoNode[], scope: Scope, g: Goroutine, hint?: string): Gen<unknown[]> {
    if (list.length === 1) {
      const n = list[0];
      // v, ok := m[k] / <-ch
      if (n.t === 'IndexExpr') {
        const [baseN, idxN] = sig(n);
        const base = yield* this.container(baseN, scope, g);
        if (base instanceof GoMap) {
          const idx = yield* this.expr(idxN, scope, g);
          const key = mapKey(isInPlace(idx) ? yield* this.copyOut(idx, this.at(n), g) : idx);
          const zero = yield* this.mapZero(base, this.at(n), g);
          return (yield* this.mapRead(base, this.at(n), g, () => [base.entries.has(key) ? base.entries.get(key) : zero, base.entries.has(key)])) as unknown[];
        }
      }
      if (n.t === 'UnaryExp' && n.k[0].t === '<-') {
        const r = yield* this.recv(yield* this.expr(n.k[1], scope, g), this.at(n), g);
        return [r.value, r.ok];
      }
      const v = yield* this.expr(n, scope, g, hint);
      return v instanceof Tuple ? v.values : [v];
    }
    const out: unknown[] = [];
    for (const n of list) out.push(yield* this.expr(n, scope, g, hint));
    return out;
  }

  /** The function and evaluated arguments of a call (for `go` and `defer`, which evaluate them now). */
  *callee(call: GoNode, scope: Scope, g: Goroutine): Gen<[unknown, unknown[]]> {
    const fnN = call.k[0];
    const argsN = call.k.find((c) => c.t === 'Arguments');
    const fn = fnN.t === 'SelectorExpr' ? yield* this.selector(fnN, scope, g, true) : yield* this.expr(fnN, scope, g);
    const args: unknown[] = [];
    for (const a of argsN ? sig(argsN) : []) {
      const v = yield* this.expr(a, scope, g);
      if (v instanceof Tuple) args.push(...v.values);
      // Arguments pass by value: a struct or array argument is read whole here.
      else args.push(isInPlace(v) && !(v instanceof GoSync) && !(v instanceof GoAtomic) ? yield* this.copyOut(v, this.at(a), g) : v);
    }
    return [fn, args];
  }

  *expr(n: GoNode, scope: Scope, g: Goroutine, hint?: string): Gen<unknown> {
    switch (n.t) {
      case 'Number': return parseNumber(n.s);
      case 'String': return parseString(n.s);
      case 'Rune': return (parseString(`"${n.s.slice(1, -1).replace(/"/g, '\\"')}"`)).codePointAt(0);
      case 'Bool': return n.s === 'true';
      case 'Nil': return null;
      case 'ParenthesizedExpr': return yield* this.expr(sig(n)[0], scope, g, hint);
      case 'VariableName': {
        const cell = scope.lookup(n.s);
        if (cell) return yield* this.load(cell, this.at(n), g);
        const fn = this.m.funcs.get(n.s);
        if (fn) return new GoFunc(fn, this.globals, n.s);
        if (BUILTINS.has(n.s)) return new Builtin(n.s);
        // lezer-go reads `nil`, `true` and `false` as names in some places.
        if (n.s === 'nil') return null;
        if (n.s === 'true' || n.s === 'false') return n.s === 'true';
        throw panicAt(this.at(n), `undefined: ${n.s}`);
      }
      case 'FunctionLiteral': return new GoFunc(n, scope, this.m.literalNames.get(n) ?? 'func');
      case 'SelectorExpr': return yield* this.selector(n, scope, g, false);
      case 'IndexExpr': {
        const [baseN, idxN] = sig(n);
        let base = yield* this.container(baseN, scope, g);
        const idx = yield* this.expr(idxN, scope, g);
        const at = this.at(n);
        if (base instanceof GoPtr) base = base.cell.value;
        if (base instanceof GoMap) {
          const key = mapKey(isInPlace(idx) ? yield* this.copyOut(idx, at, g) : idx);
          const m = base;
          const zero = yield* this.mapZero(m, at, g);
          return yield* this.mapRead(base, at, g, () => (m.entries.has(key) ? m.entries.get(key) : zero));
        }
        if (typeof base === 'string') {
          const bytes = Buffer.from(base);
          const i = Number(idx);
          if (i < 0 || i >= bytes.length) throw panicAt(at, `runtime error: index out of range [${i}] with length ${bytes.length}`);
          return bytes[i];
        }
        return yield* this.load(this.element(base, Number(idx), at), at, g);
      }
      case 'SliceExpr': {
        // s[lo:hi:max]: the parts between `[`, the colons and `]`, each possibly empty.
        const slots: (GoNode | undefined)[] = [undefined];
        for (const c of n.k.slice(n.k.findIndex((c) => c.t === '[') + 1)) {
          if (c.t === ':') slots.push(undefined);
          else if (isSigNode(c)) slots[slots.length - 1] = c;
        }
        const base = yield* this.expr(n.k[0], scope, g);
        const lo = slots[0] ? Number(yield* this.expr(slots[0], scope, g)) : 0;
        const highN = slots[1];
        const at = this.at(n);
        if (typeof base === 'string') return Buffer.from(base).subarray(lo, highN ? Number(yield* this.expr(highN, scope, g)) : undefined).toString();
        const s = base instanceof GoPtr ? base.cell.value : base;
        const [cells, off, len, cap] = s instanceof GoSlice ? [s.cells, s.off, s.len, s.cap] : s instanceof GoArray ? [s.cells, 0, s.cells.length, s.cells.length] : [[], 0, 0, 0];
        const hi = highN ? Number(yield* this.expr(highN, scope, g)) : len;
        const max = slots[2] ? Number(yield* this.expr(slots[2], scope, g)) : cap;
        if (lo < 0 || hi < lo || max < hi || max > cap) throw panicAt(at, `runtime error: slice bounds out of range [${lo}:${hi}:${max}] with capacity ${cap}`);
        return new GoSlice(cells, off + lo, hi - lo, max - lo);
      }
      case 'UnaryExp': return yield* this.unary(n, scope, g);
      case 'BinaryExp': {
        const [l, opN, r] = n.k;
        const op = opN.s;
        const a = yield* this.expr(l, scope, g);
        if (op === '&&') return a === true ? yield* this.expr(r, scope, g) : false;
        if (op === '||') return a === true ? true : yield* this.expr(r, scope, g);
        const b = yield* this.expr(r, scope, g);
        return this.binary(n.float ? '/.' : op, a, b, this.at(n));
      }
      case 'CallExpr': return yield* this.callExpr(n, scope, g, hint);
      case 'Conversion': {
        const v = yield* this.expr(sig(n)[1], scope, g);
        if (sig(n)[0].t === 'SliceType' && typeof v === 'string') {
          // []byte(s), []rune(s): a new backing array, each element shared as any slice's is.
          const rune = elemType(sig(n)[0])?.s === 'rune';
          const codes = rune ? [...v].map((c) => c.codePointAt(0)!) : [...Buffer.from(v)];
          const name = hint ?? 'bytes';
          return new GoSlice(codes.map((c, i) => new Cell(c, `${name}[${i}]`, true, this.ids)), 0, codes.length, codes.length);
        }
        return convert(sig(n)[0], v);
      }
      case 'TypedLiteral': return yield* this.composite(n, scope, g, hint ?? 'value');
      default:
        throw panicAt(this.at(n), `${n.t} is not supported yet`);
    }
  }

  *unary(n: GoNode, scope: Scope, g: Goroutine): Gen<unknown> {
    const op = n.k[0];
    const operand = n.k[1];
    const at = this.at(n);
    if (op.t === '<-') return (yield* this.recv(yield* this.expr(operand, scope, g), at, g)).value;
    if (op.s === '&') {
      if (operand.t === 'TypedLiteral') return new GoPtr(new Cell(yield* this.composite(operand, scope, g, 'value'), 'value', false, undefined));
      const ref = yield* this.lref(operand, scope, g);
      if (ref.k !== 'cell') throw panicAt(at, 'cannot take the address of a map element');
      return new GoPtr(ref.cell);
    }
    if (op.s === '*') {
      const p = yield* this.expr(operand, scope, g);
      if (!(p instanceof GoPtr)) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
      return yield* this.load(p.cell, at, g);
    }
    const v = yield* this.expr(operand, scope, g);
    switch (op.s) {
      case '-': return v instanceof Duration ? new Duration(-v.ns) : -Number(v);
      case '+': return v;
      case '!': return !v;
      case '^': return ~Number(v);
    }
    throw panicAt(at, `operator ${op.s} is not supported yet`);
  }

  binary(op: string, a: unknown, b: unknown, at: SourceRange): unknown {
    if (op === '==') return equal(a, b);
    if (op === '!=') return !equal(a, b);
    if (a instanceof Duration || b instanceof Duration) {
      const x = a instanceof Duration ? a.ns : Number(a);
      const y = b instanceof Duration ? b.ns : Number(b);
      const r = this.binary(op, x, y, at);
      return typeof r === 'number' && (op === '+' || op === '-' || op === '*' || op === '%' || (op === '/' && a instanceof Duration && !(b instanceof Duration))) ? new Duration(r) : r;
    }
    if (typeof a === 'string' && typeof b === 'string') {
      switch (op) {
        case '+': return a + b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
      }
    }
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/':
        if (Number.isInteger(x) && Number.isInteger(y)) {
          if (y === 0) throw panicAt(at, 'runtime error: integer divide by zero');
          return Math.trunc(x / y);
        }
        return x / y;
      case '/.': return x / y;
      case '%':
        if (y === 0) throw panicAt(at, 'runtime error: integer divide by zero');
        return x % y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      case '&': return Number(BigInt(x) & BigInt(y));
      case '|': return Number(BigInt(x) | BigInt(y));
      case '^': return Number(BigInt(x) ^ BigInt(y));
      case '&^': return Number(BigInt(x) & ~BigInt(y));
      case '<<': return x * 2 ** y;
      case '>>': return Math.floor(x / 2 ** y);
    }
    throw panicAt(at, `operator ${op} is not supported yet`);
  }

  *selector(n: GoNode, scope: Scope, g: Goroutine, callee: boolean): Gen<unknown> {
    const baseN = n.k[0];
    const name = n.k.find((c) => c.t === 'FieldName')!.s;
    const at = this.at(n);
    if (baseN.t === 'VariableName' && !scope.lookup(baseN.s) && [...this.m.imports.values()].includes(baseN.s)) {
      return packageMember(baseN.s, name, at);
    }
    const base = yield* this.container(baseN, scope, g);
    const target = base instanceof GoPtr ? base.cell.value : base;
    if (target instanceof GoStruct) {
      const cell = target.fields.get(name);
      if (cell) return isInPlace(cell.value) ? cell.value : yield* this.load(cell, at, g);
      const method = this.m.methods.get(target.type)?.get(name);
      if (method) {
        const recvP = method.k.find((c) => c.t === 'Parameters')!.k.find((c) => c.t === 'Parameter');
        const recvName = recvP?.k.find((c) => c.t === 'DefName')?.s ?? '_';
        const pointerRecv = recvP?.k.some((c) => c.t === 'PointerType') ?? false;
        const recv = pointerRecv ? (base instanceof GoPtr ? base : new GoPtr(new Cell(target, recvName, false, undefined))) : yield* this.copyOut(target, at, g);
        return new GoFunc(method, this.globals, `${target.type}.${name}`, { name: recvName, value: recv });
      }
      throw panicAt(at, `${target.type} has no field or method ${name}`);
    }
    if (target instanceof Duration || target instanceof Elapsed) return new BoundMethod(target, name);
    if (target instanceof GoSync || target instanceof GoAtomic) {
      if (target instanceof GoSync && target.type === 'Cond' && name === 'L' && !callee) return target.mutex;
      return new BoundMethod(target, name);
    }
    if (base === null) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
    // Methods of named non-struct types are not in the subset (subset.ts reports them).
    throw panicAt(at, `${formatValue(base)} has no field or method ${name}`);
  }

  *callExpr(n: GoNode, scope: Scope, g: Goroutine, hint?: string): Gen<unknown> {
    const head = n.k[0];
    const at = this.at(n);
    // `new(int)` may parse as a call of the name `new` (lezer-go): the same builtin.
    const builtin = head.t === 'make' || head.t === 'new' ? head.t
      : head.t === 'VariableName' && (head.s === 'make' || head.s === 'new') && !scope.lookup(head.s) ? head.s : undefined;
    if (builtin) {
      const args = sig(n.k.find((c) => c.t === 'Arguments')!);
      const type = args[0];
      const name = hint ?? (builtin === 'new' ? 'new' : type.t === 'ChannelType' ? 'chan' : type.t === 'MapType' ? 'map' : 'slice');
      if (builtin === 'new') return new GoPtr(new Cell(yield* this.zero(type, name, at, g, scope), name, true, this.ids));
      const size = args[1] ? Number(yield* this.expr(args[1], scope, g)) : 0;
      if (type.t === 'ChannelType') return yield* this.makeChan(name, size, at, g);
      if (type.t === 'MapType') return new GoMap(new Cell(undefined, name, true, this.ids), false, elemType(type));
      if (type.t === 'SliceType') {
        const cap = args[2] ? Number(yield* this.expr(args[2], scope, g)) : size;
        const elem = sig(type)[0];
        const cells: Cell[] = [];
        for (let i = 0; i < cap; i++) cells.push(new Cell(yield* this.zero(elem, `${name}[${i}]`, at, g, scope), `${name}[${i}]`, true, this.ids));
        return new GoSlice(cells, 0, size, cap);
      }
      throw panicAt(at, 'make of this type is not supported yet');
    }
    if (head.t === 'VariableName' && !scope.lookup(head.s) && !this.m.funcs.has(head.s)) {
      const argsN = n.k.find((c) => c.t === 'Arguments');
      // Conversions to named types: `Celsius(x)`, `MyInt(3)`, `P(p)` between struct types.
      if (this.m.structs.has(head.s)) {
        const v = yield* this.copyOut(yield* this.expr(sig(argsN!)[0], scope, g), at, g);
        return v instanceof GoStruct ? new GoStruct(head.s, v.fields) : v;
      }
      if (this.m.aliases.has(head.s) || /^(u?int(8|16|32|64)?|float(32|64)|string|byte|rune|bool|uintptr)$/.test(head.s)) {
        let v = yield* this.expr(sig(argsN!)[0], scope, g);
        if (v instanceof GoSlice && head.s === 'string') {
          // string(b) reads every element (slicebytetostring).
          const codes: number[] = [];
          for (let i = 0; i < v.len; i++) codes.push(Number(yield* this.load(v.cells[v.off + i], at, g)));
          v = codes.every((c) => c < 256) ? Buffer.from(codes).toString() : String.fromCodePoint(...codes);
        }
        return convert(this.m.aliases.get(head.s) ?? head, v);
      }
    }
    const [fn, args] = yield* this.callee(n, scope, g);
    return yield* this.call(fn, args, at, g);
  }

  *composite(n: GoNode, scope: Scope, g: Goroutine, name: string): Gen<unknown> {
    const type = sig(n)[0];
    const lit = n.k.find((c) => c.t === 'LiteralValue')!;
    const elements = lit.k.filter((c) => c.t === 'Element');
    const at = this.at(n);
    const keyed = function* (this: Interp, e: GoNode): Gen<[GoNode | undefined, unknown]> {
      const key = e.k.find((c) => c.t === 'Key');
      const valN = sig(e).filter((c) => c.t !== 'Key').pop()!;
      const v = valN.t === 'LiteralValue' ? yield* this.composite({ ...n, k: [elemType(type)!, valN] }, scope, g, name) : yield* this.expr(valN, scope, g);
      return [key, isInPlace(v) ? yield* this.copyOut(v, at, g) : v];
    }.bind(this);
    if (type.t === 'TypeName' && this.m.structs.has(type.s)) {
      const st = this.m.structs.get(type.s)!;
      const init = new Map<string, unknown>();
      for (let i = 0; i < elements.length; i++) {
        const [key, v] = yield* keyed(elements[i]);
        init.set(key ? sig(key)[0].s : st.fields[i].name, v);
      }
      return yield* this.newStruct(type.s, type.s, at, g, init);
    }
    if (type.t === 'SliceType' || type.t === 'ArrayType') {
      const cells: Cell[] = [];
      for (const e of elements) {
        const [, v] = yield* keyed(e);
        cells.push(new Cell(v, `${name}[${cells.length}]`, true, this.ids));
      }
      if (type.t === 'ArrayType') {
        const lenN = sig(type)[0];
        const len = lenN.t === 'Number' ? Number(lenN.s) : cells.length;
        for (let i = cells.length; i < len; i++) cells.push(new Cell(yield* this.zero(sig(type)[1], `${name}[${i}]`, at, g, scope), `${name}[${i}]`, true, this.ids));
        return new GoArray(cells);
      }
      return new GoSlice(cells, 0, cells.length, cells.length);
    }
    if (type.t === 'MapType') {
      const m = new GoMap(new Cell(undefined, name, true, this.ids), false, elemType(type));
      for (const e of elements) {
        const key = e.k.find((c) => c.t === 'Key')!;
        const k = yield* this.expr(sig(key)[0], scope, g);
        const [, v] = yield* keyed(e);
        m.entries.set(mapKey(k), v);
      }
      return m;
    }
    throw panicAt(at, 'this composite literal is not supported yet');
  }
}

/** `mu.Lock`, `x.Add`: a method of a sync or atomic value, run by stdlib.ts. */
export class BoundMethod {
  constructor(readonly target: GoSync | GoAtomic | Duration | Elapsed, readonly method: string) {}
}

/**
 * What the core keeps of a value (finals, the debugger's variables): numbers, strings and
 * booleans as they are, anything else as `fmt` prints it. The interpreter keeps the value.
 */
function shown(v: unknown): unknown {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : formatValue(v);
}

function isSigNode(c: GoNode): boolean {
  const ch = c.t.charCodeAt(0);
  return ch >= 65 && ch <= 90;
}

function isInPlace(v: unknown): boolean {
  return v instanceof GoStruct || v instanceof GoArray || v instanceof GoSync || v instanceof GoAtomic;
}

function elemType(type: GoNode): GoNode | undefined {
  const s = sig(type);
  return s[s.length - 1];
}

function fatal(message: string, at: SourceRange): ProgramError {
  const text = `fatal error: ${message}`;
  return new ProgramError(`${at.file}:${at.line}:${at.column}: ${text}`, at, text);
}

export function equal(a: unknown, b: unknown): boolean {
  if ((a instanceof GoSlice || a instanceof GoMap) && (b === null || b === undefined)) return a.isNil;
  if ((b instanceof GoSlice || b instanceof GoMap) && (a === null || a === undefined)) return b.isNil;
  if (a instanceof Duration && b instanceof Duration) return a.ns === b.ns;
  if (a instanceof Duration) return a.ns === b;
  if (b instanceof Duration) return a === b.ns;
  if (a instanceof GoPtr && b instanceof GoPtr) return a.cell === b.cell;
  if (a instanceof GoStruct && b instanceof GoStruct) return [...a.fields].every(([k, c]) => equal(c.value, b.fields.get(k)?.value));
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

function mapKey(k: unknown): unknown {
  if (k instanceof Duration) return k.ns;
  if (k instanceof GoStruct) return formatValue(k, true);
  return k;
}


function parseNumber(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  return Number(t);
}

function parseString(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1).replace(/\r/g, '');
  const body = s.slice(1, -1).replace(/\\([abfv'])/g, (_m, c: string) => ({ a: '\x07', b: '\b', f: '\f', v: '\v', "'": "'" })[c]!)
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
    .replace(/\\U([0-9a-fA-F]{8})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
  return JSON.parse(`"${body}"`) as string;
}

function convert(type: GoNode, v: unknown): unknown {
  const t = type.t === 'TypeName' ? type.s : type.t === 'QualifiedType' ? type.k.find((c) => c.t === 'TypeName')!.s : '';
  const n = v instanceof Duration ? v.ns : v;
  if (t === 'Duration') return new Duration(Number(n));
  if (t === 'string') return typeof n === 'number' ? String.fromCodePoint(n) : n;
  if (/^u?int/.test(t) || t === 'byte' || t === 'rune' || t === 'uintptr') return Math.trunc(Number(n));
  if (/^float/.test(t)) return Number(n);
  return v;
}

export { GoType };
