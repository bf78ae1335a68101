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
}

const none: MethodSpec = { arg: 'none' };

/** The methods each sync kind has, as steps (`mu.lock`). */
export const SYNC_METHODS: Readonly<Record<SyncKind, Readonly<Record<string, MethodSpec>>>> = {
  mutex: { lock: none, unlock: none, try_lock: none },
  rwmutex: { rlock: none, runlock: none, lock: none, unlock: none },
  waitgroup: { add: { arg: 'required' }, done: none, wait: none },
  semaphore: { acquire: none, release: none, try_acquire: none },
  channel: { send: { arg: 'optional' }, recv: none, close: none },
  once: { do: { arg: 'steps' } },
  cond: { wait: none, signal: none, broadcast: none },
  barrier: { wait: none },
};

/** The methods of a shared variable (`counter.incr`). */
export const VAR_METHODS: Readonly<Record<string, MethodSpec>> = {
  read: none,
  write: { arg: 'optional' },
  incr: none,
  atomic_add: { arg: 'required' },
  atomic_load: none,
  atomic_store: { arg: 'required' },
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
