/**
 * What a value has: its fields and methods (`x.f`, `x.M`), with the fields and methods of
 * embedded fields promoted (spec: Selectors), methods of named non-struct types (`type
 * Base int`), and its dynamic type for type assertions and type switches.
 *
 * There is no type checker: a struct value knows its type; a value of a named non-struct
 * type is known by the variable it is declared in (ops.ts `typeCell`), or, reached through
 * an interface, by the one such type that declares the method called.
 */
import type { SourceRange } from '../../core/program';
import { Places } from './places';
import { type Gen, type Goroutine, type Scope, panicAt } from './scope';
import { packageMember } from './stdlib';
import { GoTestingT } from './testing';
import { GoCancelFunc, GoContext } from './context';
import { GoConn, GoFile, GoFileInfo, GoListener, isSysValue } from './sysio';
import type { GoNode } from './syntax';
import {
  BoundMethod, Cell, Duration, GoArray, GoAtomic, GoChan, GoError, GoFunc, GoMap, GoPtr, GoSlice, GoStruct, GoSync, GoTime, GoTimer, formatValue, isInPlace,
} from './values';

const NOT_FOUND = Symbol('not found');

const SYNC_METHODS: Record<string, readonly string[]> = {
  Mutex: ['Lock', 'Unlock', 'TryLock'],
  RWMutex: ['Lock', 'Unlock', 'TryLock', 'RLock', 'RUnlock'],
  WaitGroup: ['Add', 'Done', 'Wait'],
  Once: ['Do'],
  Cond: ['Wait', 'Signal', 'Broadcast'],
};

export abstract class Members extends Places {
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
      const found = yield* this.member(target, base instanceof GoPtr ? base : undefined, name, at, g, callee);
      if (found !== NOT_FOUND) return found;
      throw panicAt(at, `${target.type} has no field or method ${name}`);
    }
    if (target instanceof Duration || target instanceof GoTime || target instanceof GoTimer || target instanceof GoError || target instanceof GoTestingT || target instanceof GoContext
      || isSysValue(target)) return new BoundMethod(target, name);
    if (target instanceof GoSync || target instanceof GoAtomic) {
      if (target instanceof GoSync && target.type === 'Cond' && name === 'L' && !callee) return target.mutex;
      return new BoundMethod(target, name);
    }
    // A value of a named non-struct type: by its variable's declared type, else by the one type with this method.
    const cell = baseN.t === 'VariableName' ? scope.lookup(baseN.s) : undefined;
    const typeName = (base instanceof GoPtr ? base.cell.type : undefined) ?? cell?.type ?? this.onlyNonStructWith(name, at);
    if (typeName) {
      const decl = this.m.methods.get(typeName)?.get(name);
      if (decl) {
        const ptr = base instanceof GoPtr ? base : cell ? new GoPtr(cell) : new GoPtr(new Cell(base, 'value', false, undefined));
        ptr.cell.type ??= typeName;
        return yield* this.bind(decl, typeName, name, ptr, at, g);
      }
    }
    if (base === null) throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
    throw panicAt(at, `${formatValue(base)} has no field or method ${name}`);
  }

  /** The one named non-struct type declaring `name`; more than one cannot be told apart without types. */
  onlyNonStructWith(name: string, at: SourceRange): string | undefined {
    const types = this.m.nonStructMethods.get(name) ?? [];
    if (types.length > 1) {
      throw panicAt(at, `the method ${name} is declared on ${types.join(' and ')}: calling it on a value whose type only the type checker knows `
        + 'is not supported yet (declare the variable with its type)');
    }
    return types[0];
  }

  /**
   * Field or method `name` of a struct, else of its embedded fields, depth first (spec:
   * Selectors: the shallowest depth wins; the subset takes the first in declaration order).
   */
  *member(st: GoStruct, ptr: GoPtr | undefined, name: string, at: SourceRange, g: Goroutine, callee: boolean): Gen<unknown> {
    const cell = st.fields.get(name);
    if (cell) return isInPlace(cell.value) ? cell.value : yield* this.load(cell, at, g);
    const decl = this.m.methods.get(st.type)?.get(name);
    if (decl) return yield* this.bind(decl, st.type, name, ptr ?? new GoPtr(new Cell(st, 'value', false, undefined)), at, g);
    for (const f of this.m.structs.get(st.type)?.fields ?? []) {
      if (!f.embedded) continue;
      const fc = st.fields.get(f.name)!;
      let v = fc.value;
      let inner: GoPtr = new GoPtr(fc);
      if (f.type.t === 'PointerType') {
        v = yield* this.load(fc, at, g);
        if (!(v instanceof GoPtr)) {
          if (this.m.structs.get(f.name)?.fields.some((x) => x.name === name) || this.m.methods.get(f.name)?.has(name)) {
            throw panicAt(at, 'runtime error: invalid memory address or nil pointer dereference');
          }
          continue;
        }
        inner = v;
        v = v.cell.value;
      }
      if (v instanceof GoStruct) {
        const found = yield* this.member(v, inner, name, at, g, callee);
        if (found !== NOT_FOUND) return found;
      } else if (v instanceof GoSync && SYNC_METHODS[v.type]?.includes(name)) {
        return new BoundMethod(v, name);
      } else if (v instanceof GoAtomic && ['Load', 'Store', 'Add', 'Swap', 'CompareAndSwap'].includes(name)) {
        return new BoundMethod(v, name);
      } else {
        // An embedded named non-struct type (`Base`, `*Base`): its methods, on the field.
        const m = this.m.methods.get(f.name)?.get(name);
        if (m && !this.m.structs.has(f.name)) {
          inner.cell.type ??= f.name;
          return yield* this.bind(m, f.name, name, inner, at, g);
        }
      }
    }
    return NOT_FOUND;
  }

  /** A method value: the receiver is bound now (spec: Method values), a copy for a value receiver. */
  *bind(decl: GoNode, typeName: string, name: string, ptr: GoPtr, at: SourceRange, g: Goroutine): Gen<GoFunc> {
    const recvP = decl.k.find((c) => c.t === 'Parameters')!.k.find((c) => c.t === 'Parameter');
    const recvName = recvP?.k.find((c) => c.t === 'DefName')?.s ?? '_';
    const pointerRecv = recvP?.k.some((c) => c.t === 'PointerType') ?? false;
    let recv: unknown = ptr;
    if (!pointerRecv) {
      const v = ptr.cell.value;
      recv = isInPlace(v) ? yield* this.copyOut(v, at, g) : ptr.cell.id === undefined ? v : yield* this.load(ptr.cell, at, g);
    }
    return new GoFunc(decl, this.globals, `${typeName}.${name}`, { name: recvName, value: recv, type: pointerRecv ? undefined : typeName });
  }

  // ---- dynamic types: x.(T) and switch x.(type) ----------------------------------------

  /**
   * Whether `v` (of the variable `cellType` says, if known) has type `t` (spec: Type
   * assertions). Interfaces by their method sets; a named non-struct type by the variable's
   * declared type when known, else by its underlying kind.
   */
  hasType(v: unknown, t: GoNode, cellType: string | undefined): boolean {
    switch (t.t) {
      case 'TypeName': case 'VariableName': {
        const name = t.s;
        if (name === 'nil') return v === null || v === undefined;
        if (v === null || v === undefined) return false;
        if (name === 'any') return true;
        if (name === 'error') return v instanceof GoError || this.methodSet(v, cellType).has('Error');
        const iface = this.m.interfaces.get(name);
        if (iface) {
          const set = this.methodSet(v, cellType);
          return [...iface].every((m) => set.has(m));
        }
        if (v instanceof GoStruct) return v.type === name;
        if (cellType !== undefined) return cellType === name;
        const alias = this.m.aliases.get(name);
        if (alias) return this.hasType(v, alias, undefined);
        switch (name) {
          case 'string': return typeof v === 'string';
          case 'bool': return typeof v === 'boolean';
          case 'float32': case 'float64': return typeof v === 'number';
          default: return /^(u?int(8|16|32|64)?|uintptr|byte|rune)$/.test(name) ? typeof v === 'number' && Number.isInteger(v) : false;
        }
      }
      case 'PointerType': {
        const inner = t.k.find((c) => c.t === 'TypeName');
        return v instanceof GoPtr && (inner ? (v.cell.value instanceof GoStruct ? v.cell.value.type === inner.s : v.cell.type === inner.s || !this.m.structs.has(inner.s)) : true);
      }
      case 'StructType': return v instanceof GoStruct && v.type === this.m.anonStructs.get(t);
      case 'SliceType': return v instanceof GoSlice;
      case 'ArrayType': return v instanceof GoArray;
      case 'MapType': return v instanceof GoMap;
      case 'ChannelType': return v instanceof GoChan;
      case 'FunctionType': return v instanceof GoFunc;
      case 'InterfaceType': return v !== null && v !== undefined;
      case 'QualifiedType': {
        const tn = t.k.find((c) => c.t === 'TypeName')!.s;
        if (tn === 'Duration') return v instanceof Duration;
        if (t.k[0].s === 'context') return tn === 'Context' ? v instanceof GoContext : v instanceof GoCancelFunc;
        if (t.k[0].s === 'os') return tn === 'File' ? v instanceof GoFile : v instanceof GoFileInfo;
        if (t.k[0].s === 'net') return tn === 'Conn' ? v instanceof GoConn : v instanceof GoListener;
        return v instanceof GoSync ? v.type === tn : v instanceof GoAtomic ? v.type === tn : false;
      }
      case 'ParenthesizedType': return this.hasType(v, t.k.find((c) => /^[A-Z]/.test(c.t))!, cellType);
    }
    return false;
  }

  /** Method names of a value's type (a pointer has its struct's pointer and value methods, as the subset does not tell them apart). */
  methodSet(v: unknown, cellType: string | undefined): Set<string> {
    const out = new Set<string>();
    const add = (type: string | undefined): void => {
      if (!type) return;
      for (const k of this.m.methods.get(type)?.keys() ?? []) out.add(k);
      for (const f of this.m.structs.get(type)?.fields ?? []) {
        if (!f.embedded) continue;
        add(f.name);
        if (SYNC_METHODS[f.name]) for (const k of SYNC_METHODS[f.name]) out.add(k);
      }
    };
    const target = v instanceof GoPtr ? v.cell.value : v;
    if (target instanceof GoStruct) add(target.type);
    else add((v instanceof GoPtr ? v.cell.type : undefined) ?? cellType);
    if (v instanceof GoError) out.add('Error');
    return out;
  }

  /** The dynamic type of a value as `%T` prints it, for a failed assertion's panic. */
  typeNameOf(v: unknown, cellType: string | undefined): string {
    if (v === null || v === undefined) return 'nil';
    if (cellType) return `main.${cellType}`;
    if (v instanceof GoStruct) return v.type.startsWith('struct{') ? v.type : `main.${v.type}`;
    if (v instanceof GoPtr) return v.cell.value instanceof GoStruct ? `*main.${v.cell.value.type}` : '*int';
    if (v instanceof GoError) return '*errors.errorString';
    if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
    return typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'value';
  }
}
