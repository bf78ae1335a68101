/**
 * A counting semaphore (1 permit = binary). Any task may release. Waiters are served in
 * FIFO order and a release hands its permit straight to the head waiter, so a newcomer
 * cannot take it first (as Go's runtime semaphore with handoff, sema.go: semrelease1,
 * and CPython's threading.Semaphore, which notifies one waiter per release).
 * A `strict` semaphore (BoundedSemaphore) reports releasing beyond the initial permits.
 */
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject } from './types';
import { badDeclaration, blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['acquire', 'release', 'try_acquire'];

export class Semaphore implements SyncObject {
  private readonly initial: number;
  private permits: number;
  private readonly queue = new FifoQueue<TaskId>();
  /** Who took permits and how many, for the Variables view (any task may release, so this is informative). */
  private readonly holders = new Map<TaskId, number>();

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
    switch (action) {
      case 'acquire':
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
    if (action === 'acquire') return this.permits > 0 && this.queue.length === 0;
    return ACTIONS.includes(action);
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
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
    // Direct handoff: the permit goes to the head waiter without passing through `permits`.
    this.hold(head);
    host.hb?.acquire(head, this.decl.id);
    return completed(undefined, [{ task: head }]);
  }

  private overReleaseMessage(): string {
    const beyond = `release of '${this.decl.name}' beyond its ${this.initial} initial permit${this.initial === 1 ? '' : 's'}`;
    if (this.runtime === 'python') return `ValueError: Semaphore released too many times (${beyond})`;
    // golang.org/x/sync/semaphore: Weighted.Release panics with this text.
    if (this.runtime === 'go') return `panic: semaphore: released more than held (${beyond})`;
    return `${beyond} (the semaphore is declared strict)`;
  }
}
