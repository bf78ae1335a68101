/**
 * The M and P lanes come from the trace (recorded during the run, core/trace/lanes.ts),
 * not from a replay. Oracle: the replay they came from before, kept here as it was — it
 * re-ran the run from its schedule, paused after every engine step that recorded a trace
 * event, and read the Go runtime's `inspect()` there. Both must give the same lanes on
 * every Go example and golden scenario.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, Simulation, traceEvents, type RunTrace } from '../../../src/core/index';
import { TS_RUNNING } from '../../../src/core/engine/task';
import { goRuntime, stateOf } from '../../../src/core/runtimes/registry';
import { goMachineLanes, MAX_SAMPLED_EVENTS, MAX_SAMPLE_WORK, type LaneRows } from '../../../src/service/panel/machineLanes';
import { compileSource } from '../../../src/frontends/index';
import { STATE } from '../../../src/protocol/panel';

const { E_OP, E_SPAWN, E_WAKE } = traceEvents;

/** The replay goMachineLanes was before the lanes were recorded (src/service/panel/machineLanes.ts at 0767ad2). */
function replayLanes(trace: RunTrace, endNs: number): LaneRows | null {
  if (trace.log.length > MAX_SAMPLED_EVENTS || trace.log.length * trace.taskLabels.length > MAX_SAMPLE_WORK) return null;
  const sim = new Simulation(trace.program, trace.options, trace.deps);
  const timed = sim.timed!;
  const runtime = sim.runtime;
  const taskOf = new Map(trace.taskLabels.map((l, i) => [l, i]));
  const labels: string[] = [];
  const kinds: ('m' | 'p')[] = [];
  const laneOf = new Map<string, number>();
  const open: ({ state: number; task: number; start: number } | null)[] = [];
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
    const snap = stateOf(runtime, goRuntime)!;
    const now = timed.time;
    const gOfM = new Map<string, number>();
    for (const m of snap.ms) {
      const l = lane(m.id, 'm');
      const task = m.g !== null ? taskOf.get(m.g) ?? -1 : -1;
      const running = task >= 0 && sim.world.tasks[task]?.state === TS_RUNNING;
      if (running) gOfM.set(m.id, task);
      if (m.state === 'syscall') set(l, now, STATE.syscall, task);
      else if (running) set(l, now, STATE.running, task);
      else if (m.state === 'spinning') set(l, now, STATE.runnable, -1);
      else set(l, now, -1, -1);
    }
    for (const p of snap.ps) {
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
      for (let i = seen; i < log.length && !relevant; i++) {
        const kind = log.kind[i];
        relevant = !(kind === E_OP || kind === E_SPAWN || (kind === E_WAKE && log.task[i] >= 0));
      }
      if (relevant) sample();
      seen = log.length;
      timed.stopAtTraceEvent = log.length + 1;
    }
    if (done) break;
  }
  for (let l = 0; l < open.length; l++) set(l, Math.max(endNs, timed.time), -1, -1);
  const order = labels.map((_, i) => i).sort((a, b) => (kinds[a] === kinds[b]
    ? Number(labels[a].slice(1)) - Number(labels[b].slice(1)) : kinds[a] === 'm' ? -1 : 1));
  const rank = new Array<number>(order.length);
  order.forEach((l, r) => (rank[l] = r));
  const sorted = rows.map((r) => [rank[r[0]], r[1], r[2], r[3], r[4]] as [number, number, number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { labels: order.map((l) => labels[l]), kinds: order.map((l) => kinds[l]), rows: sorted };
}

function goScenarios(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.scenario.yaml') && /^runtime:.*\bkind:\s*go\b/m.test(readFileSync(p, 'utf8'))) out.push(p);
    }
  };
  walk('examples');
  walk('test/golden');
  return out.sort();
}

describe('Go machine lanes recorded during the run', () => {
  const files = goScenarios();
  let withLanes = 0;
  it('finds Go scenarios to compare', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s: the same lanes as a paused replay, without one', (file) => {
    const c = compileSource(readFileSync(file, 'utf8'), file);
    expect(c.errors).toEqual([]);
    for (const set of [undefined, { 'machine.cores': 1 }, { 'runtime.gomaxprocs': 3 }]) {
      const r = simulate(c.program!, { mode: 'timed', trace: true, ...(set ? { set } : {}) });
      const trace = r.trace as RunTrace;
      // Past the limit the run records none (and the replay gave none either).
      expect(trace.lanes === undefined).toBe(trace.log.length > MAX_SAMPLED_EVENTS);
      const endNs = r.makespan_ns + 1_000;
      const recorded = goMachineLanes(trace, endNs);
      expect(recorded).toEqual(replayLanes(trace, endNs));
      if (recorded && recorded.rows.length > 0) withLanes++;
    }
  });

  it('compared real lanes (most runs are within the limits and have M and P rows)', () => {
    expect(withLanes).toBeGreaterThanOrEqual(2 * files.length);
  });

  it('records nothing for a runtime without Ms and Ps', () => {
    const c = compileSource(readFileSync('test/golden/mutex-counter.scenario.yaml', 'utf8'), 'mutex-counter.scenario.yaml');
    const r = simulate(c.program!, { mode: 'timed', trace: true });
    expect((r.trace as RunTrace).lanes).toBeUndefined();
  });
});
