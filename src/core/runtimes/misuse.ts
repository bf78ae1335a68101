/**
 * The wording of sync-object misuse that runtimes share: an error-checking pthread mutex
 * and rwlock (pthread_mutex_unlock / pthread_rwlock_unlock return EPERM, a relock EDEADLK)
 * and a strict semaphore. A runtime's descriptor spreads this and overrides what its own
 * runtime prints (go/descriptor.ts, python/descriptor.ts).
 */
import type { MisuseWording } from './descriptor';

export const posixMisuse: MisuseWording = {
  mutexUnlockUnlocked: (name) => `'${name}': unlock of a mutex that is not locked (EPERM)`,
  mutexRelock: (name) => `'${name}': lock of a mutex this thread already holds (EDEADLK)`,
  mutexUnlockNotHolder: (name, holder) => `'${name}': unlock of a mutex held by another thread (${holder} holds it; EPERM)`,
  rwUnlockUnlocked: (name) => `'${name}': unlock of a readers-writer lock that is not write-locked (EPERM)`,
  rwUnlockNotHolder: (name, writer) => `'${name}': unlock of a readers-writer lock held by another thread (${writer} holds it)`,
  rwRUnlockUnlocked: (name) => `'${name}': read-unlock of a readers-writer lock that is not read-locked (EPERM)`,
  rwRUnlockNotReader: (name) => `'${name}': read-unlock by a thread that holds no read lock (EPERM)`,
  semaphoreOverRelease: (name, initial) => `${beyondInitial(name, initial)} (the semaphore is declared strict)`,
  deadlock: 'Deadlock: no task can run and main has not returned.',
  panicEndsProgram: false,
};

/** "release of 'pool' beyond its 2 initial permits": the part every runtime's over-release text shares. */
export function beyondInitial(name: string, initial: number): string {
  return `release of '${name}' beyond its ${initial} initial permit${initial === 1 ? '' : 's'}`;
}
