/**
 * The query API over a recorded run, shared by the CLI, the debugger and the panel.
 *
 * State at an event: generators cannot be copied, so a run's state cannot be
 * snapshotted; `stateAt(i)` re-executes the run from the start with its schedule string
 * (exact replay) and pauses at the first op boundary after trace event `i` (events an
 * engine step records together, such as a block and the switch it causes, are seen
 * together). Replay runs at millions of events per second. A host stepping forwards keeps
 * the `Simulation` from `replayTo`, raises `sim.timed.stopAtTraceEvent` and calls
 * `sim.runSlice(n)`: the paused run continues exactly as the uninterrupted one;
 * `stateAt` does so through a `TraceCursor` (cursor.ts), which also keeps a window of
 * states so steps backwards rarely replay.
 */
import type { RunTrace } from '../engine/simulation';
import { Simulation } from '../engine/simulation';
import { TraceCursor, type StateBytes } from './cursor';
import { TS_RUNNING, W_IO, W_SLEEP, W_SYSCALL } from '../engine/task';
import { hwOfTasks, taskStatesAfter, taskStatesOf, TaskStates, type TaskNaming, type TaskState, type TaskStateName } from './taskStates';
import type { RunResult } from '../run';
import { E_BLOCK, E_EXIT, E_RUN, E_SPAWN, E_STOP, E_WAKE } from './events';

export { TaskStates, type TaskState, type TaskStateName };

export interface StateAt {
  readonly eventIndex: number;
  readonly ns: number;
  /** Every task; built on first use from `taskStates` (a million tasks make a million objects: read `taskStates` instead). */
  readonly tasks: readonly TaskState[];
  /** The same tasks, compact: read one by id, or a page, without building them all. */
  readonly taskStates: TaskStates;
  /** Per hardware thread: the task label running there, or null when idle. */
  readonly hwThreads: readonly (string | null)[];
  readonly objects: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly vars: Readonly<Record<string, unknown>>;
  /** The runtime's own state (Go: Ms, Ps, run queues, netpoller; Python: the GIL), when it shows one. */
  readonly runtime?: Readonly<Record<string, unknown>>;
}

export interface TaskInterval {
  readonly task: number;
  readonly state: TaskStateName;
  readonly start: number;
  readonly end: number;
  /** Hardware thread for `running` intervals, −1 otherwise. */
  readonly hw: number;
}

export interface CausalEdge {
  readonly from: number;
  readonly to: number;
  readonly fromTask: number;
  readonly toTask: number;
  readonly fromNs: number;
  readonly toNs: number;
  readonly label: string;
}

export function traceOf(result: RunResult): RunTrace {
  if (!result.trace) throw new Error('this run has no trace: run it with `trace: true`');
  return result.trace as RunTrace;
}

const BLOCK_STATE: Readonly<Record<number, TaskStateName>> = { [W_IO]: 'io', [W_SLEEP]: 'sleep', [W_SYSCALL]: 'syscall' };

/** Re-runs the traced run up to trace event `eventIndex` and returns the live simulation. */
export function replayTo(trace: RunTrace, eventIndex: number): Simulation {
  const sim = new Simulation(trace.program, trace.options, trace.deps);
  const timed = sim.timed!;
  timed.stopAtTraceEvent = eventIndex + 1;
  while (timed.trace!.length <= eventIndex && !sim.runSlice(10_000)) { /* replay */ }
  return sim;
}

/** One cursor per traced run, so a debugger's successive `stateAt` calls reuse its replay. */
const cursors = new WeakMap<RunResult, TraceCursor<StateAt>>();

/**
 * The state after trace event `eventIndex` (see the header). Successive calls on one
 * result share a `TraceCursor`: a step forwards continues the paused replay, a step
 * backwards is usually a lookup (cursor.ts).
 */
export function stateAt(result: RunResult, eventIndex: number): StateAt {
  let cursor = cursors.get(result);
  if (!cursor) {
    cursor = new TraceCursor(traceOf(result), steppingStateOf(traceOf(result)), { bytes: stateBytes });
    cursors.set(result, cursor);
  }
  return cursor.at(eventIndex);
}

/** A moment's state; `tasks` is built from `taskStates` when first read. */
class MomentState implements StateAt {
  private built: readonly TaskState[] | undefined;
  constructor(
    readonly eventIndex: number,
    readonly ns: number,
    readonly taskStates: TaskStates,
    readonly hwThreads: readonly (string | null)[],
    readonly objects: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
    readonly vars: Readonly<Record<string, unknown>>,
    readonly runtime?: Readonly<Record<string, unknown>>,
  ) {
    if (runtime === undefined) delete (this as { runtime?: unknown }).runtime;
  }

  get tasks(): readonly TaskState[] {
    return (this.built ??= this.taskStates.slice(0, this.taskStates.count));
  }
}

/** The state of a simulation paused after trace event `eventIndex`. */
export function stateOf(sim: Simulation, eventIndex: number): StateAt {
  return momentState(sim, eventIndex, taskStatesOf(sim, hwOfTasks(sim)));
}

function momentState(sim: Simulation, eventIndex: number, taskStates: TaskStates): StateAt {
  const w = sim.world;
  const timed = sim.timed!;
  const hwThreads: (string | null)[] = [];
  for (let h = 0; h < timed.machine.hwCount; h++) {
    const kt = timed.machine.kt[h];
    const task = kt >= 0 ? timed.kthreads[kt].task : -1;
    const t = task >= 0 ? w.tasks[task] : null;
    hwThreads.push(t && t.state === TS_RUNNING ? t.label : null);
  }
  const objects: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [id, o] of w.objects) objects[id] = o.inspect();
  const runtime = sim.runtime?.inspect?.();
  return new MomentState(eventIndex, timed.time, taskStates, hwThreads, objects, w.finals(), runtime);
}

/**
 * What a kept moment costs the cursor's window: its tasks (what it does not share with the
 * moment before), and an allowance for the runtime's view, objects and variables (the
 * runtime's lists stop at 1,000 entries, go/inspect.ts `INSPECT_LIST_MAX`).
 */
function stateBytes(s: StateAt): StateBytes {
  const rest = 4096 + 150 * Math.min(s.taskStates.count, 1000);
  return { own: s.taskStates.ownBytes + rest, full: s.taskStates.bytes + rest };
}

/**
 * `stateOf` for a cursor's successive reads: a read from the same live replay as the one
 * before, further on, shares the tasks that did not change with it (taskStates.ts).
 */
function steppingStateOf(trace: RunTrace): (sim: Simulation, eventIndex: number) => StateAt {
  const naming: TaskNaming = { label: (id) => trace.taskLabels[id], name: (id) => trace.taskNames[id] };
  // Per live replay (weakly: a replay the cursor dropped goes, with the tasks its states share).
  const last = new WeakMap<Simulation, { length: number; tasks: TaskStates }>();
  return (sim, eventIndex) => {
    const hwOf = hwOfTasks(sim);
    const before = last.get(sim);
    const tasks = before ? taskStatesAfter(before.tasks, before.length, sim, hwOf, naming) : taskStatesOf(sim, hwOf, naming);
    last.set(sim, { length: sim.timed!.trace!.length, tasks });
    return momentState(sim, eventIndex, tasks);
  };
}

/** Each task's states over time, for timelines: consecutive, non-overlapping intervals. */
export function taskIntervals(result: RunResult): TaskInterval[] {
  const { log } = traceOf(result);
  const out: TaskInterval[] = [];
  const open = new Map<number, { state: TaskStateName; start: number; hw: number }>();
  const move = (task: number, state: TaskStateName | null, ns: number, hw: number) => {
    const cur = open.get(task);
    if (cur && cur.state === state && cur.hw === hw) return;
    if (cur && ns > cur.start) out.push({ task, state: cur.state, start: cur.start, end: ns, hw: cur.hw });
    if (state === null) open.delete(task);
    else open.set(task, { state, start: ns, hw });
  };
  for (let i = 0; i < log.length; i++) {
    const task = log.task[i], ns = log.time[i];
    // A kernel thread created with no task bound (a Go M) records its wake-up as task −1.
    if (task < 0) continue;
    switch (log.kind[i]) {
      case E_SPAWN: move(task, 'runnable', ns, -1); break;
      case E_RUN: move(task, 'running', ns, log.hw[i]); break;
      case E_STOP: case E_WAKE: move(task, 'runnable', ns, -1); break;
      case E_BLOCK: move(task, BLOCK_STATE[log.arg[i]] ?? 'blocked', ns, -1); break;
      case E_EXIT: move(task, null, ns, -1); break;
    }
  }
  const end = result.makespan_ns;
  for (const task of [...open.keys()]) move(task, null, end, -1);
  return out.sort((a, b) => a.start - b.start || a.task - b.task);
}

/** Happens-before edges people see as arrows: send→recv, unlock→lock, spawn→start, exit→join. */
export function causality(result: RunResult): CausalEdge[] {
  const { log } = traceOf(result);
  const out: CausalEdge[] = [];
  for (let k = 0; k < log.edgeCount; k++) {
    const from = log.edgeFrom[k], to = log.edgeTo[k];
    if (from < 0) continue;
    out.push({ from, to, fromTask: log.task[from], toTask: log.task[to], fromNs: log.time[from], toNs: log.time[to], label: log.edgeLabelAt(k) });
  }
  return out;
}
