/**
 * Entry point of the extension host side. Activation wires the simulation worker, the
 * `interleave` diagnostic collection, the race lens, the debugger and the panel; everything
 * heavy runs in a worker thread.
 */
import type * as vscode from 'vscode';
import { registerConceptLibrary } from './conceptLibrary';
import { registerDebugAdapter } from './debugAdapter';
import { ScenarioDiagnostics } from './diagnostics';
import { registerPipelineCommand } from './pipelineCommand';
import { registerRaceLens, type RaceLens } from './lens/raceLens';
import { registerPanel, type PanelController } from './panel/register';
import { registerSchemaAssist } from './schemaAssist/register';
import { SimulationHost } from './simulationHost';

/** What `activate` returns: the extension's API, used by the integration tests. */
export interface InterleaveApi {
  readonly host: SimulationHost;
  readonly diagnostics: ScenarioDiagnostics;
  readonly lens: RaceLens;
  readonly panel: PanelController;
  /** This extension's log folder (`ExtensionContext.logUri`); the extension host's own log is beside it (tests read it for errors). */
  readonly logUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): InterleaveApi {
  const host = SimulationHost.forExtension(context);
  const diagnostics = new ScenarioDiagnostics(host);
  context.subscriptions.push(host, diagnostics, registerPipelineCommand(host), registerDebugAdapter(context));
  const lens = registerRaceLens(context, host, diagnostics);
  context.subscriptions.push(lens);
  const panel = registerPanel(context, host);
  registerSchemaAssist(context);
  context.subscriptions.push(registerConceptLibrary(context));
  return { host, diagnostics, lens, panel, logUri: context.logUri };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
