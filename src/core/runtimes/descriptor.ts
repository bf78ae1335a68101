/**
 * What a runtime says about itself: one typed descriptor per runtime, listed once in
 * `registry.ts`. Every list of runtime kinds (the config check, the scenario vocabulary and
 * its JSON Schema, the TypeScript front end's `config`, the panel protocol's guards, the
 * editor's Compare suggestions, the panel's what-if bar) is read from that list, and the
 * generic sync objects and the engine ask the descriptor for the runtime's own wording of
 * a misuse instead of naming Go or Python themselves.
 */
import type { SimConfig, TaskId } from '../program';
import type { TaskKind } from '../run';
import type { Runtime } from './runtime';

/**
 * How the runtime words a misuse of a sync object, byte for byte as its real counterpart
 * prints it (models.md). The sync objects decide *whether* something is a misuse; these
 * only say it. `name` is the object's name as the program declares it.
 */
export interface MisuseWording {
  /** Unlock of a mutex nobody holds (Go: a fatal error; CPython: RuntimeError; pthreads: EPERM). */
  mutexUnlockUnlocked(name: string): string;
  /** Relock of an error-checking mutex by its holder (pthreads: EDEADLK). */
  mutexRelock(name: string): string;
  /** Unlock of an owned mutex by a task that does not hold it (pthreads: EPERM). */
  mutexUnlockNotHolder(name: string, holder: string): string;
  /** Unlock of a readers-writer lock that is not write-locked. */
  rwUnlockUnlocked(name: string): string;
  /** Write-unlock of an owned readers-writer lock by a task that does not hold it. */
  rwUnlockNotHolder(name: string, writer: string): string;
  /** Read-unlock of a readers-writer lock that nobody holds for reading. */
  rwRUnlockUnlocked(name: string): string;
  /** Read-unlock of an owned readers-writer lock by a task that holds no read lock. */
  rwRUnlockNotReader(name: string): string;
  /** Release of a `strict` semaphore beyond its initial permits (BoundedSemaphore). */
  semaphoreOverRelease(name: string, initial: number): string;
  /** The first words of a deadlock finding, before the list of who waits for what. */
  deadlock: string;
  /**
   * True when any misuse ends the whole program, not just the task (Go: an unrecovered
   * panic exits with status 2); false when only the misusing task ends.
   */
  panicEndsProgram: boolean;
}

/** A `runtime.*` setting the runtime reads, with its default (SimConfig['runtime']). */
export interface RuntimeSetting {
  /** The field of `SimConfig['runtime']`. */
  readonly field: Exclude<keyof SimConfig['runtime'], 'kind'>;
  /** How a person writes it: `--set runtime.<key>`, scenario `runtime: { <key>: ... }`. */
  readonly key: string;
  readonly default: number | boolean | string;
  /** A duration, written with a unit (`5ms`). */
  readonly ns?: boolean;
  /** One line for people (the scenario schema's hover), naming what it models. */
  readonly doc?: string;
  /** A word setting: the words it accepts (the scenario reader and schema check them). */
  readonly values?: readonly string[];
}

/**
 * One runtime. `K` is its kind as people write it (`runtime: go`), `S` the typed shape of
 * its scheduler state as `Runtime.inspect()` returns it (the debugger's Machine scope,
 * the panel's machine view).
 */
export interface RuntimeDescriptor<K extends string = string, S extends object = Record<string, unknown>> {
  readonly kind: K;
  /** A few words for people on what it models (`1:1`, `G/M/P`, `GIL`), as docs list the kinds. */
  readonly summary: string;
  /** What its tasks are called in results; decides task labels (`G1`, `T1`, `P1`). */
  readonly taskKind: TaskKind;
  /** The `runtime.*` settings it reads, with their defaults. */
  readonly settings: readonly RuntimeSetting[];
  readonly misuse: MisuseWording;
  /**
   * Its settings in a few words, for a run's header (`go, GOMAXPROCS 4`; `python, GIL`).
   * Without it, the kind alone is shown.
   */
  describe?(runtime: SimConfig['runtime']): string;
  /**
   * The real runtime version the model follows, and the one its costs were measured on
   * (docs/models.md, Versions), for the panel and reports: a user's installed version may
   * behave differently where the runtime changed between them.
   */
  readonly follows?: { readonly name: string; readonly version: string; readonly measured: string };
  /**
   * How the runtime itself shares processors among its tasks, when it does: on how many at
   * once, and the longest turn one task gets while others wait (Go: GOMAXPROCS Ps, sysmon
   * preempting at forcePreemptNS; CPython with the GIL: one thread at a time, the switch
   * interval). Without it, the OS policy shares the hardware threads (analysis/starvation.ts).
   */
  fairShare?(config: SimConfig): { readonly processors: number; readonly turnNs: number } | undefined;
  /**
   * One thread runs the tasks, each until it blocks, yields or returns (the JavaScript event
   * loop: a macrotask runs to completion). The untimed model then takes each such stretch as
   * one step, so exploration branches only where the loop could pick another task, and no
   * two tasks ever run at once: accesses do not race as threads' do (the race detector is
   * not run; the front end reports races across `await` itself).
   */
  readonly runToCompletion?: boolean;
  /** A fresh runtime for one run. */
  create(config: SimConfig): Runtime<S>;
}

/** Label prefix per task kind; the engine names every task with `taskLabel` (engine/task.ts). */
const TASK_PREFIX: Readonly<Record<TaskKind, string>> = { goroutine: 'G', thread: 'T', process: 'P', 'python-thread': 'T', callback: 'C' };

/** How results name task `task` of a runtime whose tasks are `kind`s: `G1`, `T2`, `P3` (1-based). */
export function taskLabel(kind: TaskKind, task: TaskId): string {
  return TASK_PREFIX[kind] + (task + 1);
}

/** The state type a descriptor's runtime reports from `inspect()`. */
export type StateOf<D> = D extends RuntimeDescriptor<string, infer S> ? S : never;
