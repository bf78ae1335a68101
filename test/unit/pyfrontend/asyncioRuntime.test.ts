/**
 * The `asyncio` runtime (issue 23): `.py` files that use asyncio run on it, the loop on the
 * main thread after base_events.py `_run_once`, executor threads under the GIL. What a
 * program prints is what real python3 (3.11) prints for the same file, checked here: executor
 * jobs and to_thread, the loop's own calls (call_soon, call_later ties, call_at, create_future),
 * TaskGroup and Condition. The GIL is seen where a person notices it: a heartbeat coroutine
 * stalls while a CPU-bound function runs in an executor (the loop thread waits the switch
 * interval for the GIL), and keeps its pace while a sleeping one does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type RunTrace } from '../../../src/core/index';
import { buildTimeline, MomentCursor } from '../../../src/service/panel/adapter';
import { compilePython } from '../../../src/frontends/python/index';
import { readFileSync } from 'node:fs';
import { cli, pyFile, runPy } from './helpers';
import { ROOT } from '../cli/helpers';

const fixture = (name: string) => join(ROOT, 'test/fixtures/asyncio', name);

/** What python3 prints for the file (stdout lines). */
function cpython(path: string): string[] {
  return execFileSync('python3', [path], { encoding: 'utf8', timeout: 20_000, stdio: 'pipe' }).trimEnd().split('\n');
}

/** `interleave run --json`: the printed lines (the runtime's notes left out), the runtime kind and the findings. */
function run(path: string) {
  const r = runPy(path);
  const doc = JSON.parse(r.out) as { log: { task: string; text: string }[]; config?: { runtime?: { kind?: string } }; findings: { message: string; line: number }[] };
  return { ...r, doc, log: doc.log.filter((l) => l.task !== 'note').map((l) => l.text) };
}

describe('the asyncio runtime', () => {
  it('a file that imports asyncio runs on `asyncio` (the output and JSON name it), and the header may say so', () => {
    const r = run(fixture('loop-calls.py'));
    expect(r.out).toMatch(/"kind": "asyncio"/);
    const text = '# @interleave runtime=asyncio\nimport asyncio\nasync def main():\n    print("hi")\nasyncio.run(main())\n';
    expect(compilePython(text, 'h.py').program!.config.runtime?.kind).toBe('asyncio');
    const wrong = compilePython('# @interleave runtime=eventloop\nimport asyncio\n', 'w.py');
    expect(wrong.errors[0].message).toMatch(/`runtime` "eventloop" does not run Python/);
    expect(wrong.errors[0].hint).toMatch(/runtime=asyncio/);
  });

  it("the loop's own calls print what python3 prints: call_soon before timers, call_later ties in scheduling order, a cancelled handle skipped, call_at by deadline, create_future, run_in_executor", () => {
    const path = fixture('loop-calls.py');
    const r = run(path);
    expect(r.code).toBe(0);
    expect(r.log).toEqual(cpython(path));
    expect(r.log.slice(0, 5)).toEqual(['soon 1', 'soon 2', 'timer a', 'timer b', 'timer c']);
    // check's untimed model (the loop's clock is the thread's logical clock) orders them the same.
    const untimed = simulate(compilePython(readFileSync(path, 'utf8'), path).program!, { mode: 'untimed' });
    expect(untimed.log.filter((l) => l.task !== 'note').map((l) => l.text)).toEqual(r.log);
  });

  it('run_in_executor and to_thread hand work to threads and print what python3 prints', () => {
    const path = fixture('executor-order.py');
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.doc.findings).toEqual([]);
  });

  it('the GIL: a CPU-bound function in an executor stalls the loop thread for the switch interval (5 ms); a sleeping one overlaps (beats every 1 ms), in the model and in python3', () => {
    const path = fixture('executor-gil.py');
    const parse = (lines: string[]) => Object.fromEntries(lines.map((l) => {
      const m = /^(\w+): ([\d.]+) ms, (\d+) beats, longest gap ([\d.]+) ms$/.exec(l)!;
      return [m[1], { ms: Number(m[2]), beats: Number(m[3]), gap: Number(m[4]) }];
    }));
    const model = parse(run(path).log);
    expect(model.cpu.gap).toBeGreaterThanOrEqual(5);
    expect(model.cpu.beats).toBeLessThan(model.cpu.ms / 4);
    expect(model.io.gap).toBeLessThan(1.5);
    expect(model.io.beats).toBeGreaterThanOrEqual(28);
    const real = parse(cpython(path));
    // CPython 3.11: the loop thread asks for the GIL and gets it after sys.getswitchinterval() (5 ms).
    expect(real.cpu.gap).toBeGreaterThanOrEqual(4);
    expect(real.io.beats).toBeGreaterThan(real.cpu.beats);
  });

  it("an executor job's exception reaches the awaiting coroutine; one nobody awaits is logged at asyncio.run's end", () => {
    const path = pyFile(`import asyncio

def boom(x):
    raise ValueError(f"bad {x}")

async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.to_thread(boom, 1)
    except ValueError as e:
        print("caught", e)
    loop.run_in_executor(None, boom, 2)
    await asyncio.sleep(0.01)
    print("end")

asyncio.run(main())
`);
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.doc.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Future exception was never retrieved: run_in_executor\(boom\) raised ValueError: bad 2/)]);
  });

  it('a future of loop.create_future() whose exception nobody retrieves is logged as CPython logs it; one awaited is not', () => {
    const path = pyFile(`import asyncio
async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_exception(KeyError("lost"))
    g = loop.create_future()
    g.set_exception(ValueError("seen"))
    try:
        await g
    except ValueError as e:
        print("seen", e)
asyncio.run(main())
`);
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.doc.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([expect.stringMatching(/^5: Future exception was never retrieved: a future raised KeyError: 'lost'/)]);
    expect(spawnSync('python3', [path], { encoding: 'utf8' }).stderr).toMatch(/^Future exception was never retrieved\nfuture: <Future finished exception=KeyError\('lost'\)>/);
  });

  it('the race across await is not confused by an executor thread: its writes race with the loop under the engine\'s detector', () => {
    const path = pyFile(`import asyncio

count = 0

def bump():
    global count
    count += 1

async def main():
    global count
    f = asyncio.to_thread(bump)
    t = asyncio.create_task(f)
    await asyncio.sleep(0)
    count += 1
    await t
    print(count)

asyncio.run(main())
`);
    const check = cli('check', path);
    expect(check.out).toMatch(/data-race/);
    expect(check.out).not.toMatch(/Race across await/);
  });

  it('call_soon_threadsafe from an executor thread wakes the loop in select at once (the self-pipe), as in python3', () => {
    const path = pyFile(`import asyncio, time

def worker(loop, fut):
    time.sleep(0.01)
    loop.call_soon_threadsafe(fut.set_result, "from thread")
    time.sleep(0.02)
    return "worker done"

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t0 = loop.time()
    job = loop.run_in_executor(None, worker, loop, fut)
    print(await fut, round((loop.time() - t0) * 100))
    print(await job, round((loop.time() - t0) * 100))

asyncio.run(main())
`);
    // Tens of ms: the future is set at 10 ms, the job ends at 30 ms.
    expect(run(path).log).toEqual(['from thread 1', 'worker done 3']);
    // python3 wakes as late as the machine's load makes it: only the order is compared.
    expect(cpython(path).map((l) => l.replace(/ \d+$/, ''))).toEqual(['from thread', 'worker done']);
  });

  it('TaskGroup (3.11) and Condition print what python3 prints: a group waits for its tasks, the first error cancels the rest and the parent, errors come as an ExceptionGroup; wait releases and re-takes the lock, wait_for, notify, notify_all', () => {
    const path = fixture('taskgroup-condition.py');
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.log).toContain('group: unhandled errors in a TaskGroup (1 sub-exception)');
    expect(r.log).toContain("inner: (ValueError('c failed'),)");
  });

  it('a Condition nobody notifies is a deadlock naming the wait', () => {
    const check = cli('check', pyFile(`import asyncio
async def main():
    cond = asyncio.Condition()
    async with cond:
        await cond.wait()
asyncio.run(main())
`));
    expect(check.out).toMatch(/:5:15: error: deadlock: Deadlock: 1 task waits forever; .*main awaits `cond`\.wait\(\)/);
  });
});

describe('the asyncio runtime in the panel', () => {
  it('to-thread-gil.py: the loop thread is a lane of its own (`event loop`), in select while the download sleeps; the checksum thread holds the GIL while the loop thread waits for it', () => {
    const file = join(ROOT, 'examples/async/to-thread-gil.py');
    const program = compilePython(readFileSync(file, 'utf8'), file).program!;
    const r = simulate(program, { mode: 'timed', trace: true, machine: true });
    const trace = r.trace as RunTrace;
    expect(trace.lanes?.labels).toEqual(['event loop', 'T2']);
    const cursor = new MomentCursor(r);
    const machines = Array.from({ length: trace.log.length }, (_, i) => cursor.moment(i).machine);
    for (const m of machines) expect(m.threads[0].id).toBe('event loop');
    // The download: the loop thread waits in select while the executor thread sleeps; nobody holds the GIL.
    expect(machines.some((m) => m.threads[0].running === null && m.threads[1]?.running === null && m.gil?.holder === null)).toBe(true);
    // The checksum: the executor thread (T2) holds the GIL, and the loop thread (T1) waits for it.
    expect(machines.some((m) => m.gil?.holder === 'T2' && m.gil.waiting.includes('T1'))).toBe(true);
    // The timeline: an `event loop` lane beside the task lanes, running in short stretches (an
    // iteration's callbacks), idle while it waits in select (10 ms between beats) or for the GIL.
    const timeline = buildTimeline(r, { file });
    const lane = timeline.lanes.findIndex((l) => l.label === 'event loop');
    expect(timeline.lanes[lane].kind).toBe('m');
    expect(timeline.lanes.filter((l) => l.kind === 'm').map((l) => l.label)).toEqual(['event loop']);
    const runs: [number, number][] = [];
    for (let i = 0; i < timeline.intervals.lane.length; i++) if (timeline.intervals.lane[i] === lane) runs.push([timeline.intervals.start[i], timeline.intervals.end[i]]);
    expect(runs.length).toBeGreaterThan(10);
    const gaps = runs.slice(1).map(([s], i) => s - runs[i][1]);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(5_000_000);
    // The loop thread's "Why?": the steps of _run_once it waits in.
    const notes = trace.log.objects.filter((o) => o.startsWith('T1 (the event loop)'));
    expect(notes.some((n) => /select\(\) on the self-pipe .*base_events\.py _run_once/.test(n))).toBe(true);
    expect(notes.some((n) => /ends an iteration \(base_events\.py _run_once: select\(0\)/.test(n))).toBe(true);
  });
});
