/**
 * Go's sync.Once (sync/once.go: doSlow): the first caller runs the body while holding the
 * Once's mutex; concurrent callers block until it finishes; later callers return at once.
 * The engine turns `once.do: [steps]` into `once_enter` (true → run the body) and, after the
 * body, `once_exit`. Happens-before: the body's end (once_exit) happens before every
 * once_enter that returns.
 */
import type { SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject } from './types';
import { blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['once_enter', 'once_exit'];

export class Once implements SyncObject {
  private state: 'idle' | 'running' | 'done' = 'idle';
  private runner: TaskId | null = null;
  private readonly queue = new FifoQueue<TaskId>();

  constructor(readonly decl: SyncDecl) {}

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'once_enter':
        if (this.state === 'running') {
          this.queue.push(task);
          return blocked();
        }
        host.hb?.acquire(task, this.decl.id);
        if (this.state === 'done') return completed(false);
        this.state = 'running';
        this.runner = task;
        return completed(true);
      case 'once_exit': {
        if (this.state !== 'running' || this.runner !== task) {
          host.misuse(task, `'${this.decl.name}': once_exit by a task that is not running the body (internal: check the front end's once.do)`, at, false);
          return completed();
        }
        this.state = 'done';
        host.hb?.release(task, this.decl.id);
        const wake = this.queue.drain().map((w) => {
          host.hb?.acquire(w, this.decl.id);
          return { task: w, result: false };
        });
        return completed(undefined, wake);
      }
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(_task: TaskId, action: SyncAction): boolean {
    if (action === 'once_enter') return this.state !== 'running';
    return ACTIONS.includes(action);
  }

  cancel(task: TaskId): void {
    this.queue.removeWhere((t) => t === task);
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.queue.toArray().map((task) => ({ task, action: 'once_enter' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return {
      kind: 'once',
      state: this.state,
      runner: this.runner,
      waiters: this.queue.toArray().map((task) => ({ task, action: 'once_enter' })),
    };
  }
}
