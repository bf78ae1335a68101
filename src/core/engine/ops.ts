/**
 * What each `Op` does to the program's state, the same in both models. Time is not
 * decided here: an op that takes time returns `R_WORK` (compute on a hardware thread)
 * or `R_TIMER` (blocked for a duration), and the model in charge decides when it ends.
 */
import type { Op, SourceRange, SyncAction, TaskId } from '../program';
import { isSyncRetry, selectCases, type SyncRetry } from '../sync/index';
import { sameValue } from '../valueText';
import type { World } from './world';

export { isSyncRetry };
import { TS_DONE, W_IO, W_JOIN, W_SELECT, W_SLEEP, W_SYNC, W_SYSCALL, type TaskRec } from './task';

/** Continue with the task's next op (`t.result` holds this op's result). */
export const R_NEXT = 0;
/** The task blocked on a sync object, a select or a join. */
export const R_BLOCK = 1;
/** The task computes for `t.workNs` (kind `t.workKind`), then continues. */
export const R_WORK = 2;
/** The task blocks for `t.workNs` (io, sleep or syscall: `t.waitKind`). */
export const R_TIMER = 3;
export const R_YIELD = 4;
/** The task panicked (a misuse that ends it). */
export const R_PANIC = 5;
/** The run must stop: a fatal error (`world.fatal`) or an input error (`world.error`). */
export const R_STOP = 6;

export class OpError extends Error {}

/**
 * An exception the program itself threw and did not catch (a front end's user code): the run
 * stops, as a Go panic or an uncaught exception that ends a Node process does, and the
 * simulation reports it as an `assertion` finding at `at`, so exploration counts it like a
 * failed `assert` (with its schedule) instead of a run error nobody explained.
 */
export class ProgramError extends OpError {
  constructor(message: string, readonly at: SourceRange, readonly thrown: string) {
    super(message);
  }
}

/** The run hit its task budget (`stopped: 'budget'`). */
export class BudgetError extends OpError {}

/** 20000000 → "20 ms", for sentences people read. */
export function formatNs(ns: number): string {
  if (ns >= 1e9 && ns % 1e7 === 0) return `${ns / 1e9} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)} µs`;
  return `${ns} ns`;
}

function where(op: Op): string {
  return `${op.at.file}:${op.at.line}:${op.at.column}`;
}

function varOf(w: World, op: Op & { v: string }): number {
  const i = w.varIndex.get(op.v);
  if (i === undefined) {
    // Scenarios check their names before the run (scenario/steps.ts); a variable reaching
    // here unmade is a front end's fault, and the words must fit every source format.
    throw new OpError(`${where(op)}: unknown shared variable \`${op.v}\`: this access came before any step made it (internal: the front end must make a variable before its first read or write)`);
  }
  if (w.accessGuard !== null && w.current !== null && w.varDecls[i].sharedMemory !== true) {
    const refusal = w.accessGuard(w.current.id, op.v);
    if (refusal !== undefined) throw new OpError(`${where(op)}: ${refusal}`);
  }
  return i;
}

function objOf(w: World, id: string, op: Op) {
  const o = w.objects.get(id);
  if (!o) throw new OpError(`${where(op)}: unknown sync object \`${id}\`: this step came before any step made it (internal: the front end must make an object before its first use)`);
  return o;
}

/**
 * Cost of an access, charged as a short memory-bound compute step: the task keeps its
 * hardware thread for the level's latency (cache.ts), so transfers reach the makespan.
 * Fractions of a ns are carried to the task's next access (exact on average).
 */
function access(w: World, t: TaskRec, line: number, write: boolean, atomicRmw = false): number {
  const ns = w.host.accessCost(t, line, write, atomicRmw);
  if (ns <= 0) return R_NEXT;
  const owed = t.accessOwedNs + ns;
  const whole = Math.floor(owed + 1e-9);
  t.accessOwedNs = owed - whole;
  if (whole <= 0) return R_NEXT;
  t.workNs = whole;
  t.workKind = 'memory';
  return R_WORK;
}

/** A sync or join op with `timeoutNs` blocked: the wait may time out (program.ts). A retry keeps the timeout it began with. */
function armTimeout(w: World, t: TaskRec, ns: number | undefined): void {
  if (ns === undefined || t.timeoutNs >= 0) return;
  t.timeoutNs = Math.max(0, ns);
  t.timeoutSeq++;
  w.host.armTimeout?.(t);
}

/** The arguments of a task spawned without any: one array for all of them. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

const SEM_ACQUIRES: ReadonlySet<SyncAction> = new Set(['acquire', 'try_acquire']);

function syncOp(w: World, t: TaskRec, op: Extract<Op, { op: 'sync' }>): number {
  const obj = objOf(w, op.obj, op);
  const mark = w.touched.length;
  if (w.trackSteps) {
    w.touched.push(op.obj);
    if (op.action !== 'len') w.readOnly = false;
  }
  const isSem = obj.decl.kind === 'semaphore';
  // A release that hands the permit to a waiter wakes it inside perform: count the
  // release first so the holder count never shows the hand-off twice.
  if (isSem && op.action === 'release') w.semReleased(obj.decl.name);
  const out = w.perform(t, obj, op.action, op.value, op.at);
  const ids = w.trackSteps ? obj.touchedLast?.() : undefined;
  if (ids) w.touched.splice(mark, 1, ...ids);
  if (w.fatal !== null) return R_STOP;
  if (w.panicked === t) return R_PANIC;
  if (out.blocked) {
    // The blocked attempt read the object's word (a lock's state, a channel's lock): the waiter's core keeps a copy of its line (cache.ts `touch`).
    w.host.touchLine?.(t, w.objectLine.get(op.obj)!);
    armTimeout(w, t, op.timeoutNs);
    t.waitKind = W_SYNC;
    t.waitObj = op.obj;
    t.waitText = w.syncWaitText(obj.decl.name, op.action);
    if (isSem && op.action === 'acquire') t.pendingSem = obj.decl.name;
    return R_BLOCK;
  }
  t.result = out.result;
  if (isSem) {
    if (SEM_ACQUIRES.has(op.action) && (op.action === 'acquire' || out.result === true)) w.semAcquired(obj.decl.name);
  }
  const code = access(w, t, w.objectLine.get(op.obj)!, true);
  if (isSyncRetry(out.result) && out.result.spinNs !== undefined) {
    // mutex.go: lockSlow's active spin (runtime_doSpin) before the retry the engine runs next.
    if (code !== R_WORK) { t.workNs = 0; t.workKind = 'cpu'; }
    t.workNs += out.result.spinNs;
    return R_WORK;
  }
  // sema.go: semrelease1 with handoff: the releaser yields its processor to the waiter (goyield).
  if (out.handoff && w.host.yieldsOnHandoff) {
    t.yieldHandoff = true;
    return R_YIELD;
  }
  return code;
}

function selectOp(w: World, t: TaskRec, op: Extract<Op, { op: 'select' }>): number {
  const cases = op.cases;
  if (w.trackSteps) {
    for (const c of cases) w.touched.push(c.obj);
    w.readOnly = false;
  }
  for (const c of cases) objOf(w, c.obj, op);
  // select.ts (runtime/select.go: selectgo): poll, pick a ready case uniformly, else default, else queue on all.
  const out = selectCases(t.id, cases, op.hasDefault, w.objects, w, op.at);
  if (out.wake.length > 0) w.applyWakes(t, cases.length > 0 ? cases[0].obj : '', 'send', out.wake);
  if (w.fatal !== null) return R_STOP;
  if (w.panicked === t) return R_PANIC;
  if (!out.blocked) {
    t.result = out.result;
    return R_NEXT;
  }
  t.selectObjs = cases.map((c) => c.obj);
  t.selectKinds = cases.map((c) => c.kind);
  t.waitKind = W_SELECT;
  t.waitText = cases.length === 0 ? 'select {} (forever)'
    : `select on ${cases.map((c) => `${c.kind} ${w.objects.get(c.obj)!.decl.name}`).join(', ')}`;
  t.waitObj = cases.length > 0 ? cases[0].obj : '';
  return R_BLOCK;
}

/**
 * retry.ts: a task woken with a `SyncRetry` (Go's normal-mode mutex, a cond re-locking its
 * mutex) performs that action again now, before its generator continues.
 */
export function retrySync(w: World, t: TaskRec): number {
  const r = t.result as SyncRetry;
  const at = t.at;
  return syncOp(w, t, { op: 'sync', obj: r.obj, action: r.action, at });
}

function atomicOp(w: World, t: TaskRec, op: Extract<Op, { op: 'atomic' }>): number {
  const i = varOf(w, op);
  const old = w.values[i];
  const hb = w.hb;
  const key = 'atomic:' + op.v;
  if (w.trackSteps) {
    w.touched.push(op.v);
    if (op.action !== 'load') w.readOnly = false;
  }
  switch (op.action) {
    case 'load':
      if (hb) { hb.atomic(t.id, op.v, 'load', op.at); hb.acquire(t.id, key); }
      t.result = old;
      break;
    case 'store':
      if (hb) { hb.atomic(t.id, op.v, 'store', op.at); hb.releaseStore(t.id, key); }
      w.values[i] = op.value;
      t.result = undefined;
      break;
    case 'add':
      if (hb) { hb.atomic(t.id, op.v, 'rmw', op.at); hb.acquire(t.id, key); hb.release(t.id, key); }
      w.values[i] = (old as number) + (op.value as number);
      t.result = old;
      break;
    case 'swap':
      if (hb) { hb.atomic(t.id, op.v, 'rmw', op.at); hb.acquire(t.id, key); hb.release(t.id, key); }
      w.values[i] = op.value;
      t.result = old;
      break;
    case 'cas': {
      const ok = sameValue(old, op.expected);
      if (hb) {
        hb.atomic(t.id, op.v, 'rmw', op.at);
        hb.acquire(t.id, key);
        if (ok) hb.release(t.id, key);
      }
      if (ok) w.values[i] = op.value;
      t.result = ok;
      break;
    }
  }
  return access(w, t, w.varLine[i], op.action !== 'load', op.action !== 'load' && op.action !== 'store');
}

function joinOp(w: World, t: TaskRec, op: Extract<Op, { op: 'join' }>): number {
  let pending = 0;
  for (const id of op.tasks) {
    const other = w.tasks[id];
    if (!other) throw new OpError(`${where(op)}: join of unknown task ${id}`);
    if (w.trackSteps) w.touched.push('task:' + id);
    if (other.joined) {
      w.addFinding('misuse', 'error', `${t.label} joins ${other.label}, which was already joined`, op.at, []);
    }
    other.joined = true;
    if (other.state !== TS_DONE) pending++;
  }
  if (pending === 0) {
    if (w.hb) for (const id of op.tasks) w.hb.join(t.id, id);
    t.result = undefined;
    return R_NEXT;
  }
  armTimeout(w, t, op.timeoutNs);
  t.joining = op.tasks;
  t.joinPending = pending;
  t.waitKind = W_JOIN;
  const waitingFor = op.tasks.filter((id) => w.tasks[id].state !== TS_DONE);
  t.waitText = 'join ' + waitingFor.slice(0, 8).map((id) => w.tasks[id].label).join(', ') + (waitingFor.length > 8 ? ` and ${waitingFor.length - 8} more` : '');
  for (const id of op.tasks) {
    const other = w.tasks[id];
    if (other.state !== TS_DONE) (other.joinWaiters ??= []).push(t);
  }
  return R_BLOCK;
}

function spawnChild(w: World, t: TaskRec, op: Extract<Op, { op: 'spawn' }>, k: number): TaskId {
  const child = w.createTask(op.name, op.body, op.args ?? NO_ARGS, t, op.at, op.priority ?? 0, k, w.instanceOf(op.name));
  if (w.trackSteps) w.touched.push('task:' + child.id);
  return child.id;
}

function spawnCost(t: TaskRec, count: number, spawnCostNs: number): number {
  if (spawnCostNs <= 0 || count <= 0) return R_NEXT;
  t.workNs = spawnCostNs * count;
  t.workKind = 'cpu';
  return R_WORK;
}

/**
 * The timed model, for a runtime that creates a batch one task at a time (Go: `count: N` is a
 * loop of N `go` statements, so the first children run, exit and are reused while the parent
 * still creates the rest): creates the next child of `t.spawnBatch` and charges its cost. When
 * the last one is created, the batch ends and the op's result is every child's id.
 */
export function spawnBatchStart(w: World, t: TaskRec, op: Extract<Op, { op: 'spawn' }>, spawnCostNs: number): number {
  if (w.tasks.length + op.count > w.maxTasks) {
    throw new BudgetError(`${where(op)}: the run would exceed its budget of ${w.maxTasks} tasks; lower \`count\` or raise the task budget`);
  }
  t.op = op;
  t.at = op.at;
  t.result = undefined;
  t.spawnBatch = { op, ids: [] };
  return spawnNext(w, t, spawnCostNs);
}

export function spawnNext(w: World, t: TaskRec, spawnCostNs: number): number {
  const batch = t.spawnBatch!;
  const op = batch.op;
  batch.ids.push(spawnChild(w, t, op, batch.ids.length));
  if (batch.ids.length === op.count) {
    t.spawnBatch = null;
    t.result = batch.ids;
  }
  return spawnCost(t, 1, spawnCostNs);
}

/**
 * Executes `op` for task `t`. Throws `OpError` for input errors (unknown variable or
 * object); the engine turns them into `stopped: 'error'`.
 */
export function execOp(w: World, t: TaskRec, op: Op, spawnCostNs: number): number {
  t.op = op;
  t.at = op.at;
  t.result = undefined;
  t.timeoutNs = -1;
  switch (op.op) {
    case 'compute': {
      const ns = w.host.opNs && (op.simd === true || op.accesses !== undefined) ? w.host.opNs(t, op) : op.ns;
      t.workNs = ns;
      t.workKind = op.work;
      return ns > 0 ? R_WORK : R_NEXT;
    }
    case 'io':
    case 'sleep':
    case 'syscall': {
      const ns = op.op === 'syscall' && op.offload !== undefined && w.host.opNs ? w.host.opNs(t, op) : op.ns;
      t.workNs = ns;
      t.waitKind = op.op === 'io' ? W_IO : op.op === 'sleep' ? W_SLEEP : W_SYSCALL;
      t.waitText = op.op === 'syscall' && op.offload !== undefined ? `offload to the GPU ${formatNs(ns)}` : `${op.op} ${formatNs(ns)}`;
      return R_TIMER;
    }
    case 'yield':
      return R_YIELD;
    case 'read': {
      const i = varOf(w, op);
      if (w.trackSteps) w.touched.push(op.v);
      if (w.hb) w.hb.read(t.id, op.v, op.at);
      t.result = op.fx ? op.fx() : w.values[i];
      return access(w, t, w.varLine[i], false);
    }
    case 'write': {
      const i = varOf(w, op);
      if (w.trackSteps) { w.touched.push(op.v); w.readOnly = false; }
      if (w.hb) w.hb.write(t.id, op.v, op.at);
      op.fx?.();
      w.values[i] = op.value;
      return access(w, t, w.varLine[i], true);
    }
    case 'atomic':
      return atomicOp(w, t, op);
    case 'sync':
      return syncOp(w, t, op);
    case 'select':
      return selectOp(w, t, op);
    case 'spawn': {
      if (w.tasks.length + op.count > w.maxTasks) {
        throw new BudgetError(`${where(op)}: the run would exceed its budget of ${w.maxTasks} tasks; lower \`count\` or raise the task budget`);
      }
      const ids: number[] = [];
      for (let k = 0; k < op.count; k++) ids.push(spawnChild(w, t, op, k));
      t.result = ids;
      return spawnCost(t, op.count, spawnCostNs);
    }
    case 'join':
      return joinOp(w, t, op);
    case 'make':
      if ('sync' in op.decl) {
        w.declareSync(op.decl.sync);
        if (w.trackSteps) w.touched.push(op.decl.sync.id);
      } else {
        // Racing tasks may both make a variable first touched in this step: the first wins.
        w.declareVar(op.fx ? { ...op.decl.var, initial: op.fx() } : op.decl.var);
        if (w.trackSteps) w.touched.push(op.decl.var.id);
        // A first-touch make (its initial value read by `fx` from the object as it is now)
        // changes nothing another task can observe: whichever task materialises the cell, it
        // holds the same value. It only reads, so two tasks' first touches of one element do
        // not order them (a read of a fork from a shared array is not a conflict).
        if (op.fx) return R_NEXT;
      }
      if (w.trackSteps) w.readOnly = false;
      return R_NEXT;
    case 'enter':
      if (w.trackSteps) { w.touched.push('section:' + op.section); w.readOnly = false; }
      w.enter(t, op.section, op.at);
      return R_NEXT;
    case 'exit':
      if (w.trackSteps) { w.touched.push('section:' + op.section); w.readOnly = false; }
      w.exit(t, op.section);
      return R_NEXT;
    case 'assert':
      if (op.ok) return R_NEXT;
      if (op.finding) w.addFinding(op.finding.kind, 'error', op.message, op.at, op.finding.related);
      else w.addFinding('assertion', 'error', `Assertion failed in ${t.label}: ${op.message}`, op.at, []);
      return R_NEXT;
    case 'now':
      t.result = w.host.clockNs?.(t) ?? w.host.now();
      return R_NEXT;
    case 'print':
      w.log.push({ ns: w.now(), task: t.label, text: op.text });
      return R_NEXT;
    case 'lock_os_thread':
    case 'unlock_os_thread':
    case 'flow':
      return R_NEXT;
  }
}

/** Ops that touch nothing another task can see: the untimed model runs them inside the step before. */
/**
 * The short text a trace event keeps for an op: `write counter`, `mu.lock`, `compute`.
 * The debugger's data breakpoints read the variable from it, and "Why?" quotes it.
 */
/**
 * An op in words, for the trace and the debugger. `w` names a sync object made at run time
 * by its source name (`pool.acquire`), not its id (`semaphore:0.acquire`).
 */
export function opLabel(op: Op, w?: World): string {
  switch (op.op) {
    case 'read': case 'write': return `${op.op} ${op.v}`;
    case 'atomic': return `atomic ${op.action} ${op.v}`;
    case 'sync': return `${w?.objects.get(op.obj)?.decl.name ?? op.obj}.${op.action}`;
    case 'enter': case 'exit': return `${op.op} ${op.section}`;
    case 'make': return `make ${'sync' in op.decl ? op.decl.sync.name : op.decl.var.name}`;
    case 'syscall': return op.offload ? 'offload' : 'syscall';
    default: return op.op;
  }
}

export function isLocalOp(op: Op): boolean {
  const k = op.op;
  return k === 'compute' || k === 'io' || k === 'sleep' || k === 'syscall' || k === 'print' || k === 'assert' || k === 'now'
    || k === 'lock_os_thread' || k === 'unlock_os_thread' || k === 'flow';
}
