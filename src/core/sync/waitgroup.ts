/**
 * Go's sync.WaitGroup (sync/waitgroup.go): a counter; `wait` blocks until it is zero.
 * A counter that goes negative panics. Happens-before as analysis.md: each done (or
 * negative add) releases, a returning wait acquires; an add from zero writes a shadow
 * variable `wg#count` that every wait reads, so an add concurrent with a wait is a race
 * (waitgroup.go: Add calls race.Write(&wg.sema) when the counter starts from zero, Wait
 * calls race.Read).
 */
import type { SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import { blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['add', 'done', 'wait'];

export class WaitGroup implements SyncObject {
  private counter = 0;
  private readonly queue = new FifoQueue<TaskId>();

  constructor(readonly decl: SyncDecl) {}

  perform(task: TaskId, action: SyncAction, value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'add': {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          throw new Error(
            `${at.file}:${at.line}:${at.column}: '${this.decl.name}.add' needs a whole number, not ${JSON.stringify(value)}. Write for example \`${this.decl.name}.add: 2\`.`,
          );
        }
        return this.add(task, value, at, host);
      }
      case 'done':
        return this.add(task, -1, at, host);
      case 'wait':
        if (this.counter === 0) {
          host.hb?.acquire(task, this.decl.id);
          return completed();
        }
        // waitgroup.go: Wait, race.Write(&wg.sema) by the first waiter that blocks.
        if (this.queue.length === 0) host.hb?.write(task, `${this.decl.id}#count`, at);
        this.queue.push(task);
        return blocked();
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(_task: TaskId, action: SyncAction): boolean {
    if (action === 'wait') return this.counter === 0;
    return ACTIONS.includes(action);
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.queue.toArray().map((task) => ({ task, action: 'wait' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return { kind: 'waitgroup', counter: this.counter, waiters: this.queue.toArray().map((task) => ({ task, action: 'wait' })) };
  }

  private add(task: TaskId, delta: number, at: SourceRange, host: SyncHost): Outcome {
    // waitgroup.go: Add, race.ReleaseMerge before a decrement.
    if (delta < 0) host.hb?.release(task, this.decl.id);
    // waitgroup.go: Add, race.Read(&wg.sema) on the first increment from zero.
    if (delta > 0 && this.counter === 0) host.hb?.read(task, `${this.decl.id}#count`, at);
    const next = this.counter + delta;
    if (next < 0) {
      // The counter is left as it was: the panicking task ends and the state stays readable.
      host.misuse(task, 'panic: sync: negative WaitGroup counter', at, false);
      return completed();
    }
    this.counter = next;
    if (next > 0 || this.queue.length === 0) return completed();
    const wake: Wake[] = this.queue.drain().map((w) => {
      host.hb?.acquire(w, this.decl.id);
      return { task: w };
    });
    return completed(undefined, wake);
  }
}
