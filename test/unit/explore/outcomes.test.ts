/**
 * What `explore` says a program can end with: the distinct final states hold only the
 * program's shared variables under their source names, and `--outcomes VAR,...` lists the
 * reachable values of the named ones, each with a schedule that replays to it.
 */
import { describe, expect, it } from 'vitest';
import { exploreCommand } from '../../../src/cli/commands/explore';
import { replayCommand } from '../../../src/cli/commands/replay';
import { parseArgs } from '../../../src/cli/args';
import { call, fakeIo } from './cliCall';
import { explore } from '../../../src/core/explore';
import { compile } from '../typescript/helpers';

const SB = `// @interleave runtime=threads cores=2
import { go, WaitGroup } from "interleave";
let x = 0, y = 0, r1 = -1, r2 = -1;
export default function main() {
  const wg = new WaitGroup();
  wg.add(2);
  go(() => { x = 1; r1 = y; wg.done(); });
  go(() => { y = 1; r2 = x; wg.done(); });
  wg.wait();
}
`;

/** A helper called twice makes its captured local twice (`v`, `v#2`); objects hold a mutex. */
const LOCALS = `// @interleave runtime=go
import { go, WaitGroup, Mutex } from "interleave";
let total = 0;
const box = { n: 0, mu: new Mutex() };
function worker(wg: WaitGroup) {
  let v = 0;
  const w = new WaitGroup();
  w.add(1);
  go(() => { v++; w.done(); });
  w.wait();
  box.mu.lock(); box.n += v; box.mu.unlock();
  total += v;
  wg.done();
}
export default function main() {
  const wg = new WaitGroup();
  wg.add(2);
  go(() => worker(wg));
  go(() => worker(wg));
  wg.wait();
}
`;

/** Forks in an array, first touched in an order that varies by schedule (before, each order was another "distinct" state). */
const FORKS = `// @interleave runtime=threads cores=2
import { go, Mutex, WaitGroup } from "interleave";
let eaten = 0;
export default function main() {
  const forks = [new Mutex(), new Mutex(), new Mutex()];
  const wg = new WaitGroup();
  wg.add(2);
  go(() => { forks[2].lock(); forks[0].lock(); eaten++; forks[0].unlock(); forks[2].unlock(); wg.done(); });
  go(() => { forks[0].lock(); forks[1].lock(); eaten++; forks[1].unlock(); forks[0].unlock(); wg.done(); });
  wg.wait();
}
`;

describe('distinct final states', () => {
  it('hold the shared variables under their source names: no per-call locals (v, v#2), no mutex handles', () => {
    const r = explore(compile(LOCALS, 'locals.sim.ts'), { maxSchedules: 500 });
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"box.n":2,"total":1}', '{"box.n":2,"total":2}']);
  });

  it('do not depend on the order a schedule first touched the variables', () => {
    const r = explore(compile(FORKS, 'forks.sim.ts'), { maxSchedules: 500 });
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"eaten":2}']);
  });
});

describe('explore --outcomes', () => {
  const files = { 'sb.sim.ts': SB };

  it('lists exactly the SC results of store buffering, each with a schedule that replays to it', () => {
    const a = fakeIo(files);
    call(exploreCommand, ['sb.sim.ts', '--outcomes', 'r1,r2'], a.io);
    const text = a.out();
    expect(text).toContain('outcomes of r1, r2: 3 distinct results, every reachable one (the search was complete)');
    const rows = [...text.matchAll(/^ {2}(r1=\S+ r2=\S+)\s+schedule: (\S+)$/gm)];
    expect(rows.map((m) => m[1])).toEqual(['r1=0 r2=1', 'r1=1 r2=0', 'r1=1 r2=1']);
    for (const [, values, schedule] of rows) {
      const b = fakeIo(files);
      call(replayCommand, ['sb.sim.ts', '--schedule', schedule, '--json'], b.io);
      const finals = (JSON.parse(b.out()) as { untimed?: { finals: Record<string, number> }; finals?: Record<string, number> });
      const f = finals.untimed?.finals ?? finals.finals!;
      expect(`r1=${f.r1} r2=${f.r2}`).toBe(values);
    }
  });

  it('--stateful: the same SC results from a search that explores each visited state once, each schedule replaying to it', () => {
    const a = fakeIo(files);
    call(exploreCommand, ['sb.sim.ts', '--stateful', '--outcomes', 'r1,r2'], a.io);
    const text = a.out();
    expect(text).toMatch(/^sb\.sim\.ts: dpor \(stateful, \d+ states\), /);
    expect(text).toContain('outcomes of r1, r2: 3 distinct results, every reachable one (the search was complete)');
    const rows = [...text.matchAll(/^ {2}(r1=\S+ r2=\S+)\s+schedule: (\S+)$/gm)];
    expect(rows.map((m) => m[1])).toEqual(['r1=0 r2=1', 'r1=1 r2=0', 'r1=1 r2=1']);
    for (const [, values, schedule] of rows) {
      const b = fakeIo(files);
      call(replayCommand, ['sb.sim.ts', '--schedule', schedule, '--json'], b.io);
      const finals = (JSON.parse(b.out()) as { untimed?: { finals: Record<string, number> }; finals?: Record<string, number> });
      const f = finals.untimed?.finals ?? finals.finals!;
      expect(`r1=${f.r1} r2=${f.r2}`).toBe(values);
    }
    expect(() => exploreCommand.run(parseArgs(['sb.sim.ts', '--stateful', '--strategy', 'pct'], exploreCommand.options), fakeIo(files).io))
      .toThrow('--stateful goes with --strategy dpor or portfolio, not pct');
  });

  it('gives the same rows as JSON, and names the variables it knows when one is misspelt (exit 2)', () => {
    const a = fakeIo(files);
    call(exploreCommand, ['sb.sim.ts', '--outcomes', 'r2', '--json'], a.io);
    const j = JSON.parse(a.out()) as { outcomes_of: { vars: string[]; values: { values: Record<string, number>; schedule: string }[] } };
    expect(j.outcomes_of.vars).toEqual(['r2']);
    expect(j.outcomes_of.values.map((v) => v.values.r2)).toEqual([0, 1]);
    const b = fakeIo(files);
    expect(call(exploreCommand, ['sb.sim.ts', '--outcomes', 'r1,r3'], b.io)).toBe(2);
    expect(b.err()).toContain('no schedule ended with a shared variable named `r3`; the program\'s shared variables are `r1`, `r2`, `x`, `y`');
    expect(call(exploreCommand, ['sb.sim.ts', '--outcomes', ' , '], fakeIo(files).io)).toBe(2);
  });
});
