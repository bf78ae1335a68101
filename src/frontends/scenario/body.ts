/**
 * `Step`s → `TaskBody` generators. Each call of a body starts from fresh local state
 * (the ids of the tasks it started), so a program re-runs from scratch for replay and
 * exploration, as program.ts requires.
 */
import type { Op, TaskBody, TaskId } from '../../core/program';
import type { Step } from './steps';

/** State local to one running task instance. */
interface TaskLocals {
  /** Task name → ids of the instances this task started and has not yet joined; null until its first `go`. */
  started: Map<string, TaskId[]> | null;
}

/**
 * A body is `runSteps` itself, not a generator that delegates to it: a parked goroutine holds
 * one suspended generator, and its locals only once it starts a task (issue 24: what a
 * million parked goroutines hold).
 */
export function compileBodies(tasks: ReadonlyMap<string, readonly Step[]>): Map<string, TaskBody> {
  const bodies = new Map<string, TaskBody>();
  for (const [name, steps] of tasks) {
    bodies.set(name, function taskBody(): Generator<Op, unknown, unknown> {
      return runSteps(steps, { started: null }, bodies);
    });
  }
  return bodies;
}

/**
 * The loop over a task's steps: an op step is yielded here, every other kind runs in
 * `runStep`, so this generator (the one every parked task holds) keeps few registers.
 */
function* runSteps(steps: readonly Step[], locals: TaskLocals, bodies: ReadonlyMap<string, TaskBody>): Generator<Op, void, unknown> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.kind === 'op') yield step.op;
    else yield* runStep(step, locals, bodies);
  }
}

function* runStep(step: Step, locals: TaskLocals, bodies: ReadonlyMap<string, TaskBody>): Generator<Op, void, unknown> {
  switch (step.kind) {
    case 'op':
      yield step.op;
      break;
    case 'incr': {
      // Not atomic on purpose: another task may run between the read and the write.
      const old = yield { op: 'read', v: step.v, at: step.at };
      yield { op: 'write', v: step.v, value: Number(old) + 1, at: step.at };
      break;
    }
    case 'spawn': {
      const ids = yield {
        op: 'spawn', body: bodies.get(step.task)!, name: step.name, count: step.count,
        ...(step.priority !== undefined ? { priority: step.priority } : {}), at: step.at,
      };
      const started = (locals.started ??= new Map());
      const list = started.get(step.task) ?? [];
      // One by one: a spread of a million ids overflows the call stack.
      if (Array.isArray(ids)) for (const id of ids as TaskId[]) list.push(id);
      started.set(step.task, list);
      break;
    }
    case 'join': {
      // Waits for every instance of the task this task started; they are then done.
      const tasks = locals.started?.get(step.task) ?? [];
      locals.started?.set(step.task, []);
      yield { op: 'join', tasks, at: step.at };
      break;
    }
    case 'repeat':
      for (let i = 0; i < step.times; i++) yield* runSteps(step.body, locals, bodies);
      break;
    case 'critical':
      yield { op: 'enter', section: step.section, at: step.at };
      yield* runSteps(step.body, locals, bodies);
      yield { op: 'exit', section: step.section, at: step.at };
      break;
    case 'once': {
      // once_enter is true for the one task that runs the body; the others wait for once_exit.
      const first = yield { op: 'sync', obj: step.obj, action: 'once_enter', at: step.at };
      if (first === true) {
        yield* runSteps(step.body, locals, bodies);
        yield { op: 'sync', obj: step.obj, action: 'once_exit', at: step.at };
      }
      break;
    }
    case 'select': {
      const chosen = yield { op: 'select', cases: step.cases, hasDefault: step.defaultBody !== undefined, at: step.at };
      const index = typeof chosen === 'object' && chosen !== null ? (chosen as { index?: unknown }).index : undefined;
      if (index === -1 && step.defaultBody) yield* runSteps(step.defaultBody, locals, bodies);
      else if (typeof index === 'number' && step.bodies[index]) yield* runSteps(step.bodies[index], locals, bodies);
      break;
    }
  }
}
