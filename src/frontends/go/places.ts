/**
 * Places a goroutine reads and writes through: channels (send, receive), maps (one shared
 * variable each; concurrent writers are Go's fatal error), and the left-hand sides of
 * assignments (`x`, `s.f`, `a[i]`, `m[k]`, `*p`).
 */
import type { SourceRange } from '../../core/program';
import { Ops } from './ops';
import { type Gen, type Goroutine, type LRef, type Scope, panicAt } from './scope';
import { type GoNode, sig } from './syntax';
import { Cell, GoArray, GoChan, GoMap, GoPtr, GoSlice, GoStruct, fatal, formatValue, isInPlace, mapKey } from './values';

export abstract class Places extends Ops {
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

  /**
   * The field `name` of a struct, or of its embedded fields (promoted, spec: Selectors),
   * depth first; an embedded pointer on the way is read, and a nil one panics.
   */
  *field(st: GoStruct, name: string, at: SourceRange, g: Goroutine): Gen<Cell | undefined> {
    const own = st.fields.get(name);
    if (own) return own;
    for (const f of this.m.structs.get(st.type)?.fields ?? []) {
      if (!f.embedded) continue;
      const fc = st.fields.get(f.name)!;
      let v = fc.value;
      if (f.type.t === 'PointerType') {
        if (!this.m.structs.has(f.name)) continue;
        v = yield* this.load(fc, at, g);
        if (!(v instanceof GoPtr)) {
          if (this.m.structs.get(f.name)!.fields.some((x) => x.name === name)) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
          continue;
        }
        v = v.cell.value;
      }
      if (v instanceof GoStruct) {
        const found = yield* this.field(v, name, at, g);
        if (found) return found;
      }
    }
    return undefined;
  }

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
        const cell = yield* this.field(st, name, at, g);
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
      // An interface variable is read to call through it (the value it holds may be replaced meanwhile).
      if (cell?.boxed) return yield* this.load(cell, this.at(n), g);
      if (cell && isInPlace(cell.value)) return cell.value;
    }
    if (n.t === 'SelectorExpr') {
      const base = yield* this.container(n.k[0], scope, g);
      const st = base instanceof GoPtr ? base.cell.value : base;
      if (st instanceof GoStruct) {
        const name = n.k.find((c) => c.t === 'FieldName')!.s;
        const cell = yield* this.field(st, name, this.at(n), g);
        if (cell && isInPlace(cell.value)) return cell.value;
        if (cell) return yield* this.load(cell, this.at(n), g);
      }
    }
    return yield* this.expr(n, scope, g);
  }
}
