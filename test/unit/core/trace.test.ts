import { describe as group, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { RunTrace } from '../../../src/core/engine/simulation';
import type { TaskId } from '../../../src/core/program';
import { toChromeTrace } from '../../../src/core/trace/chrome';
import { describe } from '../../../src/core/trace/describe';
import { E_BLOCK, E_STOP } from '../../../src/core/trace/events';
import { causality, replayTo, stateAt, taskIntervals } from '../../../src/core/trace/query';
import { ms, op, program, spawnAndJoin, testSync } from './helpers';

const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }];
const vars = [{ id: 'n', name: 'n', initial: 0 }];
const worker = function* () {
  yield op.sync('mu', 'lock', 3);
  const v = (yield op.read('n', 4)) as number;
  yield op.compute(ms(2), 'cpu', 5);
  yield op.write('n', v + 1, 6);
  yield op.sync('mu', 'unlock', 7);
};

function run() {
  return simulate(program(spawnAndJoin(worker, 2), { vars, objects, config: { machine: { cores: 2 } } }), { mode: 'timed', trace: true }, testSync);
}

group('trace', () => {
  it('explains a round-robin preemption in one sentence', () => {
    const cpu = function* () { yield op.compute(ms(8)); };
    const r = simulate(program(spawnAndJoin(cpu, 2), { config: { machine: { cores: 1 }, os: { policy: 'round-robin' } } }),
      { mode: 'timed', trace: true }, testSync);
    const t = r.trace as RunTrace;
    const stops = [];
    for (let i = 0; i < t.log.length; i++) if (t.log.kind[i] === E_STOP) stops.push(describe(t, i));
    expect(stops[0]).toBe('T2 was preempted after its 4 ms time slice, because another thread was waiting');
  });

  it('says what a blocked task waits on, and where', () => {
    const r = run();
    const t = r.trace as RunTrace;
    const blocks: string[] = [];
    for (let i = 0; i < t.log.length; i++) if (t.log.kind[i] === E_BLOCK) blocks.push(describe(t, i));
    expect(blocks).toContain('T3 blocked waiting on mu (lock) at test.sim:3');
  });

  it('names the file as people say it, a made object by its name, and a task once', () => {
    const loc = (line: number) => ({ file: '/home/ada/project/bank.sim.ts', line, column: 1, endLine: line, endColumn: 2 });
    const main = function* () {
      yield { op: 'make' as const, decl: { sync: { id: 'm1', name: 'accountLock', kind: 'mutex' as const } }, at: loc(2) };
      yield { op: 'sync' as const, obj: 'm1', action: 'lock' as const, at: loc(3) };
      yield { op: 'sync' as const, obj: 'm1', action: 'unlock' as const, at: loc(4) };
    };
    const r = simulate(program(main), { mode: 'timed', trace: true }, testSync);
    const t = r.trace as RunTrace;
    const all: string[] = [];
    for (let i = 0; i < t.log.length; i++) all.push(describe(t, i));
    expect(all).toContain('T1 created `accountLock` at bank.sim.ts:2');
    expect(all.join('\n')).not.toContain('/home/ada');
  });

  it('gives the state at any event: who runs, who waits on what, values, objects', () => {
    const r = run();
    const t = r.trace as RunTrace;
    let i = 0;
    while (!(t.log.kind[i] === E_BLOCK && t.log.task[i] === 2)) i++;
    const s = stateAt(r, i);
    const t3 = s.tasks.find((x) => x.id === 'T3')!;
    expect(t3.state).toBe('blocked');
    expect(t3.waitingOn).toBe('mu (lock)');
    expect(t3.at.line).toBe(3);
    expect(s.tasks.find((x) => x.id === 'T1')!.state).toBe('blocked'); // main in join
    expect(s.hwThreads.filter((h) => h !== null)).toEqual(['T2']);
    expect(s.objects.mu).toEqual({ permits: 0, waiting: 1 });
    expect(s.vars).toEqual({ n: 0 });
    const end = stateAt(r, t.log.length - 1);
    expect(end.vars).toEqual({ n: 2 });
  });

  it('builds task intervals and causality edges (unlock→lock, spawn→start, exit→join)', () => {
    const r = run();
    const iv = taskIntervals(r);
    const t2run = iv.filter((x) => x.task === 1 && x.state === 'running');
    expect(t2run.reduce((a, x) => a + (x.end - x.start), 0)).toBeGreaterThanOrEqual(ms(2));
    const labels = causality(r).map((e) => e.label);
    expect(labels).toContain('unlock→lock');
    expect(labels).toContain('spawn→start');
    expect(labels).toContain('exit→join');
  });

  it('exports Chrome trace JSON with lanes, slices and flows', () => {
    const r = run();
    const ct = toChromeTrace(r);
    const json = JSON.parse(JSON.stringify(ct));
    expect(json.traceEvents.filter((e: { ph: string }) => e.ph === 'M').length).toBeGreaterThanOrEqual(2 + 2 + 3);
    const hwSlices = json.traceEvents.filter((e: { ph: string; pid: number }) => e.ph === 'X' && e.pid === 1);
    expect(hwSlices.length).toBeGreaterThan(0);
    for (const e of json.traceEvents) if (e.ph === 'X') expect(e.dur).toBeGreaterThan(0);
    const s = json.traceEvents.filter((e: { ph: string }) => e.ph === 's').length;
    expect(s).toBe(json.traceEvents.filter((e: { ph: string }) => e.ph === 'f').length);
    expect(s).toBeGreaterThan(0);
  });

  it('a spawn of many tasks under fifo keeps them in creation order', () => {
    const w = function* () { yield op.compute(ms(1)); };
    const main = function* () { const ids = (yield op.spawn(w, 3)) as TaskId[]; yield op.join(ids); };
    const r = simulate(program(main, { config: { machine: { cores: 1 }, os: { policy: 'fifo' } } }), { mode: 'timed', trace: true }, testSync);
    const ends = r.tasks.slice(1).map((x) => x.end_ns!);
    expect([...ends].sort((a, b) => a - b)).toEqual(ends);
  });

  it('pausing at every event and going on reproduces the uninterrupted run exactly (forward stepping)', () => {
    const r = run();
    const t = r.trace as RunTrace;
    const sim = replayTo(t, 0);
    const timed = sim.timed!;
    const seen: number[] = [];
    for (let i = 1; i < 10_000; i++) {
      timed.stopAtTraceEvent = i + 1;
      const done = sim.runSlice(1_000_000);
      seen.push(timed.trace!.length);
      if (done) break;
    }
    const log = timed.trace!;
    expect(log.length).toBe(t.log.length);
    expect(Array.from(log.kind.subarray(0, log.length))).toEqual(Array.from(t.log.kind.subarray(0, t.log.length)));
    expect(Array.from(log.time.subarray(0, log.length))).toEqual(Array.from(t.log.time.subarray(0, t.log.length)));
    expect(sim.finish().finals).toEqual(r.finals);
    // every op boundary is a place to stop: at least one step per op
    let ops = 0;
    for (let i = 0; i < t.log.length; i++) if (t.log.kind[i] === 6) ops++;
    expect(new Set(seen).size).toBeGreaterThanOrEqual(ops);
  });

  it('stateAt between two zero-time ops of one task sees the first done and not the second', () => {
    const body = function* () { yield op.enter('cs', 3); yield op.print('inside', 4); yield op.exit('cs', 5); };
    const r = simulate(program(spawnAndJoin(body, 1)), { mode: 'timed', trace: true }, testSync);
    const t = r.trace as RunTrace;
    let i = 0;
    while (!(t.log.kind[i] === 6 && t.log.task[i] === 1 && t.log.locationAt(i)?.line === 3)) i++;
    const s = stateAt(r, i);
    expect(s.tasks[1].state).toBe('running');
    expect(s.tasks[1].at.line).toBe(3);
  });
});
