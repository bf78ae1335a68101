/**
 * The Testing view for files of entry points (a Go test file's `func TestXxx`), like the Go
 * extension's test explorer: each test an item under its file, "Explore schedules" (run) is
 * `interleave check FILE -run ^TestX$` in the worker, "Step through" (debug) starts the
 * debugger on the test's default schedule. A test that fails on some schedule fails here
 * with one message per finding, placed on the line that fails; the message's menu steps
 * through its schedule or shows it. The `⟲ Explore schedules` CodeLens above a test runs it
 * through this controller, so its result lands in the view too.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { CheckFileResult } from '../../protocol/fileWork';
import { documentSource, documentKind, lensEntries } from '../../service/files';
import type { LensCommandDeps } from './commands';
import { showInterleaving, stepThroughFinding } from './interleaving';
import { cancelFlagFor, lensRequest } from './requests';
import { explorationTimeLimitMs, readSettings } from './settings';

export const EXPLORE_TEST_COMMAND = 'interleave.exploreTest';
export const STEP_TEST_FINDING_COMMAND = 'interleave.stepThroughTestFinding';
export const SHOW_TEST_FINDING_COMMAND = 'interleave.showTestFinding';
/** The `contextValue` of a finding's message: the `testing/message/context` menu offers its commands. */
export const FINDING_MESSAGE = 'interleaveFinding';
const TEST_FILES = '**/*_test.go';
const MOST_FILES = 500;

/** What the Testing view last said of one test (the VS Code tests read it through the extension's API). */
export interface EntryOutcome {
  readonly state: 'passed' | 'failed' | 'skipped' | 'errored';
  readonly messages: readonly string[];
  readonly schedules: number;
  readonly complete: boolean;
}

/** A finding's message as the view shows it, with what its menu needs to replay it. */
function findingMessage(finding: Finding, uri: vscode.Uri, test: string): vscode.TestMessage {
  const where = finding.at.file && /[\\/]/.test(finding.at.file) ? vscode.Uri.file(finding.at.file) : uri;
  const text = [
    `${finding.kind}: ${finding.message}`,
    ...(finding.schedule ? [`schedule ${finding.schedule}`, `replay: interleave replay ${vscode.workspace.asRelativePath(uri)} -run '^${test}$' --schedule ${finding.schedule}`] : []),
  ].join('\n');
  const message = new vscode.TestMessage(text);
  message.location = new vscode.Location(where, new vscode.Position(Math.max(0, finding.at.line - 1), Math.max(0, finding.at.column - 1)));
  message.contextValue = FINDING_MESSAGE;
  return message;
}

/** The schedule a finding's message carries (its second line). */
export function scheduleOf(message: { readonly message: string | vscode.MarkdownString }): string | undefined {
  const text = typeof message.message === 'string' ? message.message : message.message.value;
  return /^schedule (\S+)$/m.exec(text)?.[1];
}

export class EntryTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('interleave', 'Interleave: schedules');
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly outcomes = new Map<string, EntryOutcome>();

  constructor(private readonly deps: LensCommandDeps) {
    const c = this.controller;
    c.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    c.refreshHandler = async () => {
      c.items.replace([]);
      await this.discover();
    };
    c.createRunProfile('Explore schedules', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    c.createRunProfile('Step through', vscode.TestRunProfileKind.Debug, (request) => this.step(request), true);
    const watcher = vscode.workspace.createFileSystemWatcher(TEST_FILES);
    this.subscriptions.push(
      c, watcher,
      watcher.onDidCreate((uri) => void this.readFile(uri)),
      watcher.onDidChange((uri) => void this.readFile(uri)),
      watcher.onDidDelete((uri) => c.items.delete(uri.toString())),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d.uri, d.getText())),
      vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document.uri, e.document.getText())),
      vscode.commands.registerCommand(EXPLORE_TEST_COMMAND, (uri: vscode.Uri, name: string) => this.exploreOne(uri, name)),
      vscode.commands.registerCommand(STEP_TEST_FINDING_COMMAND, (arg: { test?: vscode.TestItem; message?: vscode.TestMessage }) => this.fromMessage(arg, 'step')),
      vscode.commands.registerCommand(SHOW_TEST_FINDING_COMMAND, (arg: { test?: vscode.TestItem; message?: vscode.TestMessage }) => this.fromMessage(arg, 'show')),
    );
    for (const d of vscode.workspace.textDocuments) this.update(d.uri, d.getText());
  }

  /** What the last run said of the test `name` of `uri`. */
  outcomeOf(uri: vscode.Uri, name: string): EntryOutcome | undefined {
    return this.outcomes.get(testId(uri, name));
  }

  /** The workspace's test files (at most MOST_FILES). */
  private async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(TEST_FILES, '**/node_modules/**', MOST_FILES);
    await Promise.all(files.map((uri) => this.readFile(uri)));
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      this.update(uri, open.getText());
      return;
    }
    try {
      this.update(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.controller.items.delete(uri.toString());
    }
  }

  /** The file's item and one child per entry point, from its text (no compile: it answers on every keystroke). */
  private update(uri: vscode.Uri, text: string): vscode.TestItem | undefined {
    if (uri.scheme !== 'file') return undefined;
    const kind = documentKind(uri.fsPath, text);
    const entries = kind ? lensEntries(text, kind, uri.fsPath) : [];
    if (entries.length === 0) {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
    let file = this.controller.items.get(uri.toString());
    if (!file) {
      file = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
      file.canResolveChildren = false;
      this.controller.items.add(file);
    }
    file.children.replace(entries.map((e) => {
      const item = this.controller.createTestItem(testId(uri, e.name), e.name, uri);
      item.range = new vscode.Range(e.line, 0, e.line, 0);
      return item;
    }));
    return file;
  }

  /** The `⟲ Explore schedules` lens: one test, as a run of the view (its result shows there and inline). */
  async exploreOne(uri: vscode.Uri, name: string): Promise<EntryOutcome | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    const item = this.update(uri, document.getText())?.children.get(testId(uri, name));
    if (!item) {
      void vscode.window.showErrorMessage(`Interleave: ${vscode.workspace.asRelativePath(uri)} has no test ${name}.`);
      return undefined;
    }
    const source = new vscode.CancellationTokenSource();
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Interleave: exploring ${name}…`, cancellable: true }, (_p, token) => {
        const relay = token.onCancellationRequested(() => source.cancel());
        return this.run(new vscode.TestRunRequest([item]), source.token).finally(() => relay.dispose());
      });
    } finally {
      source.dispose();
    }
    return this.outcomeOf(uri, name);
  }

  /** The tests a request names (a file item stands for all of its tests), minus the ones it excludes. */
  private testsOf(request: vscode.TestRunRequest): vscode.TestItem[] {
    const out: vscode.TestItem[] = [];
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      if (item.children.size === 0 && item.parent) out.push(item);
      else item.children.forEach(add);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    return out;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const settings = readSettings();
    try {
      for (const item of this.testsOf(request)) {
        if (token.isCancellationRequested) {
          run.skipped(item);
          continue;
        }
        run.started(item);
        const uri = item.uri!;
        const name = item.label;
        if (!this.deps.trust.mayRun('go')) {
          run.skipped(item);
          continue;
        }
        let result: CheckFileResult;
        try {
          const document = await vscode.workspace.openTextDocument(uri);
          result = await lensRequest(this.deps.host, 'check-file', {
            text: documentSource(uri.fsPath, document.getText()), file: uri.fsPath, entry: name,
            schedules: settings.exploreSchedules, timeLimitMs: explorationTimeLimitMs(settings, false),
            budgetEvents: settings.budgetEvents, defaultMachine: settings.defaultMachine, cancelFlag: cancelFlagFor(token),
          }, { token, timeoutMs: settings.wallClockMs });
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          run.errored(item, new vscode.TestMessage(`Interleave could not explore ${name}: ${text}`));
          this.outcomes.set(item.id, { state: 'errored', messages: [text], schedules: 0, complete: false });
          continue;
        }
        this.report(run, item, uri, name, result);
      }
    } finally {
      run.end();
    }
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, name: string, r: CheckFileResult): void {
    const coverage = r.complete ? `complete: every schedule that can differ (${r.schedules})` : `not complete: ${r.schedules} schedules (stopped by ${r.stoppedBy ?? 'a budget'})`;
    run.appendOutput(`${name}: ${coverage}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}, ${r.elapsedMs} ms\r\n`, undefined, item);
    if (r.errors.length > 0) {
      const messages = r.errors.map((e) => {
        const m = new vscode.TestMessage(e.hint ? `${e.message} (${e.hint})` : e.message);
        m.location = new vscode.Location(e.at.file && /[\\/]/.test(e.at.file) ? vscode.Uri.file(e.at.file) : uri, new vscode.Position(Math.max(0, e.at.line - 1), Math.max(0, e.at.column - 1)));
        return m;
      });
      run.errored(item, messages, r.elapsedMs);
      this.outcomes.set(item.id, { state: 'errored', messages: messages.map(textOf), schedules: 0, complete: false });
      return;
    }
    if (r.findings.length > 0) {
      const messages = r.findings.map((f) => findingMessage(f, uri, name));
      run.failed(item, messages, r.elapsedMs);
      this.outcomes.set(item.id, { state: 'failed', messages: messages.map(textOf), schedules: r.schedules, complete: r.complete });
      return;
    }
    for (const e of r.runErrors) run.appendOutput(`${e}\r\n`, undefined, item);
    if (r.skipped) {
      run.skipped(item);
      this.outcomes.set(item.id, { state: 'skipped', messages: [], schedules: r.schedules, complete: r.complete });
      return;
    }
    run.passed(item, r.elapsedMs);
    this.outcomes.set(item.id, { state: 'passed', messages: [coverage], schedules: r.schedules, complete: r.complete });
  }

  /** "Step through": the debugger on each requested test's default schedule. */
  private async step(request: vscode.TestRunRequest): Promise<void> {
    for (const item of this.testsOf(request)) {
      await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(item.uri!), {
        type: 'interleave', request: 'launch', name: `Step through ${item.label}`, program: item.uri!.fsPath, test: item.label, stopOnEntry: true,
      });
    }
  }

  /** A finding message's menu: step through its schedule in the debugger, or show it in the panel. */
  private async fromMessage(arg: { test?: vscode.TestItem; message?: vscode.TestMessage }, how: 'step' | 'show'): Promise<unknown> {
    const schedule = arg?.message ? scheduleOf(arg.message) : undefined;
    const uri = arg?.test?.uri;
    if (!schedule || !uri) return undefined;
    return how === 'step' ? stepThroughFinding(uri, schedule, 'untimed', arg.test!.label) : showInterleaving(this.deps.host, uri, schedule, arg.test!.label);
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

function testId(uri: vscode.Uri, name: string): string {
  return `${uri.toString()}#${name}`;
}

function textOf(m: vscode.TestMessage): string {
  return typeof m.message === 'string' ? m.message : m.message.value;
}
