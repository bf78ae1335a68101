/**
 * The hb calls of the sync objects, fed to the real race detector through the engine:
 * the edges must order what the primitive orders, and nothing more.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { RaceDetector } from '../../../src/core/analysis/raceDetector';
import type { Op, Program, SourceRange, SyncAction, SyncDecl, TaskBody, TaskId } from '../../../src/core/program';

const at = (line: number): SourceRange => ({ file: 'r.sim', line, column: 1, endLine: line, endColumn: 2 });
const sync = (obj: string, action: SyncAction, value?: unknown): Op => ({ op: 'sync', obj, action, value, at: at(2) });
const incr: Op[] = [{ op: 'read', v: 'x', at: at(3) }, { op: 'write', v: 'x', value: 1, at: at(4) }];

function racesIn(objects: SyncDecl[], worker: TaskBody, count = 2, after: Op[] = [], before: Op[] = [], seeds = [1, 2, 3, 4, 5]): number {
  let races = 0;
  for (const seed of seeds) {
    const p: Program = {
      file: 'r.sim', name: 'r', config: { runtime: { kind: 'go' } }, vars: [{ id: 'x', name: 'x', initial: 0 }], objects,
      main: function* () {
        yield* before;
        const ids = (yield { op: 'spawn', body: worker, name: 'w', count, at: at(1) }) as TaskId[];
        if (after.length > 0) yield* after; // main's own steps, before it joins
        yield { op: 'join', tasks: ids, at: at(1) };
      },
      mainAt: at(1), expects: [], sweep: [], at: at(1),
    };
    const hb = new RaceDetector(p);
    const r = simulate(p, { mode: 'untimed', seed, hb });
    expect(r.stopped).toBe('finished');
    races += hb.races().length;
  }
  return races;
}

describe('happens-before through the sync objects', () => {
  it('a buffered channel of capacity 1 used as a lock orders the critical sections (receive k before send k+1)', () => {
    const worker: TaskBody = function* () {
      yield sync('ch', 'send', 0);
      yield* incr;
      yield sync('ch', 'recv');
    };
    expect(racesIn([{ id: 'ch', name: 'ch', kind: 'channel', size: 1 }], worker)).toBe(0);
  });

  it('a buffered channel of capacity 2 lets two tasks in at once: their accesses race (it is not one lock)', () => {
    const worker: TaskBody = function* () {
      yield sync('ch', 'send', 0);
      yield* incr;
      yield sync('ch', 'recv');
    };
    expect(racesIn([{ id: 'ch', name: 'ch', kind: 'channel', size: 2 }], worker)).toBeGreaterThan(0);
  });

  it('an unbuffered channel orders both ways: write before send is seen after recv, and write after recv is after the send', () => {
    const objects: SyncDecl[] = [{ id: 'ch', name: 'ch', kind: 'channel', size: 0 }];
    let role = 0;
    const worker: TaskBody = function* () {
      if (role++ % 2 === 0) {
        yield* incr;
        yield sync('ch', 'send', 1);
        yield sync('ch', 'recv'); // the partner wrote before its send back
        yield* incr;
      } else {
        yield sync('ch', 'recv');
        yield* incr;
        yield sync('ch', 'send', 2);
      }
    };
    expect(racesIn(objects, worker)).toBe(0);
  });

  it('mutex, semaphore(1) and rwmutex writers order critical sections; semaphore(2) and readers do not', () => {
    const locked = (obj: string, lock: SyncAction, unlock: SyncAction): TaskBody => function* () {
      yield sync(obj, lock);
      yield* incr;
      yield sync(obj, unlock);
    };
    expect(racesIn([{ id: 'mu', name: 'mu', kind: 'mutex' }], locked('mu', 'lock', 'unlock'), 3)).toBe(0);
    expect(racesIn([{ id: 's', name: 's', kind: 'semaphore', size: 1 }], locked('s', 'acquire', 'release'), 3)).toBe(0);
    expect(racesIn([{ id: 'rw', name: 'rw', kind: 'rwmutex' }], locked('rw', 'lock', 'unlock'), 3)).toBe(0);
    expect(racesIn([{ id: 's', name: 's', kind: 'semaphore', size: 2 }], locked('s', 'acquire', 'release'), 2)).toBeGreaterThan(0);
    expect(racesIn([{ id: 'rw', name: 'rw', kind: 'rwmutex' }], locked('rw', 'rlock', 'runlock'), 2)).toBeGreaterThan(0);
  });

  it('unbuffered: the receive happens before the send completes (the #back edge)', () => {
    let role = 0;
    const worker: TaskBody = function* () {
      if (role++ % 2 === 0) {
        yield sync('ch', 'send', 1);
        yield* incr; // after the send completes, so after the receiver's write
      } else {
        yield* incr;
        yield sync('ch', 'recv');
      }
    };
    expect(racesIn([{ id: 'ch', name: 'ch', kind: 'channel', size: 0 }], worker)).toBe(0);
    // With a buffer the send completes without waiting: the same program races.
    expect(racesIn([{ id: 'ch', name: 'ch', kind: 'channel', size: 1 }], worker)).toBeGreaterThan(0);
  });

  it('waitgroup: every done happens before wait returns; an add inside the worker races with the wait', () => {
    const worker: TaskBody = function* () {
      yield* incr;
      yield sync('wg', 'done');
    };
    const objects: SyncDecl[] = [{ id: 'wg', name: 'wg', kind: 'waitgroup' }];
    // One worker: two workers' increments would race with each other.
    expect(racesIn(objects, worker, 1, [sync('wg', 'wait'), ...incr], [sync('wg', 'add', 1)])).toBe(0);
    expect(racesIn(objects, worker, 1, incr, [sync('wg', 'add', 1)])).toBeGreaterThan(0);
    // Add from zero concurrent with Wait: the wg#count write/read race Go's detector reports.
    const lateAdd: TaskBody = function* () {
      yield sync('wg', 'add', 1);
      yield sync('wg', 'done');
    };
    expect(racesIn(objects, lateAdd, 1, [sync('wg', 'wait')])).toBeGreaterThan(0);
  });

  it('once: the body\'s end happens before every once_enter returns', () => {
    const worker: TaskBody = function* () {
      if ((yield sync('o', 'once_enter')) === true) {
        yield* incr;
        yield sync('o', 'once_exit');
      } else {
        yield { op: 'read', v: 'x', at: at(5) };
      }
    };
    expect(racesIn([{ id: 'o', name: 'o', kind: 'once' }], worker, 3)).toBe(0);
  });

  it('a barrier orders every arrival before every departure', () => {
    let n = 0;
    const worker: TaskBody = function* () {
      const first = n++ % 2 === 0;
      if (first) yield* incr;
      yield sync('b', 'wait');
      if (!first) yield* incr;
    };
    expect(racesIn([{ id: 'b', name: 'b', kind: 'barrier', size: 2 }], worker)).toBe(0);
  });
});
