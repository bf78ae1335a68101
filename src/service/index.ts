/**
 * The service layer: what every shell does with a file, in one place. The command line
 * (src/cli), the editor's worker (src/extension/worker.ts) and the debug adapter (src/debug)
 * call these and re-implement none of them:
 *
 * - compile a file with the front end that takes it (compile.ts: the front-end table);
 * - run it with its sweep, and explore what the run did not show (runs.ts);
 * - check, explore and replay schedules: one search for every shell (search.ts);
 * - the race lens's check, run and explanation of one document (fileWork.ts);
 * - export a run as a trace or a report (export.ts, report/);
 * - the panel's traced runs, timeline and snapshots at a moment (panel/).
 *
 * Layers: core ← frontends ← service ← shells (eslint.config.mjs). Shells import this
 * entry (or `service/files`, the light one the editor's host loads), never a file inside.
 */
export { compileText, InputErrors, loadFile, programOf, relink, type CompiledProgram } from './compile';
export { findingCount, runProgram, stoppedEarly, sweepPoints, type ExploredFindings, type FileRun, type RunRequest, type SweepPoint } from './runs';
export {
  checkSchedules, exploreSchedules, findingKey, MAX_STEPS_PER_SCHEDULE, measureSchedule, PORTFOLIO_MEMBERS, replaySchedule, shardSeed,
  type CheckOptions, type ExploreOptions, type ExploreResult, type ShardPlan, type ShardSpec, type Simplicity, type Simulate, type TimedReplay,
} from './search';
export { cancelledBy, checkFile, warmUp, describeStep, EXPLAIN_CAP, explainSchedule, overridesFor, runDocument } from './fileWork';
export { EXPORT_FORMATS, exportFile, exportRunOptions, exportText } from './export';
export type { ExportFormat } from '../protocol/fileWork';
export { findingJson, runJson, type FindingJson } from './report/json';
export { describeConfig, formatFinding, runText, table } from './report/text';
export { htmlReport } from './report/html';
export { escapeHtml } from './report/escape';
export { markdownToHtml } from './report/markdownHtml';
export { markdownReport } from './report/markdown';
export {
  forgetPanelRuns, panelLoad, panelMoment, panelWhatIf, runTraced, whatIfOverrides,
  type Cancellation, type PanelLoadAnswer, type PanelRunRequest, type SteeredRun,
} from './panel/panelRuns';
export { buildTimeline, loadMessage, momentMessage, MomentCursor, runtimeOf, summaryOf, type LoadOptions } from './panel/adapter';
export { goMachineLanes, MAX_SAMPLED_EVENTS } from './panel/machineLanes';
export { snapshotOf } from './panel/snapshot';
export { frontEndFor, allFrontEnds, acceptedFiles, closest, registerFrontEnd, isSimTypeScript, SourceMapIndex, type FrontEnd, type CompiledFile } from '../frontends/index';
