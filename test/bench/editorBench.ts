/**
 * The editor at a million goroutines (issue 24, item 4, and the trace part of item 2):
 * `node dist/bench.js editor [goroutines]` runs this section alone; `npm run bench` prints it
 * with the rest.
 *
 * One traced timed run of `examples/goroutines/many-goroutines.scenario.yaml` at a million
 * goroutines (as the debugger runs it, `timedTimeline`), then:
 * - the panel's first message (`loadMessage`: the timeline's columns, lanes and summary), the
 *   host's part of the panel's first paint, ≤ 500 ms;
 * - a panel step (`MomentCursor.moment`: the machine snapshot and what moved), forwards and
 *   backwards from the middle of the run, ≤ 50 ms;
 * - a debugger step as VS Code makes one: `next`, then `threads`, `stackTrace`, `scopes` and
 *   the Task scope's `variables`, through the real adapter (`InterleaveDebugSession`),
 *   forwards and backwards from the middle of the run, ≤ 50 ms;
 * - the trace's bytes per event: its columns, and the heap a traced run holds beyond an
 *   untraced one (measured at 100,000 goroutines, where both runs fit twice over).
 *
 * Wall-clock times on a shared machine follow the load, so each time row also gives the
 * process's CPU time (user + system) over the same stretch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { simulate, type RunResult, type RunTrace } from '../../src/core/index';
import type { Program } from '../../src/core/program';
import { parseScenario } from '../../src/frontends/scenario';
import { loadMessage, MomentCursor } from '../../src/service/panel/adapter';
import { timedTimeline } from '../../src/debug/coreTimeline';
import { InterleaveDebugSession } from '../../src/debug/session';
import { DapClient } from '../unit/debug/dap';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface EditorRow {
  readonly name: string;
  readonly median: string;
  readonly p95: string;
  readonly target: string;
  readonly ok: boolean | null;
}

const FILE = 'examples/goroutines/many-goroutines.scenario.yaml';

/** The example with `count` and `wg.add` raised to `n` (its `about` expectation is for 100,000). */
function manyGoroutines(n: number): Program {
  const text = readFileSync(join(process.cwd(), FILE), 'utf8').replace(/100000/g, String(n));
  const p = parseScenario(text, FILE);
  if (!p.program) throw new Error(`${FILE}: ${p.errors.map((e) => e.message).join('; ')}`);
  return p.program;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/** Wall and CPU milliseconds of `f`. */
async function timed(f: () => unknown): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function timeRow(name: string, xs: readonly { wall: number; cpu: number }[], limit: number, target: string): EditorRow {
  const wall = xs.map((x) => x.wall), cpu = xs.map((x) => x.cpu);
  const med = quantile(wall, 0.5);
  return {
    name: `${name} (n=${xs.length}; CPU ${quantile(cpu, 0.5).toFixed(1)} ms)`,
    median: `${med.toFixed(1)} ms`, p95: `${quantile(wall, 0.95).toFixed(1)} ms`, target, ok: med <= limit,
  };
}

/** Heap plus array buffers held, after a full collection. */
function held(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Bytes a traced run holds beyond an untraced one, per trace event (median of three pairs,
 * after a run that warms the code up); and the event and edge columns alone.
 */
function traceBytes(n: number): { perEvent: number; columnsPerEvent: number; events: number } {
  const program = manyGoroutines(n);
  const run = (trace: boolean) => simulate(program, { mode: 'timed', trace, budget: { events: 100_000_000 } });
  run(true);
  const untraced: number[] = [], traced: number[] = [];
  let log: RunTrace['log'] | undefined;
  // Each result is dropped when its block ends, before the next measurement.
  const measure = (trace: boolean): number => {
    const before = held();
    const r = run(trace);
    const bytes = held() - before;
    if (trace) log = (r.trace as RunTrace).log;
    return bytes;
  };
  for (let k = 0; k < 3; k++) {
    untraced.push(measure(false));
    traced.push(measure(true));
  }
  const events = log!.length;
  return { perEvent: (quantile(traced, 0.5) - quantile(untraced, 0.5)) / events, columnsPerEvent: log!.columnBytes / events, events };
}

/**
 * The panel's machine view: the moment the panel asks for after the load (event 0), then a
 * seek to the middle (a replay), steps forwards and back from there, as the worker answers
 * them. Its own function, so its live replay is dropped before the debugger makes its own.
 */
async function panelSteps(result: RunResult, length: number, label: string): Promise<EditorRow[]> {
  const rows: EditorRow[] = [];
  const info = (name: string, value: string): void => { rows.push({ name, median: value, p95: '', target: '(info)', ok: null }); };
  const moments = new MomentCursor(result);
  const first = await timed(() => moments.moment(0));
  info(`${label}: panel moment 0 (after the load)`, `${first.wall.toFixed(1)} ms`);
  const middle = Math.floor(length / 2);
  let at = middle;
  const panelSeek = await timed(() => moments.moment(at));
  info(`${label}: panel seek to the middle (a replay)`, `${(panelSeek.wall / 1000).toFixed(1)} s`);
  const panelForward: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 20; k++) panelForward.push(await timed(() => moments.moment(++at)));
  rows.push(timeRow(`${label}: panel step forwards (moment: machine snapshot + changes)`, panelForward, 50, '≤ 50 ms'));
  const panelBack: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 5; k++) panelBack.push(await timed(() => moments.moment(--at)));
  rows.push(timeRow(`${label}: panel step back`, panelBack, 50, '≤ 50 ms'));
  return rows;
}

export async function runEditorBench(goroutines = 1_000_000): Promise<EditorRow[]> {
  const rows: EditorRow[] = [];
  const info = (name: string, value: string): void => { rows.push({ name, median: value, p95: '', target: '(info)', ok: null }); };
  const bytes = traceBytes(100_000);
  info(`trace, bytes per event held by a traced run (100,000 goroutines, ${bytes.events} events)`, bytes.perEvent.toFixed(1) + ' B');
  info('  of which the event and edge columns', bytes.columnsPerEvent.toFixed(1) + ' B');

  const load0 = loadavg()[0];
  const label = `${(goroutines / 1e6).toLocaleString('en')}M goroutines`;
  let built: ReturnType<typeof timedTimeline> | undefined;
  const run = await timed(() => { built = timedTimeline(manyGoroutines(goroutines), { mode: 'timed', events: 100_000_000 }); });
  const { timeline, result } = built!;
  info(`${label}: the traced run the panel and the debugger open (${result.events} events, load ${load0.toFixed(1)})`, `${(run.wall / 1000).toFixed(1)} s`);

  // The panel: the first message the webview needs. The first one right after the run, as
  // the worker sends it; then each after a full collection and a second for the collector's
  // concurrent sweeping of the run's gigabyte heap (neither timed), so one message's garbage
  // does not make the next pay for a collection.
  const loads: { wall: number; cpu: number }[] = [];
  let lanes = 0, intervals = 0;
  for (let k = 0; k < 6; k++) {
    if (k > 0) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const t = await timed(() => {
      const m = loadMessage(result, { file: FILE });
      lanes = m.timeline.lanes.length;
      intervals = m.timeline.intervals.lane.length;
    });
    if (k === 0) info(`${label}: panel first message, the first one after the run`, `${t.wall.toFixed(1)} ms (CPU ${t.cpu.toFixed(1)} ms)`);
    else loads.push(t);
  }
  rows.push(timeRow(`${label}: panel first message (${lanes} lanes, ${intervals} intervals)`, loads, 500, '≤ 500 ms'));

  rows.push(...await panelSteps(result, timeline.length, label));

  // The debugger, through the real adapter.
  const session = new InterleaveDebugSession({ open: () => Promise.resolve(timeline) });
  const dap = new DapClient(session);
  await dap.request('initialize', { adapterID: 'interleave' });
  const entry = dap.next('stopped');
  await dap.request('launch', { program: FILE });
  await entry;
  const stop = async (move: () => Promise<unknown>) => timed(async () => {
    await move();
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    const stopped = [...dap.events].reverse().find((e) => e.event === 'stopped') as DebugProtocol.StoppedEvent | undefined;
    const threadId = stopped?.body.threadId ?? threads[0].id;
    const frames = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId })).body.stackFrames;
    const scopes = (await dap.request<DebugProtocol.ScopesResponse>('scopes', { frameId: frames[0]?.id ?? threadId })).body.scopes;
    await dap.request('variables', { variablesReference: scopes[0].variablesReference });
  });
  const seek = await stop(() => dap.stepping('interleave/seek', { index: Math.floor(timeline.length / 2) }));
  info(`${label}: debugger seek to the middle (${timeline.length} moments; a replay)`, `${(seek.wall / 1000).toFixed(1)} s`);
  const forward: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 20; k++) forward.push(await stop(() => dap.stepping('next', { threadId: 1 })));
  rows.push(timeRow(`${label}: debugger step forwards + threads, stack, scopes, variables`, forward, 50, '≤ 50 ms'));
  const backward: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 5; k++) backward.push(await stop(() => dap.stepping('stepBack', { threadId: 1 })));
  rows.push(timeRow(`${label}: debugger step back (within the kept window) + the same`, backward, 50, '≤ 50 ms'));
  // Further back, past where a window of states read afresh ends (7 states at a million tasks):
  // a step back that finds no kept state replays the run from the start.
  const further: { wall: number; cpu: number }[] = [];
  for (let k = 0; k < 300; k++) further.push(await stop(() => dap.stepping('stepBack', { threadId: 1 })));
  const replays = further.filter((x) => x.wall > 1000).length;
  rows.push(timeRow(`${label}: debugger 300 more steps back (${replays} of them replayed the run)`, further, 50, '≤ 50 ms'));
  const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
  info(`${label}: debugger threads response`, `${threads.length} entries, ${JSON.stringify(threads).length} B`);
  info(`  its last entry`, threads[threads.length - 1].name.slice(0, 60));
  return rows;
}

export function printEditorRows(rows: readonly EditorRow[]): void {
  console.log(`\nThe editor at scale (issue 24; load average ${loadavg()[0].toFixed(1)})`);
  console.log('| measure | median | p95 | target | ok |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.median} | ${r.p95} | ${r.target} | ${r.ok === null ? '' : r.ok ? 'yes' : 'NO'} |`);
}
