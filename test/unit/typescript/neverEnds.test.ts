/**
 * Issue 18: a spin on state nothing else writes is a finding, found at once, not a slice that
 * runs out its 5 s limit (exit 2) or a run that spends the step budget. A pure loop
 * (compile/loops.ts) whose pass took no step is the same pass forever (transform.ts,
 * spinGuard); one whose passes take only yields or reads nobody writes is parked by the
 * engine (engine/spin.ts) and reported as a livelock when nothing else can run.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile, run } from './helpers';

function check(text: string) {
  const started = Date.now();
  const r = explore(compile(text), { maxSchedules: 200, minimise: false, timeLimitMs: 30_000 });
  return { r, ms: Date.now() - started, livelocks: r.findings.filter((f) => f.kind === 'livelock') };
}

describe('a loop that never ends is a livelock finding at its line', () => {
  it('while (!ready) {} in a task, on a variable only that task reaches', () => {
    const { r, ms, livelocks } = check(`import { spawn } from "interleave";
export default function main() {
  const t = spawn(() => {
    let ready = false;
    while (!ready) {}
  });
  t.join();
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(livelocks.map((f) => [f.at.line, f.severity])).toEqual([[5, 'error']]);
    expect(livelocks[0].message).toContain('this loop never ends: nothing writes `ready` while it runs');
    // Found at once: the slice limit is 5 s, and this must not wait for it.
    expect(ms).toBeLessThan(4000);
    expect(r.complete).toBe(true);
  });

  it('main spinning on a module variable no other task touches', () => {
    const { livelocks, r } = check(`let ready = false;
export default function main() {
  while (!ready) {}
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(livelocks.map((f) => f.at.line)).toEqual([3]);
    expect(livelocks[0].message).toContain('`ready`');
  });

  it('while (!ready) gosched() on a variable no other task reaches: parked on its yields, not the step budget', () => {
    const { livelocks, r } = check(`import { gosched } from "interleave";
let ready = false;
export default function main() {
  while (!ready) gosched();
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(livelocks.map((f) => [f.at.line, f.severity])).toEqual([[4, 'error']]);
    expect(r.complete).toBe(true);
  });

  it('while (c.len() === 0) gosched() on a channel nobody sends to', () => {
    const { livelocks, r } = check(`import { spawn, Chan, gosched } from "interleave";
const c = new Chan<number>(1);
export default function main() {
  const t = spawn(() => { while (c.len() === 0) gosched(); });
  t.join();
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(livelocks.map((f) => [f.at.line, f.severity])).toEqual([[4, 'error']]);
  });

  it('no livelock where another task ends the spin, or the loop leaves on its first pass', () => {
    const { r } = check(`import { spawn, AtomicInt, Chan, gosched } from "interleave";
const flag = new AtomicInt(0);
const c = new Chan<number>(1);
export default function main() {
  const t = spawn(() => { flag.store(1); c.send(1); });
  while (flag.load() === 0) {}
  while (c.len() === 0) gosched();
  const limit = 3;
  let x = 5;
  while (true) { if (x > limit) break; }
  do { x = 0; } while (x > 0);
  t.join();
}
`);
    expect(r.stats.errors).toEqual([]);
    expect(r.findings.map((f) => f.kind)).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('a timed run (interleave run) stops at the loop with the reason, not at the event budget', () => {
    const p = compile(`export default function main() {
  let ready = false;
  while (!ready) {}
}
`);
    const res = run(p, { mode: 'timed' });
    expect(res.stopped).toBe('error');
    expect(res.error).toMatch(/:3:\d+: .*this loop never ends/);
  });
});
