/**
 * A counting semaphore (1 permit = binary). Any task may release. What a release does is
 * the runtime's own:
 * - `go`: golang.org/x/sync/semaphore's Weighted. Waiters are a FIFO list; Acquire takes a
 *   permit only when `s.waiters.Len() == 0`, and Release's notifyWaiters hands permits to
 *   the waiters at the front (`s.cur += w.n; close(w.ready)`), so a newcomer never passes a
 *   waiter. Every acquire here has weight 1, so a waiter exists only while no permit is free.
 * - `threads`: POSIX `sem_post` (glibc nptl sem_post.c: the value is incremented, then one
 *   futex waiter is woken) and `sem_wait`'s fast path (a CAS on a value > 0, waiters or not):
 *   the woken waiter competes with newcomers and waits again when it loses.
 * - `python`: threading.Semaphore (Lib/threading.py): release does `_value += 1;
 *   _cond.notify()`, acquire loops `while self._value == 0: self._cond.wait()`; the notified
 *   waiter must re-take the Condition's lock and re-check, so a thread that calls acquire
 *   meanwhile takes the permit first, and the loser waits again at the back of `_waiters`.
 * A woken competitor gets a SyncRetry (retry.ts), as the POSIX mutex's waiters do.
 * A `strict` semaphore (BoundedSemaphore) reports releasing beyond the initial permits.
 */
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import { runtimeDescriptor } from '../runtimes/registry';
import type { Outcome, SyncHost, SyncObject } from './types';
import { badDeclaration, blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';
import { syncRetry } from './retry';

const ACTIONS: readonly SyncAction[] = ['acquire', 'release', 'try_acquire'];

export class Semaphore implements SyncObject {
  private readonly initial: number;
  private permits: number;
  private readonly queue = new FifoQueue<TaskId>();
  /** Who took permits and how many, for the Variables view (any task may release, so this is informative). */
  private readonly holders = new Map<TaskId, number>();
  /** threads, python: waiters a release woke that have not retried yet (each release wakes one). */
  private readonly woken = new Set<TaskId>();
  /** The last action performed commutes with the other commuting actions on this semaphore (`commutedLast`). */
  private commuted = false;

  constructor(
    readonly decl: SyncDecl,
    private readonly runtime: RuntimeKind,
  ) {
    const size = decl.size ?? 1;
    if (!Number.isSafeInteger(size) || size < 0) {
      throw badDeclaration(decl, `a semaphore needs a whole number of permits, not ${String(decl.size)}`, 'Write for example `{ semaphore: 2 }`.');
    }
    this.initial = size;
    this.permits = size;
  }

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    const before = this.permits;
    const outcome = this.performAction(task, action, at, host);
    this.commuted = this.commutes(action, before, outcome);
    return outcome;
  }

  /**
   * A permit counter's updates commute while nobody waits and the count stays above zero:
   * an acquire that leaves a permit free and a release onto a count that was already above
   * zero give the same count in either order and enable or disable no other task (an
   * acquire is enabled exactly when a permit is free, in every runtime here, when nobody
   * waits). The acquire that takes the last permit and the release that frees the first
   * one do not commute: they decide who may acquire next. (Godefroid, "Partial-order
   * methods for the verification of concurrent systems", 1996, §3: conditional independence.)
   */
  commutedLast(): boolean {
    return this.commuted;
  }

  private commutes(action: SyncAction, before: number, outcome: Outcome): boolean {
    if (outcome.blocked || outcome.wake.length > 0 || this.queue.length > 0 || this.woken.size > 0) return false;
    if (action === 'release') return before >= 1 && this.permits === before + 1;
    if (action === 'acquire' || action === 'try_acquire') return this.permits === before - 1 && this.permits >= 1;
    return false;
  }

  private performAction(task: TaskId, action: SyncAction, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'acquire':
        this.woken.delete(task);
        if (this.ready(task, 'acquire')) {
          this.take(task, host);
          return completed();
        }
        this.queue.push(task);
        return blocked();
      case 'try_acquire':
        if (!this.ready(task, 'acquire')) return completed(false);
        this.take(task, host);
        return completed(true);
      case 'release':
        return this.release(task, at, host);
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(_task: TaskId, action: SyncAction): boolean {
    // x/sync/semaphore: Acquire, `s.size-s.cur >= n && s.waiters.Len() == 0`; sem_wait and
    // Semaphore.acquire take any free permit.
    if (action === 'acquire') return this.permits > 0 && (!this.handsOff || this.queue.length === 0);
    return ACTIONS.includes(action);
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
    this.woken.delete(task);
  }

  /** Release hands the permit to the head waiter (Go's Weighted) rather than waking it to compete. */
  private get handsOff(): boolean {
    return this.runtime === 'go';
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.queue.toArray().map((task) => ({ task, action: 'acquire' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return {
      kind: 'semaphore',
      permits: this.permits,
      initial: this.initial,
      strict: this.decl.strict === true,
      holders: [...this.holders.keys()],
      waiters: this.queue.toArray().map((task) => ({ task, action: 'acquire' })),
    };
  }

  private take(task: TaskId, host: SyncHost): void {
    this.permits--;
    this.hold(task);
    host.hb?.acquire(task, this.decl.id);
  }

  private hold(task: TaskId): void {
    this.holders.set(task, (this.holders.get(task) ?? 0) + 1);
  }

  private release(task: TaskId, at: SourceRange, host: SyncHost): Outcome {
    if (this.decl.strict && this.queue.length === 0 && this.permits >= this.initial) {
      host.misuse(task, this.overReleaseMessage(), at, false);
      return completed();
    }
    // Drop one record of this task holding a permit (or the oldest, when another task releases).
    const mine = this.holders.has(task) ? task : this.holders.keys().next().value;
    if (mine !== undefined) {
      const n = this.holders.get(mine)!;
      if (n > 1) this.holders.set(mine, n - 1);
      else this.holders.delete(mine);
    }
    host.hb?.release(task, this.decl.id);
    const head = this.queue.shift();
    if (head === undefined) {
      this.permits++;
      return completed();
    }
    if (!this.handsOff) {
      // sem_post / Semaphore.release: the permit is free; the head waiter wakes to compete for it.
      this.permits++;
      this.woken.add(head);
      return completed(undefined, [{ task: head, result: syncRetry(this.decl.id, 'acquire') }]);
    }
    // x/sync/semaphore: notifyWaiters, direct handoff: the permit goes to the head waiter without passing through `permits`.
    this.hold(head);
    host.hb?.acquire(head, this.decl.id);
    return completed(undefined, [{ task: head }]);
  }

  /** In the runtime's own words (its descriptor's `misuse`: Go's panic, CPython's ValueError). */
  private overReleaseMessage(): string {
    return runtimeDescriptor(this.runtime).misuse.semaphoreOverRelease(this.decl.name, this.initial);
  }
}
