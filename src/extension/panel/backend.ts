/**
 * What the panel asks of the simulator, as an interface: the extension sends these to the
 * worker thread (`workerBackend`); tests may answer them in-process.
 */
import type { MomentMessage, WhatIfSettings } from '../../protocol/panel';
import type { PanelLoadAnswer, PanelRunRequest } from './panelRuns';
import type { SimulationHost } from '../simulationHost';

export interface PanelBackend {
  load(request: PanelRunRequest): Promise<PanelLoadAnswer>;
  moment(request: PanelRunRequest & { readonly event: number; readonly replyTo?: number }): Promise<MomentMessage>;
  whatIf(request: PanelRunRequest & { readonly settings: WhatIfSettings }): Promise<PanelLoadAnswer>;
}

/** The panel's requests go to the simulation worker (src/extension/worker.ts), never the extension host thread. */
export function workerBackend(host: SimulationHost): PanelBackend {
  // TEMPORARY until the panel's kinds are in src/protocol/worker.ts (its owner hands it over at 11:35).
  const send = host.request.bind(host) as unknown as <T>(kind: string, payload: unknown) => Promise<T>;
  return {
    load: (request) => send('panel-load', request),
    moment: (request) => send('panel-moment', request),
    whatIf: (request) => send('panel-whatif', request),
  };
}
