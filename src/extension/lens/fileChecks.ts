/**
 * The race lens's checks: each scenario and `.sim.ts` document is checked in the worker
 * (`check-file`: compile, a bounded exploration, one timed run) on open, on save and
 * while typing (debounced), and its input errors and findings go into the `interleave`
 * collection. A newer check of a document cancels the older one, so a stale result never
 * overwrites a fresh one. Explore runs the same check with the larger budget.
 */
import * as vscode from 'vscode';
import type { CheckFileParams, CheckFilePartial, CheckFileResult } from '../../protocol/fileWork';
import { SCENARIO_LANGUAGE } from '../languages';
import { WorkerRunError, type SimulationHost } from '../simulationHost';
import { EXPLAIN_SCHEME, explanationPath } from './explanations';
import { documentSource, kindRunsCode } from '../../service/files';
import { fileKindOf, type LensFileKind } from './fileKind';
import { documentViews, type DiagnosticView, type PlainRange, type SeverityName } from './findingView';
import { explorationTimeLimitMs, readSettings } from './settings';
import { cancelFlagFor, lensRequest } from './requests';
import type { TrustGate } from './trust';
import { TYPING_DEBOUNCE_MS } from './timing';

/** What the lens knows about one document after its last check. */
export interface FileCheckState {
  readonly version: number;
  readonly kind: LensFileKind;
  readonly views: readonly DiagnosticView[];
  readonly result?: CheckFileResult;
  /** Why the document was not run (an untrusted `.sim.ts`). */
  readonly skipped?: 'untrusted';
  /** True while its check still runs: `views` are the findings met so far. */
  readonly searching?: boolean;
  /** While searching: the schedules explored so far. */
  readonly searched?: number;
}

export interface CheckOptions {
  /** The Explore command: the larger schedule budget and the whole wall-clock budget. */
  readonly explore?: boolean;
  readonly token?: vscode.CancellationToken;
  /** Hears the search's progress (schedules and findings so far), about four times a second. */
  readonly onProgress?: (soFar: CheckFilePartial) => void;
}

export function toRange(r: PlainRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

const SEVERITY: Readonly<Record<SeverityName, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function explanationUri(code: DiagnosticView['code']): vscode.Uri {
  return vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: explanationPath(code) });
}

export function toDiagnostic(view: DiagnosticView, document: { uri: vscode.Uri; fileName: string }): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(view.range), view.message, SEVERITY[view.severity]);
  diagnostic.source = 'interleave';
  diagnostic.code = { value: view.code, target: explanationUri(view.code) };
  if (view.related.length > 0) {
    diagnostic.relatedInformation = view.related.map((r) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(r.file === document.fileName || r.file === document.uri.fsPath ? document.uri : vscode.Uri.file(r.file), toRange(r.range)),
      r.message));
  }
  return diagnostic;
}

/** Same place, same kind, same words: how a diagnostic handed back by VS Code finds its view. */
export function sameDiagnostic(d: vscode.Diagnostic, view: DiagnosticView): boolean {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === view.code && d.message === view.message && d.range.isEqual(toRange(view.range));
}

export class FileChecks implements vscode.Disposable {
  private readonly states = new Map<string, FileCheckState>();
  private readonly inFlight = new Map<string, { source: vscode.CancellationTokenSource }>();
  private readonly debounce = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires after a document's diagnostics and state were updated. */
  readonly onDidCheck = this.changed.event;

  constructor(private readonly host: SimulationHost, readonly collection: vscode.DiagnosticCollection, private readonly trust: TrustGate) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidOpenTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.checkSoon(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    );
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  kindOf(document: vscode.TextDocument): LensFileKind | undefined {
    if (document.languageId === SCENARIO_LANGUAGE) return 'scenario';
    return fileKindOf(document.uri.path, document.getText());
  }

  stateOf(uri: vscode.Uri): FileCheckState | undefined {
    return this.states.get(uri.toString());
  }

  /** Checks again every open document that runs code (a `.sim.ts` file), after trust is granted. */
  recheckTypeScript(): void {
    for (const document of vscode.workspace.textDocuments) {
      const kind = this.kindOf(document);
      if (kind !== undefined && kindRunsCode(kind)) void this.check(document);
    }
  }

  /**
   * Checks one document now. Resolves with the worker's result once its diagnostics are in
   * the collection, or undefined when it was not a lens document, not run, or superseded.
   */
  async check(document: vscode.TextDocument, options: CheckOptions = {}): Promise<CheckFileResult | undefined> {
    const kind = this.kindOf(document);
    if (!kind) return undefined;
    const key = document.uri.toString();
    clearTimeout(this.debounce.get(key));
    this.cancel(key);
    const version = document.version;
    if (!this.trust.mayRun(kind)) {
      this.collection.delete(document.uri);
      this.setState(document.uri, { version, kind, views: [], skipped: 'untrusted' });
      this.trust.explainOnce();
      return undefined;
    }
    const source = new vscode.CancellationTokenSource();
    this.inFlight.set(key, { source });
    const outer = options.token?.onCancellationRequested(() => this.cancel(key, source));
    const settings = readSettings();
    const params: CheckFileParams = {
      text: documentSource(document.uri.fsPath, document.getText()),
      file: document.uri.fsPath,
      schedules: options.explore ? settings.exploreSchedules : settings.schedulesWhileTyping,
      timeLimitMs: explorationTimeLimitMs(settings, !options.explore),
      budgetEvents: settings.budgetEvents,
      defaultMachine: settings.defaultMachine,
      cancelFlag: cancelFlagFor(source.token),
    };
    const current = () => !source.token.isCancellationRequested && !document.isClosed && document.version === version;
    try {
      // The exploration stops itself inside the wall-clock budget; the request's own limit
      // (counted from when the worker starts it, not while it waits behind an Explore) is the
      // budget itself.
      // Each finding is marked the moment the search meets it, not after the whole budget;
      // the answer then replaces them (with simpler schedules after minimisation).
      // Progress partials repeat the findings so far: the diagnostics are rebuilt only when one is new.
      let shown: { count: number; views: ReturnType<typeof documentViews> } = { count: -1, views: [] };
      const onPartial = (partial: unknown) => {
        if (!current()) return;
        const soFar = partial as CheckFilePartial;
        options.onProgress?.(soFar);
        if (soFar.findings.length !== shown.count) {
          shown = { count: soFar.findings.length, views: documentViews(document.uri.fsPath, [], soFar.findings, [], soFar.entries) };
          this.collection.set(document.uri, shown.views.map((v) => toDiagnostic(v, document)));
        }
        this.setState(document.uri, { version, kind, views: shown.views, searching: true, searched: soFar.schedules });
      };
      const request = lensRequest(this.host, 'check-file', params, { token: source.token, timeoutMs: settings.wallClockMs, onPartial });
      const result = options.explore ? await request : await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `$(sync~spin) Interleave: checking ${document.uri.path.split('/').pop()}` }, () => request);
      if (!current()) return undefined;
      const views = documentViews(document.uri.fsPath, result.errors, result.findings, result.warnings, result.entries);
      this.collection.set(document.uri, views.map((v) => toDiagnostic(v, document)));
      this.setState(document.uri, { version, kind, views, result });
      return result;
    } catch (error) {
      if (error instanceof WorkerRunError && error.reason === 'cancelled') return undefined;
      if (!current()) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Interleave could not check this file: ${message}`, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'interleave';
      this.collection.set(document.uri, [diagnostic]);
      this.setState(document.uri, { version, kind, views: [] });
      if (options.explore) throw error;
      return undefined;
    } finally {
      outer?.dispose();
      if (this.inFlight.get(key)?.source === source) this.inFlight.delete(key);
      source.dispose();
    }
  }

  private setState(uri: vscode.Uri, state: FileCheckState): void {
    this.states.set(uri.toString(), state);
    this.changed.fire(uri);
  }

  /** Cancels the document's check in flight (its cancel flag stops a synchronous exploration between schedules). */
  private cancel(key: string, only?: vscode.CancellationTokenSource): void {
    const running = this.inFlight.get(key);
    if (!running || (only && running.source !== only)) return;
    running.source.cancel();
  }

  private checkSoon(document: vscode.TextDocument): void {
    if (!this.kindOf(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.debounce.get(key));
    // A new edit makes the running check stale at once.
    this.cancel(key);
    this.debounce.set(key, setTimeout(() => {
      this.debounce.delete(key);
      void this.check(document);
    }, TYPING_DEBOUNCE_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.debounce.get(key));
    this.cancel(key);
    this.states.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.debounce.values()) clearTimeout(timer);
    for (const key of this.inFlight.keys()) this.cancel(key);
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
