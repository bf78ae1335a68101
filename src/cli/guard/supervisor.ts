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
 * Then it stops the worker, prints what the command had found so far in its own format
 * (checkReport.ts, exploreReport.ts) with a message naming the budget, the flag that
 * raises it and the line the program was on, and exits 2 (130 for Ctrl+C).
 */
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../core/findings';
import { formatSeconds, memoryMbFromArgv } from '../budgets';
import { printCheck, formatStopText, type BudgetStop, type FileReport } from '../commands/checkReport';
import { printExplore } from '../commands/exploreReport';
import { EXIT_INTERRUPTED, EXIT_USAGE, type CliIo } from '../io';
import { locateStuckLine, type ProgramScript } from './locate';
import { CELL, CELL_COUNT, positionIn, type Position } from './position';
import type { CommandShape, WorkerData, WorkerMessage } from './protocol';

/**
 * The longest one slice of a task's code may run without reaching a step: the same
 * limit the TypeScript sandbox puts on a loop (typescript-format.md, sliceMs 5 s), here
 * for code without a loop to check it in.
 */
export const SLICE_LIMIT_MS = 5_000;
/** After the wall clock runs out, the command's own checks (between slices, between schedules) get this long to stop it. */
export function graceMs(timeMs: number): number {
  return Math.max(3_000, Math.round(timeMs * 0.2));
}
const TICK_MS = 100;
const LOCATE_MS = 2_000;
const TERMINATE_MS = 2_000;

type StopReason = 'time' | 'slice' | 'memory' | 'interrupted';

export interface SupervisorOptions {
  /** Overrides for tests of the supervisor itself. */
  readonly sliceLimitMs?: number;
}

export function supervise(argv: readonly string[], workerScript: string, options: SupervisorOptions = {}): void {
  const memoryMb = memoryMbFromArgv(argv);
  const sliceLimitMs = options.sliceLimitMs ?? SLICE_LIMIT_MS;
  const buffer = new SharedArrayBuffer(CELL_COUNT * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(buffer);
  const data: WorkerData = { argv, cells: buffer };
  const worker = new Worker(workerScript, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  const io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readFile: () => { throw new Error('not available'); },
    writeFile: () => { throw new Error('not available'); },
  };

  let shape: CommandShape | undefined;
  let file: string | undefined;
  let fileStarted = 0;
  let deadline = Infinity;
  let idle = false;
  let done = false;
  const names: string[] = [];
  const scripts: ProgramScript[] = [];
  let findings: Finding[] = [];
  const reports: FileReport[] = [];
  let seenSeq = cells[CELL.SEQ];
  let seenSince = Date.now();

  worker.on('message', (m: WorkerMessage) => {
    switch (m.t) {
      case 'out': io.out(m.text); break;
      case 'err': io.err(m.text); break;
      case 'command': shape = m.shape; break;
      case 'file':
        file = m.file;
        fileStarted = Date.now();
        deadline = m.deadline;
        findings = [];
        idle = false;
        break;
      case 'name': names[m.index] = m.file; break;
      case 'script': scripts.push({ file: m.file, url: m.url, sourceMap: m.sourceMap }); break;
      case 'finding': findings.push(m.finding); break;
      case 'fileDone': reports.push(m.report); break;
      case 'idle': idle = true; deadline = Infinity; break;
      case 'exit':
        done = true;
        clearInterval(ticker);
        process.exitCode = m.code;
        // Its work is over: do not let a lingering handle in the worker keep the command alive.
        worker.unref();
        break;
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') void stop('memory');
    else if (!done && !stopping) finish(`interleave: internal error: ${error.stack ?? error.message}\n`, EXIT_USAGE);
  });
  worker.on('exit', (code) => {
    if (!done && !stopping) finish(`interleave: internal error: the command ended without an answer (worker exit code ${code})\n`, EXIT_USAGE);
  });

  const ticker = setInterval(() => {
    if (done || stopping) return;
    const now = Date.now();
    const seq = cells[CELL.SEQ];
    if (seq !== seenSeq) {
      seenSeq = seq;
      seenSince = now;
    }
    if (!idle && now > deadline + graceMs(shape?.timeMs ?? 0)) void stop('time');
    else if (!idle && cells[CELL.IN_CODE] === 1 && now - seenSince > sliceLimitMs) void stop('slice');
  }, TICK_MS);
  ticker.unref();

  let interrupts = 0;
  process.on('SIGINT', () => {
    // A second Ctrl+C does not wait for the report.
    if (++interrupts > 1 || done) process.exit(EXIT_INTERRUPTED);
    void stop('interrupted');
  });

  let stopping = false;
  async function stop(reason: StopReason): Promise<void> {
    if (stopping || done) return;
    stopping = true;
    clearInterval(ticker);
    const inCode = cells[CELL.IN_CODE] === 1;
    // The exact line needs the worker alive and in the program's code; after an out-of-memory it is gone.
    const exact = inCode && (reason === 'time' || reason === 'slice') ? await locateStuckLine(scripts, LOCATE_MS).catch(() => undefined) : undefined;
    // The worker answered on its own meanwhile: its answer stands.
    if (done) return;
    const at = exact ?? positionIn(cells, names);
    await Promise.race([worker.terminate().catch(() => undefined), new Promise((r) => setTimeout(r, TERMINATE_MS))]);
    const stopInfo = describeStop(reason, at, exact !== undefined ? 'line' : inCode ? 'after-step' : 'last-step', memoryMb, shape?.timeMs ?? 0, sliceLimitMs);
    const code = reason === 'interrupted' ? EXIT_INTERRUPTED : EXIT_USAGE;
    if (idle || !shape || file === undefined) {
      finish(formatStopText(file ?? 'interleave', stopInfo) + '\n', code);
      return;
    }
    if (shape.command === 'check') {
      const current: FileReport = { file, schedules: cells[CELL.SCHEDULES], complete: false, errors: [], runErrors: [], findings, stop: stopInfo };
      const rest = shape.files.slice(reports.length + 1).map((f): FileReport => ({
        file: f, schedules: 0, complete: false, errors: [], runErrors: [], findings: [],
        stop: { budget: stopInfo.budget, message: `not checked: the command was stopped while checking ${file}`, hard: true },
      }));
      printCheck([...reports, current, ...rest], shape.format, io);
    } else if (shape.command === 'explore') {
      printExplore({
        file, strategy: shape.strategy ?? 'dpor', seed: shape.seed ?? 1, schedules: cells[CELL.SCHEDULES], complete: false,
        redundant: 0, steps: 0, elapsedMs: Date.now() - fileStarted, minimiseSchedules: 0,
        stoppedBy: reason === 'interrupted' ? 'cancelled' : reason, outcomes: [], errors: [], findings, stop: stopInfo,
      }, shape.format === 'json', io);
    } else {
      io.err(formatStopText(file, stopInfo) + '\n');
    }
    finish('', code);
  }

  function finish(message: string, code: number): void {
    done = true;
    clearInterval(ticker);
    if (message) io.err(message);
    process.exitCode = code;
    // The worker may be wedged where terminate() cannot reach; nothing it does matters now.
    process.exit(code);
  }
}

/** The message of a stop: which budget, its limit, the flag that raises it, and where the program was. */
export function describeStop(reason: StopReason, at: Position | undefined, kind: 'line' | 'after-step' | 'last-step', memoryMb: number,
  timeMs: number, sliceLimitMs: number): BudgetStop {
  const where = !at ? ''
    : kind === 'line' ? '; the program was running this line'
      : kind === 'after-step' ? '; the program was running its code after this step'
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
        message: `one slice of the program's own code ran for more than ${formatSeconds(sliceLimitMs)} without taking a simulated step`
          + ` (a catastrophic regular expression, a deep recursion, or a long computation between two steps?)${where}, so it was stopped. `
          + 'This limit is fixed, as it is for a loop: put a step such as gosched() into the long computation, or shorten it',
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
