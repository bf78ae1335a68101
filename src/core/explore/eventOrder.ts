import { VectorClock } from '../analysis/vectorClock';
import type { Op, TaskId } from '../program';
import type { EnabledHistory } from '../run';
import { WAITGROUP_ZERO } from '../sync/waitgroup';
import type { StepEvent } from './execution';

/**
 * Happens-before over the steps of one execution, for source-DPOR (Abdulla et al.,
 * "Optimal dynamic partial order reduction", POPL 2014, §3). A step happens after the
 * previous step of its task, after every earlier dependent step (same id, not both
 * reads), and after the step that enabled its task (a wake-up, a spawn).
 *
 * Clock entry p of step j is 1 + the index of the latest step of task p that happens
 * before (or is) j; so step i happens before step j iff clock(j)[task(i)] > i.
 *
 * Conflicting steps are always ordered in a trace, so per id only the last write and
 * the reads since it are kept: every older conflicting step happens before one of
 * them. That keeps one execution linear in its length (times the task count).
 */
export class EventOrder {
  readonly clocks: VectorClock[] = [];
  /** The clock from program order and enabling alone, before j's own dependencies. */
  readonly preClocks: VectorClock[] = [];
  /** For each step, the latest earlier steps it conflicts with (race candidates). */
  readonly conflicts: number[][] = [];
  /** Each task's steps, in order. */
  private readonly stepsOf = new Map<TaskId, number[]>();
  private holds: Map<string, [number, number][]> | null = null;
  /** The clocks outgrew `maxEntries`: the order is incomplete and must not be used. */
  readonly tooLarge: boolean = false;

  /**
   * `history` gives the enabled sets (the recorder's); `maxEntries` bounds the clock
   * entries kept in all (clocks are sparse: a step's clock holds the tasks it knows of).
   */
  constructor(readonly events: readonly StepEvent[], private readonly history: EnabledHistory, maxEntries = Infinity) {
    const taskClock = new Map<TaskId, VectorClock>();
    const enabling = new Map<TaskId, VectorClock>();
    const lastWrite = new Map<string, number>();
    const readsSince = new Map<string, number[]>();
    const commutingSince = new Map<string, number[]>();
    /** Each task's latest step that main's return cuts off (not its own end). */
    const latest = new Map<TaskId, number>();
    // Tasks first enabled before step j + 1, by step: a step enables the tasks it creates.
    const firstAt = new Map<number, TaskId[]>();
    /** stamp[i] = j + 1 once step i is among step j's conflicts. */
    const stamp = new Int32Array(events.length);
    let entries = 0;
    for (let j = 0; j < events.length; j++) {
      const e = events[j];
      let mine = this.stepsOf.get(e.task);
      if (!mine) this.stepsOf.set(e.task, (mine = []));
      mine.push(j);
      // Clocks are never changed once stored, so `pre` may be the task's previous clock itself.
      let pre = taskClock.get(e.task) ?? EMPTY;
      const en = enabling.get(e.task);
      if (en) {
        pre = pre.copy();
        pre.join(en);
        enabling.delete(e.task);
      }
      const c = pre.copy();
      const conflicts: number[] = [];
      const add = (i: number | undefined): void => {
        if (i === undefined || stamp[i] === j + 1) return;
        stamp[i] = j + 1;
        conflicts.push(i);
        c.join(this.clocks[i]);
      };
      if (e.endsProgram) {
        // Main's return conflicts with every step of every other task (it cuts them off);
        // the latest step of each stands for its earlier ones. A task's own end does not
        // count: ending after main or before it leaves the same state and findings.
        for (const [t, i] of latest) if (t !== e.task) add(i);
      }
      for (const id of e.touched) {
        add(lastWrite.get(id));
        const reads = e.readOnly ? undefined : readsSince.get(id);
        if (reads) for (const r of reads) add(r);
        const commuting = e.commutes ? undefined : commutingSince.get(id);
        if (commuting) for (const k of commuting) add(k);
      }
      for (const id of e.touched) {
        if (e.readOnly) {
          const reads = readsSince.get(id);
          if (reads) reads.push(j);
          else readsSince.set(id, [j]);
        } else if (e.commutes) {
          const list = commutingSince.get(id);
          if (list) list.push(j);
          else commutingSince.set(id, [j]);
        } else {
          lastWrite.set(id, j);
          readsSince.delete(id);
          commutingSince.delete(id);
        }
      }
      if (!e.finishes) latest.set(e.task, j);
      // A WaitGroup wait returns only once every decrement since the last write is in: a
      // wait that passes comes after them, and so does whoever a decrement wakes (the
      // decrements commute with each other and with the wait, not with what follows it).
      // In Go the Done that empties the counter does not commute (it touches only the
      // counter's zero, sync/waitgroup.ts): whoever it wakes still comes after every decrement.
      let decrements: VectorClock | null = null;
      const zero = e.commutes ? undefined : e.touched.find((id) => id.endsWith(WAITGROUP_ZERO));
      if ((e.commutes || (zero !== undefined && e.woke.length > 0)) && (isWait(e) || e.woke.length > 0)) {
        decrements = new VectorClock();
        const ids = zero === undefined ? e.touched : [zero.slice(0, -WAITGROUP_ZERO.length)];
        for (const id of ids) {
          if (id.endsWith(WAITGROUP_ZERO)) continue;
          for (const k of commutingSince.get(id) ?? []) if (k !== j) decrements.join(this.clocks[k]);
        }
        if (isWait(e) && !e.woke.includes(e.task)) c.join(decrements);
      }
      c.set(e.task, j + 1);
      this.clocks.push(c);
      this.preClocks.push(pre);
      this.conflicts.push(conflicts);
      taskClock.set(e.task, c);
      entries += c.size + pre.size;
      if (entries > maxEntries) {
        this.tooLarge = true;
        return;
      }
      // Tasks this step made runnable: the ones it woke, and the ones it created (first
      // enabled right after it). A task re-enabled after some step disabled it (a lock
      // released) gets no edge: its step races with the disabling one, which is the
      // race that must be reversed.
      if (j === 0) this.indexFirstSteps(firstAt);
      const created = firstAt.get(j + 1);
      if (e.woke.length === 0 && !created) continue;
      const newlyEnabled = new Set<TaskId>(e.woke);
      if (created) for (const t of created) newlyEnabled.add(t);
      for (const t of newlyEnabled) {
        if (t === e.task) continue;
        const acc = enabling.get(t) ?? new VectorClock();
        acc.join(c);
        if (decrements && e.woke.includes(t)) acc.join(decrements);
        enabling.set(t, acc);
      }
    }
  }

  /** Groups every task that steps or is ever enabled by the step it was first enabled at. */
  private indexFirstSteps(firstAt: Map<number, TaskId[]>): void {
    const tasks = new Set<TaskId>();
    for (const e of this.events) tasks.add(e.task);
    for (const step of [0, this.events.length - 1]) for (const t of this.history.tasksAt(step)) tasks.add(t);
    for (const t of tasks) {
      const f = this.history.firstEnabled(t);
      if (f < 0) continue;
      const list = firstAt.get(f);
      if (list) list.push(t);
      else firstAt.set(f, [t]);
    }
  }

  happensBefore(i: number, j: number): boolean {
    return this.clocks[j].get(this.events[i].task) > i;
  }

  /**
   * Races of step j (Abdulla et al., "e ⋖ e'"): earlier conflicting steps of other tasks
   * not already ordered before j by program order or a wake-up, and not ordered before
   * j through another such step (only the latest of a chain of conflicts races with j).
   */
  racesOf(j: number): number[] {
    const e = this.events[j];
    const pre = this.preClocks[j];
    const candidates = this.conflicts[j].filter((i) => this.events[i].task !== e.task && pre.get(this.events[i].task) <= i);
    return candidates.filter((i) => !candidates.some((k) => k > i && this.happensBefore(i, k)));
  }

  /**
   * The tasks that can start `v = notdep(i).j`: the steps after i that do not happen
   * after i, followed by j (Abdulla et al., Def. 3.3 "I[E'](v)"). A task's steps in v
   * are a prefix of its steps after i, so only each task's first step after i can be an
   * initial, and it is one unless another task's first step in v happens before it.
   */
  initials(i: number, j: number): TaskId[] {
    return this.initialsBefore(i, j, this.events[j].task);
  }

  /**
   * `initials` for the next op of task t, which never ran (t was blocked for good when the
   * run ended): as if it were a step after every event that happens after nothing but t's
   * own earlier steps.
   */
  initialsOfPending(i: number, t: TaskId): TaskId[] {
    return this.initialsBefore(i, this.events.length, t);
  }

  /** The initials of v = notdep(i) up to step j (exclusive), then task tj's step at j. */
  private initialsBefore(i: number, j: number, tj: TaskId): TaskId[] {
    const ti = this.events[i].task;
    const inV = (k: number) => k > i && k < j && this.clocks[k].get(ti) <= i;
    const firsts: number[] = [];
    /** Each task's first step in v (the ones in `firsts`). */
    const firstOf = new Map<TaskId, number>();
    for (const [task, steps] of this.stepsOf) {
      if (task === ti) continue;
      const k = firstAfter(steps, i);
      if (k !== undefined && inV(k)) {
        firsts.push(k);
        firstOf.set(task, k);
      }
    }
    firsts.sort((a, b) => a - b);
    // Does some earlier first step of v happen before step k? Asked of k's clock (what it
    // holds: a goroutine's knows main and itself) when that is smaller than the firsts, so
    // 100,000 goroutines' firsts cost their number, not its square.
    const afterAFirst = (k: number): boolean => {
      const c = this.clocks[k];
      if (c.size < firsts.length) return c.some((p, v) => { const f = firstOf.get(p); return f !== undefined && f < k && f < v; });
      return firsts.some((k2) => k2 < k && this.happensBefore(k2, k));
    };
    const out: TaskId[] = [];
    for (const k of firsts) if (!afterAFirst(k)) out.push(this.events[k].task);
    // tj's step at j (a real one, or the pending op past the end): an initial unless tj
    // already starts v, or one of v's firsts happens before it (for a pending op: only
    // tj's own steps do, and those are not in v's firsts as another task's).
    if (!firstOf.has(tj)) {
      const blocked = j < this.events.length && afterAFirst(j);
      if (!blocked) out.push(tj);
    }
    return out;
  }

  /**
   * The step whose lock acquisition of `mutex` was still held just before step i, if any.
   * A lock of a held mutex cannot run before its unlock, so for a lock step j the race
   * to reverse is with the lock that began the hold, not with the unlock that ended it
   * (the classic source-DPOR treatment of mutexes). A write hold begins at a lock or a
   * tryLock that found the mutex free and ends at the next unlock; a read hold begins at a
   * task's rlock and ends at that task's runlock (several may overlap). When i ends a hold,
   * that hold; otherwise the latest one still open at i.
   */
  holdingLock(mutex: string, i: number): number | undefined {
    const holds = (this.holds ??= this.buildHolds());
    let found: number | undefined;
    for (const [start, end] of holds.get(mutex) ?? []) {
      if (start >= i || end < i) continue;
      if (end === i) return start;
      if (found === undefined || start > found) found = start;
    }
    return found;
  }

  private buildHolds(): Map<string, [number, number][]> {
    const holds = new Map<string, [number, number][]>();
    const add = (obj: string, start: number, end: number): void => {
      const list = holds.get(obj);
      if (list) list.push([start, end]);
      else holds.set(obj, [[start, end]]);
    };
    const writer = new Map<string, number>();
    const readers = new Map<string, Map<TaskId, number>>();
    for (let k = 0; k < this.events.length; k++) {
      const { op, task } = this.events[k];
      if (op.op !== 'sync') continue;
      const reading = readers.get(op.obj);
      const free = !writer.has(op.obj) && (reading === undefined || reading.size === 0);
      // A tryLock of a free mutex takes it (the untimed model never enters Go's starvation mode).
      if (op.action === 'lock' || (op.action === 'try_lock' && free)) writer.set(op.obj, k);
      else if (op.action === 'rlock') {
        if (reading) reading.set(task, k);
        else readers.set(op.obj, new Map([[task, k]]));
      } else if (op.action === 'unlock' && writer.has(op.obj)) {
        add(op.obj, writer.get(op.obj)!, k);
        writer.delete(op.obj);
      } else if (op.action === 'runlock' && reading?.has(task)) {
        add(op.obj, reading.get(task)!, k);
        reading.delete(task);
      }
    }
    for (const [obj, start] of writer) add(obj, start, Number.MAX_SAFE_INTEGER);
    for (const [obj, reading] of readers) for (const start of reading.values()) add(obj, start, Number.MAX_SAFE_INTEGER);
    return holds;
  }

  /**
   * The step that made an acquire-like step j wait until step i freed what it needed: a
   * step j that could not have run before i, so the race (i, j) is reversed through the
   * step returned here instead: for a lock or rlock, the acquisition that began the hold
   * it waited for (`holdingLock`). For a semaphore acquire racing with the release that freed the first
   * permit (it does not commute), the latest acquire before i, which took the last one;
   * for a `once_enter` racing with the `once_exit` that let it pass, the enter that began
   * running the body.
   */
  blockerOf(i: number, j: number): number | undefined {
    const opJ = this.events[j].op;
    const ei = this.events[i];
    const opI = ei.op;
    if (opJ.op !== 'sync') return undefined;
    if (opJ.action === 'lock' || opJ.action === 'rlock') {
      const releases = opI.op === 'sync' && opI.obj === opJ.obj && (opI.action === 'unlock' || opI.action === 'runlock');
      const d = this.holdingLock(opJ.obj, releases ? i : i + 1);
      return d === i ? undefined : d;
    }
    if (opI.op !== 'sync' || opI.obj !== opJ.obj) return undefined;
    let action: string;
    let task: TaskId | undefined;
    if (opJ.action === 'acquire' && opI.action === 'release' && !ei.commutes) action = 'acquire';
    else if (opJ.action === 'once_enter' && opI.action === 'once_exit') { action = 'once_enter'; task = ei.task; }
    else return undefined;
    for (let k = i - 1; k >= 0; k--) {
      const op = this.events[k].op;
      if (op.op === 'sync' && op.obj === opJ.obj && op.action === action && (task === undefined || this.events[k].task === task)) return k;
    }
    return undefined;
  }

  /**
   * The step that holds what `op`, task t's next op, waits for when t was blocked for good
   * at the run's end (it never ran, so no race names it): the open hold of the mutex it
   * locks (a lock never released, or held by a task blocked in turn), the latest
   * non-commuting acquire of the semaphore it wants, the once_enter still running. Undefined
   * for anything else (a receive, a join, a wait: those block on no earlier step of another
   * task that could move after them) or when that step is t's own.
   */
  holderOfPending(t: TaskId, op: Op | null | undefined): number | undefined {
    if (!op || op.op !== 'sync') return undefined;
    let d: number | undefined;
    if (op.action === 'lock' || op.action === 'rlock') d = this.holdingLock(op.obj, this.events.length);
    else if (op.action === 'acquire' || op.action === 'once_enter') {
      for (let k = this.events.length - 1; k >= 0; k--) {
        const e = this.events[k];
        if (e.op.op === 'sync' && e.op.obj === op.obj && e.op.action === op.action && !e.commutes) {
          d = k;
          break;
        }
      }
    }
    return d !== undefined && this.events[d].task !== t ? d : undefined;
  }

  /** True when task t existed (had been created) by step k. */
  existedAt(t: TaskId, k: number): boolean {
    const f = this.history.firstEnabled(t);
    if (f >= 0 && f <= k) return true;
    const steps = this.stepsOf.get(t);
    return steps !== undefined && steps[0] <= k;
  }

  /**
   * The step that disabled task t before step k: the latest d < k after which t was no
   * longer enabled. When the race (k, j) cannot be reversed because t = task(j) was
   * disabled at k, the race to reverse is (d, j). None when t disabled itself (a block).
   */
  disablerOf(t: TaskId, k: number): number | undefined {
    const d = this.history.disabledAfter(t, k);
    if (d < 0 || this.events[d].task === t) return undefined;
    return d;
  }

  /**
   * An unlock by a task that did not take the lock (Go's and CPython's locks allow it) lies
   * in v = notdep(i).j and happens before j: tried before i, it lets task(j) take the lock,
   * and j, before i.
   */
  unlockedByAnother(i: number, j: number): boolean {
    const ti = this.events[i].task;
    const tj = this.events[j].task;
    for (let k = i + 1; k < j; k++) {
      const e = this.events[k];
      if (e.task === ti || e.task === tj || e.op.op !== 'sync' || (e.op.action !== 'unlock' && e.op.action !== 'runlock')) continue;
      // Only an unlock of a lock another task took (not the unlocking task's own release).
      const held = this.holdingLock(e.op.obj, k);
      if (held === undefined || this.events[held].task === e.task) continue;
      if (this.clocks[k].get(ti) <= i && this.happensBefore(k, j)) return true;
    }
    return false;
  }

  /**
   * Task t could not run at step k because a step of its own blocked it (a wait, a
   * receive, a parked spin: the step lists its own task among those it disabled), not
   * because its next op waits for a lock or a join.
   */
  blockedItself(t: TaskId, k: number): boolean {
    const d = this.history.disabledAfter(t, k);
    return d >= 0 && this.events[d].task === t && this.events[d].woke.includes(t);
  }
}

function firstAfter(sorted: readonly number[], i: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : undefined;
}

function isWait(e: StepEvent): boolean {
  return e.op.op === 'sync' && e.op.action === 'wait';
}

/** The clock of a task's first step before its own entry: knows nothing (never changed). */
const EMPTY = new VectorClock();
