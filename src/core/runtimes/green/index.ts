/**
 * The `green` runtime (N:1 user-level threads, as GNU Pth and early Java green threads):
 * its descriptor, listed in ../registry.ts. Its misuse wording is POSIX's. Its threads
 * switch only where they wait or yield, so `check` takes each run-until-wait stretch as one
 * step (`runToCompletion`), as for the event loop.
 */
import type { RuntimeDescriptor } from '../descriptor';
import { posixMisuse } from '../misuse';
import { GreenRuntime, type GreenState } from './green-runtime';

export { GreenRuntime, type GreenState };

export const greenRuntime: RuntimeDescriptor<'green', GreenState> = {
  kind: 'green',
  summary: 'N:1 green threads',
  taskKind: 'thread',
  settings: [],
  misuse: posixMisuse,
  describe: () => 'green, N:1 on one kernel thread',
  runToCompletion: true,
  create: (config) => new GreenRuntime(config),
};
