/**
 * Whether a replayed schedule belonged to this program. The engine clamps a choice that
 * does not fit (RecordingChooser `diverged`) and carries on, so a schedule from another
 * file would replay as something else without a word. A schedule fits when the run made
 * exactly its choices; a shorter schedule is a prefix, which the engine continues as
 * the seeded run would (schedule.ts), and fits too.
 */
import { decodeSchedule, simulate } from '../core/index';
import type { Program } from '../core/program';
import type { RunOptions, RunResult } from '../core/run';
import { formatPosition, type Position } from './guard/position';

export interface Misfit {
  /** `file:line:column: error: ...`, ready to print; the schedule was not replayed. */
  readonly message: string;
}

/**
 * A schedule shorter than the run it replayed: a prefix, which the engine continued as
 * the seeded run would. Schedules printed by `check`, `explore` and `run` cover every
 * choice of their run, so this is worth a note (or it is a schedule for another program).
 */
export function prefixNote(schedule: string, replayed: RunResult, file: string): string | undefined {
  if (replayed.stopped === 'budget' || replayed.stopped === 'cancelled') return undefined;
  const given = decodeSchedule(schedule).choices.length;
  const made = decodeSchedule(replayed.schedule).choices.length;
  if (made <= given) return undefined;
  return `${file}: note: the schedule holds ${given} choice${given === 1 ? '' : 's'}, but the run made ${made}: `
    + 'the rest followed the seed. A schedule printed by check, explore or run holds every choice of its run; was this one made for another program?';
}

/**
 * Undefined when `replayed` (the run of `schedule`) made the schedule's choices. Otherwise
 * runs the program once more with a chooser that watches each choice, to name the first
 * one that does not fit and the step the program had reached (`where`, read as it chooses).
 */
export function scheduleMisfit(program: Program, schedule: string, replayed: RunResult, mode: RunOptions['mode'],
  file: string, where: () => Position | undefined, budget: Pick<RunOptions, 'budget' | 'shouldCancel'>): Misfit | undefined {
  // A run a budget or a cancel cut short proves nothing either way; the budget is reported instead.
  if (replayed.stopped === 'budget' || replayed.stopped === 'cancelled') return undefined;
  const given = decodeSchedule(schedule);
  const made = decodeSchedule(replayed.schedule).choices;
  const wanted = given.choices;
  let first = -1;
  for (let i = 0; i < Math.min(made.length, wanted.length); i++) {
    if (made[i] !== wanted[i]) { first = i; break; }
  }
  if (first < 0 && made.length >= wanted.length) return undefined;

  let misfit: { index: number; options: number; at: Position | undefined } | undefined;
  let next = 0;
  simulate(program, {
    mode, seed: given.seed, ...budget,
    chooser: {
      choose(point) {
        const i = next++;
        if (i >= wanted.length) return 0;
        const n = point.options.length;
        if (wanted[i] >= n && !misfit) misfit = { index: i, options: n, at: where() };
        return Math.min(wanted[i], n - 1);
      },
    },
  });
  const total = wanted.length;
  const whose = 'It was made for another program, or the file changed since; nothing was replayed. '
    + `\`interleave check ${file}\` prints this file's own schedules.`;
  if (misfit) {
    const place = misfit.at ? formatPosition(misfit.at) : file;
    return {
      message: `${place}: error: the schedule does not fit ${file}: its choice ${misfit.index + 1} of ${total} picks option ${wanted[misfit.index] + 1}, `
        + `but after the step here the program has ${misfit.options} to choose from. ${whose}`,
    };
  }
  const end = where();
  if (made.length >= total) {
    return { message: `${file}: error: the schedule does not fit ${file}: the replay made a different choice at choice ${first + 1} of ${total}. ${whose}` };
  }
  return {
    message: `${end ? formatPosition(end) : file}: error: the schedule does not fit ${file}: it has ${total} choices, `
      + `but the program made ${made.length} and ${replayed.stopped === 'finished' ? 'ended' : `stopped (${replayed.stopped})`} here. ${whose}`,
  };
}
