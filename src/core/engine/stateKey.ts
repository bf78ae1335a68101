/**
 * The untimed model's state as a string, for stateful exploration (explore/stateful.ts):
 * two points of two runs with the same key continue alike, step for step, whatever the
 * scheduler picks next. The key holds
 * - the shared variables' values and every sync object's own fields (holders, FIFO
 *   queues from their head, permits, buffers, counters),
 * - for each task: its logical clock (what `now` reads), where it came from (its creator, how many results the creator had
 *   taken when it spawned, its place in the batch), its state and wait, the op it holds,
 *   and the sequence of results its body has been given. A task body is a generator, and
 *   a generator given the same results yields the same ops: the sequence stands for its
 *   locals (the TypeScript sandbox's closures, a scenario's pc and registers) without
 *   looking inside,
 * - the spin detector's windows (engine/spin.ts), which decide when a task parks.
 * Durations, step counts and what was already reported are left out: the untimed model
 * ignores the first two, and a finding already reported is in the exploration's book.
 *
 * `null` when the state cannot be observed: a body was given an object (it may alias a
 * shared one, which a copy of its contents cannot say), or a sync object holds a function.
 * The exploration then falls back to stateless search.
 */
import { rangeKey } from '../analysis/raceDetector';
import { isSyncRetry } from '../sync/index';
import { FifoQueue } from '../sync/queue';
import type { SpinDetector } from './spin';
import { TaskRec } from './task';
import type { World } from './world';

/**
 * A front end's handle objects (the TypeScript sandbox's `Mutex`, `Task`, ...) answer this
 * method with a key that stands for them in a task's history: one handle per object, whose
 * contents the rest of the state decides (the sandbox's runtimeSource.ts).
 */
export const STATE_KEY = Symbol.for('interleave.stateKey');

/** A result as it goes into a task's history, or null when a copy cannot stand for it. */
export function resultKey(v: unknown): string | null {
  switch (typeof v) {
    case 'undefined': return 'u';
    case 'number': return Object.is(v, -0) ? 'n-0' : 'n' + String(v);
    case 'string': return 's' + JSON.stringify(v);
    case 'boolean': return v ? 'T' : 'F';
    case 'bigint': return 'b' + String(v);
    case 'object': {
      if (v === null) return 'N';
      const own = (v as { [STATE_KEY]?: unknown })[STATE_KEY];
      if (typeof own === 'function') return 'o' + String((own as () => unknown).call(v));
      // A fresh array of ids (a spawn's children) or values, or the engine's own record of a
      // receive or a select (`{ value, ok }`, `{ index, value, ok }`: this realm's plain
      // object): no one else holds it, so its contents stand for it.
      if (Array.isArray(v)) {
        const parts = v.map((x) => (x !== null && typeof x === 'object' ? null : resultKey(x)));
        return parts.includes(null) ? null : '[' + parts.join(',') + ']';
      }
      if (Object.getPrototypeOf(v) === Object.prototype) {
        let s = '{';
        for (const [k, x] of Object.entries(v)) {
          const part = x !== null && typeof x === 'object' && typeof (x as { [STATE_KEY]?: unknown })[STATE_KEY] !== 'function' ? null : resultKey(x);
          if (part === null) return null;
          s += k + ':' + part + ',';
        }
        return s + '}';
      }
      return null;
    }
    default: return null;
  }
}

/** Thrown inside `canon` when a value cannot be written down. */
class Opaque extends Error {}

/** Fields of sync objects that never change (a Cond's lookup of its mutex), or serve only messages, timing and dpor's dependence (a semaphore's `commuted`). */
const SKIP = new Set(['decl', 'since', 'workNs', 'commuted', 'lastReturned', 'lastTouched', 'resolve']);

/**
 * A value as text: primitives by value, objects by contents in a fixed order, an object met
 * twice by its first number (aliasing shows), a task by its id, a source range by position.
 */
class Canon {
  private readonly seen = new Map<object, number>();

  of(x: unknown): string {
    if (x === null || typeof x !== 'object') {
      if (typeof x === 'function' || typeof x === 'symbol') throw new Opaque();
      return resultKey(x) ?? 'x';
    }
    if (x instanceof TaskRec) return 't' + x.id;
    const r = x as Record<string, unknown>;
    if (typeof r.file === 'string' && typeof r.line === 'number' && typeof r.column === 'number') return '<' + rangeKey(r as never) + '>';
    const n = this.seen.get(x);
    if (n !== undefined) return '@' + n;
    this.seen.set(x, this.seen.size);
    if (x instanceof FifoQueue) return 'Q[' + x.toArray().map((e) => this.of(e)).join(',') + ']';
    if (Array.isArray(x)) return '[' + x.map((e) => this.of(e)).join(',') + ']';
    const tag = Object.prototype.toString.call(x);
    if (tag === '[object Map]') return 'M{' + [...(x as Map<unknown, unknown>)].map(([k, v]) => this.of(k) + ':' + this.of(v)).join(',') + '}';
    if (tag === '[object Set]') return 'S{' + [...(x as Set<unknown>)].map((v) => this.of(v)).join(',') + '}';
    let s = '{';
    for (const k of Object.keys(r)) {
      if (SKIP.has(k)) continue;
      s += k + ':' + this.of(r[k]) + ',';
    }
    return s + '}';
  }
}

function maxWatched(w: World, section: string): boolean {
  for (const e of w.program.expects) if (e.kind === 'max_inside' && e.section === section) return true;
  return false;
}

/** The untimed world's state (see the header), or null when it cannot be observed. */
export function worldStateKey(w: World, spins: SpinDetector): string | null {
  for (const t of w.tasks) if (t.hist === null) return null;
  const c = new Canon();
  try {
    // Variables by id: the order they were made in is the schedule's, not the state's.
    let s = 'V';
    for (const id of [...w.varIndex.keys()].sort()) s += id + '=' + c.of(w.values[w.varIndex.get(id)!]) + ';';
    s += '\nO';
    for (const [id, obj] of w.objects) s += id + '=' + c.of(obj) + ';';
    s += '\nS';
    // A section's highest count matters only to a `max_inside` expectation (ending.ts).
    for (const [name, sec] of w.sections) {
      s += name + '=' + sec.inside + ',' + sec.semHolders + ',' + (maxWatched(w, name) ? sec.max : '') + ',' + (sec.reported ? 1 : 0) + ';';
    }
    for (const t of w.tasks) {
      // The body's results stand for what it holds; the result not yet given matters only
      // to a retry (an untimed step point comes after every runnable task took its result).
      s += '\n' + t.id + '<' + t.origin + '>' + t.state + ',' + t.waitKind + ',' + t.waitObj + ',' + (t.pendingReturn ? 'R' : '')
        + (t.pending ? rangeKey(t.pending.at) + ':' + t.pending.op : '-') + ',' + (isSyncRetry(t.result) ? c.of(t.result) : '')
        + ',' + c.of(t.joining) + ',' + t.joinPending + ',' + (t.joined ? 1 : 0) + ',' + c.of(t.selectObjs) + ',' + c.of(t.selectKinds)
        + ',' + t.pendingSem + ',' + c.of(t.sections) + ',' + t.clockNs + ',' + t.timeoutNs + ',' + t.timeoutSeq + '|' + t.hist;
    }
    return s + '\nP' + spins.stateKey();
  } catch (e) {
    if (e instanceof Opaque) return null;
    throw e;
  }
}
