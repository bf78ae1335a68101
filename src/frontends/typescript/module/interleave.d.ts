/**
 * The simulated concurrency primitives of Interleave (typescript-format.md, v1).
 *
 * A `.sim.ts` file imports from `"interleave"`; the simulator runs it under its own
 * scheduler, so every read and write of shared state and every call below is a step
 * that another task may interleave with. Nothing here runs outside the simulator.
 */
// The event loop's timers, as Node and browsers have them (an async `.sim.ts` file runs on the
// `eventloop` runtime; elsewhere a call is an error at its line).
/** Runs `fn(...args)` as a macrotask after `ms` milliseconds (at least 1, as in Node); returns its id. */
declare function setTimeout<A extends unknown[]>(fn: (...args: A) => unknown, ms?: number, ...args: A): number;
/** Cancels a timer made with `setTimeout`. */
declare function clearTimeout(id: number | undefined): void;
/** Runs `fn(...args)` as a macrotask in the loop's check phase (Node's `setImmediate`). */
declare function setImmediate<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): number;
/** Queues `fn` as a microtask: it runs before the next macrotask, after the promise jobs already queued. */
declare function queueMicrotask(fn: () => void): void;

declare module 'interleave' {
  /** A duration: a string with a unit (`"20ms"`, `"5us"`, `"1s"`, `"300ns"`) or a number of milliseconds. */
  export type Duration = string | number;

  /**
   * Starts a goroutine (a thread or process in the other runtimes) running `fn(...args)`.
   * Everything before the call happens before the new task's first step.
   * @example go(() => { counter++; wg.done(); });
   */
  export function go<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void;

  /** A started task; `join()` waits until it has finished and returns what its function returned. */
  export interface Task<T = unknown> {
    /** Waits until the task ends; its end happens before `join` returns. Returns the task's return value. */
    join(): T;
  }

  /**
   * Like `go`, but returns a handle whose `join()` waits for the task.
   * @example const t = spawn(worker, 1); t.join();
   */
  export function spawn<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Task<T>;

  /**
   * Sleeps on a timer for `d`; the task needs no CPU meanwhile. In an async file (the event
   * loop) it blocks nothing: it returns a promise that a timer resolves after `d`.
   * @example await sleep(100);
   */
  export function sleep(d: Duration): Promise<void>;
  /** CPU work for `d`, timed at full speed on an idle core. */
  export function compute(d: Duration): void;
  /**
   * Blocking I/O for `d` that needs no thread while it waits (Go's netpoller; Python drops the GIL).
   * In an async file (the event loop): a request whose completion time is unknown, named
   * `label` (a duration instead sets how long it takes in `run`). It returns a promise; `check`
   * explores every order in which pending requests complete, and nothing else.
   * @example const user = await io("fetch user");
   */
  export function io(d?: Duration | string): Promise<void>;
  /** A blocking system call for `d` that holds its OS thread (Go: the M blocks and its P is handed off). */
  export function syscall(d: Duration): void;
  /** Gives up the processor (Go's `runtime.Gosched`). */
  export function gosched(): void;
  /** Go only: wires this goroutine to its OS thread (M), as `runtime.LockOSThread`. */
  export function lockOSThread(): void;
  /** Go only: undoes `lockOSThread`. */
  export function unlockOSThread(): void;

  /** A mutual-exclusion lock: `unlock` happens before the next `lock`. */
  export class Mutex {
    constructor();
    /** Blocks until the lock is free, then takes it. */
    lock(): void;
    /** Releases the lock. Unlocking an unlocked mutex is a misuse finding. */
    unlock(): void;
    /** Takes the lock if it is free; returns whether it did. Never blocks. */
    tryLock(): boolean;
  }

  /** A readers-writer lock: many readers or one writer. */
  export class RWMutex {
    constructor();
    /** Takes a read lock (shared with other readers). */
    rlock(): void;
    /** Releases a read lock. */
    runlock(): void;
    /** Takes the write lock (exclusive). */
    lock(): void;
    /** Releases the write lock. */
    unlock(): void;
    /** Takes the write lock if no reader or writer holds it; returns whether it did. Never blocks (Go's `RWMutex.TryLock`). */
    tryLock(): boolean;
  }

  /** Waits for a collection of tasks to finish (Go's `sync.WaitGroup`). */
  export class WaitGroup {
    constructor();
    /** Adds `n` (may be negative) to the counter. */
    add(n: number): void;
    /** Decrements the counter by one; each `done` happens before `wait` returns. */
    done(): void;
    /** Blocks until the counter is zero. */
    wait(): void;
  }

  /** A counting semaphore with `permits` permits (1 = binary); any task may release. */
  export class Semaphore {
    constructor(permits: number);
    /** Blocks until a permit is free, then takes it. */
    acquire(): void;
    /** Returns a permit; it happens before the acquire it enables. */
    release(): void;
    /** Takes a permit if one is free; returns whether it did. Never blocks. */
    tryAcquire(): boolean;
  }

  /** A Go channel. Capacity 0 (the default) is unbuffered: send and receive meet. */
  export class Chan<T = unknown> {
    constructor(capacity?: number);
    /** Sends `v`; blocks while the buffer is full (or, unbuffered, until a receiver takes it). Sending on a closed channel panics. */
    send(v: T): void;
    /** Receives a value; blocks until one is there. Returns `undefined` once the channel is closed and drained. */
    recv(): T;
    /** Receives a value and whether it came from a send (`false`: closed and drained). */
    recvOk(): [T, boolean];
    /** Closes the channel: receivers drain the buffer, then get `ok = false`. */
    close(): void;
    /** Number of values in the buffer. */
    len(): number;
    /** Iterates with `for (const v of ch.range())` until the channel is closed and drained. */
    range(): Iterable<T>;
  }

  /** One case of a `select`, built with `recvCase`, `sendCase` or `defaultCase`. */
  export interface SelectCase<R = unknown> {
    readonly __case: R;
  }
  /** A case that receives from `ch`; `fn(value, ok)` runs when it fires. */
  export function recvCase<T, R = void>(ch: Chan<T>, fn?: (value: T, ok: boolean) => R): SelectCase<R>;
  /** A case that sends `value` on `ch`; `fn()` runs when it fires. */
  export function sendCase<T, R = void>(ch: Chan<T>, value: T, fn?: () => R): SelectCase<R>;
  /** The case that runs when no other case is ready; without it, `select` blocks. */
  export function defaultCase<R = void>(fn?: () => R): SelectCase<R>;
  /**
   * Go's `select`: waits until one case can proceed (a ready case is chosen at random),
   * runs its function and returns what it returned.
   * @example select([recvCase(ch, v => got = v), defaultCase()]);
   */
  export function select<R>(cases: SelectCase<R>[]): R;

  /** Runs a function once across all tasks (Go's `sync.Once`). */
  export class Once {
    constructor();
    /** Runs `fn` if no task has; other callers wait until it has finished. */
    do(fn: () => void): void;
  }

  /** A condition variable bound to a mutex. */
  export class Cond {
    constructor(mutex: Mutex);
    /** Releases the mutex, waits for a signal, and takes the mutex again. Call it in a loop. */
    wait(): void;
    /** Wakes one waiter. */
    signal(): void;
    /** Wakes every waiter. */
    broadcast(): void;
  }

  /** A barrier for `parties` tasks: `wait` returns when all have arrived. */
  export class Barrier {
    constructor(parties: number);
    /** Arrives and waits for the others. */
    wait(): void;
  }

  /** An integer updated atomically; mixing it with plain access is not possible. */
  export class AtomicInt {
    constructor(initial?: number);
    /** Reads the value (an acquire). */
    load(): number;
    /** Writes the value (a release). */
    store(v: number): void;
    /** Adds `n` and returns the new value. */
    add(n: number): number;
    /** Sets the value to `next` if it is `old`; returns whether it did. */
    cas(old: number, next: number): boolean;
  }

  /** A failed assertion is a finding, reported with the schedule that reached it. */
  export function assert(cond: unknown, message?: string): asserts cond;
  /** Marks code no schedule should reach; reaching it is a finding. */
  export function unreachable(message?: string): never;
  /**
   * Marks a critical section: two tasks inside the same named section at once is a finding.
   * With `fn`, the section is the call; without it, the section lasts to the end of the enclosing block.
   * @example critical("account", () => { balance -= 10; });
   */
  export function critical<R>(name: string, fn: () => R): R;
  export function critical<R>(fn: () => R): R;
  export function critical(name?: string): void;
}

