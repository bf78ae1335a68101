/**
 * The obvious fixes for a Go file's findings, written in Go (pure: no `vscode`).
 *
 * A data race on a statement of its own line (`count++`, `total += n`, `hits = 0`):
 * - "Wrap in `mu.Lock()` / `mu.Unlock()`": the statement gets the lock before it and the
 *   unlock after it (not `defer`, which would hold the lock to the end of the function,
 *   across a loop's next iteration), with the file's `sync.Mutex`, or a new package-level
 *   `var mu sync.Mutex`.
 * - "Use `atomic.AddInt64(&count, 1)`" when every access of the race is `x++`, `x--`,
 *   `x += e` or `x -= e`: those become `atomic.AddInt64`, the variable's declaration
 *   becomes an `int64`, and `sync/atomic` is imported.
 * A race between a WaitGroup's `Add` inside the goroutine and `Wait` (waitgroup.go: an Add
 * from zero must happen before Wait): "Move `wg.Add(1)` before `go`".
 */
import type { DiagnosticView, PlainRange } from './findingView';
import type { FixView, TextEditView } from './fixes';

interface Lines {
  readonly lines: readonly string[];
  readonly eol: string;
}

function at(line: number, character: number): PlainRange {
  return { startLine: line, startCharacter: character, endLine: line, endCharacter: character };
}

function wholeLine(line: number): PlainRange {
  return { startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0 };
}

const IDENT = '[A-Za-z_][\\w]*';
const UPDATE = new RegExp(`^(\\s*)(${IDENT})\\s*(\\+\\+|--|\\+=|-=)\\s*(.*?)\\s*(//.*)?$`);

/** The statement lines of the race's accesses, one per line, when each is alone on its line. */
function accessLines(lines: Lines, accesses: readonly PlainRange[]): number[] | undefined {
  const out = new Set<number>();
  for (const r of accesses) {
    const text = lines.lines[r.startLine] ?? '';
    if (text.slice(0, r.startCharacter).trim() !== '') return undefined;
    out.add(r.startLine);
  }
  return [...out].sort((a, b) => a - b);
}

/** Edits that add an import when the file lacks it. */
function importEdit(lines: Lines, path: string): TextEditView[] {
  const quoted = `"${path}"`;
  if (lines.lines.some((l) => new RegExp(`^\\s*(import\\s+)?${quoted.replace(/\//g, '\\/')}\\s*$`).test(l))) return [];
  const block = lines.lines.findIndex((l) => /^import\s*\(\s*$/.test(l));
  if (block >= 0) {
    // gofmt's order: before the first path that sorts after this one, else before `)`.
    let i = block + 1;
    while (i < lines.lines.length && !/^\s*\)/.test(lines.lines[i]) && !(/^\s*"/.test(lines.lines[i]) && lines.lines[i].trim() > quoted)) i++;
    return [{ range: at(i, 0), newText: `\t${quoted}${lines.eol}` }];
  }
  const single = lines.lines.findIndex((l) => /^import\s+"/.test(l));
  if (single >= 0) return [{ range: at(single + 1, 0), newText: `import ${quoted}${lines.eol}` }];
  const pkg = lines.lines.findIndex((l) => /^package\s+/.test(l));
  return [{ range: at(pkg + 1, 0), newText: `${lines.eol}import ${quoted}${lines.eol}` }];
}

/** A `sync.Mutex` declared in the file (`var mu sync.Mutex`, `mu sync.Mutex` in a var block or struct). */
function mutexName(lines: Lines): string | undefined {
  for (const l of lines.lines) {
    const m = new RegExp(`^\\s*(?:var\\s+)?(${IDENT})\\s+sync\\.Mutex\\b`).exec(l);
    if (m) return m[1];
  }
  return undefined;
}

function mutexWrapFix(lines: Lines, accessAt: readonly number[]): FixView | undefined {
  const existing = mutexName(lines);
  const taken = (name: string): boolean => lines.lines.some((l) => new RegExp(`\\b${name}\\b`).test(l));
  const name = existing ?? ['mu', 'mu2', 'raceMu'].find((n) => !taken(n));
  if (!name) return undefined;
  const edits: TextEditView[] = [];
  for (const line of accessAt) {
    const text = lines.lines[line];
    const indent = /^\s*/.exec(text)![0];
    edits.push({ range: at(line, 0), newText: `${indent}${name}.Lock()${lines.eol}` });
    edits.push({ range: at(line + 1, 0), newText: `${indent}${name}.Unlock()${lines.eol}` });
  }
  if (!existing) {
    // A package-level mutex, declared above the first function.
    const func = lines.lines.findIndex((l) => /^func\s/.test(l));
    if (func < 0) return undefined;
    edits.push({ range: at(func, 0), newText: `var ${name} sync.Mutex${lines.eol}${lines.eol}` });
    edits.push(...importEdit(lines, 'sync'));
  }
  return { title: `Wrap in \`${name}.Lock()\` / \`${name}.Unlock()\`${existing ? '' : ` (declares \`var ${name} sync.Mutex\`)`}`, edits, preferred: true };
}

function atomicFix(lines: Lines, accessAt: readonly number[]): FixView | undefined {
  const edits: TextEditView[] = [];
  let variable: string | undefined;
  let example = '';
  for (const line of accessAt) {
    const m = UPDATE.exec(lines.lines[line]);
    if (!m) return undefined;
    const [, indent, v, op, operand, comment] = m;
    if (variable && v !== variable) return undefined;
    variable = v;
    const delta = op === '++' ? '1' : op === '--' ? '-1' : op === '+=' ? operand : `-(${operand})`;
    if (!delta) return undefined;
    const call = `atomic.AddInt64(&${v}, ${delta})`;
    example ||= call;
    edits.push({ range: { startLine: line, startCharacter: 0, endLine: line, endCharacter: lines.lines[line].length }, newText: `${indent}${call}${comment ? ` ${comment}` : ''}` });
  }
  if (!variable) return undefined;
  // The declaration becomes an int64: `count := 0` → `count := int64(0)`, `var count int` → `var count int64`.
  const short = new RegExp(`^(\\s*${variable}\\s*:=\\s*)(-?[\\d_]+)\\s*(//.*)?$`);
  const long = new RegExp(`^(\\s*(?:var\\s+)?${variable}\\s+)int\\b(.*)$`);
  const decl = lines.lines.findIndex((l) => short.test(l) || long.test(l));
  if (decl < 0) return undefined;
  const text = lines.lines[decl];
  const s = short.exec(text);
  const newText = s ? `${s[1]}int64(${s[2]})${s[3] ? ` ${s[3]}` : ''}` : text.replace(long, '$1int64$2');
  edits.push({ range: { startLine: decl, startCharacter: 0, endLine: decl, endCharacter: text.length }, newText });
  edits.push(...importEdit(lines, 'sync/atomic'));
  return { title: `Use \`${example}\``, edits };
}

/** `wg.Add(n)` inside the goroutine races with `wg.Wait()`: move it before the `go` statement. */
function waitGroupAddFix(lines: Lines, view: DiagnosticView, file: string): FixView | undefined {
  if (!/^Data race on WaitGroup/.test(view.message)) return undefined;
  // The Add is the finding's own access or the conflicting one, whichever way the race was met.
  const ADD = new RegExp(`^\\s*(${IDENT}(?:\\.${IDENT})*)\\.Add\\((.*)\\)\\s*(//.*)?$`);
  const candidates = [{ range: view.range }, ...view.related.filter((r) => r.file === file && /^conflicting /.test(r.message))];
  const add = candidates.find((r) => ADD.test(lines.lines[r.range.startLine] ?? ''));
  if (!add) return undefined;
  const m = ADD.exec(lines.lines[add.range.startLine])!;
  // The `go` statement that started the goroutine doing the Add: the nearest one above it.
  let goLine = -1;
  for (let i = add.range.startLine - 1; i >= 0; i--) {
    if (/^\s*go\s/.test(lines.lines[i])) {
      goLine = i;
      break;
    }
  }
  if (goLine < 0) return undefined;
  const indent = /^\s*/.exec(lines.lines[goLine])![0];
  const call = `${m[1]}.Add(${m[2]})`;
  return {
    title: `Move \`${call}\` before \`go\``,
    edits: [
      { range: at(goLine, 0), newText: `${indent}${call}${lines.eol}` },
      { range: wholeLine(add.range.startLine), newText: '' },
    ],
    preferred: true,
  };
}

export function goFixesFor(lines: Lines, view: DiagnosticView, file: string, accesses: readonly PlainRange[]): FixView[] {
  if (view.code !== 'data-race') return [];
  const wg = waitGroupAddFix(lines, view, file);
  if (wg) return [wg];
  if (/WaitGroup|channel|mutex/i.test(view.message.split(':')[0] ?? '')) return [];
  const accessAt = accessLines(lines, accesses);
  if (!accessAt || accessAt.length === 0) return [];
  return [mutexWrapFix(lines, accessAt), atomicFix(lines, accessAt)].filter((f): f is FixView => f !== undefined);
}
