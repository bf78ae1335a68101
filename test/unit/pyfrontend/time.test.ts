/**
 * The program reads the clock (the core's `now` op) and waits with timeouts: what `run`
 * prints is what python3 3.11 prints for the same file on this machine (the elapsed times
 * rounded as the programs round them), and `check` sees the same clock per thread.
 */
import { describe, expect, it } from 'vitest';
import { cli, pyFile, runPy } from './helpers';

const ELAPSED = `
import threading, time

def work(n):
    time.sleep(n)

if __name__ == "__main__":
    start = time.perf_counter()
    ts = [threading.Thread(target=work, args=(0.5,)) for _ in range(2)]
    for t in ts: t.start()
    for t in ts: t.join()
    elapsed = time.perf_counter() - start
    print(f"threads took {elapsed:.1f}s")
    t0 = time.monotonic_ns()
    work(0.25)
    work(0.25)
    print(f"sequential took {(time.monotonic_ns() - t0) / 1e9:.1f}s")
    assert elapsed >= 0.5, "joined threads slept 0.5 s"
`;

describe('time.perf_counter, monotonic, time and their _ns forms', () => {
  it('read the simulated clock: two 0.5 s sleeps in threads take 0.5 s, two in a row 0.5 s more (python3 prints the same)', () => {
    const r = runPy(ELAPSED);
    expect(r.err).toBe('');
    expect(r.log).toEqual(['threads took 0.5s', 'sequential took 0.5s']);
  });

  it('check reads each thread\'s own clock, raised by join: the assertion that holds in run holds in every schedule', () => {
    const ok = cli('check', pyFile(ELAPSED), '--time', '5');
    expect(ok.out).not.toMatch(/assertion/);
    expect(ok.code).toBe(0);
    const wrong = cli('check', pyFile(ELAPSED.replace('assert elapsed >= 0.5', 'assert elapsed < 0.4')), '--time', '5');
    expect(wrong.out).toMatch(/Assertion failed.*joined threads slept 0\.5 s/);
  });
});

const TIMEOUTS = `
import threading, time, queue

lock = threading.Lock()
ev = threading.Event()
q = queue.Queue()
cond = threading.Condition()

def holder():
    with lock:
        time.sleep(0.3)

def setter():
    time.sleep(0.2)
    ev.set()

if __name__ == "__main__":
    t = threading.Thread(target=holder)
    t.start()
    time.sleep(0.01)
    print("acquire 0.1:", lock.acquire(timeout=0.1))
    print("acquire 1:", lock.acquire(timeout=1))
    lock.release()
    s = threading.Thread(target=setter)
    s.start()
    print("wait 0.05:", ev.wait(0.05))
    print("wait 1:", ev.wait(1))
    try:
        q.get(timeout=0.1)
    except queue.Empty:
        print("empty")
    with cond:
        print("cond:", cond.wait(0.1))
        print("wait_for:", cond.wait_for(lambda: False, timeout=0.1))
    sl = threading.Thread(target=time.sleep, args=(0.5,))
    sl.start()
    sl.join(timeout=0.1)
    print("alive:", sl.is_alive())
    sl.join()
    print("alive:", sl.is_alive())
    t.join(); s.join()
    sem = threading.Semaphore(0)
    print("sem:", sem.acquire(timeout=0.05))
`;

const LATE = `
import threading, time

results = []
ready = threading.Event()

def producer():
    time.sleep(0.01)
    results.append(42)
    ready.set()

if __name__ == "__main__":
    t = threading.Thread(target=producer)
    t.start()
    ready.wait(timeout=5)
    assert results, "the producer was late"
    t.join()
`;

describe('timeouts on waits (Lock, Semaphore, Event, Condition, Queue, Thread.join)', () => {
  it('run: each wait times out or completes when python3 3.11 says it does', () => {
    const r = runPy(TIMEOUTS);
    expect(r.err).toBe('');
    // python3 /tmp/to.py prints exactly these lines.
    expect(r.log).toEqual([
      'acquire 0.1: False', 'acquire 1: True', 'wait 0.05: False', 'wait 1: True', 'empty',
      'cond: False', 'wait_for: False', 'alive: True', 'alive: False', 'sem: False',
    ]);
    expect(JSON.parse(r.out).findings).toEqual([]);
  });

  it('check explores the timeout coming first: a bug only a late producer shows is found, and is gone without the timeout', () => {
    expect(JSON.parse(runPy(LATE).out).findings).toEqual([]);
    const late = cli('check', pyFile(LATE), '--time', '5');
    expect(late.out).toMatch(/Assertion failed.*the producer was late/);
    const untimed = cli('check', pyFile(LATE.replace('ready.wait(timeout=5)', 'ready.wait()')), '--time', '5');
    expect(untimed.out).not.toMatch(/Assertion failed/);
    expect(untimed.code).toBe(0);
  });

  it('a wait that would never end times out instead of deadlocking, in run and in check', () => {
    const src = `
import threading
lock = threading.Lock()
lock.acquire()
print("second acquire:", lock.acquire(timeout=0.25))
t = threading.Thread(target=lock.acquire)
t.daemon = True
t.start()
t.join(0.5)
print("still waiting:", t.is_alive())
`;
    const r = runPy(src);
    expect(r.log).toEqual(['second acquire: False', 'still waiting: True']);
    expect(r.makespanMs).toBeCloseTo(750, 0);
    const check = cli('check', pyFile(src), '--time', '5');
    expect(check.out).not.toMatch(/deadlock/);
  });
});
