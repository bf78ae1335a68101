import type { Finding } from '../findings';
import type { SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { E_SPAWN } from '../trace/events';
import { traceOf } from '../trace/query';
import { watchedWaits } from '../trace/waits';
import { priorityInversionFindings } from './priorityInversion';
import { STARVATION_DEFAULT_NS, starvationFindings } from './starvation';

/**
 * The findings that only a timed run shows (analysis.md): starvation and priority
 * inversion. Needs a run recorded with `trace: true`; points each at the task's spawn site.
 */
export function timedFindings(result: RunResult): Finding[] {
  const trace = traceOf(result);
  // Read from the log only when a finding asks (a million spawns, usually for nothing).
  let spawnSite: Map<TaskId, SourceRange> | null = null;
  const where = (task: TaskId) => {
    if (spawnSite === null) {
      spawnSite = new Map();
      for (let i = 0; i < trace.log.length; i++) {
        if (trace.log.kind[i] !== E_SPAWN) continue;
        const at = trace.log.locationAt(i);
        if (at && !spawnSite.has(trace.log.task[i])) spawnSite.set(trace.log.task[i], at);
      }
    }
    return spawnSite.get(task) ?? trace.program.mainAt;
  };
  // A holder kept off the CPU during a priority inversion is that finding's, not starvation's.
  const held: { task: TaskId; start: number; end: number }[] = [];
  const inversions = priorityInversionFindings(result, undefined, (task, start, end) => held.push({ task, start, end }));
  const explained = (task: TaskId, start: number, end: number) => held.some((h) => h.task === task && h.start < end && start < h.end);
  return [...starvationFindings(result, { where, explained }), ...inversions];
}

/**
 * False when `timedFindings` of this run traced would be empty, read from what a run with
 * `watchWaits` kept (trace/waits.ts): starvation needs a runnable wait longer than its
 * threshold, priority inversion three different priorities. True when the run was not
 * watched (nothing is known) or when it may have some: trace it to find them.
 */
export function mayHaveTimedFindings(result: RunResult): boolean {
  const waits = watchedWaits(result);
  return waits === undefined || waits.longestRunnableNs > STARVATION_DEFAULT_NS || waits.priorities >= 3;
}
