/**
 * The `eventloop` runtime (the JavaScript event loop: HTML's processing model, ECMAScript's
 * job queue, libuv's phases as Node documents them): its descriptor, listed in ../registry.ts.
 * Its misuse wording is POSIX's. Its tasks run to completion (`runToCompletion`).
 */
import type { RuntimeDescriptor } from '../descriptor';
import { posixMisuse } from '../misuse';
import { EventLoopRuntime, type EventLoopState } from './eventloop-runtime';

export { EventLoopRuntime, type EventLoopState };

export const eventLoopRuntime: RuntimeDescriptor<'eventloop', EventLoopState> = {
  kind: 'eventloop',
  summary: 'one thread, event loop',
  taskKind: 'callback',
  settings: [],
  misuse: posixMisuse,
  describe: () => 'eventloop, one thread',
  runToCompletion: true,
  create: (config) => new EventLoopRuntime(config),
};
