/**
 * Where each task is in the source at a moment, read from the loaded timeline, so every
 * task the machine view shows can link to its line.
 *
 * A task's position at `ns` is the source of its lane's interval covering `ns`; when that
 * interval has none (-1), the nearest earlier interval of the same task that has one (the
 * line it last ran, blocked or waited at); when there is none either (the task has not
 * started, or the core recorded no lines), it has no position and the view draws no link.
 *
 * Lookup is a binary search per task plus one array read: `lastSourced[i]` is, for each
 * interval, the nearest interval at or before it in the same lane with a source. It is
 * built once per timeline, on the first question (4 bytes per interval).
 */
import type { SourceLocation } from '../../src/protocol/panel';
import type { TimelineData } from '../timeline/data';

export interface TaskPosition {
  /** The task as its timeline lane names it: `G7 worker`, `T2 worker`. */
  readonly name: string;
  readonly location: SourceLocation;
}

export class TaskSources {
  /** Task id (`G7`) → its lane. */
  private readonly laneOf = new Map<string, number>();
  private lastSourced: Int32Array | null = null;

  constructor(private readonly data: TimelineData) {
    const m = data.model;
    m.lanes.forEach((lane, i) => {
      if (lane.kind === 'task' && lane.task !== undefined && m.tasks[lane.task]) this.laneOf.set(m.tasks[lane.task].id, i);
    });
  }

  /** The task's lane label (`G7 worker`), or its id when the timeline has no lane for it. */
  nameOf(task: string): string {
    const lane = this.laneOf.get(task);
    return lane === undefined ? task : this.data.model.lanes[lane].label;
  }

  /** Where `task` is in the source at `ns`, or null when that is unknown. */
  at(task: string, ns: number): TaskPosition | null {
    const lane = this.laneOf.get(task);
    if (lane === undefined) return null;
    const d = this.data;
    const from = d.laneFrom[lane];
    const i = d.firstEndingAfter(lane, ns);
    // The interval covering ns, else the last one that ended before it.
    const covering = i < d.laneFrom[lane + 1] && d.start[i] <= ns ? i : i - 1;
    if (covering < from) return null;
    const j = this.sourcedIndex()[covering];
    if (j < 0) return null;
    return { name: this.nameOf(task), location: d.model.sources[d.source[j]] };
  }

  private sourcedIndex(): Int32Array {
    if (this.lastSourced) return this.lastSourced;
    const d = this.data;
    const out = new Int32Array(d.intervalCount);
    for (let lane = 0; lane < d.laneCount; lane++) {
      let last = -1;
      for (let i = d.laneFrom[lane]; i < d.laneFrom[lane + 1]; i++) {
        if (d.source[i] >= 0) last = i;
        out[i] = last;
      }
    }
    this.lastSourced = out;
    return out;
  }
}
