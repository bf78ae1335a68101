/**
 * Calls, `new`, `for (... of ch.range())` and `critical(name)` sections: the parts of the
 * rewrite that decide, per call site, whether it is a step (`interleave`), a call into a
 * simulated function (`yield*`), a plain call into JavaScript's library, or a call the
 * checker cannot see through (decided at run time by `__il.call`).
 */
import * as ts from 'typescript';
import { API_CLASSES, API_MEMBERS, apiKey } from '../module/api';
import { isFunctionLike } from './analyze';
import { type Rewriter, skipParens } from './transform';

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

export class CallRewriter {
  private sectionCounter = 0;
  private rangeCounter = 0;

  constructor(private readonly r: Rewriter) {}

  private get f(): ts.NodeFactory {
    return this.r.f;
  }

  private args(list: readonly ts.Expression[]): ts.Expression[] {
    return list.map((a) => this.r.visit(a) as ts.Expression);
  }

  call(node: ts.CallExpression): ts.Node {
    const r = this.r;
    const a = r.a;
    const intr = a.intrinsicOf(node.expression);
    if (intr) {
      const label = intr.owner ? `\`${node.expression.getText(a.source)}()\`` : `\`${intr.name}()\``;
      if (!r.requireTaskCode(node, `calling ${label}`)) return node;
      const at = r.loc(node);
      if (intr.owner) {
        if (API_MEMBERS.get(apiKey(intr.name, intr.owner))?.rewrite === 'range-loop') {
          r.error(node, '`range()` works only as the iterable of a for-of loop', 'write `for (const v of ch.range()) { ... }`');
          return node;
        }
        const recv = r.visit((node.expression as ts.PropertyAccessExpression).expression) as ts.Expression;
        return r.delegate(this.f.createPropertyAccessExpression(recv, intr.name), [at, ...this.args(node.arguments)]);
      }
      const rewrite = API_MEMBERS.get(intr.name)?.rewrite;
      if (rewrite === 'start-task') {
        const [fn, ...rest] = node.arguments;
        if (!fn) return node;
        const argNames = this.f.createArrayLiteralExpression(rest.map((x, i) => r.str(ts.isIdentifier(x) ? x.text : `arg${i + 1}`)));
        return r.delegate(r.il('f', intr.name), [at, r.str(r.taskName(fn)), r.visit(fn) as ts.Expression, this.f.createArrayLiteralExpression(this.args(rest)), argNames]);
      }
      if (rewrite === 'section') {
        const [first, second] = node.arguments;
        const fnArg = second ?? (first && !isStringy(first) ? first : undefined);
        const nameArg = first && isStringy(first) ? (r.visit(first) as ts.Expression) : r.str(`critical@${r.locs.rangeOf(node).line}`);
        return r.delegate(r.il('f', 'critical'), [at, nameArg, fnArg ? (r.visit(fnArg) as ts.Expression) : this.f.createIdentifier('undefined')]);
      }
      return r.delegate(r.il('f', intr.name), [at, ...this.args(node.arguments)]);
    }
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword && r.genInit !== null) {
      // `super(...)` in a class constructed step by step: the base's construction, then `this` (transform.ts, genClass).
      const base = this.f.createElementAccessExpression(this.f.createSuper(), r.il('INIT'));
      return this.f.createParenthesizedExpression(this.f.createCommaListExpression([r.delegate(base, this.args(node.arguments)), this.f.createThis()]));
    }
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword || node.expression.kind === ts.SyntaxKind.ImportKeyword) return ts.visitEachChild(node, r.visit, r.ctx);
    const bound = this.boundFunction(node);
    if (bound) return bound;
    const decl = a.calleeDecl(node);
    const callee = skipParens(node.expression);
    const isMember = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee);
    const recv = isMember ? (r.visit(callee.expression) as ts.Expression) : undefined;
    const key = isMember ? (ts.isPropertyAccessExpression(callee) ? r.str(callee.name.text) : (r.visit(callee.argumentExpression) as ts.Expression)) : undefined;
    const rebuiltCallee = (): ts.Expression => {
      if (!isMember) return r.visit(node.expression) as ts.Expression;
      if (ts.isPropertyAccessExpression(callee)) {
        return callee.questionDotToken && r.isOpenLink(callee) ? this.f.createPropertyAccessChain(recv!, callee.questionDotToken, callee.name) : this.f.createPropertyAccessExpression(recv!, callee.name);
      }
      return this.f.createElementAccessExpression(recv!, key!);
    };
    const args = this.args(node.arguments);
    // `f.call(...)`, `f.apply(...)`, `f.bind(...)(...)` of a simulated function return its
    // generator; it runs here, as a direct call would.
    const indirect = a.indirectCallee(node);
    if (a.isUserGen(indirect)) {
      if (!r.requireTaskCode(node, `calling \`${node.expression.getText(a.source)}\`, a simulated function,`, 'access')) return node;
      return r.delegate(rebuiltCallee(), args);
    }
    if (a.isUserGen(decl)) {
      const name = ts.isIdentifier(callee) ? callee.text : node.expression.getText(a.source);
      if (!r.requireTaskCode(node, `calling \`${name}\`, a simulated function,`, 'access')) return node;
      return r.delegate(rebuiltCallee(), args);
    }
    const known = decl !== undefined && (decl.getSourceFile() !== a.source || isFunctionLike(decl));
    if (r.isOpenLink(node) || (isMember && ts.isPropertyAccessExpression(callee) && r.isOpenLink(callee))) {
      const optional = !continuesChain(node) && !(isMember && r.openLinkIn(callee.expression))
        ? this.optionalCall(node, isMember ? recv! : (r.visit(node.expression) as ts.Expression), isMember ? key! : undefined, args, r.isOpenLink(node))
        : undefined;
      return optional ?? this.f.updateCallExpression(node, rebuiltCallee(), undefined, args);
    }
    if (isMember && this.instrumentedReceiver(callee)) {
      r.requireTaskCode(node, 'calling a method of shared state', 'access', this.knownShared(callee.expression));
      return r.delegate(r.il('mcall'), [this.methodAt(node), recv!, key!, this.f.createArrayLiteralExpression(args)]);
    }
    if (known) {
      this.noteUnreadArguments(node, decl!);
      return this.f.updateCallExpression(node, rebuiltCallee(), undefined, this.wholeReads(node, this.plainCallbacks(node, args)));
    }
    if (isMember) return r.delegate(r.il('mcall'), [this.methodAt(node), recv!, key!, this.f.createArrayLiteralExpression(args)]);
    return r.delegate(r.il('call'), [r.loc(node), rebuiltCallee(), this.f.createArrayLiteralExpression(args)]);
  }

  /**
   * Where a method call is: the call; for a promise's `.then`/`.catch`/`.finally`, the method's
   * name, on the line a chain written one call a line shows it (the event loop names a chain's
   * lane after it: then@12).
   */
  private methodAt(node: ts.CallExpression): ts.Expression {
    const callee = skipParens(node.expression);
    return ts.isPropertyAccessExpression(callee) && PROMISE_METHODS.has(callee.name.text) ? this.r.loc(callee.name) : this.r.loc(node);
  }

  /**
   * A library function called directly (`Array.from(xs, fmt)`, `s.replace(re, fmt)`) calls
   * the functions it is given as plain JavaScript: a simulated one passed by name is wrapped
   * (`__il.plainFn`), so it runs with its steps taken at once instead of returning a generator.
   */
  private plainCallbacks(node: ts.CallExpression, args: ts.Expression[]): ts.Expression[] {
    const a = this.r.a;
    return args.map((arg, i) => {
      const orig = skipParens(node.arguments[i]);
      if (isFunctionLike(orig) || ts.isSpreadElement(orig)) return arg;
      if (a.checker.getTypeAtLocation(orig).getCallSignatures().length === 0) return arg;
      return this.f.createCallExpression(this.r.il('plainFn'), undefined, [arg]);
    });
  }

  /**
   * `f?.()`, `o?.m()`, `o.m?.()` at the end of a chain: the call may be a simulated function
   * (`onDone?.()`), so it runs through `__il.call`/`__il.mcall` once the checks pass.
   */
  private optionalCall(node: ts.CallExpression, target: ts.Expression, key: ts.Expression | undefined, args: ts.Expression[], calleeOptional: boolean): ts.Expression {
    const r = this.r;
    const t = r.temp();
    const nullish = (e: ts.Expression) => this.f.createBinaryExpression(e, ts.SyntaxKind.EqualsEqualsToken, this.f.createNull());
    const list = this.f.createArrayLiteralExpression(args);
    if (key === undefined) {
      const run = r.delegate(r.il('call'), [r.loc(node), t, list]);
      return this.f.createParenthesizedExpression(this.f.createConditionalExpression(nullish(this.f.createAssignment(t, target)),
        undefined, this.f.createIdentifier('undefined'), undefined, run));
    }
    const k = r.temp();
    const run = r.delegate(r.il('mcall'), [r.loc(node), t, k, list]);
    const receiverOptional = ts.isPropertyAccessExpression(skipParens(node.expression)) && r.isOpenLink(skipParens(node.expression));
    let test: ts.Expression = this.f.createFalse();
    if (receiverOptional) test = nullish(t);
    if (calleeOptional) test = this.f.createLogicalOr(test, nullish(this.f.createElementAccessExpression(t, k)));
    const setup = this.f.createCommaListExpression([this.f.createAssignment(t, target), this.f.createAssignment(k, key)]);
    return this.f.createParenthesizedExpression(this.f.createCommaListExpression([setup,
      this.f.createConditionalExpression(test, undefined, this.f.createIdentifier('undefined'), undefined, run)]));
  }

  /**
   * `f.bind(obj, ...args)` handed on (not called at once): the bound `obj` and arguments go
   * wherever the function goes, maybe another task, so they are shared (`__il.bindShared`).
   */
  private boundFunction(node: ts.CallExpression): ts.Expression | undefined {
    const r = this.r;
    const callee = skipParens(node.expression);
    if (!r.gen || !ts.isPropertyAccessExpression(callee) || callee.name.text !== 'bind' || callee.questionDotToken) return undefined;
    if (ts.isCallExpression(node.parent) && node.parent.expression === node) return undefined;
    if (r.a.checker.getTypeAtLocation(callee.expression).getCallSignatures().length === 0) return undefined;
    const [self, ...rest] = node.arguments;
    if (!self || rest.some(ts.isSpreadElement)) return undefined;
    const name = ts.isIdentifier(self) ? self.text : 'bound';
    return this.f.createCallExpression(r.il('bindShared'), undefined, [r.visit(callee.expression) as ts.Expression, r.visit(self) as ts.Expression,
      r.str(name), this.f.createArrayLiteralExpression(this.args(rest))]);
  }

  /**
   * A library function given an object that may be shared, where the rewrite does not know
   * what the function reads of it (not a whole reader, not a function that only looks at
   * the object's identity): what it reads or writes there takes no step, so an information
   * diagnostic says so at the argument (issue 18: no shared access uninstrumented in silence).
   */
  private noteUnreadArguments(node: ts.CallExpression, decl: ts.Node): void {
    const r = this.r;
    if (decl.getSourceFile() === r.a.source || r.a.isFromDts(decl)) return;
    const callee = node.expression.getText(r.a.source);
    if (IDENTITY_ONLY.has(callee) || /\.apply$/.test(callee)) return;
    const from = WHOLE_READERS.get(callee) ?? Infinity;
    const target = skipParens(node.expression);
    // A method of a library object that is not shared (`localList.includes(o)`, `s.split(x)`)
    // compares or stores what it is given; only functions of the library's namespaces read into it.
    if ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && !this.isLibraryNamespace(target.expression)) return;
    node.arguments.forEach((arg, i) => {
      if (i >= from || ts.isSpreadElement(arg) || isFunctionLike(skipParens(arg))) return;
      if (r.a.checker.getTypeAtLocation(arg).getCallSignatures().length > 0 || !this.maySharedValue(arg)) return;
      r.notes.push({
        message: `\`${callee}\` is given \`${arg.getText(r.a.source)}\`, which may be shared: what it reads or writes of it takes no simulated step`,
        hint: 'read the fields you need first (`const { a, b } = o`), or copy it (`{ ...o }`): those take their steps',
        at: r.locs.rangeOf(arg), severity: 'information',
      });
    });
  }

  /** `Object`, `Reflect`, `Math`, `Array`: a global of the library (not a value of the program). */
  private isLibraryNamespace(e: ts.Expression): boolean {
    const x = skipParens(e);
    if (!ts.isIdentifier(x)) return false;
    const d = this.r.a.symbolOf(x)?.declarations?.[0];
    return d !== undefined && d.getSourceFile() !== this.r.a.source && !this.r.a.isFromDts(d);
  }

  /**
   * `JSON.stringify(o)`, `Object.keys(o)` and their kind read every field of the objects
   * they are given: a shared one is read as a whole first (`__il.readAll`).
   */
  private wholeReads(node: ts.CallExpression, args: ts.Expression[]): ts.Expression[] {
    const callee = node.expression.getText(this.r.a.source);
    // `Math.max.apply(null, arr)`, `Reflect.apply(f, t, arr)`: the argument list is read whole.
    const from = WHOLE_READERS.get(callee) ?? (/\.apply$/.test(callee) ? 1 : undefined);
    if (from === undefined) return args;
    node.arguments.forEach((arg, i) => { if (i >= from) this.noteImplicitAccessors(arg, `\`${callee}\``); });
    return args.map((arg, i) => (i >= from && !ts.isSpreadElement(node.arguments[i]) && this.maySharedValue(node.arguments[i])
      ? this.r.readAll(node.arguments[i], arg) : arg));
  }

  /**
   * A getter or setter of an object literal is an own property: JSON.stringify, spread,
   * Object.assign and Object.values run it by themselves, as plain JavaScript (the accessor
   * runs its simulated body through `__il.now`): what it touches of shared state is then one
   * atomic step, which an information diagnostic says at the argument (issue 18). Found by
   * type, through properties and array elements, three levels deep.
   */
  noteImplicitAccessors(arg: ts.Expression, by: string): void {
    const r = this.r;
    const checker = r.a.checker;
    const found = new Map<string, ts.Node>();
    const seen = new Set<ts.Type>();
    const walk = (t: ts.Type, depth: number): void => {
      if (depth > 3 || seen.has(t)) return;
      seen.add(t);
      if (t.isUnion() || t.isIntersection()) { for (const u of t.types) walk(u, depth); return; }
      if (checker.isArrayType(t) || checker.isTupleType(t)) { for (const e of checker.getTypeArguments(t as ts.TypeReference)) walk(e, depth + 1); return; }
      for (const p of t.getProperties()) {
        const d = p.declarations?.[0];
        if (d && d.getSourceFile() === r.a.source && (ts.isGetAccessorDeclaration(d) || ts.isSetAccessorDeclaration(d)) && ts.isObjectLiteralExpression(d.parent)) {
          if (!found.has(p.name)) found.set(p.name, d);
        } else if (d && d.getSourceFile() === r.a.source) walk(checker.getTypeOfSymbolAtLocation(p, d), depth + 1);
      }
    };
    walk(checker.getTypeAtLocation(skipParens(arg)), 0);
    for (const [name, d] of found) {
      r.notes.push({
        message: `${by} runs the getter \`${name}\` (line ${r.locs.rangeOf(d).line}) by itself: it runs as plain JavaScript, so its shared reads and writes are taken as one atomic step`,
        hint: `read \`${name}\` yourself first (\`const v = o.${name}\`) for a step per access`,
        at: r.locs.rangeOf(arg), severity: 'information',
      });
    }
  }

  /** `` tag`...` `` with a simulated function as the tag runs it, as a call would. */
  taggedTemplate(node: ts.TaggedTemplateExpression): ts.Node {
    const r = this.r;
    const visited = ts.visitEachChild(node, r.visit, r.ctx);
    if (!r.a.isUserGen(r.a.calleeDecl(node))) return visited;
    if (!r.requireTaskCode(node, `calling \`${node.tag.getText(r.a.source)}\`, a simulated function,`, 'access')) return node;
    return this.f.createParenthesizedExpression(this.f.createYieldExpression(this.f.createToken(ts.SyntaxKind.AsteriskToken), visited));
  }

  newExpr(node: ts.NewExpression): ts.Node {
    const r = this.r;
    if (r.a.isGlobalPromise(node.expression)) {
      // `new Promise(executor)`: the executor is simulated code, run at once.
      return r.delegate(r.il('f', 'newPromise'), [r.loc(node), ...this.args(node.arguments ?? [])]);
    }
    const sym = r.a.symbolOf(node.expression);
    const decl = sym?.declarations?.[0];
    const library = decl !== undefined && decl.getSourceFile() !== r.a.source;
    const cls = r.a.classOf(node.expression);
    if (!library && (cls === undefined || r.a.isGenClass(cls))) {
      // The file's class (or what may be one): its constructor and field initializers are
      // simulated code, run with `yield*` (runtimeSource.ts, construct); the runtime makes
      // anything else with a plain `new`.
      if (!r.gen) r.requireTaskCode(node, `constructing \`${node.expression.getText(r.a.source)}\`, whose constructor is simulated code,`, 'access', cls !== undefined);
      return r.delegate(r.il('construct'), [r.loc(node), r.visit(node.expression) as ts.Expression, this.f.createArrayLiteralExpression(this.args(node.arguments ?? []))]);
    }
    if (!sym || !r.a.isFromDts(decl) || !API_CLASSES.has(sym.name)) {
      const visited = ts.visitEachChild(node, r.visit, r.ctx);
      const first = node.arguments?.[0];
      if (!first || ts.isSpreadElement(first) || !ts.isIdentifier(node.expression) || !WHOLE_READING_CLASSES.has(node.expression.text)
        || (decl !== undefined && decl.getSourceFile() === r.a.source) || !this.maySharedValue(first)) return visited;
      // `new Set(arr)`, `new Map(entries)` read a shared container as a whole.
      return this.f.updateNewExpression(visited, visited.expression, visited.typeArguments, [r.readAll(first, visited.arguments![0]), ...visited.arguments!.slice(1)]);
    }
    const hint = nameHint(node, sym.name);
    const made = [r.loc(node), r.str(sym.name), r.str(hint.id), this.f.createArrayLiteralExpression(this.args(node.arguments ?? [])),
      ...(hint.shown !== undefined ? [r.str(hint.shown)] : [])];
    // In plain JavaScript (a constructor, a field initializer) the object is made at once.
    if (!r.gen) return this.f.createCallExpression(r.il('f', 'makeNow'), undefined, made);
    return r.delegate(r.il('make'), made);
  }

  isRange(expr: ts.Expression): boolean {
    if (!ts.isCallExpression(expr)) return false;
    const intr = this.r.a.intrinsicOf(expr.expression);
    return intr !== undefined && API_MEMBERS.get(apiKey(intr.name, intr.owner))?.rewrite === 'range-loop';
  }

  /** `for (const v of ch.range()) body` → receive until the channel is closed and drained. */
  rangeLoop(node: ts.ForOfStatement): ts.Statement {
    const r = this.r;
    const call = node.expression as ts.CallExpression;
    const chExpr = r.visit((call.expression as ts.PropertyAccessExpression).expression) as ts.Expression;
    const got = this.f.createIdentifier(`__r${++this.rangeCounter}`);
    // The channel is evaluated once, as for-of evaluates its iterable once: `gen().range()`
    // must not call `gen()` again on every receive.
    const hoist = !ts.isIdentifier(chExpr);
    const ch = hoist ? this.f.createIdentifier(`__c${this.rangeCounter}`) : chExpr;
    const recv = this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
      [this.f.createVariableDeclaration(got, undefined, undefined, r.delegate(this.f.createPropertyAccessExpression(ch, 'recvOk'), [r.loc(call)]))], ts.NodeFlags.Const));
    const stop = this.f.createIfStatement(this.f.createLogicalNot(this.f.createElementAccessExpression(got, 1)), this.f.createBreakStatement());
    const value = this.f.createElementAccessExpression(got, 0);
    let bind: ts.Statement;
    if (ts.isVariableDeclarationList(node.initializer)) {
      const d = node.initializer.declarations[0];
      bind = this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
        [this.f.createVariableDeclaration(r.visit(d.name) as ts.BindingName, undefined, undefined, value)], node.initializer.flags & ts.NodeFlags.BlockScoped));
    } else {
      // `for (x of ch.range())` into an existing variable: a write, a step when `x` is shared.
      const target = node.initializer as ts.Expression;
      r.writes.sharedDestructuring(target);
      bind = this.f.createExpressionStatement(r.writes.sharedWrite(target, value, target) ?? this.f.createAssignment(target, value));
    }
    const body = r.visit(node.statement) as ts.Statement;
    const loop = this.f.createWhileStatement(this.f.createTrue(), this.f.createBlock([recv, stop, bind, body], true));
    if (!hoist) return loop;
    const once = this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
      [this.f.createVariableDeclaration(ch as ts.Identifier, undefined, undefined, chExpr)], ts.NodeFlags.Const));
    return this.f.createBlock([once, loop], true);
  }

  /** `critical(name);` as a statement: the section lasts to the end of the block. */
  openSection(st: ts.Statement): ((rest: ts.Statement[]) => ts.Statement[]) | null {
    const r = this.r;
    if (!ts.isExpressionStatement(st) || !ts.isCallExpression(st.expression)) return null;
    const call = st.expression;
    const intr = r.a.intrinsicOf(call.expression);
    if (!intr || intr.owner || API_MEMBERS.get(intr.name)?.rewrite !== 'section' || call.arguments.some((x) => !isStringy(x))) return null;
    if (!r.requireTaskCode(call, 'calling `critical()`')) return null;
    const at = r.loc(call);
    const name = call.arguments[0] ? (r.visit(call.arguments[0]) as ts.Expression) : r.str(`critical@${r.locs.rangeOf(call).line}`);
    const held = this.f.createIdentifier(`__s${++this.sectionCounter}`);
    return (rest) => [
      this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
        [this.f.createVariableDeclaration(held, undefined, undefined, r.delegate(r.il('f', 'enterSection'), [at, name]))], ts.NodeFlags.Const)),
      this.f.createTryStatement(this.f.createBlock(rest, true), undefined,
        this.f.createBlock([this.f.createExpressionStatement(r.delegate(r.il('f', 'exitSection'), [at, held]))], true)),
    ];
  }

  /**
   * Whether a property access may touch shared objects, so it must go through `__il.get`/`set`
   * (which take a step only when the object turns out to be shared at run time). Strings,
   * numbers, library namespaces (`Math`, `JSON`) and `interleave` objects never are. In a
   * plain callback only a receiver known to be shared counts (and is then an error).
   */
  instrumentedReceiver(acc: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
    return this.maySharedValue(acc.expression);
  }

  /**
   * The key of a property access for the runtime, and for `o.#x` (which no key can name
   * from outside the class) the slot that reads and writes it: `{ get: (o) => o.#x, set: ... }`.
   */
  propertyKey(acc: ts.PropertyAccessExpression | ts.ElementAccessExpression): { key: ts.Expression; slot?: ts.Expression } {
    const r = this.r;
    if (ts.isElementAccessExpression(acc)) return { key: r.visit(acc.argumentExpression) as ts.Expression };
    if (!ts.isPrivateIdentifier(acc.name)) return { key: r.str(acc.name.text) };
    return { key: r.str(acc.name.text), slot: this.privateSlot(acc.name.text) };
  }

  /** `{ get: (o) => o.#x, set: (o, v) => o.#x = v }`: how the runtime reads and writes `#x`, which no key can name. */
  privateSlot(text: string): ts.Expression {
    const o = this.f.createIdentifier('__o');
    const v = this.f.createIdentifier('__v');
    const field = () => this.f.createPropertyAccessExpression(o, this.f.createPrivateIdentifier(text));
    const param = (id: ts.Identifier) => this.f.createParameterDeclaration(undefined, undefined, id);
    return this.f.createObjectLiteralExpression([
      this.f.createPropertyAssignment('get', this.f.createArrowFunction(undefined, undefined, [param(o)], undefined, undefined, field())),
      this.f.createPropertyAssignment('set', this.f.createArrowFunction(undefined, undefined, [param(o), param(v)], undefined, undefined,
        this.f.createAssignment(field(), v))),
    ]);
  }

  /** A variable the analysis found shared, or a shared object's property: known at compile time. */
  knownShared(expr: ts.Expression): boolean {
    let e = skipParens(expr);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipParens(e.expression);
    if (!ts.isIdentifier(e)) return e.kind === ts.SyntaxKind.ThisKeyword;
    const sym = this.r.a.symbolOf(e);
    return sym !== undefined && (this.r.a.sharedVars.has(sym) || this.r.a.sharedConsts.has(sym));
  }

  /**
   * Whether `expr` may evaluate to a shared object (known only at run time), so an access
   * through it must go through the runtime. `this` in a simulated method is the object the
   * method was called on, which may be shared.
   */
  maySharedValue(expr: ts.Expression): boolean {
    const r = this.r;
    const a = r.a;
    const e = skipParens(expr);
    if (e.kind === ts.SyntaxKind.SuperKeyword) return false;
    // `this` in a constructor is the object being made, which nothing else can reach yet.
    if (e.kind === ts.SyntaxKind.ThisKeyword && r.plainWhy?.why === 'constructor') return false;
    if (ts.isIdentifier(e)) {
      const sym = a.symbolOf(e);
      const d = sym?.declarations?.[0];
      if (d && d.getSourceFile() !== a.source) return false;
    }
    const type = a.checker.getTypeAtLocation(e);
    const prim = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike;
    if (type.flags & prim) return false;
    // An enum's members are constants; a `const enum` does not even exist at run time
    // (TypeScript inlines `E.A`), so reading it through `__il.get` would fail.
    if ((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Enum) return false;
    const tdecl = type.getSymbol()?.declarations?.[0];
    if (a.isFromDts(tdecl)) return false;
    return true;
  }
}

/** Library functions that read every field of their arguments, from this argument on. */
const WHOLE_READERS = new Map([['JSON.stringify', 0], ['Object.keys', 0], ['Object.values', 0], ['Object.entries', 0],
  ['Object.assign', 1], ['structuredClone', 0], ['Array.from', 0], ['Reflect.ownKeys', 0], ['Reflect.apply', 2],
  ['Object.getOwnPropertyNames', 0], ['Object.fromEntries', 0], ['String', 0], ['Array.prototype.slice.call', 0],
  ['Promise.all', 0], ['Promise.allSettled', 0], ['Promise.race', 0], ['Promise.any', 0]]);

/** Library functions that look only at an object's identity or prototype, never its fields. */
const IDENTITY_ONLY = new Set(['Array.isArray', 'Object.is', 'Object.getPrototypeOf', 'Reflect.getPrototypeOf', 'Object.isFrozen',
  'Object.isSealed', 'Object.isExtensible', 'Object.create', 'Promise.resolve', 'Promise.reject', 'Boolean', 'Symbol']);

/** Library classes whose constructor reads every element of its argument (`new Set(arr)`). */
export const WHOLE_READING_CLASSES = new Set(['Set', 'Map', 'WeakSet', 'WeakMap']);

/** Chains cut where the rewrite evaluates their start into a temporary (`a?.b` in `a?.b?.c.d`). */
const cutChains = new WeakSet<ts.Node>();

export function cutChain(node: ts.Node): void {
  cutChains.add(node);
}

/** Whether an optional chain goes on past `node` (`a?.b()` in `a?.b().c`): the chain's top rewrites it (transform.ts). */
export function continuesChain(node: ts.Expression): boolean {
  if (cutChains.has(node)) return false;
  const p = node.parent;
  return (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p) || ts.isNonNullExpression(p))
    && p.expression === node && ts.isOptionalChain(p);
}

function isStringy(e: ts.Expression): boolean {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e);
}

/** Where an object literal is stored: `a` in `const a = { ... }`, `a.inner` for a literal nested in it. */
function literalHolder(lit: ts.Node): string | undefined {
  if (!ts.isObjectLiteralExpression(lit)) return undefined;
  let p: ts.Node = lit.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) p = p.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText();
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
    const outer = literalHolder(p.parent);
    return outer !== undefined ? `${outer}.${p.name.text}` : undefined;
  }
  return undefined;
}

/**
 * A made object's names: `id`, the base of its id (the variable or property it is stored
 * in), and `shown`, the path a reader knows it by when that differs (`a.lock` for
 * `const a = { lock: new Mutex() }`, `this.mu` for `this.mu = new Mutex()`). The id is
 * never a path: `a.lock` is also the shared cell holding the handle, and an object whose
 * id equalled it would conflict with every read of its own handle.
 */
function nameHint(node: ts.NewExpression, cls: string): { id: string; shown?: string } {
  let p: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) p = p.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return { id: p.name.text };
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
    const holder = literalHolder(p.parent);
    return { id: p.name.text, ...(holder !== undefined ? { shown: `${holder}.${p.name.text}` } : {}) };
  }
  if (ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return { id: p.name.text };
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = skipParens(p.left);
    if (ts.isIdentifier(left)) return { id: left.text };
    if (ts.isPropertyAccessExpression(left)) return { id: left.name.text, shown: left.getText() };
  }
  return { id: cls.charAt(0).toLowerCase() + cls.slice(1) };
}
