/**
 * The loops of a `.sim.ts` file and which of them are pure, for the untimed model's spin
 * detection (core/engine/spin.ts, core/program.ts `LoopSite`).
 *
 * A loop is pure when one iteration can change nothing but the path it takes: it
 * assigns no local variable declared outside the loop (shared variables it may write:
 * each write is an op, which the engine sees), declares no `var`, creates no function
 * or object with `new`, and calls nothing but the read-only primitives (`gosched()`,
 * `Chan.len()`, `AtomicInt.load()`). Reads of shared state are allowed: they are the
 * ops the engine sees. Then every iteration that comes back to the loop's head leaves
 * the task as it found it, which is what lets the engine park a task that keeps reading
 * the same values (the static half of GenMC's spin-assume transformation: Kokologiannakis
 * et al., "Effective lock handling in stateless model checking", OOPSLA 2019).
 * The check is syntactic and errs towards "not pure": a loop it refuses is only explored
 * the slow way. Not modelled: a getter or a Proxy trap with side effects reached by a
 * property read inside the loop.
 */
import * as ts from 'typescript';
import type { LoopSite } from '../../../core/program';
import { apiKey, apiKeysWhere } from '../module/api';
import type { Analysis } from './analyze';
import type { LocationTable } from './locations';

/** Primitives an iteration may call: they read, or give up the processor, and change nothing. */
const READ_ONLY_CALLS = apiKeysWhere((m) => m.readOnly === true);

type Loop = ts.WhileStatement | ts.DoStatement | ts.ForStatement | ts.ForOfStatement | ts.ForInStatement;

function isLoop(n: ts.Node): n is Loop {
  return ts.isWhileStatement(n) || ts.isDoStatement(n) || ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n);
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

export function loopSites(analysis: Analysis, source: ts.SourceFile, locs: LocationTable): LoopSite[] {
  const out: LoopSite[] = [];
  const visit = (n: ts.Node): void => {
    if (isLoop(n)) {
      const pure = isPure(analysis, n);
      const locals = pure ? conditionLocals(analysis, n) : [];
      out.push({ at: locs.rangeOf(n), pure, ...(locals.length > 0 ? { locals } : {}) });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** The task's own variables (not shared) a loop's condition tests, by name, for the livelock message. */
function conditionLocals(analysis: Analysis, loop: Loop): string[] {
  const cond = ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : ts.isForStatement(loop) ? loop.condition : undefined;
  const out = new Set<string>();
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
      const sym = analysis.checker.getSymbolAtLocation(n);
      const d = sym?.valueDeclaration;
      if (sym && d && d.getSourceFile() === loop.getSourceFile() && (ts.isVariableDeclaration(d) || ts.isParameter(d))
        && !analysis.sharedVars.has(sym) && !analysis.sharedConsts.has(sym)) out.add(sym.name);
    }
    ts.forEachChild(n, walk);
  };
  if (cond) walk(cond);
  return [...out];
}

const pureMemo = new WeakMap<ts.Node, boolean>();

/** Whether an iteration of `loop` can change nothing but the path it takes (see the file's comment). */
export function isPureLoop(analysis: Analysis, loop: ts.Node): boolean {
  if (!isLoop(loop)) return false;
  let p = pureMemo.get(loop);
  if (p === undefined) pureMemo.set(loop, (p = isPure(analysis, loop)));
  return p;
}

function isPure(analysis: Analysis, loop: Loop): boolean {
  // An iterator, an initializer or an incrementor is state that moves every iteration.
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  if (ts.isForStatement(loop) && (loop.initializer || loop.incrementor)) return false;
  const inside = (d: ts.Node | undefined): boolean => d !== undefined && d.getSourceFile() === loop.getSourceFile()
    && d.getStart() >= loop.getStart() && d.getEnd() <= loop.getEnd();
  /**
   * An assignment target is fine when it is a variable declared inside the loop (fresh each
   * iteration), or a shared variable: every write to one is an op the engine sees, and a
   * write ends the engine's window of unchanged reads (spin.ts), so only an iteration that
   * took the branch without it can count as a spin (Dekker's `while (want1) { if (turn !== 0)
   * { want0 = false; … } }` while it is its turn).
   */
  const localTarget = (target: ts.Expression): boolean => {
    while (ts.isParenthesizedExpression(target)) target = target.expression;
    if (!ts.isIdentifier(target)) return false;
    const sym = analysis.checker.getSymbolAtLocation(target);
    return sym !== undefined && (analysis.sharedVars.has(sym) || inside(sym.valueDeclaration));
  };
  let pure = true;
  const check = (n: ts.Node): void => {
    if (!pure) return;
    if (isFunctionLikeOrClass(n) || ts.isNewExpression(n) || ts.isDeleteExpression(n) || ts.isAwaitExpression(n)
      || ts.isYieldExpression(n) || ts.isTaggedTemplateExpression(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) {
      pure = false;
      return;
    }
    if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      pure = false;
      return;
    }
    if (ts.isBinaryExpression(n) && isAssignmentOperator(n.operatorToken.kind) && !localTarget(n.left)) {
      pure = false;
      return;
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n))
      && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) && !localTarget(n.operand)) {
      pure = false;
      return;
    }
    if (ts.isCallExpression(n)) {
      const intr = analysis.intrinsicOf(n.expression);
      if (!intr || !READ_ONLY_CALLS.has(apiKey(intr.name, intr.owner))) {
        pure = false;
        return;
      }
    }
    ts.forEachChild(n, check);
  };
  ts.forEachChild(loop, check);
  return pure;
}

function isFunctionLikeOrClass(n: ts.Node): boolean {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
    || ts.isClassDeclaration(n) || ts.isClassExpression(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);
}
