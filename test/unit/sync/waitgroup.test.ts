import { describe, expect, it } from 'vitest';
import { setup, wokenTasks } from './fakeHost';

describe('waitgroup', () => {
  it('wait blocks until the counter reaches zero, then every waiter wakes and acquires', () => {
    const { host, obj, run } = setup('waitgroup');
    run(0, 'add', 2);
    expect(obj.ready(0, 'wait')).toBe(false);
    expect(run(0, 'wait').blocked).toBe(true);
    expect(run(5, 'wait').blocked).toBe(true);
    run(1, 'done');
    expect(obj.inspect()).toMatchObject({ counter: 1, waiters: [{ task: 0 }, { task: 5 }] });
    host.takeHb();
    const last = run(2, 'done');
    expect(wokenTasks(last)).toEqual([0, 5]);
    expect(host.takeHb()).toEqual(['release 2 x', 'acquire 0 x', 'acquire 5 x']);
    expect(run(3, 'wait')).toMatchObject({ blocked: false });
  });

  it('an add from zero reads x#count and the first blocking wait writes it (waitgroup.go: the add-concurrent-with-wait race)', () => {
    const { host, run } = setup('waitgroup');
    run(0, 'add', 1);
    run(0, 'add', 1); // not from zero: no access
    run(1, 'wait');
    run(2, 'wait'); // not the first waiter: no access
    expect(host.takeHb()).toEqual(['read 0 x#count', 'write 1 x#count']);
  });

  it('a negative counter panics with Go\'s message, after releasing', () => {
    const { host, obj, run } = setup('waitgroup');
    run(1, 'done');
    expect(host.misuses).toEqual([{ task: 1, message: 'panic: sync: negative WaitGroup counter', fatal: false }]);
    expect(host.takeHb()).toEqual(['release 1 x']);
    run(1, 'add', 1);
    run(2, 'add', -3);
    expect(host.misuses).toHaveLength(2);
    expect(obj.inspect()).toMatchObject({ counter: 1 });
  });

  it('rejects a non-integer add with the place and a fix', () => {
    const { run } = setup('waitgroup');
    expect(() => run(0, 'add', 'two')).toThrow(/t\.yaml:1:1: 'x\.add' needs a whole number/);
  });
});
