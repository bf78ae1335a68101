/**
 * `vars:` and `sync:` → the core's `VarDecl`s and `SyncDecl`s. Ids are the declared
 * names, so findings and the panel say `mu`, not an internal number.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { SourceRange, SyncDecl, SyncKind, VarDecl } from '../../core/program';
import type { ScenarioSource } from './source';
import { checkKeys, describe, mapEntries, NAME_PATTERN, readBoolean, readInt, readScalar, readString, type Entry } from './reader';
import { suggestion } from './suggest';
import { SIZED_KINDS, WORD_KINDS } from './vocabulary';

function checkName(src: ScenarioSource, e: Entry, what: string, taken: Map<string, string>): boolean {
  if (!NAME_PATTERN.test(e.key) || e.key.includes('-')) {
    src.error(e.keyAt, `${what} name \`${e.key}\` is not a plain name`,
      'use letters, digits and `_`, starting with a letter, e.g. `counter`');
    return false;
  }
  const other = taken.get(e.key);
  if (other) {
    src.error(e.keyAt, `\`${e.key}\` is declared twice: as a ${other} and as a ${what}`, 'give each one its own name');
    return false;
  }
  taken.set(e.key, what);
  return true;
}

export function readVars(src: ScenarioSource, node: Node | null, at: SourceRange, taken: Map<string, string>): VarDecl[] {
  const out: VarDecl[] = [];
  for (const e of mapEntries(src, node, '`vars`', at) ?? []) {
    if (!checkName(src, e, 'variable', taken)) continue;
    if (isMap(e.value)) {
      // `hits: { value: 0, line: stats }` names a cache line, to model false sharing.
      let initial: unknown = 0;
      let line: string | undefined;
      const where = `variable \`${e.key}\``;
      for (const f of checkKeys(src, mapEntries(src, e.value, where, e.keyAt) ?? [], ['value', 'line'], where)) {
        if (f.key === 'value') {
          const r = readScalar(src, f.value, `the value of \`${e.key}\``, f.keyAt);
          if (r.ok) initial = r.value;
        } else line = readString(src, f.value, `the cache line of \`${e.key}\``, f.keyAt);
      }
      out.push({ id: e.key, name: e.key, initial, ...(line !== undefined ? { line } : {}), at: e.at });
      continue;
    }
    const r = readScalar(src, e.value, `the initial value of \`${e.key}\``, e.keyAt);
    if (r.ok) out.push({ id: e.key, name: e.key, initial: r.value, at: e.at });
  }
  return out;
}

const SIZE_RULES: Readonly<Record<string, { min: number; what: string }>> = {
  semaphore: { min: 0, what: 'permits' },
  channel: { min: 0, what: 'capacity (0 = unbuffered)' },
  barrier: { min: 1, what: 'parties' },
};

function readSizedKind(src: ScenarioSource, e: Entry): SyncDecl | undefined {
  const where = `sync object \`${e.key}\``;
  const entries = mapEntries(src, e.value, where, e.keyAt) ?? [];
  const head = entries.find((f) => SIZED_KINDS.includes(f.key as SyncKind));
  if (!head) {
    const first = entries[0];
    src.error(first ? first.keyAt : e.valueAt, `${where} has no kind`,
      first ? suggestion(first.key, [...SIZED_KINDS, ...WORD_KINDS], 'the kinds are')
        : 'write e.g. `{ semaphore: 2 }`, `{ channel: 0 }`, `{ cond: mu }` or `{ barrier: 3 }`');
    return undefined;
  }
  const kind = head.key as SyncKind;
  checkKeys(src, entries.filter((f) => f !== head), kind === 'semaphore' ? ['strict'] : [], where);
  const strictEntry = entries.find((f) => f.key === 'strict');
  if (kind === 'cond') {
    const mutex = readString(src, head.value, `the mutex of condition variable \`${e.key}\``, head.keyAt);
    if (mutex === undefined) return undefined;
    return { id: e.key, name: e.key, kind, mutex, at: e.at };
  }
  const rule = SIZE_RULES[kind];
  const size = readInt(src, head.value, `the ${rule.what} of ${kind} \`${e.key}\``, head.keyAt, rule.min, 1_000_000);
  if (size === undefined) return undefined;
  const strict = strictEntry && kind === 'semaphore' ? readBoolean(src, strictEntry.value, '`strict`', strictEntry.keyAt) : undefined;
  return { id: e.key, name: e.key, kind, size, ...(strict !== undefined ? { strict } : {}), at: e.at };
}

export function readSync(src: ScenarioSource, node: Node | null, at: SourceRange, taken: Map<string, string>): SyncDecl[] {
  const out: SyncDecl[] = [];
  for (const e of mapEntries(src, node, '`sync`', at) ?? []) {
    if (!checkName(src, e, 'sync object', taken)) continue;
    if (isScalar(e.value) && typeof e.value.value === 'string') {
      const word = e.value.value;
      if (WORD_KINDS.includes(word as SyncKind)) {
        out.push({ id: e.key, name: e.key, kind: word as SyncKind, at: e.at });
      } else if (SIZED_KINDS.includes(word as SyncKind)) {
        const example = word === 'cond' ? '{ cond: mu }' : word === 'channel' ? '{ channel: 0 }' : `{ ${word}: 2 }`;
        src.error(e.valueAt, `a ${word} needs ${word === 'cond' ? 'its mutex' : 'a size'}`, `write \`${e.key}: ${example}\``);
      } else {
        src.error(e.valueAt, `unknown sync kind \`${word}\``, suggestion(word, [...WORD_KINDS, ...SIZED_KINDS], 'the kinds are'));
      }
      continue;
    }
    if (isMap(e.value)) {
      const decl = readSizedKind(src, e);
      if (decl) out.push(decl);
      continue;
    }
    src.error(e.valueAt, `sync object \`${e.key}\` must be a kind such as \`mutex\` or \`{ semaphore: 2 }\`, got ${describe(e.value)}`,
      'the kinds are `mutex`, `rwmutex`, `waitgroup`, `once`, `{ semaphore: N }`, `{ channel: N }`, `{ cond: MUTEX }`, `{ barrier: N }`');
  }
  // A condition variable waits with its mutex released: it must name a declared mutex.
  for (const d of out) {
    if (d.kind !== 'cond' || !d.at) continue;
    const m = out.find((o) => o.name === d.mutex);
    if (!m) {
      src.error(d.at, `condition variable \`${d.name}\` is bound to \`${d.mutex}\`, which is not a declared sync object`,
        suggestion(d.mutex ?? '', out.filter((o) => o.kind === 'mutex').map((o) => o.name), 'the mutexes are'));
    } else if (m.kind !== 'mutex') {
      src.error(d.at, `condition variable \`${d.name}\` is bound to \`${m.name}\`, a ${m.kind}; it needs a mutex`,
        `declare \`${m.name}: mutex\`, or bind \`${d.name}\` to a mutex`);
    }
  }
  return out;
}
