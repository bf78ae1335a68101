/**
 * What one call of the interpreter carries: lexical scopes of `Cell`s, a goroutine's own
 * state (the CPU time its statements owe), a call's frame (defers, results), and how a
 * statement ends (normally, `break`, `continue`, `return`).
 */
import type { Op, SourceRange } from '../../core/program';
import { Cell, GoMap, GoPanic } from './values';

export type Gen<T> = Generator<Op, T, unknown>;

export class Scope {
  readonly vars = new Map<string, Cell>();
  constructor(readonly parent: Scope | undefined, readonly escaping: ReadonlySet<string>) {}
  lookup(name: string): Cell | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const c = s.vars.get(name);
      if (c) return c;
    }
    return undefined;
  }
}

/** One goroutine's own state: the CPU time its statements owe, and the loops that fix their own cost. */
export class Goroutine {
  owedNs = 0;
  owedAt: SourceRange | undefined;
  /** Inside a loop with `//interleave:cost`: statements cost nothing more. */
  fixedCost = 0;
  /** The `//interleave:cost` of the os/net call being made (sysio.ts reads it once). */
  callNs: number | undefined;
  /** Statements run since the last op another goroutine could see (an endless loop stops at STATEMENT_LIMIT). */
  quiet = 0;
  /** While a deferred call runs during a panic: the panic, and whether a recover() stopped it. */
  panicking: { readonly panic: GoPanic; recovered: boolean } | undefined;
  /** The functions running on this goroutine and where each was called (t.Helper's line attribution, testing.ts). */
  readonly calls: { readonly fn: unknown; readonly at: SourceRange }[] = [];
}

/** Statements a goroutine may run between two ops others can see before the run stops (an endless loop). */
export const STATEMENT_LIMIT = 20_000_000;

export interface Frame {
  readonly defers: (() => Gen<unknown>)[];
  results: unknown[];
  /** Named results, returned by a bare `return`. */
  readonly named: Cell[];
  /** The label a `break L` or `continue L` in flight is for (LBREAK, LCONTINUE). */
  jump?: string;
}

export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export const LBREAK = 4;
export const LCONTINUE = 5;
export const FALLTHROUGH = 6;

export type LRef =
  | { readonly k: 'cell'; readonly cell: Cell }
  | { readonly k: 'map'; readonly map: GoMap; readonly key: unknown }
  | { readonly k: 'blank' };

export const NO_ESCAPE: ReadonlySet<string> = new Set();

export function panicAt(at: SourceRange, message: string): GoPanic {
  return new GoPanic(message, at);
}
