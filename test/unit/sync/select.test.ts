import { describe, expect, it } from 'vitest';
import type { SelectCase } from '../../../src/core/program';
import { cancelSelect, createSyncObject, selectCases, type SyncObject } from '../../../src/core/sync';
import { at, decl, FakeHost } from './fakeHost';

function world(...caps: number[]) {
  const host = new FakeHost('go');
  const objects = new Map<string, SyncObject>();
  caps.forEach((size, i) => objects.set(`c${i}`, createSyncObject(decl('channel', { size }, `c${i}`), 'go')));
  const ch = (i: number) => objects.get(`c${i}`)!;
  return { host, objects, ch };
}

describe('select', () => {
  it('picks uniformly among ready cases through a recorded select choice', () => {
    const { host, objects, ch } = world(1, 1, 1);
    ch(0).perform(9, 'send', 'zero', at, host);
    ch(2).perform(9, 'send', 'two', at, host);
    host.script = [1];
    const cases: SelectCase[] = [{ kind: 'recv', obj: 'c0' }, { kind: 'recv', obj: 'c1' }, { kind: 'recv', obj: 'c2' }];
    const out = selectCases(1, cases, false, objects, host, at);
    expect(host.choices).toEqual([{ kind: 'select', options: [0, 2] }]);
    expect(out).toEqual({ blocked: false, result: { index: 2, value: 'two', ok: true }, wake: [] });
  });

  it('takes the default case (index -1) when nothing is ready, with no edges', () => {
    const { host, objects } = world(0);
    host.takeHb();
    const out = selectCases(1, [{ kind: 'recv', obj: 'c0' }], true, objects, host, at);
    expect(out).toEqual({ blocked: false, result: { index: -1, value: undefined, ok: false }, wake: [] });
    expect(host.takeHb()).toEqual([]);
  });

  it('a blocked select is woken with the index of the case that fired; the engine cancels the rest', () => {
    const { host, objects, ch } = world(0, 0);
    const cases: SelectCase[] = [{ kind: 'recv', obj: 'c0' }, { kind: 'send', obj: 'c1', value: 'out' }];
    expect(selectCases(1, cases, false, objects, host, at).blocked).toBe(true);
    expect(ch(0).waiters()).toEqual([{ task: 1, action: 'recv', selectCase: 0 }]);
    expect(ch(1).waiters()).toEqual([{ task: 1, action: 'send', selectCase: 1 }]);
    host.takeHb();
    const r = ch(1).perform(2, 'recv', undefined, at, host);
    expect(r).toEqual({ blocked: false, result: { value: 'out', ok: true }, wake: [{ task: 1, result: { index: 1, value: undefined, ok: true } }] });
    // The select task's edges are those of the fired case only (a receive reads nothing: chan.go).
    expect(host.takeHb()).toEqual(['read 1 c1', 'release 1 c1', 'acquire 2 c1', 'release 2 c1#back', 'acquire 1 c1#back']);
    cancelSelect(1, cases, objects);
    expect(ch(0).waiters()).toEqual([]);
  });

  it('two cases on one channel: the woken result names the right case and the other entry goes', () => {
    const { host, objects, ch } = world(0);
    const cases: SelectCase[] = [{ kind: 'send', obj: 'c0', value: 'mine' }, { kind: 'recv', obj: 'c0' }];
    selectCases(1, cases, false, objects, host, at);
    const s = ch(0).perform(2, 'send', 'yours', at, host);
    expect(s.wake).toEqual([{ task: 1, result: { index: 1, value: 'yours', ok: true } }]);
    expect(ch(0).waiters()).toEqual([]);
  });

  it('close wakes a select receiver with ok=false and its case index', () => {
    const { host, objects, ch } = world(0, 0);
    selectCases(1, [{ kind: 'recv', obj: 'c0' }, { kind: 'recv', obj: 'c1' }], false, objects, host, at);
    expect(ch(1).perform(2, 'close', undefined, at, host).wake).toEqual([{ task: 1, result: { index: 1, value: undefined, ok: false } }]);
  });

  it('a send case on a closed channel is ready, and panics when chosen', () => {
    const { host, objects, ch } = world(0);
    ch(0).perform(2, 'close', undefined, at, host);
    expect(ch(0).ready(1, 'send')).toBe(true);
    selectCases(1, [{ kind: 'send', obj: 'c0', value: 1 }], false, objects, host, at);
    expect(host.misuses).toEqual([{ task: 1, message: 'panic: send on closed channel', fatal: false }]);
  });

  it('rejects a case on an object that is not a channel, naming the place', () => {
    const host = new FakeHost('go');
    const objects = new Map<string, SyncObject>([['mu', createSyncObject(decl('mutex', {}, 'mu'), 'go')]]);
    expect(() => selectCases(1, [{ kind: 'recv', obj: 'mu' }], false, objects, host, at)).toThrow(/t\.yaml:1:1: .*'mu' is a mutex/);
  });
});
