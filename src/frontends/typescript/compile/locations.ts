/**
 * Source ranges of the ops a compiled file yields. The compiled code carries only a small
 * integer per site (`__il.X(7, ...)`); the host maps it back to the `SourceRange` here, so
 * nothing the sandbox can touch decides where a step points.
 */
import * as ts from 'typescript';
import type { SourceRange } from '../../../core/program';

export class LocationTable {
  readonly ranges: SourceRange[] = [];
  private readonly byPos = new Map<string, number>();

  constructor(private readonly source: ts.SourceFile, private readonly file: string) {}

  /** 1-based line and column; `endColumn` is exclusive (the LSP end + 1), as program.ts says. */
  rangeOf(node: ts.Node): SourceRange {
    return this.rangeOfSpan(node.getStart(this.source), node.getEnd());
  }

  rangeOfSpan(start: number, end: number): SourceRange {
    const s = this.source.getLineAndCharacterOfPosition(start);
    const e = this.source.getLineAndCharacterOfPosition(end);
    return { file: this.file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }

  /** The index of `node`'s range in the table (one entry per distinct span). */
  indexOf(node: ts.Node): number {
    const start = node.getStart(this.source);
    const key = `${start}:${node.getEnd()}`;
    let i = this.byPos.get(key);
    if (i === undefined) {
      i = this.ranges.length;
      this.ranges.push(this.rangeOf(node));
      this.byPos.set(key, i);
    }
    return i;
  }
}
