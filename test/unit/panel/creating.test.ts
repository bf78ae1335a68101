/**
 * Issue 16 item 8: a thread whose kernel thread is still being created (pthread_create,
 * `os.thread_create`) is drawn as being created, not as runnable, in the timeline and in
 * the machine view (not in the OS ready queue while a core sits idle); its creation ends
 * with a `created` change, and Go's goroutines never show the state.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type RunResult, type RunTrace } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { buildTimeline, MomentCursor } from '../../../src/service/panel/adapter';
import { STATE } from '../../../src/protocol/panel';

const THREADS = `// @interleave runtime=threads cores=2
import { spawn, compute } from "interleave";
export default function main() {
  const a = spawn(() => { compute(100_000); });
  const b = spawn(() => { compute(100_000); });
  a.join(); b.join();
}
`;

function run(source: string, file: string): RunResult {
  const c = compileSource(source, file);
  expect(c.errors).toEqual([]);
  const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
  expect(r.stopped).toBe('finished');
  return r;
}

/** Per task label, its intervals' [state, start, end] on its own lane. */
function taskStates(r: RunResult): Map<string, [number, number, number][]> {
  const tl = buildTimeline(r, { file: 'x' });
  const out = new Map<string, [number, number, number][]>();
  const iv = tl.intervals;
  for (let i = 0; i < iv.lane.length; i++) {
    const lane = tl.lanes[iv.lane[i]];
    if (lane.kind !== 'task') continue;
    const id = tl.tasks[lane.task!].id;
    if (!out.has(id)) out.set(id, []);
    out.get(id)!.push([iv.state[i], iv.start[i], iv.end[i]]);
  }
  for (const list of out.values()) list.sort((a, b) => a[1] - b[1]);
  return out;
}

describe('a thread being created', () => {
  it('is "being created" for os.thread_create after its spawn, then runnable or running; main never is', () => {
    const r = run(THREADS, 'creating.sim.ts');
    const create = r.config.os.threadCreateNs;
    expect(create).toBeGreaterThan(0);
    const states = taskStates(r);
    const [main, first, second] = [...states.keys()];
    expect(states.get(main)!.some(([s]) => s === STATE.creating)).toBe(false);
    for (const t of [first, second]) {
      const [s, start, end] = states.get(t)![0];
      expect(s, `${t} starts as being created`).toBe(STATE.creating);
      // From its spawn, its kernel thread takes os.thread_create to exist (threads-runtime.ts).
      expect(end - start).toBeCloseTo(create, -1);
      expect(states.get(t)!.slice(1).some(([st]) => st === STATE.running)).toBe(true);
    }
  });

  it('is shown apart in the machine view, not in the ready queue, and its creation is a change', () => {
    const r = run(THREADS, 'creating.sim.ts');
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const moments = Array.from({ length: n }, (_, i) => cursor.moment(i));
    const during = moments.find((m) => (m.machine.creating?.length ?? 0) > 0);
    expect(during, 'a moment with a thread being created').toBeDefined();
    for (const m of moments) {
      for (const t of m.machine.creating ?? []) expect(m.machine.globalQueue).not.toContain(t);
    }
    const created = moments.flatMap((m) => m.changes).filter((c) => c.kind === 'created');
    expect(created.map((c) => c.from)).toEqual(['creating', 'creating']);
    expect(created.flatMap((c) => c.tasks)).toHaveLength(2);
  });

  it('never applies to goroutines (newproc costs the parent, but a G needs no kernel thread)', () => {
    const go = THREADS.replace('runtime=threads', 'runtime=go');
    const r = run(go, 'creating-go.sim.ts');
    for (const list of taskStates(r).values()) expect(list.some(([s]) => s === STATE.creating)).toBe(false);
  });
});
