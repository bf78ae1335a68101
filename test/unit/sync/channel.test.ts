import { describe, expect, it } from 'vitest';
import { setup, wokenTasks } from './fakeHost';

describe('unbuffered channel', () => {
  it('a send to a waiting receiver hands the value over directly, with the two-way rendezvous edges', () => {
    const { host, obj, run } = setup('channel', { size: 0 });
    expect(obj.ready(2, 'recv')).toBe(false);
    expect(run(2, 'recv').blocked).toBe(true);
    expect(obj.waiters()).toEqual([{ task: 2, action: 'recv' }]);
    host.takeHb();
    expect(obj.ready(1, 'send')).toBe(true);
    const s = run(1, 'send', 42);
    expect(s).toEqual({ blocked: false, result: undefined, wake: [{ task: 2, result: { value: 42, ok: true } }] });
    expect(host.takeHb()).toEqual(['read 1 x', 'release 1 x', 'acquire 2 x', 'release 2 x#back', 'acquire 1 x#back']);
  });

  it('a receive from a waiting sender completes both, with the same edges', () => {
    const { host, run } = setup('channel');
    expect(run(1, 'send', 'a').blocked).toBe(true);
    host.takeHb();
    const r = run(2, 'recv');
    expect(r).toEqual({ blocked: false, result: { value: 'a', ok: true }, wake: [{ task: 1, result: undefined }] });
    expect(host.takeHb()).toEqual(['release 1 x', 'acquire 2 x', 'release 2 x#back', 'acquire 1 x#back']);
  });

  it('waiting senders are served in FIFO order', () => {
    const { obj, run } = setup('channel');
    run(1, 'send', 'one');
    run(2, 'send', 'two');
    run(3, 'send', 'three');
    expect(obj.waiters().map((w) => w.task)).toEqual([1, 2, 3]);
    const got = [run(9, 'recv'), run(9, 'recv'), run(9, 'recv')].map((o) => (o as { result: { value: unknown } }).result.value);
    expect(got).toEqual(['one', 'two', 'three']);
  });

  it('waiting receivers are served in FIFO order', () => {
    const { run } = setup('channel');
    run(4, 'recv');
    run(5, 'recv');
    expect(wokenTasks(run(1, 'send', 1))).toEqual([4]);
    expect(wokenTasks(run(1, 'send', 2))).toEqual([5]);
  });

  it('close wakes every receiver with the zero value and ok=false, acquiring the close', () => {
    const { host, obj, run } = setup('channel');
    run(2, 'recv');
    run(3, 'recv');
    host.takeHb();
    const c = run(1, 'close');
    expect(c.wake).toEqual([
      { task: 2, result: { value: undefined, ok: false } },
      { task: 3, result: { value: undefined, ok: false } },
    ]);
    expect(host.takeHb()).toEqual(['release 1 x#close', 'write 1 x', 'acquire 2 x#close', 'acquire 3 x#close']);
    expect(obj.inspect()).toMatchObject({ closed: true, recvq: [] });
    // A later recv returns at once with ok=false.
    expect(obj.ready(4, 'recv')).toBe(true);
    expect(run(4, 'recv')).toMatchObject({ blocked: false, result: { value: undefined, ok: false } });
  });

  it('close makes waiting senders panic with Go\'s message; a later send and a second close panic too', () => {
    const { host, obj, run } = setup('channel');
    run(2, 'send', 'v');
    const c = run(1, 'close');
    expect(c.wake).toEqual([]);
    expect(host.misuses).toEqual([{ task: 2, message: 'panic: send on closed channel', fatal: false }]);
    expect(obj.waiters()).toEqual([]);
    run(3, 'send', 'w');
    run(1, 'close');
    expect(host.misuses.slice(1)).toEqual([
      { task: 3, message: 'panic: send on closed channel', fatal: false },
      { task: 1, message: 'panic: close of closed channel', fatal: false },
    ]);
  });
});

describe('buffered channel', () => {
  it('buffers up to its capacity, then blocks senders; len reports the buffer', () => {
    const { obj, run } = setup('channel', { size: 2 });
    expect(run(1, 'send', 'a').blocked).toBe(false);
    expect(run(1, 'send', 'b').blocked).toBe(false);
    expect(obj.ready(1, 'send')).toBe(false);
    expect(run(1, 'send', 'c').blocked).toBe(true);
    expect(run(2, 'len')).toMatchObject({ result: 2 });
    expect(obj.inspect()).toMatchObject({ capacity: 2, len: 2, buffer: ['a', 'b'], sendq: [{ task: 1, action: 'send', value: 'c' }] });
  });

  it('a receive from a full buffer takes the head and shifts the waiting sender\'s value in', () => {
    const { host, obj, run } = setup('channel', { size: 2 });
    run(1, 'send', 'a');
    run(1, 'send', 'b');
    run(3, 'send', 'c');
    host.takeHb();
    const r = run(2, 'recv');
    expect(r).toEqual({ blocked: false, result: { value: 'a', ok: true }, wake: [{ task: 3, result: undefined }] });
    expect(obj.inspect()).toMatchObject({ buffer: ['b', 'c'], sendq: [] });
    // recv 0 and the shifted send 2 use the same slot (2 % 2 = 0): receive k happens before send k+C.
    expect(host.takeHb()).toEqual([
      'acquire 2 x#slot0', 'releaseStore 2 x#slot0', 'acquire 3 x#slot0', 'releaseStore 3 x#slot0',
    ]);
  });

  it('per-slot clocks are overwritten (releaseStore), one slot per index modulo the capacity', () => {
    const { host, run } = setup('channel', { size: 2 });
    run(1, 'send', 0);
    run(1, 'send', 1);
    run(2, 'recv');
    run(1, 'send', 2);
    run(2, 'recv');
    expect(host.takeHb()).toEqual([
      'read 1 x', 'acquire 1 x#slot0', 'releaseStore 1 x#slot0',
      'read 1 x', 'acquire 1 x#slot1', 'releaseStore 1 x#slot1',
      'acquire 2 x#slot0', 'releaseStore 2 x#slot0',
      'read 1 x', 'acquire 1 x#slot0', 'releaseStore 1 x#slot0',
      'acquire 2 x#slot1', 'releaseStore 2 x#slot1',
    ]);
    expect(host.hbLog.some((l) => l.startsWith('release '))).toBe(false);
  });

  it('a send to a waiting receiver on an empty buffer hands over directly, passing the same slot', () => {
    const { host, obj, run } = setup('channel', { size: 3 });
    run(2, 'recv');
    host.takeHb();
    expect(run(1, 'send', 'v').wake).toEqual([{ task: 2, result: { value: 'v', ok: true } }]);
    expect(obj.inspect()).toMatchObject({ len: 0 });
    expect(host.takeHb()).toEqual(['read 1 x', 'acquire 1 x#slot0', 'releaseStore 1 x#slot0', 'acquire 2 x#slot0', 'releaseStore 2 x#slot0']);
    // The next buffered send uses slot 1.
    run(1, 'send', 'w');
    expect(host.takeHb()).toContain('releaseStore 1 x#slot1');
  });

  it('a closed buffered channel still delivers its buffer, then returns ok=false', () => {
    const { host, run } = setup('channel', { size: 2 });
    run(1, 'send', 'a');
    run(1, 'close');
    expect(run(2, 'recv')).toMatchObject({ result: { value: 'a', ok: true } });
    host.takeHb();
    expect(run(2, 'recv')).toMatchObject({ result: { value: undefined, ok: false } });
    expect(host.takeHb()).toEqual(['acquire 2 x#close']);
  });
});
