/**
 * A command's side of the budgets: each file's wall-clock deadline, the program wrapped
 * so its position is known (position.ts), the explorer's runs counted and their
 * findings passed on as they appear. Under `node dist/cli.js` it also tells the
 * supervising thread (supervisor.ts) what it would need to stop the work and still
 * report; in-process (`main()` in tests) there is nobody to tell and the cells are local.
 */
import { simulate } from '../../core/index';
import { findingKey, type ExploreOptions, type ExploreResult, type Simulate } from '../../service/index';
import type { RunResult } from '../../core/run';
import { formatCount, formatSeconds, type Budgets } from '../budgets';
import type { BudgetStop, FileReport } from '../commands/checkReport';
import type { CliIo } from '../io';
import { formatInputError } from '../../core/findings';
import { loadFile, type CompiledProgram } from '../../service/index';
import { CELL, CELL_COUNT, PositionTracker, type Position } from './position';
import type { CommandShape, WorkerMessage } from './protocol';

/** The line to the supervising thread, when there is one (CliIo.progress). */
export interface Progress {
  readonly cells: Int32Array;
  post(message: WorkerMessage): void;
  /** `check`: go on from this file; the ones before it were answered by an earlier worker. */
  readonly resumeAt?: number;
}

export class Watch {
  readonly tracker: PositionTracker;
  private deadline = Infinity;
  private readonly posted = new Set<string>();
  /** Where the first schedule cut short by the step budget was when it stopped. */
  private truncatedAt: Position | undefined;
  private truncated = false;
  /** A run of this file ended because the wall clock ran out (the engine's cancel). */
  private cutByTime = false;
  private cutAt: Position | undefined;

  constructor(readonly budgets: Budgets, private readonly progress?: Progress) {
    this.tracker = new PositionTracker(progress?.cells ?? new Int32Array(CELL_COUNT), (index, file) => progress?.post({ t: 'name', index, file }));
  }

  static of(io: CliIo, budgets: Budgets): Watch {
    return new Watch(budgets, io.progress);
  }

  /** What the supervisor prints if it has to stop this command. */
  command(shape: Omit<CommandShape, 'timeMs'>): void {
    this.progress?.post({ t: 'command', shape: { ...shape, timeMs: this.budgets.timeMs } });
  }

  /** A file's work begins: its wall clock starts now, loading included. */
  startFile(file: string): void {
    this.deadline = Date.now() + this.budgets.timeMs;
    this.tracker.reset();
    this.tracker.cells[CELL.SCHEDULES] = 0;
    this.posted.clear();
    this.truncated = false;
    this.truncatedAt = undefined;
    this.cutByTime = false;
    this.runStopped = undefined;
    this.progress?.post({ t: 'file', file, deadline: this.deadline });
  }

  /** Reads and compiles the file; the program comes back wrapped to record its position. */
  load(file: string, io: CliIo): CompiledProgram {
    const loaded = loadFile(file, (f) => io.readFile(f));
    // Warnings (a TypeScript type error) do not stop the run: they are said first, as tsc says them.
    if (loaded.program) for (const w of loaded.warnings ?? []) io.err(formatInputError(w) + '\n');
    if (loaded.script) this.progress?.post({ t: 'script', file, ...loaded.script });
    return loaded.program ? { ...loaded, program: this.tracker.track(loaded.program) } : loaded;
  }

  /** Polled by the engine between slices: true once the file's wall clock has run out. */
  readonly overTime = (): boolean => Date.now() > this.deadline;

  remainingMs(): number {
    return Math.max(1, this.deadline - Date.now());
  }

  /** What `explore` needs for the budgets: the rest of the wall clock, the step budget, and the counting engine. */
  exploreOptions(): Pick<ExploreOptions, 'timeLimitMs' | 'maxStepsPerSchedule' | 'simulate'> {
    return { timeLimitMs: this.remainingMs(), maxStepsPerSchedule: this.budgets.events, simulate: this.simulate };
  }

  /** The engine, counting each explored run and passing its findings on as they appear. */
  readonly simulate: Simulate = (program, options) => {
    const r = simulate(program, options);
    this.afterRun(r);
    return r;
  };

  private afterRun(r: RunResult): void {
    // Every run counts, the explorer's redundant and minimising runs too: the supervisor's
    // count of a stopped search is "at least this many", the explorer's own is exact.
    this.tracker.cells[CELL.SCHEDULES]++;
    if (r.stopped === 'cancelled' && this.overTime() && !this.cutByTime) {
      this.cutByTime = true;
      this.cutAt = this.tracker.last();
    }
    if (r.stopped === 'budget' && !this.truncated) {
      this.truncated = true;
      this.truncatedAt = this.tracker.last();
    }
    if (!this.progress) return;
    for (const f of r.findings) {
      const key = findingKey(f);
      if (this.posted.has(key)) continue;
      this.posted.add(key);
      this.progress.post({ t: 'finding', finding: f });
    }
  }

  /**
   * An exploration's schedules, completeness and budget stop as the command reports them.
   * The explorer counts a schedule the wall clock cut short as explored, and calls a
   * search complete when that schedule had no alternatives; here it counts as neither.
   * A cut during minimisation (minimiseSchedules > 0) leaves the search itself whole.
   */
  exploreOutcome(r: ExploreResult, maxSchedules: number, exhaustiveFlag = false): { schedules: number; complete: boolean; stop?: BudgetStop } {
    if (this.cutByTime && r.stats.minimiseSchedules === 0) {
      const schedules = Math.max(0, r.schedules - 1);
      return { schedules, complete: false, stop: timeStop(this.budgets, schedules, this.cutAt) };
    }
    const stop = this.exploreStop(r.stats.stoppedBy, r.complete, maxSchedules, r.schedules, exhaustiveFlag);
    return { schedules: r.schedules, complete: r.complete, ...(stop ? { stop } : {}) };
  }

  /**
   * Why an exploration that ended incomplete ended, naming the budget and its flag; for
   * schedules cut short by the step budget, where the first one was.
   */
  private exploreStop(stoppedBy: string, complete: boolean, maxSchedules: number, schedules: number, exhaustiveFlag: boolean): BudgetStop | undefined {
    if (complete) return undefined;
    if (stoppedBy === 'time') return timeStop(this.budgets, schedules);
    if (stoppedBy === 'schedules') {
      return {
        budget: 'schedules',
        message: `the schedule budget of ${formatCount(maxSchedules)} was reached; --schedules N raises it${exhaustiveFlag ? ', --exhaustive lifts it' : ''}`,
      };
    }
    if (this.truncated) {
      return {
        budget: 'events',
        message: `a schedule reached the step budget of ${formatCount(this.budgets.events)} steps and was cut short`
          + `${this.truncatedAt ? ' here' : ''}; --events N raises it (or look for a loop that never ends)`,
        ...(this.truncatedAt ? { at: this.truncatedAt } : {}),
      };
    }
    return undefined;
  }

  /** The first timed run of this file that a budget stopped (noteRun). */
  runStopped: BudgetStop | undefined;

  /** Call as each timed run ends, while the position is still its own. */
  readonly noteRun = (r: RunResult): void => {
    this.runStopped ??= this.runStop(r);
  };

  /**
   * Why a timed run stopped before the program ended, when a budget stopped it: the
   * event budget or the wall clock, with the line the program was on.
   */
  runStop(r: RunResult): BudgetStop | undefined {
    const at = this.tracker.last();
    const where = at ? '; the program was here' : '';
    // The untimed engine counts steps, the timed one events; --events sets both.
    if (r.stopped === 'budget' && /(event|step) budget/.test(r.error ?? '')) {
      const unit = /step budget/.test(r.error ?? '') ? 'steps' : 'events';
      // A run that started many tasks ran out for them, not for a loop: say by how much to raise it.
      const many = unit === 'events' && r.tasks.length >= MANY_TASKS
        ? ` (it had started ${formatCount(r.tasks.length)} tasks, and each takes tens of events: try --events ${formatCount(10 * this.budgets.events)})`
        : ' (or look for a loop that never ends)';
      return {
        budget: 'events',
        message: `the run reached its ${unit === 'steps' ? 'step' : 'event'} budget of ${formatCount(this.budgets.events)} ${unit} before the program ended${where}; `
          + `--events N raises it${many}`,
        ...(at ? { at } : {}),
      };
    }
    if (r.stopped === 'cancelled' && this.overTime()) {
      return {
        budget: 'time',
        message: `the run reached its wall-clock budget of ${formatSeconds(this.budgets.timeMs)} before the program ended${where}; --time SECONDS raises it`,
        ...(at ? { at } : {}),
      };
    }
    return undefined;
  }

  fileDone(report: FileReport): void {
    this.progress?.post({ t: 'fileDone', report });
  }

  /** The guarded work is over; the command prints. */
  idle(): void {
    this.deadline = Infinity;
    this.progress?.post({ t: 'idle' });
  }
}

/** A run that had started this many tasks when the event budget stopped it is told how far to raise it. */
const MANY_TASKS = 1_000;

/** The wall clock ended a search; `at`: where the schedule it cut short was. */
export function timeStop(budgets: Budgets, schedules: number, at?: Position): BudgetStop {
  return {
    budget: 'time',
    message: `the wall-clock budget of ${formatSeconds(budgets.timeMs)} (loading included) was reached`
      + `${schedules === 0 ? ' before one schedule finished' : ''}${at ? '; the schedule it cut short was here' : ''}; --time SECONDS raises it`,
    ...(at ? { at } : {}),
  };
}
