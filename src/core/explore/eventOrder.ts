import type { TaskId } from '../program';
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
  readonly clocks: number[][] = [];
  /** The clock from program order and enabling alone, before j's own dependencies. */
  readonly preClocks: number[][] = [];
  /** For each step, the latest earlier steps it conflicts with (race candidates). */
  readonly conflicts: number[][] = [];
  /** The first step at which each task existed (enabled or stepping). */
  readonly firstSeen = new Map<TaskId, number>();
  /** Each task's steps, in order. */
  private readonly stepsOf = new Map<TaskId, number[]>();
  private holds: Map<string, [number, number][]> | null = null;

  constructor(readonly events: readonly StepEvent[]) {
    const taskClock = new Map<TaskId, number[]>();
    const enabling = new Map<TaskId, number[]>();
    const lastWrite = new Map<string, number>();
    const readsSince = new Map<string, number[]>();
    const seen = new Set<TaskId>();
    const others: number[] = [];
    for (let j = 0; j < events.length; j++) {
      const e = events[j];
      for (const t of e.enabled) if (!this.firstSeen.has(t)) this.firstSeen.set(t, j);
      let mine = this.stepsOf.get(e.task);
      if (!mine) this.stepsOf.set(e.task, (mine = []));
      mine.push(j);
      const pre = (taskClock.get(e.task) ?? []).slice();
      const en = enabling.get(e.task);
      if (en) {
        joinInto(pre, en);
        enabling.delete(e.task);
      }
      const c = pre.slice();
      const conflicts: number[] = [];
      const add = (i: number | undefined) => {
        if (i === undefined || conflicts.includes(i)) return;
        conflicts.push(i);
        joinInto(c, this.clocks[i]);
      };
      if (e.endsProgram) {
        // Main's return conflicts with every step of every other task (it ends them
        // all); the latest step of each other task stands for its earlier ones.
        const latest = new Map<TaskId, number>();
        for (const i of others) latest.set(events[i].task, i);
        for (const i of latest.values()) if (events[i].task !== e.task) add(i);
      }
      for (const id of e.touched) {
        add(lastWrite.get(id));
        const reads = readsSince.get(id);
        if (!e.readOnly && reads) for (const r of reads) add(r);
      }
      for (const id of e.touched) {
        if (e.readOnly) {
          const reads = readsSince.get(id) ?? [];
          reads.push(j);
          readsSince.set(id, reads);
        } else {
          lastWrite.set(id, j);
          readsSince.delete(id);
        }
      }
      others.push(j);
      setAt(c, e.task, j + 1);
      this.clocks.push(c);
      this.preClocks.push(pre);
      this.conflicts.push(conflicts);
      taskClock.set(e.task, c);
      // Tasks this step made runnable: the ones it woke, and the ones it created (first
      // seen enabled after it). A task re-enabled after some step disabled it (a lock
      // released) gets no edge: its step races with the disabling one, which is the
      // race that must be reversed.
      const next = events[j + 1];
      const newlyEnabled = new Set<TaskId>(e.woke);
      if (next) for (const t of next.enabled) if (t !== e.task && !seen.has(t)) newlyEnabled.add(t);
      for (const t of e.enabled) seen.add(t);
      if (next) for (const t of next.enabled) seen.add(t);
      for (const t of newlyEnabled) {
        if (t === e.task) continue;
        const acc = enabling.get(t) ?? [];
        joinInto(acc, c);
        enabling.set(t, acc);
      }
    }
  }

  happensBefore(i: number, j: number): boolean {
    return (this.clocks[j][this.events[i].task] ?? 0) > i;
  }

  /**
   * Races of step j (Abdulla et al., "e ⋖ e'"): earlier conflicting steps of other tasks
   * not already ordered before j by program order or a wake-up, and not ordered before
   * j through another such step (only the latest of a chain of conflicts races with j).
   */
  racesOf(j: number): number[] {
    const e = this.events[j];
    const pre = this.preClocks[j];
    const candidates = this.conflicts[j].filter((i) => this.events[i].task !== e.task && (pre[this.events[i].task] ?? 0) <= i);
    return candidates.filter((i) => !candidates.some((k) => k > i && this.happensBefore(i, k)));
  }

  /**
   * The tasks that can start `v = notdep(i).j`: the steps after i that do not happen
   * after i, followed by j (Abdulla et al., Def. 3.3 "I[E'](v)"). A task's steps in v
   * are a prefix of its steps after i, so only each task's first step after i can be an
   * initial, and it is one unless another task's first step in v happens before it.
   */
  initials(i: number, j: number): TaskId[] {
    const ti = this.events[i].task;
    const inV = (k: number) => k > i && k < j && (this.clocks[k][ti] ?? 0) <= i;
    const firsts: number[] = [];
    for (const [task, steps] of this.stepsOf) {
      if (task === ti) continue;
      const k = firstAfter(steps, i);
      if (k !== undefined && inV(k)) firsts.push(k);
    }
    const tj = this.events[j].task;
    if (!firsts.some((k) => this.events[k].task === tj)) firsts.push(j);
    firsts.sort((a, b) => a - b);
    const out: TaskId[] = [];
    for (const k of firsts) {
      if (!firsts.some((k2) => k2 < k && this.happensBefore(k2, k))) out.push(this.events[k].task);
    }
    return out;
  }

  /**
   * The step whose lock acquisition of `mutex` was still held just before step i, if any.
   * A lock of a held mutex cannot run before its unlock, so for a lock step j the race
   * to reverse is with the lock that began the hold, not with the unlock that ended it
   * (the classic source-DPOR treatment of mutexes).
   */
  holdingLock(mutex: string, i: number): number | undefined {
    if (!this.holds) {
      this.holds = new Map();
      const open = new Map<string, number>();
      for (let k = 0; k < this.events.length; k++) {
        const op = this.events[k].op;
        if (op.op !== 'sync') continue;
        if (op.action === 'lock' || op.action === 'rlock') open.set(op.obj, k);
        else if ((op.action === 'unlock' || op.action === 'runlock') && open.has(op.obj)) {
          const list = this.holds.get(op.obj) ?? [];
          list.push([open.get(op.obj)!, k]);
          this.holds.set(op.obj, list);
          open.delete(op.obj);
        }
      }
      for (const [obj, start] of open) {
        const list = this.holds.get(obj) ?? [];
        list.push([start, Number.MAX_SAFE_INTEGER]);
        this.holds.set(obj, list);
      }
    }
    // Held just before i: acquired before i and released at or after i.
    for (const [start, end] of this.holds.get(mutex) ?? []) if (start < i && end >= i) return start;
    return undefined;
  }

  /** True when task t existed (had been created) by step k. */
  existedAt(t: TaskId, k: number): boolean {
    const f = this.firstSeen.get(t);
    return f !== undefined && f <= k;
  }

  /**
   * The step that disabled task t before step k: the latest d < k after which t was no
   * longer enabled. When the race (k, j) cannot be reversed because t = task(j) was
   * disabled at k, the race to reverse is (d, j).
   */
  disablerOf(t: TaskId, k: number): number | undefined {
    for (let d = k - 1; d >= 0; d--) {
      const ev = this.events[d];
      if (ev.task === t) return undefined;
      if (ev.enabled.includes(t) && !this.events[d + 1].enabled.includes(t)) return d;
    }
    return undefined;
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

function joinInto(into: number[], other: readonly number[]): void {
  for (let k = 0; k < other.length; k++) {
    const o = other[k] ?? 0;
    if (o > (into[k] ?? 0)) into[k] = o;
  }
  for (let k = 0; k < into.length; k++) if (into[k] === undefined) into[k] = 0;
}

function setAt(c: number[], k: number, v: number): void {
  while (c.length < k) c.push(0);
  c[k] = v;
}
