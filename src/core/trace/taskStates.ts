/**
 * Every task's state at one moment, compact and shared: what a debugger shows for each task
 * (a state, a source position, what a blocked one waits on), for a run of a million tasks.
 *
 * The tasks are held in chunks of `CHUNK` ids. A state read from a paused replay just after
 * the one before (a step) copies only the chunks of the tasks that can have changed in
 * between, and shares the rest with the state before: a step at a million goroutines costs
 * what moved, not a pass over the million tasks (which took 30-170 ms and 8 MB a step), and
 * the window of kept states (cursor.ts) holds many more of them.
 *
 * Which tasks can have changed between two reads of one live replay: those the trace events
 * recorded in between name (spawn, run, stop, block, wake, exit: every change of a task's
 * state is recorded), those running at either read (a running task moves on through its ops,
 * and so its position, without an event), and the tasks created since. A unit test checks
 * the shared states against states built afresh, at every event of runs of each runtime.
 */
import type { Simulation } from '../engine/simulation';
import { TS_BLOCKED, TS_DONE, TS_NEW, TS_RUNNABLE, TS_RUNNING, W_IO, W_SLEEP, W_SYSCALL, type TaskRec } from '../engine/task';
import type { SourceRange } from '../program';

export type TaskStateName = 'new' | 'running' | 'runnable' | 'blocked' | 'syscall' | 'io' | 'sleep' | 'done';

export interface TaskState {
  readonly id: string;
  readonly name: string;
  readonly state: TaskStateName;
  /** What a blocked task waits on, as a person reads it (`mu (lock)`, `join T3`). */
  readonly waitingOn?: string;
  readonly at: SourceRange;
  readonly hw: number;
}

/** `TaskStates` codes, in the order of `STATE_CODES`. */
const STATE_CODES: readonly TaskStateName[] = ['new', 'running', 'runnable', 'blocked', 'syscall', 'io', 'sleep', 'done'];
const C_NEW = 0, C_RUNNING = 1, C_RUNNABLE = 2, C_BLOCKED = 3, C_SYSCALL = 4, C_IO = 5, C_SLEEP = 6, C_DONE = 7;

/** Tasks per chunk (a power of two). */
const SHIFT = 12;
export const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;
/** Bytes a chunk of `len` tasks holds: a state code and a position each, and a wait each when one is blocked. */
const chunkBytes = (len: number, waits: boolean): number => len * (waits ? 17 : 9) + 64;

/** The waits of a chunk in which no task is blocked (shared, never written). */
const NO_WAITS: readonly (string | undefined)[] = Object.freeze([]);

function codeOf(t: TaskRec): number {
  const s = t.state;
  if (s === TS_RUNNING) return C_RUNNING;
  if (s === TS_RUNNABLE) return C_RUNNABLE;
  if (s === TS_DONE) return C_DONE;
  if (s === TS_NEW) return C_NEW;
  const k = t.waitKind;
  return k === W_IO ? C_IO : k === W_SLEEP ? C_SLEEP : k === W_SYSCALL ? C_SYSCALL : C_BLOCKED;
}

/** A task's fixed label and name, by id. */
export interface TaskNaming {
  label(id: number): string;
  name(id: number): string;
}

/** The names of a simulation's tasks, read from its task records. */
export function namingOf(sim: Simulation): TaskNaming {
  const tasks = sim.world.tasks;
  return { label: (id) => tasks[id].label, name: (id) => tasks[id].name };
}

/**
 * About 9 bytes a task when built afresh (a state code and a source position each, the
 * running ones' hardware threads and the blocked ones' waits on the side); a `TaskState` is
 * built only for a task someone reads.
 */
export class TaskStates {
  /**
   * The tasks' labels and names. Private (`#`), so nothing that walks a state (a deep
   * equality iterates iterables) reaches a task's generator; a cursor's states name tasks
   * from the run's trace, so a kept state does not keep the replay it was read from.
   */
  readonly #named: TaskNaming;
  /** Bytes of the chunks this state made (the rest it shares with the state before it). */
  readonly #own: number;

  constructor(
    readonly count: number,
    private readonly codes: readonly Uint8Array[],
    private readonly ats: readonly (readonly SourceRange[])[],
    private readonly waitChunks: readonly (readonly (string | undefined)[])[],
    named: TaskNaming,
    private readonly hwOf: ReadonlyMap<number, number>,
    /** How many tasks are blocked (have a wait). */
    private readonly waitCount: number,
    /** The ids in the running state, for the next step's shared copy. */
    readonly running: readonly number[],
    own: number,
  ) {
    this.#named = named;
    this.#own = own;
  }

  /** Bytes this state holds beyond the one it was read after (all of them when read afresh). */
  get ownBytes(): number {
    return this.#own;
  }

  state(id: number): TaskStateName {
    return STATE_CODES[this.codes[id >> SHIFT][id & MASK]];
  }

  label(id: number): string {
    return this.#named.label(id);
  }

  get(id: number): TaskState {
    const state = this.state(id);
    const waitingOn = this.waitChunks[id >> SHIFT][id & MASK];
    return {
      id: this.#named.label(id), name: this.#named.name(id), state, at: this.ats[id >> SHIFT][id & MASK], hw: this.hwOf.get(id) ?? -1,
      ...(waitingOn !== undefined ? { waitingOn } : {}),
    };
  }

  /** Tasks `from` (inclusive) to `to` (exclusive), by id. */
  slice(from: number, to: number): TaskState[] {
    const out: TaskState[] = [];
    for (let id = Math.max(0, from); id < Math.min(to, this.count); id++) out.push(this.get(id));
    return out;
  }

  /** How many tasks are in each state. */
  counts(): Partial<Record<TaskStateName, number>> {
    const n = new Array<number>(STATE_CODES.length).fill(0);
    for (const chunk of this.codes) for (let k = 0; k < chunk.length; k++) n[chunk[k]]++;
    const out: Partial<Record<TaskStateName, number>> = {};
    STATE_CODES.forEach((s, i) => { if (n[i] > 0) out[s] = n[i]; });
    return out;
  }

  /** Bytes this moment holds for its tasks, were it built afresh. */
  get bytes(): number {
    return this.count * 9 + (this.hwOf.size + this.waitCount) * 40;
  }

  /** For `taskStatesAfter`: the chunks, to share. */
  static parts(s: TaskStates): { codes: readonly Uint8Array[]; ats: readonly (readonly SourceRange[])[]; waits: readonly (readonly (string | undefined)[])[]; waitCount: number } {
    return { codes: s.codes, ats: s.ats, waits: s.waitChunks, waitCount: s.waitCount };
  }
}

/** Which task each busy hardware thread runs, for a paused simulation. */
export function hwOfTasks(sim: Simulation): Map<number, number> {
  const timed = sim.timed!;
  const tasks = sim.world.tasks;
  const hwOf = new Map<number, number>();
  for (let h = 0; h < timed.machine.hwCount; h++) {
    const kt = timed.machine.kt[h];
    const task = kt >= 0 ? timed.kthreads[kt].task : -1;
    if (task >= 0 && tasks[task].state === TS_RUNNING) hwOf.set(task, h);
  }
  return hwOf;
}

/** Every task of a paused simulation, read afresh (one pass over the tasks). */
export function taskStatesOf(sim: Simulation, hwOf: ReadonlyMap<number, number>, naming: TaskNaming = namingOf(sim)): TaskStates {
  const tasks = sim.world.tasks;
  const n = tasks.length;
  const codes: Uint8Array[] = [], ats: SourceRange[][] = [], waits: (readonly (string | undefined)[])[] = [];
  const running: number[] = [];
  let waitCount = 0, own = 0;
  for (let base = 0; base < n; base += CHUNK) {
    const len = Math.min(CHUNK, n - base);
    const code = new Uint8Array(len);
    const at = new Array<SourceRange>(len);
    let wait: (string | undefined)[] | null = null;
    for (let k = 0; k < len; k++) {
      const t = tasks[base + k];
      const c = codeOf(t);
      code[k] = c;
      at[k] = t.at;
      if (c === C_RUNNING) running.push(base + k);
      if (t.state === TS_BLOCKED) {
        (wait ??= new Array<string | undefined>(len).fill(undefined))[k] = t.waitText;
        waitCount++;
      }
    }
    codes.push(code);
    ats.push(at);
    waits.push(wait ?? NO_WAITS);
    own += chunkBytes(len, wait !== null);
  }
  return new TaskStates(n, codes, ats, waits, naming, hwOf, waitCount, running, own);
}

/**
 * The tasks of `sim` now, sharing with `prev` (read from the same live replay when its trace
 * had `prevLength` events) every chunk in which no task can have changed (see the header).
 * Falls back to a fresh read when many events passed in between (a jump: more than a
 * quarter of the task count, and more than 4,096).
 */
export function taskStatesAfter(prev: TaskStates, prevLength: number, sim: Simulation, hwOf: ReadonlyMap<number, number>,
  naming: TaskNaming = namingOf(sim)): TaskStates {
  const tasks = sim.world.tasks;
  const n = tasks.length;
  const log = sim.timed!.trace!;
  if (n < prev.count || log.length < prevLength || log.length - prevLength > Math.max(4096, n >> 2)) return taskStatesOf(sim, hwOf, naming);
  const changed = new Set<number>(prev.running);
  for (let i = prevLength; i < log.length; i++) {
    const t = log.task[i];
    if (t >= 0 && t < n) changed.add(t);
  }
  for (const t of hwOf.keys()) changed.add(t);
  for (let t = prev.count; t < n; t++) changed.add(t);
  const parts = TaskStates.parts(prev);
  const codes = parts.codes.slice(), ats = parts.ats.slice() as SourceRange[][], waits = parts.waits.slice();
  let waitCount = parts.waitCount;
  // The chunks copied for this state (each once), by chunk index.
  const copied = new Set<number>();
  const running: number[] = [];
  for (const id of changed) {
    const c = id >> SHIFT, k = id & MASK;
    if (!copied.has(c)) {
      copied.add(c);
      const len = Math.min(CHUNK, n - (c << SHIFT));
      const oldCode = codes[c], oldAt = ats[c], oldWait = waits[c];
      const code = new Uint8Array(len);
      if (oldCode) code.set(oldCode);
      codes[c] = code;
      const at = new Array<SourceRange>(len);
      for (let j = 0; j < (oldAt?.length ?? 0); j++) at[j] = oldAt[j];
      ats[c] = at;
      if (oldWait !== undefined && oldWait !== NO_WAITS) {
        const wait = new Array<string | undefined>(len).fill(undefined);
        for (let j = 0; j < oldWait.length; j++) wait[j] = oldWait[j];
        waits[c] = wait;
      } else waits[c] = NO_WAITS;
    }
    const t = tasks[id];
    const known = id < prev.count;
    const wasBlocked = known && waits[c][k] !== undefined;
    const code = codeOf(t);
    (codes[c] as Uint8Array)[k] = code;
    ats[c][k] = t.at;
    if (code === C_RUNNING) running.push(id);
    if (t.state === TS_BLOCKED) {
      if (waits[c] === NO_WAITS) waits[c] = new Array<string | undefined>(Math.min(CHUNK, n - (c << SHIFT))).fill(undefined);
      (waits[c] as (string | undefined)[])[k] = t.waitText;
      if (!wasBlocked) waitCount++;
    } else if (wasBlocked) {
      (waits[c] as (string | undefined)[])[k] = undefined;
      waitCount--;
    }
  }
  running.sort((a, b) => a - b);
  // A chunk left with no wait goes back to the shared empty one, as a fresh read has it.
  let own = codes.length * 3 * 8;
  for (const c of copied) {
    if (waits[c] !== NO_WAITS && waits[c].every((w) => w === undefined)) waits[c] = NO_WAITS;
    own += chunkBytes(codes[c].length, waits[c] !== NO_WAITS);
  }
  return new TaskStates(n, codes, ats, waits, naming, hwOf, waitCount, running, own);
}
