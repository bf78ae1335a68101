/**
 * A traced run (`RunResult` with `trace: true`) → the panel's messages (src/protocol/panel.ts).
 * The webview never sees the core's trace format; this is the one place that translates.
 *
 * - `loadMessage`: the columnar `Timeline` (typed arrays, which VS Code and worker threads
 *   pass without JSON) and the `RunSummary`.
 * - `momentMessage`: the machine just after trace event `i`, as the run recorded it into its
 *   trace (core/trace/machine.ts), with what moved since event `i − 1`. Only a run too long
 *   to have been recorded is replayed to the moment (the core's `replayTo`).
 *
 * Event `i` of the timeline is trace event `i`: the debugger's moments are numbered the
 * same way (src/debug/coreTimeline.ts), so the panel and a debug session can follow each other.
 * Pure: no `vscode`, no I/O.
 */
import { describeEvent, machineAt, TraceCursor, traceEvents, traceOf, type RunResult, type RunTrace } from '../../core/index';
import {
  EDGE_KINDS, PANEL_PROTOCOL_VERSION, STATE, type EdgeKind, type Lane, type LoadMessage, type MachineSnapshot, type MomentMessage,
  type RunSummary, type RuntimeName, type SourceLocation, type TaskRef, type Timeline,
} from '../../protocol/panel';
import { runtimeVersionNote } from '../../core/runtimes/registry';
import { changesBetween } from './changes';
import { intervalColumns, type RowSink } from './intervals';
import { asyncioLoopLane, flowLanes, goMachineLanes } from './machineLanes';
import { snapshotFrom, snapshotOf } from './snapshot';

const { E_BLOCK, E_EXIT, E_RUN, E_SPAWN, E_STOP, E_WAKE, WHY_CREATED } = traceEvents;

export function runtimeOf(result: RunResult): RuntimeName {
  return result.config.runtime.kind;
}

export function summaryOf(result: RunResult): RunSummary {
  const m = result.metrics;
  return {
    makespanNs: result.makespan_ns,
    contextSwitches: m.context_switches,
    steals: m.steals,
    handoffs: m.handoffs,
    gilSwitches: m.gil_switches,
    findings: result.findings.length,
  };
}

/** `pipeline.scenario.yaml, GOMAXPROCS=4`: what the run is, for the panel's title. */
export function runTitle(result: RunResult, file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const rt = result.config.runtime;
  const detail = rt.kind === 'go' ? `GOMAXPROCS=${rt.gomaxprocs}` : rt.kind;
  return `${base}, ${detail}`;
}

/** Our edge labels (timed.ts: `edgeLabel`, e.g. `unlock→lock`, `exit→join`) → the protocol's kinds. */
export function edgeKind(label: string): number {
  const [from, to] = label.split('→');
  const kind: EdgeKind = label === 'spawn→start' ? 'spawn→start'
    : from === 'exit' ? 'exit→join'
      : from === 'unlock' || from === 'runlock' || to === 'lock' || to === 'rlock' ? 'unlock→lock'
        : from === 'send' || from === 'close' || to === 'recv' || to === 'receive' ? 'send→receive'
          : from === 'release' || to === 'acquire' ? 'release→acquire'
            : from === 'done' || to === 'wait' ? 'done→wait'
              : 'signal→wake';
  return EDGE_KINDS.indexOf(kind);
}

/** The most events whose "Why?" sentences go into the `load` message. */
export const WHY_TABLE_MAX = 100_000;

/**
 * The most task lanes a timeline has: a lane is a row of the canvas and a label in the
 * page, and a million of them is neither drawn nor read. Past it the first ones are shown,
 * the hardware threads still show every task that ran, and `Timeline.tasksLeftOut` says
 * how many were left out (the panel prints it).
 */
export const MAX_TASK_LANES = 1_000;

/** A block event's `arg` (task.ts: W_IO = 4, W_SLEEP = 5, W_SYSCALL = 6) → its STATE code. */
function blockedState(arg: number): number {
  return arg === 4 ? STATE.io : arg === 5 ? STATE.sleep : arg === 6 ? STATE.syscall : STATE.blocked;
}

/**
 * Task lanes (for tasks below `shownTasks`, at `taskBase + task`) and hardware-thread lanes
 * (lane `h`) from one pass over the trace (as `taskIntervals`, keeping the source), into
 * `rows`. One loop over the columns with no call per event: a million-goroutine run has
 * millions of events, and this pass is most of the panel's first message. A task without a
 * lane is followed only while it runs on a hardware thread (the only rows it has), so the
 * memory per task is its last source and that slot (8 bytes): each large buffer the
 * message allocates adds to the external memory that makes V8 mark the run's gigabyte heap.
 */
function taskAndHwRows(trace: RunTrace, endNs: number, shownTasks: number, taskBase: number, rows: RowSink): void {
  const log = trace.log;
  const { kind, task: taskOf, time, loc, hw, arg, reason } = log;
  const events = log.length;
  const n = trace.taskLabels.length;
  const shown = Math.min(shownTasks, n);
  // A task with a lane: its open interval's state (−1: none), start, hardware thread (−1: none) and source.
  const openState = new Int8Array(shown).fill(-1);
  const openStart = new Float64Array(shown);
  const openHw = new Int32Array(shown);
  const openSource = new Int32Array(shown);
  // A task without one: the slot (+1; 0: none) of its running interval in the small pool below.
  const slotOf = new Int32Array(n);
  let poolStart = new Float64Array(16), poolHw = new Int32Array(16), poolSource = new Int32Array(16);
  const free: number[] = [];
  let used = 0;
  const lastSource = new Int32Array(n).fill(-1);
  const { running, runnable, creating } = STATE;
  for (let i = 0; i < events; i++) {
    const task = taskOf[i];
    if (task < 0 || task >= n) continue;
    const ns = time[i];
    const l = loc[i];
    if (l >= 0) lastSource[task] = l;
    let state: number, onHw = -1;
    switch (kind[i]) {
      case E_SPAWN: case E_STOP: state = runnable; break;
      case E_RUN: state = running; onHw = hw[i]; break;
      case E_WAKE:
        // A task given a kernel thread of its own (threads, Python, processes) was being
        // created, not runnable, from its spawn to this wake (`os.thread_create`; issue 16,
        // item 8): nothing else happens to it in between, so its open interval is that one.
        if (task < shown && reason[i] === WHY_CREATED && openState[task] === runnable) openState[task] = creating;
        state = runnable;
        break;
      case E_BLOCK: state = blockedState(arg[i]); break;
      case E_EXIT: state = -1; break;
      default: continue;
    }
    if (task < shown) {
      const cur = openState[task];
      if (cur >= 0) {
        if (cur === state && openHw[task] === onHw) continue;
        const start = openStart[task];
        if (ns > start) {
          rows.push(taskBase + task, start, ns, cur, task, openSource[task]);
          if (openHw[task] >= 0) rows.push(openHw[task], start, ns, cur, task, openSource[task]);
        }
      }
      openState[task] = state;
      openStart[task] = ns;
      openHw[task] = onHw;
      openSource[task] = lastSource[task];
      continue;
    }
    // Without a lane: only a running interval (the one state with a hardware thread) makes a row.
    const slot = slotOf[task] - 1;
    if (slot >= 0) {
      if (state === running && poolHw[slot] === onHw) continue;
      const start = poolStart[slot];
      if (ns > start) rows.push(poolHw[slot], start, ns, running, -1, poolSource[slot]);
      free.push(slot);
      slotOf[task] = 0;
    }
    if (onHw >= 0) {
      let k: number;
      if (free.length > 0) k = free.pop()!;
      else {
        k = used++;
        if (k === poolStart.length) {
          const grow = <T extends Float64Array | Int32Array>(a: T, b: T): T => { b.set(a); return b; };
          poolStart = grow(poolStart, new Float64Array(k * 2));
          poolHw = grow(poolHw, new Int32Array(k * 2));
          poolSource = grow(poolSource, new Int32Array(k * 2));
        }
      }
      poolStart[k] = ns;
      poolHw[k] = onHw;
      poolSource[k] = lastSource[task];
      slotOf[task] = k + 1;
    }
  }
  // The end: every interval still open closes there, in task order.
  for (let t = 0; t < n; t++) {
    if (t < shown) {
      const cur = openState[t];
      if (cur < 0 || endNs <= openStart[t]) continue;
      rows.push(taskBase + t, openStart[t], endNs, cur, t, openSource[t]);
      if (openHw[t] >= 0) rows.push(openHw[t], openStart[t], endNs, cur, t, openSource[t]);
    } else if (slotOf[t] > 0) {
      const k = slotOf[t] - 1;
      if (endNs > poolStart[k]) rows.push(poolHw[k], poolStart[k], endNs, running, -1, poolSource[k]);
    }
  }
}

export interface LoadOptions {
  /** The file the run came from, for the title (sources carry their own file). */
  readonly file: string;
  readonly title?: string;
  /** The most task lanes (default MAX_TASK_LANES). */
  readonly maxTaskLanes?: number;
}

export function buildTimeline(result: RunResult, options: LoadOptions): Timeline {
  const trace = traceOf(result);
  const log = trace.log;
  const runtime = runtimeOf(result);
  const endNs = Math.max(result.makespan_ns, log.length > 0 ? log.time[log.length - 1] : 0);
  const smt = result.config.machine.smt;
  const lanes: Lane[] = [];
  for (let h = 0; h < trace.hwThreads; h++) lanes.push({ label: `hw${h} (core ${Math.floor(h / smt)})`, kind: 'hw' });
  const machineLanes = runtime === 'go' ? goMachineLanes(trace, endNs) : runtime === 'asyncio' ? asyncioLoopLane(trace, endNs) : null;
  const machineBase = lanes.length;
  if (machineLanes) machineLanes.labels.forEach((label, i) => lanes.push({ label, kind: machineLanes.kinds[i] }));
  // Under the loop thread's lane, one per flow it ran (asyncio Tasks, async functions).
  const flows = flowLanes(trace);
  const flowBase = lanes.length;
  if (flows) for (const label of flows.labels) lanes.push({ label, kind: 'flow' });
  const taskBase = lanes.length;
  const kinds = result.tasks;
  const allTasks = trace.taskLabels.length;
  const shownTasks = Math.min(allTasks, Math.max(0, options.maxTaskLanes ?? MAX_TASK_LANES));
  const tasks: TaskRef[] = [];
  for (let t = 0; t < shownTasks; t++) {
    tasks.push({ id: trace.taskLabels[t], name: trace.taskNames[t], kind: kinds[t]?.kind ?? 'thread' });
    lanes.push({ label: `${tasks[t].id} ${tasks[t].name}`, kind: 'task', task: t });
  }
  const taskLane = (t: number) => taskBase + t;

  const shown = (t: number) => (t < shownTasks ? t : -1);
  // Room per lane: a hardware thread's rows are at most its run events; a task's at most its
  // events (each closes at most one interval), plus the one still open at the end.
  const room = new Int32Array(lanes.length);
  {
    const { task: taskOf, kind, hw } = log;
    const hwThreads = trace.hwThreads;
    for (let i = 0, events = log.length; i < events; i++) {
      const task = taskOf[i];
      if (task < 0) continue;
      if (kind[i] === E_RUN) {
        const h = hw[i];
        if (h >= 0 && h < hwThreads) room[h]++;
      }
      if (task < shownTasks) room[taskBase + task]++;
    }
  }
  for (let h = 0; h < trace.hwThreads; h++) room[h]++;
  for (let t = 0; t < shownTasks; t++) room[taskLane(t)]++;
  if (machineLanes) for (const [l] of machineLanes.rows) room[machineBase + l]++;
  if (flows) for (const [l] of flows.rows) room[flowBase + l]++;
  const iv = intervalColumns(lanes.length, room, (rows) => {
    taskAndHwRows(trace, endNs, shownTasks, taskBase, rows);
    if (machineLanes) for (const [l, s, e, st, t] of machineLanes.rows) rows.push(machineBase + l, s, e, st, shown(t), -1);
    if (flows) for (const [l, s, e, st, t] of flows.rows) rows.push(flowBase + l, s, e, st, shown(t), -1);
  });

  // Arrows between the task lanes shown, read from the trace's edge columns.
  const edgeRows: number[] = [];
  for (let k = 0; k < log.edgeCount; k++) {
    const from = log.edgeFrom[k], to = log.edgeTo[k];
    if (from < 0) continue;
    const fromTask = log.task[from], toTask = log.task[to];
    if (fromTask >= 0 && toTask >= 0 && fromTask < shownTasks && toTask < shownTasks) edgeRows.push(k);
  }
  const kindOfLabel = log.edgeLabels.map(edgeKind);
  const edges = {
    fromLane: Int32Array.from(edgeRows, (k) => taskLane(log.task[log.edgeFrom[k]])),
    fromNs: Float64Array.from(edgeRows, (k) => log.time[log.edgeFrom[k]]),
    toLane: Int32Array.from(edgeRows, (k) => taskLane(log.task[log.edgeTo[k]])),
    toNs: Float64Array.from(edgeRows, (k) => log.time[log.edgeTo[k]]),
    kind: Uint8Array.from(edgeRows, (k) => kindOfLabel[log.edgeLabel[k]]),
  };

  // One "Why?" sentence per event, each distinct sentence stored once. Past WHY_TABLE_MAX
  // events the table is left out (−1): building it costs seconds, and each `moment`
  // carries the sentence of its own event anyway.
  const whyText: string[] = [];
  const whyIndex = new Map<string, number>();
  const why = new Int32Array(log.length).fill(-1);
  for (let i = 0; i < log.length && log.length <= WHY_TABLE_MAX; i++) {
    const s = describeEvent(trace, i);
    let k = whyIndex.get(s);
    if (k === undefined) {
      k = whyText.length;
      whyText.push(s);
      whyIndex.set(s, k);
    }
    why[i] = k;
  }
  const sources: SourceLocation[] = log.locations.map((r) => ({ file: r.file, line: r.line, column: r.column }));
  const modelVersion = runtimeVersionNote(result.config.runtime.kind);
  return {
    title: options.title ?? runTitle(result, options.file),
    runtime,
    ...(modelVersion !== null ? { modelVersion } : {}),
    endNs,
    lanes,
    tasks,
    sources,
    whyText,
    intervals: iv,
    edges,
    // The trace's location table is the sources table, so its index column is the source column.
    // Views, not copies: a finished run's columns are cut to length (TraceLog.trim).
    events: { ns: log.time.subarray(0, log.length), why, source: log.loc.subarray(0, log.length) },
    ...(allTasks > shownTasks ? { tasksLeftOut: allTasks - shownTasks } : {}),
  };
}

export function loadMessage(result: RunResult, options: LoadOptions): LoadMessage {
  return { type: 'load', protocol: PANEL_PROTOCOL_VERSION, timeline: buildTimeline(result, options), summary: summaryOf(result) };
}

/**
 * Moments of one run. A traced run records the machine at every moment (core/trace/machine.ts),
 * so a moment is a lookup. A run too long for the recording (MACHINE_WORK_LIMIT) is read from
 * one live replay through the core's `TraceCursor`: stepping or playing forwards continues
 * the paused simulation (the core's time travel: raise `stopAtTraceEvent`, run on), the
 * snapshots just read are kept in a window of fixed memory so steps back are lookups, and
 * only a move back past the window replays from the start (then refilling the window).
 */
export class MomentCursor {
  private cursor: TraceCursor<MachineSnapshot> | undefined;
  /** The tasks that spawned each task, by id (the spawn events' `arg`), built on the first spawn arrow. */
  private parents: Int32Array | undefined;
  private labelIds: Map<string, number> | undefined;

  constructor(readonly result: RunResult) {}

  /** The machine just after trace event `event`, and what moved since the event before it. */
  moment(event: number, replyTo?: number): MomentMessage {
    const trace = traceOf(this.result);
    const last = trace.log.length - 1;
    if (last < 0) throw new Error('this run recorded no events, so there is no moment to show');
    const i = Math.max(0, Math.min(Math.floor(event), last));
    const before = i > 0 ? this.machine(trace, i - 1) : null;
    const machine = this.machine(trace, i);
    return {
      type: 'moment',
      ...(replyTo !== undefined ? { replyTo } : {}),
      event: i,
      ns: trace.log.time[i],
      why: describeEvent(trace, i),
      machine,
      changes: changesBetween(before, machine, (label) => this.parentOf(trace, label)),
    };
  }

  /** The machine just after event `i`: recorded, or else replayed. */
  private machine(trace: RunTrace, i: number): MachineSnapshot {
    const runtime = runtimeOf(this.result);
    if (trace.machine) return snapshotFrom(machineAt(trace.machine, i), runtime);
    // A seek keeps the few snapshots before it, for the first steps back (each costs a pass over the tasks).
    this.cursor ??= new TraceCursor(trace, (sim) => snapshotOf(sim, runtime), { keepBeforeJump: 4 });
    return this.cursor.at(i);
  }

  /**
   * The task that spawned `label` (the `arg` of its spawn event), for the spawn arrow. One
   * pass over the trace builds the table the first time a spawn is drawn: a scan per spawn
   * cost a pass over the run's millions of events.
   */
  private parentOf(trace: RunTrace, label: string): string | undefined {
    if (!this.parents) {
      const log = trace.log;
      const parents = new Int32Array(trace.taskLabels.length).fill(-2);
      for (let i = 0; i < log.length; i++) {
        const task = log.task[i];
        // The first spawn event of a task names its parent (−1: none).
        if (log.kind[i] === E_SPAWN && task >= 0 && task < parents.length && parents[task] === -2) parents[task] = log.arg[i] >= 0 ? log.arg[i] : -1;
      }
      this.parents = parents;
      this.labelIds = new Map();
    }
    let task = this.labelIds!.get(label);
    if (task === undefined) {
      task = trace.taskLabels.indexOf(label);
      this.labelIds!.set(label, task);
    }
    const parent = task >= 0 ? this.parents[task] : -2;
    return parent >= 0 ? trace.taskLabels[parent] : undefined;
  }
}

/** The machine just after trace event `event` (a fresh replay; keep a `MomentCursor` to step). */
export function momentMessage(result: RunResult, event: number, replyTo?: number): MomentMessage {
  return new MomentCursor(result).moment(event, replyTo);
}
