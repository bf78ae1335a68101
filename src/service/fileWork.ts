/**
 * The race lens's work (no `vscode` here): compile a document's text with its front end,
 * explore its schedules, run it once, or explain one schedule. The editor's worker
 * (src/extension/worker.ts) calls these; the types are in src/protocol/fileWork.ts.
 */
import { describeEvent, formatNs, simulate, traceOf } from '../core/index';
import { describeRuntime } from '../core/runtimes/registry';
import type { Op, Program, TaskId } from '../core/program';
import type { RunOptions, StepInfo } from '../core/run';
import { valueText } from '../core/valueText';
import type { Finding } from '../core/findings';
import type { WarmUpParams, WarmUpResult } from '../protocol/worker';
import type {
  CheckFileParams, CheckFilePartial, CheckFileResult, EntryCheck, ExplainScheduleParams, ExplainScheduleResult, FileRequestBase, RunFileParams, RunFileResult,
} from '../protocol/fileWork';
import { ENTRY_SKIPPED, frontEndFor } from '../frontends/index';
import { compileText } from './compile';
import { checkSchedules, MAX_STEPS_PER_SCHEDULE, replaySchedule } from './search';

/** A small `.sim.ts` program: compiling it parses and binds the library, and one run loads the sandbox. */
const WARM_UP_SOURCE = `import { spawn, Mutex } from "interleave";
let n = 0;
const mu = new Mutex();
export default function main(): number {
  const t = spawn(() => { mu.lock(); n++; mu.unlock(); });
  mu.lock(); n++; mu.unlock();
  t.join();
  return [1, 2].map((x) => x + n).length;
}
`;

/**
 * What the first check of a file would otherwise do first (protocol/worker.ts, WarmUpParams):
 * the TypeScript compiler parses its library once per worker (host.ts keeps it), and a
 * first search runs code V8 has not compiled yet.
 */
export function warmUp(params: WarmUpParams): WarmUpResult {
  const t0 = performance.now();
  if (params.typescript) {
    const file = 'interleave-warm-up.sim.ts';
    const compiled = frontEndFor(file, WARM_UP_SOURCE)?.compile(WARM_UP_SOURCE, file);
    // A short search, as a check does: its code is compiled by V8 before a real check needs it.
    if (compiled?.program) checkSchedules(compiled.program, { maxSchedules: 100, timeLimitMs: 2_000, minimise: false });
  }
  return { ms: performance.now() - t0 };
}

/** Most sentences one explanation returns; a longer replay says it was cut. */
export const EXPLAIN_CAP = 2_000;

export function cancelledBy(flag: SharedArrayBuffer | undefined, also: () => boolean): () => boolean {
  const cells = flag ? new Int32Array(flag) : undefined;
  return () => (cells !== undefined && Atomics.load(cells, 0) !== 0) || also();
}

/** `--set` overrides: the request's, plus the default machine when the file names none. */
export function overridesFor(program: Program, params: FileRequestBase): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const machine = program.config.machine;
  const fileHasMachine = machine !== undefined && Object.keys(machine).length > 0;
  if (!fileHasMachine && params.defaultMachine) {
    if (params.defaultMachine.cores !== undefined) set['machine.cores'] = params.defaultMachine.cores;
    if (params.defaultMachine.smt !== undefined) set['machine.smt'] = params.defaultMachine.smt;
  }
  return { ...set, ...(params.set ?? {}) };
}

/** How often a long check tells the editor how many schedules it has explored. */
const PROGRESS_MS = 250;

/**
 * The race lens's check: the same portfolio search as `interleave check` (dpor, with pct and
 * random beside it; complete exactly when its dpor finishes), within the editor's budgets,
 * then the default timed run for the status bar. `onPartial` hears the findings met so far
 * each time the search meets a new one, so the editor marks a race before the search ends.
 * A file of entry points (a Go test file) without `entry`: each test its own search, as
 * `interleave check` does, sharing the time budget; `entries` says how each went.
 */
export async function checkFile(params: CheckFileParams, isCancelled: () => boolean = () => false,
  onPartial?: (soFar: CheckFilePartial) => void): Promise<CheckFileResult> {
  const started = Date.now();
  const compiled = compileText(params.file, params.text, params.entry);
  const { program, errors, warnings = [] } = compiled;
  const shouldCancel = cancelledBy(params.cancelFlag, isCancelled);
  if (!program || errors.length > 0) return { errors, findings: [], schedules: 0, complete: false, runErrors: [], elapsedMs: Date.now() - started };
  const set = overridesFor(program, params);
  const soFar: Finding[] = [];
  let before = 0;
  // With entries: the findings so far of each entry searched (the current one last).
  const byEntry: { name: string; line: number; findings: Finding[] }[] = [];
  // Besides each new finding, the count of schedules so far every PROGRESS_MS, so a long
  // Explore shows how far it got (issue 16 item 10) and its count is the answer's in the end.
  let told = Date.now();
  const tell = (schedules: number) => {
    told = Date.now();
    onPartial?.({
      findings: [...soFar], schedules: before + schedules,
      ...(byEntry.length > 0 ? { entries: byEntry.map((e) => ({ ...e, findings: [...e.findings] })) } : {}),
    });
  };
  const search = (p: Program, timeLimitMs: number | undefined) => {
    let schedules = 0;
    return checkSchedules(p, {
      maxSchedules: params.schedules,
      onSchedule: (x) => {
        schedules = x.schedules;
        if (onPartial && Date.now() - told >= PROGRESS_MS) tell(schedules);
      },
      ...(onPartial ? {
        onFinding: (f: Finding) => {
          soFar.push(f);
          byEntry.at(-1)?.findings.push(f);
          tell(schedules);
        },
      } : {}),
      ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
      maxStepsPerSchedule: Math.min(params.budgetEvents ?? MAX_STEPS_PER_SCHEDULE, MAX_STEPS_PER_SCHEDULE),
      shouldCancel,
      set,
    });
  };
  const entries = params.entry === undefined ? compiled.entries : undefined;
  if (entries && entries.length > 0) {
    const checks: EntryCheck[] = [];
    for (const [i, entry] of entries.entries()) {
      if (shouldCancel()) break;
      const t0 = Date.now();
      // What is left of the budget, shared by the entries still to check.
      const left = params.timeLimitMs === undefined ? undefined : Math.max(1, (params.timeLimitMs - (t0 - started)) / (entries.length - i));
      byEntry.push({ name: entry.name, line: entry.at.line, findings: [] });
      const r = search(entry.program, left);
      before += r.schedules;
      const once = shouldCancel() ? undefined : simulate(entry.program, { mode: 'timed', set, shouldCancel, ...(params.budgetEvents !== undefined ? { budget: { events: params.budgetEvents } } : {}) });
      checks.push({
        name: entry.name, line: entry.at.line, findings: r.findings, schedules: r.schedules, complete: r.complete, stoppedBy: r.stats.stoppedBy,
        runErrors: r.stats.errors, elapsedMs: Date.now() - t0, ...(once?.returned === ENTRY_SKIPPED && r.findings.length === 0 ? { skipped: true } : {}),
      });
    }
    return {
      errors: [],
      ...(warnings.length > 0 ? { warnings } : {}),
      findings: checks.flatMap((c) => c.findings),
      schedules: before,
      complete: checks.length === entries.length && checks.every((c) => c.complete),
      ...(shouldCancel() ? { stoppedBy: 'cancelled' as const } : {}),
      runErrors: checks.flatMap((c) => c.runErrors.map((m) => `${c.name}: ${m}`)),
      elapsedMs: Date.now() - started,
      entries: checks,
    };
  }
  const explored = search(program, params.timeLimitMs);
  const budgetEvents = params.budgetEvents;
  // The default timed run gives the status bar its makespan.
  const timed = shouldCancel() ? undefined : simulate(program, {
    mode: 'timed', set, shouldCancel, ...(budgetEvents !== undefined ? { budget: { events: budgetEvents } } : {}),
  });
  return {
    errors: [],
    ...(warnings.length > 0 ? { warnings } : {}),
    findings: explored.findings,
    schedules: explored.schedules,
    complete: explored.complete,
    stoppedBy: explored.stats.stoppedBy,
    runErrors: explored.stats.errors,
    ...(timed && timed.stopped === 'finished' ? { makespanNs: timed.makespan_ns } : {}),
    ...(timed ? { tasks: timed.tasks.length } : {}),
    ...(params.entry !== undefined && timed?.returned === ENTRY_SKIPPED && explored.findings.length === 0 ? { skipped: true } : {}),
    elapsedMs: Date.now() - started,
  };
}

export async function runDocument(params: RunFileParams, isCancelled: () => boolean = () => false): Promise<RunFileResult> {
  const { program, errors } = compileText(params.file, params.text, params.entry);
  if (!program || errors.length > 0) return { errors, findings: [], tasks: [], log: [] };
  const r = simulate(program, {
    mode: 'timed',
    set: overridesFor(program, params),
    shouldCancel: cancelledBy(params.cancelFlag, isCancelled),
    ...(program.seed !== undefined ? { seed: program.seed } : {}),
    ...(params.budgetEvents !== undefined ? { budget: { events: params.budgetEvents } } : {}),
  });
  // Nobody waits for a cancelled run: answer at once, without summarising (and copying) its tasks.
  if (r.stopped === 'cancelled') return { errors: [], findings: [], tasks: [], stopped: 'cancelled', log: [] };
  const c = r.config;
  const runtime = describeRuntime(c.runtime);
  return {
    errors: [],
    makespanNs: r.makespan_ns,
    findings: r.findings,
    tasks: r.tasks,
    stopped: r.stopped,
    ...(r.error ? { error: r.error } : {}),
    schedule: r.schedule,
    contextSwitches: r.metrics.context_switches,
    configSummary: `${c.machine.cores} core${c.machine.cores === 1 ? '' : 's'} × ${c.machine.smt} hardware thread${c.machine.smt === 1 ? '' : 's'}, ${runtime}, ${c.os.policy} policy`,
    log: r.log.map((l) => `${formatNs(l.ns)} ${l.task}: ${l.text}`),
  };
}

function where(at: { line: number; column: number }): string {
  return `line ${at.line}:${at.column}`;
}

/** A step of an untimed replay a person reads: a shared access, a sync op, a spawn, a join, an assertion. */
export interface RecordedStep {
  readonly task: TaskId;
  readonly op: Op;
}

/**
 * Records the steps of an untimed run that "Show the interleaving" lists (at most
 * EXPLAIN_CAP), with the names of what they touch (objects made at run time included).
 */
export function stepRecorder(program: Program): {
  readonly onStep: (step: StepInfo) => void;
  readonly steps: readonly RecordedStep[];
  readonly truncated: () => boolean;
  readonly describe: (step: RecordedStep, label: (t: TaskId) => string) => string | undefined;
} {
  const names = new Map<string, string>();
  for (const v of program.vars) names.set(v.id, v.name);
  for (const o of program.objects) names.set(o.id, o.name);
  const steps: RecordedStep[] = [];
  let truncated = false;
  return {
    steps,
    truncated: () => truncated,
    onStep: (step: StepInfo) => {
      if (step.op.op === 'make') {
        const d = step.op.decl;
        if ('sync' in d) names.set(d.sync.id, d.sync.name);
        else names.set(d.var.id, d.var.name);
      }
      if (step.touched.length > 0 || step.op.op === 'spawn' || step.op.op === 'join' || step.op.op === 'assert') {
        if (steps.length < EXPLAIN_CAP) steps.push({ task: step.task, op: step.op });
        else truncated = true;
      }
    },
    describe: (step, label) => describeStep(step.op, label(step.task), (id) => names.get(id) ?? id),
  };
}

/** One sentence for one untimed step: what a person reads in "Show the interleaving". */
export function describeStep(op: Op, task: string, name: (id: string) => string): string | undefined {
  switch (op.op) {
    case 'read': return `${task} reads \`${name(op.v)}\` (${where(op.at)})`;
    case 'write': return `${task} writes \`${name(op.v)}\` = ${valueText(op.value)} (${where(op.at)})`;
    case 'atomic': return `${task} atomically ${op.action === 'cas' ? 'compares-and-swaps' : `${op.action}s`} \`${name(op.v)}\` (${where(op.at)})`;
    case 'sync': return `${task}: \`${name(op.obj)}.${op.action}\` (${where(op.at)})`;
    case 'select': return `${task} selects over ${op.cases.length} case${op.cases.length === 1 ? '' : 's'} (${where(op.at)})`;
    case 'spawn': return `${task} starts ${op.count > 1 ? `${op.count} × ` : ''}${op.name} (${where(op.at)})`;
    case 'join': return `${task} joins ${op.tasks.length} task${op.tasks.length === 1 ? '' : 's'} (${where(op.at)})`;
    case 'assert': return `${task} asserts: ${op.ok ? 'holds' : `fails: ${op.message}`} (${where(op.at)})`;
    case 'enter': return `${task} enters critical section \`${op.section}\` (${where(op.at)})`;
    case 'exit': return `${task} leaves critical section \`${op.section}\` (${where(op.at)})`;
    case 'make': return undefined;
    default: return `${task}: ${op.op} (${where(op.at)})`;
  }
}

export async function explainSchedule(params: ExplainScheduleParams): Promise<ExplainScheduleResult> {
  const { program, errors } = compileText(params.file, params.text, params.entry);
  if (!program || errors.length > 0) return { errors, steps: [], events: [], reproduced: false, notes: [], truncated: false };
  const set = overridesFor(program, params);
  const recorder = stepRecorder(program);
  // The untimed replay records its visible steps; the timed one records the trace.
  const simulateForReplay = (p: Program, options: RunOptions) => simulate(p, {
    ...options,
    set,
    ...(options.mode === 'timed' ? { trace: true } : { onStep: recorder.onStep }),
  });
  const replay = replaySchedule(program, params.schedule, simulateForReplay);
  const label = (t: TaskId) => replay.untimed.tasks[t]?.id ?? `T${t + 1}`;
  const steps = recorder.steps.flatMap((s) => recorder.describe(s, label) ?? []);
  let truncated = recorder.truncated();
  const events: string[] = [];
  if (replay.timed.trace) {
    const trace = traceOf(replay.timed);
    const n = Math.min(trace.log.length, EXPLAIN_CAP);
    if (trace.log.length > n) truncated = true;
    for (let i = 0; i < n; i++) events.push(`${formatNs(trace.log.time[i])}  ${describeEvent(trace, i)}`);
  }
  return { errors: [], steps, events, reproduced: replay.reproduced, notes: replay.notes, truncated };
}
