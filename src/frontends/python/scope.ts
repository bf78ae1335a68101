/**
 * Python's scoping rules, decided once before a run (Python/symtable.c): a name bound in a
 * function is local to it unless declared `global` or `nonlocal`; comprehensions and
 * lambdas are functions of their own. Module globals that can change while threads run
 * (bound by an assignment, not by `def`, `class` or `import`) are "tracked": every read and
 * write of one is an op the race detector sees.
 */
import type { Expr, FuncDef, Module, Stmt } from './ast';

function targetNames(e: Expr, out: Set<string>): void {
  if (e.k === 'name') out.add(e.id);
  else if (e.k === 'tuple' || e.k === 'list') e.items.forEach((i) => targetNames(i, out));
}

/** Every function in an expression (lambdas, comprehensions), analysed with `enclosing` around them. */
function exprScopes(e: Expr | undefined): void {
  if (!e) return;
  switch (e.k) {
    case 'lambda':
      for (const p of e.fn.params) e.fn.locals.add(p.name);
      e.fn.params.forEach((p) => exprScopes(p.dflt));
      exprScopes(e.fn.expr);
      return;
    case 'comp': {
      const fn = compFunc(e);
      e.gens.forEach((g, i) => {
        if (i > 0) exprScopes(g.iter);
        targetNames(g.target, fn.locals);
        g.ifs.forEach(exprScopes);
      });
      exprScopes(e.gens[0].iter);
      exprScopes(e.elt);
      exprScopes(e.value);
      return;
    }
    case 'bin': case 'bool': exprScopes(e.l); exprScopes(e.r); return;
    case 'compare': exprScopes(e.first); e.rest.forEach(exprScopes); return;
    case 'unary': case 'star': case 'await': exprScopes(e.e); return;
    case 'call': exprScopes(e.fn); e.args.forEach((a) => exprScopes(a.e)); return;
    case 'attr': exprScopes(e.obj); return;
    case 'sub': exprScopes(e.obj); exprScopes(e.index); return;
    case 'slice': exprScopes(e.lo); exprScopes(e.hi); exprScopes(e.step); return;
    case 'list': case 'tuple': case 'set': e.items.forEach(exprScopes); return;
    case 'dict': e.entries.forEach(([k, v]) => { exprScopes(k); exprScopes(v); }); return;
    case 'ifexp': exprScopes(e.cond); exprScopes(e.a); exprScopes(e.b); return;
    case 'fstr': e.parts.forEach((p) => typeof p !== 'string' && exprScopes(p.e)); return;
    default: return;
  }
}

const compFuncs = new WeakMap<Expr, FuncDef>();
/** The function a comprehension runs as (its loop variables are its own, as in Python 3). */
export function compFunc(e: Expr & { k: 'comp' }): FuncDef {
  let fn = compFuncs.get(e);
  if (!fn) {
    fn = { name: '<comprehension>', params: [], body: [], locals: new Set(), globals: new Set(), nonlocals: new Set(), at: e.at };
    compFuncs.set(e, fn);
  }
  return fn;
}

function bodyScopes(fn: FuncDef, body: readonly Stmt[], inClass: boolean): void {
  const bind = (n: string) => {
    if (!inClass) fn.locals.add(n);
  };
  for (const s of body) {
    switch (s.k) {
      case 'expr': exprScopes(s.e); break;
      case 'assign': s.targets.forEach((t) => { targetNames(t, fn.locals); exprScopes(t); }); exprScopes(s.value); break;
      case 'aug': targetNames(s.target, fn.locals); exprScopes(s.target); exprScopes(s.value); break;
      case 'if': s.branches.forEach((b) => { exprScopes(b.cond); bodyScopes(fn, b.body, inClass); }); break;
      case 'while': exprScopes(s.cond); bodyScopes(fn, s.body, inClass); bodyScopes(fn, s.orelse, inClass); break;
      case 'for': targetNames(s.target, fn.locals); exprScopes(s.iter); bodyScopes(fn, s.body, inClass); bodyScopes(fn, s.orelse, inClass); break;
      case 'def': bind(s.fn.name); s.fn.params.forEach((p) => exprScopes(p.dflt)); analyseFunction(s.fn); break;
      case 'class': bind(s.name); s.bases.forEach(exprScopes); bodyScopes(fn, s.body, true); break;
      case 'return': exprScopes(s.e); break;
      case 'scope': for (const n of s.names) (s.kind === 'global' ? fn.globals : fn.nonlocals).add(n); break;
      case 'import': s.names.forEach((n) => bind(n.as)); break;
      case 'from': s.names.forEach((n) => bind(n.as)); break;
      case 'with': s.items.forEach((i) => { exprScopes(i.e); if (i.as) targetNames(i.as, fn.locals); }); bodyScopes(fn, s.body, inClass); break;
      case 'try':
        bodyScopes(fn, s.body, inClass);
        s.handlers.forEach((h) => { exprScopes(h.type); if (h.as) fn.locals.add(h.as); bodyScopes(fn, h.body, inClass); });
        bodyScopes(fn, s.orelse, inClass);
        bodyScopes(fn, s.final, inClass);
        break;
      case 'raise': exprScopes(s.e); break;
      case 'assert': exprScopes(s.e); exprScopes(s.msg); break;
      case 'del': s.targets.forEach(exprScopes); break;
      default: break;
    }
  }
}

function analyseFunction(fn: FuncDef): void {
  for (const p of fn.params) fn.locals.add(p.name);
  bodyScopes(fn, fn.body, false);
  for (const n of fn.globals) fn.locals.delete(n);
  for (const n of fn.nonlocals) fn.locals.delete(n);
}

/** Fills every function's locals, and returns the module globals reads and writes of which are ops. */
export function analyse(mod: Module): Set<string> {
  const tracked = new Set<string>();
  bodyScopes(mod.top, mod.body, false);
  // Module-level assignment targets (not def/class/import) and every `global` declaration's names.
  const collect = (body: readonly Stmt[]) => {
    for (const s of body) {
      if (s.k === 'assign') s.targets.forEach((t) => targetNames(t, tracked));
      else if (s.k === 'aug') targetNames(s.target, tracked);
      else if (s.k === 'for') { targetNames(s.target, tracked); collect(s.body); }
      else if (s.k === 'if') s.branches.forEach((b) => collect(b.body));
      else if (s.k === 'while') collect(s.body);
      else if (s.k === 'with') collect(s.body);
      else if (s.k === 'try') { collect(s.body); collect(s.final); collect(s.orelse); s.handlers.forEach((h) => collect(h.body)); }
    }
  };
  collect(mod.body);
  const globalsOf = (body: readonly Stmt[]) => {
    for (const s of body) {
      if (s.k === 'def') { s.fn.globals.forEach((g) => tracked.add(g)); globalsOf(s.fn.body); }
      else if (s.k === 'class') globalsOf(s.body);
      else if (s.k === 'if') s.branches.forEach((b) => globalsOf(b.body));
      else if (s.k === 'while' || s.k === 'for' || s.k === 'with') globalsOf(s.body);
      else if (s.k === 'try') { globalsOf(s.body); globalsOf(s.final); s.handlers.forEach((h) => globalsOf(h.body)); }
    }
  };
  globalsOf(mod.body);
  return tracked;
}

/**
 * Module globals that never change once set: bound by exactly one plain assignment, a
 * statement of the module body that only imports, `def`s, `class`es and other plain
 * assignments precede, and declared `global` nowhere (`lock = threading.Lock()`,
 * `N = 1_000`). Every thread reads the one value they hold, so reading one is no op
 * (a `with lock:` round costs the lock's ops, not a read of `lock` besides), unless it
 * holds a list, dict or set (interp.ts `tracks`).
 */
export function constants(mod: Module): Set<string> {
  const bindings = new Map<string, number>();
  const count = (n: string) => bindings.set(n, (bindings.get(n) ?? 0) + 1);
  const bound = (e: Expr) => { const names = new Set<string>(); targetNames(e, names); names.forEach(count); };
  const walk = (body: readonly Stmt[]) => {
    for (const s of body) {
      switch (s.k) {
        case 'assign': s.targets.forEach(bound); break;
        case 'aug': bound(s.target); bound(s.target); break;
        case 'for': bound(s.target); walk(s.body); walk(s.orelse); break;
        case 'while': walk(s.body); walk(s.orelse); break;
        case 'if': s.branches.forEach((b) => walk(b.body)); break;
        case 'with': s.items.forEach((i) => i.as && bound(i.as)); walk(s.body); break;
        case 'try': walk(s.body); s.handlers.forEach((h) => { if (h.as) { count(h.as); count(h.as); } walk(h.body); }); walk(s.orelse); walk(s.final); break;
        case 'del': s.targets.forEach((t) => { bound(t); bound(t); }); break;
        case 'import': s.names.forEach((n) => count(n.as)); break;
        case 'from': s.names.forEach((n) => count(n.as)); break;
        case 'def': count(s.fn.name); break;
        case 'class': count(s.name); break;
        default: break;
      }
    }
  };
  walk(mod.body);
  const declared = new Set<string>();
  const globalsOf = (body: readonly Stmt[]) => {
    for (const s of body) {
      if (s.k === 'def') { s.fn.globals.forEach((g) => declared.add(g)); globalsOf(s.fn.body); }
      else if (s.k === 'class') globalsOf(s.body);
      else if (s.k === 'if') s.branches.forEach((b) => globalsOf(b.body));
      else if (s.k === 'while' || s.k === 'for' || s.k === 'with') globalsOf(s.body);
      else if (s.k === 'try') { globalsOf(s.body); globalsOf(s.final); globalsOf(s.orelse); s.handlers.forEach((h) => globalsOf(h.body)); }
    }
  };
  globalsOf(mod.body);
  const out = new Set<string>();
  for (const s of mod.body) {
    if (s.k === 'import' || s.k === 'from' || s.k === 'def' || s.k === 'class') continue;
    if (s.k !== 'assign') break;
    for (const t of s.targets) {
      if (t.k === 'name' && bindings.get(t.id) === 1 && !declared.has(t.id)) out.add(t.id);
    }
  }
  return out;
}

/** Names some inner function declares `nonlocal`: cells two threads may share, so their reads and writes are ops. */
export function markSharedCells(mod: Module): void {
  const walk = (body: readonly Stmt[], chain: FuncDef[]) => {
    for (const s of body) {
      if (s.k === 'def') {
        for (const n of s.fn.nonlocals) {
          for (let i = chain.length - 1; i >= 0; i--) {
            if (chain[i].locals.has(n)) { (chain[i].cells ??= new Set()).add(n); break; }
          }
        }
        walk(s.fn.body, [...chain, s.fn]);
      } else if (s.k === 'if') s.branches.forEach((b) => walk(b.body, chain));
      else if (s.k === 'while' || s.k === 'for' || s.k === 'with') walk(s.body, chain);
      else if (s.k === 'try') { walk(s.body, chain); walk(s.final, chain); s.handlers.forEach((h) => walk(h.body, chain)); }
      else if (s.k === 'class') walk(s.body, chain);
    }
  };
  walk(mod.body, []);
}
