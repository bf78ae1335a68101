/**
 * The debugger's task states shared between steps (src/core/trace/taskStates.ts): a state
 * read just after another from the same live replay copies only the tasks that can have
 * changed. Oracle: the same state read afresh from the same paused simulation, at every
 * event (and across gaps of a few events) of runs of each runtime.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, type RunTrace } from '../../../src/core/index';
import { Simulation } from '../../../src/core/engine/simulation';
import { hwOfTasks, taskStatesAfter, taskStatesOf, type TaskStates } from '../../../src/core/trace/taskStates';
import { stateAt, stateOf, replayTo } from '../../../src/core/trace/query';
import { compileText, programOf } from '../../../src/service/compile';

const root = join(__dirname, '..', '..', '..');
const EXAMPLES = [
  'gmp/run-queues-and-stealing.scenario.yaml', // Go: Ps, steals, the netpoller
  'gil/cpu-threads-serialised.scenario.yaml', // CPython: the GIL
  'concurrency/sleepers-threads.scenario.yaml', // OS threads sleeping
  'semaphores/five-workers-two-permits.scenario.yaml', // blocked on a semaphore
  'syscalls/blocking-syscall-handoff.scenario.yaml',
  'async/lost-update-await.py', // asyncio
];

function traced(rel: string) {
  const file = join(root, 'examples', rel);
  const program = programOf(compileText(file, readFileSync(file, 'utf8')), file);
  return simulate(program, { mode: 'timed', trace: true });
}

const view = (s: TaskStates) => ({ tasks: s.slice(0, s.count), running: s.running, counts: s.counts() });

describe('task states shared between steps', () => {
  for (const rel of EXAMPLES) {
    it(`equal the states read afresh at every event: ${rel}`, () => {
      const file = rel;
      const trace = traced(file).trace as RunTrace;
      const sim = new Simulation(trace.program, trace.options, trace.deps);
      let prev: { states: TaskStates; length: number } | null = null;
      for (let i = 0, gap = 1; i < trace.log.length; i += gap, gap = gap === 1 ? 4 : 1) {
        sim.timed!.stopAtTraceEvent = i + 1;
        while (sim.timed!.trace!.length <= i && !sim.runSlice(10_000)) { /* replay */ }
        const hw = hwOfTasks(sim);
        const fresh = taskStatesOf(sim, hw);
        const stepped: TaskStates = prev ? taskStatesAfter(prev.states, prev.length, sim, hw) : fresh;
        expect(view(stepped), `${file} @${i}`).toEqual(view(fresh));
        prev = { states: stepped, length: sim.timed!.trace!.length };
      }
    });
  }

  it('the debugger cursor answers as a fresh replay, forwards and back', () => {
    const r = traced('gmp/run-queues-and-stealing.scenario.yaml');
    const trace = r.trace as RunTrace;
    const n = trace.log.length;
    for (const i of [0, 1, 2, 3, 10, 11, 12, 9, 8, n - 1, n - 2, 40, 41, 5]) {
      const s = stateAt(r, i);
      const want = stateOf(replayTo(trace, i), i);
      expect(s.tasks, `@${i}`).toEqual(want.tasks);
      expect(s.taskStates.counts()).toEqual(want.taskStates.counts());
    }
  });
});
