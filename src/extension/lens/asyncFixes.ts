/**
 * The obvious fix for a race across await in an async `.sim.ts` (pure: no `vscode`):
 * "Hold an async mutex across the await". The statements from the stale read to the
 * write-back go into `await mutex.run(async () => { ... });`, with the file's own
 * `AsyncMutex` (a `const NAME = new AsyncMutex()`), or a new one declared after the imports:
 * the class the `async-mutex` npm package's `runExclusive` amounts to (each section waits for
 * the one before it, a promise chain), as in examples/async/lost-update-async-mutex.sim.ts.
 * A blocking `Mutex` is never offered there: it would stop the loop's one thread.
 *
 * Offered only where moving the statements into a callback changes nothing else: both lines
 * are statements of one block (same indentation, nothing shallower between, braces balanced),
 * no `return`/`break`/`continue` in them, and no name they declare is used after them.
 */
import type { DiagnosticView } from './findingView';
import type { FixView, TextEditView } from './fixes';

interface Lines {
  readonly lines: readonly string[];
  readonly eol: string;
}

const MUTEX_DECL = /^\s*(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*new\s+AsyncMutex\(\)/;

const ASYNC_MUTEX_CLASS = [
  '/** An async mutex: each `run` waits until the section before it has finished (a promise chain). */',
  'class AsyncMutex {',
  '  private tail: Promise<void> = Promise.resolve();',
  '  async run<T>(section: () => Promise<T>): Promise<T> {',
  '    const before = this.tail;',
  '    let release!: () => void;',
  '    this.tail = new Promise<void>((r) => { release = r; });',
  '    await before;',
  '    try {',
  '      return await section();',
  '    } finally {',
  '      release();',
  '    }',
  '  }',
  '}',
];

export function asyncMutexFix({ lines, eol }: Lines, view: DiagnosticView): FixView | undefined {
  const back = view.related.find((r) => /writes the stale value back here$/.test(r.message));
  if (!back) return undefined;
  const first = view.range.startLine;
  const last = back.range.endLine;
  if (last < first || back.range.startLine !== last) return undefined;
  const indentOf = (l: string) => /^\s*/.exec(l)![0];
  const indent = indentOf(lines[first] ?? '');
  if (indentOf(lines[last] ?? '') !== indent) return undefined;
  const range = lines.slice(first, last + 1);
  const code = range.map((l) => l.replace(/\/\/.*$/, ''));
  let depth = 0;
  for (let i = 0; i < range.length; i++) {
    const l = range[i];
    if (l.trim() !== '' && indentOf(l).length < indent.length) return undefined;
    for (const ch of code[i]) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth < 0) return undefined;
  }
  if (depth !== 0 || code.some((l) => /\b(return|break|continue|yield)\b/.test(l)) || /^\s*(else|catch|finally)\b/.test(code[0])) return undefined;
  const declared = code.flatMap((l) => [...l.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  if (code.some((l) => /\b(?:const|let|var)\s*[[{]/.test(l))) return undefined;
  // The rest of the block (until a line less indented): a declared name used there would leave its scope.
  for (let i = last + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() !== '' && indentOf(l).length < indent.length) break;
    if (declared.some((n) => new RegExp(`(^|[^\\w$.])${n.replace(/\$/g, '\\$')}\\b`).test(l))) return undefined;
  }
  const edits: TextEditView[] = [];
  let name = lines.map((l) => MUTEX_DECL.exec(l)?.[1]).find((n) => n !== undefined);
  const declaredMutex = name !== undefined;
  if (!declaredMutex) {
    name = lines.some((l) => /\b(const|let|var|function|class)\s+mutex\b/.test(l)) ? 'asyncMutex' : 'mutex';
    const hasClass = lines.some((l) => /^\s*(export\s+)?class\s+AsyncMutex\b/.test(l));
    const lastImport = lines.reduce((at, l, i) => (/^import\s/.test(l) ? i : at), -1);
    const decl = [...(hasClass ? [] : ['', ...ASYNC_MUTEX_CLASS]), '', `const ${name} = new AsyncMutex();`];
    const where = lastImport + 1;
    edits.push({ range: { startLine: where, startCharacter: 0, endLine: where, endCharacter: 0 }, newText: (lastImport >= 0 ? decl : decl.slice(1)).join(eol) + eol });
  }
  const unit = indent.includes('\t') ? '\t' : '  ';
  edits.push({
    range: { startLine: first, startCharacter: 0, endLine: last, endCharacter: lines[last].length },
    newText: [`${indent}await ${name}.run(async () => {`, ...range.map((l) => (l.trim() === '' ? l : unit + l)), `${indent}});`].join(eol),
  });
  return {
    title: declaredMutex ? `Hold \`${name}\` across the await: \`await ${name}.run(async () => { ... })\`` : `Hold an async mutex across the await: \`await ${name}.run(async () => { ... })\` (declares \`AsyncMutex\`)`,
    edits,
    preferred: true,
  };
}
