/**
 * The shipped runtimes' descriptors (core/runtimes/registry.ts) are the one source of
 * kinds, settings and defaults: what they derive must be what people have always seen.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig, SETTABLE_PATHS } from '../../../src/core/config';
import { BUILTIN_RUNTIMES, runtimeDescriptor } from '../../../src/core/runtimes/registry';
import { RUNTIME_KEYS } from '../../../src/frontends/scenario/vocabulary';

/** The Go runtime's costs and latencies (docs/models.md), as DEFAULT_CONFIG holds them. */
const GO_COSTS = {
  chanOpNs: 30, gSwitchNs: 55, goexitNs: 100, newprocNs: 300, malgNs: 8_000, gRemoteNs: 250, mWakeNs: 5_000, futexWakeNs: 1_000,
  runnextStealSleepNs: 55_000, sysmonSlackNs: 50_000, mutexOpNs: 20, mutexSpinNs: 750,
};
const PYTHON_COSTS = { gilWakeNs: 50_000, gilWakeHotNs: 5_000, gilWakeSpread: 0.25, gilSignalNs: 4_600, startMethod: 'fork' };
const PYTHON_KEYS = ['gil_wake', 'gil_wake_hot', 'gil_wake_spread', 'gil_signal', 'start_method'];

describe('runtime descriptors', () => {
  it('each creates a runtime of its own kind and task kind', () => {
    for (const d of BUILTIN_RUNTIMES) {
      const rt = d.create(resolveConfig({ runtime: { kind: d.kind } }));
      expect([rt.kind, rt.taskKind]).toEqual([d.kind, d.taskKind]);
    }
  });

  it('give the runtime defaults, --set paths and scenario keys', () => {
    expect(DEFAULT_CONFIG.runtime).toEqual({
      kind: 'threads', threadWakeNs: 5_000, gomaxprocs: 0, switchIntervalNs: 5_000_000, freeThreaded: false,
      ...GO_COSTS, ...PYTHON_COSTS,
    });
    const goKeys = ['chan_op', 'g_switch', 'goexit', 'newproc', 'malg', 'g_remote', 'm_wake', 'futex_wake', 'runnext_steal_sleep', 'sysmon_slack', 'mutex_op', 'mutex_spin'];
    const pyKeys = PYTHON_KEYS;
    expect(SETTABLE_PATHS.filter((p) => p.startsWith('runtime.')))
      .toEqual(['runtime.kind', 'runtime.thread_wake', 'runtime.gomaxprocs', ...goKeys.map((k) => `runtime.${k}`), 'runtime.switch_interval', 'runtime.free_threaded',
        ...pyKeys.map((k) => `runtime.${k}`)]);
    expect(RUNTIME_KEYS).toEqual(['kind', 'thread_wake', 'gomaxprocs', ...goKeys, 'switch_interval', 'free_threaded', ...pyKeys]);
    expect(resolveConfig({}, { 'runtime.switch_interval': '2ms' }).runtime.switchIntervalNs).toBe(2_000_000);
  });

  it('word misuse as each real runtime does', () => {
    const say = (kind: string) => runtimeDescriptor(kind).misuse;
    expect(say('go').mutexUnlockUnlocked('mu')).toBe('fatal error: sync: unlock of unlocked mutex');
    expect(say('python').mutexUnlockUnlocked('mu')).toBe("RuntimeError: release unlocked lock ('mu')");
    expect(say('threads').mutexUnlockUnlocked('mu')).toBe("'mu': unlock of a mutex that is not locked (EPERM)");
    expect(say('processes').mutexUnlockUnlocked('mu')).toBe("'mu': unlock of a mutex that is not locked (EPERM)");
    expect(say('go').semaphoreOverRelease('pool', 1)).toBe("panic: semaphore: released more than held (release of 'pool' beyond its 1 initial permit)");
    expect(say('python').semaphoreOverRelease('pool', 2)).toBe("ValueError: Semaphore released too many times (release of 'pool' beyond its 2 initial permits)");
    expect(say('threads').semaphoreOverRelease('pool', 2)).toBe("release of 'pool' beyond its 2 initial permits (the semaphore is declared strict)");
    expect(BUILTIN_RUNTIMES.filter((d) => d.misuse.panicEndsProgram).map((d) => d.kind)).toEqual(['go']);
  });

  it('refuse an unknown kind, naming the known ones', () => {
    expect(() => runtimeDescriptor('erlang')).toThrow('runtime.kind "erlang" is unknown; use one of threads, go, python, processes');
  });
});
