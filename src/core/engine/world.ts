/**
 * The program's state during one run, shared by the timed and the untimed model:
 * tasks, shared variables, sync objects, critical sections, findings and the log.
 * What differs between the models (time, cores, the OS) reaches it through `WorldHost`.
 */
import type { HbObserver } from '../analysis/hb';
import type { Finding, FindingKind } from '../findings';
import { TIMED_OUT, type Op, type Program, type RuntimeKind, type SourceRange, type SyncAction, type SyncDecl, type TaskBody, type TaskId, type VarDecl } from '../program';
import type { ChoicePoint, TaskKind } from '../run';
import { runtimeDescriptor } from '../runtimes/registry';
import type { Outcome, SyncHost, SyncObject, Wake } from '../sync/types';
import { TaskRec, TaskTimes, TS_BLOCKED, TS_DONE, W_JOIN, W_NONE, W_SELECT, W_SYNC } from './task';
import { isSyncRetry } from '../sync/retry';

/** Makes a run's sync object; `resolve` finds the run's other objects (a cond needs its mutex). */
export type SyncFactory = (decl: SyncDecl, runtime: RuntimeKind,
  options: { readonly resolve: (id: string) => SyncObject | undefined }) => SyncObject;

export interface WorldHost {
  now(): number;
  /** A timed wait began (`t.timeoutNs`, `t.timeoutSeq`): the timed model sets its timer. */
  armTimeout?(t: TaskRec): void;
  /** What a `now` op by `t` reads (program.ts) when it is not `now()`: the untimed model's per-task clock. */
  clockNs?(t: TaskRec): number;
  /** A blocked task was woken (its `result` is set): make it runnable. */
  wake(t: TaskRec): void;
  /** A task was created by `parent` (index = position in its spawn batch). */
  spawned(child: TaskRec, parent: TaskRec | null, index: number): void;
  /** A blocked task panicked (a sender on a channel that was closed): end it now. */
  killBlocked(t: TaskRec): void;
  /**
   * Cost in ns of an access by `t` to cache line `line` (0 in the untimed model);
   * `atomicRmw` for a locked read-modify-write (atomic add, swap, cas).
   */
  accessCost(t: TaskRec, line: number, write: boolean, atomicRmw: boolean): number;
  /** Timed model: `t`'s sync op blocked (a lock found taken); its core keeps a copy of the object's line (cache.ts `touch`). */
  touchLine?(t: TaskRec, line: number): void;
  /**
   * Timed model: the time a compute or an offload takes on this machine (SIMD lanes, the
   * cache hierarchy, the accelerator); without it, the op's own `ns`.
   */
  opNs?(t: TaskRec, op: Extract<Op, { op: 'compute' | 'syscall' }>): number;
  choose(point: ChoicePoint): number;
  /** Timed model: the active spin `t` may do before its `iter`-th retry of a held lock (SyncHost.spinNs). */
  spinNs?(t: TaskRec, iter: number): number;
  /** Timed model: a task that hands a lock to a waiter yields to it (R_YIELD with `yieldHandoff`). */
  readonly yieldsOnHandoff?: boolean;
}

interface Section {
  inside: number;
  semHolders: number;
  max: number;
  reported: boolean;
}

export class World implements SyncHost {
  readonly tasks: TaskRec[] = [];
  /** The tasks' times, in columns (task.ts `TaskTimes`). */
  private readonly times = new TaskTimes();
  readonly varIndex = new Map<string, number>();
  readonly varDecls: VarDecl[] = [];
  readonly values: unknown[] = [];
  readonly varLine: number[] = [];
  private readonly lineIndex = new Map<string, number>();
  readonly objects = new Map<string, SyncObject>();
  /** Cache line of each sync object (its state word). */
  readonly objectLine = new Map<string, number>();
  readonly sections = new Map<string, Section>();
  readonly findings: Finding[] = [];
  private readonly reportedAt = new Set<string>();
  readonly log: { ns: number; task: string; text: string }[] = [];
  /** Set by `misuse(fatal)`: the run must stop. */
  fatal: string | null = null;
  /** Set by `misuse` for the task that panicked; the engine ends that task. */
  panicked: TaskRec | null = null;
  readonly spawnCounters = new Map<string, number>();
  /** Scratch for StepInfo (untimed): ids touched and tasks woken by the current step. */
  touched: string[] = [];
  woke: TaskId[] = [];
  readOnly = true;
  trackSteps = false;
  /** Called when a task is woken from an object (trace causality); may be unset. */
  onWake: ((waker: TaskRec | null, woken: TaskRec, obj: string, action: SyncAction) => void) | null = null;
  current: TaskRec | null = null;
  /** The runtime's veto on shared-variable access (`Runtime.onSharedAccess`), null when none. */
  accessGuard: ((task: TaskId, variable: string) => string | undefined) | null = null;

  readonly hb: HbObserver | undefined;
  /** The runtime runs each task until it blocks, yields or returns (descriptor.ts `runToCompletion`). */
  readonly runToCompletion: boolean;

  constructor(
    readonly program: Program,
    readonly runtime: RuntimeKind,
    readonly taskKind: TaskKind,
    private readonly factory: SyncFactory,
    hb: HbObserver | undefined,
    readonly host: WorldHost,
    readonly maxTasks: number,
  ) {
    // One thread running each task to completion (the event loop): no two accesses are ever
    // concurrent, so the race detector hears nothing (descriptor.ts `runToCompletion`).
    this.runToCompletion = runtimeDescriptor(runtime).runToCompletion === true;
    this.hb = this.runToCompletion ? undefined : hb;
    for (const v of program.vars) this.declareVar(v);
    for (const o of program.objects) this.declareSync(o);
  }

  now(): number {
    return this.host.now();
  }

  spinNs(task: TaskId, iter: number): number {
    return this.host.spinNs?.(this.tasks[task], iter) ?? 0;
  }
  choose(point: ChoicePoint): number {
    return this.host.choose(point);
  }

  label(task: TaskId): string {
    return this.tasks[task]?.label ?? `T${task + 1}`;
  }

  misuse(task: TaskId, message: string, at: SourceRange, fatal: boolean): void {
    const t = this.tasks[task];
    this.addFinding('misuse', 'error', `${message} (${t ? t.label : 'task ' + task})`, at, []);
    // The runtime says whether a panic ends the program (Go: an unrecovered panic exits
    // with status 2) or only the task.
    if (fatal || runtimeDescriptor(this.runtime).misuse.panicEndsProgram) this.fatal = message;
    else if (t && t.state === TS_BLOCKED && t !== this.current) this.pendingKills.push(t);
    else if (t) this.panicked = t;
  }

  /** Blocked tasks that panicked while another task acted (ended by `killPending`). */
  private pendingKills: TaskRec[] = [];

  /** Ends the blocked tasks a misuse report named; call after each op. */
  killPending(): void {
    while (this.pendingKills.length > 0) {
      const t = this.pendingKills.shift()!;
      if (t.state !== TS_BLOCKED) continue;
      for (const o of this.objects.values()) o.cancel(t.id);
      t.waitKind = W_NONE;
      t.waitText = '';
      this.host.killBlocked(t);
    }
  }

  private readonly resolveObject = (id: string): SyncObject | undefined => this.objects.get(id);

  lineOf(name: string): number {
    let i = this.lineIndex.get(name);
    if (i === undefined) {
      i = this.lineIndex.size;
      this.lineIndex.set(name, i);
    }
    return i;
  }

  get lineCount(): number {
    return this.lineIndex.size;
  }

  declareVar(v: VarDecl): void {
    if (this.varIndex.has(v.id)) return;
    this.varIndex.set(v.id, this.values.length);
    this.varDecls.push(v);
    this.values.push(v.initial);
    this.varLine.push(this.lineOf(v.line !== undefined ? 'line:' + v.line : 'var:' + v.id));
  }

  declareSync(d: SyncDecl): void {
    if (this.objects.has(d.id)) return;
    this.objects.set(d.id, this.factory(d, this.runtime, { resolve: this.resolveObject }));
    this.objectLine.set(d.id, this.lineOf('sync:' + d.id));
  }

  /** Adds a finding once per (kind, location, message). */
  addFinding(kind: FindingKind, severity: Finding['severity'], message: string, at: SourceRange,
    related: Finding['related']): void {
    const key = `${kind}|${at.file}:${at.line}:${at.column}|${message}`;
    if (this.reportedAt.has(key)) return;
    this.reportedAt.add(key);
    this.findings.push({ kind, severity, message, at, related });
  }

  /** `instance`: the number `instanceOf` gave (`worker#2`), 0 for main. */
  createTask(name: string, body: TaskBody, args: readonly unknown[], parent: TaskRec | null,
    at: SourceRange, priority: number, index: number, instance = 0): TaskRec {
    const t = new TaskRec(this.tasks.length, name, instance, this.taskKind, body, args, parent ? parent.id : -1, at, priority, this.times);
    t.startNs = this.now();
    t.since = t.startNs;
    this.tasks.push(t);
    if (parent && this.hb) this.hb.fork(parent.id, t.id);
    this.host.spawned(t, parent, index);
    return t;
  }

  /** The next instance number of tasks named `name` (`worker#3` is the third). */
  instanceOf(name: string): number {
    const n = (this.spawnCounters.get(name) ?? 0) + 1;
    this.spawnCounters.set(name, n);
    return n;
  }

  private readonly waitTexts = new Map<string, Map<string, string>>();

  /** `mu (lock)`: one string per object and action, shared by every task that waits so. */
  syncWaitText(name: string, action: string): string {
    let byAction = this.waitTexts.get(name);
    if (byAction === undefined) this.waitTexts.set(name, (byAction = new Map()));
    let text = byAction.get(action);
    if (text === undefined) byAction.set(action, (text = `${name} (${action})`));
    return text;
  }

  section(name: string): Section {
    let s = this.sections.get(name);
    if (!s) {
      s = { inside: 0, semHolders: 0, max: 0, reported: false };
      this.sections.set(name, s);
    }
    return s;
  }

  enter(t: TaskRec, name: string, at: SourceRange): void {
    const s = this.section(name);
    s.inside++;
    if (s.inside + s.semHolders > s.max) s.max = s.inside + s.semHolders;
    (t.sections ??= []).push(name);
    if (s.inside > 1 && !s.reported) {
      s.reported = true;
      const others = this.tasks.filter((o) => o !== t && o.sections?.includes(name));
      this.addFinding('mutual-exclusion', 'error',
        `Mutual exclusion violated: ${t.label} entered critical section \`${name}\` while ${others.map((o) => o.label).join(', ')} ${others.length === 1 ? 'was' : 'were'} inside`,
        at, others.map((o) => ({ at: o.at, message: `${o.label} is inside \`${name}\` here` })));
    }
  }

  exit(t: TaskRec, name: string): void {
    const list = t.sections;
    const i = list ? list.lastIndexOf(name) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    this.section(name).inside--;
  }

  semAcquired(name: string): void {
    const s = this.section(name);
    s.semHolders++;
    if (s.inside + s.semHolders > s.max) s.max = s.inside + s.semHolders;
  }

  semReleased(name: string): void {
    const s = this.section(name);
    if (s.semHolders > 0) s.semHolders--;
  }

  /** Applies an outcome's wake list: each woken task gets its result and becomes runnable. */
  applyWakes(waker: TaskRec | null, objId: string, action: SyncAction, wakes: readonly Wake[]): void {
    for (let i = 0; i < wakes.length; i++) {
      const w = wakes[i];
      const t = this.tasks[w.task];
      if (!t || t.state !== TS_BLOCKED) continue;
      if (t.waitKind === W_SELECT) {
        // select.ts: the firing case wakes the task with { index, value, ok }; drop the rest.
        for (const id of t.selectObjs!) this.objects.get(id)?.cancel(t.id);
        t.result = w.result;
        t.selectObjs = null;
        t.selectKinds = null;
      } else if (t.waitKind === W_SYNC) {
        t.result = w.result;
        if (t.pendingSem !== '') {
          // A waiter woken to compete (semaphore.ts under threads, python) counts as a holder
          // only when its retry takes the permit (ops.ts: syncOp).
          if (!isSyncRetry(w.result)) this.semAcquired(t.pendingSem);
          t.pendingSem = '';
        }
      } else {
        continue;
      }
      t.waitKind = W_NONE;
      t.waitText = '';
      t.waitObj = '';
      if (this.trackSteps) this.woke.push(t.id);
      if (this.onWake) this.onWake(waker, t, objId, action);
      this.host.wake(t);
    }
  }

  /**
   * Whether `t`'s timed wait can still time out: it is blocked on the object (or the join) it
   * began the timed wait on. A cond waiter already signalled and queued for its mutex cannot
   * (Lib/threading.py: Condition.wait re-acquires the lock without a timeout).
   */
  canTimeOut(t: TaskRec): boolean {
    if (t.state !== TS_BLOCKED || t.timeoutNs < 0) return false;
    if (t.waitKind === W_JOIN) return t.joining !== null;
    if (t.waitKind !== W_SYNC) return false;
    const obj = this.objects.get(t.waitObj);
    return obj !== undefined && obj.waiters().some((w) => w.task === t.id);
  }

  /** The timed wait of `t` passed (`canTimeOut`): it leaves the queue and continues with TIMED_OUT. */
  timeOut(t: TaskRec): void {
    if (t.waitKind === W_SYNC) {
      this.objects.get(t.waitObj)!.cancel(t.id);
      if (this.trackSteps) this.touched.push(t.waitObj);
      t.pendingSem = '';
    } else {
      for (const id of t.joining!) {
        const other = this.tasks[id];
        if (other.joinWaiters) other.joinWaiters = other.joinWaiters.filter((w) => w !== t);
        // The thread was not joined: a later join of it is no second join.
        if (other.state !== TS_DONE) other.joined = false;
        if (this.trackSteps) this.touched.push('task:' + id);
      }
      t.joining = null;
      t.joinPending = 0;
    }
    t.timeoutNs = -1;
    t.result = TIMED_OUT;
    t.waitKind = W_NONE;
    t.waitText = '';
    t.waitObj = '';
    if (this.trackSteps) { this.woke.push(t.id); this.readOnly = false; }
    const cur = this.current;
    this.current = null;
    this.host.wake(t);
    this.current = cur;
  }

  /** Performs a sync action and applies its wakes; returns the outcome. */
  perform(t: TaskRec, obj: SyncObject, action: SyncAction, value: unknown, at: SourceRange): Outcome {
    const out = obj.perform(t.id, action, value, at, this);
    if (out.wake.length > 0) this.applyWakes(t, obj.decl.id, action, out.wake);
    return out;
  }

  /** Ends a task: leaves its sections, wakes joiners whose tasks are all done. */
  finishTask(t: TaskRec): void {
    t.setState(TS_DONE, this.now());
    t.endNs = this.now();
    t.gen = null;
    if (t.sections) for (const s of t.sections.slice()) this.exit(t, s);
    if (this.trackSteps) this.touched.push('task:' + t.id);
    const waiters = t.joinWaiters;
    if (!waiters) return;
    t.joinWaiters = null;
    for (const w of waiters) {
      if (w.state !== TS_BLOCKED || !w.joining) continue;
      if (--w.joinPending > 0) continue;
      if (this.hb) for (const id of w.joining) this.hb.join(w.id, id);
      w.joining = null;
      w.waitKind = W_NONE;
      w.waitText = '';
      w.result = undefined;
      if (this.trackSteps) this.woke.push(w.id);
      if (this.onWake) this.onWake(t, w, 'task:' + t.id, 'wait');
      const cur = this.current;
      this.current = t;
      this.host.wake(w);
      this.current = cur;
    }
  }

  /** Every variable the run declared, by name (the debugger's and the panel's variables). */
  finals(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.varDecls.length; i++) if (this.varDecls[i].internal !== true) out[this.varDecls[i].name] = this.values[i];
    return out;
  }

  /**
   * The program's final shared state, for `RunResult.finals` and `explore`'s distinct final
   * states: the variables the program declared (in their order), then the ones made while it
   * ran (by name, so two schedules that made them in another order give the same state).
   * Left out: the runtime's own variables (`VarDecl.internal`), a variable that only holds a sync object (its handle is no value the program
   * computes), and every instance of a name made more than once in this run (`v`, `v#2`,
   * and the properties under them): those are the locals of a function that ran more than
   * once, one per call, not a variable of the program.
   */
  sharedFinals(): Record<string, unknown> {
    const declared = this.program.vars.length;
    const family = (name: string): string => {
      const root = /^[^.[]*/.exec(name)![0];
      const hash = root.indexOf('#');
      return hash < 0 ? root : root.slice(0, hash);
    };
    const repeated = new Set<string>();
    for (const d of this.varDecls) {
      const root = /^[^.[]*/.exec(d.name)![0];
      if (root.includes('#')) repeated.add(family(d.name));
    }
    const keep = (i: number): boolean => {
      if (this.varDecls[i].internal === true) return false;
      const v = this.values[i];
      if (v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'
        && Object.keys(v).length === 1 && this.objects.has((v as { id: string }).id)) return false;
      return i < declared || !repeated.has(family(this.varDecls[i].name));
    };
    const made: number[] = [];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.varDecls.length; i++) {
      if (!keep(i)) continue;
      if (i < declared) out[this.varDecls[i].name] = this.values[i];
      else made.push(i);
    }
    made.sort((a, b) => (this.varDecls[a].name < this.varDecls[b].name ? -1 : this.varDecls[a].name > this.varDecls[b].name ? 1 : 0));
    for (const i of made) out[this.varDecls[i].name] = this.values[i];
    return out;
  }
}
