/**
 * Spin loops (engine/spin.ts): a task that keeps re-reading unchanged values in a pure loop
 * waits for a write instead of spinning. The explorer then finds what a spin-based program
 * does in few schedules, reports a spin that can never end as a livelock, and reports a
 * schedule that still runs out of steps as a possible livelock. Parking must lose nothing:
 * the same programs explored without the front end's loop sites (every spin runs until the
 * step budget) reach the same final states.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../../src/core/explore';
import type { Program } from '../../../src/core/program';
import { compile, run } from '../typescript/helpers';

const header = '// @interleave runtime=threads cores=2\nimport { spawn, go, gosched, assert, Chan } from "interleave";\n';

function brokenLock(entries: number): string {
  return `${header}
export default function main() {
  let flag = false;
  let inside = 0;
  const worker = () => {
    for (let k = 0; k < ${entries}; k++) {
      while (flag) {}
      flag = true;
      inside = inside + 1;
      assert(inside === 1, "two inside");
      inside = inside - 1;
      flag = false;
    }
  };
  const a = spawn(worker);
  const b = spawn(worker);
  a.join();
  b.join();
}
`;
}

const kinds = (r: ExploreResult) => [...new Set(r.findings.map((f) => f.kind))].sort();
const withoutLoops = (p: Program): Program => ({ ...p, loops: undefined });

describe('spin loops', () => {
  it('the front end marks a loop pure only when an iteration can change nothing but its path', () => {
    const p = compile(`${header}
export default function main() {
  let flag = true;
  let n = 0;
  const c = new Chan<number>(1);
  go(() => { flag = false; n = 1; });
  while (flag) {}
  while (c.len() === 0 && flag) gosched();
  do { const seen = flag; if (seen) break; } while (n === 0);
  let tries = 0;
  while (flag) { tries = tries + 1; }
  for (;;) { if (!flag) break; }
  for (let i = 0; i < 2; i++) {}
  for (const x of [1, 2]) { if (x > n) break; }
  while (flag) { assert(n === 0, "never"); }
}
`);
    expect(p.loops?.map((l) => `${l.at.line}:${l.pure}`)).toEqual([
      '9:true', '10:true', '11:true', '13:false', '14:true', '15:false', '16:false', '17:false',
    ]);
  });

  it('a broken flag lock (2 threads, 3 entries each): the mutual-exclusion violation within 20 schedules, no run cut short', () => {
    const r = explore(compile(brokenLock(3)), { maxSchedules: 20 });
    expect(kinds(r)).toContain('assertion');
    expect(kinds(r)).not.toContain('livelock');
    expect(r.stats.errors).toEqual([]);
  });

  it('a broken flag lock (1 entry each) is explored completely, with the same final states as without spin detection', () => {
    const p = compile(brokenLock(1));
    const parked = explore(p, { maxSchedules: 5000, minimise: false });
    expect(parked.complete).toBe(true);
    expect(kinds(parked)).toContain('assertion');
    const spinning = explore(withoutLoops(p), { maxSchedules: 20_000, maxStepsPerSchedule: 60, minimise: false, races: false });
    expect(parked.stats.outcomes).toEqual(spinning.stats.outcomes);
    expect(parked.schedules).toBeLessThan(spinning.schedules);
  });

  it('message passing through a spin: the right order never fails, the wrong one does, same outcomes as without spin detection', () => {
    const mp = (first: string, second: string) => compile(`${header}
export default function main() {
  let data = 0;
  let ready = false;
  let got = -1;
  const consumer = spawn(() => { while (!ready) {} got = data; });
  ${first};
  ${second};
  consumer.join();
}
`);
    const right = mp('data = 42', 'ready = true');
    const wrong = mp('ready = true', 'data = 42');
    const r1 = explore(right, { minimise: false });
    expect(r1.complete).toBe(true);
    expect(r1.stats.outcomes).toEqual(['{"data":42,"got":42,"ready":true}']);
    const r2 = explore(wrong, { minimise: false });
    expect(r2.complete).toBe(true);
    expect(r2.stats.outcomes).toEqual(['{"data":42,"got":0,"ready":true}', '{"data":42,"got":42,"ready":true}']);
    for (const [p, r] of [[right, r1], [wrong, r2]] as const) {
      const spinning = explore(withoutLoops(p), { maxSchedules: 20_000, maxStepsPerSchedule: 40, minimise: false, races: false });
      expect(r.stats.outcomes).toEqual(spinning.stats.outcomes);
    }
  });

  it('a flag nobody sets: a livelock at the loop\'s line, complete, and its schedule replays to it', () => {
    const p = compile(`${header}
export default function main() {
  let ready = false;
  const waiter = spawn(() => {
    while (!ready) {}
  });
  waiter.join();
}
`);
    const r = explore(p);
    expect(r.complete).toBe(true);
    const live = r.findings.filter((f) => f.kind === 'livelock');
    expect(live).toHaveLength(1);
    expect(live[0].at.line).toBe(7);
    expect(live[0].message).toMatch(/T2 .* spins forever .* reads `ready`/);
    expect(r.findings.some((f) => f.kind === 'deadlock')).toBe(false);
    const replay = run(p, { schedule: live[0].schedule });
    expect(replay.findings.map((f) => f.kind)).toContain('livelock');
  });

  it('a gosched() spin on a channel nobody sends on is a livelock too', () => {
    const p = compile(`// @interleave runtime=go
import { go, gosched, Chan } from "interleave";
export default function main() {
  const c = new Chan<number>(1);
  const done = new Chan<number>(1);
  go(() => {
    while (c.len() === 0) gosched();
    done.send(c.recv());
  });
  done.recv();
}
`);
    const r = explore(p);
    expect(r.complete).toBe(true);
    expect(r.findings.filter((f) => f.kind === 'livelock').map((f) => f.at.line)).toEqual([7]);
  });

  it('two threads that each raise a flag and wait for the other\'s to drop: the livelock and the runs that finish, as without spin detection', () => {
    const p = compile(`${header}
export default function main() {
  let f1 = false;
  let f2 = false;
  let done = 0;
  const a = spawn(() => { f1 = true; while (f2) {} done = done + 1; f1 = false; });
  const b = spawn(() => { f2 = true; while (f1) {} done = done + 1; f2 = false; });
  a.join();
  b.join();
}
`);
    const r = explore(p, { minimise: false });
    expect(r.complete).toBe(true);
    expect(kinds(r)).toContain('livelock');
    const spinning = explore(withoutLoops(p), { maxSchedules: 20_000, maxStepsPerSchedule: 60, minimise: false, races: false });
    expect(r.stats.outcomes).toEqual(spinning.stats.outcomes);
  });

  it('a loop with a counter is not parked: a waiter that gives up after three tries does give up', () => {
    const p = compile(`${header}
export default function main() {
  let ready = false;
  let gaveUp = false;
  const waiter = spawn(() => {
    let tries = 0;
    while (!ready) {
      tries = tries + 1;
      if (tries === 3) { gaveUp = true; break; }
    }
  });
  waiter.join();
  ready = true;
}
`);
    expect(p.loops?.[0].pure).toBe(false);
    const r = explore(p, { minimise: false });
    expect(r.complete).toBe(true);
    expect(r.stats.outcomes).toEqual(['{"gaveUp":true,"ready":true}']);
    expect(kinds(r)).not.toContain('livelock');
  });

  it('a loop the detection cannot prove endless runs into the step budget: a possible livelock with its schedule, and the search goes on', () => {
    const p = compile(`${header}
export default function main() {
  let stop = false;
  let x = 0;
  const spinner = spawn(() => {
    let n = 0;
    while (!stop) { n = n + 1; }
  });
  const other = spawn(() => { x = 1; });
  x = 2;
  other.join();
  stop = true;
  spinner.join();
}
`);
    const r = explore(p, { maxStepsPerSchedule: 500, maxSchedules: 300, minimise: false });
    expect(r.complete).toBe(false);
    const live = r.findings.filter((f) => f.kind === 'livelock');
    expect(live).toHaveLength(1);
    // 500 steps, plus two for each of the two tasks main starts (run.ts Budget.events).
    expect(live[0].message).toMatch(/^Possible livelock: the run took 504 steps without ending/);
    expect(live[0].at.line).toBe(9);
    expect(live[0].schedule).toMatch(/^v1:/);
    // Other schedules finished, with both orders of the race on x.
    expect(r.stats.outcomes).toEqual(['{"stop":true,"x":1}', '{"stop":true,"x":2}']);
  });

  it('a schedule that stops on the program\'s own uncaught exception is a finding, and the search still completes', () => {
    const p = compile(`${header}
export default function main() {
  let x = 0;
  const t = spawn(() => { x = 1; });
  if (x === 1) throw new Error("only when the child ran first");
  t.join();
}
`);
    const r = explore(p, { minimise: false });
    // An error no finding explains would leave the search incomplete (explore.ts `record`);
    // an uncaught exception is the program's own finding (uncaught.test.ts).
    expect(r.stats.errors).toEqual([]);
    expect(r.findings.find((f) => f.kind === 'assertion')?.message).toMatch(/threw an uncaught Error: only when the child ran first/);
    expect(r.complete).toBe(true);
  });
});
