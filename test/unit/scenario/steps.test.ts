import { describe, expect, it } from 'vitest';
import { drive, program, spawnedBody, where } from './helpers';

describe('scenario steps compile to ops with exact ranges', () => {
  it('plain timed steps: compute, io, syscall, sleep, yield, os-thread wiring, print', () => {
    const p = program(`name: plain
tasks:
  main:
    - compute: 200ms
    - compute: { time: 1.5us, kind: memory }
    - io: 20ms
    - syscall: 5ms
    - sleep: 1s
    - yield
    - lock_os_thread
    - unlock_os_thread
    - print: hello world
`);
    const ops = drive(p.main);
    expect(ops.map((o) => o.op)).toEqual(['compute', 'compute', 'io', 'syscall', 'sleep', 'yield', 'lock_os_thread', 'unlock_os_thread', 'print']);
    expect(ops[0]).toMatchObject({ ns: 200_000_000, work: 'cpu' });
    expect(ops[1]).toMatchObject({ ns: 1500, work: 'memory' });
    expect(ops[2]).toMatchObject({ ns: 20_000_000 });
    expect(ops[3]).toMatchObject({ ns: 5_000_000 });
    expect(ops[4]).toMatchObject({ ns: 1_000_000_000 });
    expect(ops[8]).toMatchObject({ text: 'hello world' });
    expect(ops.map(where)).toEqual([
      '4:7-4:21', '5:7-5:45', '6:7-6:15', '7:7-7:19', '8:7-8:16', '9:7-9:12', '10:7-10:21', '11:7-11:23', '12:7-12:25',
    ]);
    expect(ops[0].at.file).toBe('test.scenario.yaml');
  });

  it('go with count/name/priority; join waits for exactly the instances this task started', () => {
    const p = program(`name: spawn
tasks:
  main:
    - go: worker
      count: 3
      name: w
      priority: 5
    - spawn: other
    - join: worker
    - join: worker
  worker:
    - yield
  other:
    - yield
`);
    const ops = drive(p.main, { spawn: (op) => (op.count === 3 ? [7, 8, 9] : [10]) });
    expect(ops.map((o) => o.op)).toEqual(['spawn', 'spawn', 'join', 'join']);
    expect(ops[0]).toMatchObject({ name: 'w', count: 3, priority: 5 });
    expect(where(ops[0])).toBe('4:7-7:18');
    expect(ops[1]).toMatchObject({ name: 'other', count: 1 });
    expect(ops[2]).toMatchObject({ op: 'join', tasks: [7, 8, 9] });
    // Already joined: the second join waits for nothing new.
    expect(ops[3]).toMatchObject({ op: 'join', tasks: [] });
    expect(drive(spawnedBody(ops, 'w')).map((o) => o.op)).toEqual(['yield']);
  });

  it('each call of a body starts fresh (re-runnable for replay)', () => {
    const p = program(`name: fresh
tasks:
  main:
    - go: w
    - join: w
  w: [yield]
`);
    let id = 0;
    const spawn = () => [++id];
    expect(drive(p.main, { spawn })[1]).toMatchObject({ tasks: [1] });
    expect(drive(p.main, { spawn })[1]).toMatchObject({ tasks: [2] });
  });

  it('repeat loops its do body; incr is a read then a write of value+1 at the same range', () => {
    const p = program(`name: loop
vars: { counter: 0 }
tasks:
  main:
    - repeat: 3
      do:
        - counter.incr
`);
    const ops = drive(p.main, { read: 41 });
    expect(ops.map((o) => o.op)).toEqual(['read', 'write', 'read', 'write', 'read', 'write']);
    expect(ops[1]).toMatchObject({ op: 'write', v: 'counter', value: 42 });
    expect(where(ops[0])).toBe('7:11-7:23');
    expect(where(ops[1])).toBe('7:11-7:23');
  });

  it('variables: read, write, atomics, cache lines', () => {
    const p = program(`name: vars
vars:
  x: 5
  hits: { value: 0, line: stats }
  misses: { value: 0, line: stats }
tasks:
  main:
    - x.read
    - x.write
    - x.write: 9
    - hits.atomic_add: 2
    - hits.atomic_load
    - misses.atomic_store: 7
`);
    expect(p.vars).toMatchObject([
      { id: 'x', name: 'x', initial: 5 },
      { id: 'hits', initial: 0, line: 'stats' },
      { id: 'misses', initial: 0, line: 'stats' },
    ]);
    expect(p.vars[0].at).toMatchObject({ line: 3, column: 3 });
    const ops = drive(p.main);
    expect(ops).toMatchObject([
      { op: 'read', v: 'x' },
      { op: 'write', v: 'x', value: 5 },
      { op: 'write', v: 'x', value: 9 },
      { op: 'atomic', v: 'hits', action: 'add', value: 2 },
      { op: 'atomic', v: 'hits', action: 'load' },
      { op: 'atomic', v: 'misses', action: 'store', value: 7 },
    ]);
    expect(where(ops[3])).toBe('11:7-11:25');
  });

  it('every sync kind is declared with its size and each method becomes a sync op', () => {
    const p = program(`name: sync
sync:
  mu: mutex
  rw: rwmutex
  wg: waitgroup
  pool: { semaphore: 2 }
  strictPool: { semaphore: 1, strict: true }
  ch: { channel: 3 }
  once: once
  cv: { cond: mu }
  gate: { barrier: 3 }
tasks:
  main:
    - mu.lock
    - mu.try_lock
    - mu.unlock
    - rw.rlock
    - rw.runlock
    - rw.lock
    - rw.unlock
    - wg.add: 2
    - wg.done
    - wg.wait
    - pool.acquire
    - pool.try_acquire
    - pool.release
    - ch.send
    - ch.send: 42
    - ch.recv
    - ch.close
    - cv.wait
    - cv.signal
    - cv.broadcast
    - gate.wait
`);
    expect(p.objects).toEqual([
      { id: 'mu', name: 'mu', kind: 'mutex', at: expect.anything() },
      { id: 'rw', name: 'rw', kind: 'rwmutex', at: expect.anything() },
      { id: 'wg', name: 'wg', kind: 'waitgroup', at: expect.anything() },
      { id: 'pool', name: 'pool', kind: 'semaphore', size: 2, at: expect.anything() },
      { id: 'strictPool', name: 'strictPool', kind: 'semaphore', size: 1, strict: true, at: expect.anything() },
      { id: 'ch', name: 'ch', kind: 'channel', size: 3, at: expect.anything() },
      { id: 'once', name: 'once', kind: 'once', at: expect.anything() },
      { id: 'cv', name: 'cv', kind: 'cond', mutex: 'mu', at: expect.anything() },
      { id: 'gate', name: 'gate', kind: 'barrier', size: 3, at: expect.anything() },
    ]);
    const ops = drive(p.main);
    expect(ops.map((o) => (o.op === 'sync' ? `${o.obj}.${o.action}${o.value !== undefined ? `=${String(o.value)}` : ''}` : o.op))).toEqual([
      'mu.lock', 'mu.try_lock', 'mu.unlock', 'rw.rlock', 'rw.runlock', 'rw.lock', 'rw.unlock', 'wg.add=2', 'wg.done', 'wg.wait',
      'pool.acquire', 'pool.try_acquire', 'pool.release', 'ch.send', 'ch.send=42', 'ch.recv', 'ch.close', 'cv.wait', 'cv.signal',
      'cv.broadcast', 'gate.wait',
    ]);
    expect(ops.every((o, i) => o.at.line === 14 + i && o.at.column === 7)).toBe(true);
  });

  it('once.do: the first caller runs the body between once_enter and once_exit; others skip it', () => {
    const text = `name: once
sync: { init: once }
vars: { ready: 0 }
tasks:
  main:
    - init.do:
        - ready.write: 1
    - yield
`;
    const p = program(text);
    const first = drive(p.main, { onceFirst: true });
    expect(first).toMatchObject([
      { op: 'sync', obj: 'init', action: 'once_enter' },
      { op: 'write', v: 'ready', value: 1 },
      { op: 'sync', obj: 'init', action: 'once_exit' },
      { op: 'yield' },
    ]);
    expect(where(first[0])).toBe('6:7-6:14');
    expect(where(first[1])).toBe('7:11-7:25');
    expect(drive(p.main, { onceFirst: false }).map((o) => o.op)).toEqual(['sync', 'yield']);
  });

  it('critical sections enter and exit around their body', () => {
    const p = program(`name: crit
tasks:
  main:
    - critical: cs
      do:
        - compute: 1ms
`);
    const ops = drive(p.main);
    expect(ops).toMatchObject([{ op: 'enter', section: 'cs' }, { op: 'compute' }, { op: 'exit', section: 'cs' }]);
    expect(where(ops[0])).toBe('4:7-4:19');
  });

  it('select: recv/send/default cases, and the chosen index runs the matching body', () => {
    const text = `name: select
sync: { a: { channel: 0 }, b: { channel: 1 } }
tasks:
  main:
    - select:
        - recv: a
          do:
            - print: got a
        - send: b
          value: 7
          do:
            - print: sent b
        - default:
            - print: nothing ready
`;
    const p = program(text);
    const pick = (select: number) => drive(p.main, { select });
    const [sel] = pick(0);
    expect(sel).toMatchObject({
      op: 'select', hasDefault: true,
      cases: [{ kind: 'recv', obj: 'a' }, { kind: 'send', obj: 'b', value: 7 }],
    });
    expect(where(sel)).toBe('5:7-5:13');
    expect(pick(0)[1]).toMatchObject({ op: 'print', text: 'got a' });
    expect(pick(1)[1]).toMatchObject({ op: 'print', text: 'sent b' });
    expect(pick(-1)[1]).toMatchObject({ op: 'print', text: 'nothing ready' });
  });

  it('settings, expectations, sweep and the program header', () => {
    const p = program(`name: All settings
description: |
  Some *markdown*.
seed: 7
machine: { cores: 2, smt: 2, cache_line: 128 }
os: { policy: round-robin, quantum: 2ms, context_switch: 2us, thread_create: 30us, aging: 10ms, boost: 50ms }
runtime: { kind: go, gomaxprocs: 3 }
vars: { counter: 0 }
sync: { pool: { semaphore: 2 } }
tasks:
  main:
    - critical: cs
      do: [yield]
expect:
  - no: data-race
  - no: deadlock
  - no: leak
  - max_inside: { section: pool, value: 2 }
  - max_inside: { section: cs, value: 1 }
  - final: { counter: 0 }
  - finishes_within: 1s
sweep:
  machine.cores: [1, 2]
  os.quantum: [1ms, 4ms]
`);
    expect(p.name).toBe('All settings');
    expect(p.description).toBe('Some *markdown*.\n');
    expect(p.seed).toBe(7);
    expect(p.config).toEqual({
      machine: { cores: 2, smt: 2, cacheLineBytes: 128 },
      os: { policy: 'round-robin', quantumNs: 2_000_000, contextSwitchNs: 2000, threadCreateNs: 30_000, agingNs: 10_000_000, boostNs: 50_000_000 },
      runtime: { kind: 'go', gomaxprocs: 3 },
    });
    expect(p.expects.map((e) => e.kind)).toEqual(['no', 'no', 'no', 'max_inside', 'max_inside', 'final', 'finishes_within']);
    expect(p.expects[6]).toMatchObject({ ns: 1_000_000_000, at: { line: 21, column: 5 } });
    expect(p.expects[5]).toMatchObject({ values: { counter: 0 } });
    expect(p.sweep).toMatchObject([
      { path: 'machine.cores', values: [1, 2], at: { line: 23, column: 3 } },
      { path: 'os.quantum', values: ['1ms', '4ms'], at: { line: 24, column: 3 } },
    ]);
    expect(p.at).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 19 });
    expect(p.mainAt).toMatchObject({ line: 11, column: 3 });
  });
});
