/**
 * The `asyncio` runtime (CPython's event loop on the main thread, executor threads under the
 * GIL): its descriptor, listed in ../registry.ts. `.py` files that use asyncio run on it.
 * It reads the `python` runtime's settings (switch interval, free-threaded build, GIL wake)
 * and words misuse as CPython does. Not `runToCompletion`: executor threads run beside the
 * loop thread, so the race detector and the untimed model's per-op steps stay on.
 */
import type { RuntimeDescriptor } from '../descriptor';
import { pythonRuntime } from '../python/descriptor';
import type { PythonState } from '../python/python-runtime';
import { AsyncioRuntime, LOOP_THREAD } from './asyncio-runtime';

export { AsyncioRuntime, LOOP_THREAD };
export { LoopQueues, type LoopHandle, type LoopTimer } from './loop';

export const asyncioRuntime: RuntimeDescriptor<'asyncio', PythonState> = {
  kind: 'asyncio',
  summary: 'asyncio event loop + GIL',
  taskKind: 'python-thread',
  settings: pythonRuntime.settings,
  misuse: pythonRuntime.misuse,
  describe: (r) => `asyncio, event loop on the main thread${r.freeThreaded ? ' (free-threaded)' : ', GIL'}`,
  fairShare: pythonRuntime.fairShare,
  create: (config) => new AsyncioRuntime(config),
};
