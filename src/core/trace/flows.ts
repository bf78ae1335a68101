/**
 * The flows of an event loop's run (a coroutine, an async function's chain of promises), which
 * the trace alone cannot tell apart: they all run inside the loop thread's one engine task. The
 * front end's loop driver says with a `flow` op (core/program.ts) which flow runs from now on
 * (asyncio: base_events.py `_run_once` running a Task's `__step`; the sandbox's event loop: an
 * async function resumed by a reaction job), and the timed engine records the switches here, so
 * the panel draws a lane per flow with a slice for each stretch it ran.
 */
import type { TaskId } from '../program';

/** A stretch a flow ran: [flow, startNs, endNs, engine task it ran in]. */
export type FlowRow = readonly [number, number, number, number];

export interface RecordedFlows {
  /** Flow names in the order first seen, as the findings name them (`worker`, `worker#2`). */
  readonly labels: readonly string[];
  /** Its stretches, in the order they ended (one still running at the end ends with the run). */
  readonly rows: readonly FlowRow[];
}

export class FlowRecorder {
  private readonly labels: string[] = [];
  private readonly flowOf = new Map<string, number>();
  private readonly rows: FlowRow[] = [];
  /** Per engine task, the flow running in it and since when. */
  private readonly running = new Map<TaskId, { flow: number; start: number }>();

  /** Task `task` runs `flow` from `now` on (null: no flow, the loop's own code). */
  switchTo(now: number, task: TaskId, flow: string | null): void {
    const cur = this.running.get(task);
    const next = flow === null ? -1 : this.flow(flow);
    if (cur && cur.flow === next) return;
    if (cur) {
      this.rows.push([cur.flow, cur.start, now, task]);
      this.running.delete(task);
    }
    if (next >= 0) this.running.set(task, { flow: next, start: now });
  }

  finish(endNs: number): RecordedFlows {
    const rows = [...this.rows];
    for (const [task, cur] of this.running) rows.push([cur.flow, cur.start, endNs, task]);
    return { labels: this.labels, rows };
  }

  private flow(name: string): number {
    let f = this.flowOf.get(name);
    if (f === undefined) {
      f = this.labels.length;
      this.flowOf.set(name, f);
      this.labels.push(name);
    }
    return f;
  }
}
