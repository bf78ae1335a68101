/**
 * The `threads` runtime (1:1 pthreads): its descriptor, listed in ../registry.ts. Its one
 * setting is the futex wake-up latency (`os.thread_create` is the OS's); it has no
 * scheduler state beyond the OS's, and words misuse as an error-checking pthread mutex does.
 */
import type { RuntimeDescriptor, RuntimeSetting } from '../descriptor';
import { posixMisuse } from '../misuse';
import { ThreadsRuntime } from './threads-runtime';

export { ThreadsRuntime };

/** `threads` reports no scheduler state of its own: each task is its kernel thread. */
export type ThreadsState = Record<string, never>;

/**
 * glibc: a blocked pthread waits in futex_wait (nptl lowlevellock.c: __lll_lock_wait,
 * pthread_cond_wait, sem_wait, pthread_join on the tid); another thread's unlock, signal,
 * post or exit calls futex_wake, and the kernel's try_to_wake_up puts the sleeper on a CPU
 * some µs later (an idle core leaves its idle state first). Measured here: a futex-parked
 * thread runs 5 µs (10th percentile) after FUTEX_WAKE on an idle core, as Go's m_wake.
 * CPython's locks are the same futexes (Python/thread_pthread.h: sem_post, sem_clockwait).
 */
export const THREAD_WAKE_SETTING: RuntimeSetting = {
  field: 'threadWakeNs', key: 'thread_wake', default: 5_000, ns: true,
  doc: 'threads, python, processes: from another thread\'s (or process\'s) futex wake (an unlock, a signal, a post, an exit ending a join) to the woken thread running (glibc lowlevellock.c: __lll_lock_wait; kernel try_to_wake_up)',
};

export const threadsRuntime: RuntimeDescriptor<'threads', ThreadsState> = {
  kind: 'threads',
  summary: '1:1',
  taskKind: 'thread',
  settings: [THREAD_WAKE_SETTING],
  misuse: posixMisuse,
  create: (config) => new ThreadsRuntime(config),
};
