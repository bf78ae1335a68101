/**
 * A search split into shards (core/explore/shard.ts, `check --shard K/N`) is sound on its
 * own: on random programs of the differential generator, the union over N shards of the
 * final states and findings is exactly what brute force over every interleaving reaches,
 * each shard says complete, and together they take every prefix once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { reachable } from './bruteForce';
import { explore, findingKey, type ShardSpec } from '../../../src/core/explore';
import type { Finding } from '../../../src/core/findings';
import type { Program } from '../../../src/core/program';
import { programArb, syncHeavyProgramArb, timedProgramArb, toCoreProgram, type Runtime } from './differentialGen';

const RUNS = Number(process.env.INTERLEAVE_SHARD_RUNS ?? 150);
const SEED = 20260524;
const ENUM_LIMIT = 3_000;
const RUNTIMES: readonly Runtime[] = ['go', 'threads', 'python'];
/** Lock-order findings come from a graph over all of a search's schedules, not from one run (as in differential.test.ts). */
const COMPARED = (f: Finding) => f.kind !== 'lock-order' && f.kind !== 'expectation';

interface Summary {
  finals: string[];
  findings: string[];
}

function bruteForce(program: Program): Summary | undefined {
  const r = reachable(program, ENUM_LIMIT, COMPARED);
  return r.all ? { finals: r.finals, findings: r.findings } : undefined;
}

/** Every shard of `count` with dpor alone (`strategy`), their union, and the prefixes each took. */
function sharded(program: Program, count: number, strategy: 'dpor' | 'portfolio' = 'dpor') {
  const finals = new Set<string>();
  const findings = new Set<string>();
  const taken: number[] = [];
  let prefixes = -1;
  let complete = true;
  const why: string[] = [];
  for (let index = 1; index <= count; index++) {
    const shard: ShardSpec = { index, count };
    const r = explore(program, { strategy, shard, maxSchedules: 20 * ENUM_LIMIT, minimise: false });
    if (!r.complete) {
      complete = false;
      why.push(`shard ${index}/${count}: ${r.stats.stoppedBy} ${r.stats.errors.join('; ')}`);
    }
    for (const s of r.stats.outcomes) finals.add(s);
    for (const f of r.findings) if (COMPARED(f)) findings.add(findingKey(f));
    const plan = r.stats.shard!;
    expect(plan.index).toBe(index);
    if (prefixes >= 0) expect(plan.prefixes, 'every shard computes the same list').toBe(prefixes);
    prefixes = plan.prefixes;
    expect(plan.taken.every((i) => i % count === index - 1)).toBe(true);
    expect(plan.finished).toBe(plan.taken.length);
    taken.push(...plan.taken);
  }
  return { finals: [...finals].sort(), findings: [...findings].sort(), complete, why: why.join('\n'), taken: taken.sort((a, b) => a - b), prefixes };
}

/** Programs whose prefixes were more than the shards (the split did split). */
let split = 0;

function compare(program: Program, count: number, strategy: 'dpor' | 'portfolio' = 'dpor'): boolean {
  const want = bruteForce(program);
  if (!want) return false;
  const got = sharded(program, count, strategy);
  expect(got.complete, got.why).toBe(true);
  expect(got.taken, 'each prefix taken by exactly one shard').toEqual([...Array(got.prefixes).keys()]);
  expect(got.finals, 'final states').toEqual(want.finals);
  expect(got.findings, 'findings').toEqual(want.findings);
  if (got.prefixes >= 4 * count) split++;
  return true;
}

describe('sharded dpor reaches what every interleaving reaches', () => {
  RUNTIMES.forEach((runtime, i) => {
    it(`${RUNS} random core programs in 4 shards, ${runtime}`, () => {
      let compared = 0;
      split = 0;
      fc.assert(
        fc.property(fc.oneof(programArb, syncHeavyProgramArb, timedProgramArb), (p) => {
          try {
            if (compare(toCoreProgram(p, runtime), 4)) compared++;
          } catch (e) {
            throw new Error(`${(e as Error).message}\n${JSON.stringify(p)}`, { cause: e });
          }
        }),
        { seed: SEED + i, numRuns: RUNS, endOnFailure: false },
      );
      expect(compared).toBeGreaterThan(RUNS * 0.8);
      expect(split, 'most programs split into at least 4 prefixes a shard').toBeGreaterThan(compared / 2);
    }, 600_000);
  });

  it('with 1, 2, 3 and 7 shards, and as the portfolio\'s dpor', () => {
    fc.assert(
      fc.property(fc.oneof(programArb, syncHeavyProgramArb), fc.constantFrom(1, 2, 3, 7), fc.boolean(), (p, count, portfolio) => {
        compare(toCoreProgram(p, 'go'), count, portfolio ? 'portfolio' : 'dpor');
      }),
      { seed: SEED + 9, numRuns: 60, endOnFailure: false },
    );
  }, 600_000);
});
