/** The Go runtime's snapshot (`inspect()`), determinism of its recorded choices, and the netpoller under load. */
import { describe, expect, it } from 'vitest';
import { Simulation, simulate } from '../../../src/core/index';
import type { TaskBody, TaskId } from '../../../src/core/program';
import { ms, op, program, spawnAndJoin } from '../core/helpers';

const us = (n: number): number => n * 1_000;
const cpu = (n: number): TaskBody => function* () { yield op.compute(n); };
const goConfig = (cores: number, gomaxprocs: number) => ({ machine: { cores }, runtime: { kind: 'go' as const, gomaxprocs } });

interface Snapshot {
  gomaxprocs: number;
  ms: { id: string; state: string; p: string | null; g: string | null; spinning: boolean; inSyscall: boolean }[];
  ps: { id: string; status: string; m: string | null; runnext: string | null; runq: string[] }[];
  globalQueue: string[];
  idlePs: string[];
  netpoller: { waiting: string[]; ready: string[]; blockedM: string | null };
  sysmon: { periodNs: number; idleRounds: number; sleeping: boolean };
}

describe('go runtime: inspect()', () => {
  it('shows Ms, Ps with runnext and local queues, the global queue and sysmon', () => {
    // No malg cost: main's 10 `go`s end before M1 exists (a fresh G's stack would take long enough for M1 to steal).
    const sim = new Simulation(program(spawnAndJoin(cpu(ms(1)), 10), { config: goConfig(2, 2) }), { mode: 'timed', set: { 'runtime.malg': '0ns' } });
    expect(sim.runtime?.inspect).toBeDefined();
    // Run until main has spawned its workers and blocked in join.
    while (sim.world.tasks.length < 11 || sim.world.tasks[0].state !== 3) sim.runSlice(1);
    const s = sim.runtime!.inspect!() as unknown as Snapshot;
    expect(s.gomaxprocs).toBe(2);
    expect(s.ps.map((p) => p.id)).toEqual(['P0', 'P1']);
    // newproc: the last G created is in P0's runnext (or already running), the rest in its queue
    const p0 = s.ps[0];
    expect(p0.status).toBe('running');
    const queued = [...(p0.runnext ? [p0.runnext] : []), ...p0.runq];
    expect(queued.length).toBeGreaterThanOrEqual(9);
    expect(p0.runq[0]).toBe('G2');
    expect(s.ms[0]).toMatchObject({ id: 'M0', p: 'P0' });
    // wakep started a spinning M for idle P1 (still being created: 20µs)
    expect(s.ms.length).toBe(2);
    expect(s.ms[1]).toMatchObject({ id: 'M1', p: 'P1', spinning: true });
    expect(s.sysmon.periodNs).toBe(20_000);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    const r = sim.finish();
    expect(r.stopped).toBe('cancelled');
  });

  it('a receiver woken by a send goes to the sender\'s P\'s runnext (chan.go: send → goready)', () => {
    const objects = [{ id: 'ch', name: 'ch', kind: 'channel' as const, size: 0 }];
    const filler: TaskBody = function* () { yield op.compute(us(10)); };
    const tx: TaskBody = function* () { yield op.compute(ms(1)); yield op.sync('ch', 'send', 1, 42); yield op.compute(ms(1)); };
    const rx: TaskBody = function* () { yield op.sync('ch', 'recv'); yield op.compute(us(10)); };
    const main: TaskBody = function* () {
      const f = (yield op.spawn(filler, 2, 'filler')) as TaskId[]; // G2, G3: queued behind
      const b = (yield op.spawn(tx, 1, 'tx')) as TaskId[]; // G4
      const a = (yield op.spawn(rx, 1, 'rx')) as TaskId[]; // G5: runnext, parks in recv first
      yield op.join([...f, ...a, ...b]);
    };
    // One P, so nothing steals the runnext while the sender keeps running.
    const sim = new Simulation(program(main, { config: goConfig(2, 1), objects }), { mode: 'timed' });
    let seen: Snapshot | null = null;
    let parked = false;
    while (!sim.runSlice(1)) {
      const rxState = sim.world.tasks[4]?.state;
      if (rxState === 3) parked = true; // blocked in recv
      const s = sim.runtime!.inspect!() as unknown as Snapshot;
      if (parked && rxState === 1 && s.ps[0].runnext === 'G5') { seen = s; break; }
    }
    expect(seen).not.toBeNull();
    expect(seen!.ms.find((x) => x.p === 'P0')!.g).toBe('G4'); // the sender still runs on P0's M
    const r = sim.finish();
    expect(r.stopped).toBe('cancelled');
  });

  it('a syscall shows its M in syscall and the P in syscall state until sysmon retakes it', () => {
    const sys: TaskBody = function* () { yield { op: 'syscall', ns: ms(5), at: op.yield().at }; };
    const main: TaskBody = function* () {
      const a = (yield op.spawn(sys, 1, 'sys')) as TaskId[];
      yield op.compute(ms(3));
      yield op.join(a);
    };
    const sim = new Simulation(program(main, { config: goConfig(2, 1) }), { mode: 'timed' });
    let sawSyscall = false;
    let sawRetaken = false;
    while (!sim.runSlice(1)) {
      const s = sim.runtime!.inspect!() as unknown as Snapshot;
      const m = s.ms.find((x) => x.inSyscall);
      if (m && s.ps[0].status === 'syscall') sawSyscall = true;
      if (m && s.ps[0].m !== m.id) sawRetaken = true;
    }
    expect(sawSyscall || sawRetaken).toBe(true);
    expect(sim.finish().stopped).toBe('finished');
  });
});

describe('go runtime: determinism and the netpoller', () => {
  it('the steal order is drawn through the recorded chooser, so a schedule replays exactly', () => {
    const p = program(spawnAndJoin(cpu(us(300)), 40), { config: goConfig(4, 4) });
    const a = simulate(p, { mode: 'timed', seed: 7 });
    expect(a.metrics.steals).toBeGreaterThan(0);
    expect(a.schedule.split(':')[2].length).toBeGreaterThan(0);
    const b = simulate(p, { mode: 'timed', schedule: a.schedule });
    expect(b.makespan_ns).toBe(a.makespan_ns);
    expect(b.tasks).toEqual(a.tasks);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('an I/O-ready G waits for a poll while every P is busy: sysmon injects it after 10ms unpolled', () => {
    const io: TaskBody = function* () { yield op.io(ms(1)); yield op.print('io back'); };
    const main: TaskBody = function* () {
      const b = (yield op.spawn(cpu(ms(40)), 1, 'busy')) as TaskId[];
      const a = (yield op.spawn(io, 1, 'io')) as TaskId[]; // runnext: starts its I/O first
      yield op.join([...a, ...b]);
    };
    const r = simulate(program(main, { config: goConfig(1, 1) }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    const back = r.log.find((l) => l.text === 'io back')!;
    // The I/O ended at ~1ms, but the only P ran `busy` until sysmon polled (or preempted it).
    expect(back.ns).toBeGreaterThan(ms(9));
    expect(back.ns).toBeLessThan(ms(40));
  });

  it('GOMAXPROCS above the core count: more Ms than cores, the OS time-slices them', () => {
    const r = simulate(program(spawnAndJoin(cpu(ms(20)), 4), { config: goConfig(2, 4) }), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.metrics.max_running).toBe(2);
    expect(r.makespan_ns / 1e6).toBeGreaterThan(40);
    expect(r.makespan_ns / 1e6).toBeLessThan(45);
    expect(r.metrics.threads_created).toBeGreaterThanOrEqual(4);
  });
});
