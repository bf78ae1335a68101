/**
 * The timed model: a discrete-event loop on integer nanoseconds over a typed-array heap
 * (compute done, context switch done, slice end, timer, thread ready, runtime timer,
 * mlfq boost), and the execution of each task's ops on its hardware thread. Placement
 * on hardware threads, slices and SMT rates are in dispatch.ts.
 */
import type { LoopQueue, Op, Program, SimConfig, TaskId } from '../program';
import type { ChoicePoint } from '../run';
import { KThread, KT_BLOCKED, KT_EXITED, KT_RUNNABLE } from '../os/kthread';
import type { BlockReason, KThreadId, Runtime, RuntimeHost } from '../runtimes/runtime';
import { E_BLOCK, E_EXIT, E_NOTE, E_OP, E_RUN, E_SPAWN, E_STOP, E_WAKE, WHY_BLOCKED, WHY_CREATED, WHY_EXITED,
  WHY_PICKED, WHY_RUNTIME, WHY_SPAWNED, WHY_TIMER, WHY_WOKEN, WHY_YIELD } from '../trace/events';
import { Dispatcher, EV_BOOST, EV_COMPUTE_DONE, EV_RUNTIME_TIMER, EV_SLICE, EV_SWITCH_DONE, EV_PREEMPT, EV_THREAD_READY, EV_TIMER, EV_WAIT_TIMEOUT } from './dispatch';
import { execOp, opLabel, isSyncRetry, retrySync, spawnBatchStart, spawnNext, R_BLOCK, R_NEXT, R_PANIC, R_STOP, R_TIMER, R_WORK, R_YIELD } from './ops';
import { TaskRec, TS_BLOCKED, TS_DONE, TS_RUNNABLE, TS_RUNNING, W_NONE } from './task';
import type { World, WorldHost } from './world';
import { LANE_EVENT_LIMIT, LaneRecorder } from '../trace/lanes';
import { FlowRecorder } from '../trace/flows';
import { MachineRecorder } from '../trace/machine';
import { machineStateOf } from './machineView';
import { offloadNs, simdNs } from '../machine/accelerator';
import { accessesNs } from '../machine/hierarchy';
import { Prng } from './prng';

export type { StopReason } from './dispatch';

const KT_NAMES = ['new', 'runnable', 'running', 'blocked', 'exited'] as const;

const REASONS: BlockReason[] = ['sync', 'sync', 'select', 'join', 'io', 'sleep', 'syscall', 'sync'];

/** `unlock→lock`, `send→recv`, `exit→join`: the causality edge's label from the two ops. */
function edgeLabel(waker: TaskRec, woken: TaskRec): string {
  const a = waker.op, b = woken.op;
  const name = (o: typeof a) => (o === null ? 'exit' : o.op === 'sync' ? o.action : o.op);
  return `${waker.state === TS_DONE ? 'exit' : name(a)}→${name(b)}`;
}

/** Adds runtime CPU time (a switch, an op's cost) to what the task computes next. */
function chargeCpu(t: TaskRec, ns: number): void {
  if (t.workNs <= 0) t.workKind = 'cpu';
  t.workNs += ns;
}

export class TimedModel extends Dispatcher implements WorldHost, RuntimeHost {
  readonly world: World;
  private readonly preemptRequested = new Set<TaskId>();
  private readonly maxEvents: number;
  /**
   * The runtime's optional hooks, looked up once: the op loop asks whether they exist on
   * every op, and a runtime without them (threads) then pays nothing for them.
   */
  private readonly hasComputeCost: boolean;
  private readonly hasOpCost: boolean;
  private readonly hasLockOSThread: boolean;
  /** Trace index of the op being executed (the cause of wakes and spawns). */
  private lastOpEvent = -1;
  /**
   * Time travel: pause at the first op boundary once the trace has this many events
   * (`stateAt`, the debugger's forward steps). Raise it and call `runSlice` to go on; the
   * paused run continues exactly as the uninterrupted run would.
   */
  stopAtTraceEvent = Infinity;
  /** When the accelerator finishes the offloads queued on it (accelerator.ts). */
  private gpuFreeAt = 0;
  /** The hardware thread paused at an op boundary, −1 when not paused. */
  private pausedHw = -1;
  /** Records the runtime's lanes while tracing (`recordMachine`); null when not recording. */
  lanes: LaneRecorder | null = null;
  /** The flows an event loop ran while tracing (trace/flows.ts); null until its driver's first `flow` op. */
  flows: FlowRecorder | null = null;
  /**
   * The event loop's queues as its driver's last `flow` op tells them: a function asked at each
   * moment the machine is looked at (machineView.ts), so a queue that changed since that op (a
   * callback scheduled, a job run) shows as it is then, not as it was; null: no event loop.
   */
  loopQueues: (() => readonly LoopQueue[]) | null = null;
  /** Records the machine at every moment while tracing (`recordMachine`); null when not recording. */
  machineStates: MachineRecorder | null = null;
  /** Either recorder is on: look after every step (`observe`). */
  private observing = false;
  /** Trace events already looked at by `observeLanes`. */
  private lanesSeen = 0;

  constructor(
    readonly program: Program,
    config: SimConfig,
    readonly runtime: Runtime,
    private readonly chooser: { choose(p: ChoicePoint): number },
    makeWorld: (host: WorldHost) => World,
    maxEvents: number,
    /** The run's seed: `random()`'s generator (a stream apart from the chooser's). */
    private readonly seed = 1,
  ) {
    super(config);
    this.maxEvents = maxEvents;
    this.hasComputeCost = runtime.computeCost !== undefined;
    this.hasOpCost = runtime.opCostNs !== undefined;
    this.hasLockOSThread = runtime.onLockOSThread !== undefined;
    this.world = makeWorld(this);
    if (runtime.onSharedAccess) this.world.accessGuard = (task, v) => runtime.onSharedAccess!(task, v);
  }

  /** Creates main (its arguments: the run's resolved config, see Program.main) and hands it to the runtime. */
  start(mainArgs: readonly unknown[] = []): void {
    this.runtime.start(this);
    this.world.createTask(this.program.mainName ?? 'main', this.program.main, [...mainArgs], null, this.program.mainAt, 0, 0);
  }

  // ---- WorldHost ----
  now(): number {
    return this.time;
  }
  choose(point: ChoicePoint): number {
    return this.chooser.choose(point);
  }
  private jitter: Prng | null = null;
  random(): number {
    // Created at the first draw: a run that never asks draws nothing. The seed is mixed so the
    // stream differs from the chooser's Prng(seed).
    return (this.jitter ??= new Prng(Math.imul(this.seed, 0x2c1b3c6d) ^ 0x5bd1e995)).next();
  }
  armTimeout(t: TaskRec): void {
    this.heap.push(this.time + t.timeoutNs, EV_WAIT_TIMEOUT, t.id, t.timeoutSeq);
  }
  readonly yieldsOnHandoff = true;
  spinNs(t: TaskRec, iter: number): number {
    return this.runtime.mutexSpinNs?.(t.id, iter) ?? 0;
  }
  accessCost(t: TaskRec, line: number, write: boolean, atomicRmw: boolean): number {
    const kt = t.kt >= 0 ? this.kthreads[t.kt] : null;
    return kt && kt.hw >= 0 ? this.cache.access(this.machine.coreOf(kt.hw), line, write, atomicRmw) : 0;
  }
  touchLine(t: TaskRec, line: number): void {
    const kt = t.kt >= 0 ? this.kthreads[t.kt] : null;
    if (kt && kt.hw >= 0) this.cache.touch(this.machine.coreOf(kt.hw), line);
  }
  opNs(t: TaskRec, op: Extract<Op, { op: 'compute' | 'syscall' }>): number {
    const m = this.config.machine;
    if (op.op === 'compute') {
      const own = op.simd === true ? simdNs(m, op.ns) : op.ns;
      return own + (op.accesses ? accessesNs(m, op.accesses.count, op.accesses.workingSetBytes) : 0);
    }
    if (op.offload === undefined) return op.ns;
    // accelerator.ts: the device runs one offload at a time; a second waits for the first.
    const start = Math.max(this.time, this.gpuFreeAt);
    this.gpuFreeAt = start + offloadNs(m, op.ns, op.offload.bytes);
    return this.gpuFreeAt - this.time;
  }
  spawned(child: TaskRec, parent: TaskRec | null, index: number): void {
    child.state = TS_RUNNABLE;
    if (this.trace) {
      const e = this.trace.record(this.time, E_SPAWN, child.id, -1, null, child.createdAt, WHY_SPAWNED, parent ? parent.id : -1);
      if (parent) this.trace.addEdge(this.lastOpEvent, e, 'spawn→start');
    }
    this.runtime.onSpawn(child.id, parent ? parent.id : -1, index);
  }
  wake(t: TaskRec): void {
    t.setState(TS_RUNNABLE, this.time);
    const waker = this.world.current;
    if (this.trace) {
      const e = this.trace.record(this.time, E_WAKE, t.id, -1, null, t.at, waker ? WHY_WOKEN : WHY_TIMER, waker ? waker.id : -1);
      if (waker) this.trace.addEdge(this.lastOpEvent, e, edgeLabel(waker, t));
    }
    this.runtime.onReady(t.id, waker ? waker.id : -1);
  }

  killBlocked(t: TaskRec): void {
    const kt = t.kt;
    this.world.finishTask(t);
    this.trace?.record(this.time, E_EXIT, t.id, -1, null, t.at, WHY_EXITED, 1);
    if (kt >= 0) this.bind(kt, -1);
    if (t.id === 0) {
      this.stopped = 'finished';
      this.makespan = this.time;
      return;
    }
    this.runtime.onExit(t.id, kt);
  }

  // ---- RuntimeHost ----
  taskPriority(task: TaskId): number {
    return this.world.tasks[task].priority;
  }
  createThread(name: string, delayNs: number, priority: number): KThreadId {
    const kt = new KThread(this.kthreads.length, name, priority);
    this.kthreads.push(kt);
    this.count('threads_created');
    this.heap.push(this.time + delayNs, EV_THREAD_READY, kt.id, delayNs);
    return kt.id;
  }
  bind(kt: KThreadId, task: TaskId): void {
    const k = this.kthreads[kt];
    if (k.task >= 0 && this.world.tasks[k.task].kt === kt) this.world.tasks[k.task].kt = -1;
    k.task = task;
    if (task >= 0) this.world.tasks[task].kt = kt;
  }
  boundTask(kt: KThreadId): TaskId {
    return this.kthreads[kt].task;
  }
  threadOf(task: TaskId): KThreadId {
    return this.world.tasks[task].kt;
  }
  wakeThread(kt: KThreadId): void {
    const k = this.kthreads[kt];
    if (k.state !== KT_BLOCKED) return;
    k.state = KT_RUNNABLE;
    this.policy.enqueue(k, this.time, 'wake');
    this.woken.push(k);
    this.armBoost();
  }
  exitThread(kt: KThreadId): void {
    // A running kernel thread keeps its CPU until the running loop sees the state and frees it.
    this.kthreads[kt].state = KT_EXITED;
  }
  setTimer(atNs: number, tag: number): void {
    this.heap.push(Math.max(atNs, this.time), EV_RUNTIME_TIMER, tag, 0);
  }
  preemptTask(task: TaskId): void {
    this.preemptRequested.add(task);
    this.heap.push(this.time, EV_PREEMPT, task, 0);
  }
  threadState(kt: KThreadId): 'new' | 'runnable' | 'running' | 'blocked' | 'exited' {
    return KT_NAMES[this.kthreads[kt].state];
  }
  taskState(task: TaskId): 'runnable' | 'running' | 'blocked' | 'done' {
    const st = this.world.tasks[task].state;
    return st === TS_RUNNING ? 'running' : st === TS_BLOCKED ? 'blocked' : st === TS_DONE ? 'done' : 'runnable';
  }

  protected isPaused(): boolean {
    return this.pausedHw >= 0;
  }

  /** A runtime preemption (`preemptTask`): interrupt a compute step in progress. */
  private preemptNow(task: number): void {
    if (!this.preemptRequested.has(task)) return;
    const t = this.world.tasks[task];
    const kt = t.kt;
    const h = kt >= 0 ? this.kthreads[kt].hw : -1;
    const m = this.machine;
    if (t.state !== TS_RUNNING || h < 0 || this.runningTask[h] !== task || !m.computing[h]) return; // next op boundary
    // An uninterruptible compute (a C call holding the GIL): the request waits for its end.
    if (t.op !== null && t.op.op === 'compute' && t.op.uninterruptible === true) return;
    this.preemptRequested.delete(task);
    m.settle(h, this.time);
    t.workNs = m.remaining[h];
    m.computing[h] = 0;
    m.gen[h]++;
    if (!this.yieldTask(h, this.kthreads[kt], t, true)) this.runKThread(h);
  }
  note(task: TaskId, text: string): void {
    this.trace?.record(this.time, E_NOTE, task, -1, text, null, WHY_RUNTIME, 0);
  }

  // ---- the loop ----
  /** Processes up to `maxEvents` events; returns true when the run has stopped. */
  runSlice(maxEvents: number): boolean {
    const heap = this.heap;
    let budget = maxEvents;
    if (this.pausedHw >= 0) {
      if (this.trace !== null && this.trace.length >= this.stopAtTraceEvent) return false;
      const h = this.pausedHw;
      this.pausedHw = -1;
      this.runKThread(h);
      if (this.stopped === null && this.pausedHw < 0) this.fill();
      if (this.observing) this.observe();
    }
    if (this.observing) this.observe();
    // The trace check comes first so a resumed pause stops as soon as it has the events
    // asked for, exactly where a fresh replay to that event stops (cursor.ts relies on it).
    while (this.stopped === null && this.pausedHw < 0 && !(this.trace !== null && this.trace.length >= this.stopAtTraceEvent)
      && budget-- > 0) {
      if (heap.size === 0) {
        this.stopDeadlock();
        break;
      }
      heap.pop();
      this.time = heap.poppedTime;
      this.events++;
      const a = heap.poppedA, b = heap.poppedB;
      switch (heap.poppedKind) {
        case EV_COMPUTE_DONE: if (this.machine.gen[a] === b) this.computeDone(a); break;
        case EV_SWITCH_DONE: if (this.machine.gen[a] === b) this.beginRun(a); break;
        case EV_SLICE: if (this.sliceGen[a] === b) this.sliceEnd(a); break;
        case EV_TIMER: this.timerDone(a); break;
        case EV_WAIT_TIMEOUT: this.waitTimedOut(a, b); break;
        case EV_THREAD_READY: this.threadReady(a, b); break;
        case EV_RUNTIME_TIMER: this.runtime.onTimer(a); break;
        case EV_PREEMPT: this.preemptNow(a); break;
        case EV_BOOST: this.boost(); break;
      }
      if (this.stopped === null && this.pausedHw < 0) this.fill();
      if (this.events > this.maxEvents && this.stopped === null) {
        this.stopped = 'budget';
        this.error = `stopped after ${this.events} events at ${this.time} ns: the run exceeded its event budget (raise it, or look for a loop that never ends)`;
      }
      if (this.observing) this.observe();
      if (this.trace && this.trace.length >= this.stopAtTraceEvent) break;
    }
    if (this.stopped !== null && this.makespan === 0) this.makespan = this.time;
    if (this.stopped !== null && this.observing) {
      this.observe();
      if (this.lanes !== null) this.sampleLanes();
    }
    return this.stopped !== null;
  }

  /**
   * Starts recording into the trace the runtime's lanes when it has its own threads
   * (trace/lanes.ts), and with `machine` the machine at every moment (trace/machine.ts): a
   * sample now, then one after each step whose trace events can change them. Call after
   * `start()`, with the trace on.
   */
  record(machine: boolean): void {
    if (this.trace === null) return;
    if (machine) this.machineStates = new MachineRecorder();
    if (this.runtime.view?.(false).threads !== undefined) {
      this.lanes = new LaneRecorder();
      this.sampleLanes();
    }
    this.observing = this.lanes !== null || this.machineStates !== null;
  }

  private sampleLanes(): void {
    const tasks = this.world.tasks;
    this.lanes!.sample(this.time, this.runtime.view!(false), (task) => tasks[task]?.state === TS_RUNNING);
  }

  /**
   * The trace grew since the last look. Called where a pause for the next trace event would
   * stop (`stopAtTraceEvent`), so the samples are those a paused replay takes: the machine
   * state now is the moment of every event since the last look; the lanes are sampled when a
   * new event can have changed them (not an op, a spawn or a task made ready).
   */
  private observe(): void {
    const log = this.trace!;
    if (log.length === this.lanesSeen) return;
    this.machineStates?.observe(log.length, this.world.tasks.length, () => machineStateOf(this));
    // Lanes change only with an event other than an op, a spawn or a task made ready.
    let lanes = false;
    for (let i = this.lanesSeen; i < log.length && !lanes && this.lanes !== null; i++) {
      const kind = log.kind[i];
      lanes = !(kind === E_OP || kind === E_SPAWN || (kind === E_WAKE && log.task[i] >= 0));
    }
    if (this.lanes !== null) {
      if (log.length > LANE_EVENT_LIMIT) this.lanes = null; // too long a run for lanes (trace/lanes.ts)
      else if (lanes) this.sampleLanes();
    }
    this.lanesSeen = log.length;
  }

  private stopDeadlock(): void {
    this.stopped = 'deadlock';
  }

  private threadReady(kt: number, delay: number): void {
    const k = this.kthreads[kt];
    if (k.state === KT_EXITED) return;
    k.state = KT_RUNNABLE;
    this.trace?.record(this.time, E_WAKE, k.task, -1, null, null, WHY_CREATED, delay);
    this.policy.enqueue(k, this.time, 'new');
    this.woken.push(k);
    this.armBoost();
  }

  private timerDone(task: number): void {
    const t = this.world.tasks[task];
    if (t.state !== TS_BLOCKED) return;
    t.waitKind = W_NONE;
    t.waitText = '';
    t.result = undefined;
    this.world.current = null;
    this.wake(t);
  }

  /** A timed wait's timer: the wait times out unless it ended (or another began) meanwhile. */
  private waitTimedOut(task: number, seq: number): void {
    const t = this.world.tasks[task];
    if (t.timeoutSeq === seq && this.world.canTimeOut(t)) this.world.timeOut(t);
  }

  /** Runs the kernel thread on `h` until it computes, blocks, yields or exits. */
  protected runKThread(h: number): void {
    const m = this.machine;
    const k = this.kthreads[m.kt[h]];
    const w = this.world;
    for (;;) {
      if (this.stopped !== null) return;
      if (k.state === KT_EXITED) { this.leaveCpu(h, false); return; }
      let tid = k.task;
      let switchNs = 0;
      if (tid < 0) {
        if (!this.runtime.next(k.id)) { this.park(h, k); return; }
        tid = k.task;
        switchNs = this.runtime.switchCostNs?.(tid, k.id) ?? 0;
      }
      const t = w.tasks[tid];
      if (switchNs > 0) chargeCpu(t, switchNs);
      if (!this.runtime.mayRun(tid, k.id)) { this.setRunningTask(h, -1); this.park(h, k); return; }
      if (t.state !== TS_RUNNING) {
        t.setState(TS_RUNNING, this.time);
        this.trace?.record(this.time, E_RUN, tid, h, null, t.at, WHY_PICKED, 0);
      }
      this.setRunningTask(h, tid);
      if (t.workNs > 0) { this.startCompute(h, t); return; }
      if (this.preemptRequested.size > 0 && this.preemptRequested.has(tid)) {
        this.preemptRequested.delete(tid);
        if (this.yieldTask(h, k, t, true)) return;
        continue;
      }
      if (this.observing) this.observe();
      if (this.trace !== null && this.trace.length >= this.stopAtTraceEvent) {
        // Time travel: pause at this op boundary; `runSlice` resumes exactly here.
        this.pausedHw = h;
        return;
      }
      if (++this.events > this.maxEvents) return;
      w.current = t;
      let code: number;
      if (t.spawnBatch !== null) {
        code = spawnNext(w, t, this.runtime.spawnCostNs);
        if (this.hasOpCost) code = this.chargeOpCost(t, t.op!, code);
      } else if (isSyncRetry(t.result)) {
        code = retrySync(w, t);
      } else {
        const step = t.gen === null ? (t.gen = t.body(...t.args)).next() : t.gen.next(t.result);
        if (step.done) {
          t.returned = step.value;
          this.exitTask(h, k, t, false);
          if (this.stopped !== null || k.state === KT_EXITED) return;
          continue;
        }
        const op = step.value;
        if (op.op === 'flow') {
          // An event loop's driver switched flows: no trace event and no time, only the record
          // of who runs now and what waits in the loop's queues (trace/flows.ts).
          if (this.trace) (this.flows ??= new FlowRecorder()).switchTo(this.time, tid, op.flow);
          if (op.queues) this.loopQueues = op.queues;
          t.result = undefined;
          w.current = null;
          continue;
        }
        if (this.trace !== null && this.trace.keepsOps) this.lastOpEvent = this.trace.record(this.time, E_OP, tid, h, opLabel(op, w), op.at, 0, 0);
        code = op.op === 'spawn' && op.count > 1 && this.runtime.sequentialSpawn
          ? spawnBatchStart(w, t, op, this.runtime.spawnCostNs)
          : execOp(w, t, op, this.runtime.spawnCostNs);
        if (this.hasComputeCost && op.op === 'compute' && code === R_WORK) t.workNs = this.runtime.computeCost!(tid, t.workNs);
        else if (this.hasLockOSThread && (op.op === 'lock_os_thread' || op.op === 'unlock_os_thread')) this.runtime.onLockOSThread!(tid, op.op === 'lock_os_thread');
        if (this.hasOpCost) code = this.chargeOpCost(t, op, code);
      }
      w.current = null;
      w.killPending();
      switch (code) {
        case R_NEXT: continue;
        case R_WORK: this.startCompute(h, t); return;
        case R_TIMER:
          this.heap.push(this.time + t.workNs, EV_TIMER, tid, 0);
          t.workNs = 0;
          if (this.blockTask(h, k, t)) return;
          continue;
        case R_BLOCK:
          if (this.blockTask(h, k, t)) return;
          continue;
        case R_YIELD:
          if (this.yieldTask(h, k, t, false)) return;
          continue;
        case R_PANIC:
          w.panicked = null;
          this.exitTask(h, k, t, true);
          if (this.stopped !== null || k.state === KT_EXITED) return;
          continue;
        case R_STOP:
          this.stopped = 'error';
          this.error = w.fatal ?? 'fatal error';
          return;
      }
    }
  }

  /** The runtime's own CPU time for the op just executed (`Runtime.opCostNs`), added to the task's work. */
  private chargeOpCost(t: TaskRec, op: Op, code: number): number {
    if (!this.runtime.opCostNs || (code !== R_NEXT && code !== R_WORK && code !== R_BLOCK)) return code;
    const extra = this.runtime.opCostNs(t.id, op, code === R_BLOCK);
    if (extra <= 0 || code === R_BLOCK) return code;
    chargeCpu(t, extra);
    return R_WORK;
  }

  /** Returns true when the kernel thread left the CPU. */
  private blockTask(h: number, k: KThread, t: TaskRec): boolean {
    t.setState(TS_BLOCKED, this.time);
    this.trace?.record(this.time, E_BLOCK, t.id, h, t.waitText, t.at, WHY_BLOCKED, t.waitKind);
    this.setRunningTask(h, -1);
    const how = this.runtime.onBlock(t.id, k.id, REASONS[t.waitKind]);
    if (how === 'detach') {
      this.bind(k.id, -1);
      return false;
    }
    this.leaveCpu(h, false);
    k.state = KT_BLOCKED;
    return true;
  }

  private yieldTask(h: number, k: KThread, t: TaskRec, preempted: boolean): boolean {
    t.setState(TS_RUNNABLE, this.time);
    this.trace?.record(this.time, E_STOP, t.id, h, null, t.at, preempted ? WHY_RUNTIME : WHY_YIELD, 0);
    this.setRunningTask(h, -1);
    const handoff = t.yieldHandoff;
    t.yieldHandoff = false;
    if (this.runtime.onYield(t.id, k.id, preempted, handoff) === 'detach') {
      this.bind(k.id, -1);
      return false;
    }
    this.leaveCpu(h, false);
    k.state = KT_RUNNABLE;
    this.policy.enqueue(k, this.time, 'yield');
    return true;
  }

  private exitTask(h: number, k: KThread, t: TaskRec, panicked: boolean): void {
    this.setRunningTask(h, -1);
    this.world.finishTask(t);
    this.trace?.record(this.time, E_EXIT, t.id, h, null, t.at, WHY_EXITED, panicked ? 1 : 0);
    this.bind(k.id, -1);
    if (t.id === 0) {
      this.stopped = 'finished';
      this.makespan = this.time;
      return;
    }
    this.runtime.onExit(t.id, k.id);
    if (k.state === KT_EXITED) this.leaveCpu(h, false);
  }

  private park(h: number, k: KThread): void {
    this.leaveCpu(h, false);
    k.state = KT_BLOCKED;
  }

  /** Blocked tasks at the end, for deadlock and leak reports. */
  blockedTasks(): TaskRec[] {
    return this.world.tasks.filter((t) => t.state === TS_BLOCKED);
  }
}

