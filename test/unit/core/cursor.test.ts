/**
 * The debugger's stepping: `stateAt` keeps a live replay for steps forwards and a window
 * of states for steps backwards, and every answer equals a fresh replay to that event.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/engine/simulate';
import { Simulation, type RunTrace } from '../../../src/core/engine/simulation';
import { TraceCursor } from '../../../src/core/trace/cursor';
import { replayTo, stateAt, stateOf } from '../../../src/core/trace/query';
import { op, program, spawnAndJoin, testSync } from './helpers';

const worker = function* () {
  for (let k = 0; k < 20; k++) {
    yield op.sync('mu', 'lock', 3);
    const v = (yield op.read('n', 4)) as number;
    yield op.compute(5_000, 'cpu', 5);
    yield op.write('n', v + 1, 6);
    yield op.sync('mu', 'unlock', 7);
    yield op.sleep(3_000, 8);
  }
};

function run() {
  return simulate(program(spawnAndJoin(worker, 3), {
    vars: [{ id: 'n', name: 'n', initial: 0 }], objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
    config: { machine: { cores: 2 } },
  }), { mode: 'timed', trace: true }, testSync);
}

describe('stepping through a trace (stateAt cursor)', () => {
  it('forwards, backwards and jumps give the same states as a fresh replay to each event', () => {
    const r = run();
    const trace = r.trace as RunTrace;
    const n = trace.log.length;
    expect(n).toBeGreaterThan(400);
    const path = [0, 1, 2, 3, 50, 51, 49, 48, 10, 11, n - 1, n - 2, n - 3, 200, 120, 121, 5, 399, 398];
    for (const i of path) expect(stateAt(r, i)).toEqual(stateOf(replayTo(trace, i), i));
  });

  it('a step forwards continues the paused replay; steps backwards replay once per window', () => {
    const r = run();
    const trace = r.trace as RunTrace;
    let replays = 0;
    const cursor = new TraceCursor(trace, (sim: Simulation, i) => {
      return { sim, i, n: sim.world.values[0] };
    });
    const sims = new Set<Simulation>();
    for (let i = 0; i < 300; i++) sims.add(cursor.at(i).sim);
    expect(sims.size).toBe(1); // 300 steps forwards: one replay
    for (let i = 299; i >= 100; i--) {
      const s = cursor.at(i);
      if (!sims.has(s.sim)) { sims.add(s.sim); replays++; }
      expect(s.n).toBe(stateOf(replayTo(trace, i), i).vars.n);
    }
    expect(replays).toBeLessThanOrEqual(2); // the window covers the way back
  });
});
