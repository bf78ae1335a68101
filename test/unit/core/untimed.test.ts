import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { Chooser, StepInfo } from '../../../src/core/run';
import { op, program, spawnAndJoin, testSync } from './helpers';

const vars = [{ id: 'counter', name: 'counter', initial: 0 }];
const incr = function* () {
  const v = (yield op.read('counter', 3)) as number;
  yield op.write('counter', v + 1, 3);
};
const locked = function* () {
  yield op.sync('mu', 'lock');
  const v = (yield op.read('counter', 3)) as number;
  yield op.write('counter', v + 1, 3);
  yield op.sync('mu', 'unlock');
};

/** Enumerates every schedule by depth-first search over the choice indexes. */
function allSchedules(run: (c: Chooser) => void): number {
  const stack: number[][] = [[]];
  let count = 0;
  while (stack.length > 0) {
    const prefix = stack.pop()!;
    const seen: number[] = [];
    let depth = 0;
    run({
      choose(p) {
        const i = depth < prefix.length ? prefix[depth] : 0;
        if (depth >= prefix.length) seen.push(p.options.length);
        depth++;
        return i;
      },
    });
    count++;
    for (let d = seen.length - 1; d >= 0; d--) {
      for (let alt = 1; alt < seen[d]; alt++) {
        const base = [...prefix, ...seen.slice(0, d).map(() => 0)];
        stack.push([...base, alt]);
      }
    }
  }
  return count;
}

describe('untimed model', () => {
  it('some schedule of two unsynchronised increments loses an update; with a mutex none does', () => {
    const finals = new Set<unknown>();
    allSchedules((chooser) => {
      const r = simulate(program(spawnAndJoin(incr, 2), { vars }), { mode: 'untimed', chooser }, testSync);
      finals.add(r.finals.counter);
    });
    expect([...finals].sort()).toEqual([1, 2]);
    const lockedFinals = new Set<unknown>();
    const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }];
    const n = allSchedules((chooser) => {
      const r = simulate(program(spawnAndJoin(locked, 2), { vars, objects }), { mode: 'untimed', chooser }, testSync);
      expect(r.stopped).toBe('finished');
      lockedFinals.add(r.finals.counter);
    });
    expect([...lockedFinals]).toEqual([2]);
    expect(n).toBeGreaterThan(2);
  });

  it('reports each step with the ids it touched, for DPOR', () => {
    const steps: StepInfo[] = [];
    simulate(program(spawnAndJoin(incr, 1), { vars }), { mode: 'untimed', onStep: (s) => steps.push(s) }, testSync);
    const reads = steps.filter((s) => s.op.op === 'read');
    expect(reads).toHaveLength(1);
    expect(reads[0].touched).toEqual(['counter']);
    expect(reads[0].readOnly).toBe(true);
    const writes = steps.filter((s) => s.op.op === 'write');
    expect(writes[0].readOnly).toBe(false);
  });

  it('a lock on a held mutex is no step: the waiter is disabled until the unlock, and a blocking op lists its task in woke', () => {
    const objects = [{ id: 'mu', name: 'mu', kind: 'mutex' as const }, { id: 'ch', name: 'ch', kind: 'channel' as const, size: 0 }];
    const holder = function* () { yield op.sync('mu', 'lock'); yield op.yield(); yield op.sync('mu', 'unlock'); };
    const waiter = function* () { yield op.sync('mu', 'lock'); yield op.sync('mu', 'unlock'); };
    const main = function* () {
      const h = (yield op.spawn(holder, 1, 'holder')) as number[];
      const w = (yield op.spawn(waiter, 1, 'waiter')) as number[];
      yield op.join([...h, ...w]);
    };
    for (let seed = 1; seed <= 20; seed++) {
      const steps: StepInfo[] = [];
      simulate(program(main, { objects }), { mode: 'untimed', seed, onStep: (s) => steps.push(s) }, testSync);
      const locks = steps.filter((s) => s.op.op === 'sync' && (s.op as { action: string }).action === 'lock');
      const unlocks = steps.filter((s) => s.op.op === 'sync' && (s.op as { action: string }).action === 'unlock');
      expect(locks.length).toBe(2); // no blocked attempt was a step
      // Whoever locked second did so after the first one's unlock.
      expect(steps.indexOf(locks[1])).toBeGreaterThan(steps.indexOf(unlocks.find((u) => u.task === locks[0].task)!));
      // main's join is disabled, not blocked, while the workers run: it steps after both unlocks.
      const join = steps.findIndex((s) => s.task === 0 && s.op.op === 'join');
      expect(join).toBeGreaterThan(Math.max(...unlocks.map((u) => steps.indexOf(u))));
    }
    // A receive with no sender blocks (a rendezvous registers its partner), and says so.
    const receiver = function* () { yield op.sync('ch', 'recv'); };
    const sender = function* () { yield op.sync('ch', 'send', 1); };
    const steps: StepInfo[] = [];
    const main2 = function* () {
      const r = (yield op.spawn(receiver, 1, 'r')) as number[];
      const s2 = (yield op.spawn(sender, 1, 's')) as number[];
      yield op.join([...r, ...s2]);
    };
    let k = 0;
    const order = [0, 0, 1];
    simulate(program(main2, { objects }), {
      mode: 'untimed', onStep: (s) => steps.push(s),
      chooser: { choose: (p) => { const i = p.options.indexOf(order[k]); if (i < 0) return 0; k++; return i; } },
    });
    const recv = steps.find((s) => s.task === 1 && s.op.op === 'sync')!;
    expect(recv.woke).toEqual([1]);
  });

  it('a schedule string replays the same interleaving', () => {
    for (let seed = 1; seed < 20; seed++) {
      const a = simulate(program(spawnAndJoin(incr, 3), { vars }), { mode: 'untimed', seed }, testSync);
      const b = simulate(program(spawnAndJoin(incr, 3), { vars }), { mode: 'untimed', schedule: a.schedule }, testSync);
      expect(b.finals).toEqual(a.finals);
      expect(b.schedule).toBe(a.schedule);
    }
  });

  it('finds the lock-order deadlock in some schedule and names the waits', () => {
    const objects = [{ id: 'a', name: 'a', kind: 'mutex' as const }, { id: 'b', name: 'b', kind: 'mutex' as const }];
    const ab = function* () { yield op.sync('a', 'lock'); yield op.sync('b', 'lock'); yield op.sync('b', 'unlock'); yield op.sync('a', 'unlock'); };
    const ba = function* () { yield op.sync('b', 'lock'); yield op.sync('a', 'lock'); yield op.sync('a', 'unlock'); yield op.sync('b', 'unlock'); };
    const main = function* () {
      const x = (yield op.spawn(ab, 1, 'ab')) as number[];
      const y = (yield op.spawn(ba, 1, 'ba')) as number[];
      yield op.join([...x, ...y]);
    };
    let deadlocks = 0;
    allSchedules((chooser) => {
      const r = simulate(program(main, { objects }), { mode: 'untimed', chooser }, testSync);
      if (r.stopped === 'deadlock') {
        deadlocks++;
        expect(r.findings[0].message).toMatch(/waits on a \(lock\).*|waits on b \(lock\)/);
      }
    });
    expect(deadlocks).toBeGreaterThan(0);
  });
});
