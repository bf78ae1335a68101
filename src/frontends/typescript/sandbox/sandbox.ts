/**
 * The isolated context a compiled `.sim.ts` file runs in. It is a fresh V8 context whose
 * global has a null prototype and holds only ECMAScript's built-ins: no `require`,
 * `process`, file system, network or timers. Code generation from strings is off, so
 * `Function('return process')` and `eval` throw; dynamic `import()` is rejected by the
 * compiler and has no loader here. The host never hands the context a host object:
 * results cross as primitives or are rebuilt from the context's own constructors, so no
 * host `constructor` is reachable. Microtasks stay queued inside the context
 * (`afterEvaluate`), so a stray promise cannot run user code behind the scheduler's back.
 *
 * Every run starts in a context no earlier run changed (`SimScripts.sandbox()`): a program
 * that writes to `globalThis` or patches a built-in in one schedule would otherwise see it
 * in the next, and a finding would not replay. A new context costs 1-4 ms on Node 20, as
 * much as a whole schedule of a small program, so the latest run's context is reused when
 * a comparison with its snapshot (realmState.ts, 0.2-0.6 ms) shows that nothing in it
 * changed; otherwise the next run gets a new one. The runtime and the module are
 * compiled once and only instantiated in each new context.
 */
import * as vm from 'node:vm';
import { OpError } from '../../../core';
import { RealmSnapshot } from './realmState';
import { RUNTIME_SOURCE } from './runtimeSource';
import { MODULE_FN } from '../compile/transform';

/** A run's state inside the context (runtimeSource.ts, newRun): opaque to the host, which only hands it back. */
export type RunState = { readonly __runState: never };

/** What the runtime inside the context exposes to the host (all of it context-realm code). */
export interface SandboxApi {
  /** What a run can reach and change (runtimeSource.ts): all of it, or what a program that uses only `names` (comma-separated) can. */
  intrinsics(names?: string): object[];
  /** A new run's own state (what it has shared and made, its Math.random seed), entered at once. */
  newRun(seed: number): RunState;
  /** Makes `state` the running run's, before one of its steps (claim). */
  enter(state: RunState): void;
  /**
   * `state`: from newRun. `eventLoop`: false, or the line of each location index,
   * comma-separated (the loop names lanes after lines: `then@12`).
   */
  runMain(moduleFn: unknown, state: RunState, eventLoop: false | string): Generator<unknown, unknown, unknown>;
  step(gen: Generator<unknown, unknown, unknown>, input: unknown): IteratorResult<unknown, unknown>;
  /** Runs an op's effect (its `fx`) under the same slice clock as `step`. */
  effect(fx: unknown): unknown;
  start(fn: unknown, args: unknown): Generator<unknown, unknown, unknown>;
  isAbort(e: unknown): boolean;
  /** The sandbox's own slice limit (a budget stop, not the program's exception). */
  isLimit(e: unknown): boolean;
  mkObject(...kv: unknown[]): object;
  mkArray(...items: unknown[]): unknown[];
  /** The make steps of sync objects created in plain JavaScript since the last call (runtimeSource.ts, makeNow). */
  takeMade(): ArrayLike<unknown> | undefined;
}

export interface SandboxLimits {
  /** Longest wall-clock time of one slice of user JavaScript between two steps. */
  readonly sliceMs: number;
  /**
   * Longest wall-clock time of user JavaScript in one whole run, all slices together: a
   * loop whose every pass does seconds of work and then takes a step (`gosched()`) stays
   * under `sliceMs` each time and would otherwise run until the event budget, for days.
   */
  readonly runMs?: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { sliceMs: 5000, runMs: 60_000 };

let runtimeScript: vm.Script | undefined;

/** After this many runs that changed their context, a program gets a new context per run without snapshots. */
const DIRTY_RUNS_BEFORE_GIVING_UP = 2;

/**
 * Every word of the code, comma-separated: the globals it can name. Undefined when the
 * code names `globalThis` (then it reaches the whole realm) or holds a `\u` escape, which
 * can spell an identifier no word shows. Too many words (a string's, a comment's) only
 * make the comparison cover more.
 */
export function reachableNames(js: string): string | undefined {
  if (js.includes('\\u')) return undefined;
  const words = new Set(js.match(/[A-Za-z_$][\w$]*/g) ?? []);
  if (words.has('globalThis')) return undefined;
  return [...words].join(',');
}

/** A compiled simulation, ready to be instantiated in any number of contexts. */
export class SimScripts {
  private readonly runtime: vm.Script;
  private readonly module: vm.Script;
  /** A context no run has used: the first run takes the one `linkSimModule` made to check the code loads. */
  private spare: Sandbox | undefined;
  /** The context of the latest run, offered to the next one. */
  private latest: Sandbox | undefined;
  private dirtyRuns = 0;

  /** The words of the program's code, when it never names the global object (reachableNames). */
  private readonly names: string | undefined;

  constructor(js: string, readonly scriptName: string, private readonly limits: SandboxLimits) {
    this.runtime = runtimeScript ??= new vm.Script(RUNTIME_SOURCE, { filename: 'interleave-runtime.js' });
    this.module = new vm.Script(`${js}\n${MODULE_FN};`, { filename: scriptName });
    this.names = reachableNames(`${js}\n${MODULE_FN}`);
    this.spare = this.make();
  }

  /**
   * A context in the state a new one has, held by `run`. The latest run's context is
   * reused when nothing in it changed, whether or not that run ended (a deadlocked run
   * never does): if the earlier run is stepped again, `Sandbox.claim` checks the same.
   */
  sandbox(run: object, seed: number): { sandbox: Sandbox; state: RunState } {
    const latest = this.latest;
    if (latest?.snapshot) {
      if (latest.snapshot.unchanged()) return { sandbox: latest, state: latest.begin(run, seed) };
      this.dirtyRuns++;
    }
    const fresh = this.spare ?? this.make();
    this.spare = undefined;
    if (this.dirtyRuns < DIRTY_RUNS_BEFORE_GIVING_UP) fresh.snapshot = RealmSnapshot.take(fresh.api.intrinsics(this.names));
    this.latest = fresh;
    return { sandbox: fresh, state: fresh.begin(run, seed) };
  }

  private make(): Sandbox {
    const ctx = vm.createContext(Object.create(null), {
      name: 'interleave simulation',
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    // Neither script runs user code when evaluated: they define the runtime and the module function.
    const factory = this.runtime.runInContext(ctx) as (ms: number) => SandboxApi;
    return new Sandbox(factory(this.limits.sliceMs), this.module.runInContext(ctx), this.scriptName);
  }
}

/** A context: the runtime inside it and the module's generator function. */
export class Sandbox {
  /** The context's state before its first run, when it may be shared by runs one after another (SimScripts). */
  snapshot: RealmSnapshot | undefined;
  /** The run whose code last ran here. */
  holder: object | undefined;

  constructor(readonly api: SandboxApi, readonly moduleFn: unknown, readonly scriptName: string) {}

  /** `run` starts here: its own state in the context, entered. */
  begin(run: object, seed: number): RunState {
    this.holder = run;
    return this.api.newRun(seed);
  }

  /**
   * Before `run` steps: when another run took the context in between (a paused debugger
   * session or trace cursor resumed after later runs), it continues only if that run
   * left the context as it was, and with its own state (`state`) entered again.
   */
  claim(run: object, state: RunState): void {
    if (this.holder === run) return;
    if (this.snapshot && !this.snapshot.unchanged()) {
      throw new OpError('another run of this file changed its JavaScript globals or built-ins while this run was paused, '
        + 'so this run cannot continue as it began; run it again');
    }
    this.holder = run;
    this.api.enter(state);
  }

  /**
   * Rebuilds a value the engine made (a result object, an id array) out of the context's
   * own objects. Values that came from the context pass unchanged; host functions never do.
   */
  toSandbox(v: unknown): unknown {
    if (v === null || v === undefined) return v;
    if (typeof v === 'function') return v instanceof Function ? undefined : v;
    if (typeof v !== 'object') return v;
    if (!(v instanceof Object)) return v;
    if (Array.isArray(v)) return this.api.mkArray(...v.map((x) => this.toSandbox(x)));
    const kv: unknown[] = [];
    for (const [k, x] of Object.entries(v)) kv.push(k, this.toSandbox(x));
    return this.api.mkObject(...kv);
  }
}
