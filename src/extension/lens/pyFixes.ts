/**
 * The obvious fix for a Python file's data race, written in Python (pure: no `vscode`).
 *
 * "Wrap in `with lock:`": each access line of the race (the finding's and the conflicting
 * one) goes into a `with lock:` block at its own indentation, with the file's module-level
 * `threading.Lock()` (or `Lock()` imported from threading), or a new `lock =
 * threading.Lock()` declared after the imports (and `import threading` added when the file
 * has none). A line that opens a block (`for ...:`, `if ...:`) is not wrapped: the race is
 * in its header, and moving the block under a lock is a decision, not an obvious fix.
 *
 * asyncio's race across await (a value read before an `await` and written back after it):
 * "Hold an asyncio.Lock across the await": the statements from the stale read to the
 * write-back go into one `async with lock:` block, with the file's module-level
 * `asyncio.Lock()` or a new one declared after the imports. A threading lock would not help
 * (the tasks share one thread), so that fix is not offered for it. Offered only when both
 * lines are statements of one block (same indentation, nothing shallower between).
 */
import type { DiagnosticView, PlainRange } from './findingView';
import type { FixView, TextEditView } from './fixes';

interface Lines {
  readonly lines: readonly string[];
  readonly eol: string;
}

const LOCK_DECL = /^([A-Za-z_]\w*)\s*=\s*(threading\.)?R?Lock\(\)\s*(#.*)?$/;
const ASYNC_LOCK_DECL = /^([A-Za-z_]\w*)\s*=\s*asyncio\.Lock\(\)\s*(#.*)?$/;

export function pyFixesFor(lines: Lines, view: DiagnosticView, accesses: readonly PlainRange[]): FixView[] {
  if (view.code !== 'data-race' || accesses.length === 0) return [];
  if (/^Race across await\b/.test(view.message)) {
    const fix = asyncLockFix(lines, view);
    return fix ? [fix] : [];
  }
  const fix = withLockFix(lines, accesses);
  return fix ? [fix] : [];
}

function asyncLockFix({ lines, eol }: Lines, view: DiagnosticView): FixView | undefined {
  const back = view.related.find((r) => /writes the stale value back here$/.test(r.message));
  if (!back) return undefined;
  const first = view.range.startLine;
  const last = back.range.endLine;
  if (last < first) return undefined;
  const indentOf = (l: string) => /^\s*/.exec(l)![0];
  const indent = indentOf(lines[first] ?? '');
  if (indentOf(lines[back.range.startLine] ?? '') !== indent || /^\s*(else|elif|except|finally)\b/.test(lines[first])) return undefined;
  for (let i = first; i <= last; i++) {
    const l = lines[i];
    if (l.trim() !== '' && !l.trim().startsWith('#') && indentOf(l).length < indent.length) return undefined;
  }
  const edits: TextEditView[] = [];
  let name = lines.map((l) => ASYNC_LOCK_DECL.exec(l)?.[1]).find((n) => n !== undefined);
  const declared = name !== undefined;
  if (!declared) {
    name = lines.some((l) => /^lock\s*=/.test(l)) ? 'await_lock' : 'lock';
    const lastImport = lines.reduce((last, l, i) => (/^(import|from)\s/.test(l) ? i : last), -1);
    const head = lines.some((l) => /^import\s+asyncio\b/.test(l)) ? '' : `import asyncio${eol}`;
    const where = lastImport >= 0 ? lastImport + 1 : firstCodeLine(lines);
    edits.push({ range: { startLine: where, startCharacter: 0, endLine: where, endCharacter: 0 }, newText: `${head}${name} = asyncio.Lock()${eol}` });
  }
  const unit = indent.includes('\t') ? '\t' : '    ';
  const body = lines.slice(first, last + 1).map((l) => (l.trim() === '' ? l : unit + l));
  edits.push({
    range: { startLine: first, startCharacter: 0, endLine: last, endCharacter: lines[last].length },
    newText: [`${indent}async with ${name}:`, ...body].join(eol),
  });
  return { title: declared ? `Hold \`${name}\` across the await: \`async with ${name}:\`` : `Hold an asyncio.Lock across the await: \`async with ${name}:\` (declares \`${name} = asyncio.Lock()\`)`, edits, preferred: true };
}

function withLockFix({ lines, eol }: Lines, accesses: readonly PlainRange[]): FixView | undefined {
  const targets = [...new Set(accesses.map((r) => r.startLine))].sort((a, b) => a - b);
  for (const line of targets) {
    const text = lines[line] ?? '';
    if (text.trim() === '' || /:\s*(#.*)?$/.test(text) || /^\s*(with|else|elif|except|finally)\b/.test(text)) return undefined;
    // Already under a `with ...lock...:` one level up: the race is elsewhere.
    const indent = /^\s*/.exec(text)![0];
    for (let i = line - 1; i >= 0; i--) {
      const above = lines[i];
      if (above.trim() === '' || above.trim().startsWith('#')) continue;
      const ai = /^\s*/.exec(above)![0];
      if (ai.length < indent.length) {
        if (/^\s*with\s+.*lock.*:\s*$/i.test(above)) return undefined;
        break;
      }
    }
  }
  const edits: TextEditView[] = [];
  let name = lines.map((l) => LOCK_DECL.exec(l)?.[1]).find((n) => n !== undefined);
  const declared = name !== undefined;
  if (!declared) {
    name = 'lock';
    const usesModule = lines.some((l) => /^import\s+threading\b/.test(l));
    const fromImport = lines.some((l) => /^from\s+threading\s+import\b.*\bLock\b/.test(l));
    const lastImport = lines.reduce((last, l, i) => (/^(import|from)\s/.test(l) ? i : last), -1);
    const ctor = usesModule || !fromImport ? 'threading.Lock()' : 'Lock()';
    const head = usesModule || fromImport ? '' : `import threading${eol}`;
    const decl = `${head}${lastImport >= 0 ? eol : ''}${name} = ${ctor}${eol}${lastImport >= 0 ? '' : eol}`;
    const where = lastImport >= 0 ? lastImport + 1 : firstCodeLine(lines);
    edits.push({ range: { startLine: where, startCharacter: 0, endLine: where, endCharacter: 0 }, newText: decl });
  }
  for (const line of targets) {
    const text = lines[line];
    const indent = /^\s*/.exec(text)![0];
    const unit = indent.includes('\t') ? '\t' : '    ';
    edits.push({
      range: { startLine: line, startCharacter: 0, endLine: line, endCharacter: text.length },
      newText: `${indent}with ${name}:${eol}${indent}${unit}${text.slice(indent.length)}`,
    });
  }
  return { title: declared ? `Wrap in \`with ${name}:\`` : `Wrap in \`with ${name}:\` (declares \`${name} = threading.Lock()\`)`, edits, preferred: true };
}

/** After the module's leading comments and docstring: where a declaration can go when there are no imports. */
function firstCodeLine(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && (lines[i].trim() === '' || lines[i].trim().startsWith('#'))) i++;
  return i;
}
