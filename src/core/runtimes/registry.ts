/**
 * Which runtime runs a program. `go`, `python` and `processes` register here when they
 * exist; until then they run on `threads` semantics and the result says so.
 */
import type { RuntimeKind, SimConfig } from '../program';
import type { Runtime, RuntimeFactory } from './runtime';
import { GoRuntime } from './go/index';
import { ProcessesRuntime, PythonRuntime } from './python/index';
import { ThreadsRuntime } from './threads';

const factories = new Map<RuntimeKind, RuntimeFactory>([
  ['threads', (c) => new ThreadsRuntime(c)],
  ['go', (c) => new GoRuntime(c)],
  ['python', (c) => new PythonRuntime(c)],
  ['processes', (c) => new ProcessesRuntime(c)],
]);

/** Registers the implementation of a runtime kind (called by runtimes/go, runtimes/python). */
export function registerRuntime(kind: RuntimeKind, factory: RuntimeFactory): void {
  factories.set(kind, factory);
}

/** True when `kind` has its own implementation (false: it would fall back to threads). */
export function isRuntimeModelled(kind: RuntimeKind): boolean {
  return factories.has(kind);
}

export function createRuntime(config: SimConfig): Runtime {
  const f = factories.get(config.runtime.kind);
  if (f) return f(config);
  const rt = new ThreadsRuntime(config);
  rt.notes.push(`The ${config.runtime.kind} runtime is not modelled yet: this run used 1:1 threads semantics ` +
    `(each task its own kernel thread), so ${config.runtime.kind}-specific behaviour is absent.`);
  return rt;
}
