/**
 * Expressions of the subset: literals, names, selectors (fields, methods, package
 * members), indexing and slicing, operators, calls, conversions and composite literals.
 */
import type { SourceRange } from '../../core/program';
import { Members } from './members';
import { type Gen, type Goroutine, type Scope, panicAt } from './scope';
import { BUILTINS } from './stdlib';
import { type GoNode, sig } from './syntax';
import {
  BoundMethod, Builtin, Cell, Duration, GoArray, GoAtomic, GoFunc, GoMap, GoPtr, GoSlice, GoStruct, GoSync, Tuple,
  convert, elemType, equal, isInPlace, isSigNode, mapKey, parseNumber, parseString,
} from './values';

export abstract class Expressions extends Members {
  abstract call(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine, spread?: boolean): Gen<unknown>;


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
      if (n.t === 'TypeAssertion') return yield* this.assertType(n, scope, g);
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
  *callee(call: GoNode, scope: Scope, g: Goroutine): Gen<[unknown, unknown[], boolean]> {
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
    // `f(xs...)`: the last argument is the variadic parameter's slice itself.
    return [fn, args, argsN ? argsN.k.some((c) => c.t === '...') : false];
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
      case 'TypeAssertion': {
        const [v, ok] = yield* this.assertType(n, scope, g);
        if (!ok) throw panicAt(this.at(n), `interface conversion: interface {} is ${this.typeNameOf(v, undefined)}, not ${this.m.pos.text.slice(sig(n)[1].from, sig(n)[1].to)}`);
        return v;
      }
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

  /** `x.(T)` as `[value, ok]` (spec: Type assertions): the value, or T's zero value when x does not hold a T. */
  *assertType(n: GoNode, scope: Scope, g: Goroutine): Gen<[unknown, boolean]> {
    const [xN, tN] = sig(n);
    const v = yield* this.expr(xN, scope, g);
    const cellType = xN.t === 'VariableName' ? scope.lookup(xN.s)?.type : undefined;
    if (this.hasType(v, tN, cellType)) return [v, true];
    return [yield* this.zero(tN, 'value', this.at(n), g, scope), false];
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
    // `(*T)(p)`: a conversion between pointer types leaves the pointer as it is.
    const inner = head.t === 'ParenthesizedExpr' ? sig(head)[0] : undefined;
    if ((inner?.t === 'UnaryExp' && inner.k[0].s === '*' && inner.k[1].t === 'VariableName' && !scope.lookup(inner.k[1].s) && !this.m.funcs.has(inner.k[1].s))
      || inner?.t === 'PointerType') {
      return yield* this.expr(sig(n.k.find((c) => c.t === 'Arguments')!)[0], scope, g);
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
    const [fn, args, spread] = yield* this.callee(n, scope, g);
    if (n.costNs === undefined || !(fn instanceof Builtin || fn instanceof BoundMethod)) return yield* this.call(fn, args, at, g, spread);
    // An os/net call with its own `//interleave:cost` (subset.ts): sysio.ts blocks for that long.
    g.callNs = n.costNs;
    try {
      return yield* this.call(fn, args, at, g, spread);
    } finally {
      g.callNs = undefined;
    }
  }

  *composite(n: GoNode, scope: Scope, g: Goroutine, name: string): Gen<unknown> {
    const type = sig(n)[0];
    const lit = n.k.find((c) => c.t === 'LiteralValue')!;
    const elements = lit.k.filter((c) => c.t === 'Element');
    const at = this.at(n);
    const keyed = function* (this: Expressions, e: GoNode): Gen<[GoNode | undefined, unknown]> {
      const key = e.k.find((c) => c.t === 'Key');
      const valN = sig(e).filter((c) => c.t !== 'Key').pop()!;
      const v = valN.t === 'LiteralValue' ? yield* this.composite({ ...n, k: [elemType(type)!, valN] }, scope, g, name) : yield* this.expr(valN, scope, g);
      return [key, isInPlace(v) ? yield* this.copyOut(v, at, g) : v];
    }.bind(this);
    const structName = type.t === 'TypeName' ? type.s : type.t === 'StructType' ? this.m.anonStructs.get(type) : undefined;
    if (type.t === 'QualifiedType' && elements.length === 0) return yield* this.zero(type, name, at, g, scope); // sync.Mutex{}
    if (structName && this.m.structs.has(structName)) {
      const st = this.m.structs.get(structName)!;
      const init = new Map<string, unknown>();
      for (let i = 0; i < elements.length; i++) {
        const [key, v] = yield* keyed(elements[i]);
        init.set(key ? sig(key)[0].s : st.fields[i].name, v);
      }
      return yield* this.newStruct(structName, type.t === 'TypeName' ? structName : name, at, g, init);
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
