import { describe, expect, it } from 'vitest';
import { RaceDetector } from '../../../src/core/analysis/raceDetector';
import type { SourceRange } from '../../../src/core/program';

const at = (line: number, column = 1): SourceRange => ({ file: 'race.yaml', line, column, endLine: line, endColumn: column + 5 });

/** main (0) forks tasks 1 and 2, as the engine reports a `go` step. */
function twoTasks(): RaceDetector {
  const d = new RaceDetector({
    vars: [{ id: 'x', name: 'x', initial: 0 }],
    objects: [
      { id: 'ch', name: 'ch', kind: 'channel', size: 0 },
      { id: 'wg', name: 'wg', kind: 'waitgroup' },
    ],
  });
  d.fork(0, 1, at(1));
  d.fork(0, 2, at(2));
  return d;
}

describe('race detector: the edges of analysis.md', () => {
  it('reports unordered write/read with both accesses, both tasks and fork sites', () => {
    const d = twoTasks();
    d.write(1, 'x', at(10));
    d.read(2, 'x', at(20));
    const [f, ...rest] = d.findings((t) => `G${t + 1}`);
    expect(rest).toHaveLength(0);
    expect(f.kind).toBe('data-race');
    expect(f.message).toContain('Data race on `x`: write by G2 and read by G3 are not ordered by any synchronisation');
    expect(f.at.line).toBe(20);
    expect(f.related.map((r) => r.at.line)).toEqual([10, 1, 2]);
    expect(f.related[0].message).toBe('conflicting write by G2');
  });

  it('two reads never race', () => {
    const d = twoTasks();
    d.read(1, 'x', at(10));
    d.read(2, 'x', at(20));
    expect(d.races()).toHaveLength(0);
  });

  it('go: accesses before the fork happen before the child', () => {
    const d = new RaceDetector();
    d.write(0, 'x', at(5));
    d.fork(0, 1);
    d.read(1, 'x', at(10));
    expect(d.races()).toHaveLength(0);
  });

  it('task end gives no edge; join does', () => {
    const d = twoTasks();
    d.write(1, 'x', at(10));
    d.read(0, 'x', at(11));
    expect(d.races()).toHaveLength(1);
    const j = twoTasks();
    j.write(1, 'x', at(10));
    j.join(0, 1);
    j.read(0, 'x', at(11));
    expect(j.races()).toHaveLength(0);
  });

  it('mutex: unlock happens before the next lock', () => {
    const d = twoTasks();
    d.acquire(1, 'mu');
    d.write(1, 'x', at(10));
    d.release(1, 'mu');
    d.acquire(2, 'mu');
    d.write(2, 'x', at(20));
    d.release(2, 'mu');
    expect(d.races()).toHaveLength(0);
  });

  it('different mutexes give no order', () => {
    const d = twoTasks();
    d.acquire(1, 'mu');
    d.write(1, 'x', at(10));
    d.release(1, 'mu');
    d.acquire(2, 'other');
    d.write(2, 'x', at(20));
    expect(d.races()).toHaveLength(1);
  });

  it('unbuffered channel: rendezvous orders both directions', () => {
    // The receiver's write before the rendezvous happens before the sender's later read.
    const d = twoTasks();
    d.write(2, 'x', at(20));
    d.read(1, 'ch', at(11));
    d.read(2, 'ch', at(21));
    d.release(1, 'ch');
    d.acquire(2, 'ch');
    d.release(2, 'ch#back');
    d.acquire(1, 'ch#back');
    d.read(1, 'x', at(12));
    expect(d.races()).toHaveLength(0);
  });

  it('buffered channel: slot clocks are overwritten, so a later receive does not inherit an earlier send', () => {
    // cap 1: send0 (T1 writes x first), recv0 (T0), send1 by T2 after recv0; T2's write
    // must not appear ordered with T1's write through the slot (overwrite, not merge).
    const d = new RaceDetector();
    d.fork(0, 1);
    d.fork(0, 2);
    d.write(1, 'x', at(10));
    d.acquire(1, 'ch#slot0');
    d.releaseStore(1, 'ch#slot0'); // send 0
    d.acquire(0, 'ch#slot0'); // recv 0 takes the value...
    d.read(0, 'x', at(5)); // ...and the receiver reads x before the receive completes
    d.releaseStore(0, 'ch#slot0'); // recv 0 completes
    d.acquire(2, 'ch#slot0');
    d.releaseStore(2, 'ch#slot0'); // send 1 (k + C) completes after recv 0
    d.acquire(0, 'ch#slot0');
    d.releaseStore(0, 'ch#slot0'); // recv 1
    expect(d.races()).toHaveLength(0);
    // T2 completed send 1 after recv 0, so it is ordered after T0's read of x, hence after T1's write.
    d.write(2, 'x', at(20));
    expect(d.races()).toHaveLength(0);
    // T0's accesses after recv 0 completed are not ordered before send 1.
    d.read(0, 'y', at(6));
    d.write(2, 'y', at(21));
    expect(d.races()).toHaveLength(1);
  });

  it('buffered channel: a semaphore-style channel does not order the two holders', () => {
    // cap 2: two sends into distinct slots give no order between the senders.
    const d = twoTasks();
    d.write(1, 'x', at(10));
    d.acquire(1, 'ch#slot0');
    d.releaseStore(1, 'ch#slot0');
    d.acquire(2, 'ch#slot1');
    d.releaseStore(2, 'ch#slot1');
    d.write(2, 'x', at(20));
    expect(d.races()).toHaveLength(1);
  });

  it('close races with send; a receive of closed acquires the close', () => {
    const d = twoTasks();
    d.read(1, 'ch', at(10)); // send
    d.release(2, 'ch#close');
    d.write(2, 'ch', at(20)); // close
    const [f] = d.findings();
    expect(f.message).toContain('Data race on channel `ch`: send by T1 and close by T2');
    const ok = twoTasks();
    ok.write(1, 'x', at(10));
    ok.release(1, 'ch#close');
    ok.write(1, 'ch', at(11));
    ok.acquire(2, 'ch#close');
    ok.read(2, 'x', at(20));
    expect(ok.races()).toHaveLength(0);
  });

  it('rwmutex: readers do not order each other; runlock happens before the next lock', () => {
    const d = twoTasks();
    d.acquire(1, 'rw');
    d.write(1, 'x', at(10)); // a write under rlock (a bug)
    d.release(1, 'rw#r');
    d.acquire(2, 'rw');
    d.read(2, 'x', at(20));
    expect(d.races()).toHaveLength(1);
    const w = twoTasks();
    w.acquire(1, 'rw');
    w.read(1, 'x', at(10));
    w.release(1, 'rw#r');
    w.acquire(2, 'rw');
    w.acquire(2, 'rw#r');
    w.write(2, 'x', at(20));
    expect(w.races()).toHaveLength(0);
  });

  it('WaitGroup: done happens before wait returns; add from zero concurrent with wait is a race', () => {
    const d = twoTasks();
    d.write(1, 'x', at(10));
    d.release(1, 'wg');
    d.acquire(0, 'wg');
    d.read(0, 'x', at(5));
    expect(d.races()).toHaveLength(0);
    const r = twoTasks();
    r.write(0, 'wg#count', at(5)); // a wait that blocks, as the first waiter
    r.read(1, 'wg#count', at(10)); // add from zero in the child
    const [f] = r.findings();
    expect(f.message).toContain('Data race on WaitGroup `wg`: wait by T0 and add from zero by T1');
    // Several concurrent transitions from zero are no race (they are reads).
    const adds = twoTasks();
    adds.read(1, 'wg#count', at(10));
    adds.read(2, 'wg#count', at(20));
    expect(adds.races()).toHaveLength(0);
  });

  it('semaphore, once, cond and barrier are release/acquire pairs', () => {
    for (const obj of ['sem', 'once', 'cv', 'barrier']) {
      const d = twoTasks();
      d.write(1, 'x', at(10));
      d.release(1, obj);
      d.acquire(2, obj);
      d.write(2, 'x', at(20));
      expect(d.races(), obj).toHaveLength(0);
    }
  });

  it('atomics: store releases, load acquires; atomic accesses never race each other', () => {
    const d = twoTasks();
    d.write(1, 'x', at(10));
    d.atomic(1, 'flag', 'store', at(11));
    d.releaseStore(1, 'atomic:flag');
    d.atomic(2, 'flag', 'load', at(20));
    d.acquire(2, 'atomic:flag');
    d.read(2, 'x', at(21));
    expect(d.races()).toHaveLength(0);
  });

  it('atomics: mixing atomic and plain access is a race', () => {
    const d = twoTasks();
    d.atomic(1, 'n', 'rmw', at(10));
    d.acquire(1, 'atomic:n');
    d.release(1, 'atomic:n');
    d.read(2, 'n', at(20));
    const [f] = d.findings();
    expect(f.message).toContain('atomic write by T1 and read by T2');
    expect(f.message).toContain('mixing atomic and plain access');
  });

  it('GIL gives no edge: a lost update between read and write is still a race', () => {
    const d = twoTasks();
    d.read(1, 'x', at(10));
    d.read(2, 'x', at(10));
    d.write(2, 'x', at(11));
    d.write(1, 'x', at(11));
    expect(d.races().length).toBeGreaterThan(0);
  });

  it('reads become a vector clock once concurrent, and a write checks all of them', () => {
    const d = new RaceDetector();
    d.fork(0, 1);
    d.fork(0, 2);
    d.fork(0, 3);
    d.read(1, 'x', at(10));
    d.read(2, 'x', at(20));
    d.acquire(3, 'unrelated');
    d.write(3, 'x', at(30));
    expect(d.races().map((r) => r.earlier.at.line).sort()).toEqual([10, 20]);
  });

  it('one finding per distinct pair of source locations', () => {
    const d = twoTasks();
    for (let i = 0; i < 5; i++) {
      d.write(1, 'x', at(10));
      d.write(2, 'x', at(20));
    }
    expect(d.races()).toHaveLength(1);
  });
});
