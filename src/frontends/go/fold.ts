/**
 * Long counting loops over plain arithmetic run in closed form. `for n := 0; n < N; n++
 * { total += n }` with N a billion is 1.25 s of simulated CPU (costs.ts) but would be a
 * billion interpreted iterations; when a loop's body only adds to locals that nothing
 * else in the loop reads, terms affine in the loop variable, the sum is a formula. The
 * loop's result and its cost are exactly what running it would give; only the
 * interpreter's own time is saved. Every other loop runs iteration by iteration.
 */
import { FOLD_MIN_ITERATIONS, STATEMENT_NS } from './costs';
import type { Ops } from './ops';
import type { Goroutine, Scope } from './scope';
import { type GoNode, sig } from './syntax';

interface Affine { readonly c1: number; readonly c0: number }

function localValue(name: string, scope: Scope): number | undefined {
  const cell = scope.lookup(name);
  if (!cell || cell.id !== undefined || typeof cell.value !== 'number') return undefined;
  return cell.value;
}

/** `e` as c1·i + c0, with everything but the loop variable `i` invariant in the loop; undefined when it is not. */
function affine(e: GoNode, i: string, assigned: ReadonlySet<string>, scope: Scope): Affine | undefined {
  switch (e.t) {
    case 'Number': {
      const v = Number(e.s.replace(/_/g, ''));
      return Number.isFinite(v) && /^[0-9_.]+$/.test(e.s) ? { c1: 0, c0: v } : undefined;
    }
    case 'VariableName': {
      if (e.s === i) return { c1: 1, c0: 0 };
      if (assigned.has(e.s)) return undefined;
      const v = localValue(e.s, scope);
      return v === undefined ? undefined : { c1: 0, c0: v };
    }
    case 'ParenthesizedExpr': return affine(sig(e)[0], i, assigned, scope);
    case 'UnaryExp': {
      if (e.k[0].s !== '-') return undefined;
      const a = affine(e.k[1], i, assigned, scope);
      return a && { c1: -a.c1, c0: -a.c0 };
    }
    case 'BinaryExp': {
      const a = affine(e.k[0], i, assigned, scope);
      const b = affine(e.k[2], i, assigned, scope);
      if (!a || !b) return undefined;
      switch (e.k[1].s) {
        case '+': return { c1: a.c1 + b.c1, c0: a.c0 + b.c0 };
        case '-': return { c1: a.c1 - b.c1, c0: a.c0 - b.c0 };
        case '*':
          if (a.c1 === 0) return { c1: a.c0 * b.c1, c0: a.c0 * b.c0 };
          if (b.c1 === 0) return { c1: b.c0 * a.c1, c0: b.c0 * a.c0 };
          return undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** Number of iterations of `i` from `a` by `step` while `i op b` holds; undefined when it is not a plain count. */
function iterations(a: number, op: string, b: number, step: number): number | undefined {
  if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(step) || step === 0) return undefined;
  if (step > 0 && (op === '<' || op === '<=')) return Math.max(0, Math.floor((b - a + (op === '<=' ? step : step - 1)) / step));
  if (step < 0 && (op === '>' || op === '>=')) return Math.max(0, Math.floor((a - b + (op === '>=' ? -step : -step - 1)) / -step));
  return undefined;
}

/**
 * Runs the loop in closed form when it can (its init has run already); false leaves the
 * loop to the interpreter, untouched.
 */
export function foldLoop(it: Ops, loop: GoNode, init: GoNode | undefined, cond: GoNode | undefined, post: GoNode | undefined,
  body: GoNode, scope: Scope, g: Goroutine): boolean {
  if (!init || !cond || !post || init.t !== 'VarDecl') return false;
  const names = init.k.filter((c) => c.t === 'DefName');
  if (names.length !== 1) return false;
  const i = names[0].s;
  const iCell = scope.vars.get(i);
  if (!iCell || iCell.id !== undefined || typeof iCell.value !== 'number') return false;
  // Post: i++, i--, i += c, i -= c.
  let step: number;
  if (post.t === 'IncDecStatement' && post.k[0].t === 'VariableName' && post.k[0].s === i) step = post.k[1].s === '++' ? 1 : -1;
  else if (post.t === 'Assignment' && post.k[0].t === 'VariableName' && post.k[0].s === i && post.k[1].t === 'UpdateOp'
    && (post.k[1].s === '+=' || post.k[1].s === '-=') && post.k[2]?.t === 'Number') step = Number(post.k[2].s.replace(/_/g, '')) * (post.k[1].s === '-=' ? -1 : 1);
  else return false;
  // Body: x += e, x -= e, x++, x-- on distinct locals, nothing else.
  const stmts = sig(body);
  const assigned = new Set<string>([i]);
  const updates: { cell: NonNullable<ReturnType<Scope['lookup']>>; sign: number; e: GoNode | undefined }[] = [];
  for (const s of stmts) {
    const target = s.k[0];
    if (target?.t !== 'VariableName' || target.s === i || assigned.has(target.s)) return false;
    assigned.add(target.s);
  }
  for (const s of stmts) {
    const cell = scope.lookup(s.k[0].s);
    if (!cell || cell.id !== undefined || typeof cell.value !== 'number') return false;
    if (s.t === 'IncDecStatement') updates.push({ cell, sign: s.k[1].s === '++' ? 1 : -1, e: undefined });
    else if (s.t === 'Assignment' && s.k.length === 3 && s.k[1].t === 'UpdateOp' && (s.k[1].s === '+=' || s.k[1].s === '-=')) {
      updates.push({ cell, sign: s.k[1].s === '+=' ? 1 : -1, e: s.k[2] });
    } else return false;
  }
  // Condition: i < b (b invariant).
  if (cond.t !== 'BinaryExp' || cond.k[0].t !== 'VariableName' || cond.k[0].s !== i || cond.k[1].t !== 'CompareOp') return false;
  const bound = affine(cond.k[2], i, assigned, scope);
  if (!bound || bound.c1 !== 0) return false;
  const a = iCell.value;
  const n = iterations(a, cond.k[1].s, bound.c0, step);
  if (n === undefined || n < FOLD_MIN_ITERATIONS) return false;
  const terms: Affine[] = [];
  for (const u of updates) {
    const t = u.e ? affine(u.e, i, assigned, scope) : { c1: 0, c0: 1 };
    if (!t || !Number.isInteger(t.c1) || !Number.isInteger(t.c0)) return false;
    terms.push(t);
  }
  // Σ_{k<n} c1·(a + k·step) + c0, exactly, then wrapped to int64 as Go's int arithmetic wraps.
  const N = BigInt(n);
  const sumI = N * BigInt(a) + (BigInt(step) * N * (N - 1n)) / 2n;
  updates.forEach((u, k) => {
    const t = terms[k];
    const delta = BigInt(t.c1) * sumI + BigInt(t.c0) * N;
    const next = BigInt.asIntN(64, BigInt(u.cell.value as number) + BigInt(u.sign) * delta);
    u.cell.value = Number(next);
  });
  iCell.value = a + n * step;
  if (g.fixedCost === 0) {
    g.owedNs += loop.costNs !== undefined ? n * loop.costNs : n * (stmts.length + 1) * STATEMENT_NS;
    g.owedAt = it.at(loop);
  }
  return true;
}
