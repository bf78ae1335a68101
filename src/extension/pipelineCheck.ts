/**
 * The small simulation behind the "pipeline check" command: N CPU-bound threads on C
 * cores under round-robin, run by the real core (`simulate`). It proves that a run goes
 * host → worker → core → host and back to the user.
 *
 * Runs in the worker thread, so it imports nothing from `vscode`.
 */
import { simulate } from '../core/index';
import type { Op, Program, SourceRange } from '../core/program';
import type { PipelineCheckParams, PipelineCheckResult } from '../protocol/worker';

const HERE: SourceRange = { file: 'pipeline-check', line: 1, column: 1, endLine: 1, endColumn: 1 };

export function validatePipelineCheck(params: PipelineCheckParams): string | undefined {
  if (!Number.isInteger(params.cores) || params.cores < 1) return `cores must be a whole number of at least 1, got ${params.cores}`;
  if (!(params.quantumNs > 0)) return `quantumNs must be positive, got ${params.quantumNs}`;
  if (!Array.isArray(params.taskNs) || params.taskNs.some((ns) => !(ns >= 0))) return 'taskNs must be a list of non-negative durations';
  return undefined;
}

function pipelineProgram(params: PipelineCheckParams): Program {
  return {
    file: 'pipeline-check', name: 'Pipeline check', at: HERE, mainAt: HERE,
    config: { machine: { cores: params.cores, smt: 1 }, os: { policy: 'round-robin', quantumNs: params.quantumNs }, runtime: { kind: 'threads' } },
    vars: [], objects: [], expects: [], sweep: [],
    *main(): Generator<Op, unknown, unknown> {
      const started: number[] = [];
      for (const ns of params.taskNs) {
        const ids = (yield {
          op: 'spawn', name: 'worker', count: 1, at: HERE,
          body: function* (): Generator<Op, unknown, unknown> { yield { op: 'compute', ns: Math.round(ns), work: 'cpu', at: HERE }; return undefined; },
        }) as number[];
        started.push(...ids);
      }
      yield { op: 'join', tasks: started, at: HERE };
      return undefined;
    },
  };
}

export function runPipelineCheck(params: PipelineCheckParams): PipelineCheckResult {
  const problem = validatePipelineCheck(params);
  if (problem) throw new Error(`pipeline-check: ${problem}`);
  const result = simulate(pipelineProgram(params), { mode: 'timed' });
  if (result.stopped !== 'finished') throw new Error(`pipeline-check: the run stopped early (${result.stopped}${result.error ? `: ${result.error}` : ''})`);
  return {
    cores: params.cores,
    tasks: params.taskNs.length,
    makespanNs: result.makespan_ns,
    contextSwitches: result.metrics.context_switches,
    coreBusyNs: result.metrics.hwthread_busy_ns,
    engine: 'the Interleave core',
  };
}
