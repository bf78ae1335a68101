/**
 * Positions in the scenario text: every YAML node keeps its offsets, and this turns them
 * into the core's 1-based `SourceRange`, so errors, findings and timeline items point at
 * the exact line and column the person wrote.
 */
import { LineCounter, type Node } from 'yaml';
import type { SourceRange } from '../../core/program';
import type { InputError } from '../../core/findings';

export class ScenarioSource {
  readonly lines = new LineCounter();
  readonly errors: InputError[] = [];

  constructor(readonly text: string, readonly file: string) {}

  /** The range between two offsets, trailing blanks and newlines trimmed off the end. */
  span(start: number, end: number): SourceRange {
    const len = this.text.length;
    let s = Math.max(0, Math.min(start, len));
    let e = Math.max(s, Math.min(end, len));
    while (e > s && /\s/.test(this.text[e - 1])) e--;
    if (s === len && len > 0 && e === s) s = e = len;
    const a = this.lines.linePos(s);
    const b = this.lines.linePos(e);
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

  error(at: SourceRange, message: string, hint?: string): void {
    this.errors.push(hint ? { message, hint, at } : { message, at });
  }
}
