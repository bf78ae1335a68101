/**
 * The core's public entry: what the CLI, the debugger, the extension and the panel use.
 * Importing it also connects the sync layer to the engine.
 */
import { registerSyncFactory } from './engine/sync-factory';
import { createSyncObject } from './sync/index';

registerSyncFactory((decl, runtime, options) => createSyncObject(decl, runtime, options));

export type * from './program';
export type * from './run';
export type { Finding, FindingKind, InputError, RelatedLocation } from './findings';
export { formatInputError } from './findings';
export { DEFAULT_BUDGET } from './run';
export { DEFAULT_CONFIG, parseDuration, resolveConfig, SETTABLE_PATHS } from './config';
export { simulate, SLICE_EVENTS } from './engine/simulate';
export { Simulation, type RunTrace, type SimulateDeps } from './engine/simulation';
export { decodeSchedule, encodeSchedule, scheduleShapeError, type DecodedSchedule } from './engine/schedule';
export { registerSyncFactory } from './engine/sync-factory';
export type { SyncFactory } from './engine/world';
export { formatNs, OpError, opLabel, ProgramError } from './engine/ops';
/** Task state and wait-kind codes of a trace's task records (debugger, panel). */
export { TS_BLOCKED, TS_DONE, TS_NEW, TS_RUNNABLE, TS_RUNNING, W_IO, W_RUNTIME, W_SLEEP, W_SYSCALL } from './engine/task';
export {
  BUILTIN_RUNTIMES, createRuntime, isRuntimeKind, isRuntimeModelled, registerRuntime, runtimeDescriptor, runtimeKinds, stateOf,
  goRuntime, processesRuntime, pythonRuntime, threadsRuntime,
  type BuiltinRuntimeKind, type GilState, type GoSchedState, type MisuseWording, type ProcessesState, type PythonState,
  type RuntimeDescriptor, type RuntimeSetting, type StateOf,
} from './runtimes/registry';
export type { BlockReason, KThreadId, Runtime, RuntimeFactory, RuntimeHost } from './runtimes/runtime';
export { describe as describeEvent } from './trace/describe';
export { causality, replayTo, stateAt, taskIntervals, traceOf } from './trace/query';
export type { CausalEdge, StateAt, TaskInterval, TaskState, TaskStateName } from './trace/query';
export { TraceCursor, type CursorOptions, type StateBytes } from './trace/cursor';
export { toChromeTrace, type ChromeTraceEvent } from './trace/chrome';
export { TraceLog } from './trace/log';
export {
  machineAt, MACHINE_WORK_LIMIT, type BlockedTasks, type CoreState, type MachineState, type ProcessorState, type RecordedMachine,
  type SyscallState, type ThreadState,
} from './trace/machine';
export { machineStateOf } from './engine/machineView';
export { LANE_EVENT_LIMIT, LANE_IDLE, LANE_RUNNING, LANE_SPINNING, LANE_SYSCALL, type LaneKind, type LaneRow, type RecordedLanes } from './trace/lanes';
export { type FlowRow, type RecordedFlows } from './trace/flows';
export * as traceEvents from './trace/events';
export { explore, replayTimed, type ExploreOptions, type ExploreResult } from './explore/index';
export { RaceDetector } from './analysis/raceDetector';
export { ObservedDetector } from './analysis/observedDetector';
export { starvationFindings } from './analysis/starvation';
export { mayHaveTimedFindings, timedFindings } from './analysis/timedFindings';
