/**
 * The obvious fix for a Python file's data race, written in Python (pure: no `vscode`).
 *
 * "Wrap in `with lock:`": each access line of the race (the finding's and the conflicting
 * one) goes into a `with lock:` block at its own indentation, with the file's module-level
 * `threading.Lock()` (or `Lock()` imported from threading), or a new `lock =
 * threading.Lock()` declared after the imports (and `import threading` added when the file
 * has none). A line that opens a block (`for ...:`, `if ...:`) is not wrapped: the race is
 * in its header, and moving the block under a lock is a decision, not an obvious fix.
 */
import type { DiagnosticView, PlainRange } from './findingView';
import type { FixView, TextEditView } from './fixes';

interface Lines {
  readonly lines: readonly string[];
  readonly eol: string;
}

const LOCK_DECL = /^([A-Za-z_]\w*)\s*=\s*(threading\.)?R?Lock\(\)\s*(#.*)?$/;

export function pyFixesFor(lines: Lines, view: DiagnosticView, accesses: readonly PlainRange[]): FixView[] {
  if (view.code !== 'data-race' || accesses.length === 0) return [];
  const fix = withLockFix(lines, accesses);
  return fix ? [fix] : [];
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
