/**
 * The untimed model (check, explore): only synchronisation orders events. At each step
 * the chooser picks which runnable task executes; that task runs its next op that
 * another task can observe, together with the local ops (compute, io, sleep, print,
 * assert) before it, atomically. Durations are ignored. No trace, little allocation.
 */
import type { Op, Program } from '../program';
import type { ChoicePoint, StepInfo } from '../run';
import { execOp, isLocalOp, isSyncRetry, retrySync, R_BLOCK, R_NEXT, R_PANIC, R_STOP, R_TIMER, R_WORK, R_YIELD } from './ops';
import { TaskRec, TS_BLOCKED, TS_DONE, TS_RUNNABLE, W_NONE } from './task';
import { World, type WorldHost } from './world';

export class UntimedModel implements WorldHost {
  events = 0;
  stopped: 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error' | null = null;
  error: string | undefined;
  readonly world: World;
  private readonly options: number[] = [];

  constructor(
    readonly program: Program,
    private readonly chooser: { choose(p: ChoicePoint): number },
    makeWorld: (host: WorldHost) => World,
    private readonly maxSteps: number,
    private readonly onStep: ((s: StepInfo) => void) | undefined,
  ) {
    this.world = makeWorld(this);
    this.world.trackSteps = onStep !== undefined;
  }

  start(): void {
    this.world.createTask('main', this.program.main, [], null, this.program.mainAt, 0, 0);
  }

  now(): number {
    return 0;
  }
  choose(point: ChoicePoint): number {
    return this.chooser.choose(point);
  }
  accessCost(): number {
    return 0;
  }
  spawned(child: TaskRec): void {
    child.state = TS_RUNNABLE;
  }
  wake(t: TaskRec): void {
    t.state = TS_RUNNABLE;
  }
  killBlocked(t: TaskRec): void {
    this.world.finishTask(t);
    if (t.id === 0) this.stopped = 'finished';
  }

  /** Runs up to `maxSteps` steps; returns true when the run has stopped. */
  runSlice(maxSteps: number): boolean {
    const tasks = this.world.tasks;
    const options = this.options;
    while (this.stopped === null && maxSteps-- > 0) {
      options.length = 0;
      for (let i = 0; i < tasks.length; i++) if (tasks[i].state === TS_RUNNABLE) options.push(i);
      if (options.length === 0) {
        this.stopped = 'deadlock';
        break;
      }
      const pick = options.length === 1 ? options[0] : options[this.chooser.choose({ kind: 'step', options: options.slice() })];
      if (++this.events > this.maxSteps) {
        this.stopped = 'budget';
        this.error = `stopped after ${this.maxSteps} steps: the run exceeded its step budget (look for a loop that never ends)`;
        break;
      }
      this.step(tasks[pick]);
    }
    return this.stopped !== null;
  }

  private step(t: TaskRec): void {
    const w = this.world;
    const track = this.onStep !== undefined;
    if (track) {
      w.touched = [];
      w.woke = [];
      w.readOnly = true;
    }
    let first = null;
    for (;;) {
      w.current = t;
      let code: number;
      let op: Op;
      if (isSyncRetry(t.result)) {
        op = t.op!;
        code = retrySync(w, t);
      } else {
        const next = t.gen === null ? (t.gen = t.body(...t.args)).next() : t.gen.next(t.result);
        if (next.done) {
          t.returned = next.value;
          w.finishTask(t);
          if (track) w.readOnly = false;
          if (t.id === 0) this.stopped = 'finished';
          break;
        }
        op = next.value;
        code = execOp(w, t, op, 0);
      }
      first ??= op;
      w.killPending();
      if (code === R_NEXT || code === R_WORK) {
        t.workNs = 0;
        if (isLocalOp(op)) continue;
        first = op;
        break;
      }
      if (code === R_TIMER) {
        t.workNs = 0;
        t.waitKind = W_NONE;
        t.waitText = '';
        continue;
      }
      if (code === R_BLOCK) {
        t.state = TS_BLOCKED;
        // StepInfo.woke lists the tasks a step enabled or disabled: a block disables the stepper.
        if (track) w.woke.push(t.id);
        first = op;
        break;
      }
      if (code === R_YIELD) { first = op; break; }
      if (code === R_PANIC) {
        w.panicked = null;
        w.finishTask(t);
        if (t.id === 0) this.stopped = 'finished';
        break;
      }
      if (code === R_STOP) {
        this.stopped = 'error';
        this.error = w.fatal ?? 'fatal error';
        break;
      }
    }
    w.current = null;
    if (track && first) {
      this.onStep!({ task: t.id, op: first, touched: w.touched, readOnly: w.readOnly, woke: w.woke });
    } else if (track && t.state === TS_DONE) {
      this.onStep!({ task: t.id, op: { op: 'yield', at: t.at }, touched: w.touched, readOnly: false, woke: w.woke });
    }
  }
}
