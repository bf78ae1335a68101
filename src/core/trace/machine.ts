/**
 * The machine at every moment of a traced run, recorded while the run happens, so the panel
 * (and anything else that shows a moment) reads it from the trace instead of replaying the
 * run to look inside.
 *
 * Moment `i` is the machine just after trace event `i`: the state at the first point where
 * a replay paused for event `i` would stop (`TimedModel.stopAtTraceEvent`). The engine
 * samples at exactly those points (every op boundary and after every engine step, when the
 * trace has grown), so a recorded moment equals the replayed one; a unit test compares them
 * event by event. Consecutive samples share the parts that did not change, and a sample
 * equal to the one before is not kept, so a run costs memory in proportion to what moved.
 */
import type { LoopQueue } from '../program';

/** A core and the kernel thread on each of its hardware threads (`M2`, or the task a plain thread carries). */
export interface CoreState {
  readonly id: string;
  readonly hwThreads: readonly { readonly id: string; readonly thread: string | null }[];
}

/** A kernel thread: the processor it holds (Go's P; null when spinning, in a syscall or parked), the task it runs, whether it is in a blocking system call. */
export interface ThreadState {
  readonly id: string;
  readonly p: string | null;
  readonly running: string | null;
  readonly inSyscall: boolean;
}

/** A processor (Go's P): who holds it, the task that runs next (runnext), its local queue (runq, 256 slots in proc.go). */
export interface ProcessorState {
  readonly id: string;
  readonly m: string | null;
  readonly runnext: string | null;
  readonly runq: readonly string[];
}

export interface BlockedTasks {
  /** What they wait on: `sleep`, `I/O`, or the sync object's description. */
  readonly on: string;
  readonly tasks: readonly string[];
  /** What the object they wait on holds, where a person asks (a semaphore: permits free of all, and who took them). */
  readonly state?: string;
}

export interface SyscallState {
  readonly task: string;
  readonly thread: string;
  readonly sinceNs: number;
}

/** The machine at one moment, every task in one place. */
export interface MachineState {
  readonly cores: readonly CoreState[];
  readonly threads: readonly ThreadState[];
  /** Empty for runtimes without processors. */
  readonly processors: readonly ProcessorState[];
  /** The runtime's shared run queue (Go: sched.runq), or else the OS scheduler's ready queue. */
  readonly globalQueue: readonly string[];
  /** Tasks parked until I/O is ready (Go: the netpoller); empty elsewhere. */
  readonly netpoller: readonly string[];
  readonly blocked: readonly BlockedTasks[];
  /** A lock every task must hold to run (CPython: the GIL), or null. */
  readonly lock: { readonly name: string; readonly holder: string | null; readonly waiting: readonly string[] } | null;
  readonly syscalls: readonly SyscallState[];
  /** An event loop's queues (asyncio: ready, timers; JavaScript: microtasks, timers), head first; absent without one. */
  readonly loopQueues?: readonly LoopQueue[];
  /** Tasks whose own kernel thread is still being created (pthread_create: `os.thread_create`); absent when none. */
  readonly creating?: readonly string[];
}

const FIELDS = ['cores', 'threads', 'processors', 'globalQueue', 'netpoller', 'blocked', 'lock', 'syscalls', 'loopQueues', 'creating'] as const;

/** What a traced run recorded: view `k` is the machine from trace event `first[k]` to the event before `first[k + 1]`. */
export interface RecordedMachine {
  readonly first: readonly number[];
  readonly states: readonly MachineState[];
}

/**
 * Past this much work (samples × tasks) the recorder stops and the trace carries no machine
 * states: so long a run would cost seconds and memory in every traced run. The panel then
 * replays to the moment asked for, as it did before the recording (service/panel/adapter.ts).
 */
export const MACHINE_WORK_LIMIT = 2_000_000;

export class MachineRecorder {
  private readonly first: number[] = [];
  private readonly states: MachineState[] = [];
  private seen = 0;
  private work = 0;
  /** False once the work limit was passed: nothing more is kept. */
  live = true;

  /** The trace has `traceLength` events: if it grew, the state now is the moment of each new event. */
  observe(traceLength: number, tasks: number, state: () => MachineState): void {
    if (!this.live || traceLength <= this.seen) return;
    this.work += Math.max(1, tasks);
    if (this.work > MACHINE_WORK_LIMIT) {
      this.live = false;
      return;
    }
    const s = state();
    const prev = this.states.length > 0 ? this.states[this.states.length - 1] : null;
    if (prev === null) {
      this.first.push(this.seen);
      this.states.push(s);
    } else {
      let changed = false;
      const parts: Record<string, unknown> = {};
      for (const key of FIELDS) {
        const same = sameValue(prev[key], s[key]);
        if (s[key] !== undefined) parts[key] = same ? prev[key] : s[key]; // an unchanged part is shared with the state before
        changed ||= !same;
      }
      if (changed) {
        this.first.push(this.seen);
        this.states.push(parts as unknown as MachineState);
      }
    }
    this.seen = traceLength;
  }

  finish(): RecordedMachine | null {
    return this.live ? { first: this.first, states: this.states } : null;
  }
}

/** Deep equality of the plain data a state holds (arrays, records, strings, numbers, booleans, null). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** The machine just after trace event `event` (the last state begun at or before it). */
export function machineAt(recorded: RecordedMachine, event: number): MachineState {
  const { first, states } = recorded;
  if (states.length === 0) throw new Error('this run recorded no machine states');
  let lo = 0, hi = first.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (first[mid] <= event) lo = mid;
    else hi = mid - 1;
  }
  return states[lo];
}
