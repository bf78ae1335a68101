/**
 * The `go` runtime's descriptor, listed in ../registry.ts: GOMAXPROCS, goroutines (`G1`),
 * Go's own words for misuse (sync/mutex.go, sync/rwmutex.go, x/sync/semaphore, proc.go:
 * checkdead), and the scheduler's state as `GoSchedState`.
 */
import type { RuntimeDescriptor } from '../descriptor';
import { beyondInitial, posixMisuse } from '../misuse';
import { GoRuntime } from './go-runtime';
import type { GoSchedState } from './inspect';
import { FORCE_PREEMPT_NS } from './sysmon';

export const goRuntime: RuntimeDescriptor<'go', GoSchedState> = {
  kind: 'go',
  summary: 'G/M/P',
  taskKind: 'goroutine',
  // 0 = cores × smt, Go's default (resolveConfig fills it in).
  // The costs and latencies after gomaxprocs are docs/models.md's, each measured on a 2-core
  // AMD EPYC VM against Go 1.19 (test/bench/fidelityBench.ts, `npm run bench -- fidelity`).
  settings: [
    { field: 'gomaxprocs', key: 'gomaxprocs', default: 0 },
    // chan.go: chansend/chanrecv (lock, direct copy, goready), ~40 ns; with g_switch a
    // handoff is about 0.1 µs each way (an unbuffered ping-pong round trip ≈ 230 ns).
    { field: 'chanOpNs', key: 'chan_op', default: 30, ns: true, doc: 'Go only: CPU time of one channel operation (chan.go: chansend, chanrecv, closechan; selectgo)' },
    // proc.go: park_m/schedule/findRunnable/execute and gogo: one G switch on an M.
    { field: 'gSwitchNs', key: 'g_switch', default: 55, ns: true, doc: 'Go only: CPU time of one goroutine switch on an M (proc.go: park_m, schedule, execute, gogo)' },
    // proc.go: goexit1/goexit0 (gdestroy, gfput).
    { field: 'goexitNs', key: 'goexit', default: 100, ns: true, doc: 'Go only: CPU time of a goroutine\'s exit (proc.go: goexit0, gfput)' },
    // proc.go: newproc/newproc1 with gfget (a dead G and its stack reused); models.md's 0.3 µs.
    { field: 'newprocNs', key: 'newproc', default: 300, ns: true, doc: 'Go only: CPU time of `go f()` reusing a dead G (proc.go: newproc1, gfget)' },
    // proc.go: newproc1 when gfget finds nothing: malg(stackMin) (stackalloc, a new g) and allgadd.
    { field: 'malgNs', key: 'malg', default: 8_000, ns: true, doc: 'Go only: extra CPU time of `go f()` when no dead G is free (proc.go: malg, stackalloc, allgadd; first touch of the stack)' },
    // proc.go: newproc1 writes a reused G (g.sched, goid, startpc, status) and its stack's first
    // frame, execute/gogo read them: when another P's core last wrote them (a dead G through
    // gfput → sched.gFree → gfget, a G stolen by runqsteal) those cache lines move first.
    { field: 'gRemoteNs', key: 'g_remote', default: 250, ns: true, doc: 'Go only: extra CPU time of touching a G (its g and stack top) last run on another P: newproc1 on a dead G from sched.gFree, execute of a stolen G (cache lines moving between cores)' },
    // proc.go: startm → notewakeup (futexwakeup) until the parked M runs: a few µs on an idle core.
    { field: 'mWakeNs', key: 'm_wake', default: 5_000, ns: true, doc: 'Go only: wake-up latency of a parked M (proc.go: startm → notewakeup → futexwakeup)' },
    // lock_futex.go: futexwakeup, paid by the waker (wakep from `go`, ready).
    { field: 'futexWakeNs', key: 'futex_wake', default: 1_000, ns: true, doc: 'Go only: the waker\'s CPU time for one futexwakeup (lock_futex.go)' },
    // proc.go: runqgrab: usleep(3) before stealing a running P's runnext; Linux's default
    // 50 µs timer slack makes it ~55 µs.
    { field: 'runnextStealSleepNs', key: 'runnext_steal_sleep', default: 55_000, ns: true, doc: 'Go only: how long runqgrab\'s usleep(3) really sleeps before stealing a running P\'s runnext (timer slack)' },
    // proc.go: sync_runtime_doSpin: procyield(active_spin_cnt = 30), 30 PAUSE (0.75 µs measured here).
    // proc.go: sysmon: usleep(delay) → nanosleep, which Linux lets expire up to the thread's
    // timer_slack_ns (50 µs by default) late: usleep(20) takes ~70 µs (more on a loaded machine).
    { field: 'sysmonSlackNs', key: 'sysmon_slack', default: 50_000, ns: true, doc: 'Go only: Linux timer slack: how late sysmon\'s usleep and an idle M\'s epoll_wait timeout wake (proc.go: sysmon; netpoll_epoll.go: netpoll)' },
    // internal/sync/mutex.go: Lock / Unlock (one CAS or atomic add, a call); rwmutex.go likewise.
    // examples/go/contended-counter at GOMAXPROCS=1: 51 ns per lock, counter++, unlock here.
    { field: 'mutexOpNs', key: 'mutex_op', default: 20, ns: true, doc: 'Go only: CPU time of a sync.Mutex or RWMutex Lock/Unlock (mutex.go: the atomic fast path)' },
    { field: 'mutexSpinNs', key: 'mutex_spin', default: 750, ns: true, doc: 'Go only: one active spin of a sync.Mutex waiter (proc.go: sync_runtime_doSpin, procyield(30))' },
  ],
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
  // docs/models.md, Versions: proc.go, chan.go, sema.go, internal/sync/mutex.go of Go 1.25.
  follows: { name: 'Go', version: '1.25', measured: '1.19' },
  // proc.go: sysmon → retake preempts a G that ran longer than forcePreemptNS.
  fairShare: (c) => ({ processors: c.runtime.gomaxprocs, turnNs: FORCE_PREEMPT_NS }),
  create: (config) => new GoRuntime(config),
};
