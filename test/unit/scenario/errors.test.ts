import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { errors, FILE } from './helpers';

/** The one error of `text`, as `line:column message (hint)`. */
function only(text: string): { where: string; message: string; hint?: string } {
  const es = errors(text);
  expect(es.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toHaveLength(1);
  const e = es[0];
  expect(e.at.file).toBe(FILE);
  return { where: `${e.at.line}:${e.at.column}`, message: e.message, hint: e.hint };
}

const MAIN = 'tasks:\n  main:\n    - yield\n';

describe('scenario input errors: file, line, column and a hint', () => {
  it('YAML syntax errors', () => {
    const es = errors('name: x\ntasks:\n  main:\n    - [unclosed\n');
    expect(es[0].message).toMatch(/^YAML syntax/);
    expect(es[0].at.line).toBeGreaterThanOrEqual(4);
    const dup = errors(`name: x\nname: y\n${MAIN}`);
    expect(dup[0]).toMatchObject({ at: { line: 2, column: 1 } });
    expect(dup[0].message).toMatch(/unique|duplicate/i);
  });

  it('unknown keys with a did-you-mean hint, also across settings sections', () => {
    expect(only(`name: x\nruntime: { kind: go, gomaxproc: 2 }\n${MAIN}`))
      .toEqual({ where: '2:22', message: 'unknown key `gomaxproc` in `runtime`', hint: 'did you mean `gomaxprocs`?' });
    expect(only(`name: x\nmachine: { cores: 2, gomaxprocs: 2 }\n${MAIN}`).hint)
      .toBe('did you mean `gomaxprocs`? It belongs under `runtime:`');
    expect(only(`name: x\ntaks: {}\n${MAIN}`)).toMatchObject({ where: '2:1', hint: 'did you mean `tasks`?' });
    expect(only(`name: x\ngomaxprocs: 2\n${MAIN}`).hint).toBe('did you mean `gomaxprocs` under `runtime:`?');
    expect(only(`name: x\ntasks:\n  main:\n    - go: w\n      cuont: 2\n  w: [yield]\n`))
      .toMatchObject({ where: '5:7', hint: 'did you mean `count`?' });
    expect(only(`name: x\ntasks:\n  main:\n    - compute: 1ms\n      io: 2ms\n`))
      .toEqual({ where: '5:7', message: '`io` is a second step in the same item as `compute`', hint: 'start it on its own line with `- io`' });
  });

  it('wrong types', () => {
    expect(only(`name: x\nmachine: { cores: two }\n${MAIN}`))
      .toMatchObject({ where: '2:19', message: '`machine.cores` must be a whole number, got "two"' });
    expect(only(`name: x\nmachine: { cores: 0 }\n${MAIN}`).message).toBe('`machine.cores` must be between 1 and 1024, got 0');
    expect(only(`name: [x]\n${MAIN}`).message).toBe('`name` must be text, got a list');
    expect(only(`name: x\ntasks:\n  main: 5\n`)).toMatchObject({ where: '3:9' });
    expect(only(`name: x\nos: { policy: fiar }\n${MAIN}`)).toMatchObject({ where: '2:15', hint: 'did you mean `fair`?' });
    expect(only(`name: x\ntasks:\n  main:\n    - repeat: lots\n      do: [yield]\n`).message).toMatch(/`repeat` must be a whole number/);
  });

  it('unknown objects and methods', () => {
    const sync = 'sync: { mu: mutex, pool: { semaphore: 2 } }\n';
    expect(only(`name: x\n${sync}tasks:\n  main:\n    - mu.lok\n`))
      .toEqual({ where: '5:7', message: 'a mutex has no method `lok`', hint: 'did you mean `mu.lock`?' });
    expect(only(`name: x\n${sync}tasks:\n  main:\n    - pool.lock\n`).hint)
      .toBe('a semaphore has `pool.acquire`, `pool.release`, `pool.try_acquire`');
    expect(only(`name: x\n${sync}tasks:\n  main:\n    - mux.lock\n`))
      .toMatchObject({ where: '5:7', message: 'unknown object `mux` in `mux.lock`', hint: 'did you mean `mu.lock`?' });
    expect(only(`name: x\n${sync}tasks:\n  main:\n    - yeild\n`)).toMatchObject({ hint: 'did you mean `yield`?' });
    expect(only(`name: x\n${sync}tasks:\n  main:\n    - mu.lock: 3\n`).message).toBe('`mu.lock` takes no value');
    expect(only(`name: x\nsync: { wg: waitgroup }\ntasks:\n  main:\n    - wg.add\n`).message).toBe('`wg.add` needs a value');
    expect(only(`name: x\nsync: { s: semaphor }\n${MAIN}`)).toMatchObject({ where: '2:12', hint: 'did you mean `semaphore`?' });
    expect(only(`name: x\nsync: { s: semaphore }\n${MAIN}`).hint).toBe('write `s: { semaphore: 2 }`');
  });

  it('bare numbers for durations name the units', () => {
    const e = only(`name: x\ntasks:\n  main:\n    - compute: 200\n`);
    expect(e.where).toBe('4:16');
    expect(e.message).toBe('`compute` is a bare number (200); a duration needs a unit');
    expect(e.hint).toMatch(/ns, us \(or µs\), ms or s/);
    expect(only(`name: x\nos: { quantum: 4 }\n${MAIN}`).where).toBe('2:16');
    expect(only(`name: x\ntasks:\n  main:\n    - sleep: 3 weeks\n`).hint).toMatch(/ns, us/);
  });

  it('counts beyond the budget are errors before running, at the responsible step', () => {
    const steps = only(`name: x\nvars: { c: 0 }\ntasks:\n  main:\n    - repeat: 1000\n      do:\n        - repeat: 20000\n          do: [c.incr]\n`);
    expect(steps.where).toBe('5:7');
    expect(steps.message).toMatch(/about 40,000,000 steps, more than the limit of 10,000,000/);
    const tasks = only(`name: x\ntasks:\n  main:\n    - go: a\n      count: 2000\n  a:\n    - go: b\n      count: 2000\n  b: [yield]\n`);
    expect(tasks.where).toBe('4:7');
    expect(tasks.message).toMatch(/about 4,002,001 tasks, more than the limit of 2,000,000/);
    // The blame follows a spawn into the task whose own loop is too big.
    expect(only(`name: x\nvars: { c: 0 }\ntasks:\n  main:\n    - go: w\n  w:\n    - yield\n    - repeat: 6000000\n      do: [c.incr]\n`).where)
      .toBe('8:7');
    expect(only(`name: x\ntasks:\n  main:\n    - go: main\n`).message).toMatch(/starts itself without end \(main → main\)/);
    // A recursion guarded by once.do can end, so it is allowed.
    expect(parseScenario(`name: x\nsync: { o: once }\ntasks:\n  main:\n    - go: w\n  w:\n    - o.do:\n        - go: w\n`, FILE).errors).toEqual([]);
  });

  it('go/join of unknown tasks, joins of tasks never started, main missing', () => {
    expect(only(`name: x\ntasks:\n  main:\n    - go: wrker\n  worker: [yield]\n`))
      .toMatchObject({ where: '4:11', hint: 'did you mean `worker`?' });
    expect(only(`name: x\ntasks:\n  main:\n    - join: worker\n  worker: [yield]\n`))
      .toMatchObject({ where: '4:7', message: 'task `main` joins `worker` but never starts it, so the join would wait for nothing' });
    expect(only('name: x\ntasks:\n  mian: [yield]\n'))
      .toMatchObject({ where: '2:1', message: 'there is no `main` task: the scenario starts by running `main`' });
    expect(only('name: x\n').message).toBe('a scenario needs `tasks:` with a `main` task');
    expect(only(MAIN)).toMatchObject({ where: '1:1', message: 'a scenario needs a `name`' });
  });

  it('cond bound to a non-mutex, final naming an unknown var, sweep paths that are not settings', () => {
    expect(only(`name: x\nsync: { rw: rwmutex, cv: { cond: rw } }\n${MAIN}`).message)
      .toBe('condition variable `cv` is bound to `rw`, a rwmutex; it needs a mutex');
    expect(only(`name: x\nvars: { counter: 0 }\n${MAIN}expect:\n  - final: { countr: 2 }\n`))
      .toMatchObject({ where: '7:14', hint: 'did you mean `counter`?' });
    expect(only(`name: x\n${MAIN}sweep:\n  runtime.gomaxproc: [1, 2]\n`))
      .toMatchObject({ where: '6:3', hint: 'did you mean `runtime.gomaxprocs`?' });
    expect(only(`name: x\n${MAIN}sweep:\n  machine.cores: [1, 0]\n`).where).toBe('6:22');
    expect(only(`name: x\n${MAIN}expect:\n  - max_inside: { section: nowhere, value: 1 }\n`).message)
      .toMatch(/neither a `critical:` section nor a semaphore/);
  });

  it('collects every error, not just the first, in file order', () => {
    const es = errors(`name: x\nmachine: { cores: 0 }\nos: { quantum: 4 }\nsync: { mu: mutex }\ntasks:\n  main:\n    - mu.lok\n    - compute: 5\n`);
    expect(es.map((e) => e.at.line)).toEqual([2, 3, 7, 8]);
  });

  it('empty and non-map documents', () => {
    expect(only('').message).toBe('the scenario is empty');
    expect(only('- a\n- b\n').message).toMatch(/a scenario is a map/);
    expect(only(`name: x\nvars: &v { a: 1 }\nsync: *v\n${MAIN}`).message).toMatch(/aliases/);
  });
});
