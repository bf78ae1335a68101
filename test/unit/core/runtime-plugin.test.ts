/**
 * The Runtime plug-in interface, exercised by a toy N:1 runtime (green threads: every
 * task on one kernel thread, a FIFO run queue, a time slice enforced with preemptTask).
 * It shows the path a Go or Python runtime takes: detach on block, `next` to pick,
 * `onReady` to queue and wake a parked kernel thread, timers, preemption.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import type { RuntimeKind, TaskId } from '../../../src/core/program';
import type { TaskKind } from '../../../src/core/run';
import { posixMisuse } from '../../../src/core/runtimes/misuse';
import { registerRuntime } from '../../../src/core/runtimes/registry';
import type { KThreadId, Runtime, RuntimeHost } from '../../../src/core/runtimes/runtime';
import { ms, op, program, spawnAndJoin, testSync } from './helpers';

class GreenThreads implements Runtime {
  readonly kind = 'green';
  readonly taskKind: TaskKind = 'goroutine';
  readonly spawnCostNs = 300;
  readonly notes: string[] = [];
  private host!: RuntimeHost;
  private m = -1;
  private readonly runQueue: TaskId[] = [];
  private sliceOwner = -1;
  constructor(private readonly sliceNs: number) {}
  start(host: RuntimeHost): void {
    this.host = host;
    this.m = host.createThread('M0', 0, 0);
  }
  onSpawn(task: TaskId): void {
    this.onReady(task);
  }
  next(kt: KThreadId): boolean {
    const g = this.runQueue.shift();
    if (g === undefined) return false;
    this.host.bind(kt, g);
    this.sliceOwner = g;
    this.host.setTimer(this.host.now() + this.sliceNs, g);
    return true;
  }
  mayRun(): boolean {
    return true;
  }
  onBlock(): 'detach' {
    return 'detach';
  }
  onReady(task: TaskId): void {
    this.runQueue.push(task);
    if (this.host.threadState(this.m) === 'blocked') this.host.wakeThread(this.m);
  }
  onYield(task: TaskId): 'detach' {
    this.host.count('green_preemptions');
    this.runQueue.push(task);
    return 'detach';
  }
  onExit(): void {}
  onTimer(task: number): void {
    // the slice of `task` ended: preempt it if it still runs and others wait
    if (task === this.sliceOwner && this.host.taskState(task) === 'running' && this.runQueue.length > 0) this.host.preemptTask(task);
  }
}

describe('Runtime plug-in interface', () => {
  afterAll(registerRuntime({
    kind: 'green', summary: 'N:1 green threads', taskKind: 'goroutine', settings: [], misuse: posixMisuse,
    create: (c) => new GreenThreads(c.os.quantumNs),
  }));
  it('an N:1 runtime gets no parallelism on 2 cores, and interleaves in its slices', () => {
    const worker = function* () { yield op.compute(ms(100)); };
    const cfg = { machine: { cores: 2 }, runtime: { kind: 'green' as RuntimeKind }, os: { quantumNs: ms(10) } };
    const r = simulate(program(spawnAndJoin(worker, 2), { config: cfg }), { mode: 'timed' }, testSync);
    expect(r.stopped).toBe('finished');
    expect(r.makespan_ns).toBeGreaterThan(ms(200));
    expect(r.makespan_ns).toBeLessThan(ms(201));
    expect(r.metrics.max_running).toBe(1);
    expect(r.metrics.threads_created).toBe(1);
    expect(r.metrics.green_preemptions as number).toBeGreaterThanOrEqual(18);
    expect(r.tasks.map((t) => t.id)).toEqual(['G1', 'G2', 'G3']);
    // both finish near the end: they were interleaved, not run back to back
    expect(r.tasks[1].end_ns!).toBeGreaterThan(ms(180));
  });
  it('a task blocked in io does not hold the kernel thread (detach), so the other runs', () => {
    const io = function* () { yield op.io(ms(50)); };
    const cpu = function* () { yield op.compute(ms(50)); };
    const main = function* () {
      const a = (yield op.spawn(io, 1, 'io')) as TaskId[];
      const b = (yield op.spawn(cpu, 1, 'cpu')) as TaskId[];
      yield op.join([...a, ...b]);
    };
    const cfg = { machine: { cores: 2 }, runtime: { kind: 'green' as RuntimeKind }, os: { quantumNs: ms(10) } };
    const r = simulate(program(main, { config: cfg }), { mode: 'timed' }, testSync);
    expect(r.makespan_ns).toBeLessThan(ms(52));
  });
});
