/**
 * The obvious fix for a finding, as text edits (pure: no `vscode`, so vitest checks it).
 *
 * Scenarios (`*.scenario.yaml`), for a data race:
 * - "Use an atomic": every plain access of the race becomes its atomic form
 *   (`x.incr` → `x.atomic_add: 1`, `x.read` → `x.atomic_load`, `x.write: V` → `x.atomic_store: V`).
 * - "Wrap in a mutex": `- mu.lock` before and `- mu.unlock` after each access line, with
 *   the file's mutex, or a new `mu: mutex` declared in `sync`.
 * Both edit *both* accesses of the race (the finding's and the related "conflicting" one):
 * guarding only one side would leave the race.
 * Scenarios, for a WaitGroup counter that went negative (`wg.done` with no `wg.add`):
 * `- wg.add: N` before each `go:` of that task, N its `count`.
 * `.sim.ts`, for a data race on a statement of its own line (`counter++;`): `mu.lock();
 * counter++; mu.unlock();` with the `Mutex` declared before it in an enclosing block, or,
 * when there is none, a new one (`counterMu`) declared beside the variable and imported.
 * (An atomic rewrite of a `.sim.ts` variable would change its declaration and every use,
 * which is not obvious, so none is offered.)
 * Go (`*.go`): goFixes.ts (a mutex wrap, `atomic.AddInt64`, `wg.Add` moved before `go`).
 * Python (`*.py`): pyFixes.ts (`with lock:` around each access of the race; `async with` an
 * asyncio.Lock for a race across await). A `.sim.ts` race across await: asyncFixes.ts (an async mutex).
 */
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import type { DiagnosticView, PlainRange } from './findingView';
import { asyncMutexFix } from './asyncFixes';
import { goFixesFor } from './goFixes';
import { pyFixesFor } from './pyFixes';

export interface TextEditView {
  readonly range: PlainRange;
  readonly newText: string;
}

export interface FixView {
  readonly title: string;
  readonly edits: readonly TextEditView[];
  /** The one to apply with "Fix all" / the preferred quick fix. */
  readonly preferred?: boolean;
}

/** A front end's id (`scenario`, `typescript`, …): the fixes are written per kind of file. */
export type FileKind = string;

interface Lines {
  readonly lines: readonly string[];
  readonly eol: string;
}

function splitLines(text: string): Lines {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { lines: text.split(/\r?\n/), eol };
}

function at(line: number, character: number): PlainRange {
  return { startLine: line, startCharacter: character, endLine: line, endCharacter: character };
}

/** The finding's access and the race's other access in this file, one per distinct range. */
function raceAccesses(view: DiagnosticView, file: string): PlainRange[] {
  const ranges = [view.range, ...view.related.filter((r) => r.file === file && /^conflicting /.test(r.message)).map((r) => r.range)];
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const key = `${r.startLine}:${r.startCharacter}`;
    if (seen.has(key) || r.startLine !== r.endLine) return false;
    seen.add(key);
    return true;
  });
}

export function fixesFor(text: string, kind: FileKind, view: DiagnosticView, file: string): FixView[] {
  const lines = splitLines(text);
  if (kind === 'scenario') {
    if (view.code === 'data-race') return [atomicFix(lines, raceAccesses(view, file)), mutexWrapFix(text, lines, raceAccesses(view, file))].filter(isFix);
    if (view.code === 'misuse') return [waitGroupAddFix(text, lines, view)].filter(isFix);
    return [];
  }
  // A race across await (an async file): an async mutex (asyncFixes.ts); a Mutex would block the loop's one thread.
  if (kind === 'typescript' && view.code === 'data-race' && /^Race across await\b/.test(view.message)) return [asyncMutexFix(lines, view)].filter(isFix);
  if (kind === 'typescript' && view.code === 'data-race') return [simMutexWrapFix(lines, raceAccesses(view, file))].filter(isFix);
  if (kind === 'go') return goFixesFor(lines, view, file, raceAccesses(view, file));
  if (kind === 'python') return pyFixesFor(lines, view, raceAccesses(view, file));
  return [];
}

function isFix(fix: FixView | undefined): fix is FixView {
  return fix !== undefined;
}

// ---------------------------------------------------------------- scenarios

const VAR_STEP = /^([A-Za-z_][\w]*)\.(incr|read|write|atomic_add|atomic_load|atomic_store)\b\s*(?::\s*(.*?))?\s*$/;

/** The step text from the range start to the end of its line, comments dropped. */
function stepText(lines: Lines, r: PlainRange): { text: string; end: number } {
  const line = lines.lines[r.startLine] ?? '';
  const rest = line.slice(r.startCharacter).replace(/\s+#.*$/, '');
  const trimmed = rest.replace(/[\s,\]}]+$/, '');
  return { text: trimmed, end: r.startCharacter + trimmed.length };
}

function atomicFix(lines: Lines, accesses: readonly PlainRange[]): FixView | undefined {
  const edits: TextEditView[] = [];
  let example = '';
  for (const r of accesses) {
    const { text, end } = stepText(lines, r);
    const m = VAR_STEP.exec(text);
    if (!m) return undefined;
    const [, v, action, value] = m;
    let atomic: string;
    if (action === 'incr') atomic = `${v}.atomic_add: 1`;
    else if (action === 'read') atomic = `${v}.atomic_load`;
    else if (action === 'write' && value !== undefined && value !== '') atomic = `${v}.atomic_store: ${value}`;
    else if (action.startsWith('atomic_')) continue;
    else return undefined;
    example ||= atomic;
    edits.push({ range: { startLine: r.startLine, startCharacter: r.startCharacter, endLine: r.startLine, endCharacter: end }, newText: atomic });
  }
  if (edits.length === 0) return undefined;
  return { title: `Use an atomic: \`${example}\``, edits, preferred: true };
}

/** The mutexes declared in `sync`, and the names already taken at the top level. */
function syncSection(text: string): { mutexes: string[]; taken: Set<string>; sync?: { flow: boolean; firstKeyOffset?: number; offset: number; end: number }; tasksOffset?: number } {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const taken = new Set<string>();
  const mutexes: string[] = [];
  let sync: { flow: boolean; firstKeyOffset?: number; offset: number; end: number } | undefined;
  let tasksOffset: number | undefined;
  const root = doc.contents;
  if (!isMap(root)) return { mutexes, taken };
  for (const pair of root.items as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    if (key === 'tasks') tasksOffset = pair.key.range?.[0];
    if ((key === 'vars' || key === 'sync' || key === 'tasks') && isMap(pair.value)) {
      for (const item of pair.value.items as Pair[]) if (isScalar(item.key)) taken.add(String(item.key.value));
    }
    if (key === 'sync' && isMap(pair.value)) {
      const map = pair.value;
      const first = (map.items as Pair[])[0];
      sync = { flow: Boolean(map.flow), firstKeyOffset: isScalar(first?.key) ? first.key.range?.[0] : undefined, offset: map.range?.[0] ?? 0, end: map.range?.[1] ?? 0 };
      for (const item of map.items as Pair[]) {
        if (isScalar(item.key) && isScalar(item.value) && item.value.value === 'mutex') mutexes.push(String(item.key.value));
      }
    }
  }
  return { mutexes, taken, sync, tasksOffset };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The edit that declares `name: mutex` in `sync` (creating `sync` before `tasks` if absent). */
function declareMutex(text: string, lines: Lines, name: string, section: ReturnType<typeof syncSection>): TextEditView | undefined {
  const { sync } = section;
  if (sync) {
    if (sync.firstKeyOffset === undefined) {
      // An empty map (`sync: {}`): replace it.
      const from = positionOf(text, sync.offset);
      const to = positionOf(text, sync.end);
      return { range: { startLine: from.line, startCharacter: from.character, endLine: to.line, endCharacter: to.character }, newText: `{ ${name}: mutex }` };
    }
    const p = positionOf(text, sync.firstKeyOffset);
    const newText = sync.flow ? `${name}: mutex, ` : `${name}: mutex${lines.eol}${' '.repeat(p.character)}`;
    return { range: at(p.line, p.character), newText };
  }
  if (section.tasksOffset === undefined) return undefined;
  const p = positionOf(text, section.tasksOffset);
  return { range: at(p.line, 0), newText: `sync:${lines.eol}  ${name}: mutex${lines.eol}` };
}

function freshName(taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'mu' : `mu${i}`;
    if (!taken.has(name)) return name;
  }
}

function mutexWrapFix(text: string, lines: Lines, accesses: readonly PlainRange[]): FixView | undefined {
  if (accesses.length === 0) return undefined;
  const stepLines = new Map<number, string>();
  for (const r of accesses) {
    const line = lines.lines[r.startLine] ?? '';
    const prefix = line.slice(0, r.startCharacter);
    // Only a step on its own block-sequence line (`    - counter.incr`) can be wrapped by inserting lines.
    if (!/^\s*-\s+$/.test(prefix)) return undefined;
    if (!/^\s*(#.*)?$/.test(line.slice(stepText(lines, r).end))) return undefined;
    stepLines.set(r.startLine, prefix);
  }
  let section: ReturnType<typeof syncSection>;
  try {
    section = syncSection(text);
  } catch {
    return undefined;
  }
  const existing = section.mutexes[0];
  const name = existing ?? freshName(section.taken);
  const edits: TextEditView[] = [];
  if (!existing) {
    const declare = declareMutex(text, lines, name, section);
    if (!declare) return undefined;
    edits.push(declare);
  }
  for (const [line, prefix] of [...stepLines].sort((a, b) => a[0] - b[0])) {
    edits.push({ range: at(line, 0), newText: `${prefix}${name}.lock${lines.eol}` });
    const end = lines.lines[line].length;
    edits.push({ range: at(line, end), newText: `${lines.eol}${prefix}${name}.unlock` });
  }
  return { title: `Wrap in \`${name}.lock\` / \`${name}.unlock\`${existing ? '' : ` (declares \`${name}: mutex\`)`}`, edits };
}

/** The task (a key under `tasks:`) whose block holds a 0-based line, from indentation. */
function taskOfLine(lines: Lines, line: number): string | undefined {
  const tasksLine = lines.lines.findIndex((l) => /^tasks:\s*(#.*)?$/.test(l));
  if (tasksLine < 0 || line <= tasksLine) return undefined;
  for (let i = line; i > tasksLine; i--) {
    const m = /^( {1,8})([A-Za-z_][\w-]*):\s*(#.*)?$/.exec(lines.lines[i]);
    if (m && i < line) return m[2];
    if (/^\S/.test(lines.lines[i])) return undefined;
  }
  return undefined;
}

/** `wg.done` made the counter negative: no `wg.add` covered the task; add one before each `go:` of it. */
function waitGroupAddFix(text: string, lines: Lines, view: DiagnosticView): FixView | undefined {
  const step = /^([A-Za-z_]\w*)\.done\b/.exec(stepText(lines, view.range).text);
  if (!step || !/WaitGroup|counter/i.test(view.message)) return undefined;
  const wg = step[1];
  if (new RegExp(`^\\s*-\\s+${wg}\\.add\\b`, 'm').test(text)) return undefined;
  const task = taskOfLine(lines, view.range.startLine);
  if (!task) return undefined;
  const edits: TextEditView[] = [];
  lines.lines.forEach((line, i) => {
    const m = /^(\s*-\s+)(?:go|spawn):\s*([A-Za-z_][\w-]*)\s*(#.*)?$/.exec(line);
    if (!m || m[2] !== task) return;
    const indent = m[1];
    const childIndent = ' '.repeat(indent.length);
    let count = 1;
    for (let j = i + 1; j < lines.lines.length && lines.lines[j].startsWith(childIndent) && !/^\s*-/.test(lines.lines[j]); j++) {
      const c = /^\s*count:\s*(\d+)/.exec(lines.lines[j]);
      if (c) count = Number(c[1]);
    }
    edits.push({ range: at(i, 0), newText: `${indent}${wg}.add: ${count}${lines.eol}` });
  });
  if (edits.length === 0) return undefined;
  return { title: `Add the missing \`${wg}.add\` before \`go: ${task}\``, edits, preferred: true };
}

// ---------------------------------------------------------------- .sim.ts

const MUTEX_DECL = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*Mutex\s*)?=\s*new\s+Mutex\s*\(/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

/** The nearest `new Mutex()` declared above `line` in a block that encloses it (by indentation). */
function mutexInScope(lines: Lines, line: number): string | undefined {
  let limit = indentOf(lines.lines[line] ?? '');
  for (let i = line - 1; i >= 0; i--) {
    const text = lines.lines[i];
    if (text.trim() === '') continue;
    const indent = indentOf(text);
    if (indent < limit) limit = indent;
    if (indent > limit) continue;
    const m = MUTEX_DECL.exec(text);
    if (m) return m[1];
  }
  return undefined;
}

function simMutexWrapFix(lines: Lines, accesses: readonly PlainRange[]): FixView | undefined {
  if (accesses.length === 0) return undefined;
  const byLine = new Map<number, PlainRange>();
  for (const r of accesses) if (!byLine.has(r.startLine)) byLine.set(r.startLine, r);
  const sorted = [...byLine].sort((a, b) => a[0] - b[0]);
  const inScope = sorted.map(([line]) => mutexInScope(lines, line));
  // The Mutex every access can see; with none in scope, a new one declared beside the variable.
  const declared = inScope.every((m) => m !== undefined && m === inScope[0]) ? inScope[0] : undefined;
  const fresh = declared === undefined && inScope.every((m) => m === undefined) ? newMutexFor(lines, sorted[0][1]) : undefined;
  const name = declared ?? fresh?.name;
  if (name === undefined) return undefined;
  const edits: TextEditView[] = [...(fresh?.edits ?? [])];
  for (const [line, r] of sorted) {
    const text = lines.lines[line] ?? '';
    if (text.slice(0, r.startCharacter).trim() !== '') return undefined;
    const after = text.slice(r.endCharacter);
    const m = /^(\s*)(;?)\s*(\/\/.*)?$/.exec(after);
    if (!m) return undefined;
    edits.push({ range: at(line, r.startCharacter), newText: `${name}.lock(); ` });
    const semicolonEnd = r.endCharacter + m[1].length + m[2].length;
    edits.push({ range: at(line, semicolonEnd), newText: m[2] ? ` ${name}.unlock();` : `; ${name}.unlock();` });
  }
  const title = fresh ? `Wrap in a new Mutex \`${name}\` (declared beside \`${fresh.variable}\`)` : `Wrap in \`${name}.lock()\` / \`${name}.unlock()\``;
  return { title, edits, preferred: true };
}

const INTERLEAVE_IMPORT = /^(\s*import\s*\{)([^}]*)(\}\s*from\s*["']interleave["'])/;

/**
 * `const hitsMu = new Mutex();` on the line after the racing variable's declaration (the
 * nearest `let`/`var`/`const` of it above the access, so the new Mutex is in scope wherever the
 * variable is), and `Mutex` added to the file's `import { … } from "interleave"`.
 */
function newMutexFor(lines: Lines, access: PlainRange): { name: string; variable: string; edits: TextEditView[] } | undefined {
  const accessText = (lines.lines[access.startLine] ?? '').slice(access.startCharacter, access.endCharacter);
  const variable = /^[A-Za-z_$][\w$]*/.exec(accessText)?.[0];
  if (variable === undefined) return undefined;
  const decl = new RegExp(`^(\\s*)(?:export\\s+)?(?:let|var|const)\\s+${variable.replace(/\$/g, '\\$')}\\b`);
  let declLine = -1;
  for (let i = access.startLine; i >= 0 && declLine < 0; i--) if (decl.test(lines.lines[i])) declLine = i;
  const importLine = lines.lines.findIndex((l) => INTERLEAVE_IMPORT.test(l));
  if (declLine < 0 || importLine < 0) return undefined;
  const taken = new Set(lines.lines.join('\n').match(/[A-Za-z_$][\w$]*/g));
  let name = `${variable}Mu`;
  for (let n = 2; taken.has(name); n++) name = `${variable}Mu${n}`;
  const edits: TextEditView[] = [];
  const imp = INTERLEAVE_IMPORT.exec(lines.lines[importLine])!;
  const names = imp[2].split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (!names.includes('Mutex')) {
    const start = imp[1].length;
    edits.push({ range: { startLine: importLine, startCharacter: start, endLine: importLine, endCharacter: start + imp[2].length },
      newText: ` ${[...names, 'Mutex'].join(', ')} ` });
  }
  const indent = decl.exec(lines.lines[declLine])![1];
  edits.push({ range: at(declLine, lines.lines[declLine].length), newText: `${lines.eol}${indent}const ${name} = new Mutex();` });
  return { name, variable, edits };
}
