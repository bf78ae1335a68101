/**
 * Maps a position in the emitted JavaScript back to the `.sim.ts` file, so an exception
 * thrown by user code names the line a person wrote. Decodes the source map's base64 VLQ
 * `mappings` (Source Map v3) once per compile.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Segment { genCol: number; line: number; col: number }

export class SourceMapIndex {
  private readonly lines: Segment[][] = [];

  constructor(mapJson: string) {
    let mappings: string;
    try { mappings = (JSON.parse(mapJson) as { mappings?: string }).mappings ?? ''; } catch { mappings = ''; }
    let srcLine = 0;
    let srcCol = 0;
    let src = 0;
    for (const lineText of mappings.split(';')) {
      const segs: Segment[] = [];
      let genCol = 0;
      for (const seg of lineText.split(',')) {
        if (seg === '') continue;
        const v = decodeVlq(seg);
        genCol += v[0];
        if (v.length >= 4) {
          src += v[1];
          srcLine += v[2];
          srcCol += v[3];
          segs.push({ genCol, line: srcLine, col: srcCol });
        }
      }
      this.lines.push(segs);
    }
    void src;
  }

  /** 1-based generated line/column → 1-based original line/column (nearest mapping at or before). */
  original(line: number, column: number): { line: number; column: number } | undefined {
    for (let l = line - 1; l >= 0 && l >= line - 5; l--) {
      const segs = this.lines[l];
      if (!segs || segs.length === 0) continue;
      let best: Segment | undefined;
      for (const s of segs) if (l < line - 1 || s.genCol <= column - 1) best = s;
      best ??= segs[0];
      return { line: best.line + 1, column: best.col + 1 };
    }
    return undefined;
  }
}

function decodeVlq(seg: string): number[] {
  const out: number[] = [];
  let shift = 0;
  let value = 0;
  for (const ch of seg) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
