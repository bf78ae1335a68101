/**
 * Long counting loops over plain arithmetic run in closed form, as the Go front end's
 * (src/frontends/go/fold.ts). `for i in range(n): total += i` with n twenty million is
 * 0.4 s of simulated CPU (costs.ts) but would be twenty million interpreted iterations;
 * when a loop over a `range` only adds to locals terms affine in the loop variable, the sum
 * is a formula. The loop's result and its cost are exactly what running it would give (the
 * interpreter pays the same computes at the same points, interp.ts `for`); only the
 * interpreter's own time is saved. Every other loop runs iteration by iteration.
 */
import type { Expr, Stmt } from './ast';
import { ARITH_NS, COMPARE_NS, FAST_NS, FOR_ITER_NS } from './costs';
import type { Frame } from './values';

/** A `range` this long (or longer) whose body is plain arithmetic on locals runs in closed form. */
export const FOLD_MIN_ITERATIONS = 1000;

/** Folding on (off only in the test that compares a folded loop with the interpreted one). */
export const folding = { on: true };

interface Affine { readonly c1: number; readonly c0: number; readonly ns: number; readonly bound: number }

/**
 * `e` as c1·i + c0, with everything but the loop variable `i` an int local the loop does not
 * assign; `ns` its cost as the interpreter charges it (interp.ts `sim`), `bound` the largest
 * magnitude any of its steps can reach. Undefined when it is not.
 */
function affine(e: Expr, i: string, maxI: number, assigned: ReadonlySet<string>, fr: Frame): Affine | undefined {
  switch (e.k) {
    case 'num': return e.float ? undefined : { c1: 0, c0: e.v, ns: FAST_NS, bound: Math.abs(e.v) };
    case 'name': {
      if (e.id === i) return { c1: 1, c0: 0, ns: FAST_NS, bound: maxI };
      if (assigned.has(e.id) || !plainLocal(e.id, fr)) return undefined;
      const v = fr.vars.get(e.id);
      return typeof v === 'number' && Number.isInteger(v) ? { c1: 0, c0: v, ns: FAST_NS, bound: Math.abs(v) } : undefined;
    }
    case 'unary': {
      if (e.op !== '-') return undefined;
      const a = affine(e.e, i, maxI, assigned, fr);
      return a && { c1: -a.c1, c0: -a.c0, ns: a.ns + COMPARE_NS, bound: a.bound };
    }
    case 'bin': {
      const a = affine(e.l, i, maxI, assigned, fr);
      const b = a && affine(e.r, i, maxI, assigned, fr);
      if (!a || !b) return undefined;
      const ns = a.ns + b.ns + ARITH_NS;
      switch (e.op) {
        case '+': return { c1: a.c1 + b.c1, c0: a.c0 + b.c0, ns, bound: a.bound + b.bound };
        case '-': return { c1: a.c1 - b.c1, c0: a.c0 - b.c0, ns, bound: a.bound + b.bound };
        case '*':
          if (a.c1 === 0) return { c1: a.c0 * b.c1, c0: a.c0 * b.c0, ns, bound: a.bound * b.bound };
          if (b.c1 === 0) return { c1: b.c0 * a.c1, c0: b.c0 * a.c0, ns, bound: a.bound * b.bound };
          return undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** A local of the running function held in its frame (not a cell an inner function shares, not global or nonlocal). */
function plainLocal(id: string, fr: Frame): boolean {
  return !fr.isClass && fr.fn.locals.has(id) && !fr.fn.globals.has(id) && !fr.fn.nonlocals.has(id) && !fr.fn.cells?.has(id);
}

export interface Fold {
  /** CPU time of one iteration, as the interpreter charges it. */
  readonly iterationNs: number;
  /** Sets the locals to their values after the loop (the loop variable to the last item). */
  readonly apply: () => void;
}

/**
 * The closed form of `for i in range(start, stop, step): x += e; y -= f; ...` (`pass` too),
 * when every update is to a distinct int local other than `i` and each term is affine in `i`
 * over int locals the loop does not assign; undefined (nothing done) otherwise. Exact: every
 * value the interpreted loop would reach stays below 2^53, where its float arithmetic is
 * integer arithmetic, else no fold.
 */
export function foldRange(body: readonly Stmt[], i: string, start: number, step: number, n: number, fr: Frame): Fold | undefined {
  if (!folding.on || n < FOLD_MIN_ITERATIONS || !Number.isInteger(start) || !Number.isInteger(step)) return undefined;
  const last = start + (n - 1) * step;
  const maxI = Math.max(Math.abs(start), Math.abs(last));
  const assigned = new Set<string>([i]);
  const updates: { id: string; sign: 1 | -1; v0: number; t: Affine }[] = [];
  let iterationNs = FOR_ITER_NS;
  for (const s of body) {
    if (s.k === 'pass') continue;
    if (s.k !== 'aug' || s.target.k !== 'name' || (s.op !== '+' && s.op !== '-')) return undefined;
    const id = s.target.id;
    if (assigned.has(id) || !plainLocal(id, fr)) return undefined;
    assigned.add(id);
  }
  for (const s of body) {
    if (s.k !== 'aug' || s.target.k !== 'name') continue;
    const id = s.target.id;
    const v0 = fr.vars.get(id);
    if (typeof v0 !== 'number' || !Number.isInteger(v0)) return undefined;
    const t = affine(s.value, i, maxI, assigned, fr);
    if (!t) return undefined;
    // interp.ts `aug` on a local: the load (FAST), the value, the operator, the store (FAST).
    iterationNs += FAST_NS + t.ns + ARITH_NS + FAST_NS;
    updates.push({ id, sign: s.op === '+' ? 1 : -1, v0, t });
  }
  for (const u of updates) {
    if (!(Math.abs(u.v0) + n * u.t.bound < Number.MAX_SAFE_INTEGER) || !Number.isSafeInteger(u.t.c1) || !Number.isSafeInteger(u.t.c0)) return undefined;
  }
  return {
    iterationNs,
    apply: () => {
      // Σ_{k<n} c1·(start + k·step) + c0, exactly.
      const N = BigInt(n);
      const sumI = N * BigInt(start) + (BigInt(step) * N * (N - 1n)) / 2n;
      for (const u of updates) fr.vars.set(u.id, Number(BigInt(u.v0) + BigInt(u.sign) * (BigInt(u.t.c1) * sumI + BigInt(u.t.c0) * N)));
      fr.vars.set(i, last);
    },
  };
}
