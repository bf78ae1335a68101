/**
 * The `go` runtime's descriptor, listed in ../registry.ts: GOMAXPROCS, goroutines (`G1`),
 * Go's own words for misuse (sync/mutex.go, sync/rwmutex.go, x/sync/semaphore, proc.go:
 * checkdead), and the scheduler's state as `GoSchedState`.
 */
import type { RuntimeDescriptor } from '../descriptor';
import { beyondInitial, posixMisuse } from '../misuse';
import { GoRuntime } from './go-runtime';
import type { GoSchedState } from './inspect';

export const goRuntime: RuntimeDescriptor<'go', GoSchedState> = {
  kind: 'go',
  summary: 'G/M/P',
  taskKind: 'goroutine',
  // 0 = cores × smt, Go's default (resolveConfig fills it in).
  settings: [{ field: 'gomaxprocs', key: 'gomaxprocs', default: 0 }],
  misuse: {
    ...posixMisuse,
    // sync/mutex.go: unlockSlow → fatal("sync: unlock of unlocked mutex")
    mutexUnlockUnlocked: () => 'fatal error: sync: unlock of unlocked mutex',
    // sync/rwmutex.go: Unlock / rUnlockSlow → fatal(...)
    rwUnlockUnlocked: () => 'fatal error: sync: Unlock of unlocked RWMutex',
    rwRUnlockUnlocked: () => 'fatal error: sync: RUnlock of unlocked RWMutex',
    // golang.org/x/sync/semaphore: Weighted.Release panics with this text.
    semaphoreOverRelease: (name, initial) => `panic: semaphore: released more than held (${beyondInitial(name, initial)})`,
    // proc.go: checkdead
    deadlock: 'fatal error: all goroutines are asleep - deadlock!',
    // An unrecovered panic (send on a closed channel, a negative WaitGroup counter) ends the
    // whole program with exit status 2, not just the goroutine.
    panicEndsProgram: true,
  },
  describe: (r) => `go, GOMAXPROCS ${r.gomaxprocs}`,
  create: (config) => new GoRuntime(config),
};
