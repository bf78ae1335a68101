/**
 * Long `range` loops that only add affine terms to locals run in closed form (fold.ts): the
 * result, the makespan, the ops and the GIL's switches are exactly those of the loop run
 * iteration by iteration, and the values are what python3 prints.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { folding } from '../../../src/frontends/python/fold';
import { compilePython } from '../../../src/frontends/python/index';

function run(text: string) {
  const { program, errors } = compilePython(text, 'fold.py');
  expect(errors).toEqual([]);
  const r = simulate(program!, { mode: 'timed' });
  expect(r.stopped).toBe('finished');
  return { makespan: r.makespan_ns, events: r.events, gil: r.metrics.gil_switches, log: r.log.map((l) => l.text) };
}

const TWO_THREADS = `import threading
def count(n, k):
    total = 0
    other = -7
    for i in range(3, n, 2):
        total += i * k - 1
        other -= -i + 2 * k
    for j in range(n, 0, -3):
        pass
    return total, other, i, j
r = []
def w():
    r.append(count(300_001, 5))
ts = [threading.Thread(target=w) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
print(r, count(5000, 3))
`;

describe('folded range loops', () => {
  afterEach(() => { folding.on = true; });

  it('give the interpreted loop\'s values, makespan, events and GIL switches, and python3\'s output', () => {
    const folded = run(TWO_THREADS);
    folding.on = false;
    const interpreted = run(TWO_THREADS);
    expect(folded).toEqual(interpreted);
    expect(folded.gil).toBeGreaterThan(0);
    // python3 3.11 prints this line for the file.
    expect(folded.log).toEqual(['[(112499849996, 22498500002, 299999, 1), (112499849996, 22498500002, 299999, 1)] (18747498, 6234998, 4999, 2)']);
  });

  it('leave a loop alone that reads a global, squares the loop variable or adds floats, with python3\'s results', () => {
    const text = `G = 3
def f(n):
    a = 0
    b = 0.5
    c = 0
    for i in range(n):
        a += i * i
    for i in range(n):
        b += i
    for i in range(n):
        c += G
    return a, b, c
print(f(2000))
`;
    const folded = run(text);
    folding.on = false;
    expect(run(text)).toEqual(folded);
    expect(folded.log).toEqual(['(2664667000, 1999000.5, 6000)']);
  });
});
