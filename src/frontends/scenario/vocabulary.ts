/**
 * The words of scenario format v1 (scenario-format.md): top-level keys, settings, sync
 * kinds and the methods each kind has. The parser, its "did you mean" hints and the JSON
 * Schema's enums all read from here.
 */
import { MACHINE_SETTINGS } from '../../core/config';
import { BUILTIN_RUNTIMES } from '../../core/runtimes/registry';
import type { SyncKind } from '../../core/program';

export const TOP_LEVEL_KEYS = [
  'name', 'description', 'seed', 'machine', 'os', 'runtime', 'vars', 'sync', 'tasks', 'expect', 'sweep',
] as const;

/** `cores`, `smt`, `cache_line`, then the cache hierarchy, SIMD and accelerator settings (config.ts `MACHINE_SETTINGS`). */
export const MACHINE_KEYS: readonly string[] = ['cores', 'smt', 'cache_line', ...MACHINE_SETTINGS.map((s) => s.key)];
export const OS_KEYS = ['policy', 'quantum', 'context_switch', 'thread_create', 'aging', 'boost'] as const;
/** `kind`, then each runtime's own settings (its descriptor's `settings`). */
export const RUNTIME_KEYS: readonly string[] = ['kind', ...new Set(BUILTIN_RUNTIMES.flatMap((d) => d.settings.map((s) => s.key)))];

export { POLICIES } from '../../core/config';
/** The runtime kinds (`runtime.kind`), read when asked, so a runtime registered at run time is among them. */
export { runtimeKinds } from '../../core/runtimes/registry';
export const WORK_KINDS = ['cpu', 'memory', 'mixed', 'vector'] as const;

/** Sync kinds written as a bare word (`mu: mutex`). */
export const WORD_KINDS: readonly SyncKind[] = ['mutex', 'rwmutex', 'waitgroup', 'once'];
/** Sync kinds written as a one-key map with a size or a mutex (`pool: { semaphore: 2 }`). */
export const SIZED_KINDS: readonly SyncKind[] = ['semaphore', 'channel', 'cond', 'barrier'];

/** How a method is written: no value, an optional value, a required value, or a step list. */
export type MethodArg = 'none' | 'optional' | 'required' | 'steps';

export interface MethodSpec {
  readonly arg: MethodArg;
  /** What the step does, in words a class reads (completion and hover docs). */
  readonly doc: string;
}

const plain = (doc: string): MethodSpec => ({ arg: 'none', doc });

/** The methods each sync kind has, as steps (`mu.lock`). */
export const SYNC_METHODS: Readonly<Record<SyncKind, Readonly<Record<string, MethodSpec>>>> = {
  mutex: {
    lock: plain('Take the lock; waits while another task holds it.'),
    unlock: plain('Release the lock; a waiting task may take it.'),
    try_lock: plain('Take the lock if it is free, else go on without it.'),
  },
  rwmutex: {
    rlock: plain('Take a read lock: shared with other readers, waits while a writer holds or waits for it.'),
    runlock: plain('Release a read lock.'),
    lock: plain('Take the write lock: exclusive, waits for every reader and writer to leave.'),
    unlock: plain('Release the write lock.'),
  },
  waitgroup: {
    add: { arg: 'required', doc: 'Add the value to the counter (before starting that many tasks).' },
    done: plain('Subtract one from the counter; at zero, the waiters go on.'),
    wait: plain('Wait until the counter is zero.'),
  },
  semaphore: {
    acquire: plain('Take a permit; waits while none is free.'),
    release: plain('Give a permit back; a waiting task may take it.'),
    try_acquire: plain('Take a permit if one is free, else go on without it.'),
  },
  channel: {
    send: { arg: 'optional', doc: 'Send a value; waits for room in the buffer (unbuffered: for a receiver).' },
    recv: plain('Receive a value; waits until one is sent (or the channel is closed).'),
    close: plain('Close the channel: receivers get what is left, then the zero value; a send panics.'),
  },
  once: { do: { arg: 'steps', doc: 'Run these steps the first time only; later callers wait until that first run ends.' } },
  cond: {
    wait: plain('Release the mutex, wait for a signal, then take the mutex again.'),
    signal: plain('Wake one waiting task.'),
    broadcast: plain('Wake every waiting task.'),
  },
  barrier: { wait: plain('Wait until every party has arrived; then all go on.') },
};

/** The methods of a shared variable (`counter.incr`). */
export const VAR_METHODS: Readonly<Record<string, MethodSpec>> = {
  read: plain('Read the variable (a shared access: it can race with a write).'),
  write: { arg: 'optional', doc: 'Write the variable (a shared access: it can race with a read or a write).' },
  incr: plain('Read the variable, then write it plus one: two steps, so another task can run between them (a lost update).'),
  atomic_add: { arg: 'required', doc: 'Add the value atomically: one indivisible step, never a race.' },
  atomic_load: plain('Read the variable atomically: never a race.'),
  atomic_store: { arg: 'required', doc: 'Write the value atomically: never a race.' },
};

/** Steps written as a bare word. */
export const WORD_STEPS = ['yield', 'lock_os_thread', 'unlock_os_thread'] as const;

/** Steps written as a map whose first key names the step. */
export const KEYED_STEPS = [
  'compute', 'io', 'syscall', 'sleep', 'offload', 'go', 'spawn', 'join', 'repeat', 'critical', 'select', 'print',
] as const;

/** The extra keys each keyed step accepts beside its own. */
export const STEP_MODIFIERS: Readonly<Record<string, readonly string[]>> = {
  go: ['count', 'name', 'priority'],
  spawn: ['count', 'name', 'priority'],
  repeat: ['do'],
  critical: ['do'],
};

/**
 * Limits checked before a run, so a typo such as `count: 20000000` is an input error
 * with a line number instead of a run that exhausts memory. `MAX_TASKS` matches the
 * engine's default task budget (run.ts `DEFAULT_BUDGET`).
 */
export const MAX_TASKS = 2_000_000;
export const MAX_STEPS = 10_000_000;
/** Deepest nesting of `do` bodies (repeat, critical, once, select). */
export const MAX_NESTING = 64;
