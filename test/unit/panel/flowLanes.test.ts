/**
 * The flows of an event loop in the panel (core/trace/flows.ts, service/panel/machineLanes.ts
 * `flowLanes`): every coroutine or async function the loop runs gets a lane of its own, under
 * the loop's, with a slice for each stretch it ran; the machine view of a moment carries the
 * loop's queues as they were then (MachineState.loopQueues).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate, type RunResult, type RunTrace } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { isTimeline } from '../../../src/protocol/panelGuards';
import { buildTimeline, MomentCursor } from '../../../src/service/panel/adapter';

function run(text: string, file: string): RunResult {
  const c = compileSource(text, file);
  expect(c.errors).toEqual([]);
  return simulate(c.program!, { mode: 'timed', trace: true, machine: true });
}

/** The flow lanes' slices in time order, as [lane label, start, end]. */
function flowSlices(r: RunResult, file: string): [string, number, number][] {
  const tl = buildTimeline(r, { file });
  expect(isTimeline(tl)).toBe(true); // what the webview accepts: no empty interval, none overlapping in a lane
  const out: [string, number, number][] = [];
  for (let i = 0; i < tl.intervals.lane.length; i++) {
    const lane = tl.lanes[tl.intervals.lane[i]];
    if (lane.kind === 'flow') out.push([lane.label, tl.intervals.start[i], tl.intervals.end[i]]);
  }
  return out.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
}

/** The labels in order with consecutive repeats dropped, past the main flow. */
function turns(slices: [string, number, number][]): string[] {
  return slices.map((s) => s[0]).filter((l, i, all) => l !== 'main' && l !== all[i - 1]);
}

/** Two workers that take turns at each `await asyncio.sleep(0)`. */
const PY = readFileSync(fileURLToPath(new URL('../../fixtures/asyncio/two-workers.py', import.meta.url)), 'utf8');

const TS = `import { compute, sleep } from "interleave";

async function worker(n: number) {
  for (let i = 0; i < 3; i++) {
    compute("10us");
    await sleep(1);
  }
}

export default async function main() {
  await Promise.all([worker(1), worker(2)]);
}
`;

describe('flow lanes', () => {
  it('asyncio: two tasks interleaving at their awaits get a lane each, with alternating slices', () => {
    const r = run(PY, 'flows.py');
    const tl = buildTimeline(r, { file: 'flows.py' });
    const flowLaneLabels = tl.lanes.filter((l) => l.kind === 'flow').map((l) => l.label);
    expect(flowLaneLabels).toEqual(['main', 'worker', 'worker#2']);
    // The flow lanes sit under the loop thread's lane.
    const loop = tl.lanes.findIndex((l) => l.label === 'event loop');
    expect(tl.lanes[loop + 1]).toEqual({ label: 'main', kind: 'flow' });
    const slices = flowSlices(r, 'flows.py');
    // Each worker runs 4 times: to its first await, then after each of its 3 sleep(0)s.
    expect(turns(slices)).toEqual(['worker', 'worker#2', 'worker', 'worker#2', 'worker', 'worker#2', 'worker', 'worker#2']);
    for (const [, s, e] of slices.filter(([l]) => l !== 'main')) expect(e).toBeGreaterThanOrEqual(s);
    // No two flows run at once on the one loop thread.
    for (let i = 1; i < slices.length; i++) expect(slices[i][1]).toBeGreaterThanOrEqual(slices[i - 1][2]);
  });

  it('a .sim.ts: two async functions interleaving at their awaits get a lane each, with alternating slices', () => {
    const r = run(TS, 'flows.sim.ts');
    const tl = buildTimeline(r, { file: 'flows.sim.ts' });
    expect(tl.lanes.filter((l) => l.kind === 'flow').map((l) => l.label)).toEqual(['main', 'worker', 'worker#2']);
    const slices = flowSlices(r, 'flows.sim.ts');
    // Three stretches each that compute; the last resumption only returns and takes no time, so it has no slice.
    expect(turns(slices)).toEqual(['worker', 'worker#2', 'worker', 'worker#2', 'worker', 'worker#2']);
    expect(r.trace && (r.trace as RunTrace).flows!.rows.filter(([f]) => f === 1)).toHaveLength(4);
    // The compute of 10 µs is inside the worker's slice.
    expect(slices.filter(([l, s, e]) => l === 'worker' && e - s >= 10_000).length).toBe(3);
    for (let i = 1; i < slices.length; i++) expect(slices[i][1]).toBeGreaterThanOrEqual(slices[i - 1][2]);
  });
});

describe('the loop queues at a moment', () => {
  it('asyncio: the ready queue holds the other task’s step while one task runs', () => {
    const r = run(PY, 'flows.py');
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const queues = Array.from({ length: n }, (_, i) => cursor.moment(i).machine.loopQueues);
    expect(queues.every((q) => q === undefined || q.map((x) => x.name).join() === 'ready,timers')).toBe(true);
    // gather made both tasks: while the first one's first step runs, the second's waits in _ready.
    expect(queues.some((q) => q?.[0].items.join() === 'Task-3.__step (worker#2)')).toBe(true);
  });

  it('a .sim.ts: the timers queue holds each worker’s sleep while it waits', () => {
    const r = run(TS, 'flows.sim.ts');
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const queues = Array.from({ length: n }, (_, i) => cursor.moment(i).machine.loopQueues);
    expect(queues.some((q) => q?.find((x) => x.name === 'timers')?.items.length === 2
      && q.find((x) => x.name === 'timers')!.items.every((t) => /^worker(#2)?: sleep\(1\) at /.test(t)))).toBe(true);
  });

  it('a .sim.ts: the microtask queue holds the other flow’s resumption while one resumes from await null', () => {
    // Each stretch computes, so the cursor has a moment inside it (a moment is a trace event).
    const r = run(`import { compute } from "interleave";
async function ping() {
  for (let i = 0; i < 2; i++) {
    compute("1us");
    await null;
  }
}
export default async function main() {
  await Promise.all([ping(), ping()]);
}
`, 'micro.sim.ts');
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const micro = Array.from({ length: n }, (_, i) => cursor.moment(i).machine.loopQueues?.find((x) => x.name === 'microtasks')?.items.join());
    expect(micro).toContain('resume ping#2');
    expect(turns(flowSlices(r, 'micro.sim.ts'))).toEqual(['ping', 'ping#2', 'ping', 'ping#2']);
  });
});
