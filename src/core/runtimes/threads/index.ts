/**
 * The `threads` runtime (1:1 pthreads): its descriptor, listed in ../registry.ts. It has
 * no settings of its own (`os.thread_create` is the OS's) and no scheduler state beyond
 * the OS's, and words misuse as an error-checking pthread mutex does.
 */
import type { RuntimeDescriptor } from '../descriptor';
import { posixMisuse } from '../misuse';
import { ThreadsRuntime } from './threads-runtime';

export { ThreadsRuntime };

/** `threads` reports no scheduler state of its own: each task is its kernel thread. */
export type ThreadsState = Record<string, never>;

export const threadsRuntime: RuntimeDescriptor<'threads', ThreadsState> = {
  kind: 'threads',
  summary: '1:1',
  taskKind: 'thread',
  settings: [],
  misuse: posixMisuse,
  create: (config) => new ThreadsRuntime(config),
};
