/**
 * Drives the context's generators on behalf of the engine. Each task body the engine
 * sees is a host generator that steps a context generator one slice at a time, turns
 * each raw op it yields into the core's `Op` (with the `SourceRange` from the compile's
 * own table, never one the context made up), and hands the engine's result back as
 * context-realm values. An exception from user code ends the run with an error that
 * names the line it was thrown at.
 */
import type { AtomicAction, Op, SourceRange, SyncAction, SyncDecl, SyncKind, TaskBody, VarDecl } from '../../../core/program';
import { OpError, ProgramError } from '../../../core';
import type { RunState, Sandbox } from './sandbox';
import type { SourceMapIndex } from './sourceMap';

/**
 * A step as the runtime inside the context yields it (runtimeSource.ts): `at` indexes the
 * compile's location table, `fx` is the context's own effect (see `effect`). Its values
 * belong to the context, so every field is converted (String, Number) as it crosses.
 */
type RawOp = { readonly at?: number; readonly fx?: unknown } & (
  | { readonly op: 'compute' | 'io' | 'sleep' | 'syscall'; readonly ns: number }
  | { readonly op: 'yield' | 'lock_os_thread' | 'unlock_os_thread' }
  | { readonly op: 'flow'; readonly flow: unknown; readonly queues?: () => ArrayLike<{ readonly name: unknown; readonly items: ArrayLike<unknown> }> }
  | { readonly op: 'spawn'; readonly name: string; readonly fn: unknown }
  | { readonly op: 'join'; readonly tasks: ArrayLike<unknown> }
  | { readonly op: 'read'; readonly v: string }
  | { readonly op: 'write'; readonly v: string; readonly value: unknown }
  | { readonly op: 'atomic'; readonly v: string; readonly action: AtomicAction; readonly value?: unknown; readonly expected?: unknown }
  | { readonly op: 'sync'; readonly obj: string; readonly action: SyncAction; readonly value?: unknown }
  | {
    readonly op: 'select';
    readonly cases: ArrayLike<{ readonly kind: 'recv' | 'send'; readonly obj: string; readonly value?: unknown }>;
    readonly hasDefault: boolean;
  }
  | { readonly op: 'make'; readonly sync: { readonly id: string; readonly name: string; readonly kind: SyncKind; readonly size?: number; readonly mutex?: string } }
  | { readonly op: 'make'; readonly var: { readonly id: string; readonly name: string; readonly initial: unknown; readonly internal?: boolean } }
  | { readonly op: 'enter' | 'exit'; readonly section: string }
  | {
    readonly op: 'assert'; readonly ok: boolean; readonly message: string;
    readonly finding?: { readonly kind: unknown; readonly related: ArrayLike<{ readonly at?: number; readonly message: unknown }> };
  }
);

export class TaskDriver {
  /** Wall-clock time this run has spent in the context's code so far. */
  private jsMs = 0;

  /**
   * `run`: this run's token; the context may be shared with other runs, one after another
   * (sandbox.ts). `runMs`: the most wall-clock time the run may spend in its JavaScript.
   */
  constructor(private readonly sb: Sandbox, private readonly locations: readonly SourceRange[],
    private readonly fallback: SourceRange, private readonly map: SourceMapIndex, private readonly run: object,
    private readonly state: RunState, private readonly runMs: number) {}

  /** A task body the engine can start any number of times (each call is a fresh generator). */
  body(makeGen: () => Generator<unknown, unknown, unknown>): TaskBody {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const driver = this;
    return function* hostTask(): Generator<Op, unknown, unknown> {
      const gen = makeGen();
      // Accesses of plain code that ran inside one of this task's effects (a user toString
      // that a shared array's join() calls): this task's, taken before its next step.
      const pending: unknown[] = [];
      let input: unknown = undefined;
      for (;;) {
        while (pending.length > 0) yield driver.toOp(pending.shift() as RawOp, pending);
        let r: IteratorResult<unknown, unknown>;
        driver.sb.claim(driver.run, driver.state);
        const started = performance.now();
        try {
          r = driver.sb.api.step(gen, input);
        } catch (e) {
          if (driver.sb.api.isAbort(e)) return undefined;
          throw driver.userError(e);
        }
        driver.spent(started, r.done ? undefined : (r.value as RawOp));
        const made = driver.sb.api.takeMade();
        if (made) for (let i = 0; i < made.length; i++) yield driver.toOp(made[i] as RawOp, pending);
        if (r.done) return r.value;
        const op = driver.toOp(r.value as RawOp, pending);
        input = driver.sb.toSandbox(yield op);
      }
    };
  }

  private at(raw: RawOp): SourceRange {
    const i = raw.at;
    return typeof i === 'number' && this.locations[i] ? this.locations[i] : this.fallback;
  }

  /** `sink`: where the accesses of plain code run by the op's effect go (the op's own task's queue). */
  toOp(raw: RawOp, sink?: unknown[]): Op {
    const at = this.at(raw);
    switch (raw.op) {
      case 'compute': return { op: 'compute', ns: Number(raw.ns), work: 'cpu', at };
      case 'io': case 'sleep': case 'syscall': return { op: raw.op, ns: Number(raw.ns), at };
      case 'yield': case 'lock_os_thread': case 'unlock_os_thread': return { op: raw.op, at };
      case 'flow': {
        const queues = raw.queues;
        return {
          op: 'flow', flow: raw.flow === null ? null : String(raw.flow), at,
          ...(typeof queues === 'function' ? { queues: () => Array.from(queues(), (q) => ({ name: String(q.name), items: Array.from(q.items, String) })) } : {}),
        };
      }
      case 'spawn': {
        const fn = raw.fn;
        return { op: 'spawn', body: this.body(() => this.sb.api.start(fn, this.sb.api.mkArray())), args: [], name: String(raw.name), count: 1, at };
      }
      case 'join': return { op: 'join', tasks: Array.from(raw.tasks, Number), at };
      case 'read': {
        const fx = this.effect(raw, sink);
        return fx ? { op: 'read', v: String(raw.v), at, fx } : { op: 'read', v: String(raw.v), at };
      }
      case 'write': {
        const fx = this.effect(raw, sink);
        return fx ? { op: 'write', v: String(raw.v), value: raw.value, at, fx } : { op: 'write', v: String(raw.v), value: raw.value, at };
      }
      case 'atomic': return { op: 'atomic', v: String(raw.v), action: raw.action, value: raw.value, expected: raw.expected, at };
      case 'sync': return { op: 'sync', obj: String(raw.obj), action: raw.action, value: raw.value, at };
      case 'select': return {
        op: 'select',
        cases: Array.from(raw.cases, (c) => ({ kind: c.kind === 'send' ? 'send' as const : 'recv' as const, obj: String(c.obj), value: c.value })),
        hasDefault: raw.hasDefault === true,
        at,
      };
      case 'make': {
        if ('sync' in raw && raw.sync) {
          const s = raw.sync;
          const decl: SyncDecl = {
            id: String(s.id), name: String(s.name), kind: s.kind,
            ...(s.size !== undefined ? { size: Number(s.size) } : {}),
            ...(s.mutex !== undefined ? { mutex: String(s.mutex) } : {}),
            at,
          };
          return { op: 'make', decl: { sync: decl }, at };
        }
        const v = (raw as Extract<RawOp, { var: unknown }>).var;
        const decl: VarDecl = { id: String(v.id), name: String(v.name), initial: v.initial, ...(v.internal === true ? { internal: true } : {}), at };
        const fx = this.effect(raw, sink);
        return fx ? { op: 'make', decl: { var: decl }, at, fx } : { op: 'make', decl: { var: decl }, at };
      }
      case 'enter': case 'exit': return { op: raw.op, section: String(raw.section), at };
      case 'assert': {
        const f = raw.finding;
        if (!f) return { op: 'assert', ok: raw.ok === true, message: String(raw.message), at };
        const kind = f.kind === 'data-race' || f.kind === 'deadlock' ? f.kind : 'assertion';
        const related = Array.from(f.related, (r) => ({ at: this.at(r as RawOp), message: String(r.message) }));
        return { op: 'assert', ok: raw.ok === true, message: String(raw.message), at, finding: { kind, related } };
      }
      default: {
        const kind = String((raw as { op: unknown }).op);
        throw new OpError(`${at.file}:${at.line}:${at.column}: internal error: the simulation runtime yielded an unknown step \`${kind}\``);
      }
    }
  }

  /**
   * The sandbox's effect on its own cells and objects, for the engine to run in the step
   * that executes the op (a value moves only then; see Op in core/program.ts). It runs the
   * context's code, so an exception it throws is the user's, reported at its line.
   */
  private effect(raw: RawOp, sink: unknown[] | undefined): (() => unknown) | undefined {
    const fx = raw.fx;
    if (typeof fx !== 'function') return undefined;
    return () => {
      this.sb.claim(this.run, this.state);
      const started = performance.now();
      let value: unknown;
      try {
        value = this.sb.api.effect(fx);
      } catch (e) {
        throw this.userError(e);
      }
      this.spent(started, raw);
      // Plain code the effect ran (runtimeSource.ts, now) queued its accesses: they are this task's.
      const made = sink ? this.sb.api.takeMade() : undefined;
      if (made) for (let i = 0; i < made.length; i++) sink!.push(made[i]);
      return value;
    };
  }

  /** Adds a slice's time to the run's; past `runMs`, the run stops at the op the slice reached. */
  private spent(started: number, reached: RawOp | undefined): void {
    this.jsMs += performance.now() - started;
    if (this.jsMs <= this.runMs) return;
    const at = reached ? this.at(reached) : this.fallback;
    const seconds = +(this.runMs / 1000).toFixed(3);
    const out = new OpError(`${at.file}:${at.line}:${at.column}: this run spent more than ${seconds} s of wall-clock time in its own `
      + 'JavaScript between simulated steps, each slice under the slice limit (work in a loop that keeps taking a step, such as gosched()?)');
    (out as OpError & { at?: unknown }).at = at;
    throw out;
  }

  /** `file:line:column: TypeError: ...` for an exception thrown by the user's code. */
  userError(e: unknown): OpError {
    let name = 'Error';
    let message: string;
    let where: { line: number; column: number } | undefined;
    try {
      if (e !== null && typeof e === 'object') {
        const err = e as Record<string, unknown>;
        name = typeof err.name === 'string' ? err.name : 'Error';
        message = typeof err.message === 'string' ? err.message : String(e);
        if (typeof err.at === 'number' && this.locations[err.at]) where = this.locations[err.at];
        const stack = typeof err.stack === 'string' ? err.stack : '';
        if (!where) where = this.fromStack(stack);
      } else {
        name = 'Uncaught';
        message = String(e);
      }
    } catch {
      message = 'an exception that could not be read';
    }
    const w = where ?? this.fallback;
    const at = { file: this.fallback.file, line: w.line, column: w.column, endLine: w.line, endColumn: w.column + 1 };
    if (this.sb.api.isLimit(e)) {
      const out = new OpError(`${this.fallback.file}:${w.line}:${w.column}: ${name}: ${message}`);
      (out as OpError & { at?: unknown }).at = at;
      return out;
    }
    return new ProgramError(`${this.fallback.file}:${w.line}:${w.column}: ${name}: ${message}`, at, `${name}: ${message}`);
  }

  private fromStack(stack: string): { line: number; column: number } | undefined {
    const name = this.sb.scriptName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`${name}:(\\d+):(\\d+)`).exec(stack);
    if (!m) return undefined;
    return this.map.original(Number(m[1]), Number(m[2]));
  }
}
