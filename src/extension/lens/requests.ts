/**
 * The race lens's worker requests (src/protocol/fileWork.ts, registered in
 * src/protocol/worker.ts): the one place where the lens talks to the `SimulationHost`.
 */
import type { ParamsOf, ResultOf } from '../../protocol/worker';
import type { RequestOptions, SimulationHost } from '../simulationHost';

export type LensRequestKind = 'check-file' | 'run-file' | 'explain-schedule' | 'export-file';

export function lensRequest<K extends LensRequestKind>(host: SimulationHost, kind: K, params: ParamsOf<K>, options: RequestOptions = {}): Promise<ResultOf<K>> {
  return host.request(kind, params, options);
}
