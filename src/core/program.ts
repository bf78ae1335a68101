/**
 * The program representation: the one contract between the front ends (scenario YAML,
 * annotated TypeScript) and the simulator. The core knows nothing about YAML or
 * TypeScript; it runs tasks that yield `Op`s, each carrying the source range it came from.
 *
 * A task body is a generator function. The engine calls it to start a task, then feeds
 * each op's result back through `next(result)`. Because a run is re-executed from the
 * start for replay and exploration, a `Program` must be re-runnable: calling `main`
 * again must start from a fresh state (front ends build fresh closures per call).
 */

import type { POLICIES } from './config';
import type { BuiltinRuntimeKind } from './runtimes/registry';

/** 1-based line and column; the end is exclusive of `endColumn` as in LSP ranges + 1. */
export interface SourceRange {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Task ids are small integers, dense from 0 (0 is main). */
export type TaskId = number;

/**
 * What kind of work a compute step is; decides how an SMT sibling slows it (models.md):
 * `cpu` integer work, `vector` floating-point / SIMD work that keeps the vector units busy,
 * `memory` work that mostly waits on cache misses, `mixed` a blend.
 */
export type WorkKind = 'cpu' | 'memory' | 'mixed' | 'vector';

/** A task body. `args` are the values passed by `go(fn, ...args)` (empty for scenarios). */
export type TaskBody = (...args: unknown[]) => Generator<Op, unknown, unknown>;

/**
 * A runtime kind that ships, from the descriptors listed in runtimes/registry.ts. A kind
 * registered at run time (`registerRuntime`) is a string outside this type.
 */
export type RuntimeKind = BuiltinRuntimeKind;
/** An OS scheduling policy (config.ts: POLICIES). */
export type PolicyKind = (typeof POLICIES)[number];

/** Every setting, fully resolved (defaults filled in by `resolveConfig`). Times are integer ns. */
export interface SimConfig {
  machine: {
    cores: number;
    smt: number;
    cacheLineBytes: number;
    /** SMT speed factor of each sibling when both are busy, per work kind (models.md). */
    smtFactor: { cpu: number; memory: number; mixed: number; vector: number };
    /** Cache hierarchy (machine/hierarchy.ts): private L1 and L2 and the shared L3, capacity in KiB and latency in cycles at 3 GHz. */
    l1Kib: number;
    l2Kib: number;
    l3Kib: number;
    l1Cycles: number;
    l2Cycles: number;
    l3Cycles: number;
    /** A load that misses every cache (machine/hierarchy.ts). */
    dramNs: number;
    /** SIMD lanes per core for a data-parallel compute (machine/accelerator.ts: `simdFactor`); 1 = scalar only. */
    vectorWidth: number;
    /** Percent of the ideal `vectorWidth`× gain a vectorised loop gets (tails, shuffles, memory bandwidth). */
    vectorEfficiency: number;
    /** The accelerator (GPU) of an `offload` step (machine/accelerator.ts); 0 lanes = none. */
    gpuLanes: number;
    /** One GPU lane's speed in percent of one CPU core's scalar speed. */
    gpuLaneSpeed: number;
    /** Host↔device copy bandwidth, MB/s (PCIe). */
    gpuBandwidth: number;
    /** Fixed cost of one offload: the kernel launch and the two copies' setup. */
    gpuLatencyNs: number;
  };
  os: {
    policy: PolicyKind;
    /** Time slice for round-robin and mlfq; `fair` derives its slice from the hw thread count. */
    quantumNs: number;
    contextSwitchNs: number;
    threadCreateNs: number;
    /** `priority` policy: raise a waiting thread's priority every `agingNs` (0 = no aging). */
    agingNs: number;
    /** `mlfq`: period of the priority boost. */
    boostNs: number;
  };
  runtime: {
    kind: RuntimeKind;
    /** Go only; defaults to cores × smt. */
    gomaxprocs: number;
    /** Go only: CPU time of one channel operation (chan.go: chansend/chanrecv/closechan, selectgo). */
    chanOpNs: number;
    /** Go only: CPU time of one goroutine switch on an M (proc.go: gopark/schedule/execute, gogo). */
    gSwitchNs: number;
    /** Go only: CPU time of a goroutine's exit (proc.go: goexit0, gfput). */
    goexitNs: number;
    /** Go only: CPU time of `go f()` reusing a dead G (proc.go: newproc1 with gfget). */
    newprocNs: number;
    /** Go only: extra CPU time of `go f()` when no dead G is free (proc.go: malg, stackalloc, allgadd). */
    malgNs: number;
    /** Go only: extra CPU time of touching a G last run on another P (proc.go: gfget from sched.gFree, execute of a stolen G). */
    gRemoteNs: number;
    /** Go only: from futexwakeup to the parked M running (proc.go: notewakeup in startm). */
    mWakeNs: number;
    /** Go only: the waker's CPU time for that futexwakeup (lock_futex.go: futexwakeup). */
    futexWakeNs: number;
    /** Go only: how long runqgrab's usleep(3) really sleeps (timer slack) before stealing a running P's runnext. */
    runnextStealSleepNs: number;
    /** Go only: one active spin of a sync.Mutex waiter (proc.go: sync_runtime_doSpin, procyield(30)). */
    mutexSpinNs: number;
    /** Go only: CPU time of a sync.Mutex/RWMutex Lock or Unlock fast path (mutex.go: one atomic CAS or add). */
    mutexOpNs: number;
    /** Go only: how late sysmon's usleep wakes (Linux timer slack, 50 µs by default). */
    sysmonSlackNs: number;
    /** threads, python: from a futex wake by another thread (an unlock, a signal, a post, an exit ending a join) to the woken thread running. */
    threadWakeNs: number;
    /** Python only: the GIL switch interval (5 ms). */
    switchIntervalNs: number;
    /** Python only: the free-threaded build (no GIL, ~40% single-thread overhead). */
    freeThreaded: boolean;
    /** Python only: from COND_SIGNAL(gil->cond) to the woken waiter running take_gil again. */
    gilWakeNs: number;
    /** Python only: the same for a waiter asleep less than 200 µs (its CPU wakes at once). */
    gilWakeHotNs: number;
    /** Python only: σ of the log-normal GIL wake-up latency (median `gilWakeNs`); 0 for a fixed latency. */
    gilWakeSpread: number;
    /** Python only: the dropper's futex_wake in drop_gil's COND_SIGNAL when it wakes a sleeping waiter; delays its blocking call. */
    gilSignalNs: number;
    /** processes only: multiprocessing's start method (`fork`, Linux's default up to 3.13, or `spawn`). */
    startMethod: 'fork' | 'spawn';
  };
}

/** A partial config as a front end reads it; `resolveConfig` fills the rest. */
export type ConfigInput = {
  machine?: Partial<SimConfig['machine']>;
  os?: Partial<SimConfig['os']>;
  runtime?: Partial<SimConfig['runtime']>;
};

export type SyncKind =
  | 'mutex'
  | 'rwmutex'
  | 'semaphore'
  | 'channel'
  | 'waitgroup'
  | 'once'
  | 'cond'
  | 'barrier';

/** A synchronisation object. Scenarios declare them up front; TypeScript makes them with a `make` op. */
export interface SyncDecl {
  readonly id: string;
  /** The name a person reads: `mu`, `ch`, `pool`. */
  readonly name: string;
  readonly kind: SyncKind;
  /** semaphore: permits; channel: capacity (0 = unbuffered); barrier: parties. */
  readonly size?: number;
  /** semaphore: releasing beyond the initial permits is a misuse finding. */
  readonly strict?: boolean;
  /** cond: the id of its mutex. */
  readonly mutex?: string;
  readonly at?: SourceRange;
}

/** A shared variable. `line` names a cache line, to model false sharing. */
export interface VarDecl {
  readonly id: string;
  readonly name: string;
  readonly initial: unknown;
  /**
   * Memory every process maps (multiprocessing.Value's shared ctypes object): the processes
   * runtime lets all of them touch it, where a plain variable belongs to one process.
   */
  readonly sharedMemory?: boolean;
  /**
   * The runtime's own bookkeeping, not a variable of the program (the event loop's timer
   * queue, its I/O counter): ordered and raced like any variable, never shown as a value.
   */
  readonly internal?: boolean;
  readonly line?: string;
  readonly at?: SourceRange;
}

export type SyncAction =
  // mutex
  | 'lock' | 'unlock' | 'try_lock'
  // rwmutex (also lock/unlock)
  | 'rlock' | 'runlock'
  // semaphore
  | 'acquire' | 'release' | 'try_acquire'
  // waitgroup: `add` takes `value` (may be negative)
  | 'add' | 'done' | 'wait'
  // channel: `send` takes `value`
  | 'send' | 'recv' | 'close' | 'len'
  // cond (also wait) and barrier (wait)
  | 'signal' | 'broadcast'
  // once: `once_enter` returns true for the one task that must run the body,
  // which then performs `once_exit`; other callers block until then and get false.
  | 'once_enter' | 'once_exit';

export type AtomicAction = 'load' | 'store' | 'add' | 'swap' | 'cas';

export interface SelectCase {
  readonly kind: 'recv' | 'send';
  readonly obj: string;
  readonly value?: unknown;
}

/**
 * One operation. Results fed back by the engine:
 * - `read` → the variable's current value; `atomic` → the old value for load/add/swap
 *   (add also: new value is old + value), `true`/`false` for cas;
 * - `spawn` → `TaskId[]` of the tasks started;
 * - `sync` recv → `{ value, ok }` (`ok` false when the channel is closed and drained);
 *   try_lock / try_acquire → boolean; once_enter → boolean; len → number;
 * - `select` → `{ index, value, ok }`, index −1 for the default case;
 * - everything else → undefined.
 */
export type Op =
  | {
    readonly op: 'compute'; readonly ns: number; readonly work: WorkKind; readonly at: SourceRange;
    /**
     * Nothing interrupts it before it ends: a C call holding the GIL (`sum(range(n))`: CPython's
     * eval breaker runs only between bytecodes) or a non-preemptible call. A drop request or a
     * runtime preemption waits for its end.
     */
    readonly uninterruptible?: boolean;
    /**
     * A data-parallel loop the compiler vectorises: `ns` is its scalar time, and the core's
     * SIMD lanes divide it (machine/accelerator.ts: `simdFactor`).
     */
    readonly simd?: boolean;
    /**
     * Loads that miss the registers: `count` of them over a working set of `workingSetBytes`,
     * each paying the latency of the cache level the working set fits in, on top of `ns`
     * (machine/hierarchy.ts).
     */
    readonly accesses?: { readonly count: number; readonly workingSetBytes: number };
  }
  | { readonly op: 'io'; readonly ns: number; readonly at: SourceRange }
  | {
    readonly op: 'syscall'; readonly ns: number; readonly at: SourceRange;
    /**
     * An offload to the accelerator: `ns` is the work's time on one CPU core, `bytes` what is
     * copied to the device and back. The caller's thread blocks for the copies and the kernel,
     * as in a synchronous `cudaMemcpy` + launch + `cudaDeviceSynchronize` (machine/accelerator.ts).
     */
    readonly offload?: { readonly bytes: number };
  }
  | { readonly op: 'sleep'; readonly ns: number; readonly at: SourceRange }
  | { readonly op: 'yield'; readonly at: SourceRange }
  | {
      readonly op: 'spawn';
      readonly body: TaskBody;
      readonly args?: readonly unknown[];
      /** Task name shown to people (`worker`); instances are numbered by the engine. */
      readonly name: string;
      readonly count: number;
      readonly priority?: number;
      readonly at: SourceRange;
    }
  /** `timeoutNs`: a timed wait, as on `sync` (TIMED_OUT when it passes first). */
  | { readonly op: 'join'; readonly tasks: readonly TaskId[]; readonly timeoutNs?: number; readonly at: SourceRange }
  /**
   * `fx` on a read, write or make: a front end's own effect on the value it keeps (the
   * TypeScript sandbox's cells and objects), run by the engine in the step that executes
   * the op and never earlier, so a value moves only in its op's step. A read's result is
   * what its `fx` returns; a write's `fx` stores; a make's `fx` returns the initial value.
   * Without `fx` the engine's own copy is read and written.
   */
  | { readonly op: 'read'; readonly v: string; readonly at: SourceRange; readonly fx?: () => unknown }
  | { readonly op: 'write'; readonly v: string; readonly value: unknown; readonly at: SourceRange; readonly fx?: () => unknown }
  | {
      readonly op: 'atomic';
      readonly v: string;
      readonly action: AtomicAction;
      readonly value?: unknown;
      readonly expected?: unknown;
      readonly at: SourceRange;
    }
  /**
   * `timeoutNs`: a timed wait (CPython: Modules/_threadmodule.c lock_PyThread_acquire_lock →
   * PyThread_acquire_lock_timed; Lib/threading.py Condition.wait's `waiter.acquire(True, timeout)`).
   * When the action blocks and has not completed `timeoutNs` later, the task leaves the
   * object's queue and its result is `TIMED_OUT`; a cond wait then returns without its mutex
   * (the front end locks it again). Timed model: a timer. Untimed model (check): while the task
   * waits, timing out is a step it may take at any point, so a schedule where the timeout comes
   * first is explored; a lock, acquire or join that cannot complete times out at once.
   */
  | { readonly op: 'sync'; readonly obj: string; readonly action: SyncAction; readonly value?: unknown; readonly timeoutNs?: number; readonly at: SourceRange }
  | { readonly op: 'select'; readonly cases: readonly SelectCase[]; readonly hasDefault: boolean; readonly at: SourceRange }
  /** Declare a variable or sync object at run time (TypeScript front end). Idempotent per id. */
  | { readonly op: 'make'; readonly decl: { readonly sync: SyncDecl } | { readonly var: VarDecl }; readonly at: SourceRange; readonly fx?: () => unknown }
  | { readonly op: 'enter'; readonly section: string; readonly at: SourceRange }
  | { readonly op: 'exit'; readonly section: string; readonly at: SourceRange }
  /**
   * A failed check. `finding`: a front end's own finding instead of an assertion (the event
   * loop's race across `await`, a promise that never settles, an unhandled rejection): its
   * kind, and `message` is then the whole message.
   */
  | {
    readonly op: 'assert'; readonly ok: boolean; readonly message: string; readonly at: SourceRange;
    readonly finding?: { readonly kind: 'assertion' | 'data-race' | 'deadlock'; readonly related: readonly { readonly at: SourceRange; readonly message: string }[] };
  }
  | { readonly op: 'print'; readonly text: string; readonly at: SourceRange }
  /**
   * Read the clock (Python's time.monotonic/perf_counter/time, Go's time.Now/Since): the result
   * is a number of ns. Timed model: the simulated time now. Untimed model (check, explore): the
   * task's own logical clock, the ns of the compute, io, sleep and syscall ops it has run and
   * the timeouts it has waited out, starting from its parent's clock at spawn and raised to a
   * joined task's at join; monotone per task, independent of the interleaving, so it is a
   * local op (no step of its own). A value, not a wall clock: 0 at the run's start.
   */
  | { readonly op: 'now'; readonly at: SourceRange }
  | { readonly op: 'lock_os_thread'; readonly at: SourceRange }
  | { readonly op: 'unlock_os_thread'; readonly at: SourceRange }
  /**
   * An event loop's driver switches flows (trace/flows.ts): the coroutine or async function
   * that runs now inside this task (null: none, the loop itself), and the loop's queues at that
   * moment, head first. Local: it changes nothing another task sees and takes no time; a traced
   * timed run records it for the panel's flow lanes and queues.
   */
  /** `queues` is asked only where the state is kept (a timed run), never by check's untimed steps. */
  | { readonly op: 'flow'; readonly flow: string | null; readonly queues?: () => readonly LoopQueue[]; readonly at: SourceRange };

/** One of an event loop's queues (`ready`, `microtasks`, `timers`) and what waits in it, head first. */
export interface LoopQueue {
  readonly name: string;
  readonly items: readonly string[];
}

export type OpKind = Op['op'];

/** The result of a `sync` or `join` op whose `timeoutNs` passed before it completed. */
export const TIMED_OUT: { readonly timedOut: true } = Object.freeze({ timedOut: true as const });

export function isTimedOut(result: unknown): boolean {
  return result === TIMED_OUT;
}

/** Properties checked on every run / explored schedule (scenario `expect`). */
export type Expectation =
  | { readonly kind: 'no'; readonly finding: 'data-race' | 'deadlock' | 'leak'; readonly at: SourceRange }
  | { readonly kind: 'max_inside'; readonly section: string; readonly value: number; readonly at: SourceRange }
  | { readonly kind: 'final'; readonly values: Readonly<Record<string, unknown>>; readonly at: SourceRange }
  /**
   * A timing property: it depends on the machine and the runtime, so it holds for the run as
   * written (the file's settings, and `--set`). `when` writes it for other settings instead:
   * it is checked on exactly the runs whose settings match (a sweep's point among them).
   */
  | { readonly kind: 'finishes_within'; readonly ns: number; readonly when?: Readonly<Record<string, unknown>>; readonly at: SourceRange }
  /**
   * A figure a description states (`about 77 ms`), checked against the run: the metric lies
   * within `within` (a fraction: 0.1 is ±10%) of `value`. Timed, on the runs `when` names
   * (the run as written without one), like `finishes_within`.
   */
  | {
    readonly kind: 'about'; readonly metric: AboutMetric; readonly value: number; readonly within: number;
    /** `ends`: the task (by name) whose last instance ends at `value`. */
    readonly task?: string;
    readonly when?: Readonly<Record<string, unknown>>; readonly at: SourceRange;
  };

/**
 * What an `about` expectation measures: the makespan, when the last task of a name ends, the
 * mean turnaround (creation to end) of the tasks main starts, in ns; or the context switches.
 */
export const ABOUT_METRICS = ['makespan', 'ends', 'mean_turnaround', 'context_switches'] as const;
export type AboutMetric = (typeof ABOUT_METRICS)[number];

/** One what-if axis: `runtime.gomaxprocs: [1, 2]`. */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
  readonly at: SourceRange;
}

export interface Program {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly config: ConfigInput;
  readonly seed?: number;
  readonly vars: readonly VarDecl[];
  readonly objects: readonly SyncDecl[];
  /** The main task; the engine calls it with the run's resolved `SimConfig` (--set included), for what the program asks of its machine (Go's runtime.NumCPU). */
  readonly main: TaskBody;
  readonly mainAt: SourceRange;
  /** The main task's name when it is not `main` (a Go test's program: `TestX`, so a leak is "blocked when TestX returns"). */
  readonly mainName?: string;
  readonly expects: readonly Expectation[];
  readonly sweep: readonly SweepAxis[];
  /** Where the `name:` of the scenario (or the main function) is, for CodeLens. */
  readonly at: SourceRange;
  /** The loops of the source, for the untimed model's spin detection (engine/spin.ts); absent when the front end has none to offer. */
  readonly loops?: readonly LoopSite[];
}

/**
 * A loop in the source. `pure` is a front end's static promise, as GenMC's spin-assume
 * check makes one: an iteration changes no local state declared outside the loop and
 * calls nothing but read-only primitives, and whatever shared state it writes it writes
 * by ops, so an iteration that takes only reads back to the loop's head leaves the task
 * exactly as it found it. Only then may a task that keeps reading the
 * same values there wait for a write instead of spinning (engine/spin.ts).
 */
export interface LoopSite {
  readonly at: SourceRange;
  readonly pure: boolean;
  /**
   * The loop ends on its own: its passes are fixed when it starts (a Python `for` over a
   * range or a sequence). A schedule still inside it when the step budget runs out was long,
   * not livelocked, so no "possible livelock" is reported there (untimed.ts).
   */
  readonly bounded?: boolean;
  /**
   * The variables of the task's own that the loop's condition tests (none of them shared),
   * for the livelock message of a pure loop that reads no shared state: "nothing writes
   * `ready` while it runs".
   */
  readonly locals?: readonly string[];
}
