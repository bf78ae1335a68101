/**
 * The panel's moments come from the trace (the machine recorded during the run,
 * core/trace/machine.ts), not from a replay. Oracle: a replay paused just after each trace
 * event (the core's time travel, as the panel read moments before), reading the machine
 * there. Both must give the same machine at every event of every example, on every runtime
 * and front end the panel shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINE_WORK_LIMIT, simulate, Simulation, type RunTrace } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { MomentCursor } from '../../../src/service/panel/adapter';
import { snapshotOf } from '../../../src/service/panel/snapshot';
import type { MachineSnapshot } from '../../../src/protocol/panel';

/** The machine just after each of the trace's first `limit` events, from one replay paused at each. */
function replayedMoments(trace: RunTrace, limit: number): MachineSnapshot[] {
  const sim = new Simulation(trace.program, trace.options, trace.deps);
  const timed = sim.timed!;
  const out: MachineSnapshot[] = [];
  for (let i = 0; i < limit; i++) {
    timed.stopAtTraceEvent = i + 1;
    let done = false;
    while (timed.trace!.length <= i && !done) done = sim.runSlice(10_000);
    out.push(snapshotOf(sim, trace.options.set?.['runtime.kind'] as never ?? sim.config.runtime.kind));
  }
  return out;
}

function runnableExamples(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(scenario\.yaml|sim\.ts|go|py)$/.test(e.name)) out.push(p);
    }
  };
  walk('examples');
  return out.sort();
}

/** Events compared per run (every event of most examples; the first ones of long runs). */
const LIMIT = 400;

describe('panel moments recorded during the run', () => {
  const files = runnableExamples();
  const runtimes = new Set<string>();

  it.each(files)('%s: every moment as a paused replay shows it, without one', (file) => {
    const c = compileSource(readFileSync(file, 'utf8'), file);
    if (c.errors.length > 0 || !c.program) return; // not a runnable example (its own tests cover it)
    const r = simulate(c.program, { mode: 'timed', trace: true, machine: true, budget: { events: 200_000 } });
    const trace = r.trace as RunTrace;
    if (trace.log.length === 0) return;
    // A run past the recorder's work limit records none; the panel replays those (checked below too).
    const work = trace.log.length * trace.taskLabels.length;
    if (work < MACHINE_WORK_LIMIT / 4) expect(trace.machine, 'the run recorded its machine').toBeDefined();
    runtimes.add(r.config.runtime.kind);
    const n = Math.min(trace.log.length, trace.machine ? LIMIT : 3);
    const replayed = replayedMoments(trace, n);
    const cursor = new MomentCursor(r);
    for (let i = 0; i < n; i++) {
      const m = cursor.moment(i).machine;
      if (JSON.stringify(m) !== JSON.stringify(replayed[i])) expect(m, `${file} event ${i}`).toEqual(replayed[i]);
    }
  });

  it('compared every runtime the panel shows', () => {
    for (const k of ['go', 'threads', 'python', 'processes']) expect(runtimes.has(k), k).toBe(true);
  });
});
