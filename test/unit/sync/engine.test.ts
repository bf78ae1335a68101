/**
 * The sync objects driven by the real engine (src/core/index.ts registers them): the
 * protocols that need the engine's side — SyncRetry for Go's normal-mode mutex and for a
 * cond re-locking its mutex, and a blocked sender ended by a close's panic.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { Op, Program, RuntimeKind, SourceRange, SyncAction, SyncDecl, TaskBody, TaskId } from '../../../src/core/program';

const at = (line: number): SourceRange => ({ file: 'e.sim', line, column: 1, endLine: line, endColumn: 2 });
const sync = (obj: string, action: SyncAction, value?: unknown, line = 1): Op => ({ op: 'sync', obj, action, value, at: at(line) });
const compute = (ns: number): Op => ({ op: 'compute', ns, work: 'cpu', at: at(1) });

function program(runtime: RuntimeKind, main: TaskBody, objects: SyncDecl[], vars: { id: string; initial: unknown }[] = []): Program {
  return {
    file: 'e.sim', name: 'e', config: { runtime: { kind: runtime } }, vars: vars.map((v) => ({ ...v, name: v.id })),
    objects, main, mainAt: at(1), expects: [], sweep: [], at: at(1),
  };
}

function spawnAndJoin(body: TaskBody, count: number): TaskBody {
  return function* () {
    const ids = (yield { op: 'spawn', body, name: 'w', count, at: at(1) }) as TaskId[];
    yield { op: 'join', tasks: ids, at: at(1) };
  };
}

describe('sync objects under the engine', () => {
  for (const runtime of ['go', 'threads', 'python'] as const) {
    for (const mode of ['timed', 'untimed'] as const) {
      it(`mutex keeps a counter exact (${runtime}, ${mode}, with waiters woken to compete in go)`, () => {
        const worker: TaskBody = function* () {
          for (let i = 0; i < 20; i++) {
            yield sync('mu', 'lock');
            const v = (yield { op: 'read', v: 'n', at: at(2) }) as number;
            yield compute(300_000); // long enough for go waiters to pass the 1 ms starvation threshold
            yield { op: 'write', v: 'n', value: v + 1, at: at(3) };
            yield sync('mu', 'unlock');
          }
        };
        for (const seed of [1, 2, 3]) {
          const r = simulate(program(runtime, spawnAndJoin(worker, 4), [{ id: 'mu', name: 'mu', kind: 'mutex' }], [{ id: 'n', initial: 0 }]), { mode, seed });
          expect(r.stopped).toBe('finished');
          expect(r.findings).toEqual([]);
          expect(r.finals).toMatchObject({ n: 80 });
        }
      });
    }
  }

  it('cond: a producer signals, the consumer re-acquires the mutex before its wait returns', () => {
    const objects: SyncDecl[] = [{ id: 'mu', name: 'mu', kind: 'mutex' }, { id: 'cv', name: 'cv', kind: 'cond', mutex: 'mu' }];
    const seen: unknown[] = [];
    const consumer: TaskBody = function* () {
      yield sync('mu', 'lock');
      while (((yield { op: 'read', v: 'ready', at: at(5) }) as boolean) !== true) yield sync('cv', 'wait');
      seen.push(yield { op: 'read', v: 'data', at: at(6) });
      yield sync('mu', 'unlock');
    };
    const producer: TaskBody = function* () {
      yield compute(2_000_000);
      yield sync('mu', 'lock');
      yield { op: 'write', v: 'data', value: 42, at: at(7) };
      yield { op: 'write', v: 'ready', value: true, at: at(8) };
      yield sync('cv', 'broadcast');
      yield sync('mu', 'unlock');
    };
    const main: TaskBody = function* () {
      const c = (yield { op: 'spawn', body: consumer, name: 'c', count: 3, at: at(1) }) as TaskId[];
      const p = (yield { op: 'spawn', body: producer, name: 'p', count: 1, at: at(1) }) as TaskId[];
      yield { op: 'join', tasks: [...c, ...p], at: at(1) };
    };
    for (const runtime of ['go', 'threads'] as const) {
      seen.length = 0;
      const r = simulate(program(runtime, main, objects, [{ id: 'ready', initial: false }, { id: 'data', initial: 0 }]), { mode: 'timed' });
      expect(r.stopped).toBe('finished');
      expect(r.findings).toEqual([]);
      expect(seen).toEqual([42, 42, 42]);
    }
  });

  it('close makes a blocked sender panic with Go\'s words, and receivers see ok=false', () => {
    const objects: SyncDecl[] = [{ id: 'ch', name: 'ch', kind: 'channel', size: 0 }];
    const sender: TaskBody = function* () {
      yield sync('ch', 'send', 1, 10);
      yield { op: 'print', text: 'not reached', at: at(11) };
    };
    const main: TaskBody = function* () {
      yield { op: 'spawn', body: sender, name: 's', count: 1, at: at(1) };
      yield compute(1_000_000);
      yield sync('ch', 'close', undefined, 12);
      const got = yield sync('ch', 'recv');
      yield { op: 'print', text: JSON.stringify(got), at: at(13) };
    };
    // In Go an unrecovered panic in any goroutine ends the whole program (panic.go: fatalpanic).
    const go = simulate(program('go', main, objects), { mode: 'timed' });
    expect(go.findings.map((f) => [f.kind, f.message.split(' (')[0], f.at.line])).toEqual([['misuse', 'panic: send on closed channel', 10]]);
    const printedIn = (r: typeof go) => r.log.map((l) => l.text).filter((t) => t === 'not reached' || t.startsWith('{'));
    expect(printedIn(go)).toEqual([]);
    // With plain threads only the misusing thread ends; the receiver sees the close.
    const threads = simulate(program('threads', main, objects), { mode: 'timed' });
    expect(threads.findings.map((f) => f.kind)).toEqual(['misuse']);
    expect(printedIn(threads)).toEqual(['{"ok":false}']);
  });
});
