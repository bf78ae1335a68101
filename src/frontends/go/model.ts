/**
 * What the compile learns about a Go file before anything runs: its declarations, which
 * locals escape (and so are shared variables the race detector watches), the names of
 * function literals, the loop costs, and the machine settings its calls fix.
 */
import type { ConfigInput, SourceRange } from '../../core/program';
import { type GoNode, Positions, sig, walk } from './syntax';

export interface StructField {
  readonly name: string;
  readonly type: GoNode;
  /** An embedded field (`Base`, `*Base`, `sync.Mutex`): its fields and methods are promoted (spec: Struct types). */
  readonly embedded: boolean;
}

export interface StructInfo {
  readonly name: string;
  readonly fields: readonly StructField[];
}

export interface GoModel {
  readonly pos: Positions;
  readonly root: GoNode;
  readonly funcs: Map<string, GoNode>;
  /** Type name → method name → declaration. */
  readonly methods: Map<string, Map<string, GoNode>>;
  readonly structs: Map<string, StructInfo>;
  /** Named non-struct types (`type Celsius float64`) → their underlying type node. */
  readonly aliases: Map<string, GoNode>;
  /** Interface types by name (`type Writer interface { … }`) → their method names. */
  readonly interfaces: Map<string, Set<string>>;
  /** An anonymous struct type (`struct{}`, `var x struct{ a int }`) → the name its StructInfo is kept under. */
  readonly anonStructs: Map<GoNode, string>;
  /** Method name → the named non-struct types that declare it (a call through an interface finds them here). */
  readonly nonStructMethods: Map<string, string[]>;
  /** Imported package path → the name it is used by. */
  readonly imports: Map<string, string>;
  /** Package-level declarations, in source order. */
  readonly globals: GoNode[];
  /** Per function body (declaration or literal): local names captured by a literal or whose address is taken. */
  readonly escaping: Map<GoNode, Set<string>>;
  /** Function literal → a Go-like name (`main.func1`). */
  readonly literalNames: Map<GoNode, string>;
  readonly config: ConfigInput;
  /**
   * Go 1.22's loop variables, one per iteration (the default), or one per loop when the file
   * says it is older Go with a `//go:build go1.21` (or earlier) line, as the go command does.
   */
  loopVarPerIteration: boolean;
  at(n: GoNode): SourceRange;
}

function identifiers(n: GoNode): Set<string> {
  const out = new Set<string>();
  walk(n, (c) => {
    if (c.t === 'VariableName') out.add(c.s);
  });
  return out;
}

/** Locals of `body` that a function literal inside it mentions, or whose address `&x` is taken. */
function escapingNames(body: GoNode): Set<string> {
  const out = new Set<string>();
  walk(body, (c) => {
    if (c.t === 'FunctionLiteral') {
      for (const name of identifiers(c)) out.add(name);
      return false;
    }
    if (c.t === 'UnaryExp' && c.k[0]?.s === '&') {
      const target = c.k[1];
      if (target?.t === 'VariableName') out.add(target.s);
      // &x.f, &a[i]: fields and elements are shared already.
    }
    return true;
  });
  return out;
}

export function buildModel(root: GoNode, pos: Positions): GoModel {
  const funcs = new Map<string, GoNode>();
  const methods = new Map<string, Map<string, GoNode>>();
  const structs = new Map<string, StructInfo>();
  const aliases = new Map<string, GoNode>();
  const interfaces = new Map<string, Set<string>>();
  const anonStructs = new Map<GoNode, string>();
  const imports = new Map<string, string>();
  const globals: GoNode[] = [];
  const escaping = new Map<GoNode, Set<string>>();
  const literalNames = new Map<GoNode, string>();

  for (const d of sig(root)) {
    if (d.t === 'ImportDecl') {
      walk(d, (c) => {
        if (c.t === 'ImportSpec') {
          const path = JSON.parse(c.k.find((x) => x.t === 'String')?.s ?? '""') as string;
          const alias = c.k.find((x) => x.t === 'DefName')?.s;
          imports.set(path, alias ?? path.split('/').pop()!);
          return false;
        }
        return true;
      });
    } else if (d.t === 'FunctionDecl') {
      funcs.set(d.k.find((c) => c.t === 'DefName')!.s, d);
    } else if (d.t === 'MethodDecl') {
      const recv = sig(d).find((c) => c.t === 'Parameters')!;
      let typeName = '';
      walk(recv, (c) => {
        if (c.t === 'TypeName') typeName = c.s;
      });
      const name = d.k.find((c) => c.t === 'FieldName')!.s;
      if (!methods.has(typeName)) methods.set(typeName, new Map());
      methods.get(typeName)!.set(name, d);
    } else if (d.t === 'VarDecl' || d.t === 'ConstDecl') {
      globals.push(d);
    }
  }
  const structOf = (type: GoNode, name: string): StructInfo => {
    const fields: StructField[] = [];
    const body = type.k.find((x) => x.t === 'StructBody');
    for (const f of body ? body.k.filter((x) => x.t === 'FieldDecl') : []) {
      const names = f.k.filter((x) => x.t === 'FieldName');
      const t = sig(f).find((x) => x.t !== 'FieldName' && x.t !== 'String');
      if (!t) continue;
      if (names.length === 0) {
        // Embedded: `T`, `*T` (a PointerType, or `*` then the name), `pkg.T`; its field name is T.
        const pointer = f.k.some((x) => x.t === '*') || t.t === 'PointerType';
        let typeName = t.s;
        walk(t, (x) => {
          if (x.t === 'TypeName') typeName = x.s;
        });
        const fieldType: GoNode = pointer && t.t !== 'PointerType' ? { t: 'PointerType', from: f.from, to: f.to, k: [f.k.find((x) => x.t === '*')!, t], s: '' } : t;
        fields.push({ name: typeName, type: fieldType, embedded: true });
      }
      for (const n of names) fields.push({ name: n.s, type: t, embedded: false });
    }
    return { name, fields };
  };
  walk(root, (c, parent) => {
    if (c.t === 'TypeSpec') {
      const name = c.k.find((x) => x.t === 'DefName')!.s;
      const type = sig(c).find((x) => x.t !== 'DefName');
      if (type?.t === 'StructType') structs.set(name, structOf(type, name));
      else if (type?.t === 'InterfaceType') {
        const names = new Set<string>();
        walk(type, (x) => {
          if (x.t === 'MethodElem' || x.t === 'MethodSpec') {
            const n = x.k.find((y) => y.t === 'FieldName' || y.t === 'DefName');
            if (n) names.add(n.s);
          }
        });
        // Embedded interfaces (`error`, `io.Writer`-like names of the file): their methods, resolved below.
        const body = type.k.find((x) => x.t === 'InterfaceBody');
        for (const e of body ? body.k.filter((x) => x.t === 'TypeName') : []) names.add(`embed:${e.s}`);
        interfaces.set(name, names);
      } else if (type) aliases.set(name, type);
    } else if (c.t === 'StructType' && parent?.t !== 'TypeSpec') {
      // Identical anonymous struct types are one type (spec: Type identity): named by their text.
      const name = `struct{${pos.text.slice(c.from, c.to).replace(/^struct\s*\{|\}$/g, '').replace(/\s+/g, ' ').trim()}}`;
      anonStructs.set(c, name);
      if (!structs.has(name)) structs.set(name, structOf(c, name));
    }
    if (c.t === 'FunctionDecl' || c.t === 'MethodDecl' || c.t === 'FunctionLiteral') {
      const body = c.k.find((x) => x.t === 'Block');
      if (body) escaping.set(c, escapingNames(body));
    }
    return true;
  });
  // proc.go names a function literal after its enclosing function: main.func1, main.func2.
  for (const d of sig(root)) {
    if (d.t !== 'FunctionDecl' && d.t !== 'MethodDecl') continue;
    const outer = (d.t === 'MethodDecl' ? d.k.find((c) => c.t === 'FieldName') : d.k.find((c) => c.t === 'DefName'))!.s;
    let n = 0;
    walk(d, (c) => {
      if (c.t === 'FunctionLiteral') literalNames.set(c, `${outer}.func${++n}`);
    });
  }
  // `type T2 T1` with T1 a struct type: T2 has T1's fields and none of its methods (spec: Type definitions).
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, type] of aliases) {
      const under = type.t === 'TypeName' ? structs.get(type.s) : undefined;
      if (!under) continue;
      structs.set(name, { name, fields: under.fields });
      aliases.delete(name);
      changed = true;
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const names of interfaces.values()) {
      for (const n of [...names]) {
        if (!n.startsWith('embed:')) continue;
        names.delete(n);
        const inner = n.slice(6);
        for (const x of inner === 'error' ? ['Error'] : interfaces.get(inner) ?? []) names.add(x);
        changed = true;
      }
    }
  }
  const nonStructMethods = new Map<string, string[]>();
  for (const [typeName, byName] of methods) {
    if (structs.has(typeName)) continue;
    for (const name of byName.keys()) nonStructMethods.set(name, [...(nonStructMethods.get(name) ?? []), typeName]);
  }
  markFloatDivisions(root);
  return {
    pos, root, funcs, methods, structs, aliases, interfaces, anonStructs, nonStructMethods, imports, globals, escaping, literalNames,
    config: { runtime: { kind: 'go' } },
    loopVarPerIteration: true,
    at: (n) => pos.range(n.from, n.to),
  };
}

const FLOAT_TYPE = /^(float32|float64)$/;

/**
 * Numbers are JavaScript numbers, so `7 / 2` cannot tell int from float by its value. Go
 * decides by type; without a type checker, a `/` is a float division when an operand is a
 * float literal, a float conversion, or a name (variable, parameter or field) the file
 * declares as a float anywhere. Every other `/` of whole numbers truncates, as int does.
 */
function markFloatDivisions(root: GoNode): void {
  const floatNames = new Set<string>();
  const isFloat = (e: GoNode | undefined): boolean => {
    if (!e) return false;
    switch (e.t) {
      case 'Number': return /^[0-9_]*\.|^[0-9_]+[eE]/.test(e.s) && !/^0[xX]/.test(e.s);
      case 'VariableName': return floatNames.has(e.s);
      case 'SelectorExpr': return floatNames.has(e.k.find((c) => c.t === 'FieldName')?.s ?? '');
      case 'CallExpr': return e.k[0].t === 'VariableName' && FLOAT_TYPE.test(e.k[0].s);
      case 'ParenthesizedExpr': case 'UnaryExp': return isFloat(sig(e)[sig(e).length - 1]);
      case 'BinaryExp': return isFloat(e.k[0]) || isFloat(e.k[2]);
      default: return false;
    }
  };
  // Declarations with a float type, or initialised from a float expression (two passes reach `y := x * 2`).
  for (let pass = 0; pass < 2; pass++) {
    walk(root, (n) => {
      if (n.t === 'Parameter' || n.t === 'VarSpec' || n.t === 'FieldDecl' || n.t === 'VarDecl') {
        const names = n.k.filter((c) => c.t === 'DefName' || c.t === 'FieldName');
        const type = n.k.find((c) => c.t === 'TypeName');
        const values = n.k.slice(n.k.findIndex((c) => c.t === '=' || c.t === ':=') + 1).filter((c) => /^[A-Z]/.test(c.t));
        names.forEach((d, i) => {
          if ((type && FLOAT_TYPE.test(type.s)) || (n.k.some((c) => c.t === '=' || c.t === ':=') && isFloat(values[i]))) floatNames.add(d.s);
        });
      }
    });
  }
  walk(root, (n) => {
    if (n.t === 'BinaryExp' && n.k[1]?.s === '/' && (isFloat(n.k[0]) || isFloat(n.k[2]))) n.float = true;
    if (n.t === 'Assignment' && n.k.some((c) => c.s === '/=') && isFloat(n.k[0])) n.float = true;
  });
}
