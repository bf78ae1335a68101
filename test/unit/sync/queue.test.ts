import { describe, expect, it } from 'vitest';
import { FifoQueue } from '../../../src/core/sync/queue';

describe('FifoQueue', () => {
  it('keeps FIFO order across compaction, with unshift putting an item back in front', () => {
    const q = new FifoQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    for (let i = 0; i < 3000; i++) expect(q.shift()).toBe(i);
    q.unshift(-1);
    expect(q.peek()).toBe(-1);
    expect(q.length).toBe(2001);
    expect(q.shift()).toBe(-1);
    expect(q.toArray().slice(0, 2)).toEqual([3000, 3001]);
    expect(q.removeWhere((x) => x % 2 === 0)).toBe(1000);
    expect(q.shift()).toBe(3001);
    expect(q.drain()).toHaveLength(999);
    expect(q.shift()).toBeUndefined();
    q.unshift(7);
    expect(q.toArray()).toEqual([7]);
  });
});
