import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isHostMessage } from '../../../src/protocol/panelGuards';
import { EDGE_KINDS, STATE, type LoadMessage, type Timeline } from '../../../src/protocol/panel';
import { edgeKind, loadMessage, MomentCursor, momentMessage } from '../../../src/service/panel/adapter';
import { simulate, type RunTrace } from '../../../src/core/index';
import { compileText, programOf } from '../../../src/service/compile';
import { forgetPanelRuns, panelLoad, panelMoment, panelWhatIf, runTraced } from '../../../src/service/panel/panelRuns';

const root = join(__dirname, '..', '..', '..');
const example = (rel: string) => {
  const file = join(root, 'examples', rel);
  return { file, text: readFileSync(file, 'utf8') };
};

const GO_STEAL = example('gmp/run-queues-and-stealing.scenario.yaml');

const lanesOf = (t: Timeline, kind: string) => t.lanes.filter((l) => l.kind === kind).map((l) => l.label);

/** The intervals of one lane, as [start, end, state, task]. */
function laneRows(t: Timeline, lane: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < t.intervals.lane.length; i++) {
    if (t.intervals.lane[i] === lane) out.push([t.intervals.start[i], t.intervals.end[i], t.intervals.state[i], t.intervals.task[i]]);
  }
  return out;
}

beforeEach(() => forgetPanelRuns());

describe('panel adapter: Go work stealing', () => {
  it('builds a load message the webview accepts, with typed-array columns', async () => {
    const result = await runTraced(GO_STEAL);
    const load = loadMessage(result, { file: GO_STEAL.file });
    expect(isHostMessage(load)).toBe(true);
    const t = load.timeline;
    expect(t.runtime).toBe('go');
    expect(t.title).toBe('run-queues-and-stealing.scenario.yaml, GOMAXPROCS=4');
    // Shown under the title: the Go the model follows, and that the installed one may differ.
    expect(t.modelVersion).toBe("The model follows Go 1.25's runtime (costs measured with Go 1.19); " +
      'the Go you have installed may differ where the runtime changed (docs/models.md).');
    expect(isHostMessage({ ...load, timeline: { ...t, modelVersion: 1 } })).toBe(false);
    expect(t.intervals.start).toBeInstanceOf(Float64Array);
    expect(t.intervals.lane).toBeInstanceOf(Int32Array);
    expect(t.intervals.state).toBeInstanceOf(Uint8Array);
    expect(t.events.ns).toBeInstanceOf(Float64Array);
    // One lane per hardware thread, M, P and G.
    expect(lanesOf(t, 'hw')).toEqual(['hw0 (core 0)', 'hw1 (core 1)', 'hw2 (core 2)', 'hw3 (core 3)']);
    expect(lanesOf(t, 'p')).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(lanesOf(t, 'm').length).toBeGreaterThanOrEqual(4);
    expect(lanesOf(t, 'task')).toEqual(['G1 main', ...Array.from({ length: 8 }, (_, i) => `G${i + 2} job#${i + 1}`)]);
    expect(load.summary.makespanNs).toBe(result.makespan_ns);
    expect(load.summary.steals).toBeGreaterThan(0);
    expect(t.events.ns.length).toBeGreaterThan(10);
    expect(t.endNs).toBeGreaterThanOrEqual(result.makespan_ns);
  });

  it('shows each job running 20 ms on its task lane and its P lane covering the same work', async () => {
    const result = await runTraced(GO_STEAL);
    const t = loadMessage(result, { file: GO_STEAL.file }).timeline;
    const jobLane = t.lanes.findIndex((l) => l.label === 'G2 job#1');
    const running = laneRows(t, jobLane).filter((r) => r[2] === STATE.running).reduce((s, r) => s + r[1] - r[0], 0);
    expect(running).toBe(result.tasks[1].running_ns);
    expect(running).toBeGreaterThanOrEqual(20e6);
    // Every P ran Go code for at least one job's worth of time (8 jobs of 20 ms on 4 Ps).
    for (const p of ['P0', 'P1', 'P2', 'P3']) {
      const lane = t.lanes.findIndex((l) => l.label === p);
      const busy = laneRows(t, lane).filter((r) => r[2] === STATE.running).reduce((s, r) => s + r[1] - r[0], 0);
      expect(busy, p).toBeGreaterThanOrEqual(20e6);
    }
    // The spawn arrows from main to each job.
    const spawns = Array.from(t.edges.kind).filter((k) => k === EDGE_KINDS.indexOf('spawn→start'));
    expect(spawns.length).toBe(8);
  });

  it('gives the machine at an event: Ps with run queues, Ms holding Ps, and what moved', async () => {
    const result = await runTraced(GO_STEAL);
    const t = loadMessage(result, { file: GO_STEAL.file }).timeline;
    const n = t.events.ns.length;
    let sawQueue = false;
    let sawSteal = false;
    for (let i = 0; i < Math.min(n, 80); i++) {
      const m = momentMessage(result, i, 7);
      expect(isHostMessage(m), `moment ${i}`).toBe(true);
      expect(m.replyTo).toBe(7);
      expect(m.event).toBe(i);
      expect(m.ns).toBe(t.events.ns[i]);
      expect(m.machine.processors.map((p) => p.id)).toEqual(['P0', 'P1', 'P2', 'P3']);
      expect(m.machine.cores.length).toBe(4);
      if (m.machine.processors.some((p) => p.runq.length > 0 || p.runnext !== null)) sawQueue = true;
      if (m.changes.some((c) => c.kind === 'steal')) sawSteal = true;
    }
    expect(sawQueue).toBe(true);
    expect(sawSteal).toBe(true);
    const end = momentMessage(result, n - 1);
    expect(end.replyTo).toBeUndefined();
    expect(end.why).toBe(t.whyText[t.events.why[n - 1]]);
  });
});

describe('panel adapter: the moment cursor', () => {
  it('stepping forwards on one live replay gives the same moments as fresh replays, and so does stepping back', async () => {
    const result = await runTraced(GO_STEAL);
    const cursor = new MomentCursor(result);
    const n = traceLength(result);
    const path = [0, 1, 2, 5, 6, 30, 31, 29, 10, n - 1, n - 2];
    for (const i of path) expect(cursor.moment(i), `event ${i}`).toEqual(momentMessage(result, i));
  });
});

/** 40 goroutines taking turns on a mutex: a few hundred events with spawns, blocks and steals. */
const WORKERS = {
  file: '/tmp/workers.scenario.yaml',
  text: `name: workers
machine: { cores: 2 }
runtime: { kind: go }
sync:
  wg: waitgroup
  mu: mutex
tasks:
  main:
    - wg.add: 40
    - go: worker
      count: 40
    - wg.wait
  worker:
    - mu.lock
    - compute: 2us
    - mu.unlock
    - compute: 1us
    - mu.lock
    - mu.unlock
    - wg.done
`,
};

describe('panel adapter: moments of a run too long to record its machine', () => {
  it('replayed moments equal the recorded ones, forwards, in jumps, and backwards past the kept window', async () => {
    // A run past MACHINE_WORK_LIMIT carries no machine states; the same run without them stands in for one.
    const recorded = await runTraced(WORKERS);
    const program = programOf(compileText(WORKERS.file, WORKERS.text), WORKERS.file);
    const replayed = simulate(program, { mode: 'timed', trace: true });
    expect((replayed.trace as RunTrace).machine).toBeUndefined();
    expect(replayed.schedule).toBe(recorded.schedule);
    const n = traceLength(recorded);
    expect(n).toBeGreaterThan(300); // more steps back than the window keeps (256 states)
    const cursor = new MomentCursor(replayed);
    const want = new MomentCursor(recorded);
    const path = [0, 1, 2, 40, 39, 38, 37, 36, 35, 80, n - 1];
    for (let i = n - 2; i >= 0; i -= i > n - 12 || i < 12 ? 1 : 7) path.push(i);
    const spawns = new Set<string>();
    for (const i of path) {
      const m = cursor.moment(i);
      expect(m, `event ${i}`).toEqual(want.moment(i));
      for (const c of m.changes) if (c.kind === 'spawn') spawns.add(c.from);
    }
    // Spawn arrows start at the parent (main here), not at the global queue.
    expect([...spawns].some((from) => /^G\d+$/.test(from))).toBe(true);
  });
});

function traceLength(result: Awaited<ReturnType<typeof runTraced>>): number {
  return loadMessage(result, { file: 'x' }).timeline.events.ns.length;
}

describe('panel adapter: other runtimes', () => {
  it('Python threads: no P lanes or processors, the GIL holder in the snapshot', async () => {
    const py = example('gil/cpu-threads-serialised.scenario.yaml');
    const result = await runTraced(py);
    const load = loadMessage(result, { file: py.file });
    expect(isHostMessage(load)).toBe(true);
    expect(load.timeline.runtime).toBe('python');
    expect(lanesOf(load.timeline, 'p')).toEqual([]);
    const n = load.timeline.events.ns.length;
    const moments = [Math.floor(n / 3), Math.floor(n / 2)].map((i) => momentMessage(result, i));
    for (const m of moments) {
      expect(isHostMessage(m)).toBe(true);
      expect(m.machine.processors).toEqual([]);
      expect(m.machine.gil).not.toBeNull();
    }
    expect(moments.some((m) => m.machine.gil!.holder !== null)).toBe(true);
  });

  it('every example scenario gives messages that pass the guards', async () => {
    for (const rel of ['syscalls/blocking-syscall-handoff.scenario.yaml', 'os-scheduler/round-robin-quantum.scenario.yaml',
      'mutexes', 'channels/hello-channel.scenario.yaml'].filter((r) => r.endsWith('.yaml'))) {
      const ex = example(rel);
      const result = await runTraced(ex);
      const load = loadMessage(result, { file: ex.file });
      expect(isHostMessage(load), rel).toBe(true);
      const n = load.timeline.events.ns.length;
      for (const i of [0, Math.floor(n / 2), n - 1]) expect(isHostMessage(momentMessage(result, i)), `${rel} @${i}`).toBe(true);
    }
  });

  it('maps the core\'s edge labels onto the protocol\'s arrow kinds', () => {
    expect(EDGE_KINDS[edgeKind('unlock→lock')]).toBe('unlock→lock');
    expect(EDGE_KINDS[edgeKind('send→recv')]).toBe('send→receive');
    expect(EDGE_KINDS[edgeKind('exit→join')]).toBe('exit→join');
    expect(EDGE_KINDS[edgeKind('done→wait')]).toBe('done→wait');
    expect(EDGE_KINDS[edgeKind('release→acquire')]).toBe('release→acquire');
    expect(EDGE_KINDS[edgeKind('spawn→start')]).toBe('spawn→start');
  });
});

describe('panel runs (the worker side)', () => {
  it('a moment answered from the kept run equals one answered after a fresh replay', async () => {
    const load = await panelLoad({ ...GO_STEAL, key: 'a' });
    const i = Math.floor(load.load.timeline.events.ns.length / 2);
    const kept = await panelMoment({ ...GO_STEAL, key: 'a', schedule: load.schedule, event: i });
    forgetPanelRuns();
    const replayed = await panelMoment({ ...GO_STEAL, key: 'a', schedule: load.schedule, event: i });
    expect(replayed).toEqual(kept);
  });

  it('what-if GOMAXPROCS=1 runs the same program slower, with one P', async () => {
    const base = await panelLoad({ ...GO_STEAL, key: 'b' });
    const whatIf = await panelWhatIf({ ...GO_STEAL, key: 'b', schedule: base.schedule, settings: { gomaxprocs: 1 } });
    expect(isHostMessage(whatIf.load)).toBe(true);
    expect(lanesOf(whatIf.load.timeline, 'p')).toEqual(['P0']);
    expect(whatIf.load.summary.makespanNs).toBeGreaterThanOrEqual(8 * 20e6);
    expect(base.load.summary.makespanNs).toBeLessThan(whatIf.load.summary.makespanNs);
  });

  it('reports a broken scenario with file:line:column', async () => {
    await expect(panelLoad({ file: '/x/bad.scenario.yaml', text: 'name: x\ntasks:\n  main:\n    - compute: soon\n' }))
      .rejects.toThrow(/bad\.scenario\.yaml:4:\d+: error:/);
  });

  it('runs a .sim.ts file through the TypeScript front end', async () => {
    const ts = example('channels/pipeline.sim.ts');
    const answer = await panelLoad(ts);
    const load: LoadMessage = answer.load;
    expect(isHostMessage(load)).toBe(true);
    expect(load.timeline.tasks.length).toBeGreaterThan(1);
  });
});
