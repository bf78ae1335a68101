/**
 * The race lens's worker requests, typed by src/protocol/fileWork.ts. One place where the
 * lens talks to the `SimulationHost`.
 */
import type {
  CheckFileParams, CheckFileResult, ExplainScheduleParams, ExplainScheduleResult, RunFileParams, RunFileResult,
} from '../../protocol/fileWork';
import type { RequestOptions, SimulationHost } from '../simulationHost';

export interface LensRequests {
  'check-file': { params: CheckFileParams; result: CheckFileResult };
  'run-file': { params: RunFileParams; result: RunFileResult };
  'explain-schedule': { params: ExplainScheduleParams; result: ExplainScheduleResult };
}

type LooseRequest = (kind: string, payload: unknown, options?: RequestOptions) => Promise<unknown>;

export function lensRequest<K extends keyof LensRequests>(host: SimulationHost, kind: K, params: LensRequests[K]['params'],
  options: RequestOptions = {}): Promise<LensRequests[K]['result']> {
  return (host.request as unknown as LooseRequest).call(host, kind, params, options) as Promise<LensRequests[K]['result']>;
}
