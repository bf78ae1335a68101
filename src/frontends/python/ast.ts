/**
 * The Python subset's syntax tree, converted from @lezer/python's concrete tree (a
 * maintained grammar: no hand-written parser). Every construct outside the subset becomes a
 * positioned `InputError` naming it here, before anything runs, so no statement is ever
 * skipped silently. The tree keeps a `SourceRange` on every node: each op the interpreter
 * yields carries the range of the node that made it.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { InputError } from '../../core/findings';
import type { SourceRange } from '../../core/program';

export type Expr =
  | { k: 'num'; v: number; float: boolean; at: SourceRange }
  | { k: 'str'; v: string; at: SourceRange }
  | { k: 'fstr'; parts: (string | { e: Expr; conv?: string; spec?: string })[]; at: SourceRange }
  | { k: 'const'; v: boolean | null; at: SourceRange }
  | { k: 'name'; id: string; at: SourceRange }
  | { k: 'bin'; op: string; l: Expr; r: Expr; at: SourceRange }
  | { k: 'bool'; op: 'and' | 'or'; l: Expr; r: Expr; at: SourceRange }
  /** A chained comparison `a < b < c`: each operand evaluated once, stopping at the first false. */
  | { k: 'compare'; first: Expr; ops: string[]; rest: Expr[]; at: SourceRange }
  | { k: 'unary'; op: string; e: Expr; at: SourceRange }
  | { k: 'call'; fn: Expr; args: Arg[]; at: SourceRange }
  | { k: 'attr'; obj: Expr; name: string; at: SourceRange }
  | { k: 'sub'; obj: Expr; index: Expr; at: SourceRange }
  | { k: 'slice'; lo?: Expr; hi?: Expr; step?: Expr; at: SourceRange }
  | { k: 'list' | 'tuple' | 'set'; items: Expr[]; at: SourceRange }
  | { k: 'star'; e: Expr; at: SourceRange }
  | { k: 'dict'; entries: [Expr, Expr][]; at: SourceRange }
  | { k: 'comp'; kind: 'list' | 'set' | 'dict' | 'gen'; elt: Expr; value?: Expr; gens: CompFor[]; at: SourceRange }
  | { k: 'lambda'; fn: FuncDef; at: SourceRange }
  | { k: 'ifexp'; cond: Expr; a: Expr; b: Expr; at: SourceRange }
  /** `await e`, only inside an `async def` (asyncio.ts runs it). */
  | { k: 'await'; e: Expr; at: SourceRange };

export interface Arg { kind: 'pos' | 'star' | 'kw' | 'dstar'; name?: string; e: Expr }
export interface CompFor { target: Expr; iter: Expr; ifs: Expr[] }
export interface Param { name: string; kind: 'pos' | 'star' | 'dstar' | 'kwonly'; dflt?: Expr }

export interface FuncDef {
  name: string;
  params: Param[];
  body: Stmt[];
  /** A lambda's body is one expression, returned. */
  expr?: Expr;
  /** `async def`: a call makes a coroutine (asyncio.ts) instead of running the body. */
  async?: boolean;
  /** Names bound in this function (locals), from Python's scoping rules. */
  locals: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  /** Locals some inner function rebinds with `nonlocal`: shared cells, read and written by ops. */
  cells?: Set<string>;
  at: SourceRange;
}

export type Stmt =
  | { k: 'expr'; e: Expr; at: SourceRange }
  | { k: 'assign'; targets: Expr[]; value: Expr; at: SourceRange }
  | { k: 'aug'; target: Expr; op: string; value: Expr; at: SourceRange }
  | { k: 'if'; branches: { cond?: Expr; body: Stmt[] }[]; at: SourceRange }
  | { k: 'while'; cond: Expr; body: Stmt[]; orelse: Stmt[]; at: SourceRange }
  | { k: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; at: SourceRange }
  | { k: 'def'; fn: FuncDef; at: SourceRange }
  | { k: 'class'; name: string; bases: Expr[]; body: Stmt[]; at: SourceRange }
  | { k: 'return'; e?: Expr; at: SourceRange }
  | { k: 'pass' | 'break' | 'continue'; at: SourceRange }
  | { k: 'scope'; kind: 'global' | 'nonlocal'; names: string[]; at: SourceRange }
  | { k: 'import'; names: { module: string; as: string }[]; at: SourceRange }
  | { k: 'from'; module: string; names: { name: string; as: string }[]; at: SourceRange }
  | { k: 'with'; items: { e: Expr; as?: Expr }[]; body: Stmt[]; at: SourceRange; async?: boolean }
  | { k: 'try'; body: Stmt[]; handlers: { type?: Expr; as?: string; body: Stmt[]; at: SourceRange }[]; orelse: Stmt[]; final: Stmt[]; at: SourceRange }
  | { k: 'raise'; e?: Expr; at: SourceRange }
  | { k: 'assert'; e: Expr; msg?: Expr; at: SourceRange }
  | { k: 'del'; targets: Expr[]; at: SourceRange };

export interface Module { body: Stmt[]; top: FuncDef; errors: InputError[] }

const COMPARISONS = new Set(['<', '>', '==', '>=', '<=', '!=', 'in', 'not in', 'is', 'is not']);

/** Expressions written in brackets: `not (a and b)` stays as written. */
const parenthesised = new WeakSet<Expr>();

class Unsupported extends Error {
  constructor(readonly construct: string, readonly node: SyntaxNode, readonly hint?: string) {
    super(construct);
  }
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';', '.', 'Comment']);

/** Text → the subset's tree, or the positioned errors of everything outside it. */
export function parsePython(text: string, file: string): Module {
  const lines: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines.push(i + 1);
  const pos = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - lines[lo] + 1];
  };
  const range = (n: { from: number; to: number }): SourceRange => {
    // A statement's node may end after its newline: keep the range on its own lines.
    let to = n.to;
    while (to > n.from && /\s/.test(text[to - 1])) to--;
    const [line, column] = pos(n.from);
    const [endLine, endColumn] = pos(Math.max(n.from + 1, to));
    return { file, line, column, endLine, endColumn };
  };
  const src = (n: SyntaxNode): string => text.slice(n.from, n.to);
  const errors: InputError[] = [];
  const kids = (n: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
    return out;
  };
  const meaningful = (n: SyntaxNode): SyntaxNode[] => kids(n).filter((c) => !PUNCT.has(c.name));
  const fail = (construct: string, node: SyntaxNode, hint?: string): never => {
    throw new Unsupported(construct, node, hint);
  };
  /** Whether the code being converted is the body of an `async def` (where `await` and `async with` may appear). */
  let inAsync = false;
  const within = <T>(isAsync: boolean, f: () => T): T => {
    const outer = inAsync;
    inAsync = isAsync;
    try { return f(); } finally { inAsync = outer; }
  };
  const awaitExpr = (n: SyntaxNode, operand: SyntaxNode): Expr => {
    // CPython's compiler: SyntaxError "'await' outside async function" (Python/compile.c compiler_visit_expr1).
    if (!inAsync) fail('`await` outside an `async def`', n, 'await only inside an async function; start the coroutine with asyncio.run(main())');
    return { k: 'await', e: expr(operand), at: range(n) };
  };

  // ---------- expressions ----------
  const exprList = (nodes: SyntaxNode[], at: SyntaxNode): Expr => {
    // `a, b` without brackets (assignment sides, for targets, return values).
    const groups: SyntaxNode[][] = [[]];
    for (const c of nodes) {
      if (c.name === ',') groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const items = groups.filter((g) => g.length > 0).map((g) => (g.length === 1 ? expr(g[0]) : fail('this expression', g[0])));
    if (items.length === 1 && !nodes.some((c) => c.name === ',')) return items[0];
    return { k: 'tuple', items, at: range(at) };
  };

  const stringValue = (n: SyntaxNode): string => {
    const raw = src(n);
    const m = /^([rRbBuU]*)('''|"""|'|")([\s\S]*)\2$/.exec(raw);
    if (!m) return fail('this string literal', n);
    if (/[bB]/.test(m[1])) fail('a bytes literal', n);
    if (/[rR]/.test(m[1])) return m[3];
    return unescape(m[3]);
  };

  const fstring = (n: SyntaxNode): Expr => {
    const raw = src(n);
    const m = /^([fFrR]*)('''|"""|'|")/.exec(raw)!;
    const quote = m[2];
    const start = n.from + m[0].length;
    const end = n.to - quote.length;
    const parts: (string | { e: Expr; conv?: string; spec?: string })[] = [];
    let cursor = start;
    const lit = (from: number, to: number) => {
      if (to > from) parts.push(unescape(text.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}')));
    };
    for (const c of kids(n)) {
      if (c.name !== 'FormatReplacement') continue;
      lit(cursor, c.from);
      cursor = c.to;
      let e: Expr | undefined;
      let conv: string | undefined;
      let spec: string | undefined;
      for (const p of kids(c)) {
        if (p.name === '{' || p.name === '}') continue;
        if (p.name === 'FormatConversion') conv = src(p).slice(1);
        else if (p.name === 'FormatSpec') {
          if (kids(p).some((q) => q.name === 'FormatReplacement')) fail('a nested replacement in a format spec', p);
          spec = src(p).slice(1);
        } else if (p.name === 'FormatSelfDoc') fail('the `=` self-documenting f-string form', p);
        else if (!e) e = expr(p);
        else fail('this f-string part', p);
      }
      if (!e) fail('an empty f-string replacement', c);
      parts.push({ e: e!, conv, spec });
    }
    lit(cursor, end);
    return { k: 'fstr', parts, at: range(n) };
  };

  const args = (list: SyntaxNode): Arg[] => {
    const out: Arg[] = [];
    const cs = kids(list).filter((c) => c.name !== '(' && c.name !== ')');
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === ',') continue;
      if (c.name === '*') out.push({ kind: 'star', e: expr(cs[++i]) });
      else if (c.name === '**') out.push({ kind: 'dstar', e: expr(cs[++i]) });
      else if (c.name === 'VariableName' && cs[i + 1]?.name === 'AssignOp') {
        out.push({ kind: 'kw', name: src(c), e: expr(cs[i + 2]) });
        i += 2;
      } else if (c.name === 'for') fail('a generator expression as a bare argument', list, 'put it in brackets: f([x for x in xs])');
      else out.push({ kind: 'pos', e: expr(c) });
    }
    return out;
  };

  const comprehension = (n: SyntaxNode, kind: 'list' | 'set' | 'dict' | 'gen'): Expr => {
    const cs = kids(n).filter((c) => !['[', ']', '{', '}', '(', ')'].includes(c.name));
    let i = 0;
    const head: SyntaxNode[] = [];
    while (i < cs.length && cs[i].name !== 'for') head.push(cs[i++]);
    if (cs[i - 1]?.name === 'async') fail('an async comprehension', n);
    let elt: Expr;
    let value: Expr | undefined;
    if (kind === 'dict') {
      const colon = head.findIndex((c) => c.name === ':');
      elt = expr(head[0]);
      value = expr(head[colon + 1]);
    } else elt = expr(head[0]);
    const gens: CompFor[] = [];
    while (i < cs.length) {
      if (cs[i].name === 'for') {
        i++;
        const tgt: SyntaxNode[] = [];
        while (cs[i].name !== 'in') tgt.push(cs[i++]);
        i++;
        const iter = expr(cs[i++]);
        gens.push({ target: exprList(tgt, cs[i - 1]), iter, ifs: [] });
      } else if (cs[i].name === 'if') {
        gens[gens.length - 1].ifs.push(expr(cs[i + 1]));
        i += 2;
      } else fail(`\`${src(cs[i])}\` in a comprehension`, cs[i]);
    }
    return { k: 'comp', kind, elt, value, gens, at: range(n) };
  };

  const expr = (n: SyntaxNode): Expr => {
    const at = range(n);
    switch (n.name) {
      case 'Number': {
        const t = src(n).replace(/_/g, '');
        if (/[jJ]$/.test(t)) fail('a complex number', n);
        const float = /^[0-9]*\.|e/i.test(t) && !/^0[xob]/i.test(t);
        const v = /^0[ob]/i.test(t) ? parseInt(t.slice(2), /^0b/i.test(t) ? 2 : 8) : Number(t);
        return { k: 'num', v, float, at };
      }
      case 'String': return { k: 'str', v: stringValue(n), at };
      case 'FormatString': return fstring(n);
      case 'ContinuedString': {
        const parts = kids(n).map((c) => (c.name === 'FormatString' ? fstring(c) : { k: 'str' as const, v: stringValue(c), at: range(c) }));
        if (parts.every((p) => p.k === 'str')) return { k: 'str', v: parts.map((p) => (p as { v: string }).v).join(''), at };
        return { k: 'fstr', parts: parts.flatMap((p) => (p.k === 'str' ? [p.v] : p.k === 'fstr' ? p.parts : [])), at };
      }
      case 'Boolean': return { k: 'const', v: src(n) === 'True', at };
      case 'None': return { k: 'const', v: null, at };
      case 'VariableName': return { k: 'name', id: src(n), at };
      case 'ParenthesizedExpression': {
        const inner = meaningful(n);
        if (inner.length !== 1) fail('this parenthesised expression', n);
        const e = expr(inner[0]);
        parenthesised.add(e);
        return e;
      }
      case 'TupleExpression': return { k: 'tuple', items: meaningful(n).map(expr), at };
      case 'ArrayExpression': return { k: 'list', items: meaningful(n).map(expr), at };
      case 'SetExpression': return { k: 'set', items: meaningful(n).map(expr), at };
      case 'DictionaryExpression': {
        const cs = kids(n).filter((c) => c.name !== '{' && c.name !== '}');
        const entries: [Expr, Expr][] = [];
        for (let i = 0; i < cs.length; i++) {
          if (cs[i].name === ',') continue;
          if (cs[i].name === '**') fail('`**` unpacking in a dict display', cs[i]);
          entries.push([expr(cs[i]), expr(cs[i + 2])]);
          i += 2;
        }
        return { k: 'dict', entries, at };
      }
      case 'ArrayComprehensionExpression': return comprehension(n, 'list');
      case 'SetComprehensionExpression': return comprehension(n, 'set');
      case 'DictionaryComprehensionExpression': return comprehension(n, 'dict');
      case 'ComprehensionExpression': return comprehension(n, 'gen');
      case 'CallExpression': {
        const [fn, list] = kids(n);
        return { k: 'call', fn: expr(fn), args: args(list), at };
      }
      case 'MemberExpression': {
        const cs = kids(n);
        const obj = expr(cs[0]);
        if (cs[1].name === '.') return { k: 'attr', obj, name: src(cs[2]), at };
        const inside = cs.slice(2, -1);
        if (inside.some((c) => c.name === ':')) {
          const parts: (Expr | undefined)[] = [undefined];
          for (const c of inside) {
            if (c.name === ':') parts.push(undefined);
            else if (c.name === ',') fail('a multi-dimensional subscript', n);
            else parts[parts.length - 1] = expr(c);
          }
          return { k: 'sub', obj, index: { k: 'slice', lo: parts[0], hi: parts[1], step: parts[2], at: range(cs[1]) }, at };
        }
        return { k: 'sub', obj, index: exprList(inside, n), at };
      }
      case 'UnaryExpression': {
        const [op, e] = kids(n);
        const o = src(op);
        if (o === 'await') return awaitExpr(n, e);
        // @lezer/python reads `not a and b` as `not (a and b)`; Python's grammar binds `not`
        // tighter than `and`/`or` (Grammar/python.gram: inversion), so push it to the left operand.
        const notOf = (x: Expr): Expr =>
          x.k === 'bool' && !parenthesised.has(x) ? { ...x, l: notOf(x.l) } : { k: 'unary', op: 'not', e: x, at: { ...at, endLine: x.at.endLine, endColumn: x.at.endColumn } };
        if (o === 'not') return notOf(expr(e));
        return { k: 'unary', op: o, e: expr(e), at };
      }
      case 'BinaryExpression': {
        const cs = kids(n);
        const l = expr(cs[0]);
        const r = expr(cs[cs.length - 1]);
        const op = cs.slice(1, -1).map(src).join(' ');
        if (op === 'and' || op === 'or') return { k: 'bool', op, l, r, at };
        // `a < b < c` is `a < b and b < c` with b evaluated once (the grammar nests it as `(a < b) < c`).
        const inner = cs[0].name === 'BinaryExpression' ? kids(cs[0]).slice(1, -1).map(src).join(' ') : '';
        if (COMPARISONS.has(op) && COMPARISONS.has(inner)) {
          if (l.k === 'compare') return { k: 'compare', first: l.first, ops: [...l.ops, op], rest: [...l.rest, r], at };
          if (l.k === 'bin') return { k: 'compare', first: l.l, ops: [l.op, op], rest: [l.r, r], at };
        }
        if (op === '@') fail('the `@` matrix operator', n);
        return { k: 'bin', op, l, r, at };
      }
      case 'ConditionalExpression': {
        const cs = meaningful(n).filter((c) => c.name !== 'if' && c.name !== 'else');
        return { k: 'ifexp', a: expr(cs[0]), cond: expr(cs[1]), b: expr(cs[2]), at };
      }
      case 'LambdaExpression': {
        const cs = kids(n);
        const params = cs.find((c) => c.name === 'ParamList');
        const body = cs[cs.length - 1];
        const fn = funcDef('<lambda>', params, [], n);
        fn.expr = within(false, () => expr(body));
        return { k: 'lambda', fn, at };
      }
      case 'Ellipsis': fail('`...` (Ellipsis)', n); break;
      case 'NamedExpression': fail('the `:=` walrus operator', n); break;
      case 'YieldExpression': fail('`yield` (generators)', n, 'return a list instead'); break;
      case 'AwaitExpression': return awaitExpr(n, kids(n)[1]);
    }
    if (n.name === '*') fail('a starred expression here', n);
    if (n.type.isError) return fail('a syntax error', n);
    return fail(`${describeNode(n.name)} (\`${src(n).slice(0, 30)}\`)`, n);
  };

  // ---------- statements ----------
  const body = (n: SyntaxNode | null | undefined): Stmt[] => {
    if (!n) return [];
    const out: Stmt[] = [];
    for (const c of kids(n)) {
      if (c.name === ':') continue;
      statementInto(c, out);
    }
    return out;
  };

  const params = (list: SyntaxNode | undefined): Param[] => {
    if (!list) return [];
    const out: Param[] = [];
    const cs = kids(list).filter((c) => c.name !== '(' && c.name !== ')');
    let kwOnly = false;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.name === ',') continue;
      if (c.name === '*' || c.name === '**') {
        const next = cs[i + 1];
        if (c.name === '*' && (!next || next.name === ',')) { kwOnly = true; continue; }
        out.push({ name: src(next), kind: c.name === '*' ? 'star' : 'dstar' });
        if (c.name === '*') kwOnly = true;
        i++;
        continue;
      }
      if (c.name === '/') continue;
      if (c.name !== 'VariableName') fail(`this parameter (\`${src(c)}\`)`, c);
      const p: Param = { name: src(c), kind: kwOnly ? 'kwonly' : 'pos' };
      let j = i + 1;
      if (cs[j]?.name === 'TypeDef') j++;
      if (cs[j]?.name === 'AssignOp') {
        p.dflt = expr(cs[j + 1]);
        j += 2;
      }
      i = j - 1;
      out.push(p);
    }
    return out;
  };

  const funcDef = (name: string, list: SyntaxNode | undefined, stmts: Stmt[], n: SyntaxNode): FuncDef =>
    ({ name, params: params(list), body: stmts, locals: new Set(), globals: new Set(), nonlocals: new Set(), at: range(n) });

  const statementInto = (n: SyntaxNode, out: Stmt[]): void => {
    try {
      if (n.name === 'StatementGroup') {
        for (const c of kids(n)) if (c.name !== ';') statementInto(c, out);
        return;
      }
      out.push(statement(n));
    } catch (e) {
      if (e instanceof UnsupportedAt) {
        errors.push({ message: `${e.construct} is not in the Python subset Interleave simulates`, hint: 'see src/frontends/python/README.md for the subset', at: e.at });
        return;
      }
      if (!(e instanceof Unsupported)) {
        // The grammar recovered from a syntax error with a tree of unexpected shape.
        if (!errors.some((x) => x.at.line === range(n).line)) errors.push({ message: `syntax error near \`${src(n).split('\n')[0].slice(0, 30)}\``, hint: 'this is not valid Python 3', at: range(n) });
        return;
      }
      const what = e.construct === 'a syntax error' ? 'syntax error' : `${e.construct} is not in the Python subset Interleave simulates`;
      errors.push({
        message: e.construct === 'a syntax error' ? `syntax error near \`${src(e.node).slice(0, 30)}\`` : what,
        hint: e.hint ?? 'see src/frontends/python/README.md for the subset; rewrite this part with what it lists',
        at: range(e.node),
      });
    }
  };

  const statement = (n: SyntaxNode): Stmt => {
    const at = range(n);
    const cs = kids(n);
    switch (n.name) {
      case 'ExpressionStatement': return { k: 'expr', e: expr(cs[0]), at };
      case 'AssignStatement': {
        const sides: SyntaxNode[][] = [[]];
        for (const c of cs) {
          if (c.name === 'AssignOp') sides.push([]);
          else if (c.name !== 'TypeDef') sides[sides.length - 1].push(c);
        }
        if (sides.length === 1) return { k: 'pass', at }; // `x: int` declares only
        const value = exprList(sides.pop()!, n);
        const targets = sides.map((s) => checkTarget(exprList(s, n)));
        return { k: 'assign', targets, value, at };
      }
      case 'UpdateStatement': {
        const op = cs.find((c) => c.name === 'UpdateOp')!;
        return { k: 'aug', target: checkTarget(expr(cs[0])), op: src(op).slice(0, -1), value: expr(cs[cs.length - 1]), at };
      }
      case 'PassStatement': return { k: 'pass', at };
      case 'BreakStatement': return { k: 'break', at };
      case 'ContinueStatement': return { k: 'continue', at };
      case 'ReturnStatement': return { k: 'return', e: cs.length > 1 ? exprList(cs.slice(1), n) : undefined, at };
      case 'IfStatement': {
        const branches: { cond?: Expr; body: Stmt[] }[] = [];
        for (let i = 0; i < cs.length; i++) {
          if (cs[i].name === 'if' || cs[i].name === 'elif') { branches.push({ cond: expr(cs[i + 1]), body: body(cs[i + 2]) }); i += 2; }
          else if (cs[i].name === 'else') { branches.push({ body: body(cs[i + 1]) }); i++; }
        }
        return { k: 'if', branches, at };
      }
      case 'WhileStatement': {
        const bodies = cs.filter((c) => c.name === 'Body');
        return { k: 'while', cond: expr(cs[1]), body: body(bodies[0]), orelse: body(bodies[1]), at };
      }
      case 'ForStatement': {
        if (cs[0].name === 'async') fail('`async for` (asynchronous iterators)', n, 'the asyncio subset has no async iterators: loop over a list and await inside the loop');
        const inAt = cs.findIndex((c) => c.name === 'in');
        const bodies = cs.filter((c) => c.name === 'Body');
        return { k: 'for', target: checkTarget(exprList(cs.slice(1, inAt), n)), iter: exprList(cs.slice(inAt + 1, cs.indexOf(bodies[0])), n), body: body(bodies[0]), orelse: body(bodies[1]), at };
      }
      case 'FunctionDefinition': {
        const isAsync = cs[0].name === 'async';
        const name = cs.find((c) => c.name === 'VariableName')!;
        const fn = funcDef(src(name), cs.find((c) => c.name === 'ParamList'), [], n);
        fn.body = within(isAsync, () => body(cs.find((c) => c.name === 'Body')));
        if (isAsync) fn.async = true;
        return { k: 'def', fn, at };
      }
      case 'ClassDefinition': {
        const name = cs.find((c) => c.name === 'VariableName')!;
        const list = cs.find((c) => c.name === 'ArgList');
        const bases = list ? args(list).map((a) => (a.kind === 'pos' ? a.e : fail('a keyword in a class header (metaclasses)', list))) : [];
        return { k: 'class', name: src(name), bases, body: body(cs.find((c) => c.name === 'Body')), at };
      }
      case 'DecoratedStatement': return fail('a decorator', n);
      case 'YieldStatement': return fail('`yield` (generators)', n, 'return a list instead');
      case 'ScopeStatement': return { k: 'scope', kind: src(cs[0]) === 'global' ? 'global' : 'nonlocal', names: cs.filter((c) => c.name === 'VariableName').map(src), at };
      case 'ImportStatement': {
        if (cs[0].name === 'from') {
          const importAt = cs.findIndex((c) => c.name === 'import');
          const module = cs.slice(1, importAt).map(src).join('');
          if (module.startsWith('.')) fail('a relative import', n);
          const names: { name: string; as: string }[] = [];
          const rest = cs.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
          for (let i = 0; i < rest.length; i++) {
            if (rest[i].name === ',') continue;
            if (rest[i].name === '*') fail('`import *`', n, 'import the names you use');
            const name = src(rest[i]);
            if (rest[i + 1]?.name === 'as') { names.push({ name, as: src(rest[i + 2]) }); i += 2; }
            else names.push({ name, as: name });
          }
          return { k: 'from', module, names, at };
        }
        const names: { module: string; as: string }[] = [];
        let parts: string[] = [];
        for (let i = 1; i <= cs.length; i++) {
          const c = cs[i];
          if (!c || c.name === ',') { if (parts.length) names.push({ module: parts.join('.'), as: parts[0] }); parts = []; continue; }
          if (c.name === '.') continue;
          if (c.name === 'as') { names.push({ module: parts.join('.'), as: src(cs[i + 1]) }); parts = []; i++; continue; }
          parts.push(src(c));
        }
        return { k: 'import', names, at };
      }
      case 'WithStatement': {
        const isAsync = cs[0].name === 'async';
        if (isAsync && !inAsync) fail('`async with` outside an `async def`', n);
        const items: { e: Expr; as?: Expr }[] = [];
        const b = cs.find((c) => c.name === 'Body');
        const head = cs.slice(isAsync ? 2 : 1, cs.indexOf(b!)).filter((c) => c.name !== '(' && c.name !== ')');
        for (let i = 0; i < head.length; i++) {
          if (head[i].name === ',') continue;
          const item: { e: Expr; as?: Expr } = { e: expr(head[i]) };
          if (head[i + 1]?.name === 'as') { item.as = checkTarget(expr(head[i + 2])); i += 2; }
          items.push(item);
        }
        return { k: 'with', items, body: body(b), at, ...(isAsync ? { async: true } : {}) };
      }
      case 'TryStatement': {
        const handlers: { type?: Expr; as?: string; body: Stmt[]; at: SourceRange }[] = [];
        let tryBody: Stmt[] = [];
        let orelse: Stmt[] = [];
        let final: Stmt[] = [];
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i];
          if (c.name === 'try') { tryBody = body(cs[i + 1]); i++; }
          else if (c.name === 'except') {
            let j = i + 1;
            if (cs[j]?.name === '*') fail('`except*` (exception groups)', c);
            const h: { type?: Expr; as?: string; body: Stmt[]; at: SourceRange } = { body: [], at: range(c) };
            if (cs[j].name !== 'Body') { h.type = expr(cs[j]); j++; }
            if (cs[j].name === 'as') { h.as = src(cs[j + 1]); j += 2; }
            h.body = body(cs[j]);
            handlers.push(h);
            i = j;
          } else if (c.name === 'else') { orelse = body(cs[i + 1]); i++; }
          else if (c.name === 'finally') { final = body(cs[i + 1]); i++; }
        }
        return { k: 'try', body: tryBody, handlers, orelse, final, at };
      }
      case 'RaiseStatement': {
        if (cs.some((c) => c.name === 'from')) fail('`raise ... from ...`', n);
        return { k: 'raise', e: cs[1] ? expr(cs[1]) : undefined, at };
      }
      case 'AssertStatement': {
        const es = meaningful(n).slice(1);
        return { k: 'assert', e: expr(es[0]), msg: es[1] ? expr(es[1]) : undefined, at };
      }
      case 'DeleteStatement': return { k: 'del', targets: meaningful(n).slice(1).map((c) => checkTarget(expr(c))), at };
    }
    if (n.type.isError || n.name === '⚠') return fail('a syntax error', n);
    return fail(`${describeNode(n.name)} (\`${src(n).split('\n')[0].slice(0, 30)}\`)`, n);
  };

  const checkTarget = (e: Expr): Expr => {
    if (e.k === 'name' || e.k === 'attr' || e.k === 'sub') return e;
    if (e.k === 'tuple' || e.k === 'list') {
      e.items.forEach(checkTarget);
      return e;
    }
    throw new UnsupportedAt(e.at, 'this assignment target');
  };

  const stmts: Stmt[] = [];
  const tree = parser.parse(text);
  // Syntax errors first: the grammar recovers, so report every error node it made.
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        const node = n.node;
        errors.push({ message: `syntax error near \`${text.slice(node.from, Math.max(node.to, node.from + 1)).split('\n')[0].slice(0, 30) || 'the end of the line'}\``, hint: 'this is not valid Python 3', at: range({ from: node.from, to: Math.max(node.to, node.from + 1) }) });
        return false;
      }
      return undefined;
    },
  });
  for (const c of kids(tree.topNode)) {
    try {
      statementInto(c, stmts);
    } catch (e) {
      if (e instanceof UnsupportedAt) errors.push({ message: `${e.construct} is not in the Python subset Interleave simulates`, hint: 'see src/frontends/python/README.md for the subset', at: e.at });
      else throw e;
    }
  }
  const top: FuncDef = { name: '<module>', params: [], body: stmts, locals: new Set(), globals: new Set(), nonlocals: new Set(), at: range(tree.topNode) };
  return { body: stmts, top, errors };
}

class UnsupportedAt extends Error {
  constructor(readonly at: SourceRange, readonly construct: string) {
    super(construct);
  }
}

/** A grammar node's name in words: `MatchStatement` → "a match statement". */
function describeNode(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|N\{[^}]*\}|\n|.)/g, (_m, c: string) => {
    switch (c[0]) {
      case 'n': return c.length === 1 ? '\n' : c;
      case 't': return '\t';
      case 'r': return '\r';
      case '0': return '\0';
      case '\n': return '';
      case 'x': case 'u': return String.fromCharCode(parseInt(c.slice(1), 16));
      default: return c;
    }
  });
}
