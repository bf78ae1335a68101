import type { SourceRange, TaskId } from '../program';

/**
 * The happens-before events the engine reports, in both the timed and the untimed model.
 * The race detector (FastTrack vector clocks) implements this; the engine calls it at the
 * moment each primitive takes effect, following the edge table of analysis.md:
 *
 * | primitive        | engine calls                                                            |
 * |------------------|-------------------------------------------------------------------------|
 * | go / spawn       | fork(parent, child)                                                     |
 * | join             | join(joiner, joined) for each joined task (task end alone gives none)   |
 * | mutex            | unlock → release(t, mu); lock (when it completes) → acquire(t, mu)      |
 * | rwmutex          | unlock → release(t, rw); runlock → release(t, rw + '#r');               |
 * |                  | rlock → acquire(t, rw); lock → acquire(t, rw) + acquire(t, rw + '#r')   |
 * | unbuffered chan  | at the rendezvous: release(sender, ch) ; acquire(receiver, ch) ;        |
 * |                  | release(receiver, ch + '#back') ; acquire(sender, ch + '#back')          |
 * | buffered chan C  | send k: acquire(t, ch#slot(k%C)) then releaseStore(t, ch#slot(k%C));    |
 * |                  | recv k: acquire(t, ch#slot(k%C)) then releaseStore(t, ch#slot(k%C))      |
 * |                  | a send is also read(t, ch) (a recv is not: chan.go chanrecv does no     |
 * |                  | racereadpc, so recv/close is no race); close is release(t, ch+'#close') |
 * |                  | and write(t, ch); a recv that returns because closed acquires ch#close  |
 * | select           | the edges of the case that fired; default gives none                    |
 * | waitgroup        | done / negative add → release(t, wg); wait returns → acquire(t, wg);   |
 * |                  | add from zero → read(t, wg + '#count'); a wait that blocks as the first |
 * |                  | waiter → write(t, wg + '#count') (waitgroup.go: "Need to model this as  |
 * |                  | a read, because there can be several concurrent wg.counter transitions  |
 * |                  | from 0"; only the first waiter writes, or concurrent Waits would race)  |
 * | semaphore        | release → release(t, sem); acquire completes → acquire(t, sem)          |
 * | once             | once_exit → release(t, once); every once_enter that returns → acquire   |
 * | cond             | signal/broadcast → release(t, cv); the woken wait → acquire(t, cv)      |
 * | barrier          | every arrival → release(t, b); every departure → acquire(t, b)          |
 * |                  | (the barrier's clock is reset when a new generation starts)             |
 * | atomics          | atomic(t, v, kind, at) first, then: load → acquire(t, 'atomic:' + v);   |
 * |                  | store → releaseStore(t, 'atomic:' + v); add/swap/cas-ok → acquire then  |
 * |                  | release; failed cas → acquire                                           |
 * | GIL              | nothing: the GIL orders no program data                                 |
 *
 * `read` and `write` are plain accesses to shared variables (ids as in `VarDecl.id`).
 */
export interface HbObserver {
  /** `at` is the spawn site, named in race reports ("G3 created here"); optional. */
  fork(parent: TaskId, child: TaskId, at?: SourceRange): void;
  join(joiner: TaskId, joined: TaskId): void;
  /** The task's clock absorbs the sync object's clock. */
  acquire(task: TaskId, sync: string): void;
  /** The sync object's clock absorbs the task's clock (merge); the task's epoch advances. */
  release(task: TaskId, sync: string): void;
  /** The sync object's clock becomes the task's clock (overwrite); the task's epoch advances. */
  releaseStore(task: TaskId, sync: string): void;
  read(task: TaskId, variable: string, at: SourceRange): void;
  write(task: TaskId, variable: string, at: SourceRange): void;
  /** An atomic access; mixing atomic and plain access to one variable is a race. */
  atomic(task: TaskId, variable: string, kind: 'load' | 'store' | 'rmw', at: SourceRange): void;
}
