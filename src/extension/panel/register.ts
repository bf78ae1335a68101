/**
 * The panels of a window: `show(uri)` opens (or reveals) the panel of a file, the
 * serializer brings panels back after a reload, and an `interleave` debug session and
 * the panel of its file follow each other (spec editor.md: "The panel follows the
 * debugger's current moment, and the debugger follows the panel's scrubber").
 *
 * One panel per file. After a reload VS Code hands the serializer only what the page
 * saved (its cursor, view and speed), so which file a panel showed is kept here, in
 * `workspaceState`, under the panel's title.
 */
import * as vscode from 'vscode';
import type { SimulationHost } from '../simulationHost';
import { workerBackend, type PanelBackend } from './backend';
import { PANEL_VIEW_TYPE, SimulationPanel, type PanelSource } from './panel';

/** The custom DAP event and request of src/debug/session.ts (MOMENT_EVENT, SEEK_REQUEST). */
export const DEBUG_MOMENT_EVENT = 'interleave/moment';
export const DEBUG_SEEK_REQUEST = 'interleave/seek';
const DEBUG_TYPE = 'interleave';
/** `Interleave: Show Panel`; the race lens runs it with `{ uri, schedule }` ("Show the interleaving"). */
export const SHOW_PANEL_COMMAND = 'interleave.showPanel';
const RESTORE_KEY = 'interleave.panels';

interface SavedSource { readonly uri: string; readonly schedule?: string; readonly set?: Readonly<Record<string, unknown>>; readonly entry?: string }

export interface ShowOptions {
  /** A schedule string to show (from a finding): the run replays it exactly. */
  readonly schedule?: string;
  /** Setting overrides, as `--set`. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** The event to show first. */
  readonly event?: number;
  /** One entry point of the file (a Go test, by name): its run, not the file's. */
  readonly entry?: string;
}

export interface PanelController extends vscode.Disposable {
  show(uri: vscode.Uri, options?: ShowOptions): Promise<void>;
  /** The debugger is at `index` (its `interleave/moment` event): the panel of `program` (or the active one) follows. */
  followDebugMoment(index: number, program?: string): Promise<void>;
  /** The open panel of a file, if any (tests read its `lastLoad`, `posted`, `received`). */
  panelFor(uri: vscode.Uri): SimulationPanel | undefined;
}

function titleFor(uri: vscode.Uri): string {
  return `Interleave: ${vscode.workspace.asRelativePath(uri)}`;
}

function debugProgram(session: vscode.DebugSession | undefined): string | undefined {
  if (!session || session.type !== DEBUG_TYPE) return undefined;
  const program = (session.configuration as { program?: unknown }).program;
  return typeof program === 'string' ? program : undefined;
}

const sameFile = (uri: vscode.Uri, file: string | undefined) => file !== undefined && vscode.Uri.file(file).fsPath === uri.fsPath;

export function registerPanel(context: vscode.ExtensionContext, host: SimulationHost, backend: PanelBackend = workerBackend(host)): PanelController {
  const panels = new Map<string, SimulationPanel>();
  let lastActive: SimulationPanel | undefined;

  const saved = (): Record<string, SavedSource> => context.workspaceState.get<Record<string, SavedSource>>(RESTORE_KEY) ?? {};
  const remember = (title: string, source: PanelSource | undefined) => {
    const all = { ...saved() };
    if (source) all[title] = { uri: source.uri.toString(), ...(source.schedule ? { schedule: source.schedule } : {}), ...(source.set ? { set: source.set } : {}), ...(source.entry ? { entry: source.entry } : {}) };
    else delete all[title];
    void context.workspaceState.update(RESTORE_KEY, all);
  };

  /** Running `interleave` debug sessions: the panel of a file syncs with the session of that file. */
  const sessions = new Set<vscode.DebugSession>();
  /** Each session's latest moment (its `interleave/moment` events): a panel opened during the session opens there (issue 16 item 2). */
  const sessionMoments = new Map<vscode.DebugSession, number>();
  const debugMomentOf = (uri: vscode.Uri): number | undefined => {
    const active = vscode.debug.activeDebugSession;
    const session = active && sameFile(uri, debugProgram(active)) ? active : [...sessions].find((s) => sameFile(uri, debugProgram(s)));
    return session ? sessionMoments.get(session) : undefined;
  };
  const debugSessionFor = (panel: SimulationPanel): vscode.DebugSession | undefined => {
    const active = vscode.debug.activeDebugSession;
    if (active && sameFile(panel.uri, debugProgram(active))) return active;
    return [...sessions].find((s) => sameFile(panel.uri, debugProgram(s)));
  };

  const events = {
    onScrub: (panel: SimulationPanel, event: number) => {
      // The debugger follows the scrubber; its answering `interleave/moment` is then a no-op here.
      const session = debugSessionFor(panel);
      if (session) void Promise.resolve(session.customRequest(DEBUG_SEEK_REQUEST, { index: event })).catch(() => undefined);
    },
    onDispose: (panel: SimulationPanel) => {
      panels.delete(panel.uri.toString());
      if (lastActive === panel) lastActive = undefined;
      // A panel the person closed is not restored; one closed by a window reload is (VS Code calls the serializer first).
      // Its title is read from when it was adopted: a disposed webview throws on any property read.
      const title = titles.get(panel);
      titles.delete(panel);
      if (!closing && title !== undefined) remember(title, undefined);
    },
    isDebugging: (panel: SimulationPanel) => debugSessionFor(panel) !== undefined,
  };
  let closing = false;
  /** Each open panel's title, the key it is remembered under. */
  const titles = new Map<SimulationPanel, string>();

  const adopt = (webviewPanel: vscode.WebviewPanel, source: PanelSource, event?: number): SimulationPanel => {
    const panel = new SimulationPanel(webviewPanel, context.extensionUri, backend, source, events, event);
    panels.set(source.uri.toString(), panel);
    lastActive = panel;
    titles.set(panel, webviewPanel.title);
    webviewPanel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) lastActive = panel;
    });
    remember(webviewPanel.title, source);
    return panel;
  };

  const show = async (uri: vscode.Uri, options: ShowOptions = {}): Promise<void> => {
    const source: PanelSource = { uri, ...(options.schedule ? { schedule: options.schedule } : {}), ...(options.set ? { set: options.set } : {}), ...(options.entry ? { entry: options.entry } : {}) };
    const existing = panels.get(uri.toString());
    // During a debug session of this file (and with no schedule of its own to show), the panel
    // shows the debugger's moment, so stepping in either moves both from the same place.
    const event = options.event ?? (options.schedule === undefined ? debugMomentOf(uri) : undefined);
    if (existing) {
      existing.webviewPanel.reveal(undefined, true);
      remember(existing.webviewPanel.title, source);
      await existing.setSource(source, event);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, titleFor(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: SimulationPanel.resourceRoots(context.extensionUri) });
    adopt(webviewPanel, source, event);
  };

  const followDebugMoment = async (index: number, program?: string): Promise<void> => {
    const file = program ?? debugProgram(vscode.debug.activeDebugSession);
    const panel = (file !== undefined ? [...panels.values()].find((p) => sameFile(p.uri, file)) : undefined) ?? (file === undefined ? lastActive : undefined);
    await panel?.follow(index);
  };

  const setDebugging = (session: vscode.DebugSession, debugging: boolean) => {
    const file = debugProgram(session);
    if (file === undefined) return;
    if (debugging) sessions.add(session);
    else {
      sessions.delete(session);
      sessionMoments.delete(session);
    }
    for (const p of panels.values()) if (sameFile(p.uri, file)) p.setDebugging(debugging);
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel) => {
        const entry = saved()[webviewPanel.title];
        if (!entry) {
          // Nothing says which file it showed (state from another version): close it rather than show nothing.
          webviewPanel.dispose();
          return;
        }
        // The page's own saved state (cursor, view, speed) comes back with its `ready` as `restoredEvent`.
        adopt(webviewPanel, { uri: vscode.Uri.parse(entry.uri), ...(entry.schedule ? { schedule: entry.schedule } : {}), ...(entry.set ? { set: entry.set } : {}), ...(entry.entry ? { entry: entry.entry } : {}) });
      },
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== DEBUG_MOMENT_EVENT) return;
      const index = (e.body as { index?: unknown } | undefined)?.index;
      if (typeof index !== 'number') return;
      sessionMoments.set(e.session, index);
      void followDebugMoment(index, debugProgram(e.session));
    }),
    vscode.debug.onDidStartDebugSession((s) => setDebugging(s, true)),
    vscode.debug.onDidTerminateDebugSession((s) => setDebugging(s, false)),
  );

  /** Accepts `()` (the active editor's file), `(uri, options?)` (menus, tests) and `({ uri, schedule?, set?, event? })` (the lens). */
  const showCommand = async (first?: unknown, second?: ShowOptions): Promise<void> => {
    if (first instanceof vscode.Uri) return show(first, second);
    if (typeof first === 'object' && first !== null && (first as { uri?: unknown }).uri instanceof vscode.Uri) {
      const { uri, ...options } = first as ShowOptions & { uri: vscode.Uri };
      return show(uri, options);
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active) {
      void vscode.window.showInformationMessage('Interleave: open a scenario (.scenario.yaml) or a .sim.ts file, then run Show Panel again.');
      return;
    }
    return show(active);
  };
  context.subscriptions.push(vscode.commands.registerCommand(SHOW_PANEL_COMMAND, showCommand));

  const controller: PanelController = {
    show,
    followDebugMoment,
    panelFor: (uri) => panels.get(uri.toString()),
    dispose: () => {
      closing = true;
      for (const p of [...panels.values()]) p.dispose();
    },
  };
  context.subscriptions.push(controller);
  return controller;
}
