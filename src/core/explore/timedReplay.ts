import { ObservedDetector } from '../analysis/observedDetector';
import { RaceDetector, rangeKey, formatRange } from '../analysis/raceDetector';
import type { Finding } from '../findings';
import type { Program, SourceRange, TaskId } from '../program';
import type { RunResult } from '../run';
import { decodeSchedule } from '../engine/schedule';
import { valueKey, valueText } from '../valueText';
import type { Simulate } from './explore';
import { findingKey } from './findingBook';

/**
 * Replaying an untimed counterexample in the timed model (analysis.md: "Each finding's
 * schedule string can be replayed in the timed view"). The untimed schedule fixes the
 * order of the visible steps; the timed model decides most of that order by durations.
 * The timed run is steered at every choice it does have (ties, wake-ups) towards the
 * task whose step comes next in the untimed order; then the two are compared, and
 * where the timing cannot produce the interleaving the first step that differs is named.
 */

export interface VisibleAccess {
  readonly task: TaskId;
  readonly at: SourceRange;
}

export interface TimedReplay {
  readonly untimed: RunResult;
  readonly timed: RunResult;
  /** Data races seen on the untimed replay (happens-before; the timed run sees the same ones). */
  readonly races: readonly Finding[];
  readonly reproduced: boolean;
  /** Why the timed run differs, for a person to read (empty when reproduced). */
  readonly notes: readonly string[];
}

/** Records the order of plain and atomic accesses, and feeds a race detector. */
/** The detector, plus every access it saw, in order (and `onAccess` told of each). */
class AccessLog extends ObservedDetector {
  readonly accesses: VisibleAccess[] = [];
  constructor(inner: RaceDetector, onAccess?: (a: VisibleAccess) => void) {
    super(inner, (task, at) => {
      const a = { task, at };
      this.accesses.push(a);
      onAccess?.(a);
    });
  }
}

export function replayTimed(program: Program, schedule: string, simulate: Simulate): TimedReplay {
  const detector = new RaceDetector(program);
  const untimedLog = new AccessLog(detector);
  const untimed = simulate(program, { mode: 'untimed', schedule, hb: untimedLog });
  const order = untimedLog.accesses;
  let pos = 0;
  const timedLog = new AccessLog(new RaceDetector(program), (a) => {
    const key = rangeKey(a.at);
    for (let k = pos; k < order.length; k++) {
      if (order[k].task === a.task && rangeKey(order[k].at) === key) {
        pos = k + 1;
        return;
      }
    }
  });
  const nextIndexOf = (task: number): number => {
    for (let k = pos; k < order.length; k++) if (order[k].task === task) return k;
    return Number.MAX_SAFE_INTEGER;
  };
  const timed = simulate(program, {
    mode: 'timed',
    seed: decodeSchedule(schedule).seed,
    hb: timedLog,
    chooser: {
      choose(point) {
        if (point.kind === 'select' || point.kind === 'steal') return 0;
        let best = 0;
        for (let i = 1; i < point.options.length; i++) if (nextIndexOf(point.options[i]) < nextIndexOf(point.options[best])) best = i;
        return best;
      },
    },
  });
  const notes: string[] = [];
  const label = (r: RunResult, t: TaskId) => r.tasks[t]?.id ?? `T${t + 1}`;
  const timedKeys = new Set(timed.findings.map(findingKey));
  const missing = untimed.findings.filter((f) => !timedKeys.has(findingKey(f)));
  for (const f of missing) notes.push(`the timed run does not show the ${f.kind} at ${formatRange(f.at)}`);
  if (valueKey(untimed.finals) !== valueKey(timed.finals)) {
    notes.push(`the untimed schedule ends with ${valueText(untimed.finals)}, the timed run with ${valueText(timed.finals)}`);
  }
  if (untimed.stopped !== timed.stopped) notes.push(`the untimed schedule ${untimed.stopped === 'deadlock' ? 'deadlocks' : `stops (${untimed.stopped})`}, the timed run ${timed.stopped === 'deadlock' ? 'deadlocks' : `stops (${timed.stopped})`}`);
  if (notes.length > 0) {
    const n = Math.min(order.length, timedLog.accesses.length);
    for (let k = 0; k < n; k++) {
      const u = order[k];
      const t = timedLog.accesses[k];
      if (u.task !== t.task || rangeKey(u.at) !== rangeKey(t.at)) {
        notes.push(`first difference at shared access ${k + 1}: the schedule has ${label(untimed, u.task)} at ${formatRange(u.at)}, ` +
          `but with the modelled durations ${label(timed, t.task)} at ${formatRange(t.at)} comes first`);
        break;
      }
    }
  }
  const races = detector.findings((t) => label(untimed, t), untimed.schedule);
  return { untimed, timed, races, reproduced: notes.length === 0, notes };
}
