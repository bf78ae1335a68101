/**
 * Chrome trace event JSON (the format Perfetto and chrome://tracing open): one process
 * for the machine with a lane per hardware thread, one for the tasks with a lane per
 * task, "X" slices for what ran, "M" metadata naming lanes, and "s"/"f" flow arrows for
 * causality. Times are microseconds.
 */
import type { RunResult } from '../run';
import { causality, taskIntervals, traceOf } from './query';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'M' | 's' | 'f';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  id?: number;
  cat?: string;
  bp?: 'e';
  args?: Record<string, unknown>;
}

const MACHINE = 1;
const TASKS = 2;

export function toChromeTrace(result: RunResult): { traceEvents: ChromeTraceEvent[]; displayTimeUnit: 'ns' } {
  const trace = traceOf(result);
  const ev: ChromeTraceEvent[] = [];
  const us = (ns: number) => ns / 1000;
  ev.push({ name: 'process_name', ph: 'M', pid: MACHINE, tid: 0, args: { name: 'Machine (hardware threads)' } });
  ev.push({ name: 'process_name', ph: 'M', pid: TASKS, tid: 0, args: { name: 'Tasks' } });
  for (let h = 0; h < trace.hwThreads; h++) {
    ev.push({ name: 'thread_name', ph: 'M', pid: MACHINE, tid: h, args: { name: `hw thread ${h}` } });
  }
  trace.taskLabels.forEach((label, i) => {
    ev.push({ name: 'thread_name', ph: 'M', pid: TASKS, tid: i, args: { name: `${label} ${trace.taskNames[i]}` } });
  });
  for (const iv of taskIntervals(result)) {
    const label = trace.taskLabels[iv.task];
    ev.push({ name: iv.state, ph: 'X', pid: TASKS, tid: iv.task, ts: us(iv.start), dur: us(iv.end - iv.start), cat: iv.state });
    if (iv.state === 'running' && iv.hw >= 0) {
      ev.push({ name: label, ph: 'X', pid: MACHINE, tid: iv.hw, ts: us(iv.start), dur: us(iv.end - iv.start), cat: 'run',
        args: { task: label, name: trace.taskNames[iv.task] } });
    }
  }
  causality(result).forEach((e, id) => {
    ev.push({ name: e.label, ph: 's', pid: TASKS, tid: e.fromTask, ts: us(e.fromNs), id, cat: 'causality' });
    ev.push({ name: e.label, ph: 'f', bp: 'e', pid: TASKS, tid: e.toTask, ts: us(e.toNs), id, cat: 'causality' });
  });
  return { traceEvents: ev, displayTimeUnit: 'ns' };
}
