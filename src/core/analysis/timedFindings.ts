import type { Finding } from '../findings';
import type { SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { E_SPAWN } from '../trace/events';
import { traceOf } from '../trace/query';
import { priorityInversionFindings } from './priorityInversion';
import { starvationFindings } from './starvation';

/**
 * The findings that only a timed run shows (analysis.md): starvation and priority
 * inversion. Needs a run recorded with `trace: true`; points each at the task's spawn site.
 */
export function timedFindings(result: RunResult): Finding[] {
  const trace = traceOf(result);
  const spawnSite = new Map<TaskId, SourceRange>();
  for (let i = 0; i < trace.log.length; i++) {
    if (trace.log.kind[i] !== E_SPAWN) continue;
    const at = trace.log.locationAt(i);
    if (at && !spawnSite.has(trace.log.task[i])) spawnSite.set(trace.log.task[i], at);
  }
  const where = (task: TaskId) => spawnSite.get(task) ?? trace.program.mainAt;
  // A holder kept off the CPU during a priority inversion is that finding's, not starvation's.
  const held: { task: TaskId; start: number; end: number }[] = [];
  const inversions = priorityInversionFindings(result, undefined, (task, start, end) => held.push({ task, start, end }));
  const explained = (task: TaskId, start: number, end: number) => held.some((h) => h.task === task && h.start < end && start < h.end);
  return [...starvationFindings(result, { where, explained }), ...inversions];
}
