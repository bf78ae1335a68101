/**
 * One simulation panel: a webview showing one file's run (spec editor.md, "The panel").
 *
 * Done the recommended way (vscode-extension-samples webview-sample): scripts only with
 * a fresh nonce under a strict CSP (webview/html.ts), `asWebviewUri`, `localResourceRoots`
 * limited to dist/ and media/, no `retainContextWhenHidden` (the page saves where it was
 * with `setState`; a serializer brings it back after a reload). The page posts `ready`
 * once its script runs, and only then gets `load`; every message either way is checked
 * by src/protocol/panelGuards.ts and a bad one is dropped, never half-applied.
 *
 * All simulation runs in the worker (`PanelBackend`); this class only routes messages.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { mayExecute, UNTRUSTED_NOTICE } from '../lens/trust';
import { documentSource } from '../../service/files';
import { panelHtml } from '../../../webview/html';
import { isPanelMessage } from '../../protocol/panelGuards';
import type { HostMessage, LoadMessage, PanelMessage, WhatIfSettings } from '../../protocol/panel';
import type { PanelBackend } from './backend';

export const PANEL_VIEW_TYPE = 'interleave.panel';

/** Which run a panel shows: a file, and optionally a schedule and setting overrides. */
export interface PanelSource {
  readonly uri: vscode.Uri;
  readonly schedule?: string;
  readonly set?: Readonly<Record<string, unknown>>;
  /** One entry point of the file (a Go test) whose run the panel shows. */
  readonly entry?: string;
}

/** What the panel tells its owner (the controller): a move of the cursor the debugger should follow. */
export interface PanelEvents {
  onScrub(panel: SimulationPanel, event: number): void;
  onDispose(panel: SimulationPanel): void;
  isDebugging(panel: SimulationPanel): boolean;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SimulationPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The `load` answer of the current run, and the document version it came from. */
  private loaded: { load: LoadMessage; schedule: string; text: string; source: PanelSource } | undefined;
  private loading: Promise<void> | undefined;
  /** The event the panel shows (the last `moment` posted). */
  cursor = 0;
  /** Test hooks: what the page said and what it was sent, newest last (types only for the long ones). */
  readonly received: PanelMessage[] = [];
  readonly posted: HostMessage[] = [];
  private pendingEvent: number | undefined;
  private readonly key = randomBytes(8).toString('hex');

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly backend: PanelBackend,
    private source: PanelSource,
    private readonly events: PanelEvents,
    initialEvent?: number,
  ) {
    this.pendingEvent = initialEvent;
    const webview = webviewPanel.webview;
    webview.options = { enableScripts: true, localResourceRoots: SimulationPanel.resourceRoots(extensionUri) };
    webview.html = this.html();
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      webviewPanel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.toString() === this.source.uri.toString()) void this.reload();
      }),
    );
  }

  static resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
  }

  get uri(): vscode.Uri {
    return this.source.uri;
  }

  get runSource(): PanelSource {
    return this.source;
  }

  /** The `load` message the page was last sent (for tests and the debugger). */
  get lastLoad(): LoadMessage | undefined {
    return this.loaded?.load;
  }

  private html(): string {
    const webview = this.webviewPanel.webview;
    return panelHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      title: this.webviewPanel.title,
    });
  }

  private post(message: HostMessage): void {
    this.posted.push(message);
    if (this.posted.length > 50) this.posted.splice(0, this.posted.length - 50);
    void this.webviewPanel.webview.postMessage(message);
  }

  private request(extra: { schedule?: string } = {}) {
    const budget = vscode.workspace.getConfiguration('interleave').get<number>('budget.events');
    return {
      file: this.source.uri.fsPath,
      text: this.loaded?.text ?? '',
      key: this.key,
      ...(this.source.set ? { set: this.source.set } : {}),
      ...(this.source.entry ? { entry: this.source.entry } : {}),
      ...(budget ? { eventBudget: budget } : {}),
      ...extra,
    };
  }

  /** Shows another run of the same file (a finding's schedule, a debug session's settings). */
  async setSource(source: PanelSource, event?: number): Promise<void> {
    const same = source.schedule === this.source.schedule && source.entry === this.source.entry && JSON.stringify(source.set ?? {}) === JSON.stringify(this.source.set ?? {});
    this.source = source;
    if (!same) {
      this.pendingEvent = event;
      await this.reload();
    } else if (event !== undefined) {
      await this.showMoment(event);
    }
  }

  /**
   * Runs the file again (it changed, or the run did) and posts `load`, then the pending
   * moment. `reuse`: a page that reloaded (hidden and shown again) gets the run it had,
   * unless the file changed meanwhile.
   */
  async reload(reuse = false): Promise<void> {
    const run = async () => {
      const doc = await vscode.workspace.openTextDocument(this.source.uri);
      // A Go test file comes with its package's other files, as the lens checks it.
      const text = documentSource(doc.uri.fsPath, doc.getText());
      if (reuse && this.loaded && this.loaded.text === text && this.loaded.source === this.source) {
        this.post(this.loaded.load);
        await this.showMoment(this.takePending() ?? this.cursor);
        this.post({ type: 'session', debugging: this.events.isDebugging(this) });
        return;
      }
      if (!mayExecute(this.source.uri.path)) {
        // Workspace Trust: a .sim.ts file is a program, and showing it means running it.
        this.post({ type: 'error', message: UNTRUSTED_NOTICE });
        return;
      }
      try {
        const answer = await this.backend.load({ ...this.request(), text, ...(this.source.schedule ? { schedule: this.source.schedule } : {}) });
        this.loaded = { load: answer.load, schedule: answer.schedule, text, source: this.source };
        this.post(answer.load);
        if (answer.steered && answer.load.interleaving) {
          // The page shows the explored interleaving itself, above the steered timed run, and says how they relate.
        } else if (answer.steered) {
          // A schedule from `check`/`explore` (the race lens) orders the untimed model's steps; the panel
          // shows the timed run steered towards it, and says whether the modelled timing reproduces it.
          const how = answer.steered.reproduced
            ? 'the modelled durations reproduce it.'
            : `the modelled durations do not quite reach it: ${answer.steered.notes.join('; ')}. Real durations vary, so it is still a real interleaving; "Step through it" (the debugger) walks it exactly.`;
          this.post({ type: 'error', message: `This interleaving comes from the explorer (untimed: only synchronisation orders the steps). The timeline shows the timed run steered towards it; ${how}` });
        } else if (this.source.schedule && answer.schedule !== this.source.schedule) {
          this.post({ type: 'error', message: `The schedule ${this.source.schedule} does not replay on this file (it changed since), so the panel shows the default timed run.` });
        }
        if (answer.stopped !== 'finished' && answer.error) {
          this.post({ type: 'error', message: `The run stopped early (${answer.stopped}): ${answer.error}` });
        }
        await this.showMoment(this.takePending() ?? 0);
        this.post({ type: 'session', debugging: this.events.isDebugging(this) });
      } catch (e) {
        this.post({ type: 'error', message: `Interleave could not run ${vscode.workspace.asRelativePath(this.source.uri)}: ${errorText(e)}` });
      }
    };
    const previous = this.loading ?? Promise.resolve();
    this.loading = previous.then(run, run);
    return this.loading;
  }

  private takePending(): number | undefined {
    const event = this.pendingEvent;
    this.pendingEvent = undefined;
    return event;
  }

  /** Posts the moment at `event` (clamped to the run); `replyTo` when it answers the page. */
  async showMoment(event: number, replyTo?: number): Promise<void> {
    if (!this.loaded) {
      this.pendingEvent = event;
      return;
    }
    const count = this.loaded.load.timeline.events.ns.length;
    if (count === 0) return;
    const i = Math.max(0, Math.min(Math.floor(event), count - 1));
    try {
      const moment = await this.backend.moment({ ...this.request({ schedule: this.loaded.schedule }), event: i, ...(replyTo !== undefined ? { replyTo } : {}) });
      this.cursor = moment.event;
      this.post(moment);
    } catch (e) {
      this.post({ type: 'error', ...(replyTo !== undefined ? { replyTo } : {}), message: `Interleave could not show event ${i}: ${errorText(e)}` });
    }
  }

  /** A message from the page (tests call this to act as the page). */
  async receive(raw: unknown): Promise<void> {
    if (!isPanelMessage(raw)) {
      console.warn('interleave: dropped a malformed message from the panel', raw);
      return;
    }
    this.received.push(raw);
    if (this.received.length > 50) this.received.splice(0, this.received.length - 50);
    switch (raw.type) {
      case 'ready':
        // After a reload the page says where it was; a requested event (show(..., {event})) wins.
        if (this.pendingEvent === undefined && raw.restoredEvent !== undefined) this.pendingEvent = raw.restoredEvent;
        await this.reload(true);
        break;
      case 'seek':
        await this.moveTo(raw.event, raw.id);
        break;
      case 'step':
        await this.moveTo(this.cursor + 1, raw.id);
        break;
      case 'stepBack':
        await this.moveTo(this.cursor - 1, raw.id);
        break;
      case 'reveal':
        await this.reveal(raw.location.file, raw.location.line, raw.location.column);
        break;
      case 'whatIf':
        await this.whatIf(raw.id, raw.settings);
        break;
    }
  }

  private async moveTo(event: number, replyTo: number): Promise<void> {
    await this.showMoment(event, replyTo);
    this.events.onScrub(this, this.cursor);
  }

  private async reveal(file: string, line: number, column: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    const column_ = this.webviewPanel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn: column_ });
    } catch (e) {
      this.post({ type: 'error', message: `Interleave could not open ${file}:${line}:${column}: ${errorText(e)}` });
    }
  }

  private async whatIf(id: number, settings: WhatIfSettings): Promise<void> {
    try {
      const answer = await this.backend.whatIf({ ...this.request(), settings });
      const { timeline, summary } = answer.load;
      this.post({ type: 'compare', replyTo: id, settings, timeline, summary });
    } catch (e) {
      this.post({ type: 'error', replyTo: id, message: `The what-if run did not finish: ${errorText(e)}` });
    }
  }

  /** The debugger moved: follow it (a `moment` without `replyTo`). */
  async follow(event: number): Promise<void> {
    if (this.loaded && event === this.cursor) return;
    await this.showMoment(event);
  }

  setDebugging(debugging: boolean): void {
    if (this.loaded) this.post({ type: 'session', debugging });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.events.onDispose(this);
    while (this.disposables.length) this.disposables.pop()!.dispose();
    this.webviewPanel.dispose();
  }
}
