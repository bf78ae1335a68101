/**
 * Registers debug type `interleave`. The session itself (src/debug) lives in a worker
 * thread per debug session; this inline adapter only relays DAP messages both ways, so
 * simulating and stepping never block the extension host.
 */
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { mayExecute, UNTRUSTED_NOTICE } from './lens/trust';
import { describeWorkerFailure, memoryCeilingMb, startWorker } from './simulationHost';

class WorkerDebugAdapter implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private readonly worker: Worker;
  private seq = 1_000_000;

  constructor(script: string) {
    const memoryMb = memoryCeilingMb();
    this.worker = startWorker(script, memoryMb);
    this.worker.on('message', (m: vscode.DebugProtocolMessage) => this.emitter.fire(m));
    this.worker.on('error', (e) => this.fail(`Interleave: ${describeWorkerFailure(e, memoryMb)}`));
    this.worker.on('exit', (code) => { if (code !== 0) this.fail(`The simulation worker stopped (exit code ${code}).`); });
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    this.worker.postMessage(message);
  }

  private fail(text: string): void {
    this.emitter.fire({ seq: this.seq++, type: 'event', event: 'output', body: { category: 'stderr', output: `${text}\n` } } as vscode.DebugProtocolMessage);
    this.emitter.fire({ seq: this.seq++, type: 'event', event: 'terminated' } as vscode.DebugProtocolMessage);
  }

  dispose(): void {
    void this.worker.terminate();
    this.emitter.dispose();
  }
}

/** Fills in `program` from the active editor, so F5 on a scenario or .sim.ts file just works. */
class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return undefined;
      config = { type: 'interleave', request: 'launch', name: 'Step through the simulation', program: doc.uri.fsPath, stopOnEntry: true };
    }
    if (!config.program) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showErrorMessage('Interleave: open a scenario or .sim.ts file, or set `program` in the launch configuration.');
        return undefined;
      }
      config.program = doc.uri.fsPath;
    }
    if (!mayExecute(config.program)) {
      void vscode.window.showWarningMessage(UNTRUSTED_NOTICE);
      return undefined;
    }
    return config;
  }
}

/** Registers debug type `interleave` (the panel follows its `interleave/moment` events itself). */
export function registerDebugAdapter(context: vscode.ExtensionContext): vscode.Disposable {
  const script = path.join(context.extensionPath, 'dist', 'debugWorker.js');
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterDescriptorFactory('interleave', {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new WorkerDebugAdapter(script)),
    }),
    vscode.debug.registerDebugConfigurationProvider('interleave', new ConfigurationProvider()),
  );
}
