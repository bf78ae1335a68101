/**
 * `Interleave: Run a Trivial Simulation (pipeline check)`: runs a fixed small workload in
 * the worker and shows the result. It proves the command → worker → result pipeline end
 * to end; the real run commands replace it.
 */
import * as vscode from 'vscode';
import type { PipelineCheckParams, PipelineCheckResult } from '../protocol/worker';
import type { SimulationHost } from './simulationHost';

export const PIPELINE_CHECK_COMMAND = 'interleave.hello';

/** Four 10 ms tasks on two cores with a 4 ms slice: two rounds of two, 20 ms in all. */
export const PIPELINE_WORKLOAD: PipelineCheckParams = { cores: 2, taskNs: [10e6, 10e6, 10e6, 10e6], quantumNs: 4e6 };

export function describePipelineResult(result: PipelineCheckResult): string {
  const ms = (ns: number) => `${+(ns / 1e6).toFixed(3)} ms`;
  const busy = result.coreBusyNs.map((ns, core) => `core ${core} busy ${ms(ns)}`).join(', ');
  return `Interleave: ${result.tasks} tasks on ${result.cores} cores finished in ${ms(result.makespanNs)} ` +
    `with ${result.contextSwitches} context switches (${busy}; ${result.engine}).`;
}

export function registerPipelineCommand(host: SimulationHost): vscode.Disposable {
  return vscode.commands.registerCommand(PIPELINE_CHECK_COMMAND, async (workload?: PipelineCheckParams) => {
    try {
      const result = await host.withProgress('Interleave: simulating…', 'pipeline-check', workload ?? PIPELINE_WORKLOAD);
      void vscode.window.showInformationMessage(describePipelineResult(result));
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`Interleave: the simulation did not finish: ${message}`);
      return undefined;
    }
  });
}
