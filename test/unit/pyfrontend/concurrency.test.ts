/**
 * threading, queue, multiprocessing and concurrent.futures on the core's sync objects:
 * the logs below are what python3 prints for the same programs (Linux, fork start method).
 */
import { describe, expect, it } from 'vitest';
import { cli, pyFile, runPy } from './helpers';

describe('threading and concurrent.futures', () => {
  it('Queue, Event, Barrier, Condition, RLock, a Thread subclass and a ThreadPoolExecutor behave as in CPython', () => {
    const r = runPy(`
import threading, queue, time
from concurrent.futures import ThreadPoolExecutor

q = queue.Queue()
results = []
done = threading.Event()
barrier = threading.Barrier(2)
cond = threading.Condition()
items = []
rl = threading.RLock()

def producer():
    for i in range(3):
        q.put(i)
        time.sleep(0.01)
    q.put(None)

def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        results.append(item * 10)
    done.set()

def waiter(n):
    barrier.wait()
    with cond:
        while not items:
            cond.wait()

def square(x):
    time.sleep(0.1)
    return x * x

class Worker(threading.Thread):
    def __init__(self, k):
        super().__init__()
        self.k = k
    def run(self):
        with rl:
            with rl:
                print(f"worker {self.k} runs")

if __name__ == "__main__":
    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in threads: t.start()
    done.wait()
    for t in threads: t.join()
    print("results", results)
    ws = [threading.Thread(target=waiter, args=(n,)) for n in range(2)]
    for w in ws: w.start()
    time.sleep(0.05)
    with cond:
        items.append("x")
        cond.notify_all()
    for w in ws: w.join()
    with ThreadPoolExecutor(max_workers=4) as ex:
        futs = [ex.submit(square, n) for n in range(8)]
        print("squares", [f.result() for f in futs])
    w = Worker(7); w.start(); w.join()
`);
    expect(r.err).toBe('');
    expect(r.log).toEqual(['results [0, 10, 20]', 'squares [0, 1, 4, 9, 16, 25, 36, 49]', 'worker 7 runs']);
    // 30 ms of producer sleeps, 50 ms before the notify, then 8 sleeps of 100 ms on 4 workers.
    expect(r.makespanMs).toBeGreaterThan(280);
    expect(r.makespanMs).toBeLessThan(300);
  });

  it('when main ends the program waits for threads not joined, but not for daemon threads (threading._shutdown)', () => {
    const body = (daemon: string) => `import threading, time\ndef f():\n    time.sleep(1)\n    print("thread done")\nthreading.Thread(target=f${daemon}).start()\nprint("main done")\n`;
    const waits = runPy(body(''));
    expect(waits.log).toEqual(['main done', 'thread done']);
    expect(waits.makespanMs).toBeGreaterThanOrEqual(1000);
    const cut = runPy(body(', daemon=True'));
    expect(cut.log).toEqual(['main done']);
    expect(cut.makespanMs).toBeLessThan(1);
  });

  it('a built-in walking a long sequence holds the GIL to its end: a thread back from a 1 ms sleep waits for sum() (python3 3.11: ping at 0.10 s, after the sum, on a loaded machine)', () => {
    const r = runPy(`
import threading, time
def crunch():
    print("sum", sum(range(5_000_000)))
def ping():
    time.sleep(0.001)
    print("ping")
a = threading.Thread(target=crunch); b = threading.Thread(target=ping)
a.start(); b.start(); a.join(); b.join()
`);
    expect(r.log).toEqual(['ping', 'sum 12499997500000']);
    const ping = (JSON.parse(r.out) as { log: { ns: number; text: string }[] }).log[0].ns / 1e6;
    // The sum: 5 million items at 10 ns (costs.ts C_ITEM_NS, the walk and the add; CPython 3.11: 11 ns) is 50 ms, the ping after it.
    expect(ping).toBeGreaterThan(50);
  });

  it('a deadlock between two locks taken in opposite orders is found', () => {
    const r = runPy(`
import threading, time
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        time.sleep(0.01)
        with b:
            pass
def two():
    with b:
        time.sleep(0.01)
        with a:
            pass
t1 = threading.Thread(target=one); t2 = threading.Thread(target=two)
t1.start(); t2.start(); t1.join(); t2.join()
`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/"kind": "deadlock"/);
  });
});

describe('multiprocessing', () => {
  it('Value is memory both processes map: check reports the race of an unlocked `v.value += 1` across processes, none under `with v.get_lock():`', () => {
    const src = `
import multiprocessing

def add(v, n):
    for _ in range(n):
        v.value += 1

if __name__ == "__main__":
    v = multiprocessing.Value("i", 0)
    ps = [multiprocessing.Process(target=add, args=(v, 3)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print(v.value)
    raw = multiprocessing.Value("d", 0.0, lock=False)
    try:
        raw.get_lock()
    except AttributeError as e:
        print(e)
`;
    // python3 3.11 prints these two lines.
    expect(runPy(src).log.filter((l) => !l.startsWith('Each process'))).toEqual(['6', "'c_double' object has no attribute 'get_lock'"]);
    const racy = cli('check', pyFile(src), '--time', '5');
    expect(racy.out).toMatch(/:6:9: warning: data-race: Data race on `v\.value`: write by P\d and (read|write) by P\d/);
    const locked = cli('check', pyFile(src.replace('        v.value += 1', '        with v.get_lock():\n            v.value += 1')), '--time', '5');
    expect(locked.out).not.toMatch(/data-race|error/);
  }, 30_000);

  it('children get a copy of memory (the parent sees none of their writes), Queue carries results, Value with get_lock() adds up, Pool.map and ProcessPoolExecutor.map return results', () => {
    const r = runPy(`
# @interleave cores=4
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

counter = 0
print("module loaded")

def work(q, n):
    global counter
    counter += n
    q.put(counter)

def add(v, n):
    for _ in range(n):
        with v.get_lock():
            v.value += 1

def square(x):
    return x * x

if __name__ == "__main__":
    q = multiprocessing.Queue()
    ps = [multiprocessing.Process(target=work, args=(q, n)) for n in (1, 2)]
    for p in ps: p.start()
    got = sorted([q.get(), q.get()])
    for p in ps: p.join()
    print("children saw", got, "parent counter", counter)
    v = multiprocessing.Value("i", 0)
    ps = [multiprocessing.Process(target=add, args=(v, 2000)) for _ in range(2)]
    for p in ps: p.start()
    for p in ps: p.join()
    print("locked value", v.value)
    with multiprocessing.Pool(2) as pool:
        print("pool", pool.map(square, range(6)))
    with ProcessPoolExecutor(max_workers=2) as ex:
        print("ppe", list(ex.map(square, [3, 4])))
`);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).config.runtime.kind).toBe('processes');
    expect(r.log.filter((l) => !l.startsWith('Each process'))).toEqual([
      'module loaded', 'children saw [1, 2] parent counter 0', 'locked value 4000', 'pool [0, 1, 4, 9, 16, 25]', 'ppe [9, 16]',
    ]);
  });

  it('under the spawn start method a child re-imports the module, and an unguarded start is the bootstrapping error', () => {
    const r = runPy(`
# @interleave start_method=spawn
import multiprocessing
print("module loaded")
def f():
    pass
p = multiprocessing.Process(target=f)
p.start()
p.join()
`);
    expect(r.log.filter((l) => l === 'module loaded')).toHaveLength(2);
    expect(r.log.join('\\n')).toMatch(/bootstrapping phase/);
  });

  it('a lambda cannot be sent to a process, as pickle refuses it', () => {
    const r = runPy(`
from concurrent.futures import ProcessPoolExecutor
if __name__ == "__main__":
    with ProcessPoolExecutor(2) as ex:
        print(ex.submit(lambda: 1).result())
`);
    expect(r.log.join('\\n')).toMatch(/Can't pickle local object '<lambda>'/);
  });
});
