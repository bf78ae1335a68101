/**
 * `node dist/cli.js`: the hard watchdog around a command. The command runs in a worker
 * thread under a V8 heap ceiling (`--memory-mb`); this thread relays its output and
 * enforces what the command cannot enforce on itself, because a slice of the program's
 * own code that never yields (a catastrophic regular expression, an exponential
 * recursion, seconds of work between two steps) never reaches the engine's checks:
 * - the wall clock: each file's deadline, plus a grace for the command to stop by itself;
 * - the slice limit: a task's code running for SLICE_LIMIT_MS without reaching a step;
 * - the memory ceiling: V8 ends the worker instead of the process (no exit 134);
 * - Ctrl+C.
 * Then it stops the worker and prints what the command had found so far, in the
 * command's own format (checkReport.ts, exploreReport.ts), with a message naming the
 * budget, the flag that raises it and the line the program was on; exit 2 (130 for
 * Ctrl+C). `check` goes on with its remaining files in a fresh worker, so one file that
 * cannot be answered does not leave the others unchecked.
 */
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../core/findings';
import { formatSeconds, memoryMbFromArgv } from '../budgets';
import { checkExitCode, formatStopText, printCheck, type BudgetStop, type FileReport } from '../commands/checkReport';
import { printExplore } from '../commands/exploreReport';
import { EXIT_INTERRUPTED, EXIT_USAGE, type CliIo } from '../io';
import { GUARDED_ENV, REPORT_FD, type WhereReport } from './guardian';
import { locateStuckLine, type ProgramScript } from './locate';
import { CELL, CELL_COUNT, positionIn, type Position } from './position';
import type { CommandShape, WorkerData, WorkerMessage } from './protocol';

/**
 * The longest one slice of a task's code may run without reaching a step. The TypeScript
 * sandbox already stops a loop after 5 s (typescript-format.md, sliceMs) with an error
 * the run reports like any other; this catches code with no loop to check in (a regular
 * expression, a recursion), and leaves the sandbox 2 s to answer for a loop first.
 */
export const SLICE_LIMIT_MS = 7_000;
/** After the wall clock runs out, the command's own checks (between slices, between schedules) get this long to stop it. */
export function graceMs(timeMs: number): number {
  return Math.max(3_000, Math.round(timeMs * 0.2));
}
const TICK_MS = 100;
const LOCATE_MS = 3_000;
const TERMINATE_MS = 2_000;

type StopReason = 'time' | 'slice' | 'memory' | 'interrupted';
/** How well the position of a stop is known; `loading`: the file was not compiled yet. */
type Whereabouts = 'line' | 'after-step' | 'last-step' | 'loading';

export function supervise(argv: readonly string[], workerScript: string): void {
  new Supervision(argv, workerScript).start(0);
}

class Supervision {
  private readonly memoryMb: number;
  private readonly cells: Int32Array;
  private readonly buffer: SharedArrayBuffer;
  private readonly io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readFile: () => { throw new Error('the supervising thread reads no files'); },
    writeFile: () => { throw new Error('the supervising thread writes no files'); },
  };
  private worker: Worker | undefined;
  /** A `check` going on after a stopped file: its output is the merged report this thread prints. */
  private resumed = false;
  private shape: CommandShape | undefined;
  private file: string | undefined;
  private fileStarted = 0;
  private deadline = Infinity;
  private idle = false;
  private done = false;
  private stopping = false;
  private names: string[] = [];
  private scripts: ProgramScript[] = [];
  private findings: Finding[] = [];
  private readonly reports: FileReport[] = [];
  private seenSeq = 0;
  private seenSince = 0;
  private firstInterrupt = 0;
  private readonly ticker: ReturnType<typeof setInterval>;
  /** The guardian's line (guardian.ts): where the program is, for when this process cannot say it any more. */
  private toGuardian = process.env[GUARDED_ENV] === '1';
  private toldGuardian = '';

  constructor(private readonly argv: readonly string[], private readonly workerScript: string) {
    this.memoryMb = memoryMbFromArgv(argv);
    this.buffer = new SharedArrayBuffer(CELL_COUNT * Int32Array.BYTES_PER_ELEMENT);
    this.cells = new Int32Array(this.buffer);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
    process.on('SIGINT', () => {
      // Ctrl+C reaches this process from the terminal and again from the guardian: one
      // press. A second press, later, does not wait for the report.
      const now = Date.now();
      if (this.firstInterrupt === 0) {
        this.firstInterrupt = now;
        void this.stop('interrupted');
      } else if (now - this.firstInterrupt > 500 || this.done) {
        process.exit(EXIT_INTERRUPTED);
      }
    });
  }

  /** A worker for the command; `resumeAt` > 0: a `check` going on from that file. */
  start(resumeAt: number): void {
    this.resumed = resumeAt > 0;
    this.cells.fill(0);
    this.names = [];
    this.scripts = [];
    this.findings = [];
    this.file = undefined;
    this.deadline = Infinity;
    this.idle = false;
    this.stopping = false;
    this.seenSeq = 0;
    this.seenSince = Date.now();
    const data: WorkerData = { argv: this.argv, cells: this.buffer, resumeAt };
    const worker = new Worker(this.workerScript, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
    this.worker = worker;
    worker.on('message', (m: WorkerMessage) => { if (this.worker === worker) this.onMessage(m); });
    worker.on('error', (error: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') void this.stop('memory');
      else if (!this.done && !this.stopping) this.finish(`interleave: internal error: ${error.stack ?? error.message}\n`, EXIT_USAGE);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker || this.done || this.stopping) return;
      this.finish(`interleave: internal error: the command ended without an answer (worker exit code ${code})\n`, EXIT_USAGE);
    });
  }

  private onMessage(m: WorkerMessage): void {
    switch (m.t) {
      case 'out': if (!this.resumed) this.io.out(m.text); break;
      case 'err': if (!this.resumed) this.io.err(m.text); break;
      case 'command': this.shape ??= m.shape; break;
      case 'file':
        this.file = m.file;
        this.fileStarted = Date.now();
        this.deadline = m.deadline;
        this.findings = [];
        this.idle = false;
        break;
      case 'name': this.names[m.index] = m.file; break;
      case 'script': this.scripts.push({ file: m.file, url: m.url, sourceMap: m.sourceMap }); break;
      case 'finding': this.findings.push(m.finding); break;
      case 'fileDone': this.reports.push(m.report); break;
      case 'idle': this.idle = true; this.deadline = Infinity; break;
      case 'exit':
        if (this.resumed && this.shape) {
          this.finish('', this.printCheck(this.reports), false);
          return;
        }
        this.done = true;
        clearInterval(this.ticker);
        process.exitCode = m.code;
        // Its work is over: a lingering handle in the worker must not keep the command alive.
        this.worker?.unref();
        break;
    }
  }

  private tick(): void {
    if (this.toGuardian) this.tellGuardian();
    if (this.done || this.stopping || this.idle) return;
    const now = Date.now();
    const seq = this.cells[CELL.SEQ];
    if (seq !== this.seenSeq) {
      this.seenSeq = seq;
      this.seenSince = now;
    }
    if (now > this.deadline + graceMs(this.shape?.timeMs ?? 0)) void this.stop('time');
    else if (this.cells[CELL.IN_CODE] === 1 && now - this.seenSince > SLICE_LIMIT_MS) void this.stop('slice');
  }

  private tellGuardian(): void {
    const at = positionIn(this.cells, this.names);
    const report: WhereReport = { ...(this.file !== undefined ? { file: this.file } : {}), ...(at ? { at } : {}) };
    const line = JSON.stringify(report);
    if (line === this.toldGuardian) return;
    this.toldGuardian = line;
    try {
      writeSync(REPORT_FD, line + '\n');
    } catch {
      this.toGuardian = false;
    }
  }

  private async stop(reason: StopReason): Promise<void> {
    if (this.stopping || this.done) return;
    this.stopping = true;
    const worker = this.worker!;
    const inCode = this.cells[CELL.IN_CODE] === 1;
    // The exact line needs the worker alive and in the program's code; after an out-of-memory it is gone.
    const exact = inCode && (reason === 'time' || reason === 'slice') ? await locateStuckLine(this.scripts, LOCATE_MS).catch(() => undefined) : undefined;
    // The worker answered on its own meanwhile: its answer stands.
    if (this.done) return;
    const at = exact ?? positionIn(this.cells, this.names);
    this.worker = undefined;
    await Promise.race([worker.terminate().catch(() => undefined), new Promise((r) => setTimeout(r, TERMINATE_MS))]);
    // No step yet and no script: the file was still being read and compiled.
    const loading = at === undefined && this.file !== undefined && !this.scripts.some((s) => s.file === this.file);
    const stop = describeStop(reason, at, exact ? 'line' : inCode ? 'after-step' : loading ? 'loading' : 'last-step', this.memoryMb, this.shape?.timeMs ?? 0);
    const code = reason === 'interrupted' ? EXIT_INTERRUPTED : EXIT_USAGE;
    const shape = this.shape;
    const file = this.file;
    if (this.idle || !shape || file === undefined) {
      this.finish(formatStopText(file ?? 'interleave', stop) + '\n', code);
      return;
    }
    if (shape.command === 'check') {
      this.reports.push({ file, schedules: this.cells[CELL.SCHEDULES], complete: false, errors: [], runErrors: [], findings: this.findings, stop });
      const next = this.reports.length;
      if (reason !== 'interrupted' && next < shape.files.length) {
        this.start(next);
        return;
      }
      const rest = shape.files.slice(next).map((f): FileReport => ({
        file: f, schedules: 0, complete: false, errors: [], runErrors: [], findings: [],
        stop: { budget: stop.budget, message: `not checked: the command was interrupted while checking ${file}`, hard: true },
      }));
      this.printCheck([...this.reports, ...rest]);
      this.finish('', code);
    } else if (shape.command === 'explore') {
      printExplore({
        file, strategy: shape.strategy ?? 'dpor', seed: shape.seed ?? 1, schedules: this.cells[CELL.SCHEDULES], complete: false,
        redundant: 0, steps: 0, elapsedMs: Date.now() - this.fileStarted, minimiseSchedules: 0,
        stoppedBy: reason === 'interrupted' ? 'cancelled' : reason, outcomes: [], errors: [], findings: this.findings, stop,
      }, shape.format === 'json', this.io);
      this.finish('', code);
    } else {
      this.finish(formatStopText(file, stop) + '\n', code);
    }
  }

  private printCheck(reports: readonly FileReport[]): number {
    printCheck(reports, this.shape!.format, this.io);
    return checkExitCode(reports);
  }

  /** Ends the command with `code`; `hard`: the worker may be wedged where terminate() cannot reach. */
  private finish(message: string, code: number, hard = true): void {
    this.done = true;
    clearInterval(this.ticker);
    if (message) this.io.err(message);
    process.exitCode = code;
    if (hard) process.exit(code);
    this.worker?.unref();
  }
}

/** The message of a stop: which budget, its limit, the flag that raises it, and where the program was. */
export function describeStop(reason: StopReason, at: Position | undefined, whereabouts: Whereabouts, memoryMb: number, timeMs: number): BudgetStop {
  const where = whereabouts === 'loading' ? ' while the file was being loaded and compiled' : !at ? ''
    : whereabouts === 'line' ? '; the program was running this line'
      : whereabouts === 'after-step' ? '; the program was running its code after this step'
        : '; the program\'s last step was here';
  const place = at ? { at } : {};
  switch (reason) {
    case 'time':
      return {
        budget: 'time', hard: true, ...place,
        message: `the wall-clock budget of ${formatSeconds(timeMs)} (loading included) was reached and the work did not stop by itself${where}, `
          + 'so it was stopped; --time SECONDS raises it',
      };
    case 'slice':
      return {
        budget: 'slice', hard: true, ...place,
        message: `one slice of the program's own code ran for more than ${formatSeconds(SLICE_LIMIT_MS)} without taking a simulated step`
          + ` (a catastrophic regular expression, a deep recursion, or a long computation between two steps?)${where}, so it was stopped. `
          + 'The limit is fixed: put a step such as gosched() into the long computation, or shorten it',
      };
    case 'memory':
      return {
        budget: 'memory', hard: true, ...place,
        message: `the command needed more than its memory ceiling of ${memoryMb} MiB${where}, so it was stopped; --memory-mb MIB raises it `
          + '(or make the program smaller: fewer tasks, shorter runs)',
      };
    case 'interrupted':
      return { budget: 'interrupted', hard: true, ...place, message: `interrupted (Ctrl+C)${where}` };
  }
}
