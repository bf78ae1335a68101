/**
 * The Python examples people meet first (examples/python/), run as written: I/O overlaps in
 * threads, CPU-bound threads gain nothing under the GIL, processes halve the time, the
 * unlocked counter loses updates and `check` finds its race, the locked one never does,
 * and a semaphore of 3 lets 3 of 5 workers in.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, runPy } from './helpers';
import { ROOT } from '../cli/helpers';

const example = (name: string) => join(ROOT, 'examples/python', name);

describe('examples/python', () => {
  it('two time.sleep(2) calls take 4 s one after the other and 2 s in two threads (sleep releases the GIL)', () => {
    const seq = runPy(example('sleep-sequential.py'));
    const thr = runPy(example('sleep-threads.py'));
    expect(seq.code).toBe(0);
    expect(thr.code).toBe(0);
    expect(seq.makespanMs).toBeGreaterThanOrEqual(4000);
    expect(seq.makespanMs).toBeLessThan(4010);
    expect(thr.makespanMs).toBeGreaterThanOrEqual(2000);
    expect(thr.makespanMs).toBeLessThan(2010);
    expect(thr.log.slice(0, 2).sort()).toEqual(['first starts', 'second starts']);
    expect(thr.log.slice(2, 4).sort()).toEqual(['first done', 'second done']);
    // What each file prints of its own time (time.perf_counter, the simulated clock): the bench compares it with python3's.
    expect(seq.log.at(-1)).toMatch(/^took 4\.00\d s$/);
    expect(thr.log.at(-1)).toMatch(/^took 2\.00\d s$/);
  });

  it('two CPU-bound threads take as long as doing the work twice; two processes take about half', () => {
    const seq = runPy(example('cpu-sequential.py'));
    const thr = runPy(example('cpu-threads.py'));
    const proc = runPy(example('cpu-processes.py'));
    for (const r of [seq, thr, proc]) expect(r.err).toBe('');
    // 2 × 20 million iterations of `total += i` at CPython 3.11's ~20 ns (costs.ts): about 0.8 s, as the comment says.
    expect(seq.makespanMs).toBeGreaterThan(700);
    expect(seq.makespanMs).toBeLessThan(900);
    expect(thr.makespanMs / seq.makespanMs).toBeGreaterThan(0.95);
    expect(thr.makespanMs / seq.makespanMs).toBeLessThan(1.1);
    // Half the work on each core, plus the 15 ms fork start-up: small against 0.4 s, as in python3.
    expect(proc.makespanMs / seq.makespanMs).toBeGreaterThan(0.5);
    expect(proc.makespanMs / seq.makespanMs).toBeLessThan(0.56);
    expect(thr.out).toMatch(/"gil_switches": [1-9]\d/);
    const took = (r: typeof seq) => Number(/^took ([\d.]+) s$/.exec(r.log.at(-1)!)![1]) * 1e3;
    for (const r of [seq, thr, proc]) expect(Math.abs(took(r) - r.makespanMs)).toBeLessThan(1);
  });

  it('the unlocked counter (a million increments per thread) runs to the end in a few thousand ops and loses updates, and check reports the race on `counter`', () => {
    const r = runPy(example('counter-race.py'));
    expect(r.out).toMatch(/"stopped": "finished"/);
    expect(JSON.parse(r.out).events).toBeLessThan(200_000);
    const total = Number(/counter = ([\d,]+)/.exec(r.log[0])![1].replace(/,/g, ''));
    // python3 3.11 here: 1.27-1.58 million of 2 million.
    expect(total).toBeLessThan(1_900_000);
    expect(total).toBeGreaterThan(1_000_000);
    const check = cli('check', pyFileSmall('counter-race.py'), '--time', '5');
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/counter-race\.py:22:\d+: warning: data-race: Data race on `counter`/);
  }, 60_000);

  it('a plain `counter += 1` loop has no eval-breaker check between its read and write: a run loses nothing, as python3 3.11 (2,000,000), while check still reports the race', () => {
    const plain = readFileSync(example('counter-race.py'), 'utf8').replace(/N = [\d_]+/, 'N = 1_000_000').replaceAll('counter = bump(counter)', 'counter += 1');
    const r = runPy(plain);
    expect(r.log).toEqual(['counter = 2,000,000 (expected 2,000,000)']);
    const check = cli('check', pyFile(plain.replace(/N = [\d_]+/, 'N = 3'), 'plain.py'), '--time', '5');
    expect(check.out).toMatch(/Data race on `counter`/);
  }, 60_000);

  it('the counter under `with lock:` always reaches 2 * N, and check finds nothing', () => {
    const r = runPy(example('counter-lock.py'));
    expect(r.log).toEqual(['counter = 10,000 (expected 10,000)']);
    const asWritten = cli('check', example('counter-lock.py'), '--time', '10');
    expect(asWritten.out).not.toMatch(/data-race|livelock/);
    const check = cli('check', pyFileSmall('counter-lock.py'), '--exhaustive');
    expect(check.out).not.toMatch(/data-race/);
    expect(check.code).toBe(0);
  }, 60_000);

  it('check on the `with lock:` counter at a million rounds reports no livelock: a schedule cut off inside `for _ in range(N)` was long, not spinning', () => {
    const million = pyFile(readFileSync(example('counter-lock.py'), 'utf8').replace(/N = [\d_]+/, 'N = 1_000_000'), 'million-lock.py');
    const check = cli('check', million, '--time', '8');
    expect(check.out).not.toMatch(/livelock|data-race/);
    expect(check.out).toMatch(/not complete/);
  }, 60_000);

  it('a Semaphore(3) lets 3 of 5 workers in, the other two after the first leave (2 s in all)', () => {
    const r = runPy(example('semaphore.py'));
    expect(r.makespanMs).toBeGreaterThanOrEqual(2000);
    expect(r.makespanMs).toBeLessThan(2010);
    const firstLeave = r.log.findIndex((l) => l.endsWith('leaves'));
    expect(r.log.slice(0, firstLeave).filter((l) => l.endsWith('is in'))).toHaveLength(3);
    expect(r.log.filter((l) => l.endsWith('is in'))).toHaveLength(5);
  });
});

import { readFileSync } from 'node:fs';
import { pyFile } from './helpers';
/** The example with N = 3, so an exhaustive check completes. */
function pyFileSmall(name: string): string {
  return pyFile(readFileSync(example(name), 'utf8').replace(/N = [\d_]+/, 'N = 3'), name);
}
