/**
 * A small untimed executor with the classic enabledness model: a task is enabled only
 * when its next op can complete now (a lock of a held mutex, a join of running tasks is
 * disabled), and a task's return is part of its last op's step. It speaks the engine's
 * protocol (the chooser asked only when more than one task is enabled, `onStep` after
 * each step, the `HbObserver` at each primitive), so the explorer runs on it unchanged.
 * Used to check DPOR's counts in the textbook model, independent of the engine's choices.
 */
import type { Op, Program, TaskId } from '../../../src/core/program';
import type { RunOptions, RunResult } from '../../../src/core/run';

interface MiniTask {
  readonly id: TaskId;
  readonly gen: Generator<Op, unknown, unknown>;
  next: Op | null;
  done: boolean;
}

export function miniSimulate(program: Program, options: RunOptions): RunResult {
  const values = new Map<string, unknown>(program.vars.map((v) => [v.id, v.initial]));
  const holder = new Map<string, TaskId>();
  const tasks: MiniTask[] = [];
  const choices: number[] = [];
  const hb = options.hb;
  const start = (body: Program['main'], parent: TaskId | null): TaskId => {
    const gen = body();
    const t: MiniTask = { id: tasks.length, gen, next: null, done: false };
    tasks.push(t);
    if (parent !== null) hb?.fork(parent, t.id);
    const r = gen.next();
    if (r.done) t.done = true;
    else t.next = r.value;
    return t.id;
  };
  const enabled = (t: MiniTask): boolean => {
    if (t.done || !t.next) return false;
    const op = t.next;
    if (op.op === 'sync' && op.action === 'lock') return !holder.has(op.obj);
    if (op.op === 'join') return op.tasks.every((id) => tasks[id].done);
    return true;
  };
  start(program.main, null);
  let steps = 0;
  let stopped: RunResult['stopped'] = 'finished';
  while (!tasks[0].done) {
    const options_ = tasks.filter(enabled).map((t) => t.id);
    if (options_.length === 0) { stopped = 'deadlock'; break; }
    let pick = options_[0];
    if (options_.length > 1) {
      let i: number;
      try {
        i = options.chooser!.choose({ kind: 'step', options: options_ });
      } catch {
        stopped = 'error'; // the engine turns a chooser's exception into an error stop too
        break;
      }
      choices.push(i);
      pick = options_[i];
    }
    if (++steps > (options.budget?.events ?? 100_000)) { stopped = 'budget'; break; }
    const t = tasks[pick];
    const op = t.next!;
    const touched: string[] = [];
    let readOnly = false;
    let result: unknown;
    if (op.op === 'read') { touched.push(op.v); readOnly = true; hb?.read(t.id, op.v, op.at); result = values.get(op.v); }
    else if (op.op === 'write') { touched.push(op.v); hb?.write(t.id, op.v, op.at); values.set(op.v, op.value); }
    else if (op.op === 'sync' && op.action === 'lock') { touched.push(op.obj); holder.set(op.obj, t.id); hb?.acquire(t.id, op.obj); }
    else if (op.op === 'sync' && op.action === 'unlock') { touched.push(op.obj); holder.delete(op.obj); hb?.release(t.id, op.obj); }
    else if (op.op === 'spawn') {
      const ids: TaskId[] = [];
      for (let k = 0; k < op.count; k++) ids.push(start(op.body, t.id));
      for (const id of ids) touched.push('task:' + id);
      result = ids;
    } else if (op.op === 'join') { for (const id of op.tasks) { touched.push('task:' + id); hb?.join(t.id, id); } }
    const r = t.gen.next(result);
    if (r.done) { t.done = true; t.next = null; touched.push('task:' + t.id); }
    else t.next = r.value;
    options.onStep?.({ task: t.id, op, touched, readOnly: readOnly && !t.done, woke: [] });
  }
  return {
    config: {} as RunResult['config'], seed: 1, makespan_ns: 0, events: steps,
    metrics: { max_running: 1, context_switches: 0, threads_created: 0, steals: 0, handoffs: 0, gil_switches: 0, hwthread_busy_ns: [] },
    tasks: tasks.map((t) => ({ id: `T${t.id + 1}`, name: 'task', kind: 'thread', start_ns: 0, end_ns: t.done ? 0 : null, running_ns: 0, runnable_ns: 0, blocked_ns: 0 })),
    finals: Object.fromEntries(values), returned: undefined, findings: [],
    schedule: `v1:1:${choices.map((c) => c.toString(36)).join('')}`, log: [], stopped,
  };
}

/** Every interleaving in the mini model, by enumerating every option at every choice. */
export function miniEnumerate(program: Program): RunResult[] {
  const out: RunResult[] = [];
  let prefix: number[] = [];
  for (;;) {
    const widths: number[] = [];
    const taken: number[] = [];
    out.push(miniSimulate(program, {
      mode: 'untimed',
      chooser: { choose(p) { const i = taken.length < prefix.length ? prefix[taken.length] : 0; widths.push(p.options.length); taken.push(i); return i; } },
    }));
    let d = taken.length - 1;
    while (d >= 0 && taken[d] + 1 >= widths[d]) d--;
    if (d < 0) return out;
    prefix = [...taken.slice(0, d), taken[d] + 1];
  }
}
