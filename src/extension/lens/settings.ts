/** The race lens's settings (contributed in package.json under `interleave.*`). */
import * as vscode from 'vscode';

export interface LensSettings {
  /** Schedules explored per check while typing (bounded: the editor stays quiet and quick). */
  readonly schedulesWhileTyping: number;
  /** Schedules for the Explore command. */
  readonly exploreSchedules: number;
  readonly budgetEvents: number;
  readonly wallClockMs: number;
  readonly defaultMachine: { readonly cores?: number; readonly smt?: number };
}

/** A typing check gets at most this much of the wall-clock budget, so a fresh edit is answered soon. */
const TYPING_TIME_LIMIT_MS = 2_000;

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export function readSettings(): LensSettings {
  const config = vscode.workspace.getConfiguration('interleave');
  const machine = config.get<{ cores?: unknown; smt?: unknown }>('defaultMachine') ?? {};
  return {
    schedulesWhileTyping: positive(config.get('explore.schedulesWhileTyping'), 200),
    exploreSchedules: positive(config.get('explore.schedules'), 10_000),
    budgetEvents: positive(config.get('budget.events'), 2_000_000),
    wallClockMs: positive(config.get('budget.wallClockMs'), 10_000),
    defaultMachine: {
      ...(typeof machine.cores === 'number' ? { cores: machine.cores } : {}),
      ...(typeof machine.smt === 'number' ? { smt: machine.smt } : {}),
    },
  };
}

/**
 * The exploration's own time limit sits inside the host's wall-clock budget, so the
 * exploration stops itself and reports what it found instead of being killed.
 */
export function explorationTimeLimitMs(settings: LensSettings, whileTyping: boolean): number {
  const inside = Math.max(200, settings.wallClockMs - 1_000);
  return whileTyping ? Math.min(TYPING_TIME_LIMIT_MS, inside) : inside;
}
