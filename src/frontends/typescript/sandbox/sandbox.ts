/**
 * The isolated context a compiled `.sim.ts` file runs in. It is a fresh V8 context whose
 * global has a null prototype and holds only ECMAScript's built-ins: no `require`,
 * `process`, file system, network or timers. Code generation from strings is off, so
 * `Function('return process')` and `eval` throw; dynamic `import()` is rejected by the
 * compiler and has no loader here. The host never hands the context a host object:
 * results cross as primitives or are rebuilt from the context's own constructors, so no
 * host `constructor` is reachable. Microtasks stay queued inside the context
 * (`afterEvaluate`), so a stray promise cannot run user code behind the scheduler's back.
 */
import * as vm from 'node:vm';
import { RUNTIME_SOURCE } from './runtimeSource';
import { MODULE_FN } from '../compile/transform';

/** What the runtime inside the context exposes to the host (all of it context-realm code). */
export interface SandboxApi {
  runMain(moduleFn: unknown, seed: number): Generator<unknown, unknown, unknown>;
  step(gen: Generator<unknown, unknown, unknown>, input: unknown): IteratorResult<unknown, unknown>;
  /** Runs an op's effect (its `fx`) under the same slice clock as `step`. */
  effect(fx: unknown): unknown;
  start(fn: unknown, args: unknown): Generator<unknown, unknown, unknown>;
  isAbort(e: unknown): boolean;
  mkObject(...kv: unknown[]): object;
  mkArray(...items: unknown[]): unknown[];
}

export interface SandboxLimits {
  /** Longest wall-clock time of one slice of user JavaScript between two steps. */
  readonly sliceMs: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { sliceMs: 5000 };

export class Sandbox {
  readonly api: SandboxApi;
  readonly moduleFn: unknown;

  constructor(js: string, readonly scriptName: string, limits: SandboxLimits) {
    const ctx = vm.createContext(Object.create(null), {
      name: 'interleave simulation',
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const timeout = limits.sliceMs;
    const factory = vm.runInContext(RUNTIME_SOURCE, ctx, { filename: 'interleave-runtime.js', timeout }) as (ms: number) => SandboxApi;
    this.api = factory(limits.sliceMs);
    this.moduleFn = new vm.Script(`${js}\n${MODULE_FN};`, { filename: scriptName }).runInContext(ctx, { timeout });
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
