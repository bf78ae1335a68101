/**
 * The language-runtime plug-in: how tasks (threads, goroutines, Python threads,
 * processes) map onto kernel threads. The engine owns time, the machine, the OS
 * scheduler and the program's state; a runtime only decides, at the moments listed
 * below, which task a kernel thread runs and what a kernel thread does when its task
 * stops. `threads/` (1:1), `go/` and `python/` implement it; each folder exports a
 * `RuntimeDescriptor` (descriptor.ts) and `registry.ts` lists them, one line each.
 * Nothing in the engine loop changes.
 *
 * Vocabulary. A *task* is a program-level thread of control (TaskId, dense from 0 =
 * main). A *kernel thread* (KThreadId) is what the OS policy places on hardware
 * threads; it runs at most one task at a time: the task *bound* to it. Go's Ms and
 * Python's OS threads are kernel threads; a G or a Python thread is a task.
 *
 * The engine's loop, per kernel thread on a hardware thread:
 *  1. no task bound → `next(kt)`; the runtime binds one (`host.bind`) and returns true,
 *     or returns false: the kernel thread parks (blocked in the OS) until the runtime
 *     calls `host.wakeThread(kt)`. (Go: an M in schedule() → findRunnable → stopm.)
 *  2. `mayRun(task, kt)` false → the kernel thread blocks; the runtime wakes it later
 *     (Python: waiting for the GIL, with a switch-interval timer via `host.setTimer`).
 *  3. the task executes ops; compute steps take time on the hardware thread.
 *  4. the task blocks (sync object, join, select, io, sleep, syscall) → `onBlock`
 *     returns 'thread' (the kernel thread blocks with it: 1:1 threads, Go syscalls,
 *     a LockOSThread'ed G) or 'detach' (the task is unbound and the kernel thread
 *     continues at step 1: a G parked on a channel, or on the netpoller for io).
 *  5. the task yields → `onYield`: 'os' (sched_yield: the kernel thread goes back to the
 *     OS run queue) or 'detach' (Gosched: the G goes to the global queue, step 1).
 *  6. the task returns or panics → `onExit`; then the kernel thread continues at step 1
 *     unless the runtime called `host.exitThread(kt)` (1:1 threads do).
 * Elsewhere: a blocked task becomes ready (its io ended, a sync object woke it) →
 * `onReady(task)`; the runtime makes it runnable by waking its kernel thread (1:1, or
 * a G whose M blocked in a syscall), or by queueing it (Go: runqput on a P, wakep).
 * The OS preempts kernel threads on its own; a runtime that preempts tasks (Go's
 * sysmon, after 10 ms) calls `host.preemptTask(task)`: at the task's next op boundary
 * the engine calls `onYield(task, kt, true)`.
 *
 * Deadlock: the engine reports one when its event queue is empty and main has not
 * returned. A runtime must therefore not keep timers armed while no task can run (Go's
 * sysmon sleeps when all Ps are idle), or a deadlocked program runs to its budget.
 *
 * Determinism: a runtime draws every random decision through `host.choose` (recorded in
 * the schedule string), a latency's jitter through `host.random` (seeded by the run's seed), and schedules its own timers with `host.setTimer`; it keeps no
 * wall-clock state. Counters of cli.md (`steals`, `handoffs`, `gil_switches`, ...) go
 * through `host.count`.
 */
import type { Op, SimConfig, TaskId } from '../program';
import type { ChoicePoint, TaskKind } from '../run';

export type KThreadId = number;

/** Why a task blocks (`onBlock`). */
export type BlockReason = 'sync' | 'select' | 'join' | 'io' | 'sleep' | 'syscall';

/** What the engine offers a runtime. */
export interface RuntimeHost {
  readonly config: SimConfig;
  now(): number;
  /** The priority a task was spawned with (`spawn.priority`, 0 by default). */
  taskPriority(task: TaskId): number;
  /** A new kernel thread, runnable after `delayNs` (its creation cost). Counts `threads_created`. */
  createThread(name: string, delayNs: number, priority: number): KThreadId;
  /** Binds `task` to kernel thread `kt` (or unbinds with task −1). */
  bind(kt: KThreadId, task: TaskId): void;
  boundTask(kt: KThreadId): TaskId;
  /** The kernel thread a task is bound to, −1 when none. */
  threadOf(task: TaskId): KThreadId;
  /** Makes a blocked or parked kernel thread runnable (the OS may preempt for it). */
  wakeThread(kt: KThreadId): void;
  /** The kernel thread ends when it next leaves the CPU (now, if it is not running). */
  exitThread(kt: KThreadId): void;
  /** Calls `onTimer(tag)` at `atNs` (sysmon ticks, GIL switch interval). */
  setTimer(atNs: number, tag: number): void;
  /**
   * Asks the engine to stop `task` and call `onYield(task, kt, true)`: at once if it is in
   * the middle of a compute step (its progress is kept), else at its next op boundary.
   * Applied as an event at the current time, never inside the caller.
   */
  preemptTask(task: TaskId): void;
  /** The OS state of a kernel thread. */
  threadState(kt: KThreadId): 'new' | 'runnable' | 'running' | 'blocked' | 'exited';
  /** The task's scheduling state as the engine sees it. */
  taskState(task: TaskId): 'runnable' | 'running' | 'blocked' | 'done';
  /** A recorded nondeterministic choice; returns an index into `point.options`. */
  choose(point: ChoicePoint): number;
  /**
   * A uniform number in [0, 1) for a latency's jitter (CPython's GIL wake-up): drawn from its
   * own generator seeded with the run's seed, so not recorded in the schedule string (the
   * string carries the seed, and replaying it draws the same numbers). Timed model only.
   */
  random(): number;
  /** Adds to a metric of cli.md (`steals`, `handoffs`, `gil_switches`) or a runtime-specific one. */
  count(metric: string, delta?: number): void;
  /** A one-line explanation recorded in the trace (the panel's "Why?"). */
  note(task: TaskId, text: string): void;
}

/**
 * One run's runtime. `S` is the typed shape of its scheduler state (`inspect()`), exported
 * with its descriptor (Go: `GoSchedState`, Python: `PythonState`).
 */
export interface Runtime<S extends object = Record<string, unknown>> {
  readonly kind: string;
  /** What its tasks are called in results (`goroutine`, `thread`, ...). */
  readonly taskKind: TaskKind;
  /** CPU time the parent spends per task it creates (pthread_create: 20 µs; newproc: 0.3 µs). */
  readonly spawnCostNs: number;
  /**
   * Optional, timed model: a `spawn` of `count` N creates its tasks one after another, each
   * after the parent has paid for the one before (Go: a loop of `go` statements), instead of
   * all at once. The op's result, every id, arrives when the last one is created.
   */
  readonly sequentialSpawn?: boolean;
  /** Called once before the first event: create kernel threads and bind main (task 0). */
  start(host: RuntimeHost): void;
  /** A task was created by `parent` (−1 for main); `index` is its place in the spawn batch. */
  onSpawn(task: TaskId, parent: TaskId, index: number): void;
  /** Kernel thread `kt` is on a CPU with no task bound: bind one (return true) or park (false). */
  next(kt: KThreadId): boolean;
  /** May `task` execute on `kt` now? False blocks the kernel thread until `host.wakeThread`. */
  mayRun(task: TaskId, kt: KThreadId): boolean;
  /** `task` blocks; 'thread' blocks `kt` with it, 'detach' unbinds it and `kt` goes on to `next`. */
  onBlock(task: TaskId, kt: KThreadId, reason: BlockReason): 'thread' | 'detach';
  /**
   * A blocked task can run again. `waker` is the task whose op woke it (a channel send,
   * an unlock, an exit that ends a join), −1 when a timer did (io, sleep, syscall ended);
   * Go puts a G woken by a running G in the waker's P's runnext (chan.go: goready).
   */
  onReady(task: TaskId, waker?: TaskId): void;
  /**
   * `task` yields (or was preempted by `preemptTask`): 'os' requeues `kt` in the OS; 'detach'
   * unbinds. `handoff`: it just handed a lock to a waiter and yields to it (Go: goyield).
   */
  onYield(task: TaskId, kt: KThreadId, preempted: boolean, handoff?: boolean): 'os' | 'detach';
  /**
   * Optional, timed model: how long `task` spins actively before its `iter`-th retry of a held
   * mutex (Go: sync_runtime_canSpin, sync_runtime_doSpin), 0 when it may not spin.
   */
  mutexSpinNs?(task: TaskId, iter: number): number;
  /** `task` finished (returned or panicked) on `kt`; the task is already unbound. */
  onExit(task: TaskId, kt: KThreadId): void;
  /** A timer set with `host.setTimer` fired. */
  onTimer(tag: number): void;
  /**
   * Optional: the CPU time a compute step of `ns` (at full speed) really takes for
   * `task` (Python's free-threaded build: ×1.4). Called once per compute step.
   */
  computeCost?(task: TaskId, ns: number): number;
  /**
   * Optional, timed model only: CPU time `task` spends in the runtime on the op it just
   * executed, beyond the op's own work (Go: a channel operation, the futexwakeup of a wakep
   * it caused, a fresh G's stack). Charged as a `cpu` compute step before the task's next op;
   * `blocked` is true when the op blocked (the runtime then bills its switch instead).
   */
  opCostNs?(task: TaskId, op: Op, blocked: boolean): number;
  /**
   * Optional, timed model only: CPU time kernel thread `kt` spends switching to `task`, which
   * `next` has just bound (Go: schedule → execute → gogo, and the goexit0 of the G before).
   * Charged as a `cpu` compute step before the task's next op.
   */
  switchCostNs?(task: TaskId, kt: KThreadId): number;
  /**
   * Optional: veto a shared-variable access. Return an explanation to stop the run with
   * an input error at the op's location (processes share no memory), else undefined.
   */
  onSharedAccess?(task: TaskId, variable: string): string | undefined;
  /** Optional: `lock_os_thread` (true) / `unlock_os_thread` (false) executed by `task`. */
  onLockOSThread?(task: TaskId, locked: boolean): void;
  /**
   * Optional: a JSON-able snapshot of the runtime's own scheduler state for the debugger's
   * Machine scope and the panel (Go: Ms, Ps with run queues, global queue, netpoller, sysmon),
   * typed by the runtime's descriptor (`StateOf<typeof goRuntime>`).
   */
  inspect?(): S;
  /**
   * Optional: the runtime's scheduler state in the one shape every surface reads (its own
   * kernel threads and processors, their queues, a shared run queue, tasks parked on I/O,
   * an interpreter lock), cheap enough to ask after every step of a traced run. The engine
   * records it into the trace (trace/lanes.ts for the machine lanes, trace/machine.ts for
   * the panel's machine at each moment), so nothing replays a run to look inside.
   * `queues: false` asks only for who runs what and holds what (the lanes): the queues may
   * then be left empty, which keeps a sample cheap with a million tasks queued.
   */
  view?(queues: boolean): SchedulerView;
  /** Notes for the result when the runtime simplifies or substitutes something (shown to people). */
  readonly notes: readonly string[];
}

/**
 * A runtime's scheduler at one moment (`Runtime.view`), in terms any runtime can fill:
 * Go fills threads (Ms), processors (Ps with runnext and runq), the run queue (sched.runq)
 * and the I/O waiters (the netpoller); CPython fills the lock (the GIL). Absent parts are
 * the OS's: each task is its own kernel thread and the OS ready queue holds the runnable.
 */
export interface SchedulerView {
  /** The runtime's own kernel threads (Go's Ms), when tasks are multiplexed onto them. */
  readonly threads?: readonly SchedulerThread[];
  /** Its processors (Go's Ps), each with the thread holding it and its local queue. */
  readonly processors?: readonly SchedulerProcessor[];
  /** A queue shared by every processor (Go: sched.runq). */
  readonly runQueue?: readonly TaskId[];
  /** Tasks parked until I/O is ready (Go: the netpoller). */
  readonly ioWaiting?: readonly TaskId[];
  /** A lock every task must hold to run (CPython: the GIL): its holder (−1: free) and waiters in order. */
  readonly lock?: { readonly name: string; readonly holder: TaskId; readonly waiting: readonly TaskId[] };
  /**
   * An event loop's queues whose items are tasks (JavaScript: the macrotask queue, the I/O in
   * flight), head first; the machine view draws them with the front end's own loop queues.
   */
  readonly loopQueues?: readonly { readonly name: string; readonly tasks: readonly TaskId[] }[];
}

export interface SchedulerThread {
  /** Its name (`M0`). */
  readonly id: string;
  readonly kthread: KThreadId;
  /** The task it runs (−1: none). */
  readonly task: TaskId;
  /** 'running', 'spinning', 'idle', 'syscall', ... ('exited' once gone). */
  readonly state: string;
  /** The processor it holds (`P0`), or null. */
  readonly processor: string | null;
  /** In a system call (its processor may have been handed off). */
  readonly inSyscall: boolean;
}

export interface SchedulerProcessor {
  /** Its name (`P0`). */
  readonly id: string;
  /** The thread holding it, or null when idle. */
  readonly thread: string | null;
  /** The task that runs next (Go: runnext; −1: none). */
  readonly next: TaskId;
  /** Its local run queue, head first. */
  readonly queue: readonly TaskId[];
}

export type RuntimeFactory<S extends object = Record<string, unknown>> = (config: SimConfig) => Runtime<S>;
