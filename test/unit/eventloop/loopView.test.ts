/**
 * The event loop as the panel and the results show it. The machine view reads the eventloop
 * runtime's `view()`: its one thread (`loop`), the task queue (ready macrotasks, oldest
 * first) and the macrotasks parked on I/O; a replay paused at each moment must agree (the
 * recordedMoments test covers every example). The loop's own variables, `(event loop
 * timers)` and `(io)`, order its steps but are no value of the program: run, explore and the
 * moment's variables leave them out.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, stateAt, type RunTrace } from '../../../src/core/index';
import { explore } from '../../../src/core/explore/index';
import type { Program } from '../../../src/core/program';
import { compileSource } from '../../../src/frontends/index';
import { MomentCursor } from '../../../src/service/panel/adapter';

function example(name: string): Program {
  const file = `examples/async/${name}`;
  const c = compileSource(readFileSync(file, 'utf8'), file);
  expect(c.errors).toEqual([]);
  return c.program!;
}

describe('the event loop in the machine view', () => {
  it('shows the loop thread, the macrotasks queued behind the running one, and the ones waiting for I/O', () => {
    // Two searches: main starts two io() tasks (C2, C3), which wait in the poller, then complete and queue.
    const r = simulate(example('stale-response.sim.ts'), { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const machines = Array.from({ length: (r.trace as RunTrace).log.length }, (_, i) => cursor.moment(i).machine);
    for (const m of machines) expect(m.threads.map((t) => t.id)).toEqual(['loop']);
    // Both requests in flight while the loop has nothing to run: the poller holds them.
    const idle = machines.find((m) => m.threads[0].running === null && m.netpoller.length === 2);
    expect(idle?.netpoller).toEqual(['C2', 'C3']);
    // A request made ready while another macrotask runs waits in the queue behind it, in order.
    const queued = machines.find((m) => m.threads[0].running === 'C2' && m.globalQueue.length > 0);
    expect(queued?.globalQueue).toEqual(['C3']);
    expect(machines.some((m) => m.threads[0].running === 'C1' && m.globalQueue.join() === 'C2,C3')).toBe(true);
    // Main waits for its io() tasks: a blocked group, not the loop's queue.
    expect(machines.some((m) => m.blocked.some((b) => b.tasks.includes('C1')))).toBe(true);
    // The loop's thread is a lane of its own.
    expect((r.trace as RunTrace).lanes?.labels).toEqual(['loop']);
  });
});

describe("the loop's Why?", () => {
  it('names the sources it mirrors: the HTML task queue, ECMAScript jobs, libuv phases', () => {
    const r = simulate(example('stale-response.sim.ts'), { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const whys = Array.from({ length: (r.trace as RunTrace).log.length }, (_, i) => cursor.moment(i).why ?? "");
    expect(whys.some((w) => /queued as a macrotask .*\(HTML 8\.1\.7\.3: a task queue is FIFO\)/.test(w))).toBe(true);
    expect(whys.some((w) => /the oldest ready macrotask, and runs it to completion with its microtask checkpoint \(HTML 8\.1\.7\.3 .*ECMAScript HostEnqueuePromiseJob/.test(w))).toBe(true);
    expect(whys.some((w) => /its I\/O completed \(libuv poll phase\)/.test(w))).toBe(true);
  });
});

describe("the loop's own variables are hidden", () => {
  const internal = ['(event loop timers)', '(io)'];

  it('from run, explore and a moment of the panel', () => {
    const program = example('lost-update-await.sim.ts');
    const r = simulate(program, { mode: 'timed', trace: true });
    expect(Object.keys(r.finals)).toEqual(['balance']);
    const x = explore(program, { strategy: 'dpor', maxSchedules: 100 });
    expect([...x.stats.outcomes]).toEqual(['{"balance":80}', '{"balance":90}']);
    const last = stateAt(r, (r.trace as RunTrace).log.length - 1);
    for (const name of internal) expect(Object.keys(last.vars)).not.toContain(name);
    expect(last.vars.balance).toBe(80);
  });

  it('while still ordering the loop: a timer callback and an io() completion touching one value still race', () => {
    const c = compileSource(`import { io, sleep } from "interleave";
let v = 0;
export default async function main() {
  setTimeout(() => { v = 1; }, 1);
  await io("read");
  v = 2;
}
`, 'timer.sim.ts');
    expect(c.errors).toEqual([]);
    const x = explore(c.program!, { strategy: 'dpor', maxSchedules: 100 });
    expect(x.complete).toBe(true);
    expect([...x.stats.outcomes]).toEqual(['{"v":1}', '{"v":2}']);
  });
});
