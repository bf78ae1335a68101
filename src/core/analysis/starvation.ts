import type { Finding } from '../findings';
import type { SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { taskIntervals } from '../trace/query';

/**
 * Starvation, a timed-model finding (analysis.md): a task that was runnable but did not
 * run for longer than a threshold while other tasks ran — FIFO or priority scheduling
 * without aging keeps it off the CPU. Read from a traced timed run's task intervals.
 */

/** Default threshold: 100 ms runnable without running (a tenth of a second is visible to a person). */
export const STARVATION_DEFAULT_NS = 100_000_000;

export interface StarvationOptions {
  readonly thresholdNs?: number;
  /** Where to point the finding for a task (its spawn site, or the program's main). */
  readonly where: (task: TaskId) => SourceRange;
}

export function starvationFindings(result: RunResult, options: StarvationOptions): Finding[] {
  const threshold = options.thresholdNs ?? STARVATION_DEFAULT_NS;
  const intervals = taskIntervals(result);
  const running = intervals.filter((i) => i.state === 'running');
  const label = (t: TaskId) => result.tasks[t]?.id ?? `T${t + 1}`;
  const worst = new Map<TaskId, { start: number; end: number; others: Set<TaskId> }>();
  for (const iv of intervals) {
    if (iv.state !== 'runnable' || iv.end - iv.start <= threshold) continue;
    const others = new Set<TaskId>();
    for (const r of running) if (r.task !== iv.task && r.start < iv.end && r.end > iv.start) others.add(r.task);
    if (others.size === 0) continue;
    const prev = worst.get(iv.task);
    if (!prev || iv.end - iv.start > prev.end - prev.start) worst.set(iv.task, { start: iv.start, end: iv.end, others });
  }
  const ms = (ns: number) => `${+(ns / 1e6).toFixed(3)} ms`;
  return [...worst.entries()].map(([task, w]) => ({
    kind: 'starvation' as const,
    severity: 'warning' as const,
    message: `Starvation: ${label(task)} (${result.tasks[task]?.name ?? 'task'}) was runnable for ${ms(w.end - w.start)} `
      + `(from ${ms(w.start)} to ${ms(w.end)}) without running while ${[...w.others].map(label).join(', ')} ran; `
      + `the scheduling policy never gave it a turn (a time slice, or priority aging, would)`,
    at: options.where(task),
    related: [],
    schedule: result.schedule,
  }));
}
