/**
 * The outermost layer of `node dist/cli.js`: a process that only watches its child.
 * The child (the same script, with GUARDED_ENV set) supervises the command's worker
 * (supervisor.ts); that handles a heap that grows step by step, but some V8 failures end
 * the whole process whatever a worker's resourceLimits say: one allocation larger than
 * the 16 MiB Node adds near a worker's heap limit ("FATAL ERROR: Reached heap limit",
 * SIGABRT, exit 134), or an array grown past V8's largest size ("Fatal JavaScript invalid
 * size error", SIGTRAP). Here such a death becomes the memory message, naming the line
 * the child last reported, and exit 2; V8's own dump is not shown. Everything else the
 * child writes passes through, and its exit status is the command's.
 */
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { formatCount } from '../budgets';
import { formatStopText } from '../commands/checkReport';
import { EXIT_INTERRUPTED, EXIT_USAGE } from '../io';
import type { Position } from './position';

/** Set in the child's environment when the guardian's standard error is a terminal. */
export const STDERR_TTY_ENV = 'INTERLEAVE_STDERR_TTY';

/** Set in the child's environment: it is the supervised command, not the guardian. */
export const GUARDED_ENV = 'INTERLEAVE_CLI_GUARDED';
/** The child's file descriptor for its reports to the guardian (one JSON object a line). */
export const REPORT_FD = 3;

/** What the child tells the guardian: the file it is on and the program's last step. */
export interface WhereReport {
  readonly file?: string;
  readonly at?: Position;
}

/** The first line of each way V8 reports a fatal error on standard error. */
const V8_FATAL = /^(<--- Last few GCs --->|<--- JS stacktrace --->|FATAL ERROR:|#\s*Fatal error|Fatal JavaScript|\s*#\s*$)/;

export function guard(argv: readonly string[], script: string, memoryMb: number): void {
  // The child takes node's own flags, except a debugger port the guardian already holds.
  const flags = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  const child = spawn(process.execPath, [...flags, script, ...argv], {
    // Standard error reaches the child as a pipe: it learns here whether a person is watching (check's progress).
    env: { ...process.env, [GUARDED_ENV]: '1', ...(process.stderr.isTTY ? { [STDERR_TTY_ENV]: '1' } : {}) },
    stdio: ['inherit', 'inherit', 'pipe', 'pipe'],
  });
  let where: WhereReport = {};
  let fatal: string | undefined;
  let pending = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) passOn(line + '\n');
  });
  const passOn = (text: string): void => {
    if (fatal === undefined && V8_FATAL.test(text)) fatal = text;
    if (fatal === undefined) process.stderr.write(text);
    else if (/Fatal JavaScript invalid size error|FATAL ERROR:/.test(text)) fatal = text;
  };
  let reports = '';
  const reportStream = child.stdio[REPORT_FD] as NodeJS.ReadableStream;
  reportStream.setEncoding('utf8');
  reportStream.on('data', (chunk: string) => {
    reports += chunk;
    const lines = reports.split('\n');
    reports = lines.pop()!;
    const last = lines.filter((l) => l.trim() !== '').pop();
    if (last) {
      try { where = JSON.parse(last) as WhereReport; } catch { /* a torn line: keep the last good one */ }
    }
  });
  // Ctrl+C in a terminal reaches the child too (one process group); a SIGINT sent to this
  // process alone is passed on. The child answers it; a second one ends the child at once.
  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts > 1) child.kill('SIGKILL');
    else child.kill('SIGINT');
  });
  // Ended from outside (a CI timeout, a closed terminal): end the child too, and quietly.
  let endedBy: NodeJS.Signals | undefined;
  for (const name of ['SIGTERM', 'SIGHUP'] as const) {
    process.on(name, () => {
      endedBy = name;
      child.kill(name);
    });
  }
  child.on('close', (code, signal) => {
    if (pending) passOn(pending);
    if (endedBy) {
      process.exitCode = 128 + osConstants.signals[endedBy];
      return;
    }
    if (signal === 'SIGINT') {
      process.exitCode = EXIT_INTERRUPTED;
      return;
    }
    if (code !== null && (code <= 2 || code === EXIT_INTERRUPTED) && fatal === undefined) {
      process.exitCode = code;
      return;
    }
    process.stderr.write(formatStopText(where.file ?? 'interleave', {
      budget: 'memory', hard: true, ...(where.at ? { at: where.at } : {}),
      message: describeFatal(fatal, memoryMb, signal, code, where.at ? '; the program\'s last step was here' : ''),
    }) + '\n');
    process.exitCode = EXIT_USAGE;
  });
}

function describeFatal(fatal: string | undefined, memoryMb: number, signal: NodeJS.Signals | null, code: number | null, where: string): string {
  if (fatal && /invalid size error/.test(fatal)) {
    return `the program grew an array or a string past the largest size V8 allows${where}, and V8 ended the command; `
      + 'look for a collection that grows without end';
  }
  if (fatal || signal === 'SIGABRT' || code === 134) {
    return `the command needed more than its memory ceiling of ${formatCount(memoryMb)} MiB (V8 could not make room for one allocation)${where}, `
      + 'so it was ended; --memory-mb MIB raises it (or make the program smaller: fewer tasks, shorter runs)';
  }
  if (signal === 'SIGKILL') return `the command was killed (SIGKILL: the system may have run out of memory)${where}; --memory-mb MIB lowers the ceiling`;
  return `the command ended abnormally (${signal ?? `exit status ${code}`})${where}`;
}
