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

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');

/** Two workers that take turns at each `await asyncio.sleep(0)`. */
const PY = fixture('asyncio/two-workers.py');
/** call_soon, call_later (a function that reschedules itself, a lambda) and add_done_callback beside a task. */
const PY_CALLBACKS = fixture('asyncio/callbacks.py');
/** Two `.then` chains, a timer callback and a queueMicrotask job, and no async function. */
const TS_CHAINS = fixture('eventloop/then-chains.sim.ts');

/** Every moment's loop queues, by name. */
function queuesAt(r: RunResult): Map<string, readonly string[]>[] {
  const cursor = new MomentCursor(r);
  return Array.from({ length: (r.trace as RunTrace).log.length }, (_, i) => new Map((cursor.moment(i).machine.loopQueues ?? []).map((q) => [q.name, q.items])));
}

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

describe('lanes for promise chains and callbacks', () => {
  it('a .sim.ts: each .then chain is a lane named after its first .then (then@9, then@9#2), a timer or microtask callback after its function or line', () => {
    const r = run(TS_CHAINS, 'chains.sim.ts');
    expect(r.findings).toEqual([]);
    // Each chain's callbacks computed (20 µs each) and wrote: users 1, then 1 + 1; orders 3, then 3 + 3; report × 10.
    expect(r.finals).toEqual({ total: 60 });
    const tl = buildTimeline(r, { file: 'chains.sim.ts' });
    expect(tl.lanes.filter((l) => l.kind === 'flow').map((l) => l.label)).toEqual(['queueMicrotask@22', 'then@9', 'then@9#2', 'report']);
    const slices = flowSlices(r, 'chains.sim.ts');
    // Both callbacks of a chain sit in its lane, 20 µs each; the chains run one after the other on the one thread.
    for (const chain of ['then@9', 'then@9#2']) {
      const lengths = slices.filter(([l]) => l === chain).map(([, s, e]) => e - s);
      expect(lengths).toHaveLength(2);
      for (const ns of lengths) expect(ns).toBeGreaterThanOrEqual(20_000); // the compute, and the ops' own costs
      for (const ns of lengths) expect(ns).toBeLessThan(21_000);
    }
    expect(turns(slices)).toEqual(['queueMicrotask@22', 'then@9', 'then@9#2', 'report']);
    const report = slices.find(([l]) => l === 'report')!;
    expect(report[1]).toBeGreaterThanOrEqual(5_000_000); // setTimeout(report, 5)
    for (let i = 1; i < slices.length; i++) expect(slices[i][1]).toBeGreaterThanOrEqual(slices[i - 1][2]);
  });

  it('asyncio: call_soon, call_later and add_done_callback callbacks get a lane each, by function name (a lambda by its line)', () => {
    const r = run(PY_CALLBACKS, 'callbacks.py');
    expect(r.findings).toEqual([]);
    const tl = buildTimeline(r, { file: 'callbacks.py' });
    expect(tl.lanes.filter((l) => l.kind === 'flow').map((l) => l.label)).toEqual(['main', 'tick', 'job', 'lambda@25', 'on_done']);
    // tick reschedules itself with call_later twice: one lane, three runs 10 ms apart.
    const ticks = flowSlices(r, 'callbacks.py').filter(([l]) => l === 'tick');
    expect(ticks).toHaveLength(3);
    expect(ticks[2][1] - ticks[1][1]).toBeGreaterThanOrEqual(10_000_000);
    // The done callback waits in the ready queue by its name.
    expect(queuesAt(r).some((q) => q.get('ready')?.includes('on_done (task `job` done)'))).toBe(true);
  });
});

describe('the loop queues at a moment', () => {
  it('asyncio: a queue shows what a flow scheduled at once, not only from the next flow switch on', () => {
    // main's first stretch runs call_soon, create_task, add_done_callback and call_later, then awaits.
    const r = run(PY_CALLBACKS, 'callbacks.py');
    const flows = (r.trace as RunTrace).flows!;
    const [, start, end] = flows.rows.find(([f]) => flows.labels[f] === 'main')!;
    const log = (r.trace as RunTrace).log;
    const queues = queuesAt(r);
    const inside = queues.filter((_, i) => log.time[i] >= start && log.time[i] < end);
    expect(inside.some((q) => q.get('timers')?.some((t) => t.startsWith('lambda@25 at ')))).toBe(true);
    expect(inside.some((q) => q.get('ready')?.join() === 'tick,Task-2.__step (job)')).toBe(true);
  });

  it('a .sim.ts: the macrotask queue and the I/O in flight are loop queues, the io() tasks named as their lanes are', () => {
    const r = run(TS_CHAINS, 'chains.sim.ts');
    const queues = queuesAt(r);
    for (const q of queues) expect([...q.keys()].slice(0, 2)).toEqual(['macrotasks', 'I/O in flight']);
    // Both requests queued to start behind the script; later both in flight while the loop idles; a then job queued.
    expect(queues.some((q) => q.get('macrotasks')?.join() === 'C2 users#1,C3 orders#1')).toBe(true);
    expect(queues.some((q) => q.get('I/O in flight')?.join() === 'C2 users#1,C3 orders#1' && q.get('macrotasks')?.length === 0)).toBe(true);
    expect(queues.some((q) => q.get('microtasks')?.join() === 'then@9 callback')).toBe(true);
    expect(queues.some((q) => q.get('timers')?.join() === 'report at 5 ms')).toBe(true);
  });

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
