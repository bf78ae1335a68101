/**
 * The Go syntax tree, from `@lezer/go` (a maintained Go grammar; no hand-written parser),
 * copied once into plain objects: the interpreter walks them millions of times, and a
 * plain object is cheaper to walk than the parser's cursor. Positions become the core's
 * `SourceRange` (1-based line and column) on demand.
 */
import { parser } from '@lezer/go';
import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from '../../core/program';

/** One node: its grammar name (`CallExpr`, `VariableName`, `:=`), its span and children. */
export interface GoNode {
  readonly t: string;
  readonly from: number;
  readonly to: number;
  readonly k: readonly GoNode[];
  /** The source text of a leaf (names, literals, operators). */
  readonly s: string;
  /** The `//interleave:cost` of the loop this `ForStatement` is (ns per iteration), or of the os/net call this `CallExpr` is (ns it blocks). */
  costNs?: number;
  /** A `/` whose operands are floating-point (model.ts): it does not truncate. */
  float?: boolean;
}

/**
 * Line starts, for offsets → line and column. A package's text (package.ts) holds several
 * files: `segments` say where each starts, and a position is reported in its own file.
 */
export class Positions {
  private readonly starts: number[] = [0];
  constructor(readonly file: string, readonly text: string, private readonly segments: readonly { readonly file: string; readonly offset: number }[] = []) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  range(from: number, to: number): SourceRange {
    const l = this.lineOf(from);
    // A range ends on its first line: the editor underlines one line, as the other front ends do.
    const lineEnd = l + 1 < this.starts.length ? this.starts[l + 1] - 1 : this.text.length;
    const end = Math.max(from + 1, Math.min(to, lineEnd));
    let file = this.file;
    let line = l + 1;
    for (let i = this.segments.length - 1; i >= 0; i--) {
      if (this.segments[i].offset > from) continue;
      file = this.segments[i].file;
      line = l - this.lineOf(this.segments[i].offset) + 1;
      break;
    }
    return { file, line, column: from - this.starts[l] + 1, endLine: line, endColumn: end - this.starts[l] + 1 };
  }

  /** 0-based line of an offset. */
  line0(offset: number): number {
    return this.lineOf(offset);
  }
}

const POSTFIX = new Set(['SelectorExpr', 'IndexExpr', 'SliceExpr', 'CallExpr', 'TypeAssertion']);

/**
 * @lezer/go 1.0.1 binds a selector, index, slice or call looser than a binary or unary
 * operator: `2 * time.Second` parses as `(2 * time).Second`, `<-c.ch` as `(<-c).ch`. Go
 * binds them tighter (spec: Operators, "Primary expressions"), and without parentheses
 * an operator's result is never the operand of a postfix, so the tree is put right:
 * `Postfix(Op(…, R), rest)` becomes `Op(…, Postfix(R, rest))`.
 */
function rebind(n: GoNode): GoNode {
  const x = n.k[0];
  if (!POSTFIX.has(n.t) || !x || (x.t !== 'BinaryExp' && x.t !== 'UnaryExp')) return n;
  const operand = x.k[x.k.length - 1];
  const inner = rebind({ t: n.t, from: operand.from, to: n.to, k: [operand, ...n.k.slice(1)], s: '' });
  return { t: x.t, from: x.from, to: n.to, k: [...x.k.slice(0, -1), inner], s: '' };
}

/**
 * @lezer/go puts an empty error node after `true` or `false` at the end of a line (it
 * inserts no semicolon there); Go's lexer does (spec: Semicolons), so the node is dropped.
 */
function spuriousError(c: SyntaxNode, text: string): boolean {
  return c.type.isError && c.from === c.to && /\b(true|false)[ \t]*(\/\/[^\n]*)?\n\s*$/.test(text.slice(Math.max(0, c.from - 200), c.from));
}

/**
 * @lezer/go has no `for range x { … }` (Go 1.4's range without variables): it gives
 * `for ⚠(range) x { … }`. The spec has it (For statements with range clause), so the
 * error node and the expression become the RangeClause they are.
 */
function rangeWithoutVariables(k: GoNode[]): void {
  const i = k.findIndex((c) => c.t === '⚠' && c.k.length === 1 && c.k[0].t === 'range');
  if (i !== 1 || k[0].t !== 'for' || !k[i + 1] || k[i + 2]?.t !== 'Block') return;
  const range = k[i].k[0];
  const over = k[i + 1];
  k.splice(i, 2, { t: 'RangeClause', from: range.from, to: over.to, k: [range, over], s: '' });
}

function copy(node: SyntaxNode, text: string, offset: number): GoNode {
  const k: GoNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'LineComment' || c.name === 'BlockComment' || spuriousError(c, text)) continue;
    k.push(copy(c, text, offset));
  }
  if (node.name === 'ForStatement') rangeWithoutVariables(k);
  return rebind({ t: node.type.isError ? '⚠' : node.name, from: node.from + offset, to: node.to + offset, k, s: k.length === 0 ? text.slice(node.from, node.to) : '' });
}

/** The copied tree, for tests and tools: names and children only. */
export function shape(n: GoNode): string {
  const kids = n.k.filter(isSig);
  return kids.length === 0 ? n.t : `${n.t}(${kids.map(shape).join(' ')})`;
}

/**
 * Parses Go text; comments are collected separately (for `//interleave:` directives).
 * `offset`: where the text starts in a package's text (package.ts); every position is shifted by it.
 */
export function parseGo(text: string, offset = 0): { root: GoNode; comments: { from: number; text: string }[] } {
  const tree = parser.parse(text);
  const comments: { from: number; text: string }[] = [];
  tree.iterate({
    enter(n) {
      if (n.name === 'LineComment' || n.name === 'BlockComment') comments.push({ from: n.from + offset, text: text.slice(n.from, n.to) });
    },
  });
  return { root: copy(tree.topNode, text, offset), comments };
}

/** Children that carry meaning: names start with a capital letter (keywords and punctuation do not). */
export function sig(n: GoNode): GoNode[] {
  return n.k.filter((c) => isSig(c));
}

export function isSig(n: GoNode): boolean {
  const ch = n.t.charCodeAt(0);
  return (ch >= 65 && ch <= 90) || n.t === '⚠';
}

export function has(n: GoNode, token: string): boolean {
  return n.k.some((c) => c.t === token);
}

export function first(n: GoNode, type: string): GoNode | undefined {
  return n.k.find((c) => c.t === type);
}

export function all(n: GoNode, type: string): GoNode[] {
  return n.k.filter((c) => c.t === type);
}

/** Visits every node below `n` (depth first, `n` included). */
export function walk(n: GoNode, visit: (n: GoNode, parent: GoNode | undefined) => boolean | void, parent?: GoNode): void {
  if (visit(n, parent) === false) return;
  for (const c of n.k) walk(c, visit, n);
}

/** The text of a node, for messages. */
export function textOf(n: GoNode, text: string): string {
  return text.slice(n.from, n.to);
}
