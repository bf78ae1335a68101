/**
 * Replay a Schedule…: paste a `v1:…` schedule string (printed by `interleave run`,
 * `check`, `explore`, a finding, or the debugger) and step through it, see it in the
 * panel, or read it step by step, on the given or active file.
 */
import * as vscode from 'vscode';
import { scheduleShapeError } from '../../core/index';
import { failed, targetDocument, type LensCommandDeps } from './commands';
import { openExplanation, showInterleaving, stepThroughFinding } from './interleaving';

export const REPLAY_COMMAND = 'interleave.replay';

/**
 * `step`, `panel` and `text` take a schedule from `check`, Explore or a finding (an untimed
 * interleaving, as `interleave replay`); `step-timed` one printed by a run (`interleave
 * replay --exact`), stepped in the timed model choice for choice.
 */
export type ReplayWay = 'step' | 'step-timed' | 'panel' | 'text';

/** The input box's check: the core's schedule grammar (no expansion of repeats), as a sentence. */
export function scheduleProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Paste a schedule string, e.g. v1:1:01*a.2';
  const problem = scheduleShapeError(text);
  return problem && problem[0].toUpperCase() + problem.slice(1);
}

const WAYS: readonly { way: ReplayWay; label: string; detail: string }[] = [
  { way: 'step', label: '$(debug-alt) Step through it', detail: 'A schedule from a finding, Explore or `interleave check`: a debug session on exactly this interleaving' },
  { way: 'panel', label: '$(graph) Show it in the panel', detail: 'The same, as the machine and the timeline (the timed run steered towards it)' },
  { way: 'text', label: '$(book) Read it step by step', detail: 'The same, one sentence per step, in a Markdown document' },
  { way: 'step-timed', label: '$(debug-alt) Step through a run', detail: 'A schedule printed by ▶ Run or `interleave run`: the timed run, choice for choice' },
];

/**
 * Replays `schedule` (asked for when not given) on the document, the way asked for (or
 * picked). Returns the way it was replayed, or undefined when the user cancelled.
 */
export async function replayCommand(deps: LensCommandDeps, uri?: unknown, schedule?: string, way?: ReplayWay): Promise<ReplayWay | undefined> {
  const document = await targetDocument(deps, uri);
  if (!document) return undefined;
  let text = schedule;
  if (text === undefined) {
    text = await vscode.window.showInputBox({
      title: `Interleave: replay a schedule of ${vscode.workspace.asRelativePath(document.uri)}`,
      prompt: 'A schedule string, as printed by a run, a finding, `interleave check` or the debugger',
      placeHolder: 'v1:1:01*a.2', ignoreFocusOut: true, validateInput: scheduleProblem,
    });
    if (text === undefined) return undefined;
  }
  const problem = scheduleProblem(text);
  if (problem) {
    void vscode.window.showErrorMessage(`Interleave: "${text.trim().slice(0, 80)}" is not a schedule string. ${problem}.`);
    return undefined;
  }
  const chosen = way ?? (await vscode.window.showQuickPick(WAYS, { title: 'Interleave: replay it how?' }))?.way;
  if (!chosen) return undefined;
  const trimmed = text.trim();
  try {
    if (chosen === 'step' || chosen === 'step-timed') await stepThroughFinding(document.uri, trimmed, chosen === 'step' ? 'untimed' : 'timed');
    else if (chosen === 'panel') await showInterleaving(deps.host, document.uri, trimmed);
    else await openExplanation(deps.host, document.uri, trimmed);
  } catch (error) {
    return failed('the replay', error);
  }
  return chosen;
}
