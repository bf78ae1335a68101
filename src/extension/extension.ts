/**
 * Entry point of the extension host side. Activation wires the simulation worker, the
 * `interleave` diagnostic collection, the race lens, the debugger and the panel; everything
 * heavy runs in a worker thread.
 */
import * as vscode from 'vscode';
import { isSimTypeScript } from '../service/files';
import { registerConceptLibrary } from './conceptLibrary';
import { registerDebugAdapter } from './debugAdapter';
import { ScenarioDiagnostics } from './diagnostics';
import { registerPipelineCommand } from './pipelineCommand';
import { registerRaceLens, type RaceLens } from './lens/raceLens';
import { registerPanel, type PanelController } from './panel/register';
import { registerSchemaAssist } from './schemaAssist/register';
import { SimulationHost } from './simulationHost';
import type { WarmUpResult } from '../protocol/worker';

/** What `activate` returns: the extension's API, used by the integration tests. */
export interface InterleaveApi {
  readonly host: SimulationHost;
  readonly diagnostics: ScenarioDiagnostics;
  readonly lens: RaceLens;
  readonly panel: PanelController;
  /** This extension's log folder (`ExtensionContext.logUri`); the extension host's own log is beside it (tests read it for errors). */
  readonly logUri: vscode.Uri;
  /** The start-up warm-up of the worker (warmUpTypeScript): its answer, or undefined when none was needed or it failed. */
  readonly warmUp: Promise<WarmUpResult | undefined>;
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
  const warmUp = warmUpTypeScript(host);
  return { host, diagnostics, lens, panel, logUri: context.logUri, warmUp };
}

/**
 * In a workspace with `.sim.ts` programs, the worker loads the TypeScript compiler and its
 * library at start-up (protocol/worker.ts, WarmUpParams), so the race lens's first check of
 * a file the user opens is not the one that pays for it. A lens check sent meanwhile waits
 * behind it in the worker's queue, as it would behind the first compile anyway.
 */
async function warmUpTypeScript(host: SimulationHost): Promise<WarmUpResult | undefined> {
  try {
    // A .sim.ts file already open is checked by the lens at once, which loads the compiler
    // itself: a warm-up ahead of it would only make it wait longer.
    if (vscode.workspace.textDocuments.some((d) => isSimTypeScript(d.fileName, d.getText()))) return undefined;
    if ((await vscode.workspace.findFiles('**/*.sim.ts', '**/node_modules/**', 1)).length === 0) return undefined;
    return await host.request('warm-up', { typescript: true }, { timeoutMs: 60_000 });
  } catch {
    // Only a head start: the first check compiles as it always did.
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
