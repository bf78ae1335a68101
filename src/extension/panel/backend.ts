/**
 * What the panel asks of the simulator, as an interface: the extension sends these to the
 * worker thread (`workerBackend`); tests may answer them in-process.
 */
import type { MomentMessage } from '../../protocol/panel';
import type { PanelLoadResult, PanelMomentParams, PanelRunParams, PanelWhatIfParams } from '../../protocol/worker';
import type { SimulationHost } from '../simulationHost';

export interface PanelBackend {
  load(request: PanelRunParams): Promise<PanelLoadResult>;
  moment(request: PanelMomentParams): Promise<MomentMessage>;
  whatIf(request: PanelWhatIfParams): Promise<PanelLoadResult>;
}

/** The panel's requests go to the simulation worker (src/extension/worker.ts), never the extension host thread. */
export function workerBackend(host: SimulationHost): PanelBackend {
  return {
    load: (request) => host.request('panel-load', request),
    moment: (request) => host.request('panel-moment', request),
    whatIf: (request) => host.request('panel-whatif', request),
  };
}
