/**
 * Schedule strings: `v1:<seed>:<choices>`. Every nondeterministic choice with more than
 * one option is an index; the list of indexes plus the seed fixes a run exactly.
 *
 * Encoding of the choices, compact because most indexes are small and repeat:
 * - an index below 36 is one base-36 character (`0`-`9`, `a`-`z`);
 * - a larger index is `(` base-36 digits `)`;
 * - `*k.` after a token repeats that token k more times (k in base 36).
 * The seed is written in base 36 too. Example: `v1:1:01*a.2(1c)`.
 */
import { Prng } from './prng';
import type { ChoicePoint, Chooser } from '../run';

export function encodeSchedule(seed: number, choices: ArrayLike<number>, count = choices.length): string {
  let out = `v1:${(seed >>> 0).toString(36)}:`;
  let i = 0;
  while (i < count) {
    const v = choices[i];
    let j = i + 1;
    while (j < count && choices[j] === v) j++;
    const token = v < 36 ? v.toString(36) : `(${v.toString(36)})`;
    const reps = j - i - 1;
    if (reps >= 3) out += `${token}*${reps.toString(36)}.`;
    else out += token.repeat(reps + 1);
    i = j;
  }
  return out;
}

export interface DecodedSchedule {
  readonly seed: number;
  readonly choices: number[];
}

/**
 * The most choices a schedule string may stand for. A run makes at most one choice per
 * step or event in practice, and the default event budget is 5,000,000 (run.ts
 * `DEFAULT_BUDGET`), so no printed schedule comes near this; the cap stops a short string
 * such as `v1:1:0*zzzzzzz.` (78 billion choices) from exhausting memory when expanded.
 */
export const MAX_SCHEDULE_CHOICES = 10_000_000;

const SCHEDULE = /^v1:([0-9a-z]+):((?:[0-9a-z]|\([0-9a-z]+\))(?:[0-9a-z]|\([0-9a-z]+\)|\*[0-9a-z]+\.)*|)$/;

/**
 * How many choices the grammatical `body` stands for, counted without expanding repeats;
 * stops counting once past `MAX_SCHEDULE_CHOICES`.
 */
function choiceCount(body: string): number {
  let count = 0;
  for (let i = 0; i < body.length && count <= MAX_SCHEDULE_CHOICES; i++) {
    const c = body[i];
    if (c === '(') {
      i = body.indexOf(')', i);
      count++;
    } else if (c === '*') {
      const end = body.indexOf('.', i);
      count += parseInt(body.slice(i + 1, end), 36);
      i = end;
    } else {
      count++;
    }
  }
  return count;
}

/**
 * Why `text` is not a schedule string, in words, or undefined when it is one. Checks the
 * grammar and the total number of choices without expanding repeats (`0*zzzzzzz.` would be
 * 78 billion choices), so an editor can validate as the user types.
 */
export function scheduleShapeError(text: string): string | undefined {
  const trimmed = text.trim();
  const m = SCHEDULE.exec(trimmed);
  if (m) {
    const count = choiceCount(m[2]);
    if (count <= MAX_SCHEDULE_CHOICES) return undefined;
    return `it stands for more than ${MAX_SCHEDULE_CHOICES.toLocaleString('en-US')} choices, the limit `
      + '(no run makes that many); copy the schedule exactly as a run, check or explore printed it';
  }
  if (!/^v1:[0-9a-z]+:/.test(trimmed)) return 'expected v1:<seed>:<choices> (the seed in base 36), as printed by a run, check, explore or a finding';
  return 'the choices are base-36 digits, `(…)` for a large index, and `*k.` to repeat the one before k more times';
}

export function decodeSchedule(text: string): DecodedSchedule {
  const problem = scheduleShapeError(text);
  if (problem) throw new Error(`"${text}" is not a schedule string: ${problem}`);
  const m = SCHEDULE.exec(text.trim())!;
  const seed = parseInt(m[1], 36);
  const body = m[2];
  const choices: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '(') {
      const end = body.indexOf(')', i);
      if (end < 0) throw new Error(`schedule string "${text}": unclosed "(" at ${i}`);
      choices.push(parseInt(body.slice(i + 1, end), 36));
      i = end + 1;
    } else if (c === '*') {
      const end = body.indexOf('.', i);
      if (end < 0 || choices.length === 0) throw new Error(`schedule string "${text}": bad repeat at ${i}`);
      const reps = parseInt(body.slice(i + 1, end), 36);
      const v = choices[choices.length - 1];
      for (let r = 0; r < reps; r++) choices.push(v);
      i = end + 1;
    } else {
      choices.push(parseInt(c, 36));
      i++;
    }
  }
  return { seed, choices };
}

/**
 * The chooser every run goes through. It draws one random number per choice in every
 * mode, so a run replaying a prefix of choices continues exactly as the seeded run
 * would after it. An external chooser (exploration) replaces the random draw.
 */
export class RecordingChooser implements Chooser {
  private readonly prng: Prng;
  private readonly replay: readonly number[];
  private pos = 0;
  /** Recorded choice indexes of this run. */
  recorded: number[] = [];
  /** Set when a replayed index did not fit the options (the program changed). */
  diverged = false;

  constructor(
    readonly seed: number,
    replay: readonly number[] = [],
    private readonly external?: Chooser,
  ) {
    this.prng = new Prng(seed);
    this.replay = replay;
  }

  choose(point: ChoicePoint): number {
    const n = point.tasks ? point.tasks.size : point.options.length;
    if (n <= 1) return 0;
    const r = this.prng.below(n);
    let idx: number;
    if (this.pos < this.replay.length) {
      idx = this.replay[this.pos++];
      if (idx >= n) {
        this.diverged = true;
        idx = n - 1;
      }
    } else if (this.external) {
      idx = this.external.choose(point);
    } else {
      idx = r;
    }
    this.recorded.push(idx);
    return idx;
  }

  schedule(): string {
    return encodeSchedule(this.seed, this.recorded);
  }
}
