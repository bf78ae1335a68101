/**
 * Go values as the interpreter keeps them, and how `fmt` prints them (fmt/print.go:
 * printValue; `%v` of a slice is `[1 2 3]`, of a map `map[a:1 b:2]` with sorted keys, of a
 * struct `{1 2}`, of a pointer to a struct `&{1 2}`, of nil `<nil>`).
 *
 * Numbers are JavaScript numbers (exact integers up to 2^53); strings, bools and nil
 * (`null`) are themselves. A variable is a `Cell`: a local that never escapes keeps its
 * value there; a shared one (package-level, captured by a closure, address taken, a
 * struct field, a slice or array element) is a variable of the core, read and written
 * with ops the race detector sees, and the core holds its value.
 */
import { ProgramError } from '../../core/index';
import type { SourceRange } from '../../core/program';
import { type GoNode, sig } from './syntax';

export class Cell {
  /** The core's variable id, set when the cell is shared. */
  id: string | undefined;
  /** True once the core has the variable (its `make` ran). */
  made = false;
  /** The named non-struct type it is declared with (`var b Base`), whose methods `b.M()` calls. */
  type: string | undefined;
  /** Declared with an interface type: an assignment replaces the value it holds (never writes into it). */
  boxed = false;
  /** A field of the library's own state (a context's err), not the program's: raced like any, never listed in the final values. */
  internal = false;
  constructor(public value: unknown, readonly name: string, shared: boolean, ids: IdSource | undefined) {
    if (shared && ids) this.id = ids.next(name);
  }
}

/** Fresh, readable ids for one run: `count`, `count#2`, … */
export class IdSource {
  private readonly used = new Map<string, number>();
  next(name: string): string {
    const n = (this.used.get(name) ?? 0) + 1;
    this.used.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  }
}

export class GoStruct {
  constructor(readonly type: string, readonly fields: Map<string, Cell>) {}
}

export class GoPtr {
  constructor(readonly cell: Cell) {}
}

export class GoSlice {
  /** `isNil`: the zero value of a slice type (prints `[]`, equals nil, indexes out of range). */
  constructor(readonly cells: Cell[], readonly off: number, readonly len: number, readonly cap: number, readonly isNil = false) {}
}

export class GoArray {
  constructor(readonly cells: Cell[]) {}
}

export class GoMap {
  readonly entries = new Map<unknown, unknown>();
  /** Writers in progress (map.go: hashWriting): a second one is Go's fatal error. */
  writing = 0;
  /** `isNil`: the zero value of a map type (reads as empty, a write panics). `valueType`: what a missing key reads as. */
  constructor(readonly cell: Cell, readonly isNil = false, readonly valueType?: import('./syntax').GoNode) {}
}

export class GoChan {
  constructor(readonly id: string, readonly name: string, readonly cap: number) {}
}

export type SyncTypeName = 'Mutex' | 'RWMutex' | 'WaitGroup' | 'Once' | 'Cond';

export class GoSync {
  /** `mu` of a Cond (`c.L`). */
  mutex: GoSync | undefined;
  constructor(readonly id: string, readonly type: SyncTypeName) {}
}

/** A typed atomic (`atomic.Int64`, `atomic.Bool`, …): one core variable used only atomically. */
export class GoAtomic {
  constructor(readonly cell: Cell, readonly type: string) {}
}

export class Duration {
  constructor(readonly ns: number) {}
}

/** An error of errors.New or fmt.Errorf (errors.go: errorString); two are equal only if they are the same one. */
export class GoError {
  constructor(readonly message: string) {}
}

/** A *time.Timer of time.AfterFunc. */
export class GoTimer {
  fired = false;
  stopped = false;
}

/**
 * A `time.Time`: the simulated clock when time.Now() ran (the core's `now` op: simulated ns
 * since the run's start in `run`, the goroutine's own logical clock in `check`). The run
 * starts at the Go playground's epoch, 2009-11-10 23:00:00 UTC.
 */
export class GoTime {
  constructor(readonly ns: number) {}
}

const EPOCH_MS = Date.UTC(2009, 10, 10, 23, 0, 0);

/** time.Time.String (time/format.go): `2009-11-10 23:00:00.000001 +0000 UTC m=+0.000001000`. */
function timeText(t: GoTime): string {
  const ms = Math.floor(t.ns / 1e6);
  const d = new Date(EPOCH_MS + ms);
  const frac = String(Math.round(t.ns - ms * 1e6) + ms % 1000 * 1e6).padStart(9, '0').replace(/0+$/, '');
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return `${date}${frac ? `.${frac}` : ''} +0000 UTC m=+${(t.ns / 1e9).toFixed(9)}`;
}

/** A function value: a declaration or literal with the scope it closes over. */
export class GoFunc {
  constructor(readonly node: GoNode, readonly scope: unknown, readonly name: string, readonly recv?: { name: string; value: unknown; type?: string }) {}
}

/** A function of a package or a builtin, implemented by the interpreter. */
export class Builtin {
  constructor(readonly name: string) {}
}

/** Several results of a call (`a, b := f()`). */
export class Tuple {
  constructor(readonly values: unknown[]) {}
}

/** A type used as a value (conversions `float64(x)`, `make([]int, n)`). */
export class GoType {
  constructor(readonly node: GoNode) {}
}

/** A Go panic travelling up the goroutine's calls. */
export class GoPanic {
  constructor(readonly value: unknown, readonly at: import('../../core/program').SourceRange) {}
}

/**
 * runtime.Goexit (t.FailNow, t.Fatal, t.Skip call it): the goroutine unwinds running its
 * deferred calls, which cannot recover it (panic.go: Goexit), and ends quietly.
 */
export class GoExit {
  constructor(readonly at: import('../../core/program').SourceRange) {}
}

function durationText(ns: number): string {
  // time.go: Duration.String.
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e3) out = `${u}ns`;
  else if (u < 1e6) out = `${trim(u / 1e3)}µs`;
  else if (u < 1e9) out = `${trim(u / 1e6)}ms`;
  else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    out = `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${trim(u / 1e9)}s`;
  }
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(+x.toFixed(9));
}

/** `%v` of a value (fmt/print.go). `top` is false inside a container, where strings print bare too. */
export function formatValue(v: unknown, plus = false, deref = true): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Duration) return durationText(v.ns);
  if (v instanceof GoError) return v.message;
  if (v instanceof GoTime) return timeText(v);
  if (v instanceof GoSlice) return `[${v.cells.slice(v.off, v.off + v.len).map((c) => formatValue(c.value, plus, false)).join(' ')}]`;
  if (v instanceof GoArray) return `[${v.cells.map((c) => formatValue(c.value, plus, false)).join(' ')}]`;
  if (v instanceof GoMap) {
    const keys = [...v.entries.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1));
    return `map[${keys.map((k) => `${formatValue(k, plus, false)}:${formatValue(v.entries.get(k), plus, false)}`).join(' ')}]`;
  }
  if (v instanceof GoStruct) {
    return `{${[...v.fields].map(([name, c]) => (plus ? `${name}:` : '') + formatValue(c.value, plus, false)).join(' ')}}`;
  }
  if (v instanceof GoPtr) {
    const target = v.cell.value;
    if (deref && (target instanceof GoStruct || target instanceof GoArray || target instanceof GoSlice || target instanceof GoMap)) return `&${formatValue(target, plus, false)}`;
    return '0xc000010000';
  }
  if (v instanceof GoChan) return '0xc000020000';
  if (v instanceof GoSync) return v.type === 'WaitGroup' ? '{{} {{} {} 0} 0}' : '{0 0}';
  if (v instanceof GoAtomic) return '{{} 0}';
  if (v instanceof GoFunc || v instanceof Builtin) return '0x47b0e0';
  if (v instanceof Tuple) return v.values.map((x) => formatValue(x, plus)).join(' ');
  return String(v);
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  // strconv: %v of a float64 is %g with the shortest representation.
  const s = String(n);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}

/** fmt.Sprintf (fmt/print.go: doPrintf) for the verbs programs print with. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([vdsqtfxXcegTp%])/g, (_m, flags: string, width?: string, prec?: string, verb?: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    let s: string;
    switch (verb) {
      case 'v': s = formatValue(a, flags.includes('+')); break;
      case 'd': s = typeof a === 'number' ? String(Math.trunc(a)) : a instanceof Duration ? String(a.ns) : `%!d(${formatValue(a)})`; break;
      case 's': s = formatValue(a); break;
      case 'q': s = JSON.stringify(formatValue(a)); break;
      case 't': s = String(a); break;
      case 'f': case 'e': case 'g':
        s = typeof a !== 'number' ? `%!${verb}(${formatValue(a)})`
          : verb === 'f' ? a.toFixed(prec === undefined ? 6 : Number(prec))
            : verb === 'e' ? a.toExponential(prec === undefined ? 6 : Number(prec)).replace(/e([+-])(\d)$/, 'e$10$2')
              : formatNumber(a);
        break;
      case 'x': case 'X': s = typeof a === 'number' ? Math.trunc(a).toString(16) : [...String(a)].map((c) => c.charCodeAt(0).toString(16)).join(''); if (verb === 'X') s = s.toUpperCase(); break;
      case 'c': s = typeof a === 'number' ? String.fromCodePoint(a) : formatValue(a); break;
      case 'T': s = typeName(a); break;
      default: s = formatValue(a);
    }
    const w = width === undefined ? 0 : Number(width);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && verb !== 's' ? '0' : ' ');
    return s;
  }) + (i < args.length ? `%!(EXTRA ${args.slice(i).map((a) => `${typeName(a)}=${formatValue(a)}`).join(', ')})` : '');
}

function typeName(a: unknown): string {
  if (typeof a === 'number') return Number.isInteger(a) ? 'int' : 'float64';
  if (typeof a === 'string') return 'string';
  if (typeof a === 'boolean') return 'bool';
  if (a instanceof GoStruct) return `main.${a.type}`;
  if (a instanceof Duration) return 'time.Duration';
  return '<type>';
}

/** fmt.Println's operands: spaces between every operand, always (fmt/print.go: doPrintln). */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => formatValue(a)).join(' ');
}

/** fmt.Print: a space between operands when neither is a string (doPrint). */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** `mu.Lock`, `x.Add`: a method of a sync or atomic value, run by stdlib.ts. */
export class BoundMethod {
  constructor(readonly target: GoSync | GoAtomic | Duration | GoTime | GoTimer | GoError | import('./testing').GoTestingT | import('./context').GoContext
    | import('./sysio').SysValue, readonly method: string) {}
}

/**
 * What the core keeps of a value (finals, the debugger's variables): numbers, strings and
 * booleans as they are, anything else as `fmt` prints it. The interpreter keeps the value.
 */
export function shown(v: unknown): unknown {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : formatValue(v);
}

export function isSigNode(c: GoNode): boolean {
  const ch = c.t.charCodeAt(0);
  return ch >= 65 && ch <= 90;
}

export function isInPlace(v: unknown): boolean {
  return v instanceof GoStruct || v instanceof GoArray || v instanceof GoSync || v instanceof GoAtomic;
}

export function elemType(type: GoNode): GoNode | undefined {
  const s = sig(type);
  return s[s.length - 1];
}

export function fatal(message: string, at: SourceRange): ProgramError {
  const text = `fatal error: ${message}`;
  return new ProgramError(`${at.file}:${at.line}:${at.column}: ${text}`, at, text);
}

export function equal(a: unknown, b: unknown): boolean {
  if ((a instanceof GoSlice || a instanceof GoMap) && (b === null || b === undefined)) return a.isNil;
  if ((b instanceof GoSlice || b instanceof GoMap) && (a === null || a === undefined)) return b.isNil;
  if (a instanceof Duration && b instanceof Duration) return a.ns === b.ns;
  if (a instanceof Duration) return a.ns === b;
  if (b instanceof Duration) return a === b.ns;
  if (a instanceof GoPtr && b instanceof GoPtr) return a.cell === b.cell;
  if (a instanceof GoStruct && b instanceof GoStruct) return [...a.fields].every(([k, c]) => equal(c.value, b.fields.get(k)?.value));
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

export function mapKey(k: unknown): unknown {
  if (k instanceof Duration) return k.ns;
  if (k instanceof GoStruct) return formatValue(k, true);
  return k;
}

export function parseNumber(s: string): number {
  const t = s.replace(/_/g, '');
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  return Number(t);
}

export function parseString(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1).replace(/\r/g, '');
  const body = s.slice(1, -1).replace(/\\([abfv'])/g, (_m, c: string) => ({ a: '\x07', b: '\b', f: '\f', v: '\v', "'": "'" })[c]!)
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
    .replace(/\\U([0-9a-fA-F]{8})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
  return JSON.parse(`"${body}"`) as string;
}

export function convert(type: GoNode, v: unknown): unknown {
  const t = type.t === 'TypeName' ? type.s : type.t === 'QualifiedType' ? type.k.find((c) => c.t === 'TypeName')!.s : '';
  const n = v instanceof Duration ? v.ns : v;
  if (t === 'Duration') return new Duration(Number(n));
  if (t === 'string') return typeof n === 'number' ? String.fromCodePoint(n) : n;
  if (/^u?int/.test(t) || t === 'byte' || t === 'rune' || t === 'uintptr') return Math.trunc(Number(n));
  if (/^float/.test(t)) return Number(n);
  return v;
}
