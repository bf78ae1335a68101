import { describe, expect, it } from 'vitest';
import { setup } from './fakeHost';

describe('barrier', () => {
  it('the Nth arrival releases all; a new generation starts with a fresh clock', () => {
    const { host, obj, run } = setup('barrier', { size: 3 });
    expect(run(1, 'wait').blocked).toBe(true);
    expect(run(2, 'wait').blocked).toBe(true);
    expect(obj.ready(3, 'wait')).toBe(true);
    const last = run(3, 'wait');
    expect(last).toEqual({ blocked: false, result: undefined, wake: [{ task: 1 }, { task: 2 }] });
    expect(host.takeHb()).toEqual(['release 1 x', 'release 2 x', 'release 3 x', 'acquire 1 x', 'acquire 2 x', 'acquire 3 x']);
    expect(obj.inspect()).toMatchObject({ generation: 1, arrived: 0 });
    // Generation 1 uses its own clock.
    expect(run(2, 'wait').blocked).toBe(true);
    expect(obj.ready(1, 'wait')).toBe(false);
    run(1, 'wait');
    expect(run(3, 'wait').wake.map((w) => w.task)).toEqual([2, 1]);
    expect(host.takeHb()).toEqual(['release 2 x#gen1', 'release 1 x#gen1', 'release 3 x#gen1', 'acquire 2 x#gen1', 'acquire 1 x#gen1', 'acquire 3 x#gen1']);
  });

  it('rejects a barrier of 0 parties', () => {
    expect(() => setup('barrier', { size: 0 })).toThrow(/at least 1 party/);
  });
});
