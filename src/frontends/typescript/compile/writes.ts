/**
 * Writes to shared state, each a step: `x = e`, compound assignments (`x += e` is a read,
 * then a write of the result), updates (`x++`, `o.f--`), and `for (x of xs)` into an
 * existing variable. A destructuring assignment to a shared variable is refused, since it
 * would write several variables in one step.
 */
import * as ts from 'typescript';
import { type Rewriter, skipParens } from './transform';

export class WriteRewriter {
  constructor(private readonly r: Rewriter) {}

  private get f(): ts.NodeFactory {
    return this.r.f;
  }

  assignment(node: ts.BinaryExpression): ts.Node {
    const left = skipParens(node.left);
    const op = node.operatorToken.kind;
    const sharedId = ts.isIdentifier(left) && this.r.isSharedVar(left);
    const prop = (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && this.r.calls.instrumentedReceiver(left);
    if (!sharedId && !prop) {
      if (op === ts.SyntaxKind.EqualsToken && this.sharedDestructuring(left)) return node;
      return ts.visitEachChild(node, this.r.visit, this.r.ctx);
    }
    const known = sharedId || this.r.calls.knownShared((left as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    if (!this.r.requireTaskCode(node, 'writing shared state', 'access', known)) return node;
    const at = this.r.loc(node);
    const rhs = this.r.visit(node.right) as ts.Expression;
    if (sharedId) {
      const cell = this.f.createIdentifier((left as ts.Identifier).text);
      const write = (v: ts.Expression) => this.r.delegate(this.r.il('wr'), [at, cell, v]);
      const read = () => this.r.delegate(this.r.il('rd'), [at, cell]);
      return this.combine(op, read, write, rhs);
    }
    const acc = left as ts.PropertyAccessExpression | ts.ElementAccessExpression;
    const objT = this.r.temp();
    const keyT = this.r.temp();
    const obj = this.r.visit(acc.expression) as ts.Expression;
    const { key, slot } = this.r.calls.propertyKey(acc);
    const assignObj = this.f.createAssignment(objT, obj);
    const assignKey = this.f.createAssignment(keyT, key);
    const slotArg = slot ? [slot] : [];
    if (op === ts.SyntaxKind.EqualsToken) return this.r.delegate(this.r.il('set'), [at, assignObj, assignKey, rhs, ...slotArg]);
    const read = () => this.r.delegate(this.r.il('get'), [at, objT, keyT, ...slotArg]);
    const write = (v: ts.Expression) => this.r.delegate(this.r.il('set'), [at, objT, keyT, v, ...slotArg]);
    const first = this.f.createCommaListExpression([assignObj, assignKey]);
    return this.f.createParenthesizedExpression(this.f.createCommaListExpression([first, this.combine(op, read, write, rhs)]));
  }

  /** `x op= e` as read, compute, write; `&&=`, `||=`, `??=` keep their short circuit. */
  private combine(op: ts.SyntaxKind, read: () => ts.Expression, write: (v: ts.Expression) => ts.Expression, rhs: ts.Expression): ts.Expression {
    if (op === ts.SyntaxKind.EqualsToken) return write(rhs);
    const logical: Partial<Record<ts.SyntaxKind, ts.BinaryOperator>> = {
      [ts.SyntaxKind.AmpersandAmpersandEqualsToken]: ts.SyntaxKind.AmpersandAmpersandToken,
      [ts.SyntaxKind.BarBarEqualsToken]: ts.SyntaxKind.BarBarToken,
      [ts.SyntaxKind.QuestionQuestionEqualsToken]: ts.SyntaxKind.QuestionQuestionToken,
    };
    const l = logical[op];
    if (l !== undefined) return this.f.createParenthesizedExpression(this.f.createBinaryExpression(read(), l, write(rhs)));
    const binary = COMPOUND[op];
    if (binary === undefined) return write(rhs);
    return write(this.f.createBinaryExpression(read(), binary, this.f.createParenthesizedExpression(rhs)));
  }

  /**
   * The instrumented write of `value` to `target` when it is shared state (`x`, `o.f`,
   * `a[i]`); undefined when it is plain, so the caller writes it as it stands.
   */
  sharedWrite(target: ts.Expression, value: ts.Expression, at: ts.Node): ts.Expression | undefined {
    const t = skipParens(target);
    const sharedId = ts.isIdentifier(t) && this.r.isSharedVar(t);
    const prop = (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) && this.r.calls.instrumentedReceiver(t);
    if (!sharedId && !prop) return undefined;
    if (!this.r.requireTaskCode(at, 'writing shared state', 'access', sharedId || this.r.calls.knownShared((t as ts.PropertyAccessExpression).expression))) return undefined;
    if (ts.isIdentifier(t)) return this.r.delegate(this.r.il('wr'), [this.r.loc(at), this.f.createIdentifier(t.text), value]);
    const acc = t as ts.PropertyAccessExpression | ts.ElementAccessExpression;
    const obj = this.r.visit(acc.expression) as ts.Expression;
    const { key, slot } = this.r.calls.propertyKey(acc);
    return this.r.delegate(this.r.il('set'), [this.r.loc(at), obj, key, value, ...(slot ? [slot] : [])]);
  }

  /** True (after reporting it) when a destructuring target writes a shared variable. */
  sharedDestructuring(target: ts.Expression): boolean {
    const t = skipParens(target);
    if (!(ts.isArrayLiteralExpression(t) || ts.isObjectLiteralExpression(t)) || !this.mentionsShared(t)) return false;
    this.r.error(t, 'a destructuring assignment to a shared variable is not supported', 'assign each variable on its own line, so each write is its own step');
    return true;
  }

  /**
   * `for (x of xs)` / `for (x in o)` where `x` is shared: each iteration writes `x`, a step.
   * The loop takes each value into a temporary and writes it first thing in the body.
   */
  loopIntoShared(node: ts.ForOfStatement | ts.ForInStatement): ts.Statement | undefined {
    const target = node.initializer as ts.Expression;
    if (this.sharedDestructuring(target)) return node;
    const value = this.r.temp();
    const write = this.sharedWrite(target, value, target);
    if (!write) return undefined;
    const body = this.f.createBlock([this.f.createExpressionStatement(write), this.r.visit(node.statement) as ts.Statement], true);
    const iterated = this.r.visit(node.expression) as ts.Expression;
    return ts.isForOfStatement(node)
      ? this.f.updateForOfStatement(node, node.awaitModifier, value, iterated, body)
      : this.f.updateForInStatement(node, value, iterated, body);
  }

  increment(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): ts.Node {
    const target = skipParens(node.operand);
    // The factory refuses a negative numeric literal (`createNumericLiteral(-1)` is a Debug
    // Failure): -1 is the unary minus applied to 1, as TypeScript's own parser builds it.
    const one = this.f.createNumericLiteral(1);
    const delta = node.operator === ts.SyntaxKind.PlusPlusToken ? one : this.f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, one);
    const post = ts.isPostfixUnaryExpression(node) ? this.f.createTrue() : this.f.createFalse();
    if (ts.isIdentifier(target) && this.r.isSharedVar(target)) {
      if (!this.r.requireTaskCode(node, `updating the shared variable \`${target.text}\``, 'access')) return node;
      return this.r.delegate(this.r.il('inc'), [this.r.loc(node), this.f.createIdentifier(target.text), delta, post]);
    }
    if ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && this.r.calls.instrumentedReceiver(target)) {
      if (!this.r.requireTaskCode(node, 'updating shared state', 'access', this.r.calls.knownShared(target.expression))) return node;
      const obj = this.r.visit(target.expression) as ts.Expression;
      const { key, slot } = this.r.calls.propertyKey(target);
      return this.r.delegate(this.r.il('pinc'), [this.r.loc(node), obj, key, delta, post, ...(slot ? [slot] : [])]);
    }
    return ts.visitEachChild(node, this.r.visit, this.r.ctx);
  }

  private mentionsShared(node: ts.Node): boolean {
    let found = false;
    const walk = (n: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n) && this.r.isSharedVar(n)) found = true;
      else if (ts.isShorthandPropertyAssignment(n) && this.r.isSharedVar(n.name)) found = true;
      ts.forEachChild(n, walk);
    };
    walk(node);
    return found;
  }
}

const COMPOUND: Partial<Record<ts.SyntaxKind, ts.BinaryOperator>> = {
  [ts.SyntaxKind.PlusEqualsToken]: ts.SyntaxKind.PlusToken,
  [ts.SyntaxKind.MinusEqualsToken]: ts.SyntaxKind.MinusToken,
  [ts.SyntaxKind.AsteriskEqualsToken]: ts.SyntaxKind.AsteriskToken,
  [ts.SyntaxKind.SlashEqualsToken]: ts.SyntaxKind.SlashToken,
  [ts.SyntaxKind.PercentEqualsToken]: ts.SyntaxKind.PercentToken,
  [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: ts.SyntaxKind.AsteriskAsteriskToken,
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: ts.SyntaxKind.LessThanLessThanToken,
  [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: ts.SyntaxKind.GreaterThanGreaterThanToken,
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  [ts.SyntaxKind.AmpersandEqualsToken]: ts.SyntaxKind.AmpersandToken,
  [ts.SyntaxKind.BarEqualsToken]: ts.SyntaxKind.BarToken,
  [ts.SyntaxKind.CaretEqualsToken]: ts.SyntaxKind.CaretToken,
};

export function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}
