/**
 * The guarantee of issue 21 for async programs (issue 23): on small generated async
 * TypeScript programs, dpor's exploration of io() completion orders reaches exactly what the
 * naive enumeration of every order reaches: the same final states and the same findings (by
 * `findingKey`: races across await, assertions, deadlocks). Programs: two or three flows,
 * each a few statements over two shared variables: a request (`await io()`), an increment
 * done across an await (read, await, write back), a plain increment, a timer, an assertion.
 * `INTERLEAVE_ASYNC_DIFF_RUNS` (default 12) programs, from a fixed seed.
 */
import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { explore, findingKey } from '../../../src/core/explore';
import { jsonValue } from '../../../src/core/valueText';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { forEachInterleaving } from '../explore/bruteForce';

const RUNS = Number(process.env.INTERLEAVE_ASYNC_DIFF_RUNS ?? 12);

/** mulberry32: the programs are the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function statement(r: () => number, flow: number, k: number): string {
  const v = r() < 0.5 ? 'a' : 'b';
  switch (Math.floor(r() * 6)) {
    case 0: return `await io("f${flow}.${k}");`;
    case 1: return `{ const t${k} = ${v}; await io("f${flow}.${k}"); ${v} = t${k} + 1; }`;
    case 2: return `${v} = ${v} + 1;`;
    case 3: return `await sleep(${1 + Math.floor(r() * 3)}); ${v} = ${v} * 2;`;
    case 4: return `assert(${v} < ${3 + Math.floor(r() * 4)}, "${v} stays small");`;
    default: return `await Promise.all([io("f${flow}.${k}x"), io("f${flow}.${k}y")]); ${v} = ${v} + 10;`;
  }
}

function program(seed: number): string {
  const r = rng(seed);
  const flows = 2 + Math.floor(r() * 2);
  const bodies: string[] = [];
  for (let f = 0; f < flows; f++) {
    const n = 1 + Math.floor(r() * 2);
    const st: string[] = [];
    for (let k = 0; k < n; k++) st.push('  ' + statement(r, f, k));
    bodies.push(`async function flow${f}() {\n${st.join('\n')}\n}`);
  }
  const calls = bodies.map((_, f) => `flow${f}()`).join(', ');
  return `import { io, sleep, assert } from "interleave";\nlet a = 0;\nlet b = 0;\n${bodies.join('\n')}\n`
    + `export default async function main() {\n  await Promise.all([${calls}]);\n}\n`;
}

interface Reached {
  states: string[];
  findings: string[];
  orders: number;
}

function naive(text: string): Reached | undefined {
  const p = compileTypeScript(text, 'gen.sim.ts').program!;
  const states = new Set<string>();
  const findings = new Set<string>();
  let orders = 0;
  const all = forEachInterleaving(p, 2_000, (result) => {
    orders++;
    if (result.stopped === 'finished') states.add(JSON.stringify(jsonValue(result.finals)));
    for (const f of result.findings) findings.add(findingKey(f));
  });
  return all ? { states: [...states].sort(), findings: [...findings].sort(), orders } : undefined;
}

describe('async programs: dpor against every io() completion order', () => {
  it(`reaches the same final states and findings on ${RUNS} generated programs`, () => {
    let compared = 0;
    let reduced = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const text = program(seed);
      const c = compileTypeScript(text, 'gen.sim.ts');
      expect(c.errors.map((e) => e.message), text).toEqual([]);
      const oracle = naive(text);
      if (!oracle) continue;
      const r = explore(c.program!, { strategy: 'dpor', maxSchedules: 100_000 });
      expect(r.complete, text).toBe(true);
      expect(r.stats.outcomes, text).toEqual(oracle.states);
      expect(r.findings.map(findingKey).sort(), text).toEqual(oracle.findings);
      if (r.schedules < oracle.orders) reduced++;
      compared++;
    }
    expect(compared).toBeGreaterThan(RUNS * 0.6);
    // Completions that touch disjoint state commute: dpor runs fewer schedules on some programs.
    expect(reduced).toBeGreaterThan(0);
  });
});
