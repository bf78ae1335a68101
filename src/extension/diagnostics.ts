/**
 * The `interleave` diagnostic collection: each open scenario document is checked in the
 * worker on open, on save and while typing (debounced). A newer check of the same
 * document cancels the older one, so a stale result never overwrites a fresh one.
 */
import * as vscode from 'vscode';
import type { InputError } from '../core/findings';
import { SCENARIO_LANGUAGE } from './languages';
import { WorkerRunError, type SimulationHost } from './simulationHost';

const TYPING_DEBOUNCE_MS = 300;
/** A syntax check is quick; this budget only guards against a runaway parse. */
const CHECK_BUDGET_MS = 5_000;

export function toDiagnostic(error: InputError): vscode.Diagnostic {
  // InputError ranges are 1-based; VS Code's are 0-based.
  const range = new vscode.Range(
    Math.max(0, error.at.line - 1), Math.max(0, error.at.column - 1),
    Math.max(0, error.at.endLine - 1), Math.max(0, error.at.endColumn - 1),
  );
  const diagnostic = new vscode.Diagnostic(range, error.hint ? `${error.message} (${error.hint})` : error.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'interleave';
  diagnostic.code = 'input';
  return diagnostic;
}

export class ScenarioDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('interleave');
  private readonly inFlight = new Map<string, vscode.CancellationTokenSource>();
  private readonly debounce = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: SimulationHost) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.checkSoon(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    );
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** Checks one document now; resolves when its diagnostics are in the collection. */
  async check(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== SCENARIO_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.debounce.get(key));
    this.inFlight.get(key)?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.inFlight.set(key, source);
    const version = document.version;
    try {
      const { errors } = await this.host.request('check-scenario', { text: document.getText(), file: document.uri.fsPath }, { token: source.token, timeoutMs: CHECK_BUDGET_MS });
      if (source.token.isCancellationRequested || document.isClosed || document.version !== version) return;
      this.collection.set(document.uri, errors.map(toDiagnostic));
    } catch (error) {
      if (error instanceof WorkerRunError && error.reason === 'cancelled') return;
      const message = error instanceof Error ? error.message : String(error);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Interleave could not check this file: ${message}`, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'interleave';
      this.collection.set(document.uri, [diagnostic]);
    } finally {
      if (this.inFlight.get(key) === source) this.inFlight.delete(key);
      source.dispose();
    }
  }

  private checkSoon(document: vscode.TextDocument): void {
    if (document.languageId !== SCENARIO_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.debounce.get(key));
    this.debounce.set(key, setTimeout(() => {
      this.debounce.delete(key);
      void this.check(document);
    }, TYPING_DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.debounce.get(key));
    this.inFlight.get(key)?.cancel();
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.debounce.values()) clearTimeout(timer);
    for (const source of this.inFlight.values()) source.cancel();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
