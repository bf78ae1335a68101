/**
 * Counts, before anything runs, how many tasks and steps a scenario would make, so a
 * typo such as `count: 20000000` is an input error at its line instead of a run that
 * exhausts memory. Limits: `MAX_TASKS` and `MAX_STEPS` in vocabulary.ts.
 *
 * A `go` inside `once.do` or a `select` case may or may not run; it is counted as if it
 * runs (an upper bound). A select with only a `default` always runs it. A task that starts itself with nothing in between that could
 * stop it (no once, no select) is an error: a scenario has no other way to end recursion.
 */
import type { SourceRange } from '../../core/program';
import type { ScenarioSource } from './source';
import type { Step } from './steps';
import { MAX_STEPS, MAX_TASKS } from './vocabulary';

interface Cost {
  steps: number;
  tasks: number;
}

interface Frame {
  readonly task: string;
  /** The spawn that entered this task was inside once/select. */
  readonly conditional: boolean;
}

export class Limits {
  private readonly memo = new Map<string, Cost>();
  private readonly stack: Frame[] = [];
  private readonly cycles = new Set<string>();

  constructor(private readonly src: ScenarioSource, private readonly tasks: ReadonlyMap<string, readonly Step[]>) {}

  /** Records errors for a run of `main` beyond the limits, at the step most responsible. */
  check(main: string, mainAt: SourceRange): void {
    const total = this.taskCost(main, false);
    const tasks = 1 + total.tasks;
    if (total.steps > MAX_STEPS) {
      const at = this.blame(this.tasks.get(main) ?? [], 'steps', MAX_STEPS, new Set([main])) ?? mainAt;
      this.src.error(at, `this scenario would run about ${fmt(total.steps)} steps, more than the limit of ${fmt(MAX_STEPS)}`,
        'lower this `repeat` or `count`; the limit keeps one run within memory and time');
    }
    if (tasks > MAX_TASKS) {
      const at = this.blame(this.tasks.get(main) ?? [], 'tasks', MAX_TASKS, new Set([main])) ?? mainAt;
      this.src.error(at, `this scenario would start about ${fmt(tasks)} tasks, more than the limit of ${fmt(MAX_TASKS)}`,
        'lower this `count` or `repeat`');
    }
  }

  private taskCost(task: string, conditional: boolean): Cost {
    const memo = this.memo.get(task);
    if (memo) return memo;
    this.stack.push({ task, conditional });
    const cost = this.stepsCost(this.tasks.get(task) ?? [], false);
    this.stack.pop();
    this.memo.set(task, cost);
    return cost;
  }

  private stepsCost(steps: readonly Step[], conditional: boolean): Cost {
    const sum: Cost = { steps: 0, tasks: 0 };
    for (const s of steps) {
      const c = this.stepCost(s, conditional);
      sum.steps += c.steps;
      sum.tasks += c.tasks;
    }
    return sum;
  }

  private stepCost(s: Step, conditional: boolean): Cost {
    switch (s.kind) {
      case 'op':
      case 'join':
        return { steps: 1, tasks: 0 };
      case 'incr':
        return { steps: 2, tasks: 0 };
      case 'spawn': {
        const onStack = this.stack.findIndex((f) => f.task === s.task);
        if (onStack >= 0) {
          this.reportCycle(onStack, s.task, conditional, s.at);
          return { steps: 1, tasks: s.count };
        }
        const child = this.taskCost(s.task, conditional);
        return { steps: 1 + s.count * child.steps, tasks: s.count * (1 + child.tasks) };
      }
      case 'repeat': {
        const body = this.stepsCost(s.body, conditional);
        return { steps: s.times * body.steps, tasks: s.times * body.tasks };
      }
      case 'critical':
      case 'once': {
        const body = this.stepsCost(s.body, conditional || s.kind === 'once');
        return { steps: 2 + body.steps, tasks: body.tasks };
      }
      case 'select': {
        // A select with no send or receive case always runs its default (Go: `select { default: }`),
        // so a `go` there is as certain as one outside.
        const mayNotRun = conditional || s.cases.length > 0;
        let worst: Cost = { steps: 0, tasks: 0 };
        for (const b of [...s.bodies, s.defaultBody ?? []]) {
          const c = this.stepsCost(b, mayNotRun);
          if (c.steps + c.tasks > worst.steps + worst.tasks) worst = c;
        }
        return { steps: 1 + worst.steps, tasks: worst.tasks };
      }
    }
  }

  private reportCycle(from: number, task: string, conditional: boolean, at: SourceRange): void {
    const frames = this.stack.slice(from);
    if (conditional || frames.slice(1).some((f) => f.conditional)) return;
    const path = [...frames.map((f) => f.task), task].join(' → ');
    if (this.cycles.has(path)) return;
    this.cycles.add(path);
    this.src.error(at, `task \`${task}\` starts itself without end (${path})`,
      'a scenario has no condition to stop this; put the `go` inside `once.do` or a `recv`/`send` case of a `select` '
        + '(a select with only `default` always runs it), or remove it');
  }

  /** The deepest step whose own cost passes the limit, or the step where the running sum does. */
  private blame(steps: readonly Step[], what: keyof Cost, limit: number, seen: Set<string>): SourceRange | undefined {
    let running = 0;
    for (const s of steps) {
      const c = this.stepCost(s, true)[what];
      if (c > limit) {
        const inner = this.blameInside(s, what, limit, seen);
        return inner ?? stepAt(s);
      }
      running += c;
      if (running > limit) return stepAt(s);
    }
    return undefined;
  }

  private blameInside(s: Step, what: keyof Cost, limit: number, seen: Set<string>): SourceRange | undefined {
    if (s.kind === 'repeat' || s.kind === 'critical' || s.kind === 'once') return this.blame(s.body, what, limit, seen);
    if (s.kind === 'select') {
      for (const b of [...s.bodies, s.defaultBody ?? []]) {
        const inner = this.blame(b, what, limit, seen);
        if (inner) return inner;
      }
      return undefined;
    }
    if (s.kind === 'spawn' && !seen.has(s.task)) {
      const child = this.memo.get(s.task);
      if (child && child[what] > limit) {
        seen.add(s.task);
        return this.blame(this.tasks.get(s.task) ?? [], what, limit, seen);
      }
    }
    return undefined;
  }
}

function stepAt(s: Step): SourceRange {
  return s.kind === 'op' ? s.op.at : s.at;
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'infinitely many';
}
