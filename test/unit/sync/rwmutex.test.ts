import { describe, expect, it } from 'vitest';
import { setup, wokenTasks } from './fakeHost';

describe('rwmutex', () => {
  it('readers share; a writer excludes readers and other writers', () => {
    const { obj, run } = setup('rwmutex');
    expect(run(1, 'rlock').blocked).toBe(false);
    expect(run(2, 'rlock').blocked).toBe(false);
    expect(obj.inspect()).toMatchObject({ readers: [1, 2], writer: null });
    expect(obj.ready(3, 'lock')).toBe(false);
    expect(run(3, 'lock').blocked).toBe(true);
    expect(run(1, 'runlock').wake).toEqual([]);
    expect(wokenTasks(run(2, 'runlock'))).toEqual([3]); // the last reader lets the writer in
    expect(obj.inspect()).toMatchObject({ writer: 3, readers: [] });
    expect(obj.ready(4, 'rlock')).toBe(false);
    expect(run(4, 'rlock').blocked).toBe(true);
    expect(run(5, 'lock').blocked).toBe(true);
    expect(obj.waiters()).toEqual([{ task: 5, action: 'lock' }, { task: 4, action: 'rlock' }]);
  });

  it('a waiting writer blocks new readers (writer preference), and its unlock admits them before the next writer', () => {
    const { obj, run } = setup('rwmutex');
    run(1, 'rlock');
    run(2, 'lock'); // pending: waits for reader 1
    expect(obj.ready(3, 'rlock')).toBe(false);
    expect(run(3, 'rlock').blocked).toBe(true);
    run(4, 'lock');
    expect(wokenTasks(run(1, 'runlock'))).toEqual([2]);
    // Writer 2 unlocks: reader 3 gets in, writer 4 becomes pending behind it.
    expect(wokenTasks(run(2, 'unlock'))).toEqual([3]);
    expect(obj.inspect()).toMatchObject({ readers: [3], pendingWriter: 4 });
    expect(wokenTasks(run(3, 'runlock'))).toEqual([4]);
  });

  it('hb: unlock releases rw, runlock releases rw#r, rlock acquires rw, lock acquires both', () => {
    const { host, run } = setup('rwmutex');
    run(1, 'lock');
    run(1, 'unlock');
    run(2, 'rlock');
    run(2, 'runlock');
    expect(host.takeHb()).toEqual(['acquire 1 x', 'acquire 1 x#r', 'release 1 x', 'acquire 2 x', 'release 2 x#r']);
  });

  it('go: Unlock and RUnlock of an unlocked RWMutex are fatal errors with Go\'s words', () => {
    const { host, run } = setup('rwmutex', {}, 'go');
    run(1, 'unlock');
    run(1, 'runlock');
    expect(host.misuses).toEqual([
      { task: 1, message: 'fatal error: sync: Unlock of unlocked RWMutex', fatal: true },
      { task: 1, message: 'fatal error: sync: RUnlock of unlocked RWMutex', fatal: true },
    ]);
  });

  it('a task may hold several read locks; go releases any reader on runlock, threads only its own', () => {
    const g = setup('rwmutex', {}, 'go');
    g.run(1, 'rlock');
    g.run(1, 'rlock');
    expect(g.obj.inspect()).toMatchObject({ readers: [1], readerCount: 2 });
    g.run(2, 'runlock');
    expect(g.obj.inspect()).toMatchObject({ readers: [1], readerCount: 1 });
    expect(g.host.misuses).toEqual([]);
    const t = setup('rwmutex', {}, 'threads');
    t.run(1, 'rlock');
    t.run(2, 'runlock');
    expect(t.host.misuses[0]).toMatchObject({ task: 2, message: expect.stringContaining('holds no read lock'), fatal: false });
    expect(t.obj.inspect()).toMatchObject({ readerCount: 1 });
  });

  it('threads: only the writer may unlock; go lets any goroutine unlock', () => {
    const t = setup('rwmutex', {}, 'threads');
    t.run(1, 'lock');
    t.run(2, 'unlock');
    expect(t.host.misuses[0]).toMatchObject({ task: 2, fatal: false });
    const g = setup('rwmutex', {}, 'go');
    g.run(1, 'lock');
    g.run(2, 'unlock');
    expect(g.host.misuses).toEqual([]);
    expect(g.obj.inspect()).toMatchObject({ writer: null });
  });
});
