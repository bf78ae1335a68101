/**
 * A readers-writer lock modelled on Go's sync.RWMutex (sync/rwmutex.go), which is
 * writer-preferring: once a writer waits, new readers block (readerCount goes negative),
 * the writer waits for the readers already inside (readerWait), and its Unlock admits
 * every reader that blocked meanwhile before the next writer may go (Unlock: readers are
 * woken first, then w.Unlock()). Writers queue among themselves in FIFO order (the w
 * mutex; its barging is not modelled here). The same rules serve `threads`
 * (pthread_rwlock with writer preference) and `python`, where only the holder may unlock
 * the write lock in `threads`.
 */
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import { runtimeDescriptor } from '../runtimes/registry';
import type { MisuseWording } from '../runtimes/descriptor';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import type { CondLocker } from './mutex';
import { blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['lock', 'unlock', 'try_lock', 'rlock', 'runlock'];

export class RWMutex implements SyncObject, CondLocker {
  private writer: TaskId | null = null;
  /** Read holders: how many read locks each task holds (a task may hold several). */
  private readonly readers = new Map<TaskId, number>();
  private readerCount = 0;
  /** The writer that got the writers' turn and waits for the readers inside to leave. */
  private pendingWriter: TaskId | null = null;
  private readonly writerQueue = new FifoQueue<TaskId>();
  private readonly readerQueue = new FifoQueue<TaskId>();

  constructor(
    readonly decl: SyncDecl,
    private readonly runtime: RuntimeKind,
  ) {}

  private get readKey(): string {
    return `${this.decl.id}#r`;
  }

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'lock':
        return this.lockOrQueue(task, host) ? completed() : blocked();
      case 'try_lock':
        if (!this.ready(task, 'lock')) return completed(false);
        this.takeWrite(task, host);
        return completed(true);
      case 'unlock':
        return completed(undefined, this.unlock(task, at, host).wake);
      case 'rlock':
        if (this.ready(task, 'rlock')) {
          this.takeRead(task, host);
          return completed();
        }
        this.readerQueue.push(task);
        return blocked();
      case 'runlock':
        return this.runlock(task, at, host);
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(_task: TaskId, action: SyncAction): boolean {
    switch (action) {
      case 'lock':
        return this.writer === null && this.pendingWriter === null && this.writerQueue.length === 0 && this.readerCount === 0;
      case 'rlock':
        return this.writer === null && this.pendingWriter === null;
      default:
        return ACTIONS.includes(action);
    }
  }

  /**
   * rwmutex.go: Lock, a writer that finds readers inside announces itself before it sleeps
   * (readerCount goes negative), so every later RLock blocks: its waiting has an effect.
   * A writer queued behind another writer waits on `w` and changes nothing.
   */
  waitingHasEffect(_task: TaskId, action: SyncAction): boolean {
    return action === 'lock' && this.writer === null && this.pendingWriter === null && this.writerQueue.length === 0 && this.readerCount > 0;
  }

  cancel(task: TaskId): void {
    this.writerQueue.removeWhere((t) => t === task);
    this.readerQueue.removeWhere((t) => t === task);
    if (this.pendingWriter === task) this.pendingWriter = this.writerQueue.shift() ?? null;
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    const queued = this.writerQueue.toArray();
    const writers = this.pendingWriter === null ? queued : [this.pendingWriter, ...queued];
    return [
      ...writers.map((task) => ({ task, action: 'lock' as const })),
      ...this.readerQueue.toArray().map((task) => ({ task, action: 'rlock' as const })),
    ];
  }

  inspect(): Readonly<Record<string, unknown>> {
    return {
      kind: 'rwmutex',
      writer: this.writer,
      readers: [...this.readers.keys()],
      readerCount: this.readerCount,
      pendingWriter: this.pendingWriter,
      waiters: this.waiters(),
    };
  }

  unlockForWait(task: TaskId, at: SourceRange, host: SyncHost): { readonly ok: boolean; readonly wake: readonly Wake[] } {
    return this.unlock(task, at, host);
  }

  canUnlock(task: TaskId): boolean {
    return this.writer !== null && (this.runtime !== 'threads' || this.writer === task);
  }

  relockAfterWait(task: TaskId, host: SyncHost): boolean {
    return this.lockOrQueue(task, host);
  }

  private takeWrite(task: TaskId, host: SyncHost): void {
    this.writer = task;
    host.hb?.acquire(task, this.decl.id);
    host.hb?.acquire(task, this.readKey);
  }

  private takeRead(task: TaskId, host: SyncHost): void {
    this.readers.set(task, (this.readers.get(task) ?? 0) + 1);
    this.readerCount++;
    host.hb?.acquire(task, this.decl.id);
  }

  /** True when `task` holds the write lock now; otherwise it is queued. */
  private lockOrQueue(task: TaskId, host: SyncHost): boolean {
    if (this.ready(task, 'lock')) {
      this.takeWrite(task, host);
      return true;
    }
    if (this.writer === null && this.pendingWriter === null && this.writerQueue.length === 0) {
      // rwmutex.go: Lock, readers are inside: announce the writer and wait for them (readerWait).
      this.pendingWriter = task;
    } else {
      this.writerQueue.push(task);
    }
    return false;
  }

  /** How this runtime words a misuse (its descriptor's `misuse`). */
  private get says(): MisuseWording {
    return runtimeDescriptor(this.runtime).misuse;
  }

  private unlock(task: TaskId, at: SourceRange, host: SyncHost): { ok: boolean; wake: Wake[] } {
    if (this.writer === null) {
      host.misuse(task, this.says.rwUnlockUnlocked(this.decl.name), at, this.runtime === 'go');
      return { ok: false, wake: [] };
    }
    if (this.runtime === 'threads' && this.writer !== task) {
      host.misuse(task, this.says.rwUnlockNotHolder(this.decl.name, host.label(this.writer)), at, false);
      return { ok: false, wake: [] };
    }
    host.hb?.release(task, this.decl.id);
    this.writer = null;
    // rwmutex.go: Unlock, first admit every reader that blocked, then let the next writer in.
    const wake: Wake[] = this.readerQueue.drain().map((r) => {
      this.takeRead(r, host);
      return { task: r };
    });
    const next = this.writerQueue.shift();
    if (next !== undefined) {
      if (this.readerCount === 0) {
        this.takeWrite(next, host);
        wake.push({ task: next });
      } else {
        this.pendingWriter = next;
      }
    }
    return { ok: true, wake };
  }

  private runlock(task: TaskId, at: SourceRange, host: SyncHost): Outcome {
    let reader: TaskId | undefined = this.readers.has(task) ? task : undefined;
    // go, python: read locks are not owned, so any task's runlock releases one of them.
    if (reader === undefined && this.runtime !== 'threads' && this.readerCount > 0) reader = this.readers.keys().next().value;
    if (reader === undefined) {
      const msg = this.readerCount === 0
        ? this.says.rwRUnlockUnlocked(this.decl.name)
        : this.says.rwRUnlockNotReader(this.decl.name);
      host.misuse(task, msg, at, this.runtime === 'go');
      return completed();
    }
    const held = this.readers.get(reader)!;
    if (held > 1) this.readers.set(reader, held - 1);
    else this.readers.delete(reader);
    this.readerCount--;
    host.hb?.release(task, this.readKey);
    if (this.readerCount > 0 || this.pendingWriter === null) return completed();
    // rwmutex.go: rUnlockSlow, the last reader a writer waited for lets it in.
    const writer = this.pendingWriter;
    this.pendingWriter = null;
    this.takeWrite(writer, host);
    return completed(undefined, [{ task: writer }]);
  }
}
