/**
 * The synchronisation objects, as pure state machines over task ids (contract: types.ts).
 * The engine makes one per declaration with `createSyncObject`, then calls `perform`,
 * `ready`, `cancel`, `waiters` and `inspect`; selects go through `selectCases`; a wake
 * whose result `isSyncRetry` must be retried by the engine (retry.ts).
 */
import type { RuntimeKind, SyncDecl } from '../program';
import type { SyncObject } from './types';
import { Barrier } from './barrier';
import { Channel } from './channel';
import { Cond, type ResolveSyncObject } from './cond';
import { Mutex } from './mutex';
import { Once } from './once';
import { RWMutex } from './rwmutex';
import { Semaphore } from './semaphore';
import { WaitGroup } from './waitgroup';

export type { Outcome, SyncHost, SyncObject, Wake } from './types';
export { isSyncRetry, syncRetry, type SyncRetry } from './retry';
export { selectCases, cancelSelect, type SelectResult, type SyncObjects } from './select';
export { STARVATION_THRESHOLD_NS, type CondLocker } from './mutex';
export type { ResolveSyncObject } from './cond';
export { Barrier, Channel, Cond, Mutex, Once, RWMutex, Semaphore, WaitGroup };

export interface SyncObjectOptions {
  /**
   * Finds other objects of the same run by id. A `cond` needs it to reach its mutex
   * (looked up when first used, so declaration order is free).
   */
  readonly resolve?: ResolveSyncObject;
  /**
   * Unlock wakes one waiter to compete with newcomers (Go's normal mode, glibc's futex
   * mutex, CPython's semaphore-based Lock); its wake result is a SyncRetry the engine must
   * retry (retry.ts). Default true. With false, unlock hands the mutex straight to the head
   * waiter (FIFO), as Go's starvation mode does.
   */
  readonly mutexBarging?: boolean;
}

/** Make the object for one declaration, fresh for each run. */
export function createSyncObject(decl: SyncDecl, runtime: RuntimeKind, options: SyncObjectOptions = {}): SyncObject {
  switch (decl.kind) {
    case 'mutex':
      return new Mutex(decl, runtime, options.mutexBarging ?? true);
    case 'rwmutex':
      return new RWMutex(decl, runtime);
    case 'semaphore':
      return new Semaphore(decl, runtime);
    case 'channel':
      return new Channel(decl);
    case 'waitgroup':
      return new WaitGroup(decl, runtime);
    case 'once':
      return new Once(decl);
    case 'cond':
      return new Cond(decl, options.resolve);
    case 'barrier':
      return new Barrier(decl);
    default: {
      const kind: never = decl.kind;
      throw new Error(`unknown sync object kind '${String(kind)}' for '${(decl as SyncDecl).name}'`);
    }
  }
}
