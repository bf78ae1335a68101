/**
 * Conditional breakpoints on simulation state: `counter > 3`, `P0.runq > 2`,
 * `G3.state == "blocked"`, `a + b >= 10 && !done`. A small recursive-descent evaluator:
 * user text is never passed to `eval`, so a condition cannot run code.
 */
import type { Inspectable } from './timeline';

export type Scope = (path: readonly string[]) => Inspectable;

type Token = { kind: 'num' | 'str' | 'id' | 'op'; text: string };

const OPERATORS = ['&&', '||', '==', '!=', '>=', '<=', '===', '!==', '>', '<', '+', '-', '*', '/', '%', '!', '(', ')', '.', '[', ']'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'num', text: m[0] }); i += m[0].length; continue;
    }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string at column ${i + 1}`);
      tokens.push({ kind: 'str', text: text.slice(i + 1, end) }); i = end + 1; continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$#]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'id', text: m[0] }); i += m[0].length; continue;
    }
    const op = OPERATORS.filter((o) => text.startsWith(o, i)).sort((a, b) => b.length - a.length)[0];
    if (!op) throw new Error(`unexpected '${c}' at column ${i + 1}`);
    tokens.push({ kind: 'op', text: op }); i += op.length;
  }
  return tokens;
}

/** Parses once; the returned function evaluates against any scope. Throws on bad syntax. */
export function compileCondition(text: string): (scope: Scope) => boolean {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (op?: string) => {
    const t = tokens[pos];
    if (!t || (op !== undefined && t.text !== op)) throw new Error(`expected ${op ?? 'a value'} in condition \`${text}\``);
    pos++;
    return t;
  };
  type Node = (s: Scope) => unknown;
  const binary = (next: () => Node, ops: string[], apply: (op: string, a: unknown, b: unknown) => unknown): (() => Node) => () => {
    let left = next();
    while (peek()?.kind === 'op' && ops.includes(peek().text)) {
      const op = take().text;
      const right = next();
      const l = left;
      left = (s) => apply(op, l(s), right(s));
    }
    return left;
  };
  const primary = (): Node => {
    const t = take();
    if (t.kind === 'num') { const v = Number(t.text); return () => v; }
    if (t.kind === 'str') return () => t.text;
    if (t.kind === 'op' && t.text === '(') { const e = or(); take(')'); return e; }
    if (t.kind === 'op' && t.text === '!') { const e = primary(); return (s) => !e(s); }
    if (t.kind === 'op' && t.text === '-') { const e = primary(); return (s) => -(e(s) as number); }
    if (t.kind === 'id') {
      if (t.text === 'true' || t.text === 'false') { const v = t.text === 'true'; return () => v; }
      const path = [t.text];
      while (peek()?.text === '.' || peek()?.text === '[') {
        if (take().text === '.') path.push(take().text);
        else { path.push(take().text); take(']'); }
      }
      return (s) => s(path);
    }
    throw new Error(`unexpected '${t.text}' in condition \`${text}\``);
  };
  const num = (v: unknown) => (Array.isArray(v) ? v.length : (v as number));
  const mul = binary(primary, ['*', '/', '%'], (op, a, b) => op === '*' ? num(a) * num(b) : op === '/' ? num(a) / num(b) : num(a) % num(b));
  const add = binary(mul, ['+', '-'], (op, a, b) => op === '+' ? num(a) + num(b) : num(a) - num(b));
  const cmp = binary(add, ['>', '<', '>=', '<=', '==', '!=', '===', '!=='], (op, a, b) => {
    switch (op) {
      case '>': return num(a) > num(b);
      case '<': return num(a) < num(b);
      case '>=': return num(a) >= num(b);
      case '<=': return num(a) <= num(b);
      case '==': case '===': return String(a) === String(b);
      default: return String(a) !== String(b);
    }
  });
  const and = binary(cmp, ['&&'], (_op, a, b) => Boolean(a) && Boolean(b));
  const or = binary(and, ['||'], (_op, a, b) => Boolean(a) || Boolean(b));
  const root = or();
  if (pos !== tokens.length) throw new Error(`unexpected '${tokens[pos].text}' in condition \`${text}\``);
  return (scope) => Boolean(root(scope));
}
