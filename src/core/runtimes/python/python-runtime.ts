/**
 * The `python` runtime: CPython threads. `threading.Thread` is a 1:1 OS thread
 * (Python/thread_pthread.h: pthread_create), so every task has its own kernel thread and
 * the OS places them; but only the thread holding the GIL executes bytecode (gil.ts,
 * from Python/ceval_gil.c at 3.13). A thread releases the GIL around every blocking call
 * (Py_BEGIN_ALLOW_THREADS: I/O, time.sleep, lock acquires, joins) and takes it again
 * afterwards (Py_END_ALLOW_THREADS → take_gil).
 *
 * `runtime.freeThreaded` models the free-threaded build (3.13t, PEP 703, configure
 * --disable-gil): no GIL at all, so threads run bytecode in parallel, but each compute
 * step costs ×1.4. The 3.13 free-threading HOWTO (Doc/howto/free-threading-python.rst)
 * gives "about 40%" single-threaded overhead on the pyperformance suite, mostly because
 * the specializing adaptive interpreter (PEP 659) is disabled in that build.
 */
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import { taskLabel } from '../descriptor';
import type { BlockReason, KThreadId, Runtime, RuntimeHost, SchedulerView } from '../runtime';
import { Gil, type GilState } from './gil';

/** The Python runtime's state (`inspect()`): the GIL, or null in the free-threaded build. */
export type PythonState = { readonly freeThreaded: boolean; readonly gil: GilState | null };

/** Timer tags at or below this wake a futex-woken thread (the GIL's own tags are above it). */
const THREAD_WAKE_TAG = -1_000_000;

/** Free-threaded 3.13t single-thread slowdown (free-threading HOWTO: about 40%). */
export const FREE_THREADED_OVERHEAD = 1.4;

export class PythonRuntime implements Runtime<PythonState> {
  readonly kind: string = 'python';
  readonly taskKind: TaskKind = 'python-thread';
  /** threading.Thread.start() → pthread_create, plus waiting for the new thread's `started` Event. */
  readonly spawnCostNs: number;
  readonly notes: string[] = [];
  readonly freeThreaded: boolean;
  readonly computeCost?: (task: TaskId, ns: number) => number;
  protected host!: RuntimeHost;
  private gil: Gil | null = null;
  /** Each task's own kernel thread (1:1); kept here because a task in the switch wait is unbound. */
  protected readonly ktOf: KThreadId[] = [];
  /** Kernel threads parked in drop_gil's FORCE_SWITCHING wait, with their (unbound) task. */
  private readonly parkedTask = new Map<KThreadId, TaskId>();
  /** Tasks whose blocking call started late: their GIL release woke a waiter (`runtime.gil_signal`). */
  private readonly signalDelay = new Map<TaskId, number>();

  constructor(private readonly config: SimConfig) {
    this.spawnCostNs = config.os.threadCreateNs;
    this.freeThreaded = config.runtime.freeThreaded;
    if (this.freeThreaded) {
      this.computeCost = (_task, ns) => Math.round(ns * FREE_THREADED_OVERHEAD);
      this.notes.push(`Free-threaded CPython (3.13t): no GIL, threads run in parallel; every compute step ` +
        `takes ×${FREE_THREADED_OVERHEAD} (the build's single-thread overhead of about 40%).`);
    }
  }

  start(host: RuntimeHost): void {
    this.host = host;
    const rt = this.config.runtime;
    if (!this.freeThreaded) this.gil = new Gil(host, rt.switchIntervalNs, label, { coldNs: rt.gilWakeNs, hotNs: rt.gilWakeHotNs, spread: rt.gilWakeSpread });
  }

  onSpawn(task: TaskId, parent: TaskId, index: number): void {
    // As with pthreads, the parent pays spawnCostNs per thread, one after another.
    const delay = parent < 0 ? 0 : this.spawnCostNs * (index + 1);
    const kt = this.host.createThread(`python thread ${label(task)}`, delay, this.host.taskPriority(task));
    this.ktOf[task] = kt;
    this.host.bind(kt, task);
  }

  next(kt: KThreadId): boolean {
    // Only a thread coming back from the FORCE_SWITCHING wait has a task to re-bind.
    const task = this.parkedTask.get(kt);
    if (task === undefined || this.gil === null || this.gil.switchWaiters.has(task)) return false; // still waiting
    this.parkedTask.delete(kt);
    this.host.bind(kt, task);
    return true;
  }

  mayRun(task: TaskId, kt: KThreadId): boolean {
    return this.gil === null || this.gil.acquire(task, kt);
  }

  onBlock(task: TaskId, _kt: KThreadId, _reason: BlockReason): 'thread' {
    // Py_BEGIN_ALLOW_THREADS: every blocking call (I/O, sleep, a Lock/Condition/Queue
    // wait, Thread.join) releases the GIL; the OS thread blocks with it.
    const gil = this.gil;
    gil?.release(task, 'blocking');
    if (gil !== null && gil.signalled && this.config.runtime.gilSignalNs > 0) {
      // drop_gil: gil->locked = 0, then COND_SIGNAL(gil->cond) while the GIL is already free. When
      // it wakes a sleeping waiter, glibc's pthread_cond_signal makes a futex_wake syscall (4.6 µs
      // here, the wake-up's IPI included), so the blocking call itself starts that much later.
      // Simplified: the call's end moves by it (onReady); its CPU time is not charged.
      this.signalDelay.set(task, this.config.runtime.gilSignalNs);
    }
    return 'thread';
  }

  onReady(task: TaskId, waker = -1): void {
    // The blocking call returned: the thread wakes and, in mayRun, re-takes the GIL
    // (Py_END_ALLOW_THREADS → take_gil), waiting if another thread holds it. Woken by
    // another thread (Lock.release → PyThread_release_lock → sem_post, a notify, a join's
    // end) it runs `threadWakeNs` later (futex wake); meanwhile the releaser keeps the GIL
    // and may take the lock back first.
    const kt = this.ktOf[task];
    const late = this.signalDelay.get(task) ?? 0;
    if (late > 0) this.signalDelay.delete(task);
    // A timer's end (io, sleep) comes `late` later: the call started after drop_gil's futex_wake.
    const wakeNs = waker >= 0 ? this.config.runtime.threadWakeNs : late;
    if (wakeNs > 0) this.host.setTimer(this.host.now() + wakeNs, THREAD_WAKE_TAG - kt);
    else this.host.wakeThread(kt);
  }

  onYield(task: TaskId, kt: KThreadId, preempted: boolean): 'os' | 'detach' {
    const gil = this.gil;
    if (gil === null) return 'os';
    if (preempted) {
      // The eval breaker saw the drop request (_Py_HandlePending → drop_gil; take_gil).
      if (gil.holder !== task || gil.dropRequest !== task) return 'os'; // a request already honoured
      if (gil.release(task, 'eval-breaker')) {
        // FORCE_SWITCHING: wait on switch_cond until another thread has taken the GIL, so
        // the releaser cannot take it straight back. The kernel thread parks, unbound.
        gil.parkForSwitch(task, kt);
        this.parkedTask.set(kt, task);
        this.host.note(task, `${label(task)} honoured the drop request at its eval-breaker check, released the ` +
          'GIL and waits until another thread has taken it (FORCE_SWITCHING)');
        return 'detach';
      }
      return 'os';
    }
    // An explicit yield is time.sleep(0): it releases the GIL around the (zero) sleep.
    gil.release(task, 'yield');
    return 'os';
  }

  onExit(task: TaskId, kt: KThreadId): void {
    if (this.gil !== null) {
      this.gil.release(task, 'exit'); // final release: no FORCE_SWITCHING wait
      this.gil.forget(task);
    }
    this.host.exitThread(kt);
  }

  onTimer(tag: number): void {
    if (tag <= THREAD_WAKE_TAG) this.host.wakeThread(THREAD_WAKE_TAG - tag);
    else this.gil?.onTimer(tag);
  }

  /** The GIL's holder and waiters, which the engine records into a traced run (ceval_gil.c: take_gil's wait). */
  view(): SchedulerView {
    return this.gil === null ? {} : { lock: { name: 'the GIL', ...this.gil.holders() } };
  }

  inspect(): PythonState {
    if (this.gil === null) return { freeThreaded: true, gil: null };
    return { freeThreaded: false, gil: this.gil.snapshot() };
  }
}

/** How results name a Python thread (`T1`). */
function label(task: TaskId): string {
  return taskLabel('python-thread', task);
}
