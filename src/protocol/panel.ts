/**
 * Messages between the extension host and the simulation panel (the webview).
 *
 * The panel owns its own data model, so the webview never depends on the core's trace
 * format: an adapter on the host side turns a run's trace into these messages.
 *
 * Handshake: the webview posts `ready` once its script has run; only then does the host
 * post `load`. Requests the webview makes that need an answer (`seek`, `step`, `stepBack`,
 * `whatIf`) carry an `id`; the host answers each id once, with a message whose `replyTo`
 * is that id (`moment`, `compare`) or with `error`. The host may also post `moment` on its
 * own (no `replyTo`), e.g. when a debug session stops somewhere.
 *
 * Times are integer nanoseconds of simulated time. Columns are numeric arrays: plain arrays
 * (JSON-friendly, fine for small runs and fixtures) or typed arrays. For big traces the host
 * should send typed arrays (Float64Array for times, Int32Array for indexes, Uint8Array for
 * codes): VS Code transfers them to the webview without JSON, and the webview uses them
 * without a copy. Measured with 1,000,000 intervals + 1,000,000 events: about 0.4 s to first
 * paint with typed arrays, over 1 s with plain ones (test/bench/panelBench.ts).
 *
 * Every message is checked on arrival by `isHostMessage` / `isPanelMessage` (panelGuards.ts),
 * on both sides.
 * Types and guards only: no `vscode`, no DOM.
 */
import type { PolicyKind, RuntimeKind } from '../core/program';
import type { BlockedTasks, CoreState, MachineState, ProcessorState, SyscallState, ThreadState } from '../core/index';

export const PANEL_PROTOCOL_VERSION = 1;

/** Numbers in a column: a plain array from JSON, or a typed array when transferred. */
export type NumberColumn = readonly number[] | Float64Array | Int32Array | Uint32Array | Uint8Array | Uint16Array;

// ---------------------------------------------------------------------------------------
// The timeline

/** Task states; the value is the code stored in `IntervalColumns.state`. */
export const STATE = {
  running: 0,
  runnable: 1,
  /** Blocked on a sync object (mutex, channel, WaitGroup, GIL...). */
  blocked: 2,
  syscall: 3,
  /** Waiting on I/O (the netpoller, for Go). */
  io: 4,
  sleep: 5,
  /** A hardware thread, M or P that exists but does nothing. */
  idle: 6,
  /**
   * A thread whose kernel thread is still being created (pthread_create and its first
   * scheduling: `os.thread_create`): not runnable yet, so an idle core beside it is no mystery.
   */
  creating: 7,
} as const;
export type StateName = keyof typeof STATE;
export const STATE_NAMES: readonly StateName[] = ['running', 'runnable', 'blocked', 'syscall', 'io', 'sleep', 'idle', 'creating'];

/** A state as the legend and the tooltips say it. */
export function stateWords(name: StateName): string {
  return name === 'blocked' ? 'blocked on sync' : name === 'io' ? 'I/O wait' : name === 'creating' ? 'being created' : name;
}

/** `flow`: a coroutine or an async function's chain of promises, run by an event loop's thread (a sub-lane of it). */
export type LaneKind = 'hw' | 'm' | 'p' | 'flow' | 'task';

export interface Lane {
  /** Row label a person reads: `hw0 (core 0)`, `M2`, `P1`, `withdraw#2` (a flow), `G7 worker`. */
  readonly label: string;
  readonly kind: LaneKind;
  /** For `task` lanes: the index in `Timeline.tasks`. */
  readonly task?: number;
}

export interface TaskRef {
  /** The runtime's id: `G7`, `T2`, `P1` (a Python process). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'goroutine' | 'thread' | 'process' | 'python-thread' | 'callback';
}

/** A source position, 1-based like the program's `SourceRange`. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * All intervals of all lanes, one entry per index across the columns. Sorted by lane,
 * then by start; within one lane intervals do not overlap (so their ends are sorted too,
 * which lets the webview binary-search the visible range).
 */
export interface IntervalColumns {
  /** Index into `Timeline.lanes`. */
  readonly lane: NumberColumn;
  readonly start: NumberColumn;
  /** Exclusive; `end > start`. */
  readonly end: NumberColumn;
  /** A `STATE` code. */
  readonly state: NumberColumn;
  /** Index into `Timeline.tasks` of the task concerned (the one running, on hw/M/P lanes), or -1. */
  readonly task: NumberColumn;
  /** Index into `Timeline.sources` of the source line responsible, or -1. */
  readonly source: NumberColumn;
}

/** Causality kinds, the value stored in `EdgeColumns.kind`. */
export const EDGE_KINDS = ['send→receive', 'unlock→lock', 'release→acquire', 'done→wait', 'spawn→start', 'exit→join', 'signal→wake'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** Causality arrows between task lanes: from (lane, ns) to (lane, ns). */
export interface EdgeColumns {
  readonly fromLane: NumberColumn;
  readonly fromNs: NumberColumn;
  readonly toLane: NumberColumn;
  readonly toNs: NumberColumn;
  /** Index into `EDGE_KINDS`. */
  readonly kind: NumberColumn;
}

/**
 * The scheduling events a person steps through (the debugger's "step over" unit), in
 * order. `why` indexes into `Timeline.whyText` so repeated sentences are stored once.
 */
export interface EventColumns {
  /** Non-decreasing. */
  readonly ns: NumberColumn;
  /** Index into `Timeline.whyText`, or -1 when the core recorded no reason. */
  readonly why: NumberColumn;
  /** Index into `Timeline.sources`, or -1. */
  readonly source: NumberColumn;
}

export interface Timeline {
  /** What this run is, shown as the panel title: `pipeline.scenario.yaml, GOMAXPROCS=4`. */
  readonly title: string;
  readonly runtime: RuntimeName;
  /** Which real runtime version the model follows (`The model follows Go 1.25's runtime ...`), shown under the title; absent for the OS's own threads. */
  readonly modelVersion?: string;
  /** Simulated end time (makespan). */
  readonly endNs: number;
  readonly lanes: readonly Lane[];
  readonly tasks: readonly TaskRef[];
  readonly sources: readonly SourceLocation[];
  /** Distinct "Why?" sentences, each one sentence from the reason the core recorded. */
  readonly whyText: readonly string[];
  readonly intervals: IntervalColumns;
  readonly edges: EdgeColumns;
  readonly events: EventColumns;
  /**
   * Tasks without a lane of their own: a run with more tasks than the host draws lanes for
   * (adapter.ts, MAX_TASK_LANES) lists the first ones in `tasks` and counts the rest here.
   * Their intervals on hardware-thread lanes have task −1. Absent when every task has a lane.
   */
  readonly tasksLeftOut?: number;
}

// ---------------------------------------------------------------------------------------
// The machine at one moment

/** A runtime kind (core/runtimes/registry.ts lists them; the guards check against that list). */
export type RuntimeName = RuntimeKind;

/** A hardware thread (`hw0`) and the OS thread on it (an M for Go, a thread for the others), or null when idle. */
export type HwThreadView = CoreState['hwThreads'][number];
export type CoreView = CoreState;
/** An OS thread: Go's M (with the P it holds), or the kernel thread under a plain/Python thread. */
export type OsThreadView = ThreadState;
/** Go only. proc.go: runq holds 256 Gs; runnext is the G to run next, ahead of runq. */
export type ProcessorView = ProcessorState;
/** Tasks blocked on one thing, as a person reads it: `mu (lock)`, `ch (receive)`, `wg (wait)`. */
export type BlockedGroup = BlockedTasks;
export type SyscallView = SyscallState;

/** The machine at one moment: the core's `MachineState` (core/trace/machine.ts), with the interpreter lock shown as the GIL. */
export interface MachineSnapshot extends Omit<MachineState, 'lock'> {
  readonly runtime: RuntimeName;
  /** Python (with a GIL): who holds it and who waits; null for other runtimes. */
  readonly gil: { readonly holder: string | null; readonly waiting: readonly string[] } | null;
}

export const CHANGE_KINDS = ['steal', 'handoff', 'wake', 'preempt', 'gil', 'spawn', 'block', 'run', 'exit', 'created'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * What moved on the last step, drawn as an arrow. `from`/`to` name machine-view nodes:
 * a hardware thread, thread or P id (`hw1`, `M2`, `P0`), a task (`G7`), or one of
 * `global`, `netpoller`, `gil`, `syscalls`, `creating`, `blocked:<on>`.
 */
export interface MachineChange {
  readonly kind: ChangeKind;
  readonly from: string;
  readonly to: string;
  /** The tasks that moved, if any. */
  readonly tasks: readonly string[];
}

// ---------------------------------------------------------------------------------------
// What-if

export interface WhatIfSettings {
  readonly gomaxprocs?: number;
  readonly cores?: number;
  readonly smt?: number;
  readonly policy?: PolicyKind;
  readonly runtime?: RuntimeName;
}

export interface RunSummary {
  readonly makespanNs: number;
  readonly contextSwitches: number;
  readonly steals: number;
  readonly handoffs: number;
  readonly gilSwitches: number;
  readonly findings: number;
}

// ---------------------------------------------------------------------------------------
// Host → webview

/** One step of an explored interleaving: who did what, where; `mark` on the racing accesses. */
export interface InterleavingStep {
  /** Index into `Interleaving.tasks`. */
  readonly task: number;
  readonly text: string;
  readonly at?: SourceLocation;
  readonly mark?: boolean;
}

/**
 * A schedule from `check`/`explore` as it was found: the untimed model's steps in order on
 * task lanes, without durations (only synchronisation orders them), the finding's two
 * accesses marked. The panel shows it above the timed run steered towards it.
 */
export interface Interleaving {
  readonly tasks: readonly string[];
  readonly steps: readonly InterleavingStep[];
  /** The finding the schedule proves, in a sentence, when the replay meets one. */
  readonly finding?: string;
  /** More steps than the panel lists were left out. */
  readonly truncated: boolean;
  /** How the timed run below relates to it (whether the modelled durations reproduce it). */
  readonly timed?: string;
}

export interface LoadMessage {
  readonly type: 'load';
  readonly protocol: number;
  readonly timeline: Timeline;
  readonly summary: RunSummary;
  /** Present when the run was asked for by an explored schedule (the race lens's "Show the interleaving"). */
  readonly interleaving?: Interleaving;
}

export interface MomentMessage {
  readonly type: 'moment';
  /** The request this answers (`seek`, `step`, `stepBack`), absent when the host moved on its own. */
  readonly replyTo?: number;
  /** Index into `Timeline.events`. */
  readonly event: number;
  readonly ns: number;
  /** The "Why?" sentence; overrides `Timeline.whyText` for this event when present. */
  readonly why?: string;
  readonly machine: MachineSnapshot;
  readonly changes: readonly MachineChange[];
}

export interface CompareMessage {
  readonly type: 'compare';
  readonly replyTo: number;
  readonly settings: WhatIfSettings;
  readonly timeline: Timeline;
  readonly summary: RunSummary;
}

/** Whether a debug session drives the panel: the panel then shows it follows the debugger. */
export interface SessionMessage {
  readonly type: 'session';
  readonly debugging: boolean;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly replyTo?: number;
  /** A sentence a person reads: what went wrong and what to do. */
  readonly message: string;
}

export type HostMessage = LoadMessage | MomentMessage | CompareMessage | SessionMessage | ErrorMessage;

// ---------------------------------------------------------------------------------------
// Webview → host

export interface ReadyMessage {
  readonly type: 'ready';
  readonly protocol: number;
  /** After a reload: the event the panel was showing, so the host can send that moment. */
  readonly restoredEvent?: number;
}

export interface RevealMessage {
  readonly type: 'reveal';
  readonly location: SourceLocation;
}

export interface SeekMessage {
  readonly type: 'seek';
  readonly id: number;
  readonly event: number;
}

export interface StepMessage {
  readonly type: 'step' | 'stepBack';
  readonly id: number;
}

export interface WhatIfMessage {
  readonly type: 'whatIf';
  readonly id: number;
  readonly settings: WhatIfSettings;
}

export type PanelMessage = ReadyMessage | RevealMessage | SeekMessage | StepMessage | WhatIfMessage;
