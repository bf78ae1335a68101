/**
 * A shared property, element or container structure is declared to the engine on first
 * touch (runtimeSource.ts, ensureProp). Issue 18 reported it marked as made when a task's
 * code ran ahead to the make, not when the make executed, so another task could reach the
 * variable before it existed ("unknown shared variable `m[*]`" on `replay --schedule
 * v1:1:1`). The mark now moves in the make's own step (its fx), and two tasks that both
 * make a variable first keep the first: every schedule of these programs runs without an
 * error, whichever task touches first and however far the others ran ahead.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { simulate } from '../../../src/core/engine/simulate';
import { op, program } from '../core/helpers';
import { replayCommand } from '../../../src/cli/commands/replay';
import { call, fakeIo } from '../explore/cliCall';
import { compile } from './helpers';

const H = 'import { spawn, go, WaitGroup } from "interleave";\n';

const PROGRAMS: Record<string, string> = {
  'map key and size': `${H}export default function main() {
  const m = new Map<string, number>();
  const a = spawn(() => { m.set("k", 1); });
  const b = spawn(() => { return m.get("k") ?? m.size; });
  a.join(); b.join();
  return m.size;
}`,
  'array push and length': `${H}export default function main() {
  const xs: number[] = [];
  const a = spawn(() => { xs.push(1); });
  const b = spawn(() => { xs.push(2); return xs.length; });
  a.join(); b.join();
  return xs.length;
}`,
  'object field and set member': `${H}export default function main() {
  const o: { f?: number } = {};
  const s = new Set<number>();
  const wg = new WaitGroup();
  wg.add(2);
  go(() => { o.f = 1; s.add(1); wg.done(); });
  go(() => { const v = o.f; s.has(1); o.f = (v ?? 0) + 1; wg.done(); });
  wg.wait();
  return o.f;
}`,
};

describe('variables made on first touch exist before any task reaches them, in every schedule', () => {
  for (const [name, text] of Object.entries(PROGRAMS)) {
    it(`${name}: every schedule (exhaustive and random) ends without an error`, () => {
      const p = compile(text);
      const all = explore(p, { maxSchedules: 2000, minimise: false });
      expect({ complete: all.complete, errors: all.stats.errors }).toEqual({ complete: true, errors: [] });
      const random = explore(p, { strategy: 'random', maxSchedules: 200, minimise: false });
      expect(random.stats.errors).toEqual([]);
      expect(all.findings.filter((f) => f.kind === 'data-race').length).toBeGreaterThan(0);
    }, 60_000);
  }

  it('the replays the report named (v1:1:1 and its neighbours) run without "unknown shared variable"', () => {
    const files = { 'map.sim.ts': PROGRAMS['map key and size'] };
    for (const schedule of ['v1:1:1', 'v1:1:11', 'v1:1:101', 'v1:1:111', 'v1:1:1111']) {
      const a = fakeIo(files);
      const code = call(replayCommand, ['map.sim.ts', '--schedule', schedule], a.io);
      expect(a.out() + a.err(), schedule).not.toMatch(/unknown shared variable|internal/);
      expect(code, schedule).not.toBe(2);
    }
  });

  it('an access no step made is reported without scenario words (no `vars`), and as a front end fault', () => {
    const main = function* () { yield op.read('m[*]', 3); };
    const r = simulate(program(main), { mode: 'untimed', seed: 1 });
    expect(r.error).toMatch(/unknown shared variable `m\[\*\]`/);
    expect(r.error).not.toMatch(/vars|declare/);
    expect(r.error).toMatch(/front end/);
  });
});
