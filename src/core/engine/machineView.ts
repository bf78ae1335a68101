/**
 * The machine at this moment of a timed run (`MachineState`, trace/machine.ts), in terms any
 * runtime shares: the chip from the engine's hardware threads and kernel threads, the tasks
 * from the world, and the runtime's own scheduler from its `view()` (Go: Ms, Ps with runnext
 * and runq, sched.runq, the netpoller; CPython: the GIL). A runtime without a view is the OS's:
 * each task is its own kernel thread, and the OS ready queue holds the runnable ones.
 *
 * The engine records it after each step of a traced run; the debugger's Machine scope and
 * the panel read it.
 */
import type { SchedulerView } from '../runtimes/runtime';
import type { BlockedTasks, CoreState, MachineState, SyscallState, ThreadState } from '../trace/machine';
import { KT_NEW } from '../os/kthread';
import { TS_BLOCKED, TS_RUNNABLE, TS_RUNNING, W_IO, W_RUNTIME, W_SLEEP, W_SYNC, W_SYSCALL } from './task';
import type { TimedModel } from './timed';

export function machineStateOf(timed: TimedModel): MachineState {
  const tasks = timed.world.tasks;
  const view: SchedulerView = timed.runtime.view?.(true) ?? {};
  const label = (t: number): string | null => (t >= 0 && t < tasks.length ? tasks[t].label : null);
  const labels = (list: readonly number[]): string[] => list.map((t) => tasks[t].label);
  // The runtime's own thread on a kernel thread (`M3`); a plain or Python thread is named
  // after the task it carries (`T2`), as people name it; else the kernel thread's own name.
  const ownThread = new Map<number, string>();
  for (const m of view.threads ?? []) ownThread.set(m.kthread, m.id);
  const threadName = (kt: number): string => {
    const own = ownThread.get(kt);
    if (own !== undefined) return own;
    const k = timed.kthreads[kt];
    if (view.threads === undefined && k.task >= 0) return tasks[k.task].label;
    return /^M\d+$/.test(k.name) ? k.name : `K${kt}`;
  };
  const { machine } = timed;
  const cores: CoreState[] = [];
  for (let c = 0; c < machine.cores; c++) {
    const hwThreads = [];
    for (let s = 0; s < machine.smt; s++) {
      const h = c * machine.smt + s;
      const kt = machine.kt[h];
      hwThreads.push({ id: `hw${h}`, thread: kt >= 0 ? threadName(kt) : null });
    }
    cores.push({ id: `core${c}`, hwThreads });
  }
  const threads: ThreadState[] = [];
  if (view.threads) {
    for (const m of view.threads) {
      if (m.state === 'exited') continue;
      threads.push({ id: m.id, p: m.processor, running: label(m.task), inSyscall: m.inSyscall });
    }
  } else {
    timed.kthreads.forEach((k, kt) => {
      if (timed.threadState(kt) === 'exited' || k.task < 0) return;
      const t = tasks[k.task];
      threads.push({ id: threadName(kt), p: null, running: t.state === TS_RUNNING ? t.label : null, inSyscall: t.state === TS_BLOCKED && t.waitKind === W_SYSCALL });
    });
  }
  const processors = (view.processors ?? []).map((p) => ({ id: p.id, m: p.thread, runnext: label(p.next), runq: labels(p.queue) }));
  const lock = view.lock ? { name: view.lock.name, holder: label(view.lock.holder), waiting: labels(view.lock.waiting) } : null;
  const lockWaiting = new Set(view.lock?.waiting ?? []);
  // A task whose own kernel thread is still being created (pthread_create, `os.thread_create`)
  // is not in any ready queue yet: it is shown apart, so an idle core beside it is no mystery.
  // The runtime's shared queue (Go: sched.runq); else the OS ready queue: the tasks whose kernel thread waits for a CPU.
  const creating: string[] = [];
  let globalQueue: string[];
  if (view.runQueue) globalQueue = labels(view.runQueue);
  else {
    globalQueue = [];
    for (const t of tasks) {
      if (t.state !== TS_RUNNABLE) continue;
      const k = t.kt >= 0 ? timed.kthreads[t.kt] : null;
      if (t.parent >= 0 && k !== null && k.state === KT_NEW && k.task === t.id) creating.push(t.label);
      else if (!lockWaiting.has(t.id)) globalQueue.push(t.label);
    }
  }
  const netpoller = labels(view.ioWaiting ?? []);
  const groups = new Map<string, string[]>();
  /** Per group, the object's state where a person asks for it (a semaphore's permits and holders). */
  const states = new Map<string, string>();
  const syscalls: SyscallState[] = [];
  for (const t of tasks) {
    if (t.state !== TS_BLOCKED) continue;
    if (t.waitKind === W_SYSCALL) {
      syscalls.push({ task: t.label, thread: t.kt >= 0 ? threadName(t.kt) : '?', sinceNs: t.since });
      continue;
    }
    if (view.ioWaiting && t.waitKind === W_IO) continue; // shown in the netpoller
    if (t.waitKind === W_RUNTIME && view.lock) continue; // shown with the lock
    const on = t.waitKind === W_SLEEP ? 'sleep' : t.waitKind === W_IO ? 'I/O' : t.waitText || 'sync';
    if (t.waitKind === W_SYNC && !states.has(on)) {
      const said = syncState(timed.world.objects.get(t.waitObj)?.inspect(), label);
      if (said !== undefined) states.set(on, said);
    }
    const g = groups.get(on);
    if (g) g.push(t.label);
    else groups.set(on, [t.label]);
  }
  if (lock && lock.waiting.length > 0) groups.set(lock.name, [...lock.waiting]);
  const blocked: BlockedTasks[] = [...groups].map(([on, list]) => {
    const state = states.get(on);
    return state !== undefined ? { on, tasks: list, state } : { on, tasks: list };
  });
  const state: MachineState = { cores, threads, processors, globalQueue, netpoller, blocked, lock, syscalls, ...(creating.length > 0 ? { creating } : {}) };
  // The loop's queues: the runtime's (tasks, named as their lanes are: `C2 db#1`), then the
  // front end's (callbacks and jobs, in its words), asked now (timed.ts `loopQueues`).
  const loopQueues = [
    ...(view.loopQueues ?? []).map((q) => ({ name: q.name, items: q.tasks.map((t) => `${tasks[t].label} ${tasks[t].name}`) })),
    ...(timed.loopQueues?.() ?? []),
  ];
  return loopQueues.length > 0 ? { ...state, loopQueues } : state;
}

/** A semaphore's permits and holders in words (`0 of 3 permits free; held by T1, T2, T3`); undefined for other objects. */
function syncState(inspected: Readonly<Record<string, unknown>> | undefined, label: (t: number) => string | null): string | undefined {
  if (!inspected || inspected.kind !== 'semaphore') return undefined;
  const holders = (inspected.holders as readonly number[]).map((t) => label(t) ?? `task ${t}`);
  const shown = holders.slice(0, 8).join(', ') + (holders.length > 8 ? ` and ${holders.length - 8} more` : '');
  return `${String(inspected.permits)} of ${String(inspected.initial)} permits free${holders.length > 0 ? `; held by ${shown}` : ''}`;
}
