/**
 * The rewrite from a `.sim.ts` file to generator task code. Every read and write of
 * shared state and every call into `interleave` becomes a `yield*` into the runtime
 * (`__il`), which yields the op; user functions become generators called with `yield*`;
 * the file's statements become the body of one module generator that returns `main`,
 * so each run evaluates the whole file afresh. Loops get a guard that stops a slice of
 * plain JavaScript that runs too long between steps. Type annotations are stripped
 * afterwards by TypeScript's own emit.
 */
import * as ts from 'typescript';
import type { InputError } from '../../../core/findings';
import { type Analysis, type FunctionLikeNode, isAsync, isFunctionLike } from './analyze';
import type { LocationTable } from './locations';
import { CallRewriter, continuesChain, cutChain } from './calls';
import { isAssignment, WriteRewriter } from './writes';
import { isPureLoop } from './loops';

export const MODULE_FN = '__interleave_module';

export class Rewriter {
  readonly f: ts.NodeFactory;
  /** The kind of the function whose body is being visited (module code is task code). */
  gen = true;
  plainWhy: { why: 'callback' | 'constructor' | 'implicit' | 'class'; callee?: string } | null = null;
  private temps: string[][] = [[]];
  /** Shared parameters while their own defaults are unpacked: still plain values, made cells after. */
  private readonly notYetCells = new Set<ts.Symbol>();
  private tempCounter = 0;
  private anonCounter = new Map<string, number>();
  readonly calls: CallRewriter;
  readonly writes: WriteRewriter;

  /** Optional links already turned into a test (`a?.b.c`, optionalLinkBelow): read as `.` from there on. */
  private readonly guarded = new WeakSet<ts.Node>();
  /** Expressions already evaluated into a temporary while the rest of their chain is rewritten. */
  private readonly substitute = new Map<ts.Node, ts.Expression>();

  /** The class whose step-by-step construction is being written (genClass), while its constructor's body is visited. */
  genInit: ts.ClassLikeDeclaration | null = null;
  /** In a derived class's constructor: the field initializers that follow its root-level `super(...)`. */
  private afterSuper: (() => ts.Statement[]) | null = null;

  /** The plain function being visited, where its information diagnostic goes (one per function). */
  private plainAt: ts.Node | undefined;
  private readonly noted = new Set<ts.Node>();

  constructor(readonly ctx: ts.TransformationContext, readonly a: Analysis, readonly locs: LocationTable,
    readonly errors: InputError[], readonly configStatement: ts.Statement | undefined, readonly notes: InputError[] = []) {
    this.f = ctx.factory;
    this.calls = new CallRewriter(this);
    this.writes = new WriteRewriter(this);
  }

  // ---- helpers used by the call rewriter too ----

  il(...path: string[]): ts.Expression {
    let e: ts.Expression = this.f.createIdentifier('__il');
    for (const p of path) e = this.f.createPropertyAccessExpression(e, p);
    return e;
  }

  loc(node: ts.Node): ts.Expression {
    return this.f.createNumericLiteral(this.locs.indexOf(node));
  }

  /** `(yield* callee(args))`; in plain JavaScript `__il.now(callee(args))`, which takes its steps at once. */
  delegate(callee: ts.Expression, args: ts.Expression[]): ts.Expression {
    if (!this.gen) return this.f.createCallExpression(this.il('now'), undefined, [this.f.createCallExpression(callee, undefined, args)]);
    return this.f.createParenthesizedExpression(this.f.createYieldExpression(this.f.createToken(ts.SyntaxKind.AsteriskToken), this.f.createCallExpression(callee, undefined, args)));
  }

  str(s: string): ts.Expression {
    return this.f.createStringLiteral(s);
  }

  temp(): ts.Identifier {
    const name = `__t${++this.tempCounter}`;
    this.temps[this.temps.length - 1].push(name);
    return this.f.createIdentifier(name);
  }

  error(node: ts.Node, message: string, hint?: string): void {
    this.errors.push({ message, hint, at: this.locs.rangeOf(node) });
  }

  /**
   * Task code may take steps. Plain JavaScript (a callback given to a built-in we do not
   * wrap, a constructor, a field initializer, `toString`) may read and write shared state
   * and call simulated functions (`access`): those steps are taken at once, as one atomic
   * step at the task's next step (runtimeSource.ts, now), and an information diagnostic
   * says so at the function. It may not block (`step`): reported, and false.
   */
  requireTaskCode(node: ts.Node, what: string, kind: 'access' | 'step' = 'step', known = true): boolean {
    if (this.gen) return true;
    const p = this.plainWhy!;
    if (kind === 'access') {
      const at = this.plainAt ?? node;
      if (known && !this.noted.has(at)) {
        this.noted.add(at);
        const where = p.why === 'callback' ? `a callback passed to \`${p.callee ?? 'a built-in'}\``
          : p.why === 'class' ? 'a static field initializer or static block' : p.why === 'constructor' ? `the constructor of a class that ${p.callee ?? 'JavaScript constructs itself'}` : `\`${p.callee ?? 'a method'}\` (JavaScript itself calls it)`;
        this.notes.push({
          message: `${what} in ${where}: this code runs as plain JavaScript, so its shared reads and writes are taken as one atomic step`,
          hint: p.why === 'callback' ? 'use a for-of loop for a step per access' : 'move the code into a method or function for a step per access',
          at: this.locs.rangeOf(node), severity: 'information',
        });
      }
      return true;
    }
    if (p.why === 'callback') {
      this.error(node, `${what} inside a callback passed to \`${p.callee ?? 'a built-in'}\`: such callbacks run as plain JavaScript and cannot take simulated steps`,
        'use a for-of loop (or a plain for loop) instead of the callback');
    } else if (p.why === 'class') {
      this.error(node, `${what} in a static field initializer or static block (or a field of a class JavaScript constructs itself): they run as plain JavaScript and cannot take simulated steps`,
        'initialise the field in a method or a constructor, or move this code into a function (`function name() { ... }`) and call it');
    } else if (p.why === 'constructor') {
      this.error(node, `${what} in the constructor of a class that ${p.callee ?? 'JavaScript constructs itself'}: such a constructor runs as plain JavaScript and cannot take simulated steps`,
        'keep the constructor to setting fields, and do the rest in a method (`init()`) or a factory function called after `new`');
    } else {
      this.error(node, `${what} in \`${p.callee ?? 'a method'}\`, which JavaScript itself calls (string conversion, JSON, iteration): it runs as plain JavaScript and cannot take simulated steps`,
        'give the method another name and call it explicitly');
    }
    return false;
  }

  /** Visits `node` as plain JavaScript (no steps), for `why`. */
  private plain(node: ts.Node, why: 'class'): ts.Node {
    const saved = { gen: this.gen, plainWhy: this.plainWhy, plainAt: this.plainAt };
    this.gen = false;
    this.plainWhy = { why };
    this.plainAt = node;
    try {
      return ts.visitEachChild(node, this.visit, this.ctx);
    } finally {
      this.gen = saved.gen;
      this.plainWhy = saved.plainWhy;
      this.plainAt = saved.plainAt;
    }
  }

  taskName(fn: ts.Expression): string {
    if (ts.isIdentifier(fn)) return fn.text;
    if (isFunctionLike(fn) && (ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) && fn.name) return fn.name.text;
    // `go(() => { transfer(a, b, 30); done.done(); })`: the task is named after the program's
    // own function it starts with (`transfer#1`), as a reader says it.
    const called = this.firstOwnCall(fn);
    if (called !== undefined) return called;
    const outer = this.a.enclosingFunction(fn);
    const outerName = outer && (ts.isFunctionDeclaration(outer) || ts.isFunctionExpression(outer)) && outer.name ? outer.name.text : 'main';
    const n = (this.anonCounter.get(outerName) ?? 0) + 1;
    this.anonCounter.set(outerName, n);
    // Go names closures after their enclosing function: main.func1, main.func2.
    return `${outerName}.func${n}`;
  }

  /** The name of the file's own function a closure's body calls first (not an `interleave` call), if any. */
  private firstOwnCall(fn: ts.Expression): string | undefined {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    let first: ts.Node | undefined = fn.body;
    if (ts.isBlock(fn.body)) {
      const st = fn.body.statements[0];
      first = st && ts.isExpressionStatement(st) ? st.expression : undefined;
    }
    while (first && (ts.isAwaitExpression(first) || ts.isParenthesizedExpression(first))) first = first.expression;
    if (!first || !ts.isCallExpression(first) || !ts.isIdentifier(first.expression)) return undefined;
    const decl = this.a.checker.getSymbolAtLocation(first.expression)?.declarations?.[0];
    const own = decl !== undefined && decl.getSourceFile() === fn.getSourceFile()
      && (ts.isFunctionDeclaration(decl) || (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isFunctionLike(decl.initializer)));
    return own ? first.expression.text : undefined;
  }

  /** Whether a parameter (a parameter property too, whose name the checker answers with the field) is a shared variable. */
  private isSharedParam(p: ts.ParameterDeclaration): boolean {
    if (!ts.isIdentifier(p.name)) return false;
    const ctor = p.parent;
    const sym = ts.isConstructorDeclaration(ctor) && ts.isParameterPropertyDeclaration(p, ctor)
      ? this.a.checker.getSymbolsOfParameterPropertyDeclaration(p, p.name.text)[0] : this.a.checker.getSymbolAtLocation(p.name);
    return sym !== undefined && this.a.sharedVars.has(sym) && !this.notYetCells.has(sym);
  }

  isSharedVar(id: ts.Identifier): boolean {
    // In `{ x }` the name is both a property and the variable read; the checker answers the property.
    const s = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
      ? this.a.checker.getShorthandAssignmentValueSymbol(id.parent) : this.a.checker.getSymbolAtLocation(id);
    return s !== undefined && this.a.sharedVars.has(s) && !this.notYetCells.has(s);
  }

  /**
   * How `go`, `Mutex` or a namespace import of "interleave" may be used, when `id` names one:
   * the rewrite replaces each call and `new` where it stands, so the name itself does not
   * exist when the simulation runs.
   */
  private interleaveNameUse(id: ts.Identifier): string | undefined {
    const s = this.a.checker.getSymbolAtLocation(id);
    if (!s || !(s.flags & ts.SymbolFlags.Alias)) return undefined;
    const target = this.a.checker.getAliasedSymbol(s);
    if (!this.a.isFromDts(target.declarations?.[0])) return undefined;
    if (target.flags & ts.SymbolFlags.Module) return `only to call or construct what it exports (\`${id.text}.go(...)\`, \`new ${id.text}.Mutex()\`)`;
    if (target.flags & ts.SymbolFlags.Class) return `only to construct one (\`new ${id.text}(...)\`)`;
    return `only to call it (\`${id.text}(...)\`)`;
  }

  // ---- optional chains ----

  /** `?.` at `n` that the rewrite has not turned into a test yet. */
  isOpenLink(n: ts.Node): boolean {
    return (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isCallExpression(n)) && !!n.questionDotToken && !this.guarded.has(n);
  }

  /** The nearest open `?.` in `e` or below it in its chain (`e`, `e.expression`, ...), if any. */
  openLinkIn(e: ts.Expression): ts.Expression | undefined {
    for (;;) {
      if (this.substitute.has(e)) return undefined;
      if (this.isOpenLink(e)) return e;
      if (!ts.isOptionalChain(e) && !ts.isNonNullChain(e)) return undefined;
      e = (e as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression | ts.NonNullExpression).expression;
    }
  }

  /**
   * `a?.b.c`, `o?.m().x`: a chain that goes on past its optional link. The part before the
   * link is evaluated once into a temporary; when it is null or undefined the whole chain is
   * undefined, else the rest of the chain is rewritten as ordinary reads and calls of it.
   */
  private optionalLinkBelow(top: ts.Expression, link: ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression): ts.Expression {
    const before = link.expression;
    const t = this.temp();
    cutChain(before);
    const base = this.visit(before) as ts.Expression;
    this.guarded.add(link);
    this.substitute.set(before, t);
    let rest: ts.Expression;
    try {
      rest = this.visit(top) as ts.Expression;
    } finally {
      this.substitute.delete(before);
    }
    const test = this.f.createBinaryExpression(this.f.createAssignment(t, base), ts.SyntaxKind.EqualsEqualsToken, this.f.createNull());
    return this.f.createParenthesizedExpression(this.f.createConditionalExpression(test, undefined, this.f.createIdentifier('undefined'), undefined, rest));
  }

  // ---- the visitor ----

  visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
    const sub = this.substitute.get(node);
    if (sub) return sub;
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node))
      && (ts.isOptionalChain(node) || this.guarded.has(node)) && !continuesChain(node)) {
      const link = this.openLinkIn(node.expression);
      if (link) return this.optionalLinkBelow(node, link as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression);
    }
    // `class C extends Base`: the base is an expression, though TypeScript counts the clause as a type.
    if (ts.isExpressionWithTypeArguments(node) && ts.isHeritageClause(node.parent) && node.parent.token === ts.SyntaxKind.ExtendsKeyword
      && ts.isClassLike(node.parent.parent)) {
      return this.f.updateExpressionWithTypeArguments(node, this.visit(node.expression) as ts.Expression, node.typeArguments);
    }
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return node;
    if (ts.isImportDeclaration(node)) return this.importDecl(node);
    if (ts.isExportAssignment(node)) return undefined;
    // The file becomes the body of one function, where `export` cannot stand; a simulation
    // has no importers, so exports mean nothing there.
    if (ts.isExportDeclaration(node)) return undefined;
    if (isExported(node)) return this.unexported(node);
    if (ts.isClassStaticBlockDeclaration(node) || (ts.isPropertyDeclaration(node) && node.initializer)) return this.plain(node, 'class');
    if (node === this.configStatement) return undefined;
    if (isFunctionLike(node)) return this.fn(node);
    if (ts.isClassDeclaration(node) && node.name && node.members.some((m) => ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword))) {
      // Static fields belong to the class, which every task reaches by name: shared state.
      const share = this.f.createExpressionStatement(this.f.createCallExpression(this.il('share'), undefined, [this.f.createIdentifier(node.name.text), this.str(node.name.text)]));
      return [this.classLike(node), share];
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return this.classLike(node);
    if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.NewKeyword && this.genInit !== null && inConstructorBody(node)) {
      // The constructor's body is a method now, where new.target is undefined: the class constructed.
      return this.f.createPropertyAccessExpression(this.f.createThis(), 'constructor');
    }
    if (ts.isAwaitExpression(node)) {
      if (!this.gen) {
        this.error(node, '`await` here runs as plain JavaScript and cannot suspend', 'move it into an async function of your own');
        return node;
      }
      // The flow suspends; the event loop resumes it from a promise job (eventLoopSource.ts).
      return this.delegate(this.il('f', 'await'), [this.loc(node), this.visit(node.expression) as ts.Expression]);
    }
    if (ts.isForOfStatement(node) && node.awaitModifier) {
      this.error(node, '`for await` is not simulated yet', 'write a plain loop that awaits each promise: `for (const p of ps) { const v = await p; ... }`');
      return node;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      this.error(node, '`import()` is not available in a simulation', 'import only from "interleave" at the top of the file');
      return node;
    }
    if (ts.isIdentifier(node)) return this.identifier(node);
    if (ts.isShorthandPropertyAssignment(node) && this.isSharedVar(node.name)) {
      return this.f.createPropertyAssignment(node.name.text, this.readVar(node.name));
    }
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) return this.writes.assignment(node);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node))
      && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) return this.writes.increment(node);
    if (ts.isCallExpression(node)) return this.calls.call(node);
    if (ts.isTaggedTemplateExpression(node)) return this.calls.taggedTemplate(node);
    if (ts.isNewExpression(node)) return this.calls.newExpr(node);
    if (ts.isDeleteExpression(node)) return this.deleteExpr(node);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.propertyRead(node);
    if (ts.isVariableDeclaration(node)) return this.varDecl(node);
    if (ts.isForOfStatement(node) && this.calls.isRange(node.expression)) return this.guardLoop(this.calls.rangeLoop(node), node);
    if (ts.isForOfStatement(node) && !node.awaitModifier && ts.isVariableDeclarationList(node.initializer)
      && node.initializer.declarations.length === 1 && !ts.isIdentifier(node.initializer.declarations[0].name)) return this.forOfPattern(node);
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      const loop = this.writes.loopIntoShared(node);
      if (loop) return this.guardLoop(loop, node);
    }
    if (ts.isSpreadAssignment(node)) this.calls.noteImplicitAccessors(node.expression, 'the spread');
    if ((ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) && this.calls.maySharedValue(node.expression)) {
      // `[...arr]`, `f(...arr)`, `{ ...o }` read the whole object without a property access.
      const read = this.readAll(node.expression, this.visit(node.expression) as ts.Expression);
      return ts.isSpreadElement(node) ? this.f.updateSpreadElement(node, read) : this.f.updateSpreadAssignment(node, read);
    }
    if (ts.isForOfStatement(node) && this.calls.maySharedValue(node.expression)) {
      // A shared array, Map or Set iterated: read as a whole (runtimeSource.ts, iter).
      const v = ts.visitEachChild(node, this.visit, this.ctx) as ts.ForOfStatement;
      const iterated = this.delegate(this.il('iter'), [this.loc(node.expression), v.expression]);
      return this.guardLoop(this.f.updateForOfStatement(v, v.awaitModifier, v.initializer, iterated, v.statement), node);
    }
    if (ts.isIterationStatement(node, false)) return this.guardLoop(ts.visitEachChild(node, this.visit, this.ctx) as ts.IterationStatement, node);
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) return this.block(node);
    return ts.visitEachChild(node, this.visit, this.ctx);
  };

  private importDecl(node: ts.ImportDeclaration): undefined {
    const spec = node.moduleSpecifier;
    if (!ts.isStringLiteral(spec) || spec.text !== 'interleave') {
      this.error(node, `only the module "interleave" can be imported in a simulation (found ${spec.getText(this.a.source)})`,
        'put everything the simulation needs in this file and import primitives from "interleave"');
    }
    return undefined;
  }

  private identifier(node: ts.Identifier): ts.Node {
    // The standard `Promise` becomes the event loop's, whose jobs the simulator schedules.
    if (isValueUse(node) && this.a.isGlobalPromise(node)) return this.il('Promise');
    const use = isValueUse(node) ? this.interleaveNameUse(node) : undefined;
    if (use) {
      this.error(node, `\`${node.text}\` from "interleave" can be used ${use}, not as a value`,
        'write the call where it is needed; to pass it on, wrap it in a function, e.g. `() => go(worker)`');
      return node;
    }
    if (!this.isSharedVar(node) || !isValueUse(node)) return node;
    if (!this.requireTaskCode(node, `reading the shared variable \`${node.text}\``, 'access')) return node;
    return this.readVar(node);
  }

  readVar(id: ts.Identifier): ts.Expression {
    return this.delegate(this.il('rd'), [this.loc(id), this.f.createIdentifier(id.text)]);
  }

  /** A declaration with `export` (or `export default`), visited and without them. */
  private unexported(node: ts.VariableStatement | ts.ClassDeclaration | ts.EnumDeclaration | ts.ModuleDeclaration): ts.Node {
    const v = ts.visitEachChild(node, this.visit, this.ctx);
    const mods = v.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword) as ts.Modifier[] | undefined;
    if (ts.isVariableStatement(v)) return this.f.updateVariableStatement(v, mods, v.declarationList);
    if (ts.isClassDeclaration(v)) {
      return this.f.updateClassDeclaration(v, mods, v.name ?? this.f.createIdentifier('__default'), v.typeParameters, v.heritageClauses, v.members);
    }
    if (ts.isEnumDeclaration(v)) return this.f.updateEnumDeclaration(v, mods, v.name, v.members);
    return this.f.updateModuleDeclaration(v as ts.ModuleDeclaration, mods, (v as ts.ModuleDeclaration).name, (v as ts.ModuleDeclaration).body);
  }

  /**
   * `delete o.k` / `delete o[k]` on what may be shared: a step that writes o.k and changes o's
   * keys (runtimeSource.ts `del`). Left as it was, the rewrite's read of o.k stood in the
   * operand, and `delete (yield* get(...))` deleted nothing.
   */
  private deleteExpr(node: ts.DeleteExpression): ts.Node {
    const target = ts.skipPartiallyEmittedExpressions(skipParens(node.expression));
    if (!(ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) || target.questionDotToken
      || (ts.isPropertyAccessExpression(target) && ts.isPrivateIdentifier(target.name)) || !this.calls.instrumentedReceiver(target)) {
      return ts.visitEachChild(node, this.visit, this.ctx);
    }
    if (!this.gen && this.calls.knownShared(target.expression)) this.requireTaskCode(node, 'deleting a property of shared state', 'access');
    const obj = this.visit(target.expression) as ts.Expression;
    const { key } = this.calls.propertyKey(target);
    return this.delegate(this.il('del'), [this.loc(node), obj, key]);
  }

  private propertyRead(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): ts.Node {
    if (this.isOpenLink(node) && this.calls.instrumentedReceiver(node) && !continuesChain(node) && !this.openLinkIn(node.expression)
      && !(ts.isCallExpression(node.parent) && node.parent.expression === node)) {
      // `o?.x` at the end of its chain: a read of o.x once o is not null or undefined.
      if (!this.gen && this.calls.knownShared(node.expression)) this.requireTaskCode(node, 'reading shared state', 'access');
      const t = this.temp();
      const { key, slot } = this.calls.propertyKey(node);
      const read = this.delegate(this.il('get'), [this.loc(node), t, key, ...(slot ? [slot] : [])]);
      const test = this.f.createBinaryExpression(this.f.createAssignment(t, this.visit(node.expression) as ts.Expression), ts.SyntaxKind.EqualsEqualsToken, this.f.createNull());
      return this.f.createParenthesizedExpression(this.f.createConditionalExpression(test, undefined, this.f.createIdentifier('undefined'), undefined, read));
    }
    if (!this.calls.instrumentedReceiver(node) || this.isOpenLink(node)) return ts.visitEachChild(node, this.visit, this.ctx);
    // The callee of a call is read by the call (calls.ts), not here.
    if (ts.isCallExpression(node.parent) && node.parent.expression === node) return ts.visitEachChild(node, this.visit, this.ctx);
    if (!this.gen && this.calls.knownShared(node.expression)) this.requireTaskCode(node, 'reading shared state', 'access');
    const obj = this.visit(node.expression) as ts.Expression;
    const { key, slot } = this.calls.propertyKey(node);
    return this.delegate(this.il('get'), [this.loc(node), obj, key, ...(slot ? [slot] : [])]);
  }

  /** `(yield* __il.readAll(at, e, keys?))`: a whole read of a shared object (runtimeSource.ts). */
  readAll(original: ts.Node, e: ts.Expression, keys?: string[]): ts.Expression {
    // In plain code (a constructor, toString) the whole read is part of its one atomic step.
    if (!this.gen) {
      const known = !ts.isObjectBindingPattern(original) && !ts.isArrayBindingPattern(original) && this.calls.knownShared(original as ts.Expression);
      this.requireTaskCode(original, 'reading shared state', 'access', known);
    }
    const args = [this.loc(original), e];
    if (keys) args.push(this.f.createArrayLiteralExpression(keys.map((k) => this.str(k))));
    return this.delegate(this.il('readAll'), args);
  }

  /** The fields `const { a, b: c } = o` reads, or undefined when it reads them all (`...rest`, computed names). */
  private patternKeys(p: ts.ObjectBindingPattern): string[] | undefined {
    const keys: string[] = [];
    for (const el of p.elements) {
      if (el.dotDotDotToken) return undefined;
      const key = el.propertyName ?? el.name;
      if (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNumericLiteral(key)) keys.push(key.text);
      else return undefined;
    }
    return keys;
  }

  private varDecl(node: ts.VariableDeclaration): ts.Node {
    const sym = ts.isIdentifier(node.name) ? this.a.checker.getSymbolAtLocation(node.name) : undefined;
    let init = node.initializer ? (this.visit(node.initializer) as ts.Expression) : this.f.createIdentifier('undefined');
    // `const { a } = o` and `const [x, y] = arr` read the shared object's fields without a property access.
    if (node.initializer && !ts.isIdentifier(node.name) && this.calls.maySharedValue(node.initializer)) {
      init = this.readAll(node.initializer, init, ts.isObjectBindingPattern(node.name) ? this.patternKeys(node.name) : undefined);
    }
    if (sym && this.a.sharedVars.has(sym)) {
      if (!this.requireTaskCode(node, `declaring the shared variable \`${sym.name}\``, 'access')) return node;
      const made = this.delegate(this.il('mkvar'), [this.loc(node.name), this.str(sym.name), init]);
      return this.f.updateVariableDeclaration(node, node.name, undefined, undefined, made);
    }
    if (sym && this.a.sharedConsts.has(sym) && node.initializer) {
      const shared = this.f.createCallExpression(this.il('share'), undefined, [init, this.str(sym.name)]);
      return this.f.updateVariableDeclaration(node, node.name, undefined, undefined, shared);
    }
    return this.f.updateVariableDeclaration(node, this.visit(node.name) as ts.BindingName, undefined, undefined, node.initializer ? init : undefined);
  }

  /**
   * `for (const { x, y } of points)`: each value is bound to a temporary, then destructured
   * at the top of the body with a whole read (`__il.readAll`), as `const { x, y } = p` is.
   */
  private forOfPattern(node: ts.ForOfStatement): ts.Statement {
    const list = node.initializer as ts.VariableDeclarationList;
    const d = list.declarations[0];
    const pattern = d.name as ts.BindingPattern;
    const value = this.f.createIdentifier(`__e${++this.tempCounter}`);
    const keys = ts.isObjectBindingPattern(pattern) ? this.patternKeys(pattern) : undefined;
    const bind = this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
      [this.f.createVariableDeclaration(this.visit(pattern) as ts.BindingName, undefined, undefined, this.readAll(pattern, value, keys))],
      list.flags & ts.NodeFlags.BlockScoped));
    let iterable = this.visit(node.expression) as ts.Expression;
    if (this.calls.maySharedValue(node.expression)) iterable = this.delegate(this.il('iter'), [this.loc(node.expression), iterable]);
    const body = this.visit(node.statement) as ts.Statement;
    const init = this.f.createVariableDeclarationList([this.f.createVariableDeclaration(value)], list.flags & ts.NodeFlags.BlockScoped);
    const block = this.f.createBlock([bind, ...(ts.isBlock(body) ? body.statements : [body])], true);
    return this.guardLoop(this.f.updateForOfStatement(node, undefined, init, iterable, block), node);
  }

  private guardLoop(loop: ts.Statement, original?: ts.Node): ts.Statement {
    const at = this.loc(original ?? loop);
    const tick = this.f.createExpressionStatement(this.f.createCallExpression(this.il('tick'), undefined, [at]));
    const spin = this.spinGuard(loop, original, at);
    if (spin) return spin;
    const wrap = (body: ts.Statement): ts.Statement => this.f.createBlock([tick, body], true);
    if (ts.isForStatement(loop)) return this.f.updateForStatement(loop, loop.initializer, loop.condition, loop.incrementor, wrap(loop.statement));
    if (ts.isForOfStatement(loop)) return this.f.updateForOfStatement(loop, loop.awaitModifier, loop.initializer, loop.expression, wrap(loop.statement));
    if (ts.isForInStatement(loop)) return this.f.updateForInStatement(loop, loop.initializer, loop.expression, wrap(loop.statement));
    if (ts.isWhileStatement(loop)) return this.f.updateWhileStatement(loop, loop.expression, wrap(loop.statement));
    if (ts.isDoStatement(loop)) return this.f.updateDoStatement(loop, wrap(loop.statement), loop.expression);
    return loop;
  }

  /**
   * A pure loop (loops.ts: a pass changes no state of the task's own) in simulated code: a
   * pass that took no step at all (`while (!ready) {}` on a variable no other task reaches)
   * leaves the task exactly as it found it, so it is the same pass forever. The guard
   * notices it (`__il.mark()`: the steps taken so far, the same at two heads in a row) and
   * the task then takes a yield step at the loop forever, which the engine parks as a spin
   * on nothing and reports as a livelock (engine/spin.ts), instead of running the slice out.
   * The mark starts at -1 on each entry to the loop.
   */
  private spinGuard(loop: ts.Statement, original: ts.Node | undefined, at: ts.Expression): ts.Statement | undefined {
    if (!this.gen || !original || !(ts.isWhileStatement(original) || ts.isForStatement(original) || ts.isDoStatement(original))) return undefined;
    if (!isPureLoop(this.a, original)) return undefined;
    if (ts.isDoStatement(loop) && ts.isLabeledStatement(original.parent)) return undefined;
    const f = this.f;
    const mark = this.temp();
    const tick = f.createExpressionStatement(f.createCallExpression(this.il('tick'), undefined, [at]));
    const same = f.createStrictEquality(mark, f.createParenthesizedExpression(f.createAssignment(mark, f.createCallExpression(this.il('mark'), undefined, []))));
    const check = f.createIfStatement(same, f.createExpressionStatement(this.delegate(this.il('spinning'), [at])));
    const wrap = (body: ts.Statement): ts.Statement => f.createBlock([tick, check, body], true);
    const reset = f.createAssignment(mark, f.createPrefixMinus(f.createNumericLiteral(1)));
    if (ts.isWhileStatement(loop)) return f.createForStatement(reset, loop.expression, undefined, wrap(loop.statement));
    if (ts.isForStatement(loop) && !loop.initializer && !loop.incrementor) return f.createForStatement(reset, loop.condition, undefined, wrap(loop.statement));
    if (ts.isDoStatement(loop)) return f.createBlock([f.createExpressionStatement(reset), f.updateDoStatement(loop, wrap(loop.statement), loop.expression)], true);
    return undefined;
  }

  /** Blocks: `critical(name)` without a function covers the rest of its block. */
  private block(node: ts.Block | ts.SourceFile | ts.CaseClause | ts.DefaultClause): ts.Node {
    const out = this.statements(node.statements);
    if (ts.isBlock(node)) return this.f.updateBlock(node, out);
    if (ts.isCaseClause(node)) return this.f.updateCaseClause(node, this.visit(node.expression) as ts.Expression, out);
    if (ts.isDefaultClause(node)) return this.f.updateDefaultClause(node, out);
    return this.f.updateSourceFile(node, out);
  }

  statements(list: readonly ts.Statement[]): ts.Statement[] {
    const out: ts.Statement[] = [];
    for (let i = 0; i < list.length; i++) {
      const st = list[i];
      if (this.afterSuper && ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword) {
        // JavaScript initializes a derived class's fields when super() returns.
        const fields = this.afterSuper;
        this.afterSuper = null;
        out.push(this.visit(st) as ts.Statement, ...fields());
        continue;
      }
      const section = this.calls.openSection(st);
      if (section) {
        const rest = this.statements(list.slice(i + 1));
        out.push(...section(rest));
        return out;
      }
      const v = this.visit(st);
      if (v === undefined) continue;
      if (Array.isArray(v)) out.push(...(v as ts.Statement[]));
      else out.push(v as ts.Statement);
    }
    return out;
  }

  private fn(node: FunctionLikeNode): ts.Node | ts.Node[] {
    const async = isAsync(node);
    if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken) {
      if (async) {
        this.error(node, 'async generator functions are not simulated yet', 'return an array from an async function, or call an async function in a loop');
        return node;
      }
      this.error(node, 'generator functions are not supported in a simulation', 'write a plain function; every step is made a yield by the simulator');
      return node;
    }
    const kind = this.a.fnKind.get(node) ?? { gen: true as const };
    const saved = { gen: this.gen, plainWhy: this.plainWhy, plainAt: this.plainAt };
    if (!kind.gen && saved.gen) this.plainAt = node;
    this.gen = kind.gen;
    this.plainWhy = kind.gen ? null : { why: kind.why, callee: kind.callee };
    this.temps.push([]);
    const { params, unpack } = this.parameters(node, kind.gen);
    let body: ts.Statement[];
    if (!node.body) body = [];
    else if (ts.isBlock(node.body)) body = this.statements(node.body.statements);
    else body = [this.f.createReturnStatement(this.visit(node.body) as ts.Expression)];
    // The slice clock at every call too, not only at loop back-edges: exponential recursion
    // has no loop, and must stop with the same message naming this function's line.
    const entryTick = this.f.createExpressionStatement(this.f.createCallExpression(this.il('tick'), undefined, [this.loc(node.name ?? node)]));
    const prologue: ts.Statement[] = [entryTick, ...unpack];
    if (kind.gen) {
      for (const p of node.parameters) {
        if (ts.isIdentifier(p.name) && this.isSharedVar(p.name)) {
          const made = this.delegate(this.il('mkvar'), [this.loc(p.name), this.str(p.name.text), this.f.createIdentifier(p.name.text)]);
          prologue.push(this.f.createExpressionStatement(this.f.createAssignment(this.f.createIdentifier(p.name.text), made)));
        }
      }
    }
    const temps = this.temps.pop()!;
    if (temps.length > 0) {
      prologue.unshift(this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(temps.map((t) => this.f.createVariableDeclaration(t)), ts.NodeFlags.Let)));
    }
    let block = this.f.createBlock([...prologue, ...body], true);
    if (async) {
      // `return yield* __il.f.flow(at, name, function* () { body }.apply(this, arguments))`: the
      // call runs the body up to its first await and returns its promise (eventLoopSource.ts).
      const inner = this.f.createFunctionExpression(undefined, this.f.createToken(ts.SyntaxKind.AsteriskToken), undefined, undefined, [], undefined, block);
      const started = this.f.createCallExpression(this.f.createPropertyAccessExpression(inner, 'apply'), undefined,
        [this.f.createThis(), this.f.createIdentifier('arguments')]);
      const name = node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) ? node.name.text : 'async function';
      block = this.f.createBlock([this.f.createReturnStatement(this.delegate(this.il('f', 'flow'), [this.loc(node.name ?? node), this.str(name), started]))], true);
    }
    this.gen = saved.gen;
    this.plainWhy = saved.plainWhy;
    this.plainAt = saved.plainAt;
    const star = kind.gen ? this.f.createToken(ts.SyntaxKind.AsteriskToken) : undefined;
    const mods = node.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword
      && m.kind !== ts.SyntaxKind.AsyncKeyword) as ts.Modifier[] | undefined;
    if (ts.isFunctionDeclaration(node)) {
      const name = node.name ?? this.f.createIdentifier('__main');
      return this.f.createFunctionDeclaration(mods, star, name, undefined, params, undefined, block);
    }
    if (ts.isFunctionExpression(node)) return this.f.createFunctionExpression(mods, star, node.name, undefined, params, undefined, block);
    if (ts.isArrowFunction(node)) {
      if (kind.gen) {
        // A generator cannot be an arrow: it becomes `function*`, which would bind its own
        // `this`; `.bind(this)` keeps the arrow's.
        const gen = this.f.createFunctionExpression(undefined, star, undefined, undefined, params, undefined, block);
        if (!usesLexicalThis(node.body)) return gen;
        // An arrow that another task may run (`spawn(() => this.work())`, a class field
        // `press = () => ...` handed out) carries `this` there: the object becomes shared.
        if (this.a.roots.has(node) || this.a.escaping.has(node)) {
          const cls = ts.findAncestor(node, ts.isClassLike);
          const name = cls?.name ? cls.name.text.charAt(0).toLowerCase() + cls.name.text.slice(1) : 'this';
          return this.f.createCallExpression(this.il('bindShared'), undefined, [gen, this.f.createThis(), this.str(name)]);
        }
        return this.f.createCallExpression(this.f.createPropertyAccessExpression(gen, 'bind'), undefined, [this.f.createThis()]);
      }
      return this.f.createArrowFunction(mods, undefined, params, undefined, node.equalsGreaterThanToken, block);
    }
    if (ts.isMethodDeclaration(node)) return this.f.updateMethodDeclaration(node, mods, star, node.name, undefined, undefined, params, undefined, block);
    if (ts.isConstructorDeclaration(node)) return this.f.updateConstructorDeclaration(node, mods, params, block);
    if (kind.gen) return this.simulatedAccessor(node, mods, params, block);
    if (ts.isGetAccessorDeclaration(node)) return this.f.updateGetAccessorDeclaration(node, mods, node.name, params, undefined, block);
    return this.f.updateSetAccessorDeclaration(node, mods, node.name, params, block);
  }

  /** A class: constructed step by step when it can be (genClass), else as JavaScript constructs it. */
  private classLike(node: ts.ClassDeclaration | ts.ClassExpression): ts.Node {
    if (!this.a.isGenClass(node)) return ts.visitEachChild(node, this.visit, this.ctx);
    return this.genClass(node);
  }

  /**
   * A class whose construction takes simulated steps (issue 18: a constructor may lock a
   * mutex, wait, send). A JavaScript constructor cannot be a generator, so the class is
   * rewritten: its constructor's body, its instance field initializers and parameter
   * properties become one generator method under `__il.INIT`, in the order JavaScript runs
   * them (ECMA-262 sec. 10.2.1.3 [[Construct]] and 15.7.14 ClassDefinitionEvaluation: a base
   * class's fields before its constructor's body, a derived class's when `super()`
   * returns), and `super(...)` runs the base's with `yield*`. The fields stay declared,
   * without their value, so `new` still defines them (undefined) in their order. `new C()`
   * becomes `yield* __il.construct(at, C, args)`, which makes the object with the class's
   * now empty JavaScript constructor and then runs the generator (runtimeSource.ts). A base
   * class's JavaScript constructor checks that it was reached that way (`__il.newGuard`).
   */
  private genClass(node: ts.ClassDeclaration | ts.ClassExpression): ts.Node {
    const f = this.f;
    const ctor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
    const derived = this.a.baseClass(node) !== undefined;
    const paramProps = ctor ? ctor.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, ctor) && ts.isIdentifier(p.name)) : [];
    const members: ts.ClassElement[] = [];
    // A parameter property is declared first, as TypeScript declares it.
    for (const p of paramProps) members.push(f.createPropertyDeclaration(undefined, (p.name as ts.Identifier).text, undefined, undefined, undefined));
    if (!derived) {
      const guard = f.createExpressionStatement(f.createCallExpression(this.il('newGuard'), undefined, [this.loc(node.name ?? node), this.str(node.name?.text ?? 'class')]));
      members.push(f.createConstructorDeclaration(undefined, [], f.createBlock([guard], true)));
    }
    const fields: ts.PropertyDeclaration[] = [];
    for (const m of node.members) {
      if (ts.isConstructorDeclaration(m)) continue;
      if (ts.isPropertyDeclaration(m) && m.initializer && !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
        fields.push(m);
        members.push(f.updatePropertyDeclaration(m, m.modifiers, m.name, m.questionToken ?? m.exclamationToken, m.type, undefined));
        continue;
      }
      const v = this.visit(m);
      if (Array.isArray(v)) members.push(...(v as ts.ClassElement[]));
      else if (v) members.push(v as ts.ClassElement);
    }
    members.push(this.initMethod(node, ctor, fields, paramProps, derived));
    const heritage = node.heritageClauses?.map((h) => ts.visitEachChild(h, this.visit, this.ctx));
    if (ts.isClassDeclaration(node)) return f.updateClassDeclaration(node, node.modifiers, node.name, node.typeParameters, heritage, members);
    return f.updateClassExpression(node, node.modifiers, node.name, node.typeParameters, heritage, members);
  }

  /** `*[__il.INIT](params) { ... }`: the class's construction as simulated code (genClass). */
  private initMethod(node: ts.ClassLikeDeclaration, ctor: ts.ConstructorDeclaration | undefined, fields: ts.PropertyDeclaration[],
    paramProps: ts.ParameterDeclaration[], derived: boolean): ts.MethodDeclaration {
    const f = this.f;
    const saved = { gen: this.gen, plainWhy: this.plainWhy, plainAt: this.plainAt, genInit: this.genInit, afterSuper: this.afterSuper };
    this.gen = true;
    this.plainWhy = null;
    this.genInit = node;
    this.afterSuper = null;
    this.temps.push([]);
    try {
      const set = (at: ts.Node, name: ts.PropertyName, value: ts.Expression): ts.Statement => {
        const priv = ts.isPrivateIdentifier(name);
        const key = ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? this.str(name.text) : this.str(name.getText(this.a.source));
        const args = [this.loc(at), f.createThis(), key, value, ...(priv ? [this.calls.privateSlot(name.text)] : [])];
        return f.createExpressionStatement(this.delegate(this.il('set'), args));
      };
      const inits = (): ts.Statement[] => [
        ...fields.map((m) => set(m.name, m.name, this.visit(m.initializer!) as ts.Expression)),
        ...paramProps.map((p) => {
          const id = p.name as ts.Identifier;
          return set(id, id, this.isSharedParam(p) ? this.readVar(id) : f.createIdentifier(id.text));
        }),
      ];
      let params: ts.ParameterDeclaration[] = [];
      const prologue: ts.Statement[] = [f.createExpressionStatement(f.createCallExpression(this.il('tick'), undefined, [this.loc(ctor ?? node.name ?? node)]))];
      let body: ts.Statement[];
      if (ctor) {
        const p = this.parameters(ctor, true);
        // Parameter properties' modifiers (`readonly name`) belong to a constructor, not a method.
        params = p.params.map((x) => f.updateParameterDeclaration(x, undefined, x.dotDotDotToken, x.name, x.questionToken, x.type, x.initializer));
        prologue.push(...p.unpack);
        for (const q of ctor.parameters) {
          if (ts.isIdentifier(q.name) && this.isSharedParam(q)) {
            const made = this.delegate(this.il('mkvar'), [this.loc(q.name), this.str(q.name.text), f.createIdentifier(q.name.text)]);
            prologue.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(q.name.text), made)));
          }
        }
        if (derived) {
          this.afterSuper = inits;
          body = this.statements(ctor.body!.statements);
          if (this.afterSuper !== null && (fields.length > 0 || paramProps.length > 0)) {
            this.error(ctor, 'this constructor calls `super(...)` inside another statement, and the class has field initializers or parameter properties',
              'call `super(...)` as a statement of its own in the constructor\'s body');
          }
        } else body = [...inits(), ...this.statements(ctor.body!.statements)];
      } else if (derived) {
        // The implicit `constructor(...args) { super(...args); }`.
        const rest = f.createIdentifier('__a');
        params = [f.createParameterDeclaration(undefined, f.createToken(ts.SyntaxKind.DotDotDotToken), rest)];
        const base = f.createElementAccessExpression(f.createSuper(), this.il('INIT'));
        body = [f.createExpressionStatement(this.delegate(base, [f.createSpreadElement(rest)])), ...inits()];
      } else body = inits();
      const temps = this.temps[this.temps.length - 1];
      if (temps.length > 0) {
        prologue.unshift(f.createVariableStatement(undefined, f.createVariableDeclarationList(temps.map((t) => f.createVariableDeclaration(t)), ts.NodeFlags.Let)));
      }
      return f.createMethodDeclaration(undefined, f.createToken(ts.SyntaxKind.AsteriskToken), f.createComputedPropertyName(this.il('INIT')), undefined, undefined,
        params, undefined, f.createBlock([...prologue, ...body], true));
    } finally {
      this.temps.pop();
      Object.assign(this, saved);
    }
  }

  /**
   * A getter or setter cannot be a generator: its body becomes a generator method under a
   * symbol (`__il.acc('get', name)`), which `__il.get`/`__il.set` run with `yield*` where
   * the simulation reads or writes the property. The accessor itself stays, for plain
   * JavaScript that reaches it (`JSON.stringify`), and runs the body at once (`__il.now`).
   */
  private simulatedAccessor(node: ts.GetAccessorDeclaration | ts.SetAccessorDeclaration, mods: ts.Modifier[] | undefined,
    params: ts.ParameterDeclaration[], block: ts.Block): ts.Node[] {
    const kind = ts.isGetAccessorDeclaration(node) ? 'get' : 'set';
    const name = node.name;
    const text = ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText(this.a.source);
    const key = () => this.f.createCallExpression(this.il('acc'), undefined, [this.str(kind), this.str(text)]);
    const star = this.f.createToken(ts.SyntaxKind.AsteriskToken);
    const gen = this.f.createMethodDeclaration(mods, star, this.f.createComputedPropertyName(key()), undefined, undefined, params, undefined, block);
    const body = this.f.createElementAccessExpression(this.f.createThis(), key());
    if (kind === 'get') {
      const run = this.f.createCallExpression(this.il('now'), undefined, [this.f.createCallExpression(body, undefined, [])]);
      return [gen, this.f.updateGetAccessorDeclaration(node as ts.GetAccessorDeclaration, mods, node.name, [], undefined, this.f.createBlock([this.f.createReturnStatement(run)], true))];
    }
    const v = this.f.createIdentifier('__v');
    const run = this.f.createCallExpression(this.il('now'), undefined, [this.f.createCallExpression(body, undefined, [v])]);
    return [gen, this.f.updateSetAccessorDeclaration(node as ts.SetAccessorDeclaration, mods, node.name,
      [this.f.createParameterDeclaration(undefined, undefined, v)], this.f.createBlock([this.f.createExpressionStatement(run)], true))];
  }

  /**
   * A generator's parameters. A default value or a destructuring pattern may read shared
   * state, a step, but `yield` cannot stand in a parameter list: such parameters become
   * plain ones, unpacked with the same defaults and patterns at the top of the body.
   */
  private parameters(node: FunctionLikeNode, gen: boolean): { params: ts.ParameterDeclaration[]; unpack: ts.Statement[] } {
    const own = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    if (!gen) {
      // Plain code (a constructor) keeps its parameters (modifiers, defaults) in place, but
      // unpacks a destructuring one so that its whole read joins the plain code's atomic step.
      const unpack: ts.Statement[] = [];
      const params = node.parameters.map((p, i) => {
        if (ts.isIdentifier(p.name) || p.dotDotDotToken) return this.visit(p) as ts.ParameterDeclaration;
        const name = this.f.createIdentifier(`__p${i + 1}`);
        const keys = ts.isObjectBindingPattern(p.name) ? this.patternKeys(p.name) : undefined;
        unpack.push(this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
          [this.f.createVariableDeclaration(this.visit(p.name) as ts.BindingName, undefined, undefined, this.readAll(p.name, name, keys))], ts.NodeFlags.Let)));
        return this.f.createParameterDeclaration(undefined, undefined, name, undefined, undefined, p.initializer ? (this.visit(p.initializer) as ts.Expression) : undefined);
      });
      return { params, unpack };
    }
    if (!own.some((p) => p.initializer || !ts.isIdentifier(p.name))) {
      return { params: node.parameters.map((p) => this.visit(p) as ts.ParameterDeclaration), unpack: [] };
    }
    const names = own.map((_, i) => this.f.createIdentifier(`__p${i + 1}`));
    const params = own.map((p, i) => this.f.createParameterDeclaration(undefined, p.dotDotDotToken, names[i]));
    // A default may read an earlier parameter (`b = a + 1`); the prologue turns a shared
    // parameter into a cell only after the unpack, so here it is read as a plain value.
    const ownSymbols = own.map((p) => (ts.isIdentifier(p.name) ? this.a.checker.getSymbolAtLocation(p.name) : undefined)).filter((x) => x !== undefined);
    for (const sym of ownSymbols) this.notYetCells.add(sym);
    let pattern: ts.ArrayBindingPattern;
    try {
      pattern = this.f.createArrayBindingPattern(own.map((p) => this.f.createBindingElement(p.dotDotDotToken, undefined,
        this.visit(p.name) as ts.BindingName, p.initializer ? (this.visit(p.initializer) as ts.Expression) : undefined)));
    } finally {
      for (const sym of ownSymbols) this.notYetCells.delete(sym);
    }
    // A destructuring parameter (`function f({ a, b }: O)`) reads its argument's fields as
    // `const { a, b } = o` does: a whole read when the argument is shared.
    const values = this.f.createArrayLiteralExpression(own.map((p, i) => (p.dotDotDotToken ? this.f.createSpreadElement(names[i])
      : ts.isIdentifier(p.name) ? names[i] : this.readAll(p.name, names[i], ts.isObjectBindingPattern(p.name) ? this.patternKeys(p.name) : undefined))));
    const unpack = this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(
      [this.f.createVariableDeclaration(pattern, undefined, undefined, values)], ts.NodeFlags.Let));
    return { params, unpack: [unpack] };
  }

  /** The whole file as `function* __interleave_module(__il) { ...; return main; }`. */
  moduleFunction(source: ts.SourceFile): ts.SourceFile {
    const body = this.statements(source.statements);
    const main = this.a.mainFn;
    const mainName = main && (ts.isFunctionDeclaration(main) || ts.isFunctionExpression(main)) && main.name ? main.name.text : '__main';
    let mainRef: ts.Expression = this.f.createIdentifier(mainName);
    if (main && !ts.isFunctionDeclaration(main)) {
      const exp = source.statements.find(ts.isExportAssignment);
      if (exp) mainRef = this.visit(exp.expression) as ts.Expression;
    }
    const temps = this.temps[0];
    const decls = temps.length > 0 ? [this.f.createVariableStatement(undefined, this.f.createVariableDeclarationList(temps.map((t) => this.f.createVariableDeclaration(t)), ts.NodeFlags.Let))] : [];
    const fn = this.f.createFunctionDeclaration(undefined, this.f.createToken(ts.SyntaxKind.AsteriskToken), MODULE_FN, undefined,
      [this.f.createParameterDeclaration(undefined, undefined, '__il')], undefined,
      this.f.createBlock([this.f.createExpressionStatement(this.f.createStringLiteral('use strict')), ...decls, ...body, this.f.createReturnStatement(mainRef)], true));
    return this.f.updateSourceFile(source, [fn]);
  }
}

/** Whether `new.target` at `node` is a constructor's (arrows see their enclosing function's; a field initializer's is undefined). */
function inConstructorBody(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isArrowFunction(p)) continue;
    if (isFunctionLike(p) || ts.isPropertyDeclaration(p) || ts.isClassStaticBlockDeclaration(p)) return ts.isConstructorDeclaration(p);
  }
  return false;
}

/** Whether `this` in `body` is the enclosing one (not inside a nested function or class that binds its own). */
function usesLexicalThis(body: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found) return;
    // `new.target` in a constructor's arrow becomes `this.constructor` (genClass).
    if (n.kind === ts.SyntaxKind.ThisKeyword || (ts.isMetaProperty(n) && n.keywordToken === ts.SyntaxKind.NewKeyword)) { found = true; return; }
    if ((isFunctionLike(n) && !ts.isArrowFunction(n)) || ts.isClassLike(n)) return;
    ts.forEachChild(n, walk);
  };
  walk(body);
  return found;
}

function isExported(node: ts.Node): node is ts.VariableStatement | ts.ClassDeclaration | ts.EnumDeclaration | ts.ModuleDeclaration {
  return (ts.isVariableStatement(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node))
    && (node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

export function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return e;
}

/** True when the identifier is read as a value (not a name being declared or a property name). */
function isValueUse(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p) || ts.isTypeQueryNode(p) || ts.isQualifiedName(p)) return false;
  if ((ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name === id) return false;
  return true;
}
