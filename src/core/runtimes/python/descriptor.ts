/**
 * The descriptors of `python` (CPython threads under the GIL) and `processes`
 * (multiprocessing), listed in ../registry.ts. CPython words a misused lock and an
 * over-released BoundedSemaphore itself (Modules/_threadmodule.c: lock_PyThread_release;
 * Lib/threading.py: BoundedSemaphore.release); the rest reads as POSIX, which its locks are
 * built on (Python/thread_pthread.h). multiprocessing's locks read as POSIX throughout.
 */
import type { MisuseWording, RuntimeDescriptor } from '../descriptor';
import { beyondInitial, posixMisuse } from '../misuse';
import { THREAD_WAKE_SETTING } from '../threads/index';
import { ProcessesRuntime, type ProcessesState } from './processes-runtime';
import { PythonRuntime, type PythonState } from './python-runtime';

const cpythonMisuse: MisuseWording = {
  ...posixMisuse,
  mutexUnlockUnlocked: (name) => `RuntimeError: release unlocked lock ('${name}')`,
  semaphoreOverRelease: (name, initial) => `ValueError: Semaphore released too many times (${beyondInitial(name, initial)})`,
};

export const pythonRuntime: RuntimeDescriptor<'python', PythonState> = {
  kind: 'python',
  summary: 'GIL',
  taskKind: 'python-thread',
  settings: [
    // sys.getswitchinterval(): 5 ms (Python/ceval_gil.c: DEFAULT_INTERVAL)
    { field: 'switchIntervalNs', key: 'switch_interval', default: 5_000_000, ns: true },
    { field: 'freeThreaded', key: 'free_threaded', default: false },
    // Python/ceval_gil.c: drop_gil → COND_SIGNAL(gil->cond); the waiter's thread must wake
    // (futex) and re-take gil->mutex before it can take the GIL: tens of µs (a futex-parked
    // thread measured here: 5-60 µs, more when the waker's CPU is busy). Meanwhile a thread
    // already running (an I/O thread back from a short read) takes the free GIL first.
    { field: 'gilWakeNs', key: 'gil_wake', default: 50_000, ns: true,
      doc: 'Python only: how long a GIL waiter takes to run after drop_gil signals it, the median (ceval_gil.c: COND_SIGNAL, take_gil)' },
    // A waiter asleep less than 200 µs wakes faster: its CPU is still polling or in a shallow
    // idle state (gil.ts: HOT_IDLE_NS). A pthread condvar measured here: 8 µs median.
    { field: 'gilWakeHotNs', key: 'gil_wake_hot', default: 5_000, ns: true,
      doc: 'Python only: the same for a waiter asleep less than 200 µs, whose CPU wakes at once (KVM halt polling, a shallow C-state)' },
    // Each wake-up's latency is log-normal around its median, drawn from the run's seeded stream.
    { field: 'gilWakeSpread', key: 'gil_wake_spread', default: 0.25,
      doc: 'Python only: σ of ln(GIL wake-up latency), a log-normal around gil_wake drawn from the run\'s seed; 0 for a fixed latency' },
    // ceval_gil.c: drop_gil → COND_SIGNAL(gil->cond) after gil->locked = 0: glibc's
    // pthread_cond_signal makes a futex_wake syscall when a waiter sleeps (4.6 µs measured here).
    { field: 'gilSignalNs', key: 'gil_signal', default: 4_600, ns: true,
      doc: 'Python only: drop_gil\'s COND_SIGNAL when it wakes a sleeping waiter (a futex_wake syscall): the releasing thread\'s blocking call starts this much later' },
    // A threading.Lock waiter is a thread in sem_clockwait (thread_pthread.h:
    // PyThread_acquire_lock_timed); release's sem_post futex-wakes it, as in `threads`.
    THREAD_WAKE_SETTING,
  ],
  misuse: cpythonMisuse,
  describe: (r) => `python${r.freeThreaded ? ' (free-threaded)' : ', GIL'}`,
  // docs/models.md, Versions: Python/ceval_gil.c and thread_pthread.h of CPython 3.13.
  follows: { name: 'CPython', version: '3.13', measured: '3.11' },
  // ceval_gil.c: one thread holds the GIL; a waiter asks for it after the switch interval.
  fairShare: (c) => (c.runtime.freeThreaded ? undefined : { processors: 1, turnNs: c.runtime.switchIntervalNs }),
  create: (config) => new PythonRuntime(config),
};

export const processesRuntime: RuntimeDescriptor<'processes', ProcessesState> = {
  kind: 'processes',
  summary: 'multiprocessing',
  taskKind: 'process',
  follows: { name: 'CPython', version: '3.13', measured: '3.11' },
  // Lib/multiprocessing/context.py: `fork` is Linux's default start method up to 3.13
  // (`forkserver` from 3.14); `spawn` is macOS's and Windows'.
  settings: [{ field: 'startMethod', key: 'start_method', default: 'fork', values: ['fork', 'spawn'],
    doc: 'processes only: multiprocessing start method, `fork` (Linux default up to 3.13) or `spawn`' },
  // multiprocessing's Lock/Semaphore are POSIX semaphores in shared memory
  // (Modules/_multiprocessing/semaphore.c: sem_post, sem_clockwait): a release futex-wakes
  // the waiting process, as a thread's unlock does.
  THREAD_WAKE_SETTING],
  // multiprocessing's Lock and Semaphore are POSIX semaphores shared between processes.
  misuse: posixMisuse,
  create: (config) => new ProcessesRuntime(config),
};
