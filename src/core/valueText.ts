/**
 * Values from user code (a shared variable's final value, what `main` returned, a value
 * written or sent) turned into text or JSON without trusting them. `JSON.stringify` throws
 * on a cycle or a BigInt and runs user code (`toJSON`, getters); a value here may be any
 * of those, a function, a Proxy, or a million-element array. Every report, the explorer's
 * outcome keys and the debugger go through this one module.
 *
 * - A cycle (a value that contains itself) is `[Circular]`; a value shared twice without
 *   a cycle is written twice.
 * - A BigInt is `10n` (in JSON, the string "10n").
 * - A function is `[Function name]`, a getter `[Getter]`, a symbol `Symbol(x)`; neither
 *   getters nor `toJSON` are called.
 * - Depth, items per container and total size are bounded; what is cut is marked `…`.
 * - A value that throws while being read (a Proxy) is `[unreadable: <message>]`.
 *
 * For plain JSON data (numbers, strings, booleans, null, arrays, plain objects) `valueText`
 * is exactly `JSON.stringify` without spaces, so existing outputs do not change.
 */

export interface ValueLimits {
  /** Containers nested deeper than this are written `[Object]` / `[Array]`. */
  readonly depth: number;
  /** Entries of one container beyond this are counted, not written. */
  readonly items: number;
  /** `valueText`: characters; `jsonValue`: values in the whole tree. */
  readonly size: number;
}

/** For people: a table cell, a line of the run summary, a message. */
export const TEXT_LIMITS: ValueLimits = { depth: 6, items: 100, size: 2_000 };
/** For comparing values: generous, so different values rarely share a key. */
const KEY_LIMITS: ValueLimits = { depth: 32, items: 100_000, size: 1_000_000 };
/** For JSON documents (`run --json`) and the debugger's Variables view. */
export const JSON_LIMITS: ValueLimits = { depth: 16, items: 10_000, size: 100_000 };

/** What `JSON.stringify` writes without calling anything: it turns NaN into null and drops or nulls undefined. */
export type JsonValue = string | number | boolean | null | undefined | JsonValue[] | { [key: string]: JsonValue };

const TAG = Object.prototype.toString;

function tagOf(v: object): string {
  return TAG.call(v).slice(8, -1);
}

function functionText(fn: unknown): string {
  let name = '';
  try {
    const d = Object.getOwnPropertyDescriptor(fn, 'name');
    if (d && typeof d.value === 'string') name = d.value;
  } catch { /* a Proxy around a function */ }
  return name ? `[Function ${name}]` : '[Function]';
}

function scalarText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string': return JSON.stringify(v.length > 100_000 ? v.slice(0, 100_000) : v);
    case 'number': return Number.isFinite(v) ? JSON.stringify(v) : String(v);
    case 'boolean': return String(v);
    case 'bigint': return `${v}n`;
    case 'undefined': return 'undefined';
    case 'symbol': return v.toString();
    case 'function': return functionText(v);
    default: return v === null ? 'null' : undefined;
  }
}

/** An own property's value without calling a getter; `GETTER` for an accessor. */
const GETTER = Symbol('getter');
function own(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  if (!d) return undefined;
  return 'value' in d ? d.value : GETTER;
}

function errorText(o: object): string | undefined {
  if (tagOf(o) !== 'Error') return undefined;
  const name = own(o, 'name') ?? own(Object.getPrototypeOf(o) ?? {}, 'name');
  const message = own(o, 'message');
  return `[${typeof name === 'string' ? name : 'Error'}${typeof message === 'string' && message ? `: ${message}` : ''}]`;
}

class TextWriter {
  private readonly parts: string[] = [];
  private length = 0;
  full = false;

  constructor(private readonly max: number) {}

  put(s: string): void {
    if (this.full) return;
    if (this.length + s.length > this.max) {
      this.parts.push(s.slice(0, Math.max(0, this.max - this.length)), '…');
      this.full = true;
      return;
    }
    this.parts.push(s);
    this.length += s.length;
  }

  text(): string {
    return this.parts.join('');
  }
}

function writeValue(w: TextWriter, v: unknown, limits: ValueLimits, path: object[]): void {
  if (w.full) return;
  if (v === GETTER) return w.put('[Getter]');
  const scalar = scalarText(v);
  if (scalar !== undefined) return w.put(scalar);
  const o = v as object;
  if (path.includes(o)) return w.put('[Circular]');
  const error = errorText(o);
  if (error !== undefined) return w.put(error);
  const isArray = Array.isArray(o);
  if (path.length >= limits.depth) return w.put(isArray ? '[Array]' : '[Object]');
  path.push(o);
  try {
    if (isArray) writeArray(w, o as unknown[], limits, path);
    else if (isMap(o)) writeMap(w, o, limits, path);
    else if (isSet(o)) writeSet(w, o, limits, path);
    else writeObject(w, o, limits, path);
  } finally {
    path.pop();
  }
}

function more(n: number): string {
  return `…(${n} more)`;
}

function writeArray(w: TextWriter, a: unknown[], limits: ValueLimits, path: object[]): void {
  const n = a.length;
  w.put('[');
  for (let i = 0; i < n && !w.full; i++) {
    if (i > 0) w.put(',');
    if (i >= limits.items) {
      w.put(more(n - i));
      break;
    }
    writeValue(w, own(a, String(i)), limits, path);
  }
  w.put(']');
}

function writeObject(w: TextWriter, o: object, limits: ValueLimits, path: object[]): void {
  const keys = Object.keys(o);
  w.put('{');
  for (let i = 0; i < keys.length && !w.full; i++) {
    if (i > 0) w.put(',');
    if (i >= limits.items) {
      w.put(more(keys.length - i));
      break;
    }
    w.put(JSON.stringify(keys[i]) + ':');
    writeValue(w, own(o, keys[i]), limits, path);
  }
  w.put('}');
}

function writeMap(w: TextWriter, m: Map<unknown, unknown>, limits: ValueLimits, path: object[]): void {
  w.put(`Map(${mapSize(m)}) {`);
  let i = 0;
  for (const [k, v] of Map.prototype.entries.call(m) as Iterable<[unknown, unknown]>) {
    if (w.full) break;
    if (i > 0) w.put(', ');
    if (i >= limits.items) {
      w.put(more(mapSize(m) - i));
      break;
    }
    writeValue(w, k, limits, path);
    w.put(' => ');
    writeValue(w, v, limits, path);
    i++;
  }
  w.put('}');
}

/** A real Map or Set, from any realm (the sandbox has its own), and not a look-alike or a Proxy. */
function isMap(o: object): o is Map<unknown, unknown> {
  return !throws(() => Map.prototype.has.call(o, undefined));
}

function isSet(o: object): o is Set<unknown> {
  return !throws(() => Set.prototype.has.call(o, undefined));
}

/**
 * Whether `f` throws, without the stack trace V8 records for each error: the answer is
 * all that is needed, and exploration asks it of every schedule's final state (the
 * stack's capture was 7% of a small program's exploration).
 */
function throws(f: () => unknown): boolean {
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 0;
  try {
    f();
    return false;
  } catch {
    return true;
  } finally {
    E.stackTraceLimit = limit;
  }
}

function mapSize(m: Map<unknown, unknown>): number {
  return Reflect.get(Map.prototype, 'size', m) as number;
}

function setSize(s: Set<unknown>): number {
  return Reflect.get(Set.prototype, 'size', s) as number;
}

function writeSet(w: TextWriter, s: Set<unknown>, limits: ValueLimits, path: object[]): void {
  w.put(`Set(${setSize(s)}) {`);
  let i = 0;
  for (const v of Set.prototype.values.call(s) as Iterable<unknown>) {
    if (w.full) break;
    if (i > 0) w.put(', ');
    if (i >= limits.items) {
      w.put(more(setSize(s) - i));
      break;
    }
    writeValue(w, v, limits, path);
    i++;
  }
  w.put('}');
}

/** A user value as text for people: JSON-like, bounded, and never throws. */
export function valueText(value: unknown, limits: ValueLimits = TEXT_LIMITS): string {
  const w = new TextWriter(limits.size);
  try {
    writeValue(w, value, limits, []);
    return w.text();
  } catch (err) {
    return `[unreadable: ${err instanceof Error ? err.message : 'it threw while being read'}]`;
  }
}

/** A text key equal for equal values (cycles and BigInts included), for outcome sets and comparisons. */
export function valueKey(value: unknown): string {
  return valueText(value, KEY_LIMITS);
}

/** Equal primitives, or objects with the same contents (as `valueKey` writes them). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return valueKey(a) === valueKey(b);
}

class JsonBudget {
  left: number;
  constructor(size: number) {
    this.left = size;
  }
}

/** `record`: v is a plain object our own code made (a run's final values), so no Map, Set or error test is needed. */
function toJson(v: unknown, limits: ValueLimits, path: object[], budget: JsonBudget, record = false): JsonValue {
  if (--budget.left < 0) return '…';
  if (v === GETTER) return '[Getter]';
  switch (typeof v) {
    case 'string': return v.length > limits.size ? v.slice(0, limits.size) + '…' : v;
    case 'number': return v;
    case 'boolean': return v;
    case 'undefined': return undefined;
    case 'bigint':
    case 'symbol':
    case 'function': return scalarText(v);
  }
  if (v === null) return null;
  const o = v as object;
  if (path.includes(o)) return '[Circular]';
  const error = record ? undefined : errorText(o);
  if (error !== undefined) return error;
  const isArray = !record && Array.isArray(o);
  if (path.length >= limits.depth) return isArray ? '[Array]' : '[Object]';
  path.push(o);
  try {
    if (!isArray && !record && isMap(o)) {
      const out: Record<string, JsonValue> = {};
      let i = 0;
      for (const [k, x] of Map.prototype.entries.call(o) as Iterable<[unknown, unknown]>) {
        if (i++ >= limits.items || budget.left <= 0) {
          out['…'] = `${mapSize(o) - i + 1} more entries`;
          break;
        }
        const key = typeof k === 'string' ? k : valueText(k);
        out[key] = toJson(x, limits, path, budget);
      }
      return out;
    }
    if (!isArray && !record && isSet(o)) {
      const out: JsonValue[] = [];
      for (const x of Set.prototype.values.call(o) as Iterable<unknown>) {
        if (out.length >= limits.items || budget.left <= 0) {
          out.push(`… ${setSize(o) - out.length} more items`);
          break;
        }
        out.push(toJson(x, limits, path, budget));
      }
      return out;
    }
    if (isArray) {
      const a = o as unknown[];
      const out: JsonValue[] = [];
      for (let i = 0; i < a.length; i++) {
        if (i >= limits.items || budget.left <= 0) {
          out.push(`… ${a.length - i} more items`);
          break;
        }
        out.push(toJson(own(a, String(i)), limits, path, budget));
      }
      return out;
    }
    const out: Record<string, JsonValue> = {};
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      if (i >= limits.items || budget.left <= 0) {
        out['…'] = `${keys.length - i} more keys`;
        break;
      }
      out[keys[i]] = toJson(own(o, keys[i]), limits, path, budget);
    }
    return out;
  } finally {
    path.pop();
  }
}

/**
 * `jsonValue` of a plain record our own code made (a run's final values by name): the same
 * result, without asking whether the record itself is a Map, a Set or an error (each
 * question throws inside V8 for a plain object; exploration asks it of every schedule).
 */
export function jsonRecord(record: Readonly<Record<string, unknown>>, limits: ValueLimits = JSON_LIMITS): JsonValue {
  try {
    return toJson(record, limits, [], new JsonBudget(limits.size), true);
  } catch (err) {
    return `[unreadable: ${err instanceof Error ? err.message : 'it threw while being read'}]`;
  }
}

/**
 * A copy of a user value that `JSON.stringify` writes without throwing or calling user
 * code, bounded: plain data as it is; cycles, BigInts, functions and symbols as the
 * strings `valueText` writes; a Map as an object, a Set as an array. NaN and undefined
 * stay (the debugger shows them; JSON writes null or leaves the property out).
 */
export function jsonValue(value: unknown, limits: ValueLimits = JSON_LIMITS): JsonValue {
  try {
    return toJson(value, limits, [], new JsonBudget(limits.size));
  } catch (err) {
    return `[unreadable: ${err instanceof Error ? err.message : 'it threw while being read'}]`;
  }
}
