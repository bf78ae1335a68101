/**
 * Spin loops in the untimed model: a task that keeps re-reading the same values in a pure
 * loop waits for a write instead of taking steps that change nothing (loom's yield hint,
 * GenMC's spin-assume; Kokologiannakis, Ren, Vafeiadis, "Effective lock handling in
 * stateless model checking", OOPSLA 2019). Without this, `while (flag) {}` makes every
 * explored schedule as long as the step budget, and a spin that can never end looks
 * like a hang instead of a livelock.
 *
 * Detection works on executed ops only (what each step read, and who wrote what since),
 * never on a task's pending op: a value moves only in the step that runs its op
 * (program.ts, `fx`), so what a step read is what the task saw.
 *
 * Why parking prunes no outcome. Take a loop the front end marked pure (program.ts
 * `LoopSite`): every time its head is reached, the task's local state is the same, and
 * from there an iteration is a deterministic function of the values it reads.
 * - The usual case. The task entered the loop from outside, so its first op in the loop,
 *   at site E, came right after the head; every later execution of E is again the first
 *   op after a head crossing (E is in no inner loop, and a pure loop calls nothing). If
 *   the task runs from one E to the next doing only reads, and nothing it read was written
 *   meanwhile, that was one whole iteration from the head that came back to the head; the
 *   next one reads the same values, so it is the same iteration again, and so on while
 *   nothing it read is written.
 * - Otherwise (the task's first op in the loop was inside an inner loop, or something in
 *   the loop was not a read): any site X in no inner loop, executed three times (X1, X2,
 *   X3) with only unchanged reads in between. Each of [X1, X2] and [X2, X3] crosses the
 *   head, so a whole iteration lies between two crossings inside the window; it came back
 *   to the head, and under unchanged values so does every later one, which puts the task
 *   after X3 in the state it was in after X2.
 * Either way, as long as nothing it read is written, each further step of the task is a
 * read that changes nothing and that no other task can observe: leaving those steps out
 * loses no state, no outcome and no finding. The task resumes at the next write to one of
 * the ids it read. DPOR still sees the reads it did take, so a write that races with them
 * is still tried before them.
 */
import type { LoopSite, Op, SourceRange, TaskId } from '../program';
import { rangeKey } from '../analysis/raceDetector';
import type { TaskRec } from './task';

/** The innermost loop around each op site, memoised per site object (front ends share them). */
class LoopTable {
  private readonly memo = new Map<SourceRange, number>();

  constructor(readonly loops: readonly LoopSite[]) {}

  /** Index of the innermost loop containing `at`, or -1. */
  innermost(at: SourceRange): number {
    let i = this.memo.get(at);
    if (i !== undefined) return i;
    i = -1;
    for (let k = 0; k < this.loops.length; k++) {
      if (!contains(this.loops[k].at, at)) continue;
      if (i < 0 || contains(this.loops[i].at, this.loops[k].at)) i = k;
    }
    this.memo.set(at, i);
    return i;
  }

  private readonly memoPure = new Map<SourceRange, number>();

  /** Index of the innermost pure loop containing `at`, or -1. */
  innermostPure(at: SourceRange): number {
    let i = this.memoPure.get(at);
    if (i !== undefined) return i;
    i = -1;
    for (let k = 0; k < this.loops.length; k++) {
      if (!this.loops[k].pure || !contains(this.loops[k].at, at)) continue;
      if (i < 0 || contains(this.loops[i].at, this.loops[k].at)) i = k;
    }
    this.memoPure.set(at, i);
    return i;
  }

  within(loop: number, at: SourceRange): boolean {
    return contains(this.loops[loop].at, at);
  }
}

export function contains(outer: SourceRange, inner: SourceRange): boolean {
  if (outer.file !== inner.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** One read-only step of a task in the current window. */
interface Seen {
  readonly at: SourceRange;
  readonly ids: readonly string[];
}

/** A task's visit to a pure loop, and its reads since the latest iteration start it can vouch for. */
class Window {
  loop = -1;
  /** The site of the task's first op in this visit, when that op came right after the head; else null. */
  entry: SourceRange | null = null;
  /** The engine step of the window's first read: a write after it disturbs the window. */
  since = -1;
  readonly seen: Seen[] = [];
  readonly reads = new Set<string>();
  /** The site of the task's previous step. */
  prev: SourceRange | null = null;

  /** The task left the loop. */
  leave(): void {
    this.loop = -1;
    this.entry = null;
    this.clear();
  }

  clear(): void {
    this.seen.length = 0;
    this.reads.clear();
  }

  open(at: SourceRange, ids: readonly string[], step: number): void {
    this.clear();
    this.since = step;
    this.push(at, ids);
  }

  push(at: SourceRange, ids: readonly string[]): void {
    this.seen.push({ at, ids });
    for (const id of ids) this.reads.add(id);
  }
}

/** Longest window kept: an iteration with more reads than this is never parked (the slow path, still correct). */
const MAX_WINDOW = 192;

/** A parked task: what it spins on, for waking it and for the livelock report. */
export interface Spin {
  readonly task: TaskRec;
  readonly loop: LoopSite;
  readonly ids: readonly string[];
  /** Where it last read, inside the loop. */
  readonly at: SourceRange;
}

export class SpinDetector {
  private readonly table: LoopTable | null;
  private readonly windows: (Window | undefined)[] = [];
  private readonly lastWrite = new Map<string, number>();
  private readonly parkedOn = new Map<string, Set<TaskRec>>();
  readonly parked = new Map<TaskId, Spin>();

  constructor(loops: readonly LoopSite[] | undefined) {
    this.table = loops && loops.some((l) => l.pure) ? new LoopTable(loops) : null;
  }

  /** Spin detection is on: the program has at least one pure loop. */
  get active(): boolean {
    return this.table !== null;
  }

  /**
   * Notes that `task` executed `op` as engine step `step`, touching `touched` (`readOnly`
   * when it wrote nothing). Returns the ids the task now spins on when it must park,
   * else null. A step that wrote wakes nothing here: call `written` for that.
   */
  afterStep(task: TaskRec, op: Op, step: number, touched: readonly string[], readOnly: boolean): Spin | null {
    const table = this.table;
    if (table === null) return null;
    const win = (this.windows[task.id] ??= new Window());
    let inside = win.loop >= 0 && table.within(win.loop, op.at);
    const prev = win.prev;
    win.prev = op.at;
    if (!readOnly || !isSpinRead(op)) {
      // Still in the loop (a first touch of a shared property makes it, say): the visit
      // goes on, but the next site is no longer known to follow the head.
      if (inside) {
        win.entry = null;
        win.clear();
      } else win.leave();
      return null;
    }
    if (inside) {
      // A read in a pure loop nested in the window's (Dekker's `while (turn !== me) {}` inside
      // `while (want1) { … }`): the window moves to the inner loop once the task iterates there
      // (its previous step was in it too), or when the outer visit has no entry to vouch for an
      // iteration anyway. Else it stays with the outer loop, whose iteration passes through.
      const nested = table.innermostPure(op.at);
      if (nested !== win.loop && (win.entry === null || (prev !== null && table.within(nested, prev)))) inside = false;
    }
    if (!inside) {
      win.leave();
      const loop = table.innermostPure(op.at);
      if (loop < 0) return null;
      win.loop = loop;
      const fromOutside = prev === null || !table.within(loop, prev);
      win.entry = fromOutside && table.innermost(op.at) === loop ? op.at : null;
    }
    const loop = win.loop;
    if (win.entry !== null) {
      if (op.at !== win.entry) {
        if (win.seen.length === 0) return null;
        if (this.disturbed(win, touched) || win.seen.length >= MAX_WINDOW) win.clear();
        else win.push(op.at, touched);
        return null;
      }
      if (win.seen.length > 0 && !this.disturbed(win, touched)) return this.park(task, table.loops[loop], win, 0, op.at, touched);
      win.open(op.at, touched, step);
      return null;
    }
    if (win.seen.length === 0 || this.disturbed(win, touched) || win.seen.length >= MAX_WINDOW) win.open(op.at, touched, step);
    else win.push(op.at, touched);
    if (table.innermost(op.at) !== loop) return null;
    let found = 0;
    let first = -1;
    for (let k = win.seen.length - 1; k >= 0 && found < 3; k--) {
      if (win.seen[k].at === op.at) {
        found++;
        first = k;
      }
    }
    return found < 3 ? null : this.park(task, table.loops[loop], win, first, op.at, []);
  }

  /**
   * What decides this detector's next answers, as text (engine/stateKey.ts): each task's
   * window with the ids written since it opened (step numbers only matter as "after the
   * window began"), and the parked tasks.
   */
  stateKey(): string {
    if (this.table === null) return '';
    const at = (r: SourceRange | null) => (r === null ? '-' : rangeKey(r));
    let s = '';
    this.windows.forEach((win, task) => {
      if (!win) return;
      const written = [...this.lastWrite].filter(([, step]) => step > win.since).map(([id]) => id).sort();
      s += `${task}:${win.loop},${at(win.entry)},${at(win.prev)},[${win.seen.map((e) => at(e.at) + '=' + e.ids.join('+')).join(' ')}],`
        + `${[...win.reads].sort().join('+')},${written.join('+')};`;
    });
    for (const [task, spin] of [...this.parked].sort((a, b) => a[0] - b[0])) s += `p${task}:${at(spin.loop.at)},${at(spin.at)},${[...spin.ids].sort().join('+')};`;
    return s;
  }

  /** Notes a step that wrote `touched`; returns the parked tasks it wakes. */
  written(touched: readonly string[], step: number): TaskRec[] {
    if (this.table === null) return [];
    let woken: TaskRec[] | null = null;
    for (const id of touched) {
      this.lastWrite.set(id, step);
      const set = this.parkedOn.get(id);
      if (!set) continue;
      for (const t of set) {
        const spin = this.parked.get(t.id);
        if (!spin) continue;
        this.unpark(spin);
        (woken ??= []).push(t);
      }
    }
    return woken ?? [];
  }

  /** A write, after the window's first read, to something the window or this step read. */
  private disturbed(win: Window, touched: readonly string[]): boolean {
    for (const id of win.reads) if ((this.lastWrite.get(id) ?? -1) > win.since) return true;
    for (const id of touched) if ((this.lastWrite.get(id) ?? -1) > win.since) return true;
    return false;
  }

  /** Parks the task on what it read from window entry `from` on (and in this step). */
  private park(task: TaskRec, loop: LoopSite, win: Window, from: number, at: SourceRange, touched: readonly string[]): Spin {
    const ids = new Set<string>(touched);
    for (let k = from; k < win.seen.length; k++) for (const id of win.seen[k].ids) ids.add(id);
    const spin: Spin = { task, loop, ids: [...ids], at };
    this.parked.set(task.id, spin);
    for (const id of spin.ids) {
      let set = this.parkedOn.get(id);
      if (!set) this.parkedOn.set(id, (set = new Set()));
      set.add(task);
    }
    // The visit goes on after the wake-up, from inside an iteration: wait for its next start.
    win.clear();
    return spin;
  }

  private unpark(spin: Spin): void {
    this.parked.delete(spin.task.id);
    for (const id of spin.ids) this.parkedOn.get(id)?.delete(spin.task);
  }
}

/** Ops that only look: a plain read, an atomic load, a channel's length, a yield. */
function isSpinRead(op: Op): boolean {
  switch (op.op) {
    case 'read': case 'yield': return true;
    case 'atomic': return op.action === 'load';
    case 'sync': return op.action === 'len';
    default: return false;
  }
}
