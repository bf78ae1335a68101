/**
 * A mutual-exclusion lock, with the runtime's own rules:
 * - `go`: sync.Mutex (internal/sync/mutex.go) with normal and starvation modes; any
 *   goroutine may unlock; unlocking an unlocked mutex is a fatal error.
 * - `python`: threading.Lock; any thread may release. Release frees the lock and wakes one
 *   waiter, which competes with newcomers (CPython 3.11 thread_pthread.h: the lock is a POSIX
 *   semaphore, `sem_post` then `sem_wait`/`sem_timedwait` by whoever comes first).
 * - `threads`: an error-checking pthread mutex; only the holder may unlock, and relocking a
 *   mutex you hold is an error (EDEADLK). POSIX leaves who acquires an unlocked mutex to the
 *   scheduling policy; glibc's unlock stores 0 and futex-wakes one waiter, which retries its
 *   CAS against newcomers and waits again at the back when it loses (nptl lowlevellock.c:
 *   __lll_lock_wait). So unlock releases, and the woken waiter barges like everyone else.
 * Only Go's starvation mode hands the lock straight to the head waiter (mutex.go: unlockSlow
 * with mutexStarving set). `barging: false` forces FIFO handoff everywhere (a what-if).
 */
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import { runtimeDescriptor } from '../runtimes/registry';
import type { MisuseWording } from '../runtimes/descriptor';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import { blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';
import { syncRetry } from './retry';

// mutex.go: starvationThresholdNs = 1e6
export const STARVATION_THRESHOLD_NS = 1_000_000;

const ACTIONS: readonly SyncAction[] = ['lock', 'unlock', 'try_lock'];

interface MutexWaiter {
  readonly task: TaskId;
  /** When the task first started waiting (mutex.go: waitStartTime survives a lost retry). */
  readonly since: number;
}

/** What a condition variable needs from the lock it is bound to. */
export interface CondLocker {
  /** cond.wait: unlock on behalf of `task`. `ok` is false when that was a misuse (already reported). */
  unlockForWait(task: TaskId, at: SourceRange, host: SyncHost): { readonly ok: boolean; readonly wake: readonly Wake[] };
  /**
   * A woken cond waiter locks again (sync.Cond.Wait ends with c.L.Lock()). True when it holds
   * the lock now; otherwise it is queued and a later unlock wakes it (possibly with a SyncRetry).
   */
  relockAfterWait(task: TaskId, host: SyncHost): boolean;
  /** True when `unlockForWait` by `task` would be accepted rather than reported as a misuse. */
  canUnlock(task: TaskId): boolean;
}

export function isCondLocker(obj: unknown): obj is CondLocker {
  return typeof (obj as Partial<CondLocker> | undefined)?.unlockForWait === 'function';
}

export class Mutex implements SyncObject, CondLocker {
  private holder: TaskId | null = null;
  private readonly queue = new FifoQueue<MutexWaiter>();
  /** go: the waiter woken to compete for the lock that has not retried yet (mutex.go: mutexWoken). */
  private woken: MutexWaiter | null = null;
  /** threads, python: every waiter woken by an unlock that has not retried yet (each unlock wakes one). */
  private readonly wokenMany = new Map<TaskId, MutexWaiter>();
  /** go: starvation mode (mutex.go: mutexStarving). */
  private starving = false;
  /** go: the last unlock handed the lock to a waiter in starvation mode (Unlock then yields). */
  private handedOff = false;
  /** go, timed: each spinning task's spin count so far (mutex.go: lockSlow's `iter`). */
  private readonly spins = new Map<TaskId, number>();

  constructor(
    readonly decl: SyncDecl,
    private readonly runtime: RuntimeKind,
    /** Unlock wakes a waiter to compete (retry.ts) instead of handing the lock over (Go: normal mode). */
    private readonly barging = true,
  ) {}

  private get isGo(): boolean {
    return this.runtime === 'go';
  }

  /** How this runtime words a misuse (its descriptor's `misuse`). */
  private get says(): MisuseWording {
    return runtimeDescriptor(this.runtime).misuse;
  }

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'lock':
        return this.lock(task, at, host);
      case 'try_lock':
        return completed(this.tryLock(task, host));
      case 'unlock': {
        const { wake } = this.unlock(task, at, host);
        // sema.go: semrelease1 with handoff (starvation mode): the unlocker yields to the waiter.
        if (this.isGo && this.handedOff) {
          this.handedOff = false;
          return { blocked: false, result: undefined, wake, handoff: true };
        }
        return completed(undefined, wake);
      }
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(task: TaskId, action: SyncAction): boolean {
    if (action !== 'lock') return ACTIONS.includes(action);
    // threads: relocking your own error-checking mutex completes at once (with EDEADLK).
    if (this.runtime === 'threads' && this.holder === task) return true;
    // mutex.go: in starvation mode newcomers queue even if the lock looks free; the holder is
    // always set in that mode here, because ownership is handed over directly.
    return this.holder === null;
  }

  cancel(task: TaskId): void {
    this.spins.delete(task);
    this.queue.removeWhere((w) => w.task === task);
    if (this.woken?.task === task) this.woken = null;
    this.wokenMany.delete(task);
    if (this.queue.length === 0) this.starving = false;
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.queue.toArray().map((w) => ({ task: w.task, action: 'lock' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return {
      kind: 'mutex',
      locked: this.holder !== null,
      holder: this.holder,
      waiters: this.queue.toArray().map((w) => ({ task: w.task, action: 'lock', since: w.since })),
      ...(this.isGo ? { mode: this.starving ? 'starvation' : 'normal', woken: this.woken?.task ?? null } : {}),
    };
  }

  unlockForWait(task: TaskId, at: SourceRange, host: SyncHost): { readonly ok: boolean; readonly wake: readonly Wake[] } {
    return this.unlock(task, at, host);
  }

  canUnlock(task: TaskId): boolean {
    return this.holder !== null && (this.runtime !== 'threads' || this.holder === task);
  }

  relockAfterWait(task: TaskId, host: SyncHost): boolean {
    if (this.holder === null) {
      this.take(task, host);
      return true;
    }
    this.queue.push({ task, since: host.now() });
    return false;
  }

  private take(task: TaskId, host: SyncHost): void {
    this.holder = task;
    host.hb?.acquire(task, this.decl.id);
  }

  private lock(task: TaskId, at: SourceRange, host: SyncHost): Outcome {
    if (this.holder === task && this.runtime === 'threads') {
      host.misuse(task, this.says.mutexRelock(this.decl.name), at, false);
      return completed();
    }
    if (!this.isGo) return this.lockPosix(task, host);
    const retrying = this.woken?.task === task ? this.woken : null;
    if (retrying) this.woken = null;
    if (this.holder === null) {
      // mutex.go: lockSlow, the CAS succeeds (a woken waiter or a newcomer: whoever comes first).
      this.spins.delete(task);
      this.take(task, host);
      return completed();
    }
    // mutex.go: lockSlow: "Don't spin in starvation mode"; otherwise spin while
    // runtime_canSpin(iter) (4 × procyield(30), several Ps running, an empty local run
    // queue). A woken waiter that spins keeps mutexWoken, so Unlock wakes nobody else.
    if (!this.starving && host.spinNs) {
      const iter = this.spins.get(task) ?? 0;
      const ns = host.spinNs(task, iter);
      if (ns > 0) {
        this.spins.set(task, iter + 1);
        if (retrying) this.woken = retrying;
        return completed(syncRetry(this.decl.id, 'lock', ns));
      }
    }
    this.spins.delete(task);
    if (retrying) {
      // mutex.go: lockSlow, a woken waiter that lost the race: it goes back to the FRONT of the
      // queue (queueLifo) keeping its wait start, and switches the mutex to starvation mode
      // when it has waited longer than 1 ms.
      if (host.now() - retrying.since > STARVATION_THRESHOLD_NS) this.starving = true;
      this.queue.unshift(retrying);
      return blocked();
    }
    this.queue.push({ task, since: host.now() });
    return blocked();
  }

  /**
   * threads, python: take the lock if it is free, whoever asks (a woken waiter or a newcomer);
   * otherwise wait at the back of the queue, also a woken waiter that lost (it waits again).
   */
  private lockPosix(task: TaskId, host: SyncHost): Outcome {
    const retrying = this.wokenMany.get(task);
    if (retrying) this.wokenMany.delete(task);
    if (this.holder === null) {
      this.take(task, host);
      return completed();
    }
    this.queue.push(retrying ?? { task, since: host.now() });
    return blocked();
  }

  private tryLock(task: TaskId, host: SyncHost): boolean {
    // mutex.go: TryLock fails when locked or starving.
    if (this.holder !== null || this.starving) return false;
    this.take(task, host);
    return true;
  }

  private unlock(task: TaskId, at: SourceRange, host: SyncHost): { ok: boolean; wake: Wake[] } {
    if (this.holder === null) {
      host.misuse(task, this.says.mutexUnlockUnlocked(this.decl.name), at, this.isGo);
      return { ok: false, wake: [] };
    }
    if (this.runtime === 'threads' && this.holder !== task) {
      host.misuse(task, this.says.mutexUnlockNotHolder(this.decl.name, host.label(this.holder)), at, false);
      return { ok: false, wake: [] };
    }
    host.hb?.release(task, this.decl.id);
    this.holder = null;
    if (this.queue.length === 0) return { ok: true, wake: [] };
    if (this.starving || !this.barging) return { ok: true, wake: [this.handOff(host)] };
    if (!this.isGo) {
      // glibc __lll_unlock / CPython's sem_post: free the lock, wake one waiter to compete.
      const head = this.queue.shift()!;
      this.wokenMany.set(head.task, head);
      return { ok: true, wake: [{ task: head.task, result: syncRetry(this.decl.id, 'lock') }] };
    }
    // mutex.go: unlockSlow, normal mode: wake one waiter to compete, unless one is already
    // woken or a newcomer is spinning (it set mutexWoken).
    if (this.woken !== null || this.spins.size > 0) return { ok: true, wake: [] };
    const head = this.queue.shift()!;
    this.woken = head;
    return { ok: true, wake: [{ task: head.task, result: syncRetry(this.decl.id, 'lock') }] };
  }

  /** Go's starvation-mode handoff, and FIFO handoff everywhere when barging is off. */
  private handOff(host: SyncHost): Wake {
    const head = this.queue.shift()!;
    this.take(head.task, host);
    this.handedOff = this.starving;
    if (this.isGo) {
      // mutex.go: lockSlow, leave starvation mode when this waiter is the last one or
      // waited less than 1 ms.
      if (this.queue.length === 0 || host.now() - head.since < STARVATION_THRESHOLD_NS) this.starving = false;
    }
    return { task: head.task };
  }
}
