/**
 * The worker's side of the panel: a file's text → a traced run → panel messages.
 *
 * A traced run holds generator-based tasks, so it cannot cross a thread boundary; the
 * worker keeps the last few runs (keyed by the panel's key) and answers `moment` requests
 * from them. A request that finds no run (the worker was restarted) re-runs the file with
 * the schedule string the `load` answer carried: the replay is exact, so the moment is the same.
 *
 * No `vscode` here: this runs in the editor's worker thread (dist/worker.js) and in unit tests.
 */
import { replayTimed, simulate, Simulation, SLICE_EVENTS, type Program, type RunResult } from '../../core/index';
import { compileText, programOf } from '../compile';
import type { Interleaving, LoadMessage, MomentMessage, WhatIfSettings } from '../../protocol/panel';
import type { PanelLoadResult, PanelMomentParams, PanelRunParams, PanelWhatIfParams } from '../../protocol/worker';
import { loadMessage, MomentCursor } from './adapter';
import { interleavingOf } from './interleaving';

const withInterleaving = (load: LoadMessage, interleaving: Interleaving | undefined): LoadMessage => (interleaving ? { ...load, interleaving } : load);

/** What names a run (src/protocol/worker.ts): the file and its text, a schedule, setting overrides, the panel's key. */
export type PanelRunRequest = PanelRunParams;
export type PanelLoadAnswer = PanelLoadResult;

/** Cooperative cancellation, as the worker's `RequestContext` offers it. */
export interface Cancellation {
  throwIfCancelled(): void;
  pause(): Promise<void>;
}

const NO_CANCEL: Cancellation = { throwIfCancelled: () => undefined, pause: () => Promise.resolve() };

/** Simulates with a trace, in slices, yielding between them so a `cancel` can arrive. */
async function sliced(program: Program, request: PanelRunRequest, schedule: string | undefined, cancel: Cancellation): Promise<RunResult> {
  const sim = new Simulation(program, {
    mode: 'timed', trace: true, machine: true,
    ...(schedule ? { schedule } : {}),
    ...(request.set ? { set: request.set } : {}),
    ...(request.eventBudget ? { budget: { events: request.eventBudget } } : {}),
  });
  while (!sim.runSlice(SLICE_EVENTS)) {
    cancel.throwIfCancelled();
    await cancel.pause();
  }
  return sim.finish();
}

export type SteeredRun = RunResult & { readonly steered?: PanelLoadResult['steered']; readonly interleaving?: Interleaving };

/**
 * The traced timed run of a request. A schedule from `check`/`explore` orders the
 * untimed model's steps, so it does not replay as a timed run: the timed run is then
 * steered towards that interleaving (explore/timedReplay.ts) and the result says whether
 * the modelled durations reproduce it.
 */
export async function runTraced(request: PanelRunRequest, cancel: Cancellation = NO_CANCEL, withInterleaving = false): Promise<SteeredRun> {
  const program = programOf(compileText(request.file, request.text, request.entry), request.file);
  const result = await sliced(program, request, request.schedule, cancel);
  if (!request.schedule || result.schedule === request.schedule) return result;
  const steer = replayTimed(program, request.schedule, (p, o) => simulate(p, { ...o, ...(request.set ? { set: request.set } : {}) }));
  const steered = await sliced(program, request, steer.timed.schedule, cancel);
  return Object.assign(steered, {
    steered: { from: request.schedule, reproduced: steer.reproduced, notes: steer.notes },
    // Only a load shows it; a moment's re-run (the worker lost its run) needs none.
    ...(withInterleaving ? { interleaving: {
      ...interleavingOf(program, request.schedule, request.set),
      timed: steer.reproduced
        ? 'The timeline below is the timed run steered towards it; the modelled durations reproduce it.'
        : `The timeline below is the timed run steered towards it; the modelled durations do not quite reach it (${steer.notes.join('; ')}). Real durations vary, so it is still a real interleaving; "Step through it" (the debugger) walks it exactly.`,
    } } : {}),
  });
}

/** What-if settings → the core's `set` paths (config.ts: SETTABLE_PATHS). */
export function whatIfOverrides(settings: WhatIfSettings): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (settings.gomaxprocs !== undefined) set['runtime.gomaxprocs'] = settings.gomaxprocs;
  if (settings.cores !== undefined) set['machine.cores'] = settings.cores;
  if (settings.smt !== undefined) set['machine.smt'] = settings.smt;
  if (settings.policy !== undefined) set['os.policy'] = settings.policy;
  if (settings.runtime !== undefined) set['runtime.kind'] = settings.runtime;
  return set;
}

interface Kept {
  readonly request: PanelRunRequest;
  readonly result: RunResult;
  /** The live replay moments are read from (stepping forwards continues it). */
  readonly cursor: MomentCursor;
}

/** The last runs, one per panel key, oldest dropped first: a traced run can hold many MB. */
const MAX_KEPT = 4;
const kept = new Map<string, Kept>();

function keep(key: string | undefined, request: PanelRunRequest, result: RunResult): void {
  if (key === undefined) return;
  kept.delete(key);
  kept.set(key, { request, result, cursor: new MomentCursor(result) });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
}

function sameRun(a: PanelRunRequest, b: PanelRunRequest): boolean {
  return a.file === b.file && a.text === b.text && a.entry === b.entry && JSON.stringify(a.set ?? {}) === JSON.stringify(b.set ?? {})
    && (b.schedule === undefined || a.schedule === b.schedule);
}

function answer(result: RunResult, request: PanelRunRequest, title?: string): PanelLoadAnswer {
  return {
    load: withInterleaving(loadMessage(result, { file: request.file, ...(title ? { title } : {}) }), (result as SteeredRun).interleaving),
    schedule: result.schedule,
    stopped: result.stopped,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...((result as SteeredRun).steered ? { steered: (result as SteeredRun).steered } : {}),
  };
}

export async function panelLoad(request: PanelRunRequest, cancel?: Cancellation): Promise<PanelLoadAnswer> {
  const result = await runTraced(request, cancel, true);
  // Later requests name this run by its schedule, whatever the first one asked.
  keep(request.key, { ...request, schedule: result.schedule }, result);
  return answer(result, request);
}

export async function panelMoment(request: PanelMomentParams, cancel?: Cancellation): Promise<MomentMessage> {
  const hit = request.key !== undefined ? kept.get(request.key) : undefined;
  if (hit && sameRun(hit.request, request)) return hit.cursor.moment(request.event, request.replyTo);
  const result = await runTraced(request, cancel);
  keep(request.key, { ...request, schedule: result.schedule }, result);
  return (request.key !== undefined ? kept.get(request.key)!.cursor : new MomentCursor(result)).moment(request.event, request.replyTo);
}

/** Re-runs with the what-if settings on top of the file's own (a fresh schedule: the machine changed). */
export async function panelWhatIf(request: PanelWhatIfParams, cancel?: Cancellation): Promise<PanelLoadAnswer> {
  const { schedule: _ignored, ...rest } = request;
  const set = { ...(request.set ?? {}), ...whatIfOverrides(request.settings) };
  const result = await runTraced({ ...rest, set }, cancel);
  return answer(result, request);
}

/** For tests: forget the kept runs. */
export function forgetPanelRuns(): void {
  kept.clear();
}
