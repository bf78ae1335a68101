/**
 * Where the simulated program is, kept in a few shared integers so the supervising
 * thread can read them while the worker is busy (or stuck) and cannot answer a message.
 * The program's task bodies are wrapped: before each step they yield, the step's source
 * position is written; while a task's own code runs between two steps, `IN_CODE` is 1.
 * In-process (tests calling `main()`), the same cells live in a plain buffer and serve
 * the budget messages.
 */
import type { Op, Program, SourceRange, TaskBody } from '../../core/program';

/** Indexes of the shared cells. */
export const CELL = {
  /** Counts each start and end of a slice of a task's code (wraps around); the supervisor sees progress when it changes. */
  SEQ: 0,
  /** 1 while a task's own code runs between two steps. */
  IN_CODE: 1,
  /** The last step's position; FILE indexes the names the worker posted. */
  LINE: 2,
  COLUMN: 3,
  FILE: 4,
  /** Schedules finished in the file being explored. */
  SCHEDULES: 5,
} as const;
export const CELL_COUNT = 8;
export const NO_FILE = -1;

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPosition(p: Position): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** The last step's position as the cells hold it, or undefined before the first step. */
export function positionIn(cells: Int32Array, names: readonly string[]): Position | undefined {
  const index = cells[CELL.FILE];
  const file = index === NO_FILE ? undefined : names[index];
  return file !== undefined && cells[CELL.LINE] > 0 ? { file, line: cells[CELL.LINE], column: cells[CELL.COLUMN] } : undefined;
}

export class PositionTracker {
  private readonly names: string[] = [];
  private lastName: string | undefined;
  private lastIndex = NO_FILE;
  private readonly bodies = new WeakMap<TaskBody, TaskBody>();
  private readonly spawns = new WeakMap<Op, Op>();

  /** `onName` hears each new file name with its index (the supervisor needs them to read FILE). */
  constructor(readonly cells: Int32Array = new Int32Array(CELL_COUNT), private readonly onName?: (index: number, file: string) => void) {
    cells[CELL.FILE] = NO_FILE;
  }

  /** The same program, with every task body (main, and each one a spawn starts) recording its steps. */
  track(program: Program): Program {
    return { ...program, main: this.wrap(program.main) };
  }

  last(): Position | undefined {
    return positionIn(this.cells, this.names);
  }

  /** Forgets the last position (a new file begins). */
  reset(): void {
    this.cells[CELL.FILE] = NO_FILE;
    this.cells[CELL.LINE] = 0;
    this.cells[CELL.COLUMN] = 0;
    this.cells[CELL.IN_CODE] = 0;
  }

  /** Records the position of a step a task yields (`TrackedTask`). */
  note(at: SourceRange): void {
    const c = this.cells;
    c[CELL.LINE] = at.line;
    c[CELL.COLUMN] = at.column;
    if (at.file !== this.lastName) {
      let index = this.names.indexOf(at.file);
      if (index < 0) {
        index = this.names.push(at.file) - 1;
        this.onName?.(index, at.file);
      }
      this.lastName = at.file;
      this.lastIndex = index;
    }
    c[CELL.FILE] = this.lastIndex;
  }

  /** A spawn's op with its body tracked too (one per spawn op, kept). */
  spawnOp(op: Extract<Op, { op: 'spawn' }>): Op {
    let tracked = this.spawns.get(op);
    if (!tracked) {
      tracked = { ...op, body: this.wrap(op.body) };
      this.spawns.set(op, tracked);
    }
    return tracked;
  }

  private wrap(body: TaskBody): TaskBody {
    const known = this.bodies.get(body);
    if (known) return known;
    const tracked: TaskBody = (...args: unknown[]) => new TrackedTask(body(...args), this) as unknown as Generator<Op, unknown, unknown>;
    this.bodies.set(body, tracked);
    return tracked;
  }
}

/**
 * A task's steps, each position recorded: a plain iterator rather than a generator around
 * the task's own (the engine only calls next(); one more generator per step cost about 8%
 * of an exploration), and one object per task with its methods on the prototype (a million
 * goroutines made a million closures each).
 */
class TrackedTask {
  constructor(private readonly inner: Generator<Op, unknown, unknown>, private readonly tracker: PositionTracker) {}

  next(input?: unknown): IteratorResult<Op, unknown> {
    const cells = this.tracker.cells;
    cells[CELL.SEQ]++;
    cells[CELL.IN_CODE] = 1;
    let r: IteratorResult<Op, unknown>;
    try {
      r = this.inner.next(input);
    } finally {
      cells[CELL.IN_CODE] = 0;
      cells[CELL.SEQ]++;
    }
    if (r.done) return r;
    const op = r.value;
    this.tracker.note(op.at);
    return op.op === 'spawn' ? { done: false, value: this.tracker.spawnOp(op) } : r;
  }

  return(value?: unknown): IteratorResult<Op, unknown> {
    return this.inner.return(value);
  }

  throw(e?: unknown): IteratorResult<Op, unknown> {
    return this.inner.throw(e);
  }

  [Symbol.iterator](): TrackedTask {
    return this;
  }
}
