/**
 * Statements of the subset: declarations, assignments, `go`, `defer`, `return`, `if`,
 * `switch`, `for` (three-clause, condition, range over ints, strings, slices, maps and
 * channels, with Go's loop-variable rule), `select`, `break` and `continue`.
 */
import type { SourceRange } from '../../core/program';
import { foldLoop } from './fold';
import { Expressions } from './expressions';
import { BREAK, CONTINUE, FALLTHROUGH, type Frame, type Gen, Goroutine, LBREAK, LCONTINUE, type LRef, NO_ESCAPE, RETURN, Scope, panicAt } from './scope';
import { type GoNode, first, has, sig } from './syntax';
import { Cell, Duration, GoArray, GoChan, GoMap, GoPtr, GoSlice, equal, formatValue, isInPlace, isSigNode } from './values';

export abstract class Statements extends Expressions {
  abstract goroutine(fn: unknown, args: unknown[], at: SourceRange, g: Goroutine, body?: () => Gen<unknown>, spread?: boolean): Gen<unknown>;
  abstract spawnName(fn: unknown): string;

  // ---- statements --------------------------------------------------------------------

  *block(b: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    return yield* this.stmts(sig(b), scope, g, f);
  }

  *stmts(list: readonly GoNode[], scope: Scope, g: Goroutine, f: Frame): Gen<number> {
    for (const s of list) {
      const r = yield* this.stmt(s, scope, g, f);
      if (r !== 0) return r;
    }
    return 0;
  }

  *stmt(s: GoNode, scope: Scope, g: Goroutine, f: Frame): Gen<number> {
    switch (s.t) {
      case 'Block': return yield* this.block(s, scope, g, f);
      case 'ExprStatement':
        this.charge(s, g);
        yield* this.expr(s.k[0], scope, g);
        return 0;
      case 'VarDecl': case 'ConstDecl':
        this.charge(s, g);
        yield* this.declare(s, scope, g);
        return 0;
      case 'TypeDecl': return 0;
      case 'Assignment':
        this.charge(s, g);
        yield* this.assignment(s, scope, g);
        return 0;
      case 'IncDecStatement': {
        this.charge(s, g);
        const ref = yield* this.lref(s.k[0], scope, g);
        const old = yield* this.readRef(ref, this.at(s), g);
        const one = s.k[1].s === '++' ? 1 : -1;
        yield* this.writeRef(ref, old instanceof Duration ? new Duration(old.ns + one) : Number(old) + one, this.at(s), g);
        return 0;
      }
      case 'SendStatement': {
        this.charge(s, g);
        const [chN, vN] = sig(s);
        const ch = yield* this.expr(chN, scope, g);
        const v = yield* this.copyOut(yield* this.expr(vN, scope, g), this.at(s), g);
        yield* this.send(ch, v, this.at(s), g);
        return 0;
      }
      case 'GoStatement': {
        this.charge(s, g);
        const call = sig(s)[0];
        const [fn, args, spread] = yield* this.callee(call, scope, g);
        const at = this.at(s);
        const body = (): Gen<unknown> => this.goroutine(fn, args, at, new Goroutine(), undefined, spread);
        const ids = yield* this.emit({ op: 'spawn', body, name: this.spawnName(fn), count: 1, at }, g);
        if (Array.isArray(ids)) this.spawned.push(...(ids as number[]));
        return 0;
      }
      case 'DeferStatement': {
        this.charge(s, g);
        const call = sig(s)[0];
        const [fn, args, spread] = yield* this.callee(call, scope, g);
        const at = this.at(call);
        f.defers.push(() => this.call(fn, args, at, g, spread));
        return 0;
      }
      case 'ReturnStatement': {
        this.charge(s, g);
        const exprs = sig(s);
        if (exprs.length === 0) {
          f.results = [];
          for (const c of f.named) f.results.push(yield* this.load(c, this.at(s), g));
        } else {
          const vals = yield* this.exprList(exprs, scope, g);
          f.results = [];
          for (const v of vals) f.results.push(isInPlace(v) ? yield* this.copyOut(v, this.at(s), g) : v);
          // `return a, 10` with named results sets them; `a` set to itself is no write (Go compiles it to none).
          for (let i = 0; i < f.named.length && i < vals.length; i++) {
            if (exprs[i]?.t === 'VariableName' && scope.lookup(exprs[i].s) === f.named[i]) continue;
            yield* this.store(f.named[i], vals[i], this.at(s), g);
          }
        }
        return RETURN;
      }
      case 'GotoStatement': {
        const label = s.k.find((c) => c.t === 'LabelName');
        if (!label) return s.k[0].t === 'break' ? BREAK : CONTINUE;
        f.jump = label.s;
        return s.k[0].t === 'break' ? LBREAK : LCONTINUE;
      }
      case 'FallthroughStatement': return FALLTHROUGH;
      case 'LabeledStatement': {
        const label = s.k.find((c) => c.t === 'LabelName')!.s;
        const inner = sig(s).find((c) => c.t !== 'LabelName');
        if (!inner) return 0;
        const r = inner.t === 'ForStatement' ? yield* this.forStmt(inner, scope, g, f, label)
          : inner.t === 'SwitchStatement' ? yield* this.switchStmt(inner, scope, g, f, label)
            : inner.t === 'TypeSwitchStatement' ? yield* this.typeSwitch(inner, scope, g, f, label)
              : inner.t === 'SelectStatement' ? yield* this.selectStmt(inner, scope, g, f, label)
                : yield* this.stmt(inner, scope, g, f);
        if (r === LBREAK && f.jump === label) {
          f.jump = undefined;
          return 0;
        }
        return r;
      }
      case 'TypeSwitchStatement': return yield* this.typeSwitch(s, scope, g, f);
      case 'IfStatement': return yield* this.ifStmt(s, scope, g, f);
      case 'SwitchStatement': return yield* this.switchStmt(s, scope, g, f);
      case 'ForStatement': return yield* this.forStmt(s, scope, g, f);
      case 'SelectStatement': return yield* this.selectStmt(s, scope, g, f);
      default:
        throw panicAt(this.at(s), `${s.t} is not supported yet`);
    }
  }

  *declare(s: GoNode, scope: Scope, g: Goroutine): Gen<void> {
    if (has(s, ':=')) {
      const names = s.k.filter((c) => c.t === 'DefName');
      const exprs = sig(s).filter((c) => c.t !== 'DefName');
      const vals = yield* this.exprList(exprs, scope, g, names[0]?.s);
      // `a, err := f()` redeclares nothing that exists in this scope: it assigns to it.
      for (let i = 0; i < names.length; i++) {
        const name = names[i].s;
        if (name === '_') continue;
        const existing = scope.vars.get(name);
        const v = isInPlace(vals[i]) ? yield* this.copyOut(vals[i], this.at(names[i]), g) : vals[i];
        if (existing) yield* this.assignWhole(existing, v, this.at(names[i]), g);
        else {
          const cell = this.newCell(v, name, scope);
          if (names.length === exprs.length) this.typeCell(cell, undefined, this.staticType(exprs[i], scope));
          scope.vars.set(name, cell);
          yield* this.ensureMade(cell, this.at(names[i]), g);
        }
      }
      return;
    }
    const specs: GoNode[] = [];
    const list = first(s, 'SpecList');
    for (const c of list ? list.k : s.k) if (c.t === 'VarSpec' || c.t === 'ConstSpec') specs.push(c);
    let iota = 0;
    let lastExprs: GoNode[] = [];
    let lastType: GoNode | undefined;
    for (const spec of specs) {
      const names = spec.k.filter((c) => c.t === 'DefName');
      const eq = spec.k.findIndex((c) => c.t === '=');
      const before = sig(eq >= 0 ? { ...spec, k: spec.k.slice(0, eq) } : spec).filter((c) => c.t !== 'DefName');
      const type = before[0];
      let exprs = eq >= 0 ? sig({ ...spec, k: spec.k.slice(eq + 1) }) : [];
      if (spec.t === 'ConstSpec') {
        // A constant spec without values repeats the previous one's, with iota one more.
        if (exprs.length === 0) exprs = lastExprs;
        lastExprs = exprs;
        if (type) lastType = type;
      }
      const iotaScope = new Scope(scope, NO_ESCAPE);
      iotaScope.vars.set('iota', new Cell(iota++, 'iota', false, undefined));
      const vals = exprs.length > 0 ? yield* this.exprList(exprs, iotaScope, g, names[0]?.s) : [];
      for (let i = 0; i < names.length; i++) {
        const name = names[i].s;
        const at = this.at(names[i]);
        let v = exprs.length > 0 ? yield* this.copyOut(vals[i], at, g) : yield* this.zero(type ?? lastType, name, at, g, scope);
        if (typeof v === 'number' && (type ?? lastType)?.s === 'Duration') v = new Duration(v);
        if (name === '_') continue;
        const cell = spec.t === 'ConstSpec' ? new Cell(v, name, false, undefined) : this.newCell(v, name, scope);
        this.typeCell(cell, type ?? lastType);
        // `var i I = r`: the interface holds r's named type (its methods, for x.(T)).
        if (cell.boxed || !cell.type) cell.type = (names.length === exprs.length ? this.staticType(exprs[i], scope) : undefined) ?? cell.type;
        scope.vars.set(name, cell);
        if (cell.id !== undefined && scope !== this.globals) yield* this.ensureMade(cell, at, g);
      }
    }
  }

  *assignment(s: GoNode, scope: Scope, g: Goroutine): Gen<void> {
    const opIdx = s.k.findIndex((c) => c.t === '=' || c.t === 'UpdateOp');
    const lhs = sig({ ...s, k: s.k.slice(0, opIdx) });
    const rhs = sig({ ...s, k: s.k.slice(opIdx + 1) });
    const op = s.k[opIdx];
    const at = this.at(s);
    if (op.t === 'UpdateOp') {
      const ref = yield* this.lref(lhs[0], scope, g);
      const old = yield* this.readRef(ref, at, g);
      const r = yield* this.expr(rhs[0], scope, g);
      yield* this.writeRef(ref, this.binary(s.float ? '/.' : op.s.slice(0, -1), old, r, at), at, g);
      return;
    }
    // Go evaluates the index expressions and operands first, then assigns left to right.
    const refs: LRef[] = [];
    for (const l of lhs) refs.push(yield* this.lref(l, scope, g));
    const vals = yield* this.exprList(rhs, scope, g, lhs[0]?.t === 'VariableName' ? lhs[0].s : undefined);
    const copies: unknown[] = [];
    for (const v of vals) copies.push(isInPlace(v) ? yield* this.copyOut(v, at, g) : v);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      if (ref.k === 'cell' && ref.cell.boxed && lhs.length === rhs.length) ref.cell.type = this.staticType(rhs[i], scope);
      yield* this.writeRef(ref, copies[i], at, g);
    }
  }

  /** The named non-struct type an expression has, where the file says it: a typed variable, or a conversion `T(x)`. */
  staticType(e: GoNode | undefined, scope: Scope): string | undefined {
    if (!e) return undefined;
    if (e.t === 'VariableName') return scope.lookup(e.s)?.type;
    if (e.t === 'CallExpr' && e.k[0].t === 'VariableName' && this.m.aliases.has(e.k[0].s) && this.m.methods.has(e.k[0].s)) return e.k[0].s;
    if (e.t === 'ParenthesizedExpr') return this.staticType(sig(e)[0], scope);
    return undefined;
  }

  *ifStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    const parts = sig(s);
    let i = 0;
    if (parts[i].t === 'VarDecl' || parts[i].t === 'Assignment' || parts[i].t === 'ExprStatement' || parts[i].t === 'IncDecStatement' || parts[i].t === 'SendStatement') {
      if (parts[i + 1]?.t !== 'Block') yield* this.stmt(parts[i++], scope, g, f);
    }
    this.charge(parts[i], g);
    const cond = yield* this.expr(parts[i++], scope, g);
    if (cond === true) return yield* this.block(parts[i], scope, g, f);
    const alt = parts[i + 1];
    if (!alt) return 0;
    return alt.t === 'IfStatement' ? yield* this.ifStmt(alt, scope, g, f) : yield* this.block(alt, scope, g, f);
  }

  /** How a loop goes on after its body ended with `r`: 0 next iteration, BREAK the loop ends, anything else leaves it. */
  loopOutcome(r: number, label: string | undefined, f: Frame): number {
    if (r === 0 || r === CONTINUE) return 0;
    if ((r === LBREAK || r === LCONTINUE) && label !== undefined && f.jump === label) {
      f.jump = undefined;
      return r === LBREAK ? BREAK : 0;
    }
    return r;
  }

  /** A switch or select ends a `break` (its own, or `break L` with its label). */
  endsHere(r: number, label: string | undefined, f: Frame): number {
    if (r === BREAK) return 0;
    if (r === LBREAK && label !== undefined && f.jump === label) {
      f.jump = undefined;
      return 0;
    }
    return r;
  }

  /** The clauses of a SwitchBlock or SelectBlock: each Case with the statements after it. */
  clausesOf(block: GoNode): { head: GoNode; body: GoNode[] }[] {
    const clauses: { head: GoNode; body: GoNode[] }[] = [];
    for (const c of sig(block)) {
      if (c.t === 'Case') clauses.push({ head: c, body: [] });
      else clauses[clauses.length - 1]?.body.push(c);
    }
    return clauses;
  }

  /** Runs clause `i`'s statements, and the next clause's after a `fallthrough` (spec: Fallthrough statements). */
  *clauseBody(clauses: readonly { body: GoNode[] }[], i: number, scope: Scope, g: Goroutine, f: Frame): Gen<number> {
    let r = yield* this.stmts(clauses[i].body, new Scope(scope, scope.escaping), g, f);
    while (r === FALLTHROUGH && i + 1 < clauses.length) r = yield* this.stmts(clauses[++i].body, new Scope(scope, scope.escaping), g, f);
    return r === FALLTHROUGH ? 0 : r;
  }

  /**
   * `switch v := x.(type) { case T: … }` (spec: Type switches): the first case whose type x
   * holds; in a case of one type, v has that type, else x's.
   */
  *typeSwitch(s: GoNode, outer: Scope, g: Goroutine, f: Frame, label?: string): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    const dot = s.k.findIndex((c) => c.t === '.');
    const before = sig({ ...s, k: s.k.slice(0, dot) });
    const xN = before[before.length - 1];
    for (const init of before.slice(0, -1)) if (init.t !== 'DefName') yield* this.stmt(init, scope, g, f);
    const bound = has(s, ':=') ? before.find((c) => c.t === 'DefName') : undefined;
    this.charge(s, g);
    const x = yield* this.expr(xN, scope, g);
    const cellType = xN.t === 'VariableName' ? scope.lookup(xN.s)?.type : undefined;
    const clauses = this.clausesOf(s.k.find((c) => c.t === 'SwitchBlock')!);
    let chosen = clauses.findIndex((c) => has(c.head, 'default'));
    let only: GoNode | undefined;
    for (let i = 0; i < clauses.length; i++) {
      const types = sig(clauses[i].head);
      const hit = types.find((t) => this.hasType(x, t, cellType));
      if (hit) {
        chosen = i;
        only = types.length === 1 ? hit : undefined;
        break;
      }
    }
    if (chosen < 0) return 0;
    const caseScope = new Scope(scope, scope.escaping);
    if (bound && bound.s !== '_') {
      const cell = this.newCell(x, bound.s, caseScope);
      if (only) this.typeCell(cell, only);
      else cell.type = cellType;
      caseScope.vars.set(bound.s, cell);
      yield* this.ensureMade(cell, this.at(bound), g);
    }
    return this.endsHere(yield* this.stmts(clauses[chosen].body, caseScope, g, f), label, f);
  }

  *switchStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame, label?: string): Gen<number> {
    const scope = new Scope(outer, outer.escaping);
    const parts = sig(s);
    const blockNode = parts.find((c) => c.t === 'SwitchBlock')!;
    const heads = parts.filter((c) => c !== blockNode);
    let tag: unknown = true;
    for (const h of heads) {
      if (h.t === 'VarDecl' || h.t === 'Assignment' || h.t === 'IncDecStatement') yield* this.stmt(h, scope, g, f);
      else {
        this.charge(h, g);
        tag = yield* this.expr(h, scope, g);
      }
    }
    const clauses = this.clausesOf(blockNode);
    let chosen = clauses.findIndex((c) => has(c.head, 'default'));
    outer: for (let i = 0; i < clauses.length; i++) {
      for (const v of sig(clauses[i].head)) {
        const x = yield* this.expr(v, scope, g);
        if (equal(x, tag)) {
          chosen = i;
          break outer;
        }
      }
    }
    if (chosen < 0) return 0;
    return this.endsHere(yield* this.clauseBody(clauses, chosen, scope, g, f), label, f);
  }

  *forStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame, label?: string): Gen<number> {
    const body = s.k.find((c) => c.t === 'Block')!;
    const clause = s.k.find((c) => c.t === 'ForClause' || c.t === 'RangeClause');
    const fixed = s.costNs;
    const iteration = function* (this: Statements, scope: Scope): Gen<number> {
      if (fixed !== undefined) {
        g.owedNs += fixed;
        g.owedAt = this.at(s);
        g.fixedCost++;
        try {
          return yield* this.block(body, scope, g, f);
        } finally {
          g.fixedCost--;
        }
      }
      return yield* this.block(body, scope, g, f);
    }.bind(this);
    if (clause?.t === 'RangeClause') return yield* this.rangeLoop(s, clause, outer, g, f, iteration, label);
    const scope = new Scope(outer, outer.escaping);
    let cond: GoNode | undefined;
    let post: GoNode | undefined;
    if (clause) {
      // ForClause: init ; cond ; post (any may be missing).
      const slots: (GoNode | undefined)[] = [undefined];
      for (const c of clause.k) {
        if (c.t === ';') slots.push(undefined);
        else if (isSigNode(c)) slots[slots.length - 1] = c;
      }
      if (slots[0]) yield* this.stmt(slots[0], scope, g, f);
      cond = slots[1];
      post = slots[2];
      const folded = foldLoop(this, s, slots[0], cond, post, body, scope, g);
      if (folded) return 0;
    } else {
      cond = sig(s).find((c) => c.t !== 'Block');
    }
    let iterScope = scope;
    for (;;) {
      if (cond && (yield* this.expr(cond, iterScope, g)) !== true) return 0;
      const r = this.loopOutcome(yield* iteration(iterScope), label, f);
      if (r === BREAK) return 0;
      if (r !== 0) return r;
      // Go 1.22: each iteration has its own copy of the loop variables (the post statement runs on the next one's).
      if (this.m.loopVarPerIteration) iterScope = this.nextIteration(iterScope, scope);
      if (post) yield* this.stmt(post, iterScope, g, f);
    }
  }

  nextIteration(prev: Scope, first: Scope): Scope {
    if (first.vars.size === 0) return prev;
    const next = new Scope(first.parent, first.escaping);
    for (const [name, cell] of prev.vars) next.vars.set(name, cell.id === undefined ? new Cell(cell.value, name, false, undefined) : this.newCell(cell.value, name, first));
    return next;
  }

  *rangeLoop(s: GoNode, clause: GoNode, outer: Scope, g: Goroutine, f: Frame, iteration: (scope: Scope) => Gen<number>, label?: string): Gen<number> {
    const define = has(clause, ':=');
    const rangeIdx = clause.k.findIndex((c) => c.t === 'range');
    const targets = sig({ ...clause, k: clause.k.slice(0, rangeIdx) });
    let over = yield* this.expr(sig({ ...clause, k: clause.k.slice(rangeIdx + 1) })[0], outer, g);
    if (over instanceof GoPtr && over.cell.value instanceof GoArray) over = over.cell.value;
    const at = this.at(clause);
    // Before Go 1.22 the range variables are one pair for the whole loop, assigned each iteration.
    let shared: Scope | undefined;
    const bind = function* (this: Statements, values: unknown[]): Gen<Scope> {
      if (shared) {
        for (let i = 0; i < targets.length; i++) {
          const cell = shared.vars.get(targets[i].s);
          if (cell) yield* this.store(cell, values[i], at, g);
        }
        return shared;
      }
      const scope = new Scope(outer, outer.escaping);
      if (define && !this.m.loopVarPerIteration) shared = scope;
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (t.s === '_') continue;
        if (define) {
          const cell = this.newCell(isInPlace(values[i]) ? yield* this.copyOut(values[i], at, g) : values[i], t.s, scope);
          scope.vars.set(t.s, cell);
          yield* this.ensureMade(cell, at, g);
        } else yield* this.writeRef(yield* this.lref(t, outer, g), values[i], at, g);
      }
      return scope;
    }.bind(this);
    const run = function* (this: Statements, values: unknown[]): Gen<number> {
      this.charge(clause, g);
      return this.loopOutcome(yield* iteration(yield* bind(values)), label, f);
    }.bind(this);
    let r = 0;
    if (typeof over === 'number') {
      for (let i = 0; i < over && r === 0; i++) r = yield* run([i]);
    } else if (typeof over === 'string') {
      let i = 0;
      for (const ch of over) {
        r = yield* run([i, ch.codePointAt(0)]);
        if (r !== 0) break;
        i += Buffer.byteLength(ch);
      }
    } else if (over instanceof GoSlice || over instanceof GoArray) {
      const cells = over instanceof GoSlice ? over.cells.slice(over.off, over.off + over.len) : over.cells;
      for (let i = 0; i < cells.length && r === 0; i++) {
        const v = targets.length > 1 ? yield* this.load(cells[i], at, g) : undefined;
        r = yield* run([i, v]);
      }
    } else if (over instanceof GoMap) {
      const snapshot = (yield* this.mapRead(over, at, g, () => [...over.entries])) as [unknown, unknown][];
      for (const [k, v] of snapshot) {
        r = yield* run([k, v]);
        if (r !== 0) break;
      }
    } else if (over instanceof GoChan || over === null) {
      for (;;) {
        const got = (yield* this.recv(over, at, g)) as { value: unknown; ok: boolean };
        if (!got.ok) break;
        r = yield* run([got.value]);
        if (r !== 0) break;
      }
    } else throw panicAt(at, `cannot range over ${formatValue(over)}`);
    return r === BREAK ? 0 : r;
  }

  *selectStmt(s: GoNode, outer: Scope, g: Goroutine, f: Frame, label?: string): Gen<number> {
    this.charge(s, g);
    const block = s.k.find((c) => c.t === 'SelectBlock')!;
    const clauses: { head: GoNode; body: GoNode[] }[] = [];
    for (const c of sig(block)) {
      if (c.t === 'Case') clauses.push({ head: c, body: [] });
      else clauses[clauses.length - 1]?.body.push(c);
    }
    const at = this.at(s);
    const cases: { kind: 'recv' | 'send'; obj: string; value?: unknown }[] = [];
    const caseOf: number[] = [];
    let dflt = -1;
    for (let i = 0; i < clauses.length; i++) {
      const head = clauses[i].head;
      if (has(head, 'default')) {
        dflt = i;
        continue;
      }
      const comm = sig(head)[0];
      if (comm.t === 'SendStatement') {
        const [chN, vN] = sig(comm);
        const ch = yield* this.expr(chN, outer, g);
        const v = yield* this.copyOut(yield* this.expr(vN, outer, g), this.at(comm), g);
        // select.go: a nil channel's case is never ready.
        if (ch instanceof GoChan) { cases.push({ kind: 'send', obj: ch.id, value: v }); caseOf.push(i); }
      } else {
        const recvExpr = comm.t === 'ReceiveStatement' ? sig(comm).filter((c) => c.t !== 'DefName' && c.t !== 'VariableName').pop()! : comm.t === 'ExprStatement' ? comm.k[0] : comm;
        const chN = sig(recvExpr)[0];
        const ch = yield* this.expr(chN, outer, g);
        if (ch instanceof GoChan) { cases.push({ kind: 'recv', obj: ch.id }); caseOf.push(i); }
      }
    }
    const r = (yield* this.emit({ op: 'select', cases, hasDefault: dflt >= 0, at }, g)) as { index: number; value: unknown; ok: boolean };
    const idx = r.index < 0 ? dflt : caseOf[r.index];
    const clause = clauses[idx];
    const scope = new Scope(outer, outer.escaping);
    const comm = sig(clause.head)[0];
    if (comm?.t === 'ReceiveStatement') {
      const define = has(comm, ':=');
      const opIdx = comm.k.findIndex((c) => c.t === ':=' || c.t === '=');
      const targets = sig({ ...comm, k: comm.k.slice(0, opIdx) });
      const vals = [r.value, r.ok];
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (t.s === '_') continue;
        if (define) {
          const cell = this.newCell(vals[i], t.s, scope);
          scope.vars.set(t.s, cell);
          yield* this.ensureMade(cell, at, g);
        } else yield* this.writeRef(yield* this.lref(t, outer, g), vals[i], at, g);
      }
    }
    return this.endsHere(yield* this.stmts(clause.body, scope, g, f), label, f);
  }

}
