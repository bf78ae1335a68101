/**
 * The synchronous entry point: runs a program to the end (or its budget, or until
 * `shouldCancel` says stop, polled between slices) and returns the `RunResult`.
 */
import type { Program } from '../program';
import type { RunOptions, RunResult } from '../run';
import { Simulation, type SimulateDeps } from './simulation';

/** Events (timed) or steps (untimed) between two `shouldCancel` polls. */
export const SLICE_EVENTS = 50_000;

export function simulate(program: Program, options: RunOptions, deps?: SimulateDeps): RunResult {
  const sim = new Simulation(program, options, deps);
  const cancel = options.shouldCancel;
  while (!sim.runSlice(SLICE_EVENTS)) {
    if (cancel && cancel()) {
      sim.cancel();
      break;
    }
  }
  return sim.finish();
}
