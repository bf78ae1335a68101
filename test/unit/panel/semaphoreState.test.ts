/**
 * Issue 16 item 9: in the machine view a semaphore shows its permits and who holds them,
 * not only its waiters, so a class sees why the waiters wait.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, type RunTrace } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { MomentCursor } from '../../../src/service/panel/adapter';

describe('a semaphore in the machine view', () => {
  it('examples/python/semaphore.py: the two waiters\' group says 0 of 3 permits are free and names the three holders', () => {
    const file = 'examples/python/semaphore.py';
    const c = compileSource(readFileSync(file, 'utf8'), file);
    expect(c.errors).toEqual([]);
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    expect(r.stopped).toBe('finished');
    const cursor = new MomentCursor(r);
    const groups = Array.from({ length: (r.trace as RunTrace).log.length }, (_, i) => cursor.moment(i).machine.blocked).flat();
    const onSemaphore = groups.filter((g) => g.state !== undefined);
    expect(onSemaphore.length).toBeGreaterThan(0);
    const full = onSemaphore.find((g) => g.tasks.length === 2);
    expect(full, 'a moment where two workers wait').toBeDefined();
    expect(full!.state).toMatch(/^0 of 3 permits free; held by \w+, \w+, \w+$/);
    // The holders are not the waiters.
    const holders = full!.state!.replace(/^.*held by /, '').split(', ');
    for (const w of full!.tasks) expect(holders).not.toContain(w);
    // Other waits (a join, a sleep) carry no state.
    expect(groups.filter((g) => !/acquire/.test(g.on)).every((g) => g.state === undefined)).toBe(true);
  });

  it('examples/python/semaphore.py: "Why?" names the semaphore as the source does (`pool.acquire`), never by its id', () => {
    const file = 'examples/python/semaphore.py';
    const c = compileSource(readFileSync(file, 'utf8'), file);
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const whys = Array.from({ length: (r.trace as RunTrace).log.length }, (_, i) => cursor.moment(i).why ?? '');
    expect(whys.filter((w) => w.includes('`pool.acquire`'))).toHaveLength(5);
    expect(whys.filter((w) => /semaphore:\d/.test(w))).toEqual([]);
  });
});
