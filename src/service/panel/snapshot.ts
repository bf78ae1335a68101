/**
 * The machine at one moment, as the panel draws it (`MachineSnapshot`), read from a live,
 * paused `Simulation` (the core's `replayTo`): the chip from the engine's machine and
 * kernel threads, the tasks from the world, and — for Go and Python — the runtime's own
 * `inspect()` snapshot, typed by its descriptor (`GoSchedState`: Ms, Ps with
 * `runnext`/`runq`, global queue, netpoller; `PythonState`: the GIL).
 *
 * Pure: no `vscode`, runs in the worker and in unit tests.
 */
import { TS_BLOCKED, TS_RUNNABLE, TS_RUNNING, W_IO, W_RUNTIME, W_SLEEP, W_SYSCALL, type Simulation } from '../../core/index';
import { goRuntime, pythonRuntime, stateOf, type GoSchedState } from '../../core/runtimes/registry';
import type {
  BlockedGroup, CoreView, MachineSnapshot, OsThreadView, ProcessorView, RuntimeName, SyscallView,
} from '../../protocol/panel';

/** The label of the OS thread a kernel thread is: Go's `M3`; a plain/Python thread is named after its task. */
export function threadLabels(sim: Simulation, go: GoSchedState | null): string[] {
  const timed = sim.timed!;
  const byKt = new Map<number, string>();
  for (const m of go?.ms ?? []) byKt.set(m.kthread, m.id);
  // threads/threads-runtime.ts, python-runtime.ts: one kernel thread per task, created in task order.
  return timed.kthreads.map((k, kt) => byKt.get(kt) ?? (/^M\d+$/.test(k.name) ? k.name : `K${kt}`));
}

export function snapshotOf(sim: Simulation, runtime: RuntimeName): MachineSnapshot {
  const timed = sim.timed;
  if (!timed) throw new Error('the panel shows timed runs only; this run is untimed');
  const tasks = sim.world.tasks;
  const go = runtime === 'go' ? stateOf(sim.runtime, goRuntime) ?? null : null;
  const gil = runtime === 'python' ? stateOf(sim.runtime, pythonRuntime)?.gil ?? null : null;
  const ktName = threadLabels(sim, go);
  // A plain thread's kernel thread shows the task it carries (`T2`), as people name it.
  const osName = (kt: number): string => {
    if (go) return ktName[kt];
    const t = timed.kthreads[kt].task;
    return t >= 0 ? tasks[t].label : ktName[kt];
  };
  const { machine } = timed;
  const cores: CoreView[] = [];
  for (let c = 0; c < machine.cores; c++) {
    const hwThreads = [];
    for (let s = 0; s < machine.smt; s++) {
      const h = c * machine.smt + s;
      const kt = machine.kt[h];
      hwThreads.push({ id: `hw${h}`, thread: kt >= 0 ? osName(kt) : null });
    }
    cores.push({ id: `core${c}`, hwThreads });
  }
  const threads: OsThreadView[] = [];
  if (go) {
    for (const m of go.ms) {
      if (m.state === 'exited') continue;
      threads.push({ id: m.id, p: m.p, running: m.g, inSyscall: m.inSyscall });
    }
  } else {
    timed.kthreads.forEach((k, kt) => {
      if (timed.threadState(kt) === 'exited' || k.task < 0) return;
      const t = tasks[k.task];
      threads.push({ id: osName(kt), p: null, running: t.state === TS_RUNNING ? t.label : null, inSyscall: t.state === TS_BLOCKED && t.waitKind === W_SYSCALL });
    });
  }
  const processors: ProcessorView[] = go ? go.ps.map((p) => ({ id: p.id, m: p.m, runnext: p.runnext, runq: [...p.runq] })) : [];
  // Go: sched.runq. Others: the OS scheduler's ready queue, shown as the tasks whose kernel thread waits for a CPU.
  const globalQueue = go ? [...go.globalQueue]
    : tasks.filter((t) => t.state === TS_RUNNABLE && !(gil && gil.waiters.includes(t.label))).map((t) => t.label);
  const netpoller = go ? [...go.netpoller.waiting] : [];
  const groups = new Map<string, string[]>();
  const syscalls: SyscallView[] = [];
  for (const t of tasks) {
    if (t.state !== TS_BLOCKED) continue;
    if (t.waitKind === W_SYSCALL) {
      syscalls.push({ task: t.label, thread: t.kt >= 0 ? osName(t.kt) : '?', sinceNs: t.since });
      continue;
    }
    if (go && t.waitKind === W_IO) continue; // shown in the netpoller
    if (t.waitKind === W_RUNTIME && gil) continue; // shown with the GIL
    const on = t.waitKind === W_SLEEP ? 'sleep' : t.waitKind === W_IO ? 'I/O' : t.waitText || 'sync';
    const g = groups.get(on);
    if (g) g.push(t.label);
    else groups.set(on, [t.label]);
  }
  if (gil && gil.waiters.length > 0) groups.set('the GIL', [...gil.waiters]);
  const blocked: BlockedGroup[] = [...groups].map(([on, list]) => ({ on, tasks: list }));
  return {
    runtime, cores, threads, processors, globalQueue, netpoller, blocked,
    gil: gil ? { holder: gil.holder, waiting: [...gil.waiters] } : null,
    syscalls,
  };
}
