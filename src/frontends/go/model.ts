/**
 * What the compile learns about a Go file before anything runs: its declarations, which
 * locals escape (and so are shared variables the race detector watches), the names of
 * function literals, the loop costs, and the machine settings its calls fix.
 */
import type { ConfigInput, SourceRange } from '../../core/program';
import { type GoNode, Positions, sig, walk } from './syntax';

export interface StructInfo {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: GoNode }[];
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
  /** Imported package path → the name it is used by. */
  readonly imports: Map<string, string>;
  /** Package-level declarations, in source order. */
  readonly globals: GoNode[];
  /** Per function body (declaration or literal): local names captured by a literal or whose address is taken. */
  readonly escaping: Map<GoNode, Set<string>>;
  /** Function literal → a Go-like name (`main.func1`). */
  readonly literalNames: Map<GoNode, string>;
  readonly config: ConfigInput;
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
  walk(root, (c) => {
    if (c.t === 'TypeSpec') {
      const name = c.k.find((x) => x.t === 'DefName')!.s;
      const type = sig(c).find((x) => x.t !== 'DefName');
      if (type?.t === 'StructType') {
        const fields: { name: string; type: GoNode }[] = [];
        const body = type.k.find((x) => x.t === 'StructBody');
        for (const f of body ? body.k.filter((x) => x.t === 'FieldDecl') : []) {
          const t = sig(f).find((x) => x.t !== 'FieldName');
          for (const n of f.k.filter((x) => x.t === 'FieldName')) if (t) fields.push({ name: n.s, type: t });
        }
        structs.set(name, { name, fields });
      } else if (type) aliases.set(name, type);
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
  return {
    pos, root, funcs, methods, structs, aliases, imports, globals, escaping, literalNames,
    config: { runtime: { kind: 'go' } },
    at: (n) => pos.range(n.from, n.to),
  };
}
