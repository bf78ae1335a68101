/**
 * Typed reads from YAML nodes. Each read either returns a value or records an input
 * error at the node's own line and column, saying what was expected; it never throws.
 */
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceRange } from '../../core/program';
import { parseDuration } from '../../core/config';
import type { ScenarioSource } from './source';
import { suggestion } from './suggest';

export interface Entry {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node | null;
  /** The key and its value. */
  readonly at: SourceRange;
  readonly keyAt: SourceRange;
  readonly valueAt: SourceRange;
}

/** A word for the type of a node, for "expected a number, got a list". */
export function describe(node: Node | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `\`${v}\``;
    if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
    return typeof v;
  }
  return 'an unknown node';
}

export function isNullNode(node: Node | null | undefined): boolean {
  return !node || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** Aliases would let a small file expand into a huge one; scenarios spell things out. */
function rejectAlias(src: ScenarioSource, node: Node, at: SourceRange): boolean {
  if (!isAlias(node)) return false;
  src.error(at, 'YAML aliases (`*name`) are not supported in scenarios', 'write the value out, or use `repeat` for repeated steps');
  return true;
}

/** The entries of a map, or undefined (with an error) when the node is not a map. */
export function mapEntries(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): Entry[] | undefined {
  const nodeAt = src.range(node, at);
  if (node && rejectAlias(src, node, nodeAt)) return undefined;
  if (!isMap(node)) {
    src.error(nodeAt, `${what} must be a map of \`key: value\` entries, got ${describe(node)}`,
      'indent the entries under this key, e.g. `cores: 4` on the next line');
    return undefined;
  }
  const out: Entry[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const value = (pair.value as Node | null) ?? null;
    const keyAt = src.range(keyNode, nodeAt);
    if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      src.error(keyAt, `a key in ${what} must be a plain word, got ${describe(keyNode)}`, 'write keys as plain words, e.g. `cores:`');
      continue;
    }
    const valueAt = src.range(value, keyAt);
    out.push({ key: String(keyNode.value), keyNode, value, keyAt, valueAt, at: src.join(keyNode, value, keyAt) });
  }
  return out;
}

/** Records an error for each key not in `allowed`, with a "did you mean" hint. */
export function checkKeys(src: ScenarioSource, entries: readonly Entry[], allowed: readonly string[], where: string): Entry[] {
  const known: Entry[] = [];
  for (const e of entries) {
    if (allowed.includes(e.key)) known.push(e);
    else src.error(e.keyAt, `unknown key \`${e.key}\` in ${where}`, suggestion(e.key, allowed, 'the keys here are'));
  }
  return known;
}

export function seqItems(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): Node[] | undefined {
  const nodeAt = src.range(node, at);
  if (node && rejectAlias(src, node, nodeAt)) return undefined;
  if (!isSeq(node)) {
    src.error(nodeAt, `${what} must be a list (lines starting with \`- \`), got ${describe(node)}`,
      'write each item on its own line starting with `- `, or as `[a, b]`');
    return undefined;
  }
  return node.items as Node[];
}

/** A plain scalar value (string, number, boolean or null). */
export function readScalar(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): { ok: boolean; value: unknown } {
  const nodeAt = src.range(node, at);
  if (!node) return { ok: true, value: null };
  if (rejectAlias(src, node, nodeAt)) return { ok: false, value: undefined };
  if (!isScalar(node)) {
    src.error(nodeAt, `${what} must be a single value (a number, a word or true/false), got ${describe(node)}`,
      'write one value, e.g. `0`, `ready` or `true`');
    return { ok: false, value: undefined };
  }
  const v = node.value;
  if (v === undefined) return { ok: true, value: null };
  if (typeof v === 'number' && !Number.isFinite(v)) {
    src.error(nodeAt, `${what} must be a finite number, got ${String(v)}`, 'write an ordinary number, e.g. `1`');
    return { ok: false, value: undefined };
  }
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean' && v !== null) {
    src.error(nodeAt, `${what} must be a number, a word or true/false`, 'write one value, e.g. `0`, `ready` or `true`');
    return { ok: false, value: undefined };
  }
  return { ok: true, value: v };
}

export function readString(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): string | undefined {
  const nodeAt = src.range(node, at);
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
  src.error(nodeAt, `${what} must be text, got ${describe(node)}`, 'write a word or a sentence, e.g. `worker`');
  return undefined;
}

export function readBoolean(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  src.error(src.range(node, at), `${what} must be \`true\` or \`false\`, got ${describe(node)}`, 'write `true` or `false`');
  return undefined;
}

/** An integer in [min, max]. */
export function readInt(src: ScenarioSource, node: Node | null, what: string, at: SourceRange, min: number,
  max = Number.MAX_SAFE_INTEGER): number | undefined {
  const nodeAt = src.range(node, at);
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    src.error(nodeAt, `${what} must be a whole number, got ${describe(node)}`, 'write a number without quotes or a unit, e.g. `2`');
    return undefined;
  }
  if (v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    src.error(nodeAt, `${what} must be ${range}, got ${v}`, `use a value ${range}`);
    return undefined;
  }
  return v;
}

export const DURATION_HINT = 'durations need a unit: ns, us (or µs), ms or s, e.g. `200ms`';

/**
 * A quantity written with its unit (`200ms`, `256KiB`): `parse` turns the text into the
 * number, or undefined when it is not one. A bare number is an error, with the unit to add.
 */
function readWithUnit(src: ScenarioSource, node: Node | null, what: string, at: SourceRange,
  kind: { noun: string; example: string; unit: string; hint: string; parse(text: string): number | undefined }): number | undefined {
  const nodeAt = src.range(node, at);
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number') {
    src.error(nodeAt, `${what} is a bare number (${v}); a ${kind.noun} needs a unit`, `write \`${v}${kind.unit}\`; ${kind.hint}`);
    return undefined;
  }
  if (typeof v !== 'string') {
    src.error(nodeAt, `${what} must be a ${kind.noun} such as \`${kind.example}\`, got ${describe(node)}`, kind.hint);
    return undefined;
  }
  const n = kind.parse(v);
  if (n === undefined) src.error(nodeAt, `${what}: "${v}" is not a ${kind.noun}`, kind.hint);
  return n;
}

const DURATION = {
  noun: 'duration', example: '200ms', unit: 'ms', hint: DURATION_HINT,
  parse(text: string): number | undefined {
    try {
      return parseDuration(text);
    } catch {
      return undefined;
    }
  },
};

/** A duration with a unit (`200ms`), in integer nanoseconds. A bare number is an error. */
export function readDuration(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): number | undefined {
  return readWithUnit(src, node, what, at, DURATION);
}

const SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
export const SIZE_HINT = 'sizes need a unit: B, KiB, MiB or GiB, e.g. `256KiB`';

const SIZE = {
  noun: 'size', example: '256KiB', unit: 'KiB', hint: SIZE_HINT,
  parse(text: string): number | undefined {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)\s*$/.exec(text);
    return m ? Math.round(Number(m[1]) * SIZE_UNITS[m[2]]) : undefined;
  },
};

/** A size with a unit (`256KiB`, `64MiB`), in whole bytes. A bare number is an error, as for durations. */
export function readBytes(src: ScenarioSource, node: Node | null, what: string, at: SourceRange): number | undefined {
  return readWithUnit(src, node, what, at, SIZE);
}

/** An identifier for a task, variable or sync object. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
