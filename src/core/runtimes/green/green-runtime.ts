/**
 * `runtime.kind: green`: N:1 user-level ("green") threads. A library in the process
 * multiplexes every thread of the program onto ONE kernel thread, and switches between
 * them only where a thread waits or yields (cooperative, no preemption among them).
 *
 * Sources mirrored:
 * - GNU Pth (Engelschall, "Portable Multithreading", USENIX 2000, and pth(3)): a
 *   non-preemptive scheduler in user space; threads switch in pth_yield and in the
 *   blocking calls the library wraps (pth_read, pth_sleep, pth_mutex_acquire...), which
 *   wait through its event manager (select) instead of the kernel.
 * - Early Java "green threads" (JDK 1.1 on Solaris) and Ruby 1.8 had the same weakness,
 *   which the kernel-thread (1:1) and M:N designs exist to remove: a system call the
 *   library does not wrap blocks the one kernel thread, and with it every green thread.
 *
 * So: waiting on a lock, a channel, a join, a timer (`sleep`) or wrapped I/O (`io`) parks
 * only the green thread and the library runs the next ready one; a `syscall` blocks the
 * kernel thread with the green thread still bound to it, and nothing else runs until it
 * returns. Simplifications: a switch between green threads and creating one cost nothing
 * (a user-level context switch is some 100 ns, pth_spawn a stack allocation); the
 * library's scheduler is FIFO (Pth orders its ready queue by priority, all equal here).
 */
import type { SimConfig, TaskId } from '../../program';
import type { TaskKind } from '../../run';
import { taskLabel } from '../descriptor';
import { OneThreadQueue } from '../oneThread';
import type { BlockReason, KThreadId, Runtime, RuntimeHost, SchedulerView } from '../runtime';

/** The library's state (`inspect()`): the green thread on the kernel thread, the ready ones, the parked ones. */
export type GreenState = {
  readonly running: string | null;
  /** Whether the kernel thread is blocked in a system call (every green thread waits). */
  readonly inSyscall: boolean;
  readonly ready: readonly string[];
  readonly waiting: readonly { readonly task: string; readonly on: BlockReason }[];
};

export class GreenRuntime implements Runtime<GreenState> {
  readonly kind: string = 'green';
  readonly taskKind: TaskKind = 'thread';
  /** pth_spawn: a stack allocation and a context, no kernel call (simplified to nothing). */
  readonly spawnCostNs = 0;
  readonly notes: string[] = [];
  private host!: RuntimeHost;
  /** The one kernel thread the process has; its ready queue is Pth's (oldest first). */
  private readonly kernel = new OneThreadQueue();
  private inSyscall = false;

  constructor(_config: SimConfig) {
    this.notes.push('Green threads (N:1): every thread runs on one kernel thread, switching only where one waits or yields; a blocking system call stops them all.');
  }

  start(host: RuntimeHost): void {
    this.host = host;
    this.kernel.start(host, 'process (green threads)');
  }

  onSpawn(task: TaskId, parent: TaskId): void {
    if (parent < 0) {
      this.kernel.bindFirst(task);
      return;
    }
    this.kernel.push(task, `${label(task)} is created in user space and queued behind ${this.kernel.ready.length} ready green threads (no kernel thread of its own)`);
  }

  next(kt: KThreadId): boolean {
    // With nothing ready, Pth's scheduler waits in select() for an event.
    return this.kernel.take(kt, (task) => `The green-thread scheduler switches to ${label(task)}, the oldest ready one, on the process's only kernel thread (Pth: pth_scheduler)`);
  }

  mayRun(): boolean {
    return true;
  }

  onBlock(task: TaskId, _kt: KThreadId, reason: BlockReason): 'thread' | 'detach' {
    if (reason === 'syscall') {
      // N:1's weakness: the kernel sees one thread, and it is now blocked in the kernel.
      this.inSyscall = true;
      const others = this.kernel.ready.length;
      this.host.note(task, `${label(task)} makes a blocking system call the library does not wrap: the process's only kernel thread blocks in the kernel, and ${others === 0 ? 'no other green thread can run' : `the ${others} ready green thread${others === 1 ? '' : 's'} cannot run`} until it returns (N:1; M:N and 1:1 would run them on other kernel threads)`);
      return 'thread';
    }
    this.kernel.park(task, reason, `${label(task)} waits (${reason}) inside the library, not the kernel: the kernel thread goes on with the next ready green thread (Pth: the event manager)`);
    return 'detach';
  }

  onReady(task: TaskId): void {
    if (this.kernel.running() === task) {
      // Back from its system call, still on the kernel thread.
      this.inSyscall = false;
      this.host.wakeThread(this.kernel.thread);
      return;
    }
    this.kernel.unpark(task);
    this.kernel.push(task, `${label(task)} is ready again; it runs after the ${this.kernel.ready.length} green threads ahead of it`);
  }

  onYield(task: TaskId, _kt: KThreadId, preempted: boolean): 'os' | 'detach' {
    // The OS preempts the kernel thread, not a green thread: the same one goes on when the
    // process runs again. A yield (pth_yield) lets the next ready green thread run.
    if (preempted) return 'os';
    this.kernel.push(task, `${label(task)} yields: the next ready green thread goes first (Pth: pth_yield)`);
    return 'detach';
  }

  onExit(): void {}

  onTimer(): void {}

  inspect(): GreenState {
    const running = this.kernel.running();
    return {
      running: running >= 0 ? label(running) : null,
      inSyscall: this.inSyscall,
      ready: this.kernel.ready.map(label),
      waiting: this.kernel.waitingLabels(label),
    };
  }

  view(queues: boolean): SchedulerView {
    return { threads: [this.kernel.threadView('kernel thread', this.inSyscall)], runQueue: queues ? [...this.kernel.ready] : [] };
  }
}

function label(task: TaskId): string {
  return taskLabel('thread', task);
}
