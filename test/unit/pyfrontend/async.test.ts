/**
 * asyncio in `.py` files (issue 23): `async def`, `await` and the loop of CPython 3.11 on the
 * `asyncio` runtime (asyncioRuntime.test.ts: executors, the loop's calls, TaskGroup, Condition). What a program prints (tasks, sleeps, gather results, cancellation,
 * timeouts, queues, locks, events, semaphores, done callbacks) is what real python3 prints
 * for the same file, checked in the same test. The bug class is found where a person looks:
 * the race across await on the stale read, tasks that can never resume (a deadlock with
 * every wait), a task's exception nobody retrieved, a coroutine never awaited. What the
 * subset leaves out is an error at its line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { compilePython } from '../../../src/frontends/python/index';
import { cli, pyFile, runPy } from './helpers';
import { ROOT } from '../cli/helpers';

/** What python3 prints for the file (stdout lines). */
function cpython(path: string): string[] {
  return execFileSync('python3', [path], { encoding: 'utf8', timeout: 20_000, stdio: 'pipe' }).trimEnd().split('\n');
}

const example = (name: string) => join(ROOT, 'examples/async', name);

/** `interleave run`, with what the program printed (the runtime's own notes left out). */
function run(textOrPath: string) {
  const r = runPy(textOrPath);
  const doc = JSON.parse(r.out) as { log: { task: string; text: string }[] };
  return { ...r, log: doc.log.filter((l) => l.task !== 'note').map((l) => l.text) };
}

const ORDER = `import asyncio

async def ticker(name, n, delay):
    for i in range(n):
        print(f"{name} tick {i}")
        await asyncio.sleep(delay)
    return f"{name} done"

async def zero(name):
    print(f"{name} 1")
    await asyncio.sleep(0)
    print(f"{name} 2")
    await asyncio.sleep(0)
    print(f"{name} 3")
    return name

async def failing():
    await asyncio.sleep(0.001)
    raise ValueError("boom")

async def slow():
    try:
        await asyncio.sleep(10)
        print("slow finished?")
    except asyncio.CancelledError:
        print("slow cancelled")
        raise
    finally:
        print("slow cleanup")

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print(f"put {i}")
    await q.put(None)

async def consumer(q, name):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            break
        print(f"{name} got {item}")
        total += item
        q.task_done()
        await asyncio.sleep(0)
    return total

async def guarded(lock, name, shared):
    async with lock:
        v = shared["n"]
        print(f"{name} in lock sees {v}")
        await asyncio.sleep(0.001)
        shared["n"] = v + 1

async def waiter(ev, name):
    print(f"{name} waits")
    await ev.wait()
    print(f"{name} woke")

async def limited(sem, name):
    async with sem:
        print(f"{name} enters")
        await asyncio.sleep(0.002)
        print(f"{name} leaves")

async def main():
    t1 = asyncio.create_task(ticker("A", 3, 0.01))
    t2 = asyncio.create_task(ticker("B", 2, 0.015))
    print("tasks made")
    r = await asyncio.gather(zero("x"), zero("y"), t1, t2)
    print("gather", r)
    try:
        await asyncio.gather(failing(), zero("z"))
    except ValueError as e:
        print("gather raised", e)
    r = await asyncio.gather(failing(), zero("w"), return_exceptions=True)
    print("return_exceptions", [type(v).__name__ for v in r])
    s = asyncio.create_task(slow())
    await asyncio.sleep(0.001)
    s.cancel()
    try:
        await s
    except asyncio.CancelledError:
        print("main saw cancel", s.cancelled())
    try:
        await asyncio.wait_for(asyncio.sleep(1, "late"), timeout=0.01)
    except asyncio.TimeoutError:
        print("timed out")
    v = await asyncio.wait_for(asyncio.sleep(0.001, "early"), timeout=1)
    print("wait_for", v)
    q = asyncio.Queue(maxsize=2)
    c = asyncio.create_task(consumer(q, "c"))
    await producer(q, 4)
    print("consumer total", await c)
    await q.join()
    lock = asyncio.Lock()
    shared = {"n": 0}
    await asyncio.gather(*[guarded(lock, f"g{i}", shared) for i in range(3)])
    print("shared", shared["n"], lock.locked())
    ev = asyncio.Event()
    ws = [asyncio.create_task(waiter(ev, f"w{i}")) for i in range(2)]
    await asyncio.sleep(0)
    print("setting")
    ev.set()
    await asyncio.gather(*ws)
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*[limited(sem, f"s{i}") for i in range(4)])
    t = asyncio.create_task(zero("cb"))
    t.add_done_callback(lambda f: print("callback", f.result()))
    await t
    await asyncio.sleep(0)
    print("end")
    return 42

print("result", asyncio.run(main()))
`;

const EDGES = `import asyncio

class Resource:
    def __init__(self, name):
        self.name = name
        self.uses = 0
    async def __aenter__(self):
        print("enter", self.name)
        await asyncio.sleep(0)
        return self
    async def __aexit__(self, et, e, tb):
        print("exit", self.name, et.__name__ if et else None)
        return False
    async def use(self):
        self.uses += 1
        await asyncio.sleep(0.001)
        return self.uses

async def raiser():
    await asyncio.sleep(0.002)
    raise RuntimeError("inner")

async def nested(n):
    if n == 0:
        return 0
    return 1 + await nested(n - 1)

async def main():
    async with Resource("r") as r:
        print("uses", await r.use(), await r.use())
    try:
        async with Resource("bad"):
            raise KeyError("x")
    except KeyError as e:
        print("caught", repr(e))
    lock = asyncio.Lock()
    try:
        async with lock:
            raise ValueError("in lock")
    except ValueError:
        print("lock released?", not lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("release:", e)
    try:
        await 5
    except TypeError as e:
        print("await 5:", e)
    print("depth", await nested(50))
    r = await asyncio.gather(asyncio.gather(nested(2), nested(3)), nested(1))
    print("nested gather", r)
    try:
        await asyncio.wait_for(raiser(), timeout=1)
    except RuntimeError as e:
        print("wait_for raised", e)
    ev = asyncio.Event()
    try:
        await asyncio.wait_for(ev.wait(), 0.005)
    except asyncio.TimeoutError:
        print("event timeout")
    q = asyncio.Queue()
    try:
        await asyncio.wait_for(q.get(), 0.005)
    except asyncio.TimeoutError:
        print("queue timeout", q.qsize())
    q.put_nowait(1)
    print("get", await q.get())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty")
    await asyncio.sleep(-1)
    t = asyncio.create_task(nested(3), name="named")
    print(t.get_name(), await t, t.done(), t.result())
    sem = asyncio.BoundedSemaphore(1)
    async with sem:
        pass
    try:
        sem.release()
    except ValueError as e:
        print("bounded:", e)
    tasks = [asyncio.create_task(asyncio.sleep(0.01 * (5 - i), i)) for i in range(5)]
    for t in tasks:
        print("slept", await t)
    print("current", asyncio.current_task().get_name())

asyncio.run(main())
try:
    asyncio.run(5)
except ValueError as e:
    print("run:", e)
`;

describe('asyncio against python3 3.11', () => {
  it('prints what CPython prints: tasks, sleeps, gather, cancellation, wait_for, Queue, Lock, Event, Semaphore, callbacks', () => {
    const path = pyFile(ORDER, 'order.py');
    const r = run(path);
    expect(r.code).toBe(0);
    expect(r.log.length).toBeGreaterThan(50);
    const real = cpython(path);
    expect(r.log).toEqual(real);
    expect(r.out).toMatch(/"kind": "asyncio"/);
    // check's model (untimed: the loop's clock is the task's logical clock) orders them the same.
    const untimed = simulate(compilePython(ORDER, 'order.py').program!, { mode: 'untimed' });
    expect(untimed.log.filter((l) => l.task !== 'note').map((l) => l.text)).toEqual(real);
  });

  it('prints what CPython prints at the edges: async context managers, exceptions through async with, await of a non-awaitable, deep awaits, nested gather, wait_for timeouts on Event and Queue, Task names, bad arguments', () => {
    const path = pyFile(EDGES, 'edges.py');
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.log).toContain('current Task-1');
  });

  it('blocking-call.py: time.sleep in a coroutine stalls the heartbeat and serialises the fetches (150 ms); awaiting asyncio.sleep overlaps them (~50 ms); the blocking one prints what python3 prints', () => {
    const path = example('blocking-call.py');
    const blocked = run(path);
    expect(blocked.log).toEqual(cpython(path));
    expect(blocked.log.filter((l) => l.startsWith('beat'))).toEqual(['beat 1']);
    expect(blocked.makespanMs).toBeGreaterThanOrEqual(150);
    const text = readFileSync(path, 'utf8');
    const fixedText = text.replace('time.sleep(0.05)  # blocks the loop: use `await asyncio.sleep(0.05)`', 'await asyncio.sleep(0.05)');
    expect(fixedText).not.toBe(text);
    const fixedPath = pyFile(fixedText, 'blocking-fixed.py');
    const fixed = run(fixedPath);
    // Not compared with python3: its heartbeat's wake-ups drift with the machine's load (10 ms of margin here).
    expect(fixed.log).toEqual(['beat 1', 'beat 2', 'beat 3', 'fetched 1', 'fetched 2', 'fetched 3']);
    expect(fixed.makespanMs).toBeLessThan(70);
  });

  it('sleeps overlap on the one thread (3 × 0.1 s take 0.1 s), and a blocking time.sleep in a coroutine stalls every task', () => {
    const program = (sleep: string) => `import asyncio, time
async def job(i):
    ${sleep}
    print("job", i)
async def main():
    await asyncio.gather(job(1), job(2), job(3))
asyncio.run(main())
`;
    const overlapped = run(program('await asyncio.sleep(0.1)'));
    const blocked = run(program('time.sleep(0.1)'));
    expect(overlapped.makespanMs).toBeGreaterThanOrEqual(100);
    expect(overlapped.makespanMs).toBeLessThan(102);
    expect(blocked.makespanMs).toBeGreaterThanOrEqual(300);
    expect(blocked.log).toEqual(['job 1', 'job 2', 'job 3']);
  });
});

describe('asyncio findings', () => {
  it('the lost update across await: the race on the stale read, in run and check, with the output python3 prints', () => {
    const path = example('lost-update-await.py');
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.log.at(-1)).toBe('final balance 80 (expected 70)');
    const check = cli('check', path);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/lost-update-await\.py:18:12: error: data-race: Race across await: withdraw#2 reads `balance` here, awaits, and writes it back after withdraw wrote it in between/);
    expect(check.out).toMatch(/lost-update-await\.py:20:5: withdraw writes `balance` while withdraw#2 is suspended/);
    expect(check.out).toMatch(/lost-update-await\.py:19:11: withdraw#2 was suspended at this await/);
  });

  it('the asyncio.Lock fix: 70, as python3 prints, and nothing found', () => {
    const path = example('lost-update-async-lock.py');
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.log.at(-1)).toBe('final balance 70 (expected 70)');
    const check = cli('check', path);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/0 findings/);
  });

  it('double-init.py: the cache filled twice is the race across await on the read of `config`, and the output is python3\'s', () => {
    const path = example('double-init.py');
    expect(run(path).log).toEqual(cpython(path));
    const check = cli('check', path);
    expect(check.out).toMatch(/double-init\.py:19:8: error: data-race: Race across await: get_config#2 reads `config` here/);
  });

  it('a callback that writes between a task\'s read and its write-back is named in the race: callback `bonus`', () => {
    const path = pyFile(`import asyncio
balance = 100
def bonus():
    global balance
    balance = balance + 50
async def withdraw():
    global balance
    b = balance
    await asyncio.sleep(0.01)
    balance = b - 10
async def main():
    asyncio.get_running_loop().call_later(0.005, bonus)
    await withdraw()
    print(balance)
asyncio.run(main())
`);
    expect(run(path).log).toEqual(cpython(path));
    expect(cpython(path)).toEqual(['90']);
    const check = cli('check', path);
    expect(check.out).toMatch(/:8:9: error: data-race: Race across await: main reads `balance` here, awaits, and writes it back after callback `bonus` wrote it in between/);
    expect(check.out).toMatch(/:5:5: callback `bonus` writes `balance` while main is suspended/);
  });

  it('reading again after the await is no race (the read is not stale)', () => {
    const r = run(`import asyncio
balance = 100
async def withdraw(amount):
    global balance
    await asyncio.sleep(0.01)
    balance = balance - amount
async def main():
    await asyncio.gather(withdraw(10), withdraw(20))
    print(balance)
asyncio.run(main())
`);
    expect(r.log).toEqual(['70']);
    expect(r.out).toMatch(/"findings": \[\]/);
  });

  it('tasks that can never resume: a deadlock listing every wait (CPython hangs in select)', () => {
    const path = pyFile(`import asyncio

async def worker(q):
    item = await q.get()
    print("got", item)

async def main():
    q = asyncio.Queue()
    ev = asyncio.Event()
    asyncio.create_task(worker(q))
    await ev.wait()

asyncio.run(main())
`);
    const check = cli('check', path);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/:11:11: error: deadlock: Deadlock: 2 tasks wait forever; .*main awaits `ev`\.wait\(\); worker awaits `q`\.get\(\) \(the queue is empty\)/);
    expect(check.out).toMatch(/:4:18: worker awaits `q`\.get\(\)/);
  });

  it("a task's exception nobody retrieved, and a coroutine never awaited (what CPython logs and warns)", () => {
    const path = pyFile(`import asyncio

async def bad():
    await asyncio.sleep(0.001)
    raise ValueError("boom")

async def main():
    asyncio.create_task(bad())
    bad()
    await asyncio.sleep(0.01)
    print("main done")

asyncio.run(main())
`);
    const r = run(path);
    expect(r.log).toEqual(cpython(path));
    expect(r.out).toMatch(/Task exception was never retrieved: task `bad` raised ValueError: boom/);
    expect(r.out).toMatch(/coroutine 'bad' was never awaited/);
    const check = cli('check', path);
    expect(check.out).toMatch(/:5:5: error: assertion: Task exception was never retrieved/);
    expect(check.out).toMatch(/:9:5: error: assertion: coroutine 'bad' was never awaited/);
  });

  it('a task that never ends is cut by the step budget in check, at its await (a possible livelock), never a hang', () => {
    const r = cli('check', pyFile('import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nasync def main():\n    await spin()\nasyncio.run(main())\n'));
    expect(r.out).toMatch(/:4:15: warning: livelock: Possible livelock/);
    expect(r.out).toMatch(/not complete \(step budget reached/);
  });

  it("asyncio's own errors are CPython's, at the line that awaits: a task awaiting itself, a lock released twice", () => {
    const self = cli('run', pyFile('import asyncio\nasync def f():\n    await asyncio.current_task()\nasyncio.run(f())\n'));
    expect(self.out).toMatch(/:3:5: error: .*uncaught RuntimeError: Task cannot await on itself/);
    const twice = pyFile('import asyncio\nasync def f():\n    lock = asyncio.Lock()\n    async with lock:\n        lock.release()\nasyncio.run(f())\n');
    expect(cli('run', twice).out).toMatch(/:4:16: error: .*uncaught RuntimeError: Lock is not acquired\./);
    expect(spawnSync('python3', [twice], { encoding: 'utf8' }).stderr).toMatch(/line 4, in f[\s\S]*RuntimeError: Lock is not acquired\.\n$/);
  });

  it('an exception the main coroutine does not catch ends asyncio.run with its traceback, as in CPython', () => {
    const r = run(`import asyncio
async def main():
    await asyncio.sleep(0)
    raise KeyError("k")
asyncio.run(main())
`);
    expect(r.out).toMatch(/uncaught KeyError: 'k'/);
  });
});

describe('outside the asyncio subset: an error at the construct', () => {
  const compileErrors = (text: string) => cli('check', pyFile(text)).out + cli('check', pyFile(text)).err;
  it.each([
    ['`await` outside an `async def`', 'import asyncio\ndef f():\n    await asyncio.sleep(1)\n', /:3:5: error: `await` outside an `async def` is not in the Python subset/],
    ['`async for`', 'import asyncio\nasync def f(xs):\n    async for x in xs:\n        pass\n', /:3:5: error: `async for` \(asynchronous iterators\) is not in the Python subset/],
    ['an async comprehension', 'import asyncio\nasync def f(xs):\n    return [x async for x in xs]\n', /:3:12: error: an async comprehension is not in the Python subset/],
    ['`await` in a lambda', 'import asyncio\nasync def f():\n    g = lambda: await asyncio.sleep(1)\n', /:3:17: error: `await` outside an `async def`/],
  ])('%s', (_what, text, message) => {
    expect(compileErrors(text)).toMatch(message);
  });

  it('asyncio functions outside the subset raise NotImplementedError naming them, at their line', () => {
    const r = cli('check', pyFile('import asyncio\nasync def main():\n    await asyncio.shield(asyncio.sleep(0))\nasyncio.run(main())\n'));
    expect(r.out).toMatch(/:3:11: error: assertion: .*NotImplementedError: asyncio\.shield is not simulated/);
  });

  it('a thread beside asyncio runs (the asyncio runtime is CPython threads under the GIL with the loop on the main thread)', () => {
    const path = pyFile('import asyncio, threading\nt = threading.Thread(target=print, args=("thread",))\nt.start()\nt.join()\nasync def main():\n    print("loop")\nasyncio.run(main())\n');
    expect(run(path).log).toEqual(['thread', 'loop']);
  });
});
