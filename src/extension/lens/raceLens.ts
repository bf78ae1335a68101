/**
 * The race lens: findings as diagnostics in the `interleave` collection, code actions on
 * them, the CodeLens row, the status bar, the Run/Step/Explore/Compare, Export and Replay
 * commands and the Workspace Trust gate. `registerRaceLens` wires them; `FileChecks` does the checking.
 */
import * as vscode from 'vscode';
import type { SimulationHost } from '../simulationHost';
import { FindingCodeActions, SHOW_INTERLEAVING_COMMAND, STEP_THROUGH_FINDING_COMMAND } from './codeActions';
import { COMPARE_COMMAND, EXPLORE_COMMAND, RUN_COMMAND, RunCodeLenses, STEP_COMMAND } from './codeLens';
import { compareCommand, exploreCommand, runCommand, stepCommand, type LensCommandDeps } from './commands';
import { EXPLAIN_SCHEME, explanationMarkdown } from './explanations';
import { EXPORT_REPORT_COMMAND, EXPORT_TRACE_COMMAND, exportCommand } from './exportCommands';
import { EntryTests } from './entryTests';
import { FileChecks } from './fileChecks';
import { openExplanation, showInterleaving, stepThroughFinding } from './interleaving';
import { REPLAY_COMMAND, replayCommand, type ReplayWay } from './replayCommand';
import { ResultStatusBar, SHOW_OUTPUT_COMMAND } from './statusBar';
import { TrustGate } from './trust';
import { registerViews } from './views';

/** The documents the lens works on: scenarios by language, `.sim.ts`, `.go` and `.py` by name. */
export const LENS_SELECTOR: vscode.DocumentSelector = [
  { language: 'interleave-scenario' },
  { pattern: '**/*.sim.ts' },
  { pattern: '**/*.go' },
  { pattern: '**/*.py' },
];

export interface RaceLens extends vscode.Disposable {
  readonly checks: FileChecks;
  /** The Testing view's entry points (Go tests). */
  readonly tests: EntryTests;
  readonly statusBar: ResultStatusBar;
  readonly output: vscode.OutputChannel;
  /** "Show the interleaving" as a document, whether or not the panel is there (tests use it). */
  openExplanation(uri: vscode.Uri, schedule: string): Promise<vscode.TextDocument>;
}

/** What the lens builds on: the checks behind the `interleave` collection (diagnostics.ts owns them). */
export interface LensChecks {
  readonly checks: FileChecks;
  readonly trust: TrustGate;
}

/**
 * Creates the checks, with their trust gate, over the one `interleave` collection. The
 * caller owns (and disposes) what this returns.
 */
export function createChecks(host: SimulationHost, collection: vscode.DiagnosticCollection): LensChecks & vscode.Disposable {
  // Trust can only be granted after activation, when `checks` exists.
  const trust = new TrustGate(() => checks.recheckTypeScript());
  const checks = new FileChecks(host, collection, trust);
  return { checks, trust, dispose: () => { checks.dispose(); trust.dispose(); } };
}

/**
 * Registers the code actions, CodeLens, status bar, output channel, commands and the
 * explanation pages over `diagnostics`' checks. Everything it registers is disposed with
 * the result.
 */
export function registerRaceLens(_context: vscode.ExtensionContext, host: SimulationHost, diagnostics: LensChecks): RaceLens {
  const disposables: vscode.Disposable[] = [];
  const { checks, trust } = diagnostics;
  const statusBar = new ResultStatusBar(checks);
  const output = vscode.window.createOutputChannel('Interleave');
  const deps: LensCommandDeps = { host, checks, trust, statusBar, output };
  const tests = new EntryTests(deps);
  disposables.push(
    statusBar, output, tests,
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, { provideTextDocumentContent: (uri) => explanationMarkdown(uri.path) }),
    registerViews(),
    vscode.languages.registerCodeActionsProvider(LENS_SELECTOR, new FindingCodeActions(checks), FindingCodeActions.metadata),
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, new RunCodeLenses(checks)),
    vscode.commands.registerCommand(RUN_COMMAND, (uri?: unknown) => runCommand(deps, uri)),
    vscode.commands.registerCommand(STEP_COMMAND, (uri?: unknown, entry?: unknown) => stepCommand(deps, uri, typeof entry === 'string' ? entry : undefined)),
    vscode.commands.registerCommand(EXPLORE_COMMAND, (uri?: unknown) => exploreCommand(deps, uri)),
    vscode.commands.registerCommand(COMPARE_COMMAND, (uri?: unknown, setting?: string, values?: (string | number)[]) => compareCommand(deps, uri, setting, values)),
    vscode.commands.registerCommand(SHOW_INTERLEAVING_COMMAND, async (uri: vscode.Uri, schedule: string, entry?: string) => {
      try {
        return await showInterleaving(host, uri, schedule, entry);
      } catch (error) {
        void vscode.window.showErrorMessage(`Interleave: could not show the interleaving: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(STEP_THROUGH_FINDING_COMMAND, (uri: vscode.Uri, schedule: string, entry?: string) => stepThroughFinding(uri, schedule, 'untimed', entry)),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show()),
    vscode.commands.registerCommand(EXPORT_TRACE_COMMAND, (uri?: unknown, target?: vscode.Uri) => exportCommand(deps, 'trace', uri, 'chrome', target)),
    vscode.commands.registerCommand(EXPORT_REPORT_COMMAND, (uri?: unknown, format?: 'markdown' | 'html', target?: vscode.Uri) => exportCommand(deps, 'report', uri, format, target)),
    vscode.commands.registerCommand(REPLAY_COMMAND, (uri?: unknown, schedule?: string, way?: ReplayWay) => replayCommand(deps, uri, schedule, way)),
  );
  return { checks, tests, statusBar, output, openExplanation: (uri, schedule) => openExplanation(host, uri, schedule), dispose: () => vscode.Disposable.from(...disposables.reverse()).dispose() };
}
