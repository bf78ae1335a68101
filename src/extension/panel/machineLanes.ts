/**
 * The M and P lanes of a Go run's timeline. The trace records tasks and hardware
 * threads, not which M held which P, so this replays the run once (exact, from its
 * schedule string) and pauses after every engine step that recorded trace events,
 * reading the Go runtime's `inspect()` there: what each M and each P was running.
 *
 * Only Go has them: a plain or Python thread is its own kernel thread, so an "M" lane
 * would repeat the task's lane. Past `MAX_SAMPLED_EVENTS` the lanes are left out (the
 * replay would cost seconds); the hardware-thread and task lanes still show the run.
 * (Asked of the Go runtime: a cheap ownership view without the goroutine list.)
 */
import { Simulation, traceEvents, type RunTrace } from '../../core/index';
import { TS_RUNNING } from '../../core/engine/task';
import { goRuntime, stateOf } from '../../core/runtimes/registry';
import { STATE } from '../../protocol/panel';

const { E_OP, E_SPAWN, E_WAKE } = traceEvents;

export const MAX_SAMPLED_EVENTS = 200_000;
/**
 * `inspect()` lists every goroutine, so one sample costs O(Gs): past this many
 * events × goroutines the replay would take seconds (11,000 events × 1,000 Gs ≈ 5 s).
 */
export const MAX_SAMPLE_WORK = 3_000_000;

/** Events that cannot change which M holds which P or runs which G: ops, spawns, a G made ready. */
function changesNoMachine(kind: number, task: number): boolean {
  return kind === E_OP || kind === E_SPAWN || (kind === E_WAKE && task >= 0);
}

export interface LaneRows {
  readonly labels: readonly string[];
  readonly kinds: readonly ('m' | 'p')[];
  /** Flat rows: [laneOffset, start, end, state, task], sorted by lane then start. */
  readonly rows: readonly (readonly [number, number, number, number, number])[];
}

interface Open { state: number; task: number; start: number }

export function goMachineLanes(trace: RunTrace, endNs: number): LaneRows | null {
  if (trace.log.length > MAX_SAMPLED_EVENTS || trace.log.length * trace.taskLabels.length > MAX_SAMPLE_WORK) return null;
  const sim = new Simulation(trace.program, trace.options, trace.deps);
  const timed = sim.timed;
  const runtime = sim.runtime;
  if (!timed || !runtime?.inspect || runtime.kind !== 'go') return null;
  const taskOf = new Map(trace.taskLabels.map((l, i) => [l, i]));
  const labels: string[] = [];
  const kinds: ('m' | 'p')[] = [];
  const laneOf = new Map<string, number>();
  const open: (Open | null)[] = [];
  const rows: [number, number, number, number, number][] = [];
  const lane = (id: string, kind: 'm' | 'p'): number => {
    let l = laneOf.get(id);
    if (l === undefined) {
      l = labels.length;
      laneOf.set(id, l);
      labels.push(id);
      kinds.push(kind);
      open.push(null);
    }
    return l;
  };
  const set = (l: number, now: number, state: number, task: number) => {
    const cur = open[l];
    if (cur && cur.state === state && cur.task === task) return;
    if (cur && now > cur.start) rows.push([l, cur.start, now, cur.state, cur.task]);
    open[l] = state < 0 ? null : { state, task, start: now };
  };
  const sample = () => {
    const snap = stateOf(runtime, goRuntime);
    const now = timed.time;
    const gOfM = new Map<string, number>();
    for (const m of snap?.ms ?? []) {
      const l = lane(m.id, 'm');
      const task = m.g !== null ? taskOf.get(m.g) ?? -1 : -1;
      const running = task >= 0 && sim.world.tasks[task]?.state === TS_RUNNING;
      if (running) gOfM.set(m.id, task);
      if (m.state === 'syscall') set(l, now, STATE.syscall, task);
      else if (running) set(l, now, STATE.running, task);
      else if (m.state === 'spinning') set(l, now, STATE.runnable, -1);
      else set(l, now, -1, -1);
    }
    for (const p of snap?.ps ?? []) {
      const l = lane(p.id, 'p');
      const task = p.m !== null ? gOfM.get(p.m) ?? -1 : -1;
      if (task >= 0) set(l, now, STATE.running, task);
      else if (p.m !== null) set(l, now, STATE.idle, -1);
      else set(l, now, -1, -1);
    }
  };
  timed.stopAtTraceEvent = 1;
  sample();
  const log = timed.trace!;
  let seen = 0;
  for (;;) {
    const done = sim.runSlice(10_000);
    if (log.length >= timed.stopAtTraceEvent || done) {
      let relevant = done;
      for (let i = seen; i < log.length && !relevant; i++) relevant = !changesNoMachine(log.kind[i], log.task[i]);
      if (relevant) sample();
      seen = log.length;
      timed.stopAtTraceEvent = log.length + 1;
    }
    if (done) break;
  }
  for (let l = 0; l < open.length; l++) set(l, Math.max(endNs, timed.time), -1, -1);
  // Ms first (M0, M1, ...), then Ps, each in id order; rows follow their lane.
  const order = labels.map((_, i) => i).sort((a, b) => (kinds[a] === kinds[b]
    ? Number(labels[a].slice(1)) - Number(labels[b].slice(1)) : kinds[a] === 'm' ? -1 : 1));
  const rank = new Array<number>(order.length);
  order.forEach((l, r) => (rank[l] = r));
  const sorted = rows.map((r) => [rank[r[0]], r[1], r[2], r[3], r[4]] as [number, number, number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: order.map((l) => labels[l]), kinds: order.map((l) => kinds[l]), rows: sorted };
}
