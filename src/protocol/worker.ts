/**
 * Messages between the extension host and the simulation worker (a Node worker thread).
 *
 * Every request carries an id; the worker answers each id exactly once, with a result or
 * an error. The host may send `cancel` for an id; the worker stops that request at its
 * next cooperative check and answers it with `{ cancelled: true }`. A request that
 * ignores cancel past the host's grace period is ended by restarting the worker.
 *
 * To add a request kind: add its params and result to `WorkerRequests`, then one handler
 * in src/extension/worker.ts (the handler table is typed against this map).
 */
import type { LoadMessage, MomentMessage, WhatIfSettings } from './panel';
import type {
  CheckFileParams, CheckFileResult, ExplainScheduleParams, ExplainScheduleResult, ExportFileParams, ExportFileResult,
  RunFileParams, RunFileResult,
} from './fileWork';

/** The trivial simulation that proves the host → worker → host pipeline. */
export interface PipelineCheckParams {
  /** Number of hardware threads that run tasks. */
  readonly cores: number;
  /** CPU time of each task, in nanoseconds, in spawn order. */
  readonly taskNs: readonly number[];
  /** Round-robin time slice, in nanoseconds. */
  readonly quantumNs: number;
}

export interface PipelineCheckResult {
  readonly cores: number;
  readonly tasks: number;
  readonly makespanNs: number;
  readonly contextSwitches: number;
  /** Busy time of each core, in nanoseconds. */
  readonly coreBusyNs: readonly number[];
  /** Which engine computed it (the Interleave core). */
  readonly engine: string;
}

/** Test-only: a request that runs until cancelled, to prove cancellation, restarts and the memory ceiling. */
export interface SpinParams {
  /** Milliseconds to run for; the run checks for cancel between slices. */
  readonly ms: number;
  /** When true, the run never checks for cancel, so only a worker restart can end it. */
  readonly ignoreCancel?: boolean;
  /** Keeps this many MiB of JavaScript arrays alive first (on the V8 heap the ceiling limits). */
  readonly holdMb?: number;
}

export interface SpinResult {
  readonly slices: number;
  readonly heldMb: number;
}

/** A run for the panel: a file's text, optionally a schedule and setting overrides (src/extension/panel). */
export interface PanelRunParams {
  /** The file name sources and errors are reported against (the document's fsPath). */
  readonly file: string;
  readonly text: string;
  /** A schedule string (from a finding, or an earlier `panel-load` answer) to replay exactly. */
  readonly schedule?: string;
  readonly set?: Readonly<Record<string, unknown>>;
  /** The panel the run belongs to: the worker keeps its last run so `panel-moment` need not re-run it. */
  readonly key?: string;
  /** Most engine events (the `interleave.budget.events` setting). */
  readonly eventBudget?: number;
  /** One entry point of the file (a Go test, by name) instead of the file's own program. */
  readonly entry?: string;
}

export interface PanelLoadResult {
  /** The panel's `load` message (typed-array columns). */
  readonly load: LoadMessage;
  /** The run's schedule string: later requests send it so a fresh worker replays the same run. */
  readonly schedule: string;
  readonly stopped: 'finished' | 'deadlock' | 'budget' | 'cancelled' | 'error';
  readonly error?: string;
  /**
   * Set when the requested schedule was an untimed interleaving (from `check`/`explore`):
   * the run shown is the timed run steered towards it, and whether the modelled timing
   * reproduces it, with the first difference when it does not.
   */
  readonly steered?: { readonly from: string; readonly reproduced: boolean; readonly notes: readonly string[] };
}

export interface PanelMomentParams extends PanelRunParams {
  /** Trace event index (the timeline's event index). */
  readonly event: number;
  readonly replyTo?: number;
}

export interface PanelWhatIfParams extends PanelRunParams {
  readonly settings: WhatIfSettings;
}

/**
 * Loads what the first check of a kind of file needs before any file asks (the extension
 * sends it at start-up when the workspace holds such files): for `.sim.ts`, the TypeScript
 * compiler and its ES2022 library (the first compile in a worker parses and binds them,
 * most of a second), and the sandbox's runtime.
 */
export interface WarmUpParams {
  readonly typescript: boolean;
}

export interface WarmUpResult {
  /** Wall-clock time the warm-up took in the worker. */
  readonly ms: number;
}

/** Every request kind, with its params and its result. */
export interface WorkerRequests {
  'pipeline-check': { params: PipelineCheckParams; result: PipelineCheckResult };
  spin: { params: SpinParams; result: SpinResult };
  'warm-up': { params: WarmUpParams; result: WarmUpResult };
  /** The race lens (src/extension/lens): check, run and explain one document. */
  'check-file': { params: CheckFileParams; result: CheckFileResult };
  'run-file': { params: RunFileParams; result: RunFileResult };
  'explain-schedule': { params: ExplainScheduleParams; result: ExplainScheduleResult };
  /** Export a trace or a report (the Export commands, src/extension/exportCommands.ts). */
  'export-file': { params: ExportFileParams; result: ExportFileResult };
  /** The simulation panel (src/extension/panel): a traced run as `load`, the machine at an event, a what-if re-run. */
  'panel-load': { params: PanelRunParams; result: PanelLoadResult };
  'panel-moment': { params: PanelMomentParams; result: MomentMessage };
  'panel-whatif': { params: PanelWhatIfParams; result: PanelLoadResult };
}

export type WorkerRequestKind = keyof WorkerRequests;
export type ParamsOf<K extends WorkerRequestKind> = WorkerRequests[K]['params'];
export type ResultOf<K extends WorkerRequestKind> = WorkerRequests[K]['result'];

export interface WorkerRequest<K extends WorkerRequestKind = WorkerRequestKind> {
  readonly type: 'request';
  readonly id: number;
  readonly kind: K;
  readonly payload: ParamsOf<K>;
}

export interface WorkerCancel {
  readonly type: 'cancel';
  readonly id: number;
}

export type HostToWorker = WorkerRequest | WorkerCancel;

export interface WorkerError {
  readonly message: string;
  /** True when the request ended because it was cancelled. */
  readonly cancelled?: boolean;
  readonly stack?: string;
}

export type WorkerResponse =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: WorkerError };

/** Sent when the worker begins a request: its wall-clock budget starts then, not while it waits in the queue. */
export interface WorkerStarted {
  readonly type: 'started';
  readonly id: number;
}

/**
 * What a running request has so far (a check's findings, the moment the search meets
 * them), sent any number of times before its one response. The host hands it to the
 * request's `onPartial`; a request whose caller has its answer drops it.
 */
export interface WorkerPartial {
  readonly type: 'partial';
  readonly id: number;
  readonly partial: unknown;
}

export type WorkerToHost = WorkerResponse | WorkerStarted | WorkerPartial;

const requestKinds: readonly WorkerRequestKind[] = ['pipeline-check', 'spin', 'warm-up', 'check-file', 'run-file', 'explain-schedule', 'export-file',
  'panel-load', 'panel-moment', 'panel-whatif'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isWorkerRequestKind(value: unknown): value is WorkerRequestKind {
  return typeof value === 'string' && (requestKinds as readonly string[]).includes(value);
}

/** Validates a message arriving at the worker. */
export function isHostToWorker(message: unknown): message is HostToWorker {
  if (!isRecord(message) || typeof message.id !== 'number') return false;
  if (message.type === 'cancel') return true;
  return message.type === 'request' && isWorkerRequestKind(message.kind) && isRecord(message.payload);
}

/** Validates a message arriving at the host. */
export function isWorkerToHost(message: unknown): message is WorkerToHost {
  if (!isRecord(message) || typeof message.id !== 'number') return false;
  if (message.type === 'started') return true;
  if (message.type === 'partial') return 'partial' in message;
  if (message.type !== 'response') return false;
  return message.ok === true ? 'result' in message : message.ok === false && isRecord(message.error);
}
