import type { RunTrace } from '../engine/simulation';
import { W_SYNC } from '../engine/task';
import type { Finding } from '../findings';
import type { RunResult } from '../run';
import { E_BLOCK, E_WAKE, WHY_WOKEN } from '../trace/events';
import { taskIntervals, traceOf, type TaskInterval } from '../trace/query';

/**
 * Priority inversion, a timed-model finding (analysis.md): a high-priority task H blocks
 * on a lock that a low-priority task L holds, and while H waits, a task M of priority
 * above L (and below H) runs while L is runnable but kept off the CPU — so H in effect
 * waits for M. Read from a traced run: H's block and the wake-up by L bound the wait;
 * the task intervals say who ran while L was ready.
 */

/** Inversions shorter than this are scheduling noise, not a finding. */
export const INVERSION_DEFAULT_NS = 1_000_000;

function overlap(a: TaskInterval, start: number, end: number): [number, number] | null {
  const s = Math.max(a.start, start), e = Math.min(a.end, end);
  return e > s ? [s, e] : null;
}

/**
 * `onHolder` hears, for each inversion found, the holder kept off the CPU and when: its wait
 * is the inversion's, so the starvation analysis does not report it a second time.
 */
export function priorityInversionFindings(result: RunResult, thresholdNs = INVERSION_DEFAULT_NS,
  onHolder?: (task: number, start: number, end: number) => void): Finding[] {
  const trace: RunTrace = traceOf(result);
  const { log, taskPriorities: prio, taskLabels: labels, taskNames: names } = trace;
  if (!prio || new Set(prio).size < 3) return []; // needs three distinct priorities
  const intervals = taskIntervals(result);
  const byTask = new Map<number, TaskInterval[]>();
  for (const iv of intervals) (byTask.get(iv.task) ?? byTask.set(iv.task, []).get(iv.task)!).push(iv);
  const blockedAt = new Map<number, number>();
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const ms = (ns: number) => `${+(ns / 1e6).toFixed(3)} ms`;
  const who = (t: number) => `${labels[t]} (${names[t]}, priority ${prio[t]})`;
  for (let i = 0; i < log.length; i++) {
    const h = log.task[i];
    if (log.kind[i] === E_BLOCK && log.arg[i] === W_SYNC) { blockedAt.set(h, i); continue; }
    if (log.kind[i] !== E_WAKE || log.reason[i] !== WHY_WOKEN || !blockedAt.has(h)) continue;
    const b = blockedAt.get(h)!;
    blockedAt.delete(h);
    const low = log.arg[i];
    if (low < 0 || !(prio[low] < prio[h])) continue;
    const start = log.time[b], end = log.time[i];
    // Who ran, outranking the holder, while the holder was ready to run?
    const stolen = new Map<number, number>();
    for (const ready of (byTask.get(low) ?? []).filter((iv) => iv.state === 'runnable')) {
      const w = overlap(ready, start, end);
      if (!w) continue;
      for (const [m, ivs] of byTask) {
        if (m === low || m === h || !(prio[m] > prio[low] && prio[m] < prio[h])) continue;
        for (const run of ivs) {
          const o = run.state === 'running' ? overlap(run, w[0], w[1]) : null;
          if (o) stolen.set(m, (stolen.get(m) ?? 0) + o[1] - o[0]);
        }
      }
    }
    const total = [...stolen.values()].reduce((a, x) => a + x, 0);
    const at = log.locationAt(b);
    if (total < thresholdNs || !at) continue;
    onHolder?.(low, start, end);
    const key = `${h}|${low}|${at.line}:${at.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mediums = [...stolen.keys()];
    findings.push({
      kind: 'priority-inversion',
      severity: 'warning',
      message: `Priority inversion: ${who(h)} waited ${ms(end - start)} for ${log.objectAt(b) ?? 'a lock'} held by ${who(low)}, `
        + `while ${mediums.map(who).join(', ')} ran for ${ms(total)} and kept the holder off the CPU. `
        + 'Priority inheritance (the holder borrowing the waiter\'s priority) or a shorter critical section bounds the wait.',
      at,
      related: [
        ...(log.locationAt(i) ? [{ at: log.locationAt(i)!, message: `${labels[h]} woke here when ${labels[low]} let go` }] : []),
      ],
      schedule: result.schedule,
    });
  }
  return findings;
}
