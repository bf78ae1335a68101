/**
 * Builds a `DebugTimeline` from the core. Two kinds of run can be stepped through:
 *
 * - **timed** (the default run, or a schedule printed by `run`): every trace event is a
 *   moment; the state at a moment comes from the core's `stateAt` (exact replay).
 * - **untimed** (a schedule from `check`/`explore`, the interleaving that proves a
 *   finding): every step of the untimed model is a moment. The run is stepped once, one
 *   step at a time, keeping a snapshot after each step, so stepping back is exact and free.
 *
 * Findings are placed on the moment at which they became true: races by watching the
 * race detector while the run goes, the others by their source position.
 */
import {
  describeEvent, ObservedDetector, opLabel, RaceDetector, Simulation, stateAt, traceEvents,
  TS_BLOCKED, TS_DONE, TS_NEW, TS_RUNNABLE, TS_RUNNING, W_IO, W_SLEEP, W_SYSCALL, type RunTrace,
} from '../core/index';
import { jsonValue } from '../core/valueText';
import type { Finding } from '../core/findings';
import type { Op, Program, SourceRange } from '../core/program';
import type { RunResult } from '../core/run';
import { pluralOfKind } from '../protocol/words';
import { tasksOfArray, type DebugMoment, type DebugState, type DebugTask, type DebugTasks, type DebugTimeline, type Inspectable, type TimelineFinding } from './timeline';

export interface TimelineOptions {
  readonly mode: 'timed' | 'untimed';
  readonly seed?: number;
  readonly schedule?: string;
  readonly set?: Readonly<Record<string, unknown>>;
  /** The most moments an untimed timeline keeps (each holds a snapshot). */
  readonly maxSteps?: number;
  /** The timed run's event budget (default: the core's, DEFAULT_BUDGET). */
  readonly events?: number;
  readonly shouldCancel?: () => boolean;
}

/** The variable an op writes, for data breakpoints. */
function writtenVar(op: Op | null): string | undefined {
  if (!op) return undefined;
  if (op.op === 'write') return op.v;
  if (op.op === 'atomic' && op.action !== 'load') return op.v;
  return undefined;
}

/** Forwards to the race detector and notes when each new race appeared. */
/** The detector, plus the moment (`position()`) each of its races first appeared. */
class WatchedRaces extends ObservedDetector {
  readonly appearedAt: number[] = [];
  constructor(detector: RaceDetector, position: () => number) {
    super(detector, () => {
      const n = detector.races().length;
      while (this.appearedAt.length < n) this.appearedAt.push(position());
    });
  }
}

const sameRange = (a: SourceRange | undefined, b: SourceRange) =>
  a !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * Places the run's own findings (deadlock, misuse, assertion, ...) on the moment they arose:
 * the last moment at the finding's position; else, where known (`arose`), the step during
 * which it was raised (an event loop's race across await is raised inside the step of the
 * io() completion that resumed the flow, whose position is that completion's); else the end.
 */
function placeFindings(findings: readonly Finding[], length: number, atOf: (i: number) => SourceRange | undefined,
  arose: readonly number[] = []): TimelineFinding[] {
  return findings.map((finding, k) => {
    let index = -1;
    if (finding.kind !== 'deadlock' && finding.kind !== 'leak' && finding.kind !== 'expectation') {
      for (let i = length - 1; i >= 0; i--) if (sameRange(atOf(i), finding.at)) { index = i; break; }
      if (index < 0 && arose[k] !== undefined) index = Math.min(arose[k], length - 1);
    }
    return { finding, index: index < 0 ? length - 1 : index };
  });
}

function raceFindings(watch: WatchedRaces, label: (t: number) => string, schedule: string): TimelineFinding[] {
  return watch.detector.findings(label, schedule).map((finding, i) => ({ finding, index: watch.appearedAt[i] ?? 0 }));
}

function taskStateText(state: number, waitKind: number, waitText: string): string {
  if (state === TS_RUNNING) return 'running';
  if (state === TS_RUNNABLE) return 'runnable';
  if (state === TS_DONE) return 'done';
  if (state === TS_NEW) return 'new';
  if (state === TS_BLOCKED) {
    if (waitKind === W_IO) return `waiting on I/O${waitText ? `: ${waitText}` : ''}`;
    if (waitKind === W_SLEEP) return 'sleeping';
    if (waitKind === W_SYSCALL) return `in syscall${waitText ? `: ${waitText}` : ''}`;
    return waitText ? `blocked on ${waitText}` : 'blocked';
  }
  return 'unknown';
}

/** User values included: cycles, BigInts and huge structures come out bounded (core/valueText.ts). */
function asInspectable(value: unknown): Inspectable {
  return jsonValue(value);
}

function inspectRecord(record: Readonly<Record<string, unknown>>): Record<string, Inspectable> {
  return asInspectable(record) as Record<string, Inspectable>;
}

/** A finished timed run with its trace, stepped through by trace event. */
export function timedTimeline(program: Program, options: TimelineOptions): { timeline: DebugTimeline; result: RunResult } {
  const detector = new RaceDetector(program);
  const position = { sim: undefined as Simulation | undefined };
  const watch = new WatchedRaces(detector, () => Math.max(0, (position.sim?.timed?.trace?.length ?? 1) - 1));
  const sim = position.sim = new Simulation(program, { mode: 'timed', trace: true, seed: options.seed, schedule: options.schedule, set: options.set, hb: watch,
    ...(options.events !== undefined ? { budget: { events: options.events } } : {}) });
  while (!sim.runSlice(50_000)) {
    if (options.shouldCancel?.()) sim.cancel();
  }
  const result = sim.finish();
  const trace = result.trace as RunTrace;
  const log = trace.log;
  const length = Math.max(1, log.length);
  const atOf = (i: number) => log.locationAt(i) ?? undefined;
  const label = (t: number) => trace.taskLabels[t] ?? `T${t}`;
  const findings = [...placeFindings(result.findings, length, atOf), ...raceFindings(watch, label, result.schedule)]
    .sort((a, b) => a.index - b.index);
  const logLines = result.log.map((l) => {
    let index = 0;
    while (index + 1 < log.length && log.time[index + 1] <= l.ns) index++;
    return { index, text: `[${l.task}] ${l.text}` };
  });
  const noun = pluralOfKind(result.tasks[0]?.kind);
  let labelIds: Map<string, number> | undefined;
  const idOfLabel = (label: string) => (labelIds ??= new Map(trace.taskLabels.map((l, id) => [l, id]))).get(label);
  const timeline: DebugTimeline = {
    length,
    findings,
    log: logLines,
    moment(i): DebugMoment {
      if (log.length === 0) return { index: 0, ns: 0, task: 0, why: 'The run recorded no events', writes: [] };
      const obj = log.objectAt(i) ?? '';
      const writes = log.kind[i] === traceEvents.E_OP && /^(write|atomic (store|add|swap|cas)) /.test(obj) ? [obj.split(' ').pop()!] : [];
      return { index: i, ns: log.time[i], task: log.task[i], at: atOf(i), why: describeEvent(trace, i), writes };
    },
    stateAt(i): DebugState {
      const s = stateAt(result, Math.min(i, Math.max(0, log.length - 1)));
      // A task is built when the session reads it: a step at a million goroutines reads a page.
      const states = s.taskStates;
      const tasks: DebugTasks = {
        count: states.count,
        noun,
        get(id): DebugTask | undefined {
          if (!(id >= 0 && id < states.count)) return undefined;
          const t = states.get(id);
          return { id, label: t.id, name: t.name, at: t.at, state: t.state === 'blocked' && t.waitingOn ? `blocked on ${t.waitingOn}` : t.state };
        },
        idOf: (label) => {
          const id = idOfLabel(label);
          return id !== undefined && id < states.count ? id : undefined;
        },
      };
      const machine: Record<string, Inspectable> = {
        now: `${s.ns} ns`,
        hardwareThreads: Object.fromEntries(s.hwThreads.map((t, h) => [`hw${h}`, t ?? 'idle'])),
      };
      if (s.runtime) Object.assign(machine, inspectRecord(s.runtime));
      return { tasks, vars: inspectRecord(s.vars), objects: inspectRecord(s.objects), machine };
    },
  };
  return { timeline, result };
}

/** An untimed interleaving (a finding's schedule), stepped through step by step. */
export function untimedTimeline(program: Program, options: TimelineOptions): { timeline: DebugTimeline; result: RunResult } {
  const maxSteps = options.maxSteps ?? 20_000;
  const detector = new RaceDetector(program);
  const moments: DebugMoment[] = [];
  const states: DebugState[] = [];
  const watch = new WatchedRaces(detector, () => moments.length);
  const sim = new Simulation(program, {
    mode: 'untimed', schedule: options.schedule, seed: options.seed, set: options.set, hb: watch,
    budget: { events: maxSteps },
    onStep: (step) => {
      const t = sim.world.tasks[step.task];
      const op = step.op;
      const where = op.at ? ` at line ${op.at.line}` : '';
      const written = writtenVar(op);
      moments.push({
        index: moments.length, ns: 0, task: step.task, at: op.at,
        why: `${t?.label ?? `T${step.task}`} (${t?.name ?? ''}) executed \`${opLabel(op, sim.world)}\`${where}${step.woke.length ? `, waking ${step.woke.map((w) => sim.world.tasks[w]?.label ?? w).join(', ')}` : ''}`,
        writes: written ? [written] : [],
      });
    },
  });
  const snapshot = (): DebugState => {
    const w = sim.world;
    return {
      tasks: tasksOfArray(w.tasks.map((t) => ({ id: t.id, label: t.label, name: t.name, state: taskStateText(t.state, t.waitKind, t.waitText), at: t.op?.at ?? t.at })),
        pluralOfKind(w.tasks[0]?.kind)),
      vars: inspectRecord(w.finals()),
      objects: Object.fromEntries([...w.objects].map(([id, o]) => [id, asInspectable(o.inspect())])),
      machine: { model: 'untimed: only synchronisation orders the steps; durations are ignored', steps: moments.length },
    };
  };
  // Moment 0 is the start; moment k is the state after step k.
  moments.push({ index: 0, ns: 0, task: 0, at: program.mainAt, why: 'The program starts: main is about to take its first step', writes: [] });
  states.push(snapshot());
  /** The moment (the step) during which each of the world's findings was raised. */
  const arose: number[] = [];
  for (;;) {
    const done = sim.runSlice(1);
    const after = moments.length > states.length ? snapshot() : undefined;
    while (states.length < moments.length) states.push(after!);
    while (arose.length < sim.world.findings.length) arose.push(moments.length - 1);
    if (done || options.shouldCancel?.()) break;
  }
  const result = sim.finish();
  const label = (t: number) => sim.world.tasks[t]?.label ?? `T${t}`;
  const findings = [...placeFindings(result.findings, moments.length, (i) => moments[i]?.at, arose),
    ...raceFindings(watch, label, result.schedule).map((f) => ({ ...f, index: Math.min(f.index, moments.length - 1) }))]
    .sort((a, b) => a.index - b.index);
  const timeline: DebugTimeline = {
    length: moments.length,
    findings,
    log: result.log.map((l) => ({ index: moments.length - 1, text: `[${l.task}] ${l.text}` })),
    moment: (i) => moments[i],
    stateAt: (i) => states[i],
  };
  return { timeline, result };
}
