/**
 * A condition variable bound to a lock (Go's sync.Cond, pthread_cond_t,
 * threading.Condition). `wait` queues the task and unlocks the lock in one step
 * (sync/cond.go: Wait calls runtime_notifyListAdd before c.L.Unlock, so no signal is lost);
 * `signal` wakes the longest waiter, `broadcast` all of them. A woken waiter must lock
 * again before its wait returns (cond.go: c.L.Lock() after notifyListWait): when the
 * lock is free it takes it at once, otherwise it joins the lock's own queue and is woken
 * by that lock's unlock (with a SyncRetry in Go's normal mode, as any lock waiter).
 * Happens-before: signal/broadcast release the cond's clock; the woken wait acquires it.
 */
import type { SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import { type CondLocker, isCondLocker } from './mutex';
import { badDeclaration, blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['wait', 'signal', 'broadcast'];

export type ResolveSyncObject = (id: string) => SyncObject | undefined;

export class Cond implements SyncObject {
  private readonly queue = new FifoQueue<TaskId>();

  constructor(
    readonly decl: SyncDecl,
    private readonly resolve: ResolveSyncObject | undefined,
  ) {
    if (!decl.mutex) throw badDeclaration(decl, 'a condition variable needs the mutex it is bound to', 'Write for example `cv: { cond: mu }`.');
  }

  /** Looked up at first use: objects may be declared (or made) in any order. */
  private locker(): CondLocker {
    const obj = this.resolve?.(this.decl.mutex!);
    if (!isCondLocker(obj)) {
      const found = obj ? `'${this.decl.mutex}' is a ${obj.decl.kind}` : `no object '${this.decl.mutex}' is declared`;
      throw badDeclaration(this.decl, `it must be bound to a mutex or rwmutex, but ${found}`, 'Declare the mutex in `sync` and name it: `{ cond: mu }`.');
    }
    return obj;
  }

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'wait': {
        const locker = this.locker();
        this.queue.push(task);
        const { ok, wake } = locker.unlockForWait(task, at, host);
        if (!ok) {
          // The lock reported the misuse (not held); the task does not wait.
          this.cancel(task);
          return completed();
        }
        return blocked(wake);
      }
      case 'signal': {
        host.hb?.release(task, this.decl.id);
        const head = this.queue.shift();
        return completed(undefined, head === undefined ? [] : this.resume(head, host));
      }
      case 'broadcast': {
        host.hb?.release(task, this.decl.id);
        return completed(undefined, this.queue.drain().flatMap((w) => this.resume(w, host)));
      }
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  /** The woken waiter acquires the cond's clock, then tries to take its lock back. */
  private resume(task: TaskId, host: SyncHost): Wake[] {
    host.hb?.acquire(task, this.decl.id);
    return this.locker().relockAfterWait(task, host) ? [{ task }] : [];
  }

  ready(task: TaskId, action: SyncAction): boolean {
    if (action === 'signal' || action === 'broadcast') return true;
    if (action !== 'wait') return false;
    // A wait blocks until a signal, unless unlocking the mutex is a misuse (then it completes at once).
    const obj = this.resolve?.(this.decl.mutex!);
    return isCondLocker(obj) && !obj.canUnlock(task);
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.queue.toArray().map((task) => ({ task, action: 'wait' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return { kind: 'cond', mutex: this.decl.mutex, waiters: this.queue.toArray().map((task) => ({ task, action: 'wait' })) };
  }
}
