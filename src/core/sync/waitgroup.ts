/**
 * Go's sync.WaitGroup (sync/waitgroup.go): a counter; `wait` blocks until it is zero.
 * A counter that goes negative panics. Happens-before as analysis.md: each done (or
 * negative add) releases, a returning wait acquires; an add from zero writes a shadow
 * variable `wg#count` that every wait reads, so an add concurrent with a wait is a race
 * (waitgroup.go: Add calls race.Write(&wg.sema) when the counter starts from zero, Wait
 * calls race.Read).
 *
 * Go only: a Wait woken by the last Done returns in a step of its own, which re-reads the
 * state and panics if an Add came in between (waitgroup.go, Go 1.19, Wait: after
 * runtime_Semacquire, `if *statep != 0 { panic("sync: WaitGroup is reused before previous
 * Wait has returned") }`). The waiter is woken with a retry of `wait` (retry.ts) and that
 * retry is the check. Other runtimes have no WaitGroup of their own: there the Wait returns
 * in the step that wakes it.
 *
 * What that does to exploration (run.ts `StepInfo.commutes`, `touchedLast`): a Wait that
 * blocks before the Done that empties the counter now differs from one that passes after it
 * (it may still panic), so in Go those two conflict, on an id of their own (`wg#zero`), while
 * Dones still commute with each other and with Waits: a Done that empties the counter
 * touches only `wg#zero` and does not commute; a Wait touches `wg` and `wg#zero` and commutes;
 * an Add touches both and commutes with nothing; a woken Wait's return reads only whether the
 * counter is zero (`wg#zero`) and commutes with nothing.
 */
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import { blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';
import { syncRetry } from './retry';

/** waitgroup.go: Wait's panic when an Add came between the last Done and the Wait's return. */
export const WAITGROUP_REUSED = 'panic: sync: WaitGroup is reused before previous Wait has returned';

const ACTIONS: readonly SyncAction[] = ['add', 'done', 'wait'];

/** Suffix of the id on which, in Go, emptying the counter conflicts with Waits (header; explore/eventOrder.ts). */
export const WAITGROUP_ZERO = '#zero';
const ZERO = WAITGROUP_ZERO;

export class WaitGroup implements SyncObject {
  private counter = 0;
  private readonly queue = new FifoQueue<TaskId>();
  /** Go: waiters woken by the last Done whose Wait has not returned yet (their retry checks the counter). */
  private readonly returning = new Set<TaskId>();
  /** Go: the last action emptied the counter or was a woken Wait's return: it commutes with nothing. */
  private lastReturned = false;
  /** Go: the ids the last action touched, for exploration (`touchedLast`). */
  private lastTouched: readonly string[] | undefined;

  constructor(readonly decl: SyncDecl, private readonly runtime: RuntimeKind = 'go') {}

  perform(task: TaskId, action: SyncAction, value: unknown, at: SourceRange, host: SyncHost): Outcome {
    this.lastReturned = false;
    const go = this.runtime === 'go';
    this.lastTouched = go ? [this.decl.id, this.decl.id + ZERO] : undefined;
    if (action === 'wait' && this.returning.delete(task)) {
      // waitgroup.go: Wait, after runtime_Semacquire: the state must still be zero. It
      // reads whether the counter is zero, which only an Add or an emptying Done change.
      this.lastReturned = true;
      this.lastTouched = [this.decl.id + ZERO];
      if (this.counter !== 0) host.misuse(task, WAITGROUP_REUSED, at, false);
      return completed();
    }
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

  ready(task: TaskId, action: SyncAction): boolean {
    if (action === 'wait') return this.counter === 0 || this.returning.has(task);
    return ACTIONS.includes(action);
  }

  commutedLast(): boolean {
    return !this.lastReturned;
  }

  touchedLast(): readonly string[] | undefined {
    return this.lastTouched;
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
    this.returning.delete(task);
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
    if (this.runtime === 'go') {
      if (delta > 0) this.lastReturned = true;
      else if (next > 0) this.lastTouched = [this.decl.id];
      else {
        // Emptied: waiters blocked before this differ from waits after it (header).
        this.lastReturned = true;
        this.lastTouched = [this.decl.id + ZERO];
      }
    }
    if (next > 0 || this.queue.length === 0) return completed();
    const wake: Wake[] = this.queue.drain().map((w) => {
      host.hb?.acquire(w, this.decl.id);
      if (this.runtime !== 'go') return { task: w };
      this.returning.add(w);
      return { task: w, result: syncRetry(this.decl.id, 'wait') };
    });
    return completed(undefined, wake);
  }
}
