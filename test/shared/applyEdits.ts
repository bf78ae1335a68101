import type { TextEditView } from '../../src/extension/lens/fixes';

/** Applies a fix's non-overlapping edits to the text, last position first (as the editor would). */
export function applyEdits(text: string, edits: readonly TextEditView[]): string {
  const lines = text.split('\n');
  const offset = (line: number, ch: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + ch;
  const sorted = [...edits].sort((a, b) => offset(b.range.startLine, b.range.startCharacter) - offset(a.range.startLine, a.range.startCharacter));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.startLine, e.range.startCharacter)) + e.newText + out.slice(offset(e.range.endLine, e.range.endCharacter));
  return out;
}
