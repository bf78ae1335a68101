/**
 * Go's G/M/P scheduler (src/core/runtimes/go) against the reproductions of models.md:
 * GOMAXPROCS parallelism, P limits, syscall handoff, work stealing, sysmon preemption,
 * Go's deadlock text, channel ping-pong and many goroutines.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { ConfigInput, SyncDecl, TaskBody, TaskId } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';
import { ms, op, program, spawnAndJoin } from '../core/helpers';

const us = (n: number): number => n * 1_000;

function go(cores: number, gomaxprocs: number | undefined, extra: ConfigInput = {}): ConfigInput {
  return {
    ...extra,
    machine: { cores, ...extra.machine },
    runtime: { kind: 'go', ...(gomaxprocs !== undefined ? { gomaxprocs } : {}), ...extra.runtime },
  };
}

function run(main: TaskBody, config: ConfigInput, objects: SyncDecl[] = [], trace = false): RunResult {
  return simulate(program(main, { config, objects }), { mode: 'timed', trace });
}

const cpu = (n: number): TaskBody => function* () { yield op.compute(n); };

describe('go runtime: G/M/P', () => {
  it('two CPU-bound goroutines of 200ms on 2 cores: ≈400ms with GOMAXPROCS=1, ≈200ms with 2', () => {
    const one = run(spawnAndJoin(cpu(ms(200)), 2), go(2, 1));
    expect(one.stopped).toBe('finished');
    expect(one.makespan_ns / 1e6).toBeGreaterThan(399);
    expect(one.makespan_ns / 1e6).toBeLessThan(402);
    expect(one.metrics.max_running).toBe(1);
    const two = run(spawnAndJoin(cpu(ms(200)), 2), go(2, 2));
    expect(two.stopped).toBe('finished');
    expect(two.makespan_ns / 1e6).toBeGreaterThan(199);
    expect(two.makespan_ns / 1e6).toBeLessThan(202);
    expect(two.metrics.max_running).toBe(2);
    expect(two.tasks.map((t) => t.kind)).toEqual(['goroutine', 'goroutine', 'goroutine']);
    expect(two.metrics.goroutine_stack_bytes).toBe(3 * 2048);
  });

  it('100 goroutines on 8 Ps: never more than 8 running, and 8 at the peak', () => {
    const r = run(spawnAndJoin(cpu(ms(5)), 100), go(8, undefined));
    expect(r.config.runtime.gomaxprocs).toBe(8);
    expect(r.stopped).toBe('finished');
    expect(r.metrics.max_running).toBe(8);
    // 500ms of work over 8 Ps: a little over 62.5ms
    expect(r.makespan_ns / 1e6).toBeGreaterThan(62.5);
    expect(r.makespan_ns / 1e6).toBeLessThan(80);
    // Ms beyond the 8 running ones are created only for handoffs; no more than a few spare
    expect(r.metrics.threads_created).toBeGreaterThanOrEqual(8);
    expect(r.metrics.threads_created).toBeLessThanOrEqual(12);
  });

  it('GOMAXPROCS=2 on 8 cores keeps at most 2 goroutines running', () => {
    const r = run(spawnAndJoin(cpu(ms(5)), 20), go(8, 2));
    expect(r.metrics.max_running).toBe(2);
    expect(r.makespan_ns / 1e6).toBeGreaterThan(50);
  });

  it('a 50ms blocking syscall does not stop the others: its P is handed off after ≥20µs to a new M', () => {
    const sys: TaskBody = function* () { yield op.compute(us(100)); yield { op: 'syscall', ns: ms(50), at: op.yield().at }; };
    const main: TaskBody = function* () {
      const b = (yield op.spawn(cpu(ms(10)), 4, 'cpu')) as TaskId[];
      const a = (yield op.spawn(sys, 1, 'sys')) as TaskId[]; // last spawned: runnext, runs first
      yield op.join([...a, ...b]);
    };
    const r = run(main, go(2, 1), [], true);
    expect(r.stopped).toBe('finished');
    expect(r.metrics.handoffs).toBeGreaterThanOrEqual(1);
    // M0 blocks in the syscall; the P goes to a new M
    expect(r.metrics.threads_created).toBeGreaterThanOrEqual(2);
    const cpuEnds = r.tasks.filter((t) => t.name.startsWith('cpu')).map((t) => t.end_ns!);
    // 40ms of CPU work on one P, overlapping the 50ms syscall: all done long before 90ms
    expect(Math.max(...cpuEnds) / 1e6).toBeLessThan(45);
    expect(r.makespan_ns / 1e6).toBeLessThan(52);
    const notes = noteTexts(r);
    const handoff = notes.find((n) => /entered a blocking syscall; after .* sysmon handed P0 to M\d/.test(n));
    expect(handoff).toBeDefined();
    // sysmon sees the syscall on one tick and retakes the P on the next; a tick is usleep(20)
    // plus Linux's 50µs timer slack (runtime.sysmon_slack), so about 70µs apart
    const after = /after ([\d.]+)µs/.exec(handoff!);
    expect(after).not.toBeNull();
    expect(Number(after![1])).toBeGreaterThanOrEqual(20);
    expect(Number(after![1])).toBeLessThanOrEqual(150);
  });

  it('work stealing: an idle P steals half of a loaded P\'s queue', () => {
    const r = run(spawnAndJoin(cpu(ms(2)), 16), go(4, 4), [], true);
    expect(r.stopped).toBe('finished');
    expect(r.metrics.steals).toBeGreaterThanOrEqual(1);
    expect(noteTexts(r).some((n) => /P\d's queue was empty; M\d+ stole \d+ Gs? from P\d/.test(n))).toBe(true);
    // 32ms of work over 4 Ps
    expect(r.makespan_ns / 1e6).toBeLessThan(12);
    expect(r.metrics.max_running).toBe(4);
  });

  it('sysmon preempts a 50ms CPU-bound G on GOMAXPROCS=1, so another G runs before it finishes', () => {
    const short: TaskBody = function* () { yield op.compute(ms(1)); };
    const main: TaskBody = function* () {
      const a = (yield op.spawn(cpu(ms(50)), 1, 'long')) as TaskId[];
      yield op.sleep(us(10)); // let the long G start first
      const b = (yield op.spawn(short, 1, 'short')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const r = run(main, go(2, 1), [], true);
    expect(r.stopped).toBe('finished');
    const long = r.tasks.find((t) => t.name.startsWith('long'))!;
    const shortT = r.tasks.find((t) => t.name.startsWith('short'))!;
    expect(shortT.end_ns!).toBeLessThan(long.end_ns!);
    // sysmon's period has grown to 10ms by then, so the first preemption comes at 10–20ms
    expect(shortT.end_ns! / 1e6).toBeLessThan(40);
    expect(r.metrics.preemptions as number).toBeGreaterThanOrEqual(1);
    expect(noteTexts(r).some((n) => /G\d was preempted by sysmon after running .*; it goes to the global queue/.test(n))).toBe(true);
  });

  it('"Why?" names how long a preempted G really ran, not only the 10 ms sysmon waits after first seeing its slice', () => {
    // Once sysmon's period has grown to 10 ms, it first sees a new slice up to 10 ms after the
    // slice began and preempts it 10 ms later (proc.go: retake, forcePreemptNS): a G can run
    // about 20 ms, and the text must say so (issue 16 item 6).
    const main: TaskBody = function* () {
      const a = (yield op.spawn(cpu(ms(100)), 1, 'long')) as TaskId[];
      yield op.join(a);
    };
    const r = run(main, go(2, 1), [], true);
    expect(r.stopped).toBe('finished');
    const ran = noteTexts(r).flatMap((n) => {
      const m = /was preempted by sysmon after running ([\d.]+)ms/.exec(n);
      return m ? [Number(m[1])] : [];
    });
    expect(ran.length).toBeGreaterThanOrEqual(3);
    for (const x of ran) expect(x).toBeGreaterThanOrEqual(10);
    expect(Math.max(...ran)).toBeGreaterThan(15);
    expect(noteTexts(r).some((n) => /sysmon first saw this slice 10(\.\d+)?ms ago and preempts after 10ms/.test(n))).toBe(true);
  });

  it('a deadlocked program reports Go\'s fatal error text', () => {
    const objects: SyncDecl[] = [{ id: 'ch', name: 'ch', kind: 'channel', size: 0 }];
    const main: TaskBody = function* () { yield op.sync('ch', 'recv'); };
    const r = run(main, go(2, 2), objects);
    expect(r.stopped).toBe('deadlock');
    const f = r.findings.find((x) => x.kind === 'deadlock');
    expect(f?.message.startsWith('fatal error: all goroutines are asleep - deadlock!')).toBe(true);
    // Found at once, when the last M parks (the engine's clock ends at its last stale OS slice event).
    expect(r.makespan_ns).toBeLessThan(ms(2));
  });

  it('a panic (send on a closed channel) ends the whole program, as in Go', () => {
    const objects: SyncDecl[] = [{ id: 'ch', name: 'ch', kind: 'channel', size: 1 }];
    const other: TaskBody = function* () { yield op.compute(ms(100)); };
    const main: TaskBody = function* () {
      yield op.spawn(other, 1, 'other');
      yield op.sync('ch', 'close');
      yield op.sync('ch', 'send', 1, 5);
      yield op.compute(ms(100));
    };
    const r = run(main, go(2, 2), objects);
    expect(r.stopped).toBe('error');
    expect(r.error).toBe('panic: send on closed channel');
    expect(r.makespan_ns).toBeLessThan(ms(1));
  });

  it('an unbuffered channel ping-pong works, the receiver going to the sender\'s runnext', () => {
    const objects: SyncDecl[] = [
      { id: 'ping', name: 'ping', kind: 'channel', size: 0 },
      { id: 'pong', name: 'pong', kind: 'channel', size: 0 },
    ];
    const got: unknown[] = [];
    const ponger: TaskBody = function* () {
      for (let i = 0; i < 100; i++) {
        const v = (yield op.sync('ping', 'recv')) as { value: number };
        yield op.sync('pong', 'send', 1, v.value + 1);
      }
    };
    const main: TaskBody = function* () {
      const p = (yield op.spawn(ponger, 1, 'ponger')) as TaskId[];
      for (let i = 0; i < 100; i++) {
        yield op.sync('ping', 'send', 1, i * 2);
        got.push(((yield op.sync('pong', 'recv')) as { value: number }).value);
      }
      yield op.join(p);
    };
    for (const procs of [1, 4]) {
      got.length = 0;
      const r = run(main, go(4, procs), objects);
      expect(r.stopped).toBe('finished');
      expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i * 2 + 1));
    }
  });

  it('network I/O parks the G on the netpoller: 4 goroutines of 20ms I/O on 1 P overlap', () => {
    const io: TaskBody = function* () { yield op.io(ms(20)); yield op.compute(us(50)); };
    const r = run(spawnAndJoin(io, 4), go(1, 1));
    expect(r.stopped).toBe('finished');
    expect(r.makespan_ns / 1e6).toBeLessThan(21);
    // No M blocks in I/O: one P, and the netpoll M reuses the thread it had
    expect(r.metrics.threads_created).toBeLessThanOrEqual(2);
  });

  it('time.Sleep takes no M: 50 sleepers of 10ms on 2 Ps finish in about 10ms', () => {
    const sl: TaskBody = function* () { yield op.sleep(ms(10)); yield op.compute(us(10)); };
    const r = run(spawnAndJoin(sl, 50), go(2, 2));
    expect(r.stopped).toBe('finished');
    expect(r.makespan_ns / 1e6).toBeLessThan(11);
    expect(r.metrics.threads_created).toBeLessThanOrEqual(4);
  });

  it('LockOSThread: a locked G that blocks makes its M hand its P off; running it again switches threads', () => {
    const objects: SyncDecl[] = [
      { id: 'ch', name: 'ch', kind: 'channel', size: 0 },
      { id: 'ack', name: 'ack', kind: 'channel', size: 0 },
    ];
    const locked: TaskBody = function* () {
      yield { op: 'lock_os_thread', at: op.yield().at };
      for (let i = 0; i < 4; i++) {
        yield op.sync('ch', 'recv');
        yield op.sync('ack', 'send', 1, i);
      }
      yield { op: 'unlock_os_thread', at: op.yield().at };
    };
    const main: TaskBody = function* () {
      const l = (yield op.spawn(locked, 1, 'locked')) as TaskId[];
      for (let i = 0; i < 4; i++) {
        yield op.compute(us(100));
        yield op.sync('ch', 'send', 1, i);
        yield op.sync('ack', 'recv');
      }
      yield op.join(l);
    };
    const r = run(main, go(2, 1), objects, true);
    expect(r.stopped).toBe('finished');
    expect(r.metrics.lockedm_switches as number).toBeGreaterThanOrEqual(3);
    expect(r.metrics.handoffs).toBeGreaterThanOrEqual(3);
    expect(noteTexts(r).some((n) => /is locked to M\d \(LockOSThread\): M\d hands P0 to M\d and parks/.test(n))).toBe(true);
  });

  it('Gosched puts the G on the global queue', () => {
    const yielder: TaskBody = function* () { for (let i = 0; i < 5; i++) { yield op.compute(us(10)); yield op.yield(); } };
    const r = run(spawnAndJoin(yielder, 2), go(1, 1), [], true);
    expect(r.stopped).toBe('finished');
    // 10 Gosched calls; findRunnable takes the global queue in batches of min(len, len/GOMAXPROCS+1)
    expect(r.metrics.global_queue_takes as number).toBeGreaterThanOrEqual(5);
    expect(r.makespan_ns / 1e3).toBeGreaterThan(100);
  });

  it('100,000 goroutines run to the end', () => {
    const tiny: TaskBody = function* () { yield op.compute(us(1)); };
    // One thief runs a G in ~1.4 µs, main creates one in ~0.55 µs: main's 256-slot queue overflows.
    const r = run(spawnAndJoin(tiny, 100_000), go(4, 2));
    expect(r.stopped).toBe('finished');
    expect(r.tasks.length).toBe(100_001);
    expect(r.metrics.runq_overflows as number).toBeGreaterThan(0);
    expect(r.metrics.max_running).toBeLessThanOrEqual(2);
  });
});

function noteTexts(r: RunResult): string[] {
  const t = r.trace as { log: { length: number; kind: ArrayLike<number>; objectAt(i: number): string | null } };
  const out: string[] = [];
  for (let i = 0; i < t.log.length; i++) if (t.log.kind[i] === 8) out.push(t.log.objectAt(i) ?? '');
  return out;
}
