/**
 * The untimed model (check, explore): only synchronisation orders events. At each step
 * the chooser picks which runnable task executes; that task runs its next op that
 * another task can observe, together with the local ops (compute, io, sleep, print,
 * assert) before it, atomically. Durations are ignored. No trace, little allocation.
 */
import type { Op, Program, SyncAction, TaskId } from '../program';
import type { ChoicePoint, StepInfo } from '../run';
import { EnabledTasks } from './enabledSet';
import { execOp, isLocalOp, isSyncRetry, retrySync, R_BLOCK, R_NEXT, R_PANIC, R_STOP, R_TIMER, R_WORK, R_YIELD } from './ops';
import { contains, SpinDetector, type Spin } from './spin';
import { resultKey, worldStateKey } from './stateKey';
import { TaskRec, TS_BLOCKED, TS_DONE, TS_RUNNABLE, W_JOIN, W_NONE, W_SPIN } from './task';

/** Sync actions that only wait for a holder to let go: disabled, not blocked, while they cannot complete. */
const ACQUIRES: ReadonlySet<SyncAction> = new Set<SyncAction>(['lock', 'rlock', 'acquire', 'once_enter']);
import { World, type WorldHost } from './world';

export class UntimedModel implements WorldHost {
  events = 0;
  stopped: 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error' | null = null;
  error: string | undefined;
  readonly world: World;
  /** The tasks that can take the next step, kept by changes (enabledSet.ts). */
  private readonly ready = new EnabledTasks();
  /** Tasks whose state or next op changed since the last step: prepared and re-checked before the next. */
  private readonly dirty = new Set<TaskRec>();
  /** `refresh`'s list of the dirty tasks (its first `changedCount`), reused and never shrunk. */
  private readonly changed: TaskRec[] = [];
  private changedCount = 0;
  private readonly collectChanged = (t: TaskRec): void => { this.changed[this.changedCount++] = t; };
  /** Runnable tasks whose next step waits on others (an acquire, a join, a retry): re-checked after every step. */
  private readonly conditional = new Set<TaskRec>();
  /** The run ended with every task that could still move spinning: reported as a livelock, not a deadlock. */
  livelocked = false;
  private readonly spins: SpinDetector;
  /** The tasks and op sites of the latest steps, for the report when the step budget runs out. */
  // Grown as steps are taken (to RECENT, then reused as a ring): a small schedule does not
  // pay for 1,024 slots of each (12 KB per schedule, a fifth of a small scenario's garbage).
  private readonly recentTask: number[] = [];
  private readonly recentAt: (Op['at'] | undefined)[] = [];

  constructor(
    readonly program: Program,
    private readonly chooser: { choose(p: ChoicePoint): number },
    makeWorld: (host: WorldHost) => World,
    private readonly maxSteps: number,
    private readonly onStep: ((s: StepInfo) => void) | undefined,
    /** Keep what `stateKey` needs (each task's results and origin): stateful exploration. */
    private readonly observeState = false,
  ) {
    this.world = makeWorld(this);
    // Spin detection needs every step's accesses, in every untimed run (a replay must park
    // where the explored run parked, or its choices would not line up).
    this.world.trackSteps = true;
    this.spins = new SpinDetector(program.loops);
    this.ready.pendingOf = (task) => this.pendingOp(task);
  }

  /** Each disabled acquirer's op as it was when the run ended (blockDisabled runs them to say what they wait on). */
  private readonly pendingAtEnd = new Map<TaskId, Op>();

  /** What `task` would do next and has not done: its pending op, or the acquire it retries. */
  private pendingOp(task: TaskId): Op | null {
    const t = this.world.tasks[task];
    if (!t) return null;
    if (t.pending !== null) return t.pending;
    const retry = t.result;
    if (isSyncRetry(retry)) return { op: 'sync', obj: retry.obj, action: retry.action, at: t.at };
    return this.pendingAtEnd.get(task) ?? null;
  }

  start(mainArgs: readonly unknown[] = []): void {
    this.world.createTask(this.program.mainName ?? 'main', this.program.main, [...mainArgs], null, this.program.mainAt, 0, 0);
  }

  now(): number {
    return 0;
  }
  clockNs(t: TaskRec): number {
    return t.clockNs;
  }
  choose(point: ChoicePoint): number {
    return this.chooser.choose(point);
  }
  accessCost(): number {
    return 0;
  }
  spawned(child: TaskRec, parent: TaskRec | null, index: number): void {
    // stateKey.ts: a child is its creator's, at a point of the creator's results, in its batch.
    if (this.observeState) child.origin = parent ? `${parent.origin}/${parent.histLen}.${index}` : 'main';
    child.state = TS_RUNNABLE;
    if (parent !== null) child.clockNs = parent.clockNs;
    this.dirty.add(child);
  }
  wake(t: TaskRec): void {
    t.state = TS_RUNNABLE;
    this.dirty.add(t);
  }
  killBlocked(t: TaskRec): void {
    this.world.finishTask(t);
    this.dirty.add(t);
    if (t.id === 0) this.stopped = 'finished';
  }

  /** The step budget: `maxSteps`, plus two for each task created besides main (run.ts `Budget.events`). */
  private get stepLimit(): number {
    return this.maxSteps + STEPS_PER_TASK * Math.max(0, this.world.tasks.length - 1);
  }

  /** Runs up to `maxSteps` steps; returns true when the run has stopped. */
  runSlice(maxSteps: number): boolean {
    const tasks = this.world.tasks;
    const ready = this.ready;
    while (this.stopped === null && maxSteps-- > 0) {
      this.refresh();
      if (this.stopped !== null) break;
      if (ready.size === 0) {
        this.blockDisabled();
        if (this.spins.parked.size > 0) this.reportLivelock();
        this.stopped = 'deadlock';
        break;
      }
      const pick = ready.size === 1 ? ready.at(0) : ready.at(this.chooser.choose(new StepPoint(ready, this)));
      if (++this.events > this.stepLimit) {
        this.stopped = 'budget';
        this.error = `stopped after ${this.stepLimit} steps: the run exceeded its step budget (look for a loop that never ends)`;
        this.reportPossibleLivelock();
        break;
      }
      this.step(tasks[pick]);
    }
    return this.stopped !== null;
  }

  /**
   * Brings the enabled set up to date before a step: prepares the tasks that changed, in
   * ascending id order (the order in which a full pass over the tasks would prepare them),
   * and re-checks those whose next step waits on another task.
   */
  private refresh(): void {
    const step = this.events;
    if (this.dirty.size > 0) {
      // One array for every step (a new one per step was a seventh of a small schedule's garbage).
      const changed = this.changed;
      this.changedCount = 0;
      this.dirty.forEach(this.collectChanged);
      const n = this.changedCount;
      // Ascending ids; few tasks change in one step, so an insertion sort of the first n.
      for (let i = 1; i < n; i++) {
        const t = changed[i];
        let j = i - 1;
        for (; j >= 0 && changed[j].id > t.id; j--) changed[j + 1] = changed[j];
        changed[j + 1] = t;
      }
      this.dirty.clear();
      for (let i = 0; i < n; i++) {
        const t = changed[i];
        if (this.stopped !== null) break;
        if (t.state === TS_RUNNABLE) this.prepare(t);
        // A timed wait's timeout is a step while the wait lasts; a signalled cond waiter queued
        // for its mutex can no longer take it, without being woken, so it is re-checked too.
        if ((t.state === TS_RUNNABLE && this.waitsOnOthers(t)) || (t.state === TS_BLOCKED && t.timeoutNs >= 0)) this.conditional.add(t);
        else this.conditional.delete(t);
        this.ready.set(t.id, this.enabled(t), step);
      }
    }
    for (const t of this.conditional) this.ready.set(t.id, this.enabled(t), step);
  }

  /** The next step depends on what others do: a retry, a join, an acquire. */
  private waitsOnOthers(t: TaskRec): boolean {
    if (t.pendingReturn) return false;
    if (isSyncRetry(t.result)) return true;
    const op = t.pending;
    return op !== null && (op.op === 'join' || (op.op === 'sync' && ACQUIRES.has(op.action)));
  }

  /**
   * Runs `t` up to its next visible op and holds that op as pending (or notes that it is
   * about to return). The local ops on the way (compute, io, sleep, print, assert) touch
   * nothing another task can see, so running them ahead changes no outcome.
   */
  private prepare(t: TaskRec): void {
    if (t.pending !== null || t.pendingReturn || isSyncRetry(t.result)) return;
    const w = this.world;
    for (;;) {
      w.current = t;
      if (this.observeState && t.gen !== null) this.noteResult(t);
      const next = t.gen === null ? (t.gen = t.body(...t.args)).next() : t.gen.next(t.result);
      if (next.done) {
        t.returned = next.value;
        t.pendingReturn = true;
        break;
      }
      const op = next.value;
      if (!isLocalOp(op)) {
        t.pending = op;
        t.at = op.at;
        break;
      }
      const code = execOp(w, t, op, 0);
      w.killPending();
      // The task's logical clock (a `now` op reads it) advances by what it computes and waits.
      if (code === R_WORK || code === R_TIMER) t.clockNs += t.workNs;
      t.workNs = 0;
      if (code === R_TIMER) {
        t.waitKind = W_NONE;
        t.waitText = '';
      } else if (code === R_PANIC) {
        w.panicked = null;
        w.finishTask(t);
        if (t.id === 0) this.stopped = 'finished';
        break;
      } else if (code === R_STOP) {
        this.stopped = 'error';
        this.error = w.fatal ?? 'fatal error';
        break;
      }
    }
    w.current = null;
  }

  /** The state as text for stateful exploration (stateKey.ts); null when it cannot be observed. */
  stateKey(): string | null {
    return this.observeState ? worldStateKey(this.world, this.spins) : null;
  }

  private noteResult(t: TaskRec): void {
    t.histLen++;
    if (t.hist === null) return;
    const k = resultKey(t.result);
    t.hist = k === null ? null : t.hist + k + ';';
  }

  /**
   * Whether `t` may take the next step. An acquire that would block (a held mutex, a
   * semaphore with no permits, a join of a running task, a once being run) is not a step:
   * the task is disabled until the holder lets go, so schedules differ only where the
   * outcome can (the textbook model of source-DPOR). Ops whose blocking has an effect
   * (a cond wait releases its mutex, a channel rendezvous registers a partner, a barrier
   * counts an arrival) still run and block.
   */
  private enabled(t: TaskRec): boolean {
    if (t.state === TS_BLOCKED) return this.world.canTimeOut(t);
    if (t.state !== TS_RUNNABLE) return false;
    if (t.pendingReturn) return true;
    const retry = t.result;
    // A timed wait that cannot complete may still time out: it is a step (program.ts `timeoutNs`).
    if (isSyncRetry(retry)) return t.timeoutNs >= 0 || (this.world.objects.get(retry.obj)?.ready(t.id, retry.action) ?? true);
    const op = t.pending;
    if (op === null) return true;
    if ((op.op === 'sync' || op.op === 'join') && op.timeoutNs !== undefined) return true;
    if (op.op === 'join') return op.tasks.every((id) => this.world.tasks[id]?.state === TS_DONE);
    if (op.op === 'sync' && ACQUIRES.has(op.action)) {
      const obj = this.world.objects.get(op.obj);
      // A wait that changes what others may do (a writer's intent) is a step that blocks.
      if (obj?.waitingHasEffect?.(t.id, op.action)) return true;
      return obj?.ready(t.id, op.action) ?? true;
    }
    return true;
  }

  /** Nothing is enabled: let each disabled acquirer block, so the deadlock report says what it waits on. */
  private blockDisabled(): void {
    const w = this.world;
    const track = w.trackSteps;
    w.trackSteps = false;
    for (const t of w.tasks) {
      if (t.state !== TS_RUNNABLE || this.stopped !== null) continue;
      w.current = t;
      const retry = t.result;
      const pending = this.pendingOp(t.id);
      if (pending) this.pendingAtEnd.set(t.id, pending);
      const code = isSyncRetry(retry) ? retrySync(w, t) : t.pending !== null ? execOp(w, t, t.pending, 0) : R_NEXT;
      t.pending = null;
      if (code === R_BLOCK) t.state = TS_BLOCKED;
    }
    w.current = null;
    w.trackSteps = track;
  }

  private step(t: TaskRec): void {
    const w = this.world;
    const track = this.onStep !== undefined;
    w.touched = [];
    w.woke = [];
    w.readOnly = true;
    const findings = w.findings.length;
    let first: Op | null = null;
    let ops = 0;
    let commutes: boolean;
    // A return is never read-only: it ends the task (a join or a WaitGroup's last waiter may
    // depend on it), as the step it was before run-to-completion stretches existed.
    let returned = false;
    for (;;) {
      const { op, code } = this.stepOnce(t);
      first ??= op;
      ops++;
      if (code === RETURNED) returned = true;
      commutes = ops === 1 && code !== RETURNED && code !== TIMED_OUT_STEP && code !== R_PANIC && code !== R_STOP && w.findings.length === findings && commutesWithItsKind(w, op);
      // A run-to-completion runtime (the event loop) runs the task on until it waits, yields
      // or returns: the whole stretch is one step, as no other task can run inside it.
      if (!this.world.runToCompletion || code !== R_NEXT || op.op === 'yield' || t.state !== TS_RUNNABLE || this.stopped !== null) break;
      this.prepare(t);
      if (t.state !== TS_RUNNABLE || this.stopped !== null || !this.enabled(t)) break;
    }
    if (track) this.onStep!({ task: t.id, op: first!, touched: w.touched, readOnly: w.readOnly && !returned, woke: w.woke, enabled: this.ready, commutes });
  }

  /** Executes `t`'s pending op (or its return); returns the op and the engine's code. */
  private stepOnce(t: TaskRec): { op: Op; code: number } {
    const w = this.world;
    w.current = t;
    this.dirty.add(t);
    const slot = this.events % RECENT;
    this.recentTask[slot] = t.id;
    if (t.state === TS_BLOCKED) return { op: this.timeOutStep(t, slot), code: TIMED_OUT_STEP };
    let op: Op;
    let code: number;
    if (t.pendingReturn) {
      t.pendingReturn = false;
      w.finishTask(t);
      w.current = null;
      if (t.id === 0) this.stopped = 'finished';
      this.recentAt[slot] = t.at;
      this.wakeSpinners(w.touched);
      return { op: { op: 'yield', at: t.at }, code: RETURNED };
    }
    if (isSyncRetry(t.result)) {
      op = t.op!;
      code = retrySync(w, t);
    } else {
      op = t.pending!;
      t.pending = null;
      code = execOp(w, t, op, 0);
      // A join raises the joiner's clock to the joined tasks' (their work happened before it returns).
      if (op.op === 'join' && code === R_NEXT) for (const id of op.tasks) t.clockNs = Math.max(t.clockNs, w.tasks[id].clockNs);
    }
    w.killPending();
    t.workNs = 0;
    this.recentAt[slot] = op.at;
    if (!w.readOnly) this.wakeSpinners(w.touched);
    if (this.spins.active) {
      const spin = this.spins.afterStep(t, op, this.events, w.touched, w.readOnly);
      // A yield parks too: `while (!ready) gosched()` on a variable no other task can
      // reach takes nothing but yields, and each pass is the one before it.
      if (spin && (code === R_NEXT || code === R_YIELD)) this.park(spin);
    }
    if (code === R_BLOCK && t.timeoutNs >= 0 && (t.waitKind === W_JOIN || isSyncRetry(t.result) || (op.op === 'sync' && ACQUIRES.has(op.action)))) {
      // A timed lock, acquire or join that cannot complete was enabled only to time out: it does now.
      t.state = TS_BLOCKED;
      t.clockNs += t.timeoutNs;
      w.timeOut(t);
    } else if (code === R_BLOCK) {
      t.state = TS_BLOCKED;
      // StepInfo.woke lists the tasks a step enabled or disabled: a block disables the stepper.
      w.woke.push(t.id);
    } else if (code === R_PANIC) {
      w.panicked = null;
      w.finishTask(t);
      if (t.id === 0) this.stopped = 'finished';
    } else if (code === R_STOP) {
      this.stopped = 'error';
      this.error = w.fatal ?? 'fatal error';
    }
    w.current = null;
    return { op, code };
  }

  /**
   * A blocked timed wait times out (the chooser picked its timeout over whatever else could
   * happen first): it leaves the object's queue and continues with TIMED_OUT, its clock
   * advanced by the timeout.
   */
  private timeOutStep(t: TaskRec, slot: number): Op {
    const w = this.world;
    const op = t.op!;
    this.recentAt[slot] = op.at;
    t.clockNs += t.timeoutNs;
    w.timeOut(t);
    w.current = null;
    this.wakeSpinners(w.touched);
    return op;
  }

  /** The task keeps re-reading what nobody writes: it waits for a write (spin.ts), and its step disabled it. */
  private park(spin: Spin): void {
    const t = spin.task;
    t.state = TS_BLOCKED;
    t.waitKind = W_SPIN;
    t.waitObj = '';
    t.waitText = spin.ids.length > 0 ? `a write to ${spin.ids.map((id) => this.nameOf(id)).join(', ')} (spinning at line ${spin.loop.at.line})`
      : `nothing: it spins at line ${spin.loop.at.line} on state no other task can change`;
    this.world.woke.push(t.id);
  }

  /** A step wrote: tasks parked on what it wrote run again (the write enabled them). */
  private wakeSpinners(touched: readonly string[]): void {
    if (!this.spins.active) return;
    for (const t of this.spins.written(touched, this.events)) {
      t.state = TS_RUNNABLE;
      this.dirty.add(t);
      t.waitKind = W_NONE;
      t.waitText = '';
      this.world.woke.push(t.id);
    }
  }

  private nameOf(id: string): string {
    const w = this.world;
    const i = w.varIndex.get(id);
    const name = i !== undefined ? w.varDecls[i].name : w.objects.get(id)?.decl.name ?? id;
    return '`' + name + '`';
  }

  /** Nothing can run but spinning tasks: each spins forever. */
  private reportLivelock(): void {
    const w = this.world;
    this.livelocked = true;
    const others = w.tasks.filter((t) => t.state === TS_BLOCKED && t.waitKind !== W_SPIN);
    const related = others.map((t) => ({ at: t.at, message: `${t.label} waits on ${t.waitText || 'nothing it can name'}` }));
    for (const spin of this.spins.parked.values()) {
      const t = spin.task;
      const reads = spin.ids.map((id) => this.nameOf(id)).join(', ');
      if (spin.ids.length === 0) {
        // A pass that reads no shared state and changes nothing (the front end's promise,
        // LoopSite.pure) is the same pass forever: no task can end it.
        const locals = spin.loop.locals ?? [];
        const what = locals.length > 0
          ? `nothing writes ${locals.map((n) => '`' + n + '`').join(', ')} while it runs (no other task can reach ${locals.length === 1 ? 'it' : 'them'}, and the loop does not change ${locals.length === 1 ? 'it' : 'them'})`
          : 'a pass reads no shared state and changes nothing, so every pass is the same';
        w.addFinding('livelock', 'error', `Livelock: ${t.label} (${t.name}) spins forever in the loop at line ${spin.loop.at.line}: this loop never ends: ${what}`,
          spin.loop.at, [{ at: spin.at, message: `${t.label} loops here` }, ...related]);
        continue;
      }
      w.addFinding('livelock', 'error',
        `Livelock: ${t.label} (${t.name}) spins forever in the loop at line ${spin.loop.at.line}: every pass reads ${reads} and sees the same value, and no task that can still run writes ${spin.ids.length === 1 ? 'it' : 'them'}`,
        spin.loop.at, [{ at: spin.at, message: `${t.label} reads ${reads} here` }, ...related]);
    }
  }

  /**
   * The step budget ran out: the likeliest cause is a loop that never ends, in the task
   * that took most of the latest steps. A loop the spin detection could not prove pure
   * lands here (a counter, a call inside the loop).
   */
  private reportPossibleLivelock(): void {
    const w = this.world;
    const n = Math.min(RECENT, this.events - 1);
    if (n <= 0) return;
    const count = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const id = this.recentTask[k] ?? 0;
      count.set(id, (count.get(id) ?? 0) + 1);
    }
    const ranked = [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const lead = w.tasks[ranked[0][0]];
    const sites = new Map<Op['at'], number>();
    for (let k = 0; k < n; k++) {
      const at = this.recentAt[k];
      if ((this.recentTask[k] ?? 0) === lead.id && at) sites.set(at, (sites.get(at) ?? 0) + 1);
    }
    const at = [...sites].sort((a, b) => b[1] - a[1])[0]?.[0] ?? lead.at;
    // Looping in loops that all end on their own (LoopSite.bounded): a long run, not a livelock.
    const around = (this.program.loops ?? []).filter((l) => contains(l.at, at));
    if (around.length > 0 && around.every((l) => l.bounded === true)) return;
    const who = ranked.map(([id, c]) => `${w.tasks[id].label} ${c}`).join(', ');
    w.addFinding('livelock', 'warning',
      `Possible livelock: the run took ${this.stepLimit} steps without ending; of the last ${n} steps, ${who} (steps per task). ${lead.label} (${lead.name}) was looping here`,
      at, ranked.slice(1).map(([id]) => ({ at: w.tasks[id].at, message: `${w.tasks[id].label} was here` })));
  }
}

/** `stepOnce`'s code for a task's return (not an op of ops.ts). */
const RETURNED = -1;
/** `stepOnce`'s code for a step that timed a blocked wait out (`timeOutStep`). */
const TIMED_OUT_STEP = -2;

/** What each task besides main adds to the step budget: its first op and its return. */
const STEPS_PER_TASK = 2;

/** How many of the latest steps the budget report looks at. */
const RECENT = 1024;

/** An untimed 'step' point: the enabled tasks in place, and as an array only if a chooser asks for one. */
class StepPoint implements ChoicePoint {
  readonly kind = 'step';
  private list: number[] | null = null;

  constructor(readonly tasks: EnabledTasks, private readonly model: UntimedModel) {}

  get options(): readonly number[] {
    return (this.list ??= this.tasks.toArray());
  }

  state(): string | null {
    return this.model.stateKey();
  }
}

/**
 * A WaitGroup decrement or wait, or an object's own commuting update (a semaphore's,
 * `SyncObject.commutedLast`) (run.ts `StepInfo.commutes`; the caller rules out a panic or misuse).
 */
function commutesWithItsKind(w: World, op: Op): boolean {
  if (op.op !== 'sync') return false;
  const obj = w.objects.get(op.obj);
  if (obj?.decl.kind !== 'waitgroup') return obj?.commutedLast?.() ?? false;
  // A woken Go Wait's return reads the counter (waitgroup.go): it commutes with no Done (`commutedLast`).
  return (op.action === 'done' || op.action === 'wait' || (op.action === 'add' && typeof op.value === 'number' && op.value < 0)) && (obj.commutedLast?.() ?? true);
}
