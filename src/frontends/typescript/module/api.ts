/**
 * The `interleave` module, listed once: every export a `.sim.ts` file can import, what the
 * rewrite turns a use of it into, and the step the runtime then takes.
 *
 * Three texts describe the module and must agree with this table:
 * - `interleave.d.ts`, what users' editors read (hand-written: its doc comments and
 *   generic signatures are the user's documentation);
 * - the runtime inside the sandbox (`sandbox/runtimeSource.ts`), which takes the class →
 *   sync-kind map from here and implements every function and method;
 * - the rewrite (`compile/calls.ts`, `analyze.ts`, `loops.ts`), which takes its lists from here.
 * `test/unit/typescript/moduleApi.test.ts` parses the declarations and drives the runtime,
 * and fails when either has an export, a member or a first step this table does not.
 */
import type { AtomicAction, OpKind, SyncAction, SyncKind } from '../../../core/program';

/** The first step a call takes, as the runtime yields it (`sandbox/driver.ts` turns it into the core's `Op`). */
export type FirstStep =
  | { readonly op: 'sync'; readonly action: SyncAction }
  | { readonly op: 'atomic'; readonly action: AtomicAction }
  | { readonly op: Exclude<OpKind, 'sync' | 'atomic' | 'print'> };

/** What the rewrite makes of a use; every kind but `range-loop` and `type-only` calls the runtime's member of the same name. */
export type Rewrite =
  /** `__il.f.name(at, ...args)` or `recv.name(at, ...args)`, run with `yield*`. */
  | 'call'
  /** `go`/`spawn`: also passes the task's name and the names of its arguments; the function is a task root. */
  | 'start-task'
  /** `critical(name?, fn?)`: a name (`critical@line` when absent); as a bare statement, a section to the end of the block. */
  | 'section'
  /** Only as the iterable of a for-of, rewritten into a `recvOk()` loop; the runtime has no such member. */
  | 'range-loop'
  /** A property that exists only in the types (a brand); nothing to call. */
  | 'type-only';

export interface ApiMember {
  readonly name: string;
  readonly rewrite: Rewrite;
  /** `null`: the call takes no step (it builds a value, such as a select case). A `range-loop`'s is each `recvOk()`'s. */
  readonly step: FirstStep | null;
  /** The call changes no state (it reads, or gives up the processor): a loop calling only these may be pure (`loops.ts`). */
  readonly readOnly?: true;
  /** Where the function it is given runs: a new task (a task root), or the calling task (so it is simulated code). */
  readonly runsFunction?: 'new-task' | 'calling-task';
}

export interface ApiFunction extends ApiMember {
  readonly kind: 'function';
}

/** A class users construct with `new`; the runtime makes it with a `make` step. */
export interface ApiClass {
  readonly kind: 'class';
  readonly name: string;
  /** The sync object its `make` declares, or `var` for an atomic variable. */
  readonly makes: SyncKind | 'var';
  readonly members: readonly ApiMember[];
}

/** A type whose values only the module hands out (`spawn`'s task, a select case): no `new`. */
export interface ApiInterface {
  readonly kind: 'interface';
  readonly name: string;
  /** Its members; those the rewrite calls are methods of the runtime's object behind it (spawn's `Task`). */
  readonly members: readonly ApiMember[];
}

export interface ApiType {
  readonly kind: 'type';
  readonly name: string;
}

export type ApiExport = ApiFunction | ApiClass | ApiInterface | ApiType;

const fn = (name: string, step: FirstStep | null, more: Partial<Omit<ApiFunction, 'kind' | 'name' | 'step'>> = {}): ApiFunction =>
  ({ kind: 'function', name, step, rewrite: 'call', ...more });
const method = (name: string, step: FirstStep | null, more: Partial<Omit<ApiMember, 'name' | 'step'>> = {}): ApiMember =>
  ({ name, step, rewrite: 'call', ...more });
const sync = (action: SyncAction): FirstStep => ({ op: 'sync', action });
const atomic = (action: AtomicAction): FirstStep => ({ op: 'atomic', action });

export const INTERLEAVE_API: readonly ApiExport[] = [
  { kind: 'type', name: 'Duration' },
  fn('go', { op: 'spawn' }, { rewrite: 'start-task', runsFunction: 'new-task' }),
  { kind: 'interface', name: 'Task', members: [method('join', { op: 'join' })] },
  fn('spawn', { op: 'spawn' }, { rewrite: 'start-task', runsFunction: 'new-task' }),
  fn('sleep', { op: 'sleep' }),
  fn('compute', { op: 'compute' }),
  fn('io', { op: 'io' }),
  fn('syscall', { op: 'syscall' }),
  fn('gosched', { op: 'yield' }, { readOnly: true }),
  fn('lockOSThread', { op: 'lock_os_thread' }),
  fn('unlockOSThread', { op: 'unlock_os_thread' }),
  {
    kind: 'class', name: 'Mutex', makes: 'mutex', members: [
      method('lock', sync('lock')),
      method('unlock', sync('unlock')),
      method('tryLock', sync('try_lock')),
    ],
  },
  {
    kind: 'class', name: 'RWMutex', makes: 'rwmutex', members: [
      method('rlock', sync('rlock')),
      method('runlock', sync('runlock')),
      method('lock', sync('lock')),
      method('unlock', sync('unlock')),
      method('tryLock', sync('try_lock')),
    ],
  },
  {
    kind: 'class', name: 'WaitGroup', makes: 'waitgroup', members: [
      method('add', sync('add')),
      method('done', sync('done')),
      method('wait', sync('wait')),
    ],
  },
  {
    kind: 'class', name: 'Semaphore', makes: 'semaphore', members: [
      method('acquire', sync('acquire')),
      method('release', sync('release')),
      method('tryAcquire', sync('try_acquire')),
    ],
  },
  {
    kind: 'class', name: 'Chan', makes: 'channel', members: [
      method('send', sync('send')),
      method('recv', sync('recv')),
      method('recvOk', sync('recv')),
      method('close', sync('close')),
      method('len', sync('len'), { readOnly: true }),
      method('range', sync('recv'), { rewrite: 'range-loop' }),
    ],
  },
  { kind: 'interface', name: 'SelectCase', members: [method('__case', null, { rewrite: 'type-only' })] },
  fn('recvCase', null, { runsFunction: 'calling-task' }),
  fn('sendCase', null, { runsFunction: 'calling-task' }),
  fn('defaultCase', null, { runsFunction: 'calling-task' }),
  fn('select', { op: 'select' }),
  { kind: 'class', name: 'Once', makes: 'once', members: [method('do', sync('once_enter'), { runsFunction: 'calling-task' })] },
  {
    kind: 'class', name: 'Cond', makes: 'cond', members: [
      method('wait', sync('wait')),
      method('signal', sync('signal')),
      method('broadcast', sync('broadcast')),
    ],
  },
  { kind: 'class', name: 'Barrier', makes: 'barrier', members: [method('wait', sync('wait'))] },
  {
    kind: 'class', name: 'AtomicInt', makes: 'var', members: [
      method('load', atomic('load'), { readOnly: true }),
      method('store', atomic('store')),
      method('add', atomic('add')),
      method('cas', atomic('cas')),
    ],
  },
  fn('assert', { op: 'assert' }),
  fn('unreachable', { op: 'assert' }),
  fn('critical', { op: 'enter' }, { rewrite: 'section', runsFunction: 'calling-task' }),
];

/**
 * The event loop's timers, declared as globals in `interleave.d.ts` (outside the module, as
 * Node and browsers have them); the rewrite calls the runtime's function of the same name.
 */
export const EVENT_LOOP_GLOBALS = ['setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask'] as const;

/**
 * Runtime functions only the rewrite calls (never imported by users): `make` for `new`,
 * `makeNow` for `new` in plain JavaScript (a constructor), the two halves of a
 * `critical(name);` statement's section, an async function's call (`flow`), `await`, and
 * `new Promise(executor)`; and the event loop's globals.
 */
export const RUNTIME_HELPERS = ['make', 'makeNow', 'enterSection', 'exitSection', 'flow', 'await', 'newPromise', ...EVENT_LOOP_GLOBALS] as const;

/** How `analyze.ts` names a use: `go`, or `Mutex.lock`. */
export function apiKey(name: string, owner?: string): string {
  return owner ? `${owner}.${name}` : name;
}

function entries(): Map<string, ApiMember> {
  const out = new Map<string, ApiMember>();
  for (const e of INTERLEAVE_API) {
    if (e.kind === 'function') out.set(e.name, e);
    else if (e.kind === 'class' || e.kind === 'interface') for (const m of e.members) out.set(apiKey(m.name, e.name), m);
  }
  return out;
}

/** Every function and member by `apiKey`. */
export const API_MEMBERS: ReadonlyMap<string, ApiMember> = entries();

/** The classes a `new` of which the rewrite turns into the runtime's `make`. */
export const API_CLASSES: ReadonlyMap<string, ApiClass> = new Map(
  INTERLEAVE_API.filter((e): e is ApiClass => e.kind === 'class').map((c) => [c.name, c]));

/** The keys of the functions and members for which `pick` holds. */
export function apiKeysWhere(pick: (m: ApiMember) => boolean): ReadonlySet<string> {
  return new Set([...API_MEMBERS].filter(([, m]) => pick(m)).map(([k]) => k));
}
