import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSchedule, encodeSchedule, scheduleShapeError } from '../../../src/core/engine/schedule';
import { simulate } from '../../../src/core/engine/simulate';
import type { RunTrace } from '../../../src/core/engine/simulation';
import type { Op, SelectCase, TaskBody, TaskId } from '../../../src/core/program';
import { at, op, program, testSync } from './helpers';

describe('schedule strings', () => {
  it('scheduleShapeError accepts every encoded string, says why others are not, and expands nothing', () => {
    fc.assert(fc.property(fc.nat(), fc.array(fc.oneof(fc.nat(3), fc.nat(1000))), (seed, choices) => {
      expect(scheduleShapeError(encodeSchedule(seed, choices))).toBeUndefined();
    }));
    expect(scheduleShapeError('v1:1:0*zzzz.')).toBeUndefined();
    expect(scheduleShapeError('v2:1:0')).toMatch(/expected v1:<seed>:<choices>/);
    expect(scheduleShapeError('v1:1:*3.')).toMatch(/`\*k\.` to repeat/);
    expect(scheduleShapeError('v1:1:(12')).toMatch(/`\(…\)` for a large index/);
    expect(() => decodeSchedule('v1:1:(12')).toThrow(/is not a schedule string/);
  });

  it('encode and decode round-trip, with runs and large indexes', () => {
    fc.assert(fc.property(fc.nat(), fc.array(fc.oneof(fc.nat(3), fc.nat(1000))), (seed, choices) => {
      const s = encodeSchedule(seed, choices);
      const d = decodeSchedule(s);
      expect(d.seed).toBe(seed >>> 0);
      expect(d.choices).toEqual(choices);
    }));
    expect(encodeSchedule(1, [0, 0, 0, 0, 0, 1, 40])).toBe('v1:1:0*4.1(14)');
  });

  it('rejects a string that is not a schedule with a hint', () => {
    expect(() => decodeSchedule('hello')).toThrow(/expected v1:<seed>:<choices>/);
  });
});

/** A random small program: each worker does a list of ops on two vars and one mutex. */
type Step = { k: 'read' | 'write' | 'lock' | 'compute' | 'yield' | 'sleep'; v: number };
const stepArb = fc.record({ k: fc.constantFrom('read', 'write', 'lock', 'compute', 'yield', 'sleep'), v: fc.nat(2) }) as fc.Arbitrary<Step>;

function build(workers: Step[][]): ReturnType<typeof program> {
  const body = (steps: Step[]): TaskBody => function* () {
    for (const s of steps) {
      const name = s.v === 0 ? 'x' : 'y';
      if (s.k === 'read') yield op.read(name);
      else if (s.k === 'write') { const v = (yield op.read(name)) as number; yield op.write(name, v + 1); }
      else if (s.k === 'lock') { yield op.sync('mu', 'lock'); yield op.compute(1000 * (s.v + 1)); yield op.sync('mu', 'unlock'); }
      else if (s.k === 'compute') yield op.compute(50_000 * (s.v + 1), s.v === 1 ? 'memory' : 'cpu');
      else if (s.k === 'yield') yield op.yield();
      else yield op.sleep(10_000 * (s.v + 1));
    }
  };
  const main: TaskBody = function* () {
    const ids: TaskId[] = [];
    for (const w of workers) ids.push(...((yield op.spawn(body(w), 1, 'w')) as TaskId[]));
    // a select between nothing-ready and default keeps select in the mix
    const cases: SelectCase[] = [];
    const sel: Op = { op: 'select', cases, hasDefault: true, at: at(2) };
    yield sel;
    yield op.join(ids);
  };
  return program(main, {
    vars: [{ id: 'x', name: 'x', initial: 0 }, { id: 'y', name: 'y', initial: 0, line: 'shared' }],
    objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
    config: { machine: { cores: 2, smt: 2 } },
  });
}

describe('replay (property)', () => {
  it('replaying a run’s schedule string gives the identical result and trace', () => {
    fc.assert(fc.property(fc.array(fc.array(stepArb, { maxLength: 6 }), { minLength: 1, maxLength: 3 }), fc.nat(), fc.boolean(),
      (workers, seed, untimed) => {
        const mode = untimed ? 'untimed' as const : 'timed' as const;
        const a = simulate(build(workers), { mode, seed, trace: true }, testSync);
        const b = simulate(build(workers), { mode, schedule: a.schedule, trace: true }, testSync);
        const strip = (r: typeof a) => ({ ...r, trace: undefined, config: undefined });
        expect(strip(b)).toEqual(strip(a));
        if (!untimed) {
          const ta = (a.trace as RunTrace).log, tb = (b.trace as RunTrace).log;
          expect(tb.length).toBe(ta.length);
          expect(Array.from(tb.time.subarray(0, tb.length))).toEqual(Array.from(ta.time.subarray(0, ta.length)));
          expect(Array.from(tb.task.subarray(0, tb.length))).toEqual(Array.from(ta.task.subarray(0, ta.length)));
        }
      }), { numRuns: 60 });
  });
});
