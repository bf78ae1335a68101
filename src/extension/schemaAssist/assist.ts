/**
 * Completions and hovers for scenario files, from the published JSON Schema plus the
 * file's own `sync:` and `vars:` declarations (for `OBJ.method` steps). No vscode here:
 * register.ts turns these into editor items.
 */
import { parse } from 'yaml';
import { SIZED_KINDS, SYNC_METHODS, VAR_METHODS, WORD_KINDS } from '../../service/files';
import type { SyncKind } from '../../core/program';
import { cursorContext, keyAt } from './schemaPath';
import { deref, keyDescription, keyOptions, resolvePath, valueOptions, type JsonSchema } from './schemaWalk';

export interface Suggestion {
  readonly label: string;
  /** `key`: a map key (inserted as `key: `); `value`: a scalar; `method`: an `OBJ.method` step. */
  readonly kind: 'key' | 'value' | 'method';
  readonly insertText: string;
  readonly description?: string;
  /** Column where the text being replaced starts (it ends at the cursor). */
  readonly replaceStart: number;
}

/**
 * The top-level section `name:` of the file as its own small document, parsed alone so
 * a half-typed line elsewhere does not hide the declarations.
 */
function section(lines: readonly string[], name: string): unknown {
  const start = lines.findIndex((line) => line.startsWith(`${name}:`));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !/^[^\s#]/.test(lines[end])) end++;
  try {
    return (parse(lines.slice(start, end).join('\n')) as Record<string, unknown> | null)?.[name];
  } catch {
    return undefined;
  }
}

/** How a declared sync object reads in a hover: `a counting semaphore with 2 permits`. */
function declarationWords(kind: SyncKind, decl: unknown): string {
  const size = decl && typeof decl === 'object' ? (decl as Record<string, unknown>)[kind] : undefined;
  switch (kind) {
    case 'mutex': return 'a mutex';
    case 'rwmutex': return 'a readers-writer lock';
    case 'waitgroup': return 'a WaitGroup';
    case 'once': return 'a run-once';
    case 'semaphore': return `a counting semaphore with ${String(size)} permit${size === 1 ? '' : 's'}`;
    case 'channel': return size === 0 ? 'an unbuffered channel' : `a channel with room for ${String(size)}`;
    case 'cond': return `a condition variable bound to the mutex \`${String(size)}\``;
    case 'barrier': return `a barrier for ${String(size)} parties`;
  }
}

interface Declared { readonly name: string; readonly kind: SyncKind | 'var'; readonly words: string }

/** The file's declared sync objects (by kind) and shared variables. */
function declarations(text: string): Declared[] {
  const lines = text.split(/\r?\n/);
  const out: Declared[] = [];
  const sync = section(lines, 'sync');
  if (sync && typeof sync === 'object') {
    for (const [name, decl] of Object.entries(sync as Record<string, unknown>)) {
      let kind: SyncKind | undefined;
      if (typeof decl === 'string' && (WORD_KINDS as readonly string[]).includes(decl)) kind = decl as SyncKind;
      else if (decl && typeof decl === 'object') kind = SIZED_KINDS.find((k) => k in (decl as object));
      if (kind) out.push({ name, kind, words: declarationWords(kind, decl) });
    }
  }
  const vars = section(lines, 'vars');
  if (vars && typeof vars === 'object') {
    for (const name of Object.keys(vars as Record<string, unknown>)) out.push({ name, kind: 'var', words: 'a shared variable' });
  }
  return out;
}

function methodsOf(kind: SyncKind | 'var'): Readonly<Record<string, { readonly doc: string }>> {
  return kind === 'var' ? VAR_METHODS : SYNC_METHODS[kind];
}

/** `OBJ.method` for every declared sync object (by its kind) and variable, with what the step does. */
export function declaredMethods(text: string): { label: string; description: string }[] {
  return declarations(text).flatMap((d) => Object.entries(methodsOf(d.kind))
    .map(([method, spec]) => ({ label: `${d.name}.${method}`, description: `${spec.doc} (\`${d.name}\` is ${d.words}.)` })));
}

/**
 * The one-key map forms of a value (`{ semaphore: 2 }`, `{ channel: 0 }`): every
 * alternative that is an object with one required key, written with its example value.
 */
function mapForms(nodes: readonly JsonSchema[]): { value: string; description?: string }[] {
  const out: { value: string; description?: string }[] = [];
  for (const node of nodes) {
    if (node.type !== 'object' || node.required?.length !== 1) continue;
    const key = node.required[0];
    const example = node.properties?.[key]?.examples?.[0];
    if (example === undefined) continue;
    out.push({ value: `{ ${key}: ${String(example)} }`, description: node.description });
  }
  return out;
}

/** What may be typed at (`row`, `column`), 0-based. */
export function completionsAt(schema: JsonSchema, text: string, row: number, column: number): Suggestion[] {
  const context = cursorContext(text, row, column);
  const replaceStart = context.wordStart;
  if (context.mode === 'value') {
    const nodes = resolvePath(schema, [...context.path, context.key ?? '']);
    return [...valueOptions(nodes), ...mapForms(nodes)].map((option) => ({
      label: option.value, kind: 'value', insertText: option.value, description: option.description, replaceStart,
    }));
  }
  const nodes = resolvePath(schema, context.path);
  // `pool.|`: only that object's steps.
  const dot = context.word.indexOf('.');
  if (dot > 0 && context.inItem && context.siblings.length === 0 && isStepList(schema, nodes)) {
    const object = context.word.slice(0, dot + 1);
    return declaredMethods(text).filter((m) => m.label.startsWith(object))
      .map((m) => ({ label: m.label, kind: 'method', insertText: m.label, description: m.description, replaceStart }));
  }
  const out: Suggestion[] = keyOptions(schema, nodes, context.siblings).map((option) => ({
    label: option.key, kind: 'key', insertText: `${option.key}: `, description: option.description, replaceStart,
  }));
  // A bare word is a whole sequence item only where nothing else is written in it.
  if (context.inItem && context.siblings.length === 0) {
    for (const option of valueOptions(nodes)) out.push({ label: option.value, kind: 'value', insertText: option.value, description: option.description, replaceStart });
    if (isStepList(schema, nodes)) {
      for (const method of declaredMethods(text)) out.push({ label: method.label, kind: 'method', insertText: method.label, description: method.description, replaceStart });
    }
  }
  return out;
}

/** True when these alternatives are the branches of `#/definitions/step`. */
function isStepList(schema: JsonSchema, nodes: readonly JsonSchema[]): boolean {
  const step = schema.definitions?.step;
  const branches = step?.anyOf ?? step?.oneOf;
  return !!branches && branches.every((branch) => nodes.includes(deref(schema, branch)));
}

/** The description of the key under (`row`, `column`), with the key's columns. */
export function hoverAt(schema: JsonSchema, text: string, row: number, column: number): { markdown: string; start: number; end: number } | undefined {
  const at = keyAt(text, row, column);
  if (!at) return methodHover(text, row, column);
  // A declared object's own name: what it is, and the steps it gives.
  if (at.path.length === 1 && (at.path[0] === 'sync' || at.path[0] === 'vars')) {
    const d = declarations(text).find((x) => x.name === at.key);
    if (d) {
      const steps = Object.keys(methodsOf(d.kind)).map((m) => `\`${d.name}.${m}\``).join(', ');
      return { markdown: `**${at.key}**: ${d.words}. Its steps: ${steps}.`, start: at.start, end: at.end };
    }
  }
  const description = keyDescription(schema, at.path, at.key);
  return description ? { markdown: `**${at.key}**: ${description}`, start: at.start, end: at.end } : undefined;
}

/** A step `OBJ.method` under the cursor (`- mu.lock`): what it does. */
function methodHover(text: string, row: number, column: number): { markdown: string; start: number; end: number } | undefined {
  const line = text.split(/\r?\n/)[row] ?? '';
  const word = /[A-Za-z_][\w]*\.[A-Za-z_]\w*/g;
  for (let m = word.exec(line); m; m = word.exec(line)) {
    if (column < m.index || column > m.index + m[0].length) continue;
    const found = declaredMethods(text).find((d) => d.label === m![0]);
    return found ? { markdown: `**${found.label}**: ${found.description}`, start: m.index, end: m.index + m[0].length } : undefined;
  }
  return undefined;
}
