import { describe, expect, it } from 'vitest';
import { drive, program } from './helpers';

import { GOMAXPROCS, LOST_UPDATE } from './examples';

describe('the worked examples of scenario-format.md parse', () => {
  it('lost update', () => {
    const p = program(LOST_UPDATE);
    expect(p.config).toEqual({ runtime: { kind: 'threads' } });
    expect(p.expects).toMatchObject([{ kind: 'final', values: { counter: 2000 }, at: { line: 14, column: 5 } }]);
    const main = drive(p.main);
    expect(main.map((o) => o.op)).toEqual(['spawn', 'join']);
    expect(main[1]).toMatchObject({ tasks: [1, 2] });
    const inc = main[0].op === 'spawn' ? drive(main[0].body) : [];
    expect(inc).toHaveLength(2000);
    expect(inc[0]).toMatchObject({ op: 'read', v: 'counter', at: { line: 12, column: 11 } });
  });

  it('GOMAXPROCS and CPU-bound work', () => {
    const p = program(GOMAXPROCS);
    expect(p.config).toEqual({ machine: { cores: 2, smt: 1 }, runtime: { kind: 'go', gomaxprocs: 1 } });
    expect(p.sweep).toMatchObject([{ path: 'runtime.gomaxprocs', values: [1, 2] }]);
    expect(drive(p.main).map((o) => (o.op === 'sync' ? o.action : o.op))).toEqual(['add', 'spawn', 'wait']);
  });

  it('the top-level example of the format (semaphore pool) parses', () => {
    const p = program(`name: Two permits, five workers
description: |
  A counting semaphore lets two workers in at a time.
machine:
  cores: 4
  smt: 1
os:
  policy: fair
  quantum: 4ms
runtime:
  kind: threads
vars:
  counter: 0
sync:
  pool: { semaphore: 2 }
tasks:
  main:
    - go: worker
      count: 5
  worker:
    - pool.acquire
    - compute: 2s
    - pool.release
expect:
  - no: deadlock
  - max_inside: { section: pool, value: 2 }
sweep:
  machine.cores: [1, 2, 4]
`);
    expect(p.objects).toMatchObject([{ kind: 'semaphore', size: 2 }]);
  });
});
