import { describe, expect, it } from 'vitest';
import { setup, wokenTasks } from './fakeHost';

describe('semaphore', () => {
  it('lets `permits` tasks in, queues the rest FIFO, and hands a released permit to the head waiter', () => {
    const { host, obj, run } = setup('semaphore', { size: 2 });
    expect(run(1, 'acquire').blocked).toBe(false);
    expect(run(2, 'acquire').blocked).toBe(false);
    expect(obj.ready(3, 'acquire')).toBe(false);
    expect(run(3, 'acquire').blocked).toBe(true);
    expect(run(4, 'acquire').blocked).toBe(true);
    host.takeHb();
    expect(wokenTasks(run(9, 'release'))).toEqual([3]); // any task may release
    expect(host.takeHb()).toEqual(['release 9 x', 'acquire 3 x']);
    expect(obj.inspect()).toMatchObject({ permits: 0, waiters: [{ task: 4 }] });
    expect(wokenTasks(run(1, 'release'))).toEqual([4]);
    run(2, 'release');
    expect(obj.inspect()).toMatchObject({ permits: 1 });
  });

  it('try_acquire returns false instead of blocking', () => {
    const { run } = setup('semaphore', { size: 1 });
    expect(run(1, 'try_acquire')).toMatchObject({ result: true });
    expect(run(2, 'try_acquire')).toMatchObject({ blocked: false, result: false });
  });

  it('strict: releasing beyond the initial permits is a misuse; not strict, it adds a permit', () => {
    const s = setup('semaphore', { size: 1, strict: true }, 'python');
    s.run(1, 'release');
    expect(s.host.misuses).toEqual([{ task: 1, message: expect.stringContaining('ValueError: Semaphore released too many times'), fatal: false }]);
    expect(s.obj.inspect()).toMatchObject({ permits: 1 });
    const l = setup('semaphore', { size: 1 });
    l.run(1, 'release');
    expect(l.host.misuses).toEqual([]);
    expect(l.obj.inspect()).toMatchObject({ permits: 2 });
  });

  it('binary semaphore (1 permit) excludes', () => {
    const { run } = setup('semaphore', { size: 1 });
    run(1, 'acquire');
    expect(run(2, 'acquire').blocked).toBe(true);
  });
});
