/**
 * The runtimes, one descriptor each (descriptor.ts). Adding a runtime is its own folder
 * exporting a `RuntimeDescriptor` plus one line in `BUILTIN_RUNTIMES`; every list of kinds
 * (config, scenario vocabulary and schema, the TypeScript front end, the panel protocol,
 * Compare, the what-if bar) reads `runtimeKinds()`. `registerRuntime` adds one at run
 * time (a plug-in, a test fixture).
 */
import type { SimConfig } from '../program';
import type { RuntimeDescriptor } from './descriptor';
import { asyncioRuntime } from './asyncio/index';
import { eventLoopRuntime } from './eventloop/index';
import { goRuntime } from './go/index';
import { greenRuntime } from './green/index';
import { processesRuntime, pythonRuntime } from './python/index';
import type { Runtime } from './runtime';
import { threadsRuntime } from './threads/index';

export { asyncioRuntime, eventLoopRuntime, goRuntime, greenRuntime, processesRuntime, pythonRuntime, threadsRuntime };
export type { GoMState, GoPState, GoSchedState } from './go/index';
export type { GilState, ProcessesState, PythonState } from './python/index';
export type { ThreadsState } from './threads/index';
export type { EventLoopState } from './eventloop/index';
export { LoopQueues, LOOP_THREAD, type LoopHandle, type LoopTimer } from './asyncio/index';
export type { GreenState } from './green/index';
export type { MisuseWording, RuntimeDescriptor, RuntimeSetting, StateOf } from './descriptor';

/** The runtimes that ship, in the order people see them listed. */
export const BUILTIN_RUNTIMES = [threadsRuntime, goRuntime, pythonRuntime, processesRuntime, eventLoopRuntime, asyncioRuntime, greenRuntime] as const;

/** A runtime kind that ships (`threads`, `go`, `python`, `processes`, `eventloop`, `asyncio`, `green`). */
export type BuiltinRuntimeKind = (typeof BUILTIN_RUNTIMES)[number]['kind'];

const descriptors = new Map<string, RuntimeDescriptor>(BUILTIN_RUNTIMES.map((d) => [d.kind, d]));

/**
 * Adds a runtime (or replaces the one of the same kind) for this process: it runs, and
 * every list of kinds shows it. Returns a function that restores what was there before.
 */
export function registerRuntime(descriptor: RuntimeDescriptor): () => void {
  const before = descriptors.get(descriptor.kind);
  descriptors.set(descriptor.kind, descriptor);
  return () => {
    if (before) descriptors.set(descriptor.kind, before);
    else descriptors.delete(descriptor.kind);
  };
}

/** Every runtime kind, built-in first, in listing order. */
export function runtimeKinds(): readonly string[] {
  return [...descriptors.keys()];
}

export function isRuntimeKind(kind: unknown): boolean {
  return typeof kind === 'string' && descriptors.has(kind);
}

/** True when `kind` has an implementation (every listed kind does). */
export function isRuntimeModelled(kind: string): boolean {
  return descriptors.has(kind);
}

/** The descriptor of `kind`; an unknown kind is an error naming the known ones. */
export function runtimeDescriptor(kind: string): RuntimeDescriptor {
  const d = descriptors.get(kind);
  if (!d) throw new Error(`runtime.kind "${kind}" is unknown; use one of ${runtimeKinds().join(', ')}`);
  return d;
}

/**
 * The scheduler state of `runtime` typed by `descriptor`, when `runtime` is of that kind
 * and reports one (`stateOf(sim.runtime, goRuntime)` is a `GoSchedState`), else undefined.
 */
export function stateOf<S extends object>(runtime: Runtime | null | undefined, descriptor: RuntimeDescriptor<string, S>): S | undefined {
  if (!runtime || runtime.kind !== descriptor.kind) return undefined;
  return runtime.inspect?.() as S | undefined;
}

/** A run's runtime settings in a few words (`go, GOMAXPROCS 4`), as its descriptor words them. */
export function describeRuntime(runtime: SimConfig['runtime']): string {
  const d = descriptors.get(runtime.kind);
  return d?.describe?.(runtime) ?? runtime.kind;
}

/**
 * Which real runtime version the model follows, in one sentence for the panel and reports
 * (`The model follows Go 1.25's runtime (costs measured with Go 1.19); an installed Go may
 * differ.`), or null for a runtime that names none (threads: the OS's own).
 */
export function runtimeVersionNote(kind: string): string | null {
  const f = descriptors.get(kind)?.follows;
  if (!f) return null;
  return `The model follows ${f.name} ${f.version}'s runtime (costs measured with ${f.name} ${f.measured}); ` +
    `the ${f.name} you have installed may differ where the runtime changed (docs/models.md).`;
}

export function createRuntime(config: SimConfig): Runtime {
  return runtimeDescriptor(config.runtime.kind).create(config);
}
