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
