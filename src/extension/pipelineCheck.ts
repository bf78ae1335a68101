/**
 * The trivial simulation behind the "pipeline check" command: N CPU-bound tasks on C cores
 * under round-robin with one global FIFO run queue. It is small on purpose; its job is to
 * prove that a run goes host → worker → host and back to the user. The real simulator
 * (`simulate` in src/core) replaces it in the worker once it exists.
 *
 * Runs in the worker thread, so it imports nothing from `vscode`.
 */
import type { PipelineCheckParams, PipelineCheckResult } from '../protocol/worker';

/** The most slices one check may run, so a bad request cannot spin forever. */
const MAX_SLICES = 1_000_000;

interface Slice {
  readonly task: number;
  readonly ns: number;
  readonly until: number;
}

export function validatePipelineCheck(params: PipelineCheckParams): string | undefined {
  if (!Number.isInteger(params.cores) || params.cores < 1) return `cores must be a whole number of at least 1, got ${params.cores}`;
  if (!(params.quantumNs > 0)) return `quantumNs must be positive, got ${params.quantumNs}`;
  if (!Array.isArray(params.taskNs) || params.taskNs.some((ns) => !(ns >= 0))) return 'taskNs must be a list of non-negative durations';
  return undefined;
}

export function runPipelineCheck(params: PipelineCheckParams): PipelineCheckResult {
  const problem = validatePipelineCheck(params);
  if (problem) throw new Error(`pipeline-check: ${problem}`);
  const { cores, quantumNs } = params;
  const remaining = [...params.taskNs];
  const runQueue = remaining.map((_, task) => task).filter((task) => remaining[task] > 0);
  const running: (Slice | undefined)[] = new Array(cores).fill(undefined);
  const lastTaskOnCore: (number | undefined)[] = new Array(cores).fill(undefined);
  const coreBusyNs: number[] = new Array(cores).fill(0);
  let now = 0;
  let slices = 0;
  let contextSwitches = 0;

  const dispatch = () => {
    for (let core = 0; core < cores; core++) {
      if (running[core] || runQueue.length === 0) continue;
      const task = runQueue.shift()!;
      const ns = Math.min(quantumNs, remaining[task]);
      if (lastTaskOnCore[core] !== undefined && lastTaskOnCore[core] !== task) contextSwitches++;
      lastTaskOnCore[core] = task;
      running[core] = { task, ns, until: now + ns };
      coreBusyNs[core] += ns;
      if (++slices > MAX_SLICES) throw new Error(`pipeline-check: more than ${MAX_SLICES} slices; use a larger quantum`);
    }
  };

  dispatch();
  while (running.some((slice) => slice)) {
    now = Math.min(...running.map((slice) => slice?.until ?? Infinity));
    // Cores whose slice ends now put a preempted task at the back of the queue, in core
    // order, before any idle core picks: a plain round-robin over one shared queue.
    for (let core = 0; core < cores; core++) {
      const slice = running[core];
      if (!slice || slice.until !== now) continue;
      remaining[slice.task] -= slice.ns;
      if (remaining[slice.task] > 0) runQueue.push(slice.task);
      running[core] = undefined;
    }
    dispatch();
  }

  return { cores, tasks: params.taskNs.length, makespanNs: now, contextSwitches, coreBusyNs, engine: 'built-in pipeline check' };
}
