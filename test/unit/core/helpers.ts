/** Builders for test programs written directly as `Op` generators, and a tiny sync layer. */
import type { ConfigInput, Expectation, Op, Program, SourceRange, SyncAction, SyncDecl, TaskBody, TaskId, VarDecl, WorkKind } from '../../../src/core/program';
import type { Outcome, SyncHost, SyncObject, Wake } from '../../../src/core/sync/types';

export function at(line: number, column = 1): SourceRange {
  return { file: 'test.sim', line, column, endLine: line, endColumn: column + 1 };
}

export const ms = (n: number): number => n * 1_000_000;

export const op = {
  compute: (ns: number, work: WorkKind = 'cpu', line = 1): Op => ({ op: 'compute', ns, work, at: at(line) }),
  io: (ns: number, line = 1): Op => ({ op: 'io', ns, at: at(line) }),
  sleep: (ns: number, line = 1): Op => ({ op: 'sleep', ns, at: at(line) }),
  yield: (line = 1): Op => ({ op: 'yield', at: at(line) }),
  spawn: (body: TaskBody, count = 1, name = 'worker', line = 1, priority?: number): Op =>
    ({ op: 'spawn', body, name, count, at: at(line), ...(priority !== undefined ? { priority } : {}) }),
  join: (tasks: readonly TaskId[], line = 1): Op => ({ op: 'join', tasks, at: at(line) }),
  read: (v: string, line = 1): Op => ({ op: 'read', v, at: at(line) }),
  write: (v: string, value: unknown, line = 1): Op => ({ op: 'write', v, value, at: at(line) }),
  sync: (obj: string, action: SyncAction, line = 1, value?: unknown): Op => ({ op: 'sync', obj, action, value, at: at(line) }),
  enter: (section: string, line = 1): Op => ({ op: 'enter', section, at: at(line) }),
  exit: (section: string, line = 1): Op => ({ op: 'exit', section, at: at(line) }),
  assert: (ok: boolean, message: string, line = 1): Op => ({ op: 'assert', ok, message, at: at(line) }),
  print: (text: string, line = 1): Op => ({ op: 'print', text, at: at(line) }),
};

export function program(main: TaskBody, extra: {
  config?: ConfigInput; vars?: VarDecl[]; objects?: SyncDecl[]; expects?: Expectation[];
} = {}): Program {
  return {
    file: 'test.sim', name: 'test', config: extra.config ?? {}, vars: extra.vars ?? [], objects: extra.objects ?? [],
    main, mainAt: at(1), expects: extra.expects ?? [], sweep: [], at: at(1),
  };
}

/** main spawns `count` copies of `body`, then joins them. */
export function spawnAndJoin(body: TaskBody, count: number, name = 'worker'): TaskBody {
  return function* () {
    const ids = (yield op.spawn(body, count, name)) as TaskId[];
    yield op.join(ids);
  };
}

/**
 * A minimal FIFO mutex and counting semaphore, only for engine tests (the real ones are
 * in src/core/sync). Ownership passes directly to the head waiter on unlock/release.
 */
class TestLock implements SyncObject {
  private permits: number;
  private readonly queue: { task: TaskId; action: SyncAction }[] = [];
  constructor(readonly decl: SyncDecl) {
    this.permits = decl.kind === 'semaphore' ? decl.size ?? 1 : 1;
  }
  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    const acquire = action === 'lock' || action === 'acquire';
    const tryAcquire = action === 'try_lock' || action === 'try_acquire';
    if (acquire || tryAcquire) {
      if (this.permits > 0) {
        this.permits--;
        host.hb?.acquire(task, this.decl.id);
        return { blocked: false, result: tryAcquire ? true : undefined, wake: [] };
      }
      if (tryAcquire) return { blocked: false, result: false, wake: [] };
      this.queue.push({ task, action });
      return { blocked: true, wake: [] };
    }
    if (action === 'unlock' || action === 'release') {
      host.hb?.release(task, this.decl.id);
      const next = this.queue.shift();
      if (next) {
        host.hb?.acquire(next.task, this.decl.id);
        const wake: Wake[] = [{ task: next.task }];
        return { blocked: false, wake };
      }
      if (this.decl.kind === 'mutex' && this.permits >= 1) {
        host.misuse(task, 'fatal error: sync: unlock of unlocked mutex', at, true);
      }
      this.permits++;
      return { blocked: false, wake: [] };
    }
    throw new Error(`TestLock does not do ${action}`);
  }
  ready(): boolean {
    return this.permits > 0;
  }
  cancel(task: TaskId): void {
    const i = this.queue.findIndex((q) => q.task === task);
    if (i >= 0) this.queue.splice(i, 1);
  }
  waiters() {
    return this.queue.slice();
  }
  inspect() {
    return { permits: this.permits, waiting: this.queue.length };
  }
}

export const testSync = { createSyncObject: (decl: SyncDecl): SyncObject => new TestLock(decl) };
