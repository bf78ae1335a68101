/**
 * The machine at one moment, as the panel draws it (`MachineSnapshot`): the core's
 * `MachineState` (trace/machine.ts), which a traced run records at every moment, in the
 * panel protocol's words. The same state read from a live, paused `Simulation` serves
 * moments of a run too long to have been recorded.
 *
 * Pure: no `vscode`, runs in the worker and in unit tests.
 */
import { machineStateOf, type MachineState, type Simulation } from '../../core/index';
import type { MachineSnapshot, RuntimeName } from '../../protocol/panel';

/** The core's machine state as the panel protocol has it (the interpreter lock is shown as the GIL). */
export function snapshotFrom(state: MachineState, runtime: RuntimeName): MachineSnapshot {
  const { lock, ...rest } = state;
  return { runtime, ...rest, gil: lock ? { holder: lock.holder, waiting: lock.waiting } : null };
}

/** The machine of a live, paused simulation (the core's `replayTo`). */
export function snapshotOf(sim: Simulation, runtime: RuntimeName): MachineSnapshot {
  if (!sim.timed) throw new Error('the panel shows timed runs only; this run is untimed');
  return snapshotFrom(machineStateOf(sim.timed), runtime);
}
