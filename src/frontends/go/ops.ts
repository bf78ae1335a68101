/**
 * The bottom layer of the interpreter: the ops a goroutine yields to the core (CPU time
 * owed as `compute`, shared variables as `read`/`write`, objects as `make`), and Go's value
 * semantics on top of them (zero values, structs and arrays copied field by field).
 * The layers above: places.ts, expressions.ts, statements.ts, interp.ts.
 */
import { OpError } from '../../core/index';
import type { Op, SourceRange, SyncKind } from '../../core/program';
import { STATEMENT_NS } from './costs';
import type { GoModel } from './model';
import { type Gen, type Goroutine, NO_ESCAPE, Scope, STATEMENT_LIMIT, panicAt } from './scope';
import type { GoNode } from './syntax';
import { sig } from './syntax';
import { Cell, Duration, GoArray, GoAtomic, GoChan, GoMap, GoSlice, GoStruct, GoSync, IdSource, elemType, isInPlace, shown, type SyncTypeName } from './values';


/** Owed CPU time below this waits for a later op (see `flush`). */
const FLUSH_NS = 100;
const CHEAP_SYNC: ReadonlySet<string> = new Set(['lock', 'unlock', 'rlock', 'runlock', 'try_lock', 'done', 'add', 'signal', 'broadcast', 'len']);

const SYNC_KINDS: Record<SyncTypeName, SyncKind> = { Mutex: 'mutex', RWMutex: 'rwmutex', WaitGroup: 'waitgroup', Once: 'once', Cond: 'cond' };
const ATOMIC_TYPES = new Set(['Int32', 'Int64', 'Uint32', 'Uint64', 'Bool', 'Uintptr']);

export abstract class Ops {
  readonly ids = new IdSource();
  readonly globals: Scope;
  /** What runtime.GOMAXPROCS(0) answers: the value compile.ts fixed for the run. */
  gomaxprocs = 4;
  /** What runtime.NumCPU answers: the run's machine (cores × SMT), --set included. */
  numCPU = 4;
  /** Goroutines started and not finished (runtime.NumGoroutine). */
  liveGoroutines = 0;
  /** Every goroutine a `go` statement started (task ids), for a test's leak check (testing.ts). */
  readonly spawned: number[] = [];
  /** The goroutines of t.Run subtests (their parent waits for them itself). */
  readonly subtests: number[] = [];

  constructor(readonly m: GoModel) {
    this.globals = new Scope(undefined, NO_ESCAPE);
  }

  at(n: GoNode): SourceRange {
    return this.m.at(n);
  }

  abstract expr(n: GoNode, scope: Scope, g: Goroutine, hint?: string): Gen<unknown>;

  // ---- ops -------------------------------------------------------------------------

  /**
   * Pays the statements' CPU time as one compute op. Before an op that may wait (a sleep, a
   * receive, a select) or start a goroutine, all of it; before a memory access, a lock or a
   * print, only once it reaches FLUSH_NS, so a tight loop of locked increments is not two
   * compute steps an iteration (the rest is carried, never dropped).

  abstract expr(n: GoNode, scope: Scope, g: Goroutine, hint?: string): Gen<unknown>;

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
    yield* this.emit({ op: 'make', decl: { var: { id: cell.id, name: cell.id, initial: shown(cell.value), at, ...(cell.internal ? { internal: true } : {}) } }, at, fx: () => { cell.made = true; return shown(cell.value); } }, g);
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

  *closeChan(ch: GoChan, at: SourceRange, g: Goroutine): Gen<void> {
    yield* this.emit({ op: 'sync', obj: ch.id, action: 'close', at }, g);
  }

  newCell(value: unknown, name: string, scope: Scope): Cell {
    return new Cell(value, name, scope === this.globals || scope.escaping.has(name), this.ids);
  }

  /**
   * The named non-struct type a variable is declared with (`var b Base`, a parameter `b
   * *Base` points at one), kept on its cell: `b.M()` finds M by it. Without a type
   * checker this is how a value of `type Base int` keeps its methods.
   */
  typeCell(cell: Cell, type: GoNode | undefined, fromType?: string): void {
    if (fromType !== undefined) {
      cell.type = fromType;
      return;
    }
    if (type?.t === 'TypeName' && this.m.aliases.has(type.s) && !this.m.methods.has(type.s)) return;
    if (type?.t === 'TypeName' && this.m.methods.has(type.s) && !this.m.structs.has(type.s)) cell.type = type.s;
    if (type && (type.t === 'InterfaceType' || (type.t === 'TypeName' && (type.s === 'any' || type.s === 'error' || this.m.interfaces.has(type.s))))) cell.boxed = true;
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
        if (t === 'error' || t === 'any' || this.m.interfaces.has(t)) return null;
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
        if (pkg === 'time' && (t === 'Time' || t === 'Timer')) return null;
        if (pkg === 'context' && (t === 'Context' || t === 'CancelFunc')) return null;
        if ((pkg === 'os' && (t === 'File' || t === 'FileInfo')) || (pkg === 'net' && (t === 'Conn' || t === 'Listener'))) return null;
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
      case 'StructType': return yield* this.newStruct(this.m.anonStructs.get(type)!, name, at, g, new Map());
      case 'InterfaceType': return null;
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
      const cell = new Cell(v, fname, true, this.ids);
      this.typeCell(cell, f.type);
      fields.set(f.name, cell);
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
      for (const [k, c] of v.fields) fields.set(k, typed(new Cell(isInPlace(c.value) ? yield* this.copyOut(c.value, at, g) : yield* this.load(c, at, g), c.name, true, this.ids), c));
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
    if (cell.boxed) return yield* this.store(cell, v, at, g);
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
      for (const [k, c] of v.fields) fields.set(k, typed(new Cell(this.copyValue(c.value), c.name, true, this.ids), c));
      return new GoStruct(v.type, fields);
    }
    if (v instanceof GoArray) return new GoArray(v.cells.map((c) => new Cell(this.copyValue(c.value), c.name, true, this.ids)));
    return v;
  }

}

/** A copy's cell keeps what the original's declaration said (its named type, an interface's box). */
function typed(cell: Cell, from: Cell): Cell {
  cell.type = from.type;
  cell.boxed = from.boxed;
  return cell;
}
