import { describe, expect, it } from 'vitest';
import { setup } from './fakeHost';

describe('once', () => {
  it('runs the body exactly once; concurrent callers block until once_exit and get false; later callers get false at once', () => {
    const { host, obj, run } = setup('once');
    expect(run(1, 'once_enter')).toMatchObject({ blocked: false, result: true });
    expect(obj.ready(2, 'once_enter')).toBe(false);
    expect(run(2, 'once_enter').blocked).toBe(true);
    expect(run(3, 'once_enter').blocked).toBe(true);
    expect(obj.inspect()).toMatchObject({ state: 'running', runner: 1 });
    host.takeHb();
    const exit = run(1, 'once_exit');
    expect(exit.wake).toEqual([{ task: 2, result: false }, { task: 3, result: false }]);
    expect(host.takeHb()).toEqual(['release 1 x', 'acquire 2 x', 'acquire 3 x']);
    expect(run(4, 'once_enter')).toMatchObject({ blocked: false, result: false });
    expect(host.takeHb()).toEqual(['acquire 4 x']);
  });

  it('once_exit by a task that is not running the body is reported', () => {
    const { host, run } = setup('once');
    run(1, 'once_enter');
    run(2, 'once_exit');
    expect(host.misuses).toHaveLength(1);
  });
});
