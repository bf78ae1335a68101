/**
 * Where the cursor is in a scenario file, as a YAML key path. Completion runs on
 * half-typed (invalid) YAML, so this is an indentation scan, not a parse: each line is
 * read as a run of `- ` item markers and at most one `key:`, and the ancestors of the
 * cursor are the nearest lines above it whose marker or key starts further left.
 * Flow collections (`{ a: 1 }`) and multi-line scalars are not understood.
 */

/** A key, or `[]` for "an item of this sequence". */
export type PathSegment = string;
export const ITEM: PathSegment = '[]';

export interface CursorContext {
  /** The path of the map or sequence the cursor is in (for a value: the path of its key's map). */
  readonly path: readonly PathSegment[];
  /** `key`: typing a key (or a bare word in a sequence item); `value`: typing the value of `key`. */
  readonly mode: 'key' | 'value';
  /** In `value` mode, the key whose value is typed. */
  readonly key?: string;
  /** Keys already written beside the cursor in the same map (same item). */
  readonly siblings: readonly string[];
  /** True when the cursor follows a `- ` on its own line (a sequence item starts here). */
  readonly inItem: boolean;
  /** Column where the word being typed starts (completion replaces from here to the cursor). */
  readonly wordStart: number;
  /** The word typed so far. */
  readonly word: string;
}

interface LineTokens {
  /** Columns of `- ` markers, left to right. */
  readonly dashes: readonly number[];
  /** The key on this line, if it has one, and its column. */
  readonly key?: { readonly name: string; readonly column: number };
  /** Column of the first token (dash or key or scalar); -1 for a blank or comment line. */
  readonly first: number;
}

const KEY_AT = /^([A-Za-z_][\w.-]*|"[^"]*"|'[^']*')\s*:(\s|$)/;

function unquote(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

/** Reads one line's item markers and key. */
export function tokenize(line: string): LineTokens {
  const dashes: number[] = [];
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  if (i >= line.length || line[i] === '#') return { dashes, first: -1 };
  const first = i;
  while (line[i] === '-' && (i + 1 >= line.length || line[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const match = KEY_AT.exec(line.slice(i));
  return match ? { dashes, key: { name: unquote(match[1]), column: i }, first } : { dashes, first };
}

/**
 * The ancestors of a position at `column` on line `row`: walks up, and every line whose
 * key or `- ` marker starts left of the current column is one level out.
 */
function ancestors(lines: readonly string[], row: number, column: number): PathSegment[] {
  const out: PathSegment[] = [];
  let limit = column;
  for (let r = row - 1; r >= 0 && limit > 0; r--) {
    const tokens = tokenize(lines[r]);
    if (tokens.first < 0) continue;
    const marks: { column: number; segment: PathSegment }[] = tokens.dashes.map((c) => ({ column: c, segment: ITEM }));
    if (tokens.key) marks.push({ column: tokens.key.column, segment: tokens.key.name });
    for (let m = marks.length - 1; m >= 0; m--) {
      if (marks[m].column < limit) {
        out.push(marks[m].segment);
        limit = marks[m].column;
      }
    }
  }
  return out.reverse();
}

/**
 * Keys at exactly `column` in the same map as `row`. Upwards the map ends at a line that
 * starts further left (that line may be this item's own `- key:` line, which counts);
 * downwards it ends at any line further left. `ownDash`: the cursor's line starts a new
 * item, so nothing above belongs to it.
 */
function siblingKeys(lines: readonly string[], row: number, column: number, ownDash: boolean): string[] {
  const keys: string[] = [];
  for (let r = row - 1; r >= 0 && !ownDash; r--) {
    const tokens = tokenize(lines[r]);
    if (tokens.first < 0) continue;
    if (tokens.key?.column === column) keys.push(tokens.key.name);
    if (tokens.first < column) break;
  }
  for (let r = row + 1; r < lines.length; r++) {
    const tokens = tokenize(lines[r]);
    if (tokens.first < 0) continue;
    if (tokens.first < column) break;
    if (tokens.key?.column === column) keys.push(tokens.key.name);
  }
  return keys;
}

/** The context of the cursor at (`row`, `column`), both 0-based. */
export function cursorContext(text: string, row: number, column: number): CursorContext {
  const lines = text.split(/\r?\n/);
  const line = lines[row] ?? '';
  const prefix = line.slice(0, column);
  const tokens = tokenize(prefix);
  const dashes = tokens.dashes;
  const itemPath = dashes.map(() => ITEM);
  const inItem = dashes.length > 0;
  if (tokens.key) {
    // `key: val|`: typing a value.
    const valueStart = tokens.key.column + prefix.slice(tokens.key.column).indexOf(':') + 1;
    const rest = prefix.slice(valueStart);
    const word = rest.trimStart();
    const path = [...ancestors(lines, row, dashes[0] ?? tokens.key.column), ...itemPath];
    return {
      path, mode: 'value', key: tokens.key.name, siblings: siblingKeys(lines, row, tokens.key.column, inItem),
      inItem, wordStart: column - word.length, word,
    };
  }
  // Typing a key (or a bare word): the word runs from the last space or marker to the cursor.
  const wordMatch = /[^\s-][^\s]*$|$/.exec(prefix.slice(tokens.first < 0 ? prefix.length : tokens.first));
  const word = wordMatch?.[0] ?? '';
  const wordStart = column - word.length;
  const path = [...ancestors(lines, row, dashes[0] ?? wordStart), ...itemPath];
  return { path, mode: 'key', siblings: siblingKeys(lines, row, wordStart, inItem), inItem, wordStart, word };
}

/** The key under the cursor and its map's path, for a hover; undefined off a key. */
export function keyAt(text: string, row: number, column: number): { path: PathSegment[]; key: string; start: number; end: number } | undefined {
  const lines = text.split(/\r?\n/);
  const tokens = tokenize(lines[row] ?? '');
  if (!tokens.key) return undefined;
  const start = tokens.key.column;
  const end = start + lines[row].slice(start).indexOf(':');
  if (column < start || column > end) return undefined;
  const path = [...ancestors(lines, row, tokens.dashes[0] ?? start), ...tokens.dashes.map(() => ITEM)];
  return { path, key: tokens.key.name, start, end };
}
