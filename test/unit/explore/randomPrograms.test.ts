import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { Prng } from '../../../src/core/engine/prng';
import type { Op, Program } from '../../../src/core/program';
import type { RunResult } from '../../../src/core/run';
import { enumerateAll } from './bruteForce';
import { miniEnumerate, miniSimulate } from './miniEngine';
import { at, body, lock, program, read, unlock, write, type Step } from './programs';

/**
 * Soundness against brute force on many small random programs: 2–3 tasks of reads,
 * writes (of values derived from what the task read, so orders show in the finals)
 * and properly nested lock/unlock pairs on up to two mutexes.
 */
export const lastShape: string[] = [];

function randomProgram(rng: Prng, runtime: 'threads' | 'go', maxOps = 3, maxTasks = 3): Program {
  lastShape.length = 0;
  const vars = ['x', 'y'];
  const mutexes = ['m', 'n'];
  const taskBody = (id: number): (Op | Step)[] => {
    const ops: (Op | Step)[] = [];
    const len = 1 + rng.below(maxOps);
    for (let k = 0; k < len; k++) {
      const v = vars[rng.below(vars.length)];
      const kind = rng.below(3);
      if (kind === 0) { ops.push(read(v, 10 * id + k)); lastShape.push(`T${id} r${v}`); }
      else if (kind === 1) { ops.push(write(v, id * 10 + k, 10 * id + k)); lastShape.push(`T${id} w${v}=${id * 10 + k}`); }
      else {
        const m = mutexes[rng.below(mutexes.length)];
        lastShape.push(`T${id} ${m}{${v}+=${id}}`);
        ops.push(lock(m, 10 * id + k), read(v, 10 * id + k), ({ result }) => ({ op: 'write', v, value: `${result}${id}`, at: at(10 * id + k) }), unlock(m, 10 * id + k));
      }
    }
    return ops;
  };
  const n = 2 + rng.below(maxTasks - 1);
  const main: (Op | Step)[] = [];
  for (let t = 1; t < n; t++) main.push({ op: 'spawn', body: body(taskBody(t)), name: `t${t}`, count: 1, at: at(100 + t) });
  main.push(...taskBody(0));
  main.push({ op: 'join', tasks: Array.from({ length: n - 1 }, (_, i) => i + 1), at: at(200) });
  return program({ runtime, vars: { x: 0, y: 0 }, objects: mutexes.map((id) => ({ id, name: id, kind: 'mutex' as const })), main });
}

const summary = (rs: readonly RunResult[]) =>
  [...new Set(rs.map((r) => `${r.stopped}:${r.stopped === 'finished' ? JSON.stringify(r.finals) : ''}`))].sort();

describe('dpor equals brute force on random small programs', () => {
  it('in the textbook model (mini executor)', () => {
    const rng = new Prng(42);
    for (let k = 0; k < 40; k++) {
      const p = randomProgram(rng, 'threads', 2, 2 + (k % 2));
      const all = miniEnumerate(p);
      const outcomes = [...new Set(all.filter((r) => r.stopped === 'finished').map((r) => JSON.stringify(r.finals)))].sort();
      const r = explore(p, { simulate: miniSimulate, maxSchedules: 100_000, minimise: false });
      expect(r.complete, `program ${k}`).toBe(true);
      expect(r.stats.outcomes, `program ${k}: ${lastShape.join('; ')}`).toEqual(outcomes);
      expect(r.schedules).toBeLessThanOrEqual(all.length);
    }
  });

  it.each(['threads', 'go'] as const)('on the real engine (%s runtime): same finals and same deadlocks', (runtime) => {
    const rng = new Prng(7);
    for (let k = 0; k < 40; k++) {
      const p = randomProgram(rng, runtime, 2, 2);
      const all = enumerateAll(p, 200_000);
      const want = summary(all);
      const seen = new Set<string>();
      const r = explore(p, { maxSchedules: 100_000, minimise: false });
      for (const o of r.stats.outcomes) seen.add(`finished:${o}`);
      if (r.findings.some((f) => f.kind === 'deadlock')) seen.add('deadlock:');
      expect(r.complete, `program ${k}`).toBe(true);
      expect([...seen].sort(), `program ${k}`).toEqual(want);
    }
  });
});
