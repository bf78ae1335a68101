import type { TaskId } from '../program';
import type { StepEvent } from './execution';

/**
 * Happens-before over the steps of one execution, for source-DPOR (Abdulla et al.,
 * "Optimal dynamic partial order reduction", POPL 2014, §3). A step happens after the
 * previous step of its task, after every earlier dependent step (same id, not both
 * reads), and after the step that enabled its task (a wake-up, a spawn, a join's end).
 *
 * Clock entry p of step j is 1 + the index of the latest step of task p that happens
 * before (or is) j; so step i happens before step j iff clock(j)[task(i)] > i.
 */
export class EventOrder {
  readonly clocks: number[][] = [];
  /** The clock from program order and enabling alone, before j's own dependencies. */
  readonly preClocks: number[][] = [];
  /** For each step, the earlier steps it conflicts with (candidates for a race). */
  readonly conflicts: number[][] = [];
  /** The first step at which each task existed (enabled or stepping). */
  readonly firstSeen = new Map<TaskId, number>();

  constructor(readonly events: readonly StepEvent[]) {
    const taskClock = new Map<TaskId, number[]>();
    const enabling = new Map<TaskId, number[]>();
    const accesses = new Map<string, number[]>();
    const seen = new Set<TaskId>();
    for (let j = 0; j < events.length; j++) {
      const e = events[j];
      for (const t of e.enabled) if (!this.firstSeen.has(t)) this.firstSeen.set(t, j);
      const pre = (taskClock.get(e.task) ?? []).slice();
      const en = enabling.get(e.task);
      if (en) {
        joinInto(pre, en);
        enabling.delete(e.task);
      }
      const c = pre.slice();
      const conflicts: number[] = [];
      if (e.endsProgram) {
        // Main's return conflicts with every step of every other task (it ends them all).
        for (let i = 0; i < j; i++) {
          if (events[i].task === e.task) continue;
          conflicts.push(i);
          joinInto(c, this.clocks[i]);
        }
      }
      for (const id of e.touched) {
        const list = accesses.get(id);
        if (!list) {
          accesses.set(id, [j]);
          continue;
        }
        for (const i of list) {
          if (e.readOnly && this.events[i].readOnly) continue;
          if (!conflicts.includes(i)) conflicts.push(i);
          joinInto(c, this.clocks[i]);
        }
        list.push(j);
      }
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
   * The step that disabled task t before step k: the latest d < k after which t was no
   * longer enabled (a lock taken that t then needed). When the race (k, j) cannot be
   * reversed because t = task(j) was disabled at k, the race to reverse is (d, j).
   */
  /**
   * The step whose lock acquisition of `mutex` was still held just before step i, if any.
   * A lock of a held mutex cannot run before its unlock, so for a lock step j the race
   * to reverse is with the lock that began the hold, not with the unlock that ended it
   * (the classic source-DPOR treatment of mutexes).
   */
  holdingLock(mutex: string, i: number): number | undefined {
    let holder: number | undefined;
    for (let k = 0; k < i; k++) {
      const op = this.events[k].op;
      if (op.op !== 'sync' || op.obj !== mutex) continue;
      if (op.action === 'lock' || op.action === 'rlock') holder = k;
      else if (op.action === 'unlock' || op.action === 'runlock') holder = undefined;
    }
    return holder;
  }

  /** True when task t existed (had been created) by step k. */
  existedAt(t: TaskId, k: number): boolean {
    const f = this.firstSeen.get(t);
    return f !== undefined && f <= k;
  }

  disablerOf(t: TaskId, k: number): number | undefined {
    for (let d = k - 1; d >= 0; d--) {
      const ev = this.events[d];
      if (ev.task === t) return undefined;
      if (ev.enabled.includes(t) && !this.events[d + 1].enabled.includes(t)) return d;
    }
    return undefined;
  }

  /**
   * The tasks that can start `v = notdep(i).j`: the steps after i that do not happen
   * after i, followed by j. A task is an initial when its first step in v has no
   * predecessor in v (Abdulla et al., Def. 3.3 "I[E'](v)").
   */
  initials(i: number, j: number): TaskId[] {
    const ti = this.events[i].task;
    const v: number[] = [];
    for (let k = i + 1; k < j; k++) if ((this.clocks[k][ti] ?? 0) <= i) v.push(k);
    v.push(j);
    const seen = new Set<TaskId>();
    const out: TaskId[] = [];
    for (let a = 0; a < v.length; a++) {
      const k = v[a];
      const t = this.events[k].task;
      if (seen.has(t)) continue;
      seen.add(t);
      let first = true;
      for (let b = 0; b < a; b++) {
        if (this.happensBefore(v[b], k)) {
          first = false;
          break;
        }
      }
      if (first) out.push(t);
    }
    return out;
  }
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
