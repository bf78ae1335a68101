import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { enumerateAll } from './bruteForce';
import { body, joinSpawned, program, spawn, sync, write } from './programs';

/**
 * Go's documented recursive-read-lock deadlock (sync.RWMutex: "a blocked Lock call excludes
 * new readers from acquiring the lock"): a reader takes RLock, a writer calls Lock and
 * waits for it, the reader's second RLock now waits behind the writer.
 */
function recursiveRead(runtime: 'go' | 'threads' | 'python') {
  const reader = body([sync('rw', 'rlock', undefined, 10), sync('rw', 'rlock', undefined, 11), write('x', 1, 12),
    sync('rw', 'runlock', undefined, 13), sync('rw', 'runlock', undefined, 14)]);
  const writer = body([sync('rw', 'lock', undefined, 20), write('x', 2, 21), sync('rw', 'unlock', undefined, 22)]);
  return program({
    runtime, vars: { x: 0 }, objects: [{ id: 'rw', name: 'rw', kind: 'rwmutex' }],
    main: [
      spawn(reader, 1, 'reader', 30),
      ({ result }) => ({ op: 'spawn', body: writer, name: 'writer', count: 1, at: { file: 'prog.yaml', line: 31, column: 1, endLine: 31, endColumn: 9 }, args: [result] }),
      joinSpawned,
    ],
  });
}

describe('a writer waiting for readers shuts out new readers (the wait is a step)', () => {
  it('go: RLock, a writer Lock, RLock again: the deadlock is found, complete', () => {
    const r = explore(recursiveRead('go'), { maxSchedules: 10_000 });
    expect(r.complete).toBe(true);
    const d = r.findings.find((f) => f.kind === 'deadlock');
    expect(d, JSON.stringify(r.findings.map((f) => f.kind))).toBeDefined();
    expect(d!.message).toContain('all goroutines are asleep');
  });

  it('dpor reaches the same final states and deadlocks as every interleaving', () => {
    for (const runtime of ['go', 'threads', 'python'] as const) {
      const all = enumerateAll(recursiveRead(runtime), 100_000);
      const want = [...new Set(all.map((x) => `${x.stopped}:${x.stopped === 'finished' ? JSON.stringify(x.finals) : ''}`))].sort();
      const r = explore(recursiveRead(runtime), { maxSchedules: 100_000, minimise: false });
      const seen = new Set(r.stats.outcomes.map((o) => `finished:${o}`));
      if (r.findings.some((f) => f.kind === 'deadlock')) seen.add('deadlock:');
      expect(r.complete).toBe(true);
      expect([...seen].sort(), runtime).toEqual(want);
      expect(want).toContain('deadlock:');
    }
  });
});
