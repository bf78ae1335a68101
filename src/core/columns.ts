/**
 * Typed-array columns indexed by task or goroutine id, grown by doubling as ids arrive (the
 * task times, the Go scheduler's per-G state, the wait watch): one helper for all of them.
 */
type Column = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

/** `a` itself when index `i` fits, else a copy with its length doubled until it does, the new slots set to `fill`. */
export function grownToFit<T extends Column>(a: T, i: number, fill = 0): T {
  if (i < a.length) return a;
  let n = Math.max(1, a.length) * 2;
  while (n <= i) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
