/**
 * The classic litmus tests under sequential consistency (Adve & Gharachorloo 1996, the
 * herd7 SC model): dpor's distinct final states must be exactly the SC outcomes. The
 * expected sets come from an independent enumerator of every interleaving of the
 * straight-line threads (the definition of SC), and each test also names the outcome
 * the literature says SC forbids.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile } from '../typescript/helpers';

type Instr = { w: string; v: number } | { r: string; from: string };
interface Litmus { name: string; threads: Instr[][]; show: string[]; forbidden: Record<string, number> }

const W = (w: string, v: number): Instr => ({ w, v });
const R = (r: string, from: string): Instr => ({ r, from });

const LITMUS: Litmus[] = [
  { name: 'SB', threads: [[W('x', 1), R('r1', 'y')], [W('y', 1), R('r2', 'x')]], show: ['r1', 'r2'], forbidden: { r1: 0, r2: 0 } },
  { name: 'MP', threads: [[W('x', 1), W('y', 1)], [R('r1', 'y'), R('r2', 'x')]], show: ['r1', 'r2'], forbidden: { r1: 1, r2: 0 } },
  { name: 'LB', threads: [[R('r1', 'x'), W('y', 1)], [R('r2', 'y'), W('x', 1)]], show: ['r1', 'r2'], forbidden: { r1: 1, r2: 1 } },
  { name: '2+2W', threads: [[W('x', 1), W('y', 2)], [W('y', 1), W('x', 2)]], show: ['x', 'y'], forbidden: { x: 1, y: 1 } },
  { name: 'CoRR', threads: [[W('x', 1)], [R('r1', 'x'), R('r2', 'x')]], show: ['r1', 'r2'], forbidden: { r1: 1, r2: 0 } },
  {
    name: 'IRIW',
    threads: [[W('x', 1)], [W('y', 1)], [R('r1', 'x'), R('r2', 'y')], [R('r3', 'y'), R('r4', 'x')]],
    show: ['r1', 'r2', 'r3', 'r4'], forbidden: { r1: 1, r2: 0, r3: 1, r4: 0 },
  },
  {
    name: 'WRC',
    threads: [[W('x', 1)], [R('r1', 'x'), W('y', 1)], [R('r2', 'y'), R('r3', 'x')]],
    show: ['r1', 'r2', 'r3'], forbidden: { r1: 1, r2: 1, r3: 0 },
  },
];

/** Every interleaving of the threads, run on one memory: the SC outcomes of `show`. */
function scOutcomes(t: Litmus): Set<string> {
  const out = new Set<string>();
  const go = (pcs: number[], mem: Record<string, number>): void => {
    let moved = false;
    t.threads.forEach((thread, i) => {
      if (pcs[i] >= thread.length) return;
      moved = true;
      const ins = thread[pcs[i]];
      const next = { ...mem };
      if ('w' in ins) next[ins.w] = ins.v;
      else next[ins.r] = mem[ins.from] ?? 0;
      go(pcs.map((p, j) => (j === i ? p + 1 : p)), next);
    });
    if (!moved) out.add(JSON.stringify(t.show.map((k) => mem[k] ?? 0)));
  };
  go(t.threads.map(() => 0), {});
  return out;
}

function source(t: Litmus): string {
  const vars = new Set<string>();
  for (const th of t.threads) for (const i of th) { vars.add('w' in i ? i.w : i.r); if ('r' in i) vars.add(i.from); }
  const body = (th: Instr[]) => th.map((i) => ('w' in i ? `${i.w} = ${i.v};` : `${i.r} = ${i.from};`)).join(' ');
  return `// @interleave runtime=threads cores=4
import { spawn } from "interleave";
export default function main() {
  let ${[...vars].map((v) => `${v} = 0`).join(', ')};
${t.threads.map((th, i) => `  const t${i} = spawn(() => { ${body(th)} });`).join('\n')}
${t.threads.map((_, i) => `  t${i}.join();`).join('\n')}
}
`;
}

describe('litmus tests: the distinct final states are exactly the sequentially consistent outcomes', () => {
  for (const t of LITMUS) {
    it(`${t.name}`, () => {
      const expected = scOutcomes(t);
      expect(expected.has(JSON.stringify(t.show.map((k) => t.forbidden[k])))).toBe(false);
      const r = explore(compile(source(t)), { strategy: 'dpor', maxSchedules: 100_000 });
      expect(r.complete).toBe(true);
      const got = new Set(r.stats.outcomes.map((o) => { const f = JSON.parse(o); return JSON.stringify(t.show.map((k) => f[k])); }));
      expect([...got].sort()).toEqual([...expected].sort());
    });
  }
});
