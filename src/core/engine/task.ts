/**
 * One task as the engine tracks it: a thread, goroutine or process running a generator
 * body. Plain fields in a class so V8 keeps one hidden class for all of them.
 */
import type { Op, SourceRange, TaskBody, TaskId, WorkKind } from '../program';
import type { TaskKind } from '../run';
import { taskLabel } from '../runtimes/descriptor';
import { grownToFit } from '../columns';

/** Created, not yet runnable (thread creation in progress). */
export const TS_NEW = 0;
export const TS_RUNNABLE = 1;
export const TS_RUNNING = 2;
export const TS_BLOCKED = 3;
export const TS_DONE = 4;

/** Why a blocked task waits (`TaskRec.waitKind`). */
export const W_NONE = 0;
export const W_SYNC = 1;
export const W_SELECT = 2;
export const W_JOIN = 3;
export const W_IO = 4;
export const W_SLEEP = 5;
export const W_SYSCALL = 6;
/** Waiting for the runtime (GIL, a P); the task itself is ready. */
export const W_RUNTIME = 7;
/** Untimed model: parked in a spin loop until another task writes what it reads (spin.ts). */
export const W_SPIN = 8;

export const WAIT_NAMES = ['none', 'sync', 'select', 'join', 'io', 'sleep', 'syscall', 'runtime', 'spin'] as const;

/** A `spawn` of `count` > 1 in progress, one child at a time (`TaskRec.spawnBatch`). */
export interface SpawnBatch {
  readonly op: Op & { op: 'spawn' };
  readonly ids: TaskId[];
}

export class TaskRec {
  state = TS_NEW;
  /** The value fed to the generator's next `next()`. */
  result: unknown = undefined;
  /** The op being executed (or waited on), and where it is in the source. */
  op: Op | null = null;
  at: SourceRange;
  waitKind = W_NONE;
  /** What a person reads for a blocked task: `mu (lock)`, `join T2`, `io 20ms`. */
  waitText = '';
  /** The sync object id the task waits on ('' when none). */
  waitObj = '';
  workKind: WorkKind = 'cpu';
  /** Kernel thread bound to this task (timed model), -1 when none. */
  kt = -1;
  gen: Generator<Op, unknown, unknown> | null = null;
  /** Untimed model: the next visible op, fetched but not yet executed (null when none). */
  pending: Op | null = null;
  /** What few tasks use (joins, selects, timeouts, spawn batches, the untimed model's state keys): made at its first write. */
  private x: TaskExtra | null = null;

  constructor(
    readonly id: TaskId,
    /** The name the program gives (`worker`); `name` adds the instance number. */
    private readonly baseName: string,
    /** 1, 2, ... for the instances a spawn starts (`worker#2`); 0 for main. */
    private readonly instance: number,
    readonly kind: TaskKind,
    readonly body: TaskBody,
    readonly args: readonly unknown[],
    readonly parent: TaskId,
    readonly createdAt: SourceRange,
    readonly priority: number,
    /** The world's columns that hold this task's times (`TaskTimes`). */
    private readonly times: TaskTimes,
  ) {
    this.at = createdAt;
    times.add(id);
  }

  // The times, read and written as fields, live in the world's columns (`TaskTimes`).
  /** Work left on the current compute step, in ns at full speed. */
  get workNs(): number { return this.times.work[this.id]; }
  set workNs(v: number) { this.times.work[this.id] = v; }
  get startNs(): number { return this.times.start[this.id]; }
  set startNs(v: number) { this.times.start[this.id] = v; }
  get endNs(): number { return this.times.end[this.id]; }
  set endNs(v: number) { this.times.end[this.id] = v; }
  get runningNs(): number { return this.times.running[this.id]; }
  set runningNs(v: number) { this.times.running[this.id] = v; }
  get runnableNs(): number { return this.times.runnable[this.id]; }
  set runnableNs(v: number) { this.times.runnable[this.id] = v; }
  get blockedNs(): number { return this.times.blocked[this.id]; }
  set blockedNs(v: number) { this.times.blocked[this.id] = v; }
  /** When the task entered its current state (for the per-state totals). */
  get since(): number { return this.times.since[this.id]; }
  set since(v: number) { this.times.since[this.id] = v; }
  /**
   * Cache-access time owed but not yet charged, in ns (< 1): time is integer ns while an
   * L1 hit is 4/3 ns, so accesses accumulate their exact cost and charge whole ns. Not in
   * the side record: almost every task that touches memory owes a fraction, and the side
   * record it made was ~190 B a goroutine.
   */
  get accessOwedNs(): number { return this.times.owed[this.id]; }
  set accessOwedNs(v: number) { this.times.owed[this.id] = v; }

  // The label and the name are made when asked (reports, the trace's tables), not kept: a
  // million parked goroutines would hold two strings each (issue 24, memory per task).
  /** `G7`, `T3`: the runtime's descriptor names its tasks by their kind. */
  get label(): string {
    return taskLabel(this.kind, this.id);
  }

  /** `worker#2`, or `main`. */
  get name(): string {
    return this.instance > 0 ? `${this.baseName}#${this.instance}` : this.baseName;
  }

  /** Moves to `state` at `now`, adding the time spent in the old state to its total. */
  setState(state: number, now: number): void {
    const times = this.times;
    const id = this.id;
    const dt = now - times.since[id];
    const s = this.state;
    if (s === TS_RUNNING) times.running[id] += dt;
    else if (s === TS_RUNNABLE) times.runnable[id] += dt;
    else if (s === TS_BLOCKED) times.blocked[id] += dt;
    this.state = state;
    times.since[id] = now;
  }

  // The fields kept in `x`, read and written as before; a default read makes nothing.
  get spawnBatch(): SpawnBatch | null {
    return this.x === null ? null : this.x.spawnBatch;
  }
  set spawnBatch(v: SpawnBatch | null) {
    if (this.x !== null) this.x.spawnBatch = v;
    else if (v !== null) (this.x = new TaskExtra()).spawnBatch = v;
  }
  get yieldHandoff(): boolean {
    return this.x === null ? false : this.x.yieldHandoff;
  }
  set yieldHandoff(v: boolean) {
    if (this.x !== null) this.x.yieldHandoff = v;
    else if (v !== false) (this.x = new TaskExtra()).yieldHandoff = v;
  }
  get joinWaiters(): TaskRec[] | null {
    return this.x === null ? null : this.x.joinWaiters;
  }
  set joinWaiters(v: TaskRec[] | null) {
    if (this.x !== null) this.x.joinWaiters = v;
    else if (v !== null) (this.x = new TaskExtra()).joinWaiters = v;
  }
  get joining(): readonly TaskId[] | null {
    return this.x === null ? null : this.x.joining;
  }
  set joining(v: readonly TaskId[] | null) {
    if (this.x !== null) this.x.joining = v;
    else if (v !== null) (this.x = new TaskExtra()).joining = v;
  }
  get joinPending(): number {
    return this.x === null ? 0 : this.x.joinPending;
  }
  set joinPending(v: number) {
    if (this.x !== null) this.x.joinPending = v;
    else if (v !== 0) (this.x = new TaskExtra()).joinPending = v;
  }
  get joined(): boolean {
    return this.x === null ? false : this.x.joined;
  }
  set joined(v: boolean) {
    if (this.x !== null) this.x.joined = v;
    else if (v !== false) (this.x = new TaskExtra()).joined = v;
  }
  get selectObjs(): string[] | null {
    return this.x === null ? null : this.x.selectObjs;
  }
  set selectObjs(v: string[] | null) {
    if (this.x !== null) this.x.selectObjs = v;
    else if (v !== null) (this.x = new TaskExtra()).selectObjs = v;
  }
  get selectKinds(): ('recv' | 'send')[] | null {
    return this.x === null ? null : this.x.selectKinds;
  }
  set selectKinds(v: ('recv' | 'send')[] | null) {
    if (this.x !== null) this.x.selectKinds = v;
    else if (v !== null) (this.x = new TaskExtra()).selectKinds = v;
  }
  get pendingSem(): string {
    return this.x === null ? '' : this.x.pendingSem;
  }
  set pendingSem(v: string) {
    if (this.x !== null) this.x.pendingSem = v;
    else if (v !== '') (this.x = new TaskExtra()).pendingSem = v;
  }
  get sections(): string[] | null {
    return this.x === null ? null : this.x.sections;
  }
  set sections(v: string[] | null) {
    if (this.x !== null) this.x.sections = v;
    else if (v !== null) (this.x = new TaskExtra()).sections = v;
  }
  get pendingReturn(): boolean {
    return this.x === null ? false : this.x.pendingReturn;
  }
  set pendingReturn(v: boolean) {
    if (this.x !== null) this.x.pendingReturn = v;
    else if (v !== false) (this.x = new TaskExtra()).pendingReturn = v;
  }
  get returned(): unknown {
    return this.x === null ? undefined : this.x.returned;
  }
  set returned(v: unknown) {
    if (this.x !== null) this.x.returned = v;
    else if (v !== undefined) (this.x = new TaskExtra()).returned = v;
  }
  get timeoutNs(): number {
    return this.x === null ? -1 : this.x.timeoutNs;
  }
  set timeoutNs(v: number) {
    if (this.x !== null) this.x.timeoutNs = v;
    else if (v !== -1) (this.x = new TaskExtra()).timeoutNs = v;
  }
  get timeoutSeq(): number {
    return this.x === null ? 0 : this.x.timeoutSeq;
  }
  set timeoutSeq(v: number) {
    if (this.x !== null) this.x.timeoutSeq = v;
    else if (v !== 0) (this.x = new TaskExtra()).timeoutSeq = v;
  }
  get clockNs(): number {
    return this.x === null ? 0 : this.x.clockNs;
  }
  set clockNs(v: number) {
    if (this.x !== null) this.x.clockNs = v;
    else if (v !== 0) (this.x = new TaskExtra()).clockNs = v;
  }
  get hist(): string | null {
    return this.x === null ? '' : this.x.hist;
  }
  set hist(v: string | null) {
    if (this.x !== null) this.x.hist = v;
    else if (v !== '') (this.x = new TaskExtra()).hist = v;
  }
  get histLen(): number {
    return this.x === null ? 0 : this.x.histLen;
  }
  set histLen(v: number) {
    if (this.x !== null) this.x.histLen = v;
    else if (v !== 0) (this.x = new TaskExtra()).histLen = v;
  }
  get origin(): string {
    return this.x === null ? '' : this.x.origin;
  }
  set origin(v: string) {
    if (this.x !== null) this.x.origin = v;
    else if (v !== '') (this.x = new TaskExtra()).origin = v;
  }
}

/**
 * The times of a world's tasks, one column each, indexed by task id (ids are given in order).
 * In a task's own fields each would be a boxed number (V8 keeps a double field as a 16-byte
 * heap number): eight of them were about 130 B of every goroutine, and as many allocations
 * for the garbage collector to copy (issue 24, memory per task).
 */
export class TaskTimes {
  work = new Float64Array(16);
  start = new Float64Array(16);
  end = new Float64Array(16);
  running = new Float64Array(16);
  runnable = new Float64Array(16);
  blocked = new Float64Array(16);
  since = new Float64Array(16);
  owed = new Float64Array(16);

  /** Makes room for task `id`: its times 0, its end unset (−1). */
  add(id: number): void {
    if (id >= this.start.length) {
      this.work = grownToFit(this.work, id); this.start = grownToFit(this.start, id); this.end = grownToFit(this.end, id);
      this.running = grownToFit(this.running, id); this.runnable = grownToFit(this.runnable, id); this.blocked = grownToFit(this.blocked, id);
      this.since = grownToFit(this.since, id); this.owed = grownToFit(this.owed, id);
    }
    this.end[id] = -1;
  }
}

/**
 * The part of a task most tasks never touch, kept apart so a parked goroutine does not carry
 * it (issue 24, memory per task); `TaskRec`'s accessors make it on the first non-default write.
 */
class TaskExtra {
  /**
   * Timed model, a runtime with `sequentialSpawn`: a `spawn` of `count` > 1 in progress, one
   * child at a time (a loop of `go` statements); null when none.
   */
  spawnBatch: SpawnBatch | null = null;
  /** The task yields because it handed a lock straight to a waiter (Go: goyield in semrelease1). */
  yieldHandoff: boolean = false;
  joinWaiters: TaskRec[] | null = null;
  joining: readonly TaskId[] | null = null;
  /** How many of `joining` have not finished yet. */
  joinPending: number = 0;
  joined: boolean = false;
  selectObjs: string[] | null = null;
  selectKinds: ('recv' | 'send')[] | null = null;
  /** A blocked semaphore acquire: the semaphore's name (holders count toward max_inside). */
  pendingSem: string = '';
  sections: string[] | null = null;
  /** Untimed model: the body has returned; finishing is the task's next step. */
  pendingReturn: boolean = false;
  returned: unknown = undefined;
  /** The timeout of the wait in progress (`timeoutNs` of a sync or join op that blocked), −1 when none. */
  timeoutNs: number = -1;
  /** Counts the task's timed waits: a timer armed for an earlier one is stale. */
  timeoutSeq: number = 0;
  /** Untimed model: the task's logical clock in ns, what a `now` op reads (program.ts). */
  clockNs: number = 0;
  /**
   * Untimed model with state observation (stateKey.ts): the results the body has been
   * given, in order (null once one cannot be written down), and where the task came from.
   */
  hist: string | null = '';
  histLen: number = 0;
  origin: string = '';
}
