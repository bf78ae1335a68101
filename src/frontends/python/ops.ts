/**
 * Python's operators on the interpreter's values (Objects/longobject.c, floatobject.c,
 * unicodeobject.c, listobject.c): arithmetic with int/float promotion, comparisons,
 * membership, and the format mini-language f-strings use.
 */
import { hashKey, PyDict, PyFloat, PyList, PyRange, PySet, PyTuple, repr, str, typeName } from './values';

/** A Python exception raised by an operator, by type name (the interpreter turns it into an instance). */
export class PyError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v instanceof PyFloat ? v.v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;

function arith(op: string, a: unknown, b: unknown): unknown {
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) return undefined;
  const float = a instanceof PyFloat || b instanceof PyFloat;
  const wrap = (r: number) => (float ? new PyFloat(r) : r);
  switch (op) {
    case '+': return wrap(x + y);
    case '-': return wrap(x - y);
    case '*': return wrap(x * y);
    case '/':
      if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
      return new PyFloat(x / y);
    case '//':
      if (y === 0) throw new PyError('ZeroDivisionError', 'integer division or modulo by zero');
      return wrap(Math.floor(x / y));
    case '%':
      if (y === 0) throw new PyError('ZeroDivisionError', 'integer modulo by zero');
      return wrap(((x % y) + y) % y);
    case '**': return float || y < 0 ? new PyFloat(x ** y) : x ** y;
    case '<<': return x * 2 ** y;
    case '>>': return Math.floor(x / 2 ** y);
    case '&': return Number(BigInt(x) & BigInt(y));
    case '|': return Number(BigInt(x) | BigInt(y));
    case '^': return Number(BigInt(x) ^ BigInt(y));
  }
  return undefined;
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (a instanceof PyList && b instanceof PyList) return a.items.length === b.items.length && a.items.every((v, i) => equal(v, b.items[i]));
  if (a instanceof PyTuple && b instanceof PyTuple) return a.items.length === b.items.length && a.items.every((v, i) => equal(v, b.items[i]));
  if (a instanceof PyDict && b instanceof PyDict) return a.map.size === b.map.size && [...a.map.entries()].every(([h, [, v]]) => b.map.has(h) && equal(v, b.map.get(h)![1]));
  if (a instanceof PySet && b instanceof PySet) return a.map.size === b.map.size && [...a.map.keys()].every((h) => b.map.has(h));
  return false;
}

export function compare(a: unknown, b: unknown): number {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      if (!equal(a.items[i], b.items[i])) return compare(a.items[i], b.items[i]);
    }
    return a.items.length - b.items.length;
  }
  throw new PyError('TypeError', `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (container instanceof PyList || container instanceof PyTuple) return container.items.some((v) => equal(v, item));
  if (container instanceof PyDict) return container.map.has(hashKey(item));
  if (container instanceof PySet) return container.map.has(hashKey(item));
  if (container instanceof PyRange) {
    const n = num(item);
    return n !== undefined && Number.isInteger(n) && (n - container.start) % container.step === 0 && (container.step > 0 ? n >= container.start && n < container.stop : n <= container.start && n > container.stop);
  }
  throw new PyError('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

/** `a op b` for the operators that need no call into user code. */
export function binop(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==': return equal(a, b);
    case '!=': return !equal(a, b);
    case '<': return compare(a, b) < 0;
    case '<=': return compare(a, b) <= 0;
    case '>': return compare(a, b) > 0;
    case '>=': return compare(a, b) >= 0;
    case 'is': return a === b || (a === null && b === null);
    case 'is not': return !(a === b);
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
  }
  const r = arith(op, a, b);
  if (r !== undefined) return r;
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  }
  if (op === '*') {
    const [seq, n] = typeof b === 'number' ? [a, b] : [b, a];
    if (typeof n === 'number') {
      if (typeof seq === 'string') return seq.repeat(Math.max(0, n));
      if (seq instanceof PyList) return new PyList(Array.from({ length: Math.max(0, n) }, () => seq.items).flat());
      if (seq instanceof PyTuple) return new PyTuple(Array.from({ length: Math.max(0, n) }, () => seq.items).flat());
    }
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b instanceof PyTuple ? b.items : [b]);
  if (a instanceof PySet && b instanceof PySet && (op === '|' || op === '&' || op === '-')) {
    const out = new PySet();
    if (op === '|') { for (const v of a.map.values()) out.add(v); for (const v of b.map.values()) out.add(v); }
    else for (const v of a.map.values()) if (b.has(v) === (op === '&')) out.add(v);
    return out;
  }
  throw new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function unop(op: string, v: unknown): unknown {
  const x = num(v);
  if (x === undefined) throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
  if (op === '-') return v instanceof PyFloat ? new PyFloat(-x) : -x;
  if (op === '+') return v instanceof PyFloat ? v : x;
  if (op === '~') return -x - 1;
  throw new PyError('TypeError', `bad operand for ${op}`);
}

function percentFormat(fmt: string, args: readonly unknown[]): string {
  let i = 0;
  return fmt.replace(/%([-0 +]*\d*(?:\.\d+)?)([sdrfi%])/g, (_m, spec: string, conv: string) => {
    if (conv === '%') return '%';
    const v = args[i++];
    if (conv === 's') return format(str(v), spec);
    if (conv === 'r') return format(repr(v), spec);
    return format(v, spec + (conv === 'i' ? 'd' : conv));
  });
}

/** format(value, spec): the format mini-language's common part (fill, align, sign, width, `,`/`_`, precision, type). */
export function format(v: unknown, spec: string): string {
  if (!spec) return str(v);
  const m = /^(?:(.)?([<>^=]))?([+\- ]?)(#?)(0?)(\d*)([,_]?)(?:\.(\d+))?([bcdeEfFgGnosxX%]?)$/.exec(spec);
  if (!m) throw new PyError('ValueError', `Invalid format specifier '${spec}'`);
  const [, fill = ' ', align, sign, , zero, width, group, precision, type] = m;
  const n = num(v);
  let body: string;
  if (n !== undefined && typeof v !== 'boolean' || (n !== undefined && type)) {
    const x = n!;
    const p = precision === undefined ? undefined : Number(precision);
    switch (type) {
      case 'f': case 'F': body = Math.abs(x).toFixed(p ?? 6); break;
      case 'e': case 'E': body = Math.abs(x).toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2'); break;
      case '%': body = (Math.abs(x) * 100).toFixed(p ?? 6) + '%'; break;
      case 'd': case 'n': body = String(Math.abs(Math.trunc(x))); break;
      case 'x': case 'X': body = Math.abs(x).toString(16); if (type === 'X') body = body.toUpperCase(); break;
      case 'b': body = Math.abs(x).toString(2); break;
      case 'o': body = Math.abs(x).toString(8); break;
      case 'g': case 'G': body = String(Number(Math.abs(x).toPrecision(p || 6))); break;
      default: body = p !== undefined ? Math.abs(x).toFixed(p) : str(v instanceof PyFloat ? new PyFloat(Math.abs(x)) : Math.abs(x));
    }
    if (group) {
      const [int, frac] = body.split('.');
      body = int.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (frac !== undefined ? '.' + frac : '');
    }
    const s = x < 0 || Object.is(x, -0) && type === 'f' ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    if (zero && !align) return s + body.padStart(Math.max(0, Number(width) - s.length), '0');
    body = s + body;
  } else {
    body = str(v);
    if (precision !== undefined) body = body.slice(0, Number(precision));
  }
  const w = Number(width || 0);
  if (body.length >= w) return body;
  const pad = w - body.length;
  const a = align || (n !== undefined && typeof v !== 'string' ? '>' : '<');
  if (a === '<') return body + fill.repeat(pad);
  if (a === '^') return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
  return fill.repeat(pad) + body;
}
