/**
 * An exception the program throws and nothing catches is a finding with its schedule, as a
 * failed `assert` is: a checker that showed it only as a note (and called the search
 * incomplete) hid the bug it was asked to find.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile } from '../typescript/helpers';

/** Peterson's lock with the two writes of the entry protocol swapped: both can enter. */
const BROKEN_PETERSON = `// @interleave runtime=threads cores=2
import { go, WaitGroup } from "interleave";
let flag0 = false, flag1 = false, turn = 0, inside = 0;
function enter(me: number) {
  if (me === 0) { turn = 1; flag0 = true; while (flag1 && turn === 1) {} }
  else { turn = 0; flag1 = true; while (flag0 && turn === 0) {} }
  inside++;
  if (inside !== 1) throw new Error("mutual exclusion violated");
  inside--;
  if (me === 0) flag0 = false; else flag1 = false;
}
export default function main() {
  const wg = new WaitGroup();
  wg.add(2);
  go(() => { enter(0); wg.done(); });
  go(() => { enter(1); wg.done(); });
  wg.wait();
}
`;

describe('an uncaught exception in a task', () => {
  it('is an assertion finding at the throw, with a schedule, and the search still completes', () => {
    const r = explore(compile(BROKEN_PETERSON, 'peterson.sim.ts'), { maxSchedules: 5000 });
    expect(r.complete).toBe(true);
    expect(r.stats.errors).toEqual([]);
    const thrown = r.findings.filter((f) => f.kind === 'assertion');
    expect(thrown.length).toBeGreaterThan(0);
    expect(thrown[0].message).toMatch(/^T\d threw an uncaught Error: mutual exclusion violated$/);
    expect(thrown[0].at.line).toBe(8);
    expect(thrown[0].schedule).toMatch(/^v1:/);
  });

  it('the correct lock throws nothing', () => {
    const fixed = BROKEN_PETERSON.replace('turn = 1; flag0 = true;', 'flag0 = true; turn = 1;').replace('turn = 0; flag1 = true;', 'flag1 = true; turn = 0;');
    const r = explore(compile(fixed, 'peterson.sim.ts'), { maxSchedules: 5000 });
    expect(r.complete).toBe(true);
    expect(r.findings.filter((f) => f.kind === 'assertion')).toEqual([]);
  });
});
