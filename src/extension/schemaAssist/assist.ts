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

/** `OBJ.method` for every declared sync object (by its kind) and variable. */
export function declaredMethods(text: string): { label: string; description: string }[] {
  const lines = text.split(/\r?\n/);
  const out: { label: string; description: string }[] = [];
  const sync = section(lines, 'sync');
  if (sync && typeof sync === 'object') {
    for (const [name, decl] of Object.entries(sync as Record<string, unknown>)) {
      let kind: SyncKind | undefined;
      if (typeof decl === 'string' && (WORD_KINDS as readonly string[]).includes(decl)) kind = decl as SyncKind;
      else if (decl && typeof decl === 'object') kind = SIZED_KINDS.find((k) => k in (decl as object));
      if (!kind) continue;
      for (const method of Object.keys(SYNC_METHODS[kind])) out.push({ label: `${name}.${method}`, description: `${method} on the ${kind} \`${name}\`.` });
    }
  }
  const vars = section(lines, 'vars');
  if (vars && typeof vars === 'object') {
    for (const name of Object.keys(vars as Record<string, unknown>)) {
      for (const method of Object.keys(VAR_METHODS)) out.push({ label: `${name}.${method}`, description: `${method} on the shared variable \`${name}\`.` });
    }
  }
  return out;
}

/** What may be typed at (`row`, `column`), 0-based. */
export function completionsAt(schema: JsonSchema, text: string, row: number, column: number): Suggestion[] {
  const context = cursorContext(text, row, column);
  const replaceStart = context.wordStart;
  if (context.mode === 'value') {
    const nodes = resolvePath(schema, [...context.path, context.key ?? '']);
    return valueOptions(nodes).map((option) => ({
      label: option.value, kind: 'value', insertText: option.value, description: option.description, replaceStart,
    }));
  }
  const nodes = resolvePath(schema, context.path);
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
  if (!at) return undefined;
  const description = keyDescription(schema, at.path, at.key);
  return description ? { markdown: `**${at.key}**: ${description}`, start: at.start, end: at.end } : undefined;
}
