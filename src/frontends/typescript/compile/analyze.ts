/**
 * What the transform needs to know before it rewrites a file:
 * - which functions become generator task code (GEN) and which stay plain JavaScript
 *   (callbacks handed to built-ins such as `Array.prototype.forEach`, class methods);
 * - the task roots: `main` and every function passed to `go`/`spawn`;
 * - which variables are shared: a variable is shared when code of two or more task
 *   roots can reach it (its declaring task counts), following the call graph. Module
 *   code runs in main. Purely task-local variables are left alone and cost nothing.
 */
import * as ts from 'typescript';
import { apiKey, apiKeysWhere } from '../module/api';
import { STEP_AWARE_METHODS } from '../module/stepAware';

export type FnKind = { gen: true } | { gen: false; why: 'callback' | 'constructor' | 'implicit'; callee?: string };

/**
 * What runs code for the call-graph analysis: a function, or a class, whose instance field
 * initializers run when the class is constructed (`new C()`).
 */
export type Runner = FunctionLikeNode | ts.ClassLikeDeclaration;

/**
 * Methods JavaScript itself calls, where no `yield*` can stand (`${obj}`, `JSON.stringify`,
 * iteration, `await`): they stay plain JavaScript.
 */
const IMPLICITLY_CALLED = new Set(['toString', 'valueOf', 'toJSON', 'toLocaleString', 'next', 'return', 'throw', 'then', 'constructor']);

export type FunctionLikeNode =
  | ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration
  | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

/** An `interleave` export resolved from a use site: `go`, or `Mutex.lock`. */
export interface Intrinsic {
  readonly name: string;
  /** The class for methods and constructors (`Mutex`), undefined for functions. */
  readonly owner?: string;
}

/** Interleave functions whose function argument is a task root. */
const ROOT_STARTERS = apiKeysWhere((m) => m.runsFunction === 'new-task');
/** In `rootsWithin`: the task that made the call a local belongs to. */
const SELF = 'self' as const;
/** Interleave functions whose function arguments run inside the calling task, not in a new one. */
const IN_TASK_TAKERS = apiKeysWhere((m) => m.runsFunction === 'calling-task');
/**
 * Library methods that call their function argument before they return, in the calling
 * task (the array methods the runtime makes step-aware, `Map`/`Set` `forEach`, and a few
 * that never keep it). A function handed to any other library call may be kept and run
 * later by anyone (`map.set(k, fn)`, `arr.push(fn)`): it escapes.
 */
const RUNS_NOW = new Set([...STEP_AWARE_METHODS, 'replace', 'replaceAll', 'from', 'stringify', 'parse']);
/** Library methods that keep the function they are given (in a container) without calling it. */
const STORES = new Set(['push', 'unshift', 'set', 'add', 'splice', 'fill', 'concat', 'with']);
/** Promise methods whose callbacks run later, as jobs of the event loop. */
const PROMISE_REACTIONS = new Set(['then', 'catch', 'finally']);
/** In `rootsOf`: a function whose value escapes may run in any task, started anywhere. */
const ANY_TASK = 'any task' as const;

export function isFunctionLike(n: ts.Node): n is FunctionLikeNode {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
    || ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n);
}

export class Analysis {
  readonly fnKind = new Map<FunctionLikeNode, FnKind>();
  readonly roots = new Set<FunctionLikeNode>();
  readonly sharedVars = new Set<ts.Symbol>();
  readonly sharedConsts = new Set<ts.Symbol>();
  mainFn: FunctionLikeNode | undefined;
  private readonly callers = new Map<FunctionLikeNode, ts.Node[]>();
  /**
   * Functions whose value escapes where the checker cannot follow it: returned from a
   * factory, stored in a variable, object, array or `Map`, sent on a channel, handed to
   * another user function. Any task may end up calling them, so what they reach is shared.
   */
  readonly escaping = new Set<FunctionLikeNode>();
  private readonly rootMemo = new Map<Runner, Set<FunctionLikeNode | 'main' | typeof ANY_TASK>>();
  /** Where each class of the file is constructed (`new C()`). */
  private readonly newSites = new Map<ts.ClassLikeDeclaration, ts.Node[]>();
  /** The classes of the file that extend each class of the file by name. */
  private readonly subclasses = new Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]>();
  /** Classes used as values where the analysis cannot follow them (`make(Account)`): constructed by any task. */
  private readonly escapingClasses = new Set<ts.ClassLikeDeclaration>();
  private readonly genMemo = new Map<ts.ClassLikeDeclaration, boolean>();
  /** findImplicitAssignments: each function stored by name where JavaScript calls it, with the slot's text. */
  private readonly assignedImplicitly = new Map<FunctionLikeNode, string>();

  constructor(readonly checker: ts.TypeChecker, readonly source: ts.SourceFile, readonly dtsFile: string) {
    this.findMain();
    this.findImplicitAssignments(source);
    this.classify(source, null);
    this.findEscapes(source);
    this.findShared();
  }

  /** The file's first async function, if it has one: it then runs on the event loop (emit.ts). */
  firstAsync: FunctionLikeNode | undefined;

  /** `Promise` as the standard library declares it (the rewrite replaces it with the event loop's). */
  isGlobalPromise(e: ts.Expression): boolean {
    if (!ts.isIdentifier(e) || e.text !== 'Promise') return false;
    const decl = this.checker.getSymbolAtLocation(e)?.declarations?.[0];
    return decl !== undefined && /(^|[\\/])lib\.[\w.-]+\.d\.ts$/.test(decl.getSourceFile().fileName);
  }

  /** Follows import aliases to the declaring symbol. */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    let s = this.checker.getSymbolAtLocation(node);
    if (s && s.flags & ts.SymbolFlags.Alias) s = this.checker.getAliasedSymbol(s);
    return s;
  }

  isFromDts(decl: ts.Node | undefined): boolean {
    return decl !== undefined && decl.getSourceFile().fileName === this.dtsFile;
  }

  /** The `interleave` export that `expr` names, if it names one. */
  intrinsicOf(expr: ts.Expression): Intrinsic | undefined {
    const target = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    const sym = this.symbolOf(target);
    const decl = sym?.declarations?.[0];
    if (!sym || !this.isFromDts(decl)) return undefined;
    if (decl && (ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl)) && (ts.isClassDeclaration(decl.parent) || ts.isInterfaceDeclaration(decl.parent))) {
      return { name: sym.name, owner: decl.parent.name?.text };
    }
    return { name: sym.name };
  }

  /**
   * The user function that `f.call(...)`, `f.apply(...)` or `f.bind(...)(...)` runs: the
   * checker resolves these to the library's `Function` methods, which hide the target.
   */
  indirectCallee(call: ts.CallExpression): FunctionLikeNode | undefined {
    const outer = unwrap(call.expression);
    const method = ts.isCallExpression(outer) ? unwrap(outer.expression) : outer;
    if (!ts.isPropertyAccessExpression(method)) return undefined;
    const name = method.name.text;
    if (ts.isCallExpression(outer) ? name !== 'bind' : name !== 'call' && name !== 'apply') return undefined;
    const d = this.symbolOf(unwrap(method.expression))?.valueDeclaration;
    const fn = d && ts.isVariableDeclaration(d) && d.initializer ? unwrap(d.initializer) : d;
    return fn && isFunctionLike(fn) && fn.getSourceFile() === this.source ? fn : undefined;
  }

  /** The user function a call goes to, when the checker can tell. */
  calleeDecl(call: ts.CallLikeExpression): ts.Declaration | undefined {
    const sig = this.checker.getResolvedSignature(call);
    const d = sig?.declaration;
    if (d && !ts.isJSDocSignature(d)) return d;
    return undefined;
  }

  isUserGen(decl: ts.Node | undefined): decl is FunctionLikeNode {
    return decl !== undefined && isFunctionLike(decl) && decl.getSourceFile() === this.source && this.fnKind.get(decl)?.gen === true;
  }

  /** The file's class an expression names (`Account`, or `K` in `const K = class { ... }`), if it names one. */
  classOf(e: ts.Expression): ts.ClassLikeDeclaration | undefined {
    const x = unwrap(e);
    if (ts.isClassExpression(x)) return x;
    if (!ts.isIdentifier(x)) return undefined;
    const d = this.symbolOf(x)?.valueDeclaration;
    if (!d || d.getSourceFile() !== this.source) return undefined;
    if (ts.isClassDeclaration(d) || ts.isClassExpression(d)) return d;
    if (ts.isVariableDeclaration(d) && d.initializer && ts.isClassExpression(unwrap(d.initializer))) return unwrap(d.initializer) as ts.ClassExpression;
    return undefined;
  }

  /** The file's class that `cls` extends by name, if it extends one. */
  baseClass(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return ext ? this.classOf(ext.expression) : undefined;
  }

  /**
   * Whether the class is constructed step by step (transform.ts, genClass): its constructor
   * and instance field initializers become a generator, `new` runs it with `yield*`. Not for
   * a class that extends something other than the file's own such class (`Error`, `Map`, a
   * mixin call: their constructor must run as JavaScript runs it), nor one with decorators,
   * `accessor` fields or instance fields under a computed name.
   */
  isGenClass(cls: ts.ClassLikeDeclaration): boolean {
    let r = this.genMemo.get(cls);
    if (r !== undefined) return r;
    this.genMemo.set(cls, false);
    r = true;
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (ext) {
      const base = this.baseClass(cls);
      r = base !== undefined && this.isGenClass(base);
    }
    if (r && (ts.getDecorators(cls)?.length ?? 0) > 0) r = false;
    for (const m of cls.members) {
      if (!r) break;
      if (ts.canHaveDecorators(m) && (ts.getDecorators(m)?.length ?? 0) > 0) r = false;
      if (ts.isPropertyDeclaration(m) && !isStatic(m) && (ts.isComputedPropertyName(m.name) || hasModifier(m, ts.SyntaxKind.AccessorKeyword))) r = false;
    }
    this.genMemo.set(cls, r);
    return r;
  }

  /** Why a class is not constructed step by step (isGenClass), as words: "extends `Error`". */
  plainClassReason(cls: ts.ClassLikeDeclaration): string {
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (ext) {
      const base = this.baseClass(cls);
      if (!base) return `extends \`${ext.expression.getText(this.source)}\`, whose constructor JavaScript must run itself (a library class, or a class reached through an expression)`;
      if (!this.isGenClass(base)) return `extends \`${ext.expression.getText(this.source)}\`, which ${this.plainClassReason(base)}`;
    }
    if ((ts.getDecorators(cls)?.length ?? 0) > 0 || cls.members.some((m) => ts.canHaveDecorators(m) && (ts.getDecorators(m)?.length ?? 0) > 0)) return 'has decorators';
    return 'has an `accessor` field or an instance field with a computed name';
  }

  private findMain(): void {
    for (const st of this.source.statements) {
      if (ts.isFunctionDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) this.mainFn = st;
      if (ts.isExportAssignment(st) && !st.isExportEquals) {
        // `export default (() => ...)` and `export default main as Main` name their function too.
        const e = unwrap(st.expression);
        if (isFunctionLike(e)) { this.mainFn = e; continue; }
        const d = this.symbolOf(e)?.valueDeclaration;
        const fn = d && ts.isVariableDeclaration(d) && d.initializer ? unwrap(d.initializer) : d;
        if (fn && isFunctionLike(fn)) this.mainFn = fn;
      }
    }
    if (this.mainFn) this.roots.add(this.mainFn);
  }

  private functionOfArg(arg: ts.Expression): FunctionLikeNode | undefined {
    if (isFunctionLike(arg)) return arg;
    if (ts.isIdentifier(arg)) {
      const d = this.symbolOf(arg)?.valueDeclaration;
      if (d && isFunctionLike(d)) return d;
      if (d && ts.isVariableDeclaration(d) && d.initializer && isFunctionLike(d.initializer)) return d.initializer;
    }
    return undefined;
  }

  /** Decides GEN or plain for every function; records roots and call edges. */
  private classify(node: ts.Node, enclosingPlain: FnKind | null): void {
    if (isFunctionLike(node)) {
      let kind: FnKind;
      if (enclosingPlain) kind = enclosingPlain;
      else if (ts.isConstructorDeclaration(node)) kind = this.isGenClass(node.parent) ? { gen: true } : { gen: false, why: 'constructor', callee: this.plainClassReason(node.parent) };
      else if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
        // Methods, accessors, static and #private members are simulated code like any
        // function; a method the language calls by itself cannot be.
        const name = node.name;
        const implicit = ts.isComputedPropertyName(name) || ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && IMPLICITLY_CALLED.has(name.text));
        kind = implicit ? { gen: false, why: 'implicit', callee: name.getText(this.source) } : { gen: true };
      } else kind = this.kindAsAssigned(node) ?? this.kindAsArgument(node);
      // An async function is a flow of the event loop: simulated code, and any flow may run
      // it, so what it reaches is shared between flows (as between tasks).
      if (isAsync(node)) {
        kind = { gen: true };
        this.escaping.add(node);
        this.firstAsync ??= node;
      }
      this.fnKind.set(node, kind);
      ts.forEachChild(node, (c) => this.classify(c, kind.gen ? null : kind));
      return;
    }
    if (ts.isNewExpression(node)) {
      const cls = this.classOf(node.expression);
      if (cls) {
        const list = this.newSites.get(cls) ?? [];
        list.push(node);
        this.newSites.set(cls, list);
      }
    }
    if (ts.isClassLike(node)) {
      const base = this.baseClass(node);
      if (base) {
        const list = this.subclasses.get(base) ?? [];
        list.push(node);
        this.subclasses.set(base, list);
      }
    }
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const intr = ts.isCallExpression(node) ? this.intrinsicOf(node.expression) : undefined;
      if (intr && ROOT_STARTERS.has(apiKey(intr.name, intr.owner)) && ts.isCallExpression(node) && node.arguments.length > 0) {
        const fn = this.functionOfArg(node.arguments[0]);
        if (fn) this.roots.add(fn);
      }
      const d = (ts.isCallExpression(node) ? this.indirectCallee(node) : undefined) ?? this.calleeDecl(node);
      if (d && isFunctionLike(d) && d.getSourceFile() === this.source) {
        const list = this.callers.get(d) ?? [];
        list.push(node);
        this.callers.set(d, list);
      }
    }
    ts.forEachChild(node, (c) => this.classify(c, enclosingPlain));
  }

  /**
   * A function stored where JavaScript itself calls it: `o.toString = () => ...` (String(o),
   * a template), or a slot of the library's own objects (`Math.random = ...`,
   * `Array.prototype.last = ...`), which the library and code written for it call as plain
   * JavaScript. A simulated function there would hand its caller a generator. It stays
   * plain, one atomic step (the information diagnostic of 'implicit' says so).
   */
  private kindAsAssigned(fn: FunctionLikeNode): FnKind | undefined {
    const named = this.assignedImplicitly.get(fn);
    if (named !== undefined) return { gen: false, why: 'implicit', callee: named };
    let p: ts.Node = fn.parent;
    let value: ts.Node = fn;
    while (ts.isParenthesizedExpression(p)) { value = p; p = p.parent; }
    if (!ts.isBinaryExpression(p) || p.right !== value) return undefined;
    const callee = this.implicitSlot(p);
    return callee === undefined ? undefined : { gen: false, why: 'implicit', callee };
  }

  /** `o.toString = f`, `Math.random = f`: the slot's text when `assignment` stores into a place JavaScript calls by itself. */
  private implicitSlot(assignment: ts.BinaryExpression): string | undefined {
    if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
    const target = assignment.left;
    if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return undefined;
    const key = ts.isPropertyAccessExpression(target) ? target.name.text
      : ts.isStringLiteralLike(target.argumentExpression) ? target.argumentExpression.text : undefined;
    const callee = target.getText(this.source);
    if (key !== undefined && IMPLICITLY_CALLED.has(key)) return callee;
    // The root of `Array.prototype.last`: a global the library declares, not the program's own value.
    let root: ts.Expression = target.expression;
    for (;;) {
      if (ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root) || ts.isAsExpression(root)) root = root.expression;
      else if (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
      else break;
    }
    if (!ts.isIdentifier(root)) return undefined;
    if (root.text === 'globalThis') return callee;
    const d = this.symbolOf(root)?.declarations?.[0];
    return d !== undefined && d.getSourceFile() !== this.source && !this.isFromDts(d) ? callee : undefined;
  }

  /** Functions of the file stored by name into such a slot (`o.toString = describe`): they stay plain wherever they are declared. */
  private findImplicitAssignments(node: ts.Node): void {
    let value: ts.Expression | undefined = ts.isBinaryExpression(node) ? node.right : undefined;
    while (value && ts.isParenthesizedExpression(value)) value = value.expression;
    if (ts.isBinaryExpression(node) && value && ts.isIdentifier(value)) {
      const fn = this.functionOfArg(value);
      const callee = fn && fn.getSourceFile() === this.source ? this.implicitSlot(node) : undefined;
      if (fn && callee !== undefined) this.assignedImplicitly.set(fn, callee);
    }
    ts.forEachChild(node, (c) => this.findImplicitAssignments(c));
  }

  /** A function passed to a built-in (forEach, map, sort...) stays plain JavaScript. */
  private kindAsArgument(fn: FunctionLikeNode): FnKind {
    let p: ts.Node = fn.parent;
    while (ts.isParenthesizedExpression(p)) p = p.parent;
    if (!(ts.isCallExpression(p) || ts.isNewExpression(p)) || !p.arguments?.some((a) => a === fn || (ts.isParenthesizedExpression(a) && a.expression === fn))) {
      return { gen: true };
    }
    // A function handed to an `interleave` call runs as task code (`go`, `once.do`) or is a
    // value it carries (`ch.send(fn)`): either way it is simulated.
    if (this.intrinsicOf(p.expression)) return { gen: true };
    if (ts.isCallExpression(p)) {
      const d = this.calleeDecl(p);
      if (d && d.getSourceFile() === this.source) return { gen: true };
      if (!d) return { gen: true };
    }
    // `new Worker(() => ...)` of the file's own class: simulated code keeps or calls it.
    if (ts.isNewExpression(p) && this.classOf(p.expression)) return { gen: true };
    const callee = ts.isPropertyAccessExpression(p.expression) ? p.expression.name.text : p.expression.getText(this.source);
    // The runtime runs these methods' callbacks step by step (runtimeSource.ts, stepAware).
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && STEP_AWARE_METHODS.has(callee)) return { gen: true };
    // Kept, not called: a value that simulated code may call later (`handlers.set(k, fn)`).
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && STORES.has(callee)) return { gen: true };
    // A promise's reactions and executor run as the event loop's jobs (runtime: eventLoopSource.ts).
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && PROMISE_REACTIONS.has(callee)) return { gen: true };
    if (ts.isNewExpression(p) && this.isGlobalPromise(p.expression)) return { gen: true };
    return { gen: false, why: 'callback', callee };
  }

  /**
   * Marks every function whose value goes somewhere the call graph does not follow
   * (`escaping`), and adds the calling task's edge for a function handed to a call that
   * runs it at once (`once.do(fn)`, `arr.forEach(fn)`).
   */
  private findEscapes(node: ts.Node): void {
    if (ts.isIdentifier(node) && isReference(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const cls = this.classOf(node);
      if (cls && !ts.isClassExpression(unwrap(node))) this.classUse(cls, node);
    }
    if (ts.isClassExpression(node) && !(ts.isVariableDeclaration(node.parent) || ts.isNewExpression(node.parent))) this.escapingClasses.add(node);
    if (isFunctionLike(node) && (ts.isArrowFunction(node) || ts.isFunctionExpression(node))) this.valueUse(node, node);
    else if ((ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) && isReference(node))
      || ts.isPropertyAccessExpression(node)) {
      const target = ts.isPropertyAccessExpression(node) ? node.name : node;
      const d = this.symbolOf(target)?.valueDeclaration;
      const fn = d && ts.isVariableDeclaration(d) && d.initializer ? unwrap(d.initializer) : d;
      if (fn && isFunctionLike(fn) && fn.getSourceFile() === this.source) this.valueUse(fn, node);
    }
    ts.forEachChild(node, (c) => this.findEscapes(c));
  }

  /** Where the value of `fn`, written as `use`, goes. */
  private valueUse(fn: FunctionLikeNode, use: ts.Expression): void {
    let e: ts.Node = use;
    while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent)
      || ts.isNonNullExpression(e.parent) || ts.isTypeAssertionExpression(e.parent)) e = e.parent;
    const p = e.parent;
    if ((ts.isCallExpression(p) || ts.isTaggedTemplateExpression(p)) && (ts.isCallExpression(p) ? p.expression : p.tag) === e) return;
    // `f.call(...)`, `f.apply(...)`, `f.bind(...)`: indirectCallee follows them.
    if (ts.isPropertyAccessExpression(p) && p.expression === e && ['call', 'apply'].includes(p.name.text)) return;
    // `f.bind(x)(...)` is a call; `spawn(f.bind(x))` hands a bound `f` on.
    if (ts.isPropertyAccessExpression(p) && p.expression === e && p.name.text === 'bind'
      && ts.isCallExpression(p.parent) && ts.isCallExpression(p.parent.parent) && p.parent.parent.expression === p.parent) return;
    if (ts.isVariableDeclaration(p) && p.initializer === e && ts.isIdentifier(p.name)) return;
    if (ts.isExportAssignment(p) || (ts.isVariableDeclaration(p) && p.name === e)) return;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(e as ts.Expression)) {
      const intr = this.intrinsicOf(p.expression);
      if (intr) {
        const key = apiKey(intr.name, intr.owner);
        if (ROOT_STARTERS.has(key) && p.arguments[0] === e) return;
        if (IN_TASK_TAKERS.has(key)) { this.addCaller(fn, p); return; }
      } else if (ts.isCallExpression(p)) {
        const d = this.calleeDecl(p);
        const name = ts.isPropertyAccessExpression(p.expression) ? p.expression.name.text : ts.isIdentifier(p.expression) ? p.expression.text : '';
        if (d && d.getSourceFile() !== this.source && RUNS_NOW.has(name)) { this.addCaller(fn, p); return; }
      }
    }
    this.escaping.add(fn);
  }

  /** Where a class named as a value goes: `new C()`, `extends C`, `C.x`, `x instanceof C` keep it in sight. */
  private classUse(cls: ts.ClassLikeDeclaration, use: ts.Expression): void {
    let e: ts.Node = use;
    while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)) e = e.parent;
    const p = e.parent;
    if (ts.isNewExpression(p) && p.expression === e) return;
    if (ts.isExpressionWithTypeArguments(p) && ts.isHeritageClause(p.parent)) return;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === e) return;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && p.right === e) return;
    if (ts.isClassDeclaration(p) || ts.isTypeOfExpression(p) || ts.isExportAssignment(p) || ts.isExportSpecifier(p)) return;
    if (ts.isVariableDeclaration(p) && p.name === e) return;
    this.escapingClasses.add(cls);
  }

  private addCaller(fn: FunctionLikeNode, call: ts.Node): void {
    const list = this.callers.get(fn) ?? [];
    list.push(call);
    this.callers.set(fn, list);
  }

  enclosingFunction(node: ts.Node): FunctionLikeNode | undefined {
    for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
    return undefined;
  }

  /**
   * What runs `node`: its function, or for code in an instance field initializer, the class
   * (run by each `new`). A static initializer runs where the class is declared.
   */
  enclosingRunner(node: ts.Node): Runner | undefined {
    let prev: ts.Node = node;
    for (let p = node.parent; p; prev = p, p = p.parent) {
      if (isFunctionLike(p)) return p;
      if (ts.isPropertyDeclaration(p) && p.initializer === prev && !isStatic(p) && ts.isClassLike(p.parent)) return p.parent;
    }
    return undefined;
  }

  /** The runners a class's construction takes part in: its `new` sites, and its subclasses' constructions. */
  private constructionCallers(cls: ts.ClassLikeDeclaration): { sites: ts.Node[]; subclasses: ts.ClassLikeDeclaration[] } {
    return { sites: this.newSites.get(cls) ?? [], subclasses: this.subclasses.get(cls) ?? [] };
  }

  /** The task roots whose code may run `fn`. */
  rootsOf(fn: Runner | undefined): Set<FunctionLikeNode | 'main' | typeof ANY_TASK> {
    if (!fn) return new Set(['main']);
    const memo = this.rootMemo.get(fn);
    if (memo) return memo;
    const out = new Set<FunctionLikeNode | 'main' | typeof ANY_TASK>();
    this.rootMemo.set(fn, out);
    if (ts.isClassLike(fn)) {
      // A class's instance initializers run in whichever task constructs it (or a subclass).
      if (this.escapingClasses.has(fn)) out.add(ANY_TASK);
      const enclosing = this.enclosingRunner(fn);
      if (enclosing) for (const r of this.rootsOf(enclosing)) out.add(r);
      const { sites, subclasses } = this.constructionCallers(fn);
      for (const site of sites) for (const r of this.rootsOf(this.enclosingRunner(site))) out.add(r);
      for (const sub of subclasses) for (const r of this.rootsOf(sub)) out.add(r);
      return out;
    }
    if (this.escaping.has(fn)) out.add(ANY_TASK);
    if (fn === this.mainFn) { out.add('main'); return out; }
    if (this.roots.has(fn)) { out.add(fn); return out; }
    const enclosing = this.enclosingRunner(fn);
    if (enclosing) for (const r of this.rootsOf(enclosing)) out.add(r);
    // A constructor runs where its class is constructed.
    if (ts.isConstructorDeclaration(fn)) for (const r of this.rootsOf(fn.parent)) out.add(r);
    for (const call of this.callers.get(fn) ?? []) for (const r of this.rootsOf(this.enclosingRunner(call))) out.add(r);
    return out;
  }

  /**
   * The tasks that may run `fn` (nested in `owner`) for one call of `owner`, where `SELF`
   * is the task making that call. A local of a function that two tasks call is still one
   * variable per call: it is shared only when a task started inside the call (a closure
   * passed to `go`) can reach it, not because two tasks call the function.
   */
  private rootsWithin(fn: Runner | undefined, owner: FunctionLikeNode, seen: Set<Runner>): Set<FunctionLikeNode | 'main' | typeof SELF | typeof ANY_TASK> {
    if (fn === undefined || fn === owner) return new Set([SELF]);
    if (ts.isClassLike(fn) ? this.escapingClasses.has(fn) : this.escaping.has(fn)) return new Set([ANY_TASK]);
    if (!ts.isClassLike(fn) && this.roots.has(fn)) return new Set([fn]);
    const out = new Set<FunctionLikeNode | 'main' | typeof SELF | typeof ANY_TASK>();
    if (seen.has(fn)) return out;
    seen.add(fn);
    const within = (n: ts.Node): boolean => {
      for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === owner) return true;
      return false;
    };
    for (const r of this.rootsWithin(this.enclosingRunner(fn), owner, seen)) out.add(r);
    // A call from outside `owner` runs in whatever task calls it: any of the caller's.
    const from = (site: ts.Node): void => {
      const caller = this.enclosingRunner(site);
      for (const r of within(site) ? this.rootsWithin(caller, owner, seen) : this.rootsOf(caller)) out.add(r);
    };
    if (ts.isClassLike(fn)) {
      const { sites, subclasses } = this.constructionCallers(fn);
      for (const site of sites) from(site);
      for (const sub of subclasses) for (const r of this.rootsWithin(sub, owner, seen)) out.add(r);
      return out;
    }
    if (ts.isConstructorDeclaration(fn)) for (const r of this.rootsWithin(fn.parent, owner, seen)) out.add(r);
    for (const call of this.callers.get(fn) ?? []) from(call);
    return out;
  }

  private findShared(): void {
    const refs = new Map<ts.Symbol, Set<FunctionLikeNode | 'main' | typeof SELF | typeof ANY_TASK>>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const sym = this.checker.getSymbolAtLocation(node);
        const decl = sym?.valueDeclaration;
        // A parameter property's property symbol (`this.kind` for `constructor(readonly kind)`)
        // has the parameter as its declaration, but it is a field, not the variable.
        if (sym && decl && decl.getSourceFile() === this.source && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && !(sym.flags & ts.SymbolFlags.Property)) {
          const owner = this.enclosingFunction(decl);
          let set = refs.get(sym);
          if (!set) {
            set = new Set<FunctionLikeNode | 'main' | typeof SELF | typeof ANY_TASK>(owner ? [SELF] : this.rootsOf(undefined));
            refs.set(sym, set);
          }
          const user = this.enclosingRunner(node);
          for (const r of owner ? this.rootsWithin(user, owner, new Set()) : this.rootsOf(user)) set.add(r);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(this.source);
    for (const [sym, roots] of refs) {
      if (roots.size < 2) continue;
      const decl = sym.valueDeclaration!;
      if (ts.isParameter(decl)) {
        if (ts.isIdentifier(decl.name)) this.sharedVars.add(sym);
        continue;
      }
      const vd = decl as ts.VariableDeclaration;
      const list = vd.parent;
      const loopHeader = ts.isVariableDeclarationList(list) && (ts.isForStatement(list.parent) || ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
      if (loopHeader || !ts.isIdentifier(vd.name)) continue;
      if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) this.sharedConsts.add(sym);
      else this.sharedVars.add(sym);
    }
  }
}

/** An identifier that names a value where it stands (not a declaration's own name or a property key). */
function isReference(id: ts.Identifier | ts.PrivateIdentifier): boolean {
  const p = id.parent;
  if ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p) || ts.isParameter(p) || ts.isBindingElement(p)
    || ts.isPropertyDeclaration(p) || ts.isClassDeclaration(p) || ts.isImportSpecifier(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  return !(ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p) || ts.isTypeQueryNode(p) || ts.isQualifiedName(p) || ts.isTypeReferenceNode(p));
}

function isStatic(m: ts.ClassElement): boolean {
  return hasModifier(m, ts.SyntaxKind.StaticKeyword);
}

function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === kind) ?? false);
}

/** The expression inside parentheses, `as`, `satisfies` and `!`. */
function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/** `async function`, `async () => ...`, `async m() {}`. */
export function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}
