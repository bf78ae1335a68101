/**
 * The race lens's worker requests (src/protocol/fileWork.ts, registered in
 * src/protocol/worker.ts): the one place where the lens talks to the `SimulationHost`.
 */
import type * as vscode from 'vscode';
import type { ParamsOf, ResultOf } from '../../protocol/worker';
import type { RequestOptions, SimulationHost } from '../simulationHost';

export type LensRequestKind = 'check-file' | 'run-file' | 'explain-schedule' | 'export-file';

export function lensRequest<K extends LensRequestKind>(host: SimulationHost, kind: K, params: ParamsOf<K>, options: RequestOptions = {}): Promise<ResultOf<K>> {
  return host.request(kind, params, options);
}

/**
 * A `cancelFlag` for a file request that follows `token`: a synchronous run in the worker
 * cannot see a `cancel` message until it ends, but it polls this flag between slices, so it
 * stops at once instead of being ended by a worker restart.
 */
export function cancelFlagFor(token: vscode.CancellationToken): SharedArrayBuffer {
  const cells = new Int32Array(new SharedArrayBuffer(4));
  if (token.isCancellationRequested) Atomics.store(cells, 0, 1);
  else token.onCancellationRequested(() => Atomics.store(cells, 0, 1));
  return cells.buffer as SharedArrayBuffer;
}
