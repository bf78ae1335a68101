/**
 * Positions in the scenario text: every YAML node keeps its offsets, and this turns them
 * into the core's 1-based `SourceRange`, so errors, findings and timeline items point at
 * the exact line and column the person wrote.
 */
import { LineCounter, type Node } from 'yaml';
import type { SourceRange } from '../../core/program';
import type { InputError } from '../../core/findings';

export class ScenarioSource {
  /** Given to the YAML parser; positions are computed from `lineStarts`, which covers the whole text even after a syntax error. */
  readonly lines = new LineCounter();
  readonly errors: InputError[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string, readonly file: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column (in UTF-16 units, as editors count) of an offset. */
  private position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }

  /** The range between two offsets, trailing blanks and newlines trimmed off the end. */
  span(start: number, end: number): SourceRange {
    const len = this.text.length;
    const s = Math.max(0, Math.min(start, len));
    let e = Math.max(s, Math.min(end, len));
    while (e > s && /\s/.test(this.text[e - 1])) e--;
    const a = this.position(s);
    const b = this.position(e);
    return { file: this.file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }

  /** The range of a node; `fallback` when the node has no offsets (an implicit null). */
  range(node: Node | null | undefined, fallback?: SourceRange): SourceRange {
    const r = node?.range;
    if (!r) return fallback ?? this.span(0, 0);
    return this.span(r[0], r[1]);
  }

  /** From the start of `from` to the end of `to` (a key and its value). */
  join(from: Node | null | undefined, to: Node | null | undefined, fallback?: SourceRange): SourceRange {
    const a = from?.range;
    const b = to?.range ?? a;
    if (!a || !b) return fallback ?? this.range(from ?? to);
    return this.span(a[0], Math.max(a[1], b[1]));
  }

  /** Every error says what to do: `hint` is required. */
  error(at: SourceRange, message: string, hint: string): void {
    this.errors.push({ message, hint, at });
  }
}
