/**
 * The runtime's own lanes of a traced run (Go: one per M and one per P), recorded while the
 * run happens so nobody replays it to look inside. After every engine step that recorded a
 * trace event which can change who runs where (anything but an op, a spawn or a task made
 * ready), the engine asks the runtime for its `view()` — which kernel thread runs
 * which task and holds which processor — and the recorder turns the samples into
 * intervals: the same points and the same intervals a pause after each such step gave.
 */
import type { SchedulerView } from '../runtimes/runtime';
import type { TaskId } from '../program';

/**
 * Recording stops past this many trace events and the trace carries no lanes: the panel
 * leaves them out of so long a run (a timeline that long shows hardware threads and tasks).
 */
export const LANE_EVENT_LIMIT = 200_000;

/** What a lane shows over an interval. */
export const LANE_RUNNING = 0;
export const LANE_SYSCALL = 1;
/** An M spinning for work (it holds no G, and looks for one). */
export const LANE_SPINNING = 2;
/** A P held by an M that runs no G right now. */
export const LANE_IDLE = 3;

export type LaneKind = 'thread' | 'processor';

/** An interval of one lane: [lane, startNs, endNs, LANE_*, task (−1: none)]. */
export type LaneRow = readonly [number, number, number, number, number];

export interface RecordedLanes {
  /** Lane names in the order first seen (`M0`, `P0`, ...). */
  readonly labels: readonly string[];
  readonly kinds: readonly LaneKind[];
  /** Closed intervals, in the order they closed. */
  readonly rows: readonly LaneRow[];
  /** Per lane, the interval still open when the run ended (it lasts to the end of the view). */
  readonly open: readonly ({ readonly state: number; readonly task: number; readonly start: number } | null)[];
  /** The simulated time when the run ended. */
  readonly endNs: number;
}

interface Open { state: number; task: number; start: number }

export class LaneRecorder {
  private readonly labels: string[] = [];
  private readonly kinds: LaneKind[] = [];
  private readonly laneOf = new Map<string, number>();
  private readonly open: (Open | null)[] = [];
  private readonly rows: LaneRow[] = [];

  /** Samples the runtime's threads and processors at `now`; `running(task)` says whether the task is on a CPU now. */
  sample(now: number, view: SchedulerView, running: (task: TaskId) => boolean): void {
    const taskOfThread = new Map<string, number>();
    for (const m of view.threads ?? []) {
      const l = this.lane(m.id, 'thread');
      const onCpu = m.task >= 0 && running(m.task);
      if (onCpu) taskOfThread.set(m.id, m.task);
      if (m.state === 'syscall') this.set(l, now, LANE_SYSCALL, m.task);
      else if (onCpu) this.set(l, now, LANE_RUNNING, m.task);
      else if (m.state === 'spinning') this.set(l, now, LANE_SPINNING, -1);
      else this.set(l, now, -1, -1);
    }
    for (const p of view.processors ?? []) {
      const l = this.lane(p.id, 'processor');
      const task = p.thread !== null ? taskOfThread.get(p.thread) ?? -1 : -1;
      if (task >= 0) this.set(l, now, LANE_RUNNING, task);
      else if (p.thread !== null) this.set(l, now, LANE_IDLE, -1);
      else this.set(l, now, -1, -1);
    }
  }

  finish(endNs: number): RecordedLanes {
    return { labels: this.labels, kinds: this.kinds, rows: this.rows, open: this.open.map((o) => (o ? { ...o } : null)), endNs };
  }

  private lane(id: string, kind: LaneKind): number {
    let l = this.laneOf.get(id);
    if (l === undefined) {
      l = this.labels.length;
      this.laneOf.set(id, l);
      this.labels.push(id);
      this.kinds.push(kind);
      this.open.push(null);
    }
    return l;
  }

  private set(l: number, now: number, state: number, task: number): void {
    const cur = this.open[l];
    if (cur && cur.state === state && cur.task === task) return;
    if (cur && now > cur.start) this.rows.push([l, cur.start, now, cur.state, cur.task]);
    this.open[l] = state < 0 ? null : { state, task, start: now };
  }
}
