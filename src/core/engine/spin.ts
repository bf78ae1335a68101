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
 * `LoopSite`): every time its head is reached, the task's local state is the same. Let X
 * be an op site whose innermost loop is that loop R. If the task executes X three times
 * (X1, X2, X3), staying inside R, doing only reads, and nothing it read between X1 and
 * X3 was written meanwhile, then:
 * - between two executions of X control crossed R's head (X is in no inner loop and R
 *   calls nothing), so [X1, X3] holds two head crossings H < H' with at least one whole
 *   iteration between them;
 * - every iteration starts from the same state, and every read in [X1, X3] returned the
 *   value last written before X1, so the iterations after H are the same deterministic
 *   run I* that comes back to the head, and the state after X3 equals the state after X2;
 * - hence, as long as nothing it read is written, the task repeats the same iteration
 *   forever: each further step is a read that changes nothing and that no other step can
 *   observe. Leaving it out of the schedule loses no state, no outcome and no finding;
 *   the task resumes at the next write to one of the ids it read.
 * Loops the front end could not prove pure (a counter, a call, an iterator) are never
 * parked: there a task that reads the same values may still be making progress. A
 * scenario's `repeat` is such a loop, and scenarios offer no loop sites at all.
 */
import type { LoopSite, Op, SourceRange, TaskId } from '../program';
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

  /** Index of the innermost pure loop containing `at`, or -1. */
  innermostPure(at: SourceRange): number {
    let i = -1;
    for (let k = 0; k < this.loops.length; k++) {
      if (!this.loops[k].pure || !contains(this.loops[k].at, at)) continue;
      if (i < 0 || contains(this.loops[i].at, this.loops[k].at)) i = k;
    }
    return i;
  }

  within(loop: number, at: SourceRange): boolean {
    return contains(this.loops[loop].at, at);
  }
}

function contains(outer: SourceRange, inner: SourceRange): boolean {
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

/** A task's reads since its last write, its last step outside a pure loop, or the last write to what it read. */
class Window {
  loop = -1;
  /** The engine step of the window's first read: a write after it disturbs the window. */
  since = -1;
  readonly seen: Seen[] = [];
  readonly reads = new Set<string>();

  reset(): void {
    this.loop = -1;
    this.seen.length = 0;
    this.reads.clear();
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
    if (!readOnly || !isSpinRead(op)) {
      win.reset();
      return null;
    }
    const loop = win.loop >= 0 && table.within(win.loop, op.at) ? win.loop : table.innermostPure(op.at);
    if (loop < 0) {
      win.reset();
      return null;
    }
    if (loop !== win.loop || this.disturbed(win) || win.seen.length >= MAX_WINDOW) this.restart(win, loop, step);
    win.seen.push({ at: op.at, ids: touched });
    for (const id of touched) win.reads.add(id);
    if (table.innermost(op.at) !== loop) return null;
    // X3: the third execution of this site inside the window (see the header's argument).
    let found = 0;
    let first = -1;
    for (let k = win.seen.length - 1; k >= 0 && found < 3; k--) {
      if (win.seen[k].at === op.at) {
        found++;
        first = k;
      }
    }
    if (found < 3) return null;
    const ids = new Set<string>();
    for (let k = first; k < win.seen.length; k++) for (const id of win.seen[k].ids) ids.add(id);
    const spin: Spin = { task, loop: table.loops[loop], ids: [...ids], at: op.at };
    this.park(spin);
    win.reset();
    return spin;
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

  /** A write to something the window read, after the window's first read. */
  private disturbed(win: Window): boolean {
    for (const id of win.reads) if ((this.lastWrite.get(id) ?? -1) > win.since) return true;
    return false;
  }

  private restart(win: Window, loop: number, step: number): void {
    win.reset();
    win.loop = loop;
    win.since = step;
  }

  private park(spin: Spin): void {
    this.parked.set(spin.task.id, spin);
    for (const id of spin.ids) {
      let set = this.parkedOn.get(id);
      if (!set) this.parkedOn.set(id, (set = new Set()));
      set.add(spin.task);
    }
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
