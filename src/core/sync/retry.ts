/**
 * Go's sync.Mutex in normal mode does not hand the lock to the waiter it wakes: the woken
 * waiter must compete with goroutines that arrive meanwhile (internal/sync/mutex.go:
 * Unlock → unlockSlow wakes one waiter; lockSlow loops back to its CAS). A sync object
 * models that by waking the task with a `SyncRetry` as its result. The engine must then,
 * when the task next runs, perform `action` on object `obj` for it again (with no value)
 * and feed that outcome's result to the task instead of the retry (blocking again if the
 * outcome is blocked). `obj` can differ from the object the task first blocked on: a
 * woken `cond.wait` re-locks its mutex this way.
 */
import type { SyncAction } from '../program';

export interface SyncRetry {
  readonly syncRetry: true;
  /** The id of the object to perform `action` on. */
  readonly obj: string;
  readonly action: SyncAction;
  /** The task first spins actively this long (Go: mutex.go lockSlow, runtime_doSpin), then retries. */
  readonly spinNs?: number;
}

export function syncRetry(obj: string, action: SyncAction, spinNs?: number): SyncRetry {
  return spinNs === undefined ? { syncRetry: true, obj, action } : { syncRetry: true, obj, action, spinNs };
}

export function isSyncRetry(result: unknown): result is SyncRetry {
  return typeof result === 'object' && result !== null && (result as { syncRetry?: unknown }).syncRetry === true;
}
