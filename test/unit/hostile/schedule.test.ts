import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSchedule, MAX_SCHEDULE_CHOICES, scheduleShapeError } from '../../../src/core/engine/schedule';
import { cli, ROOT } from '../cli/helpers';

const LOST_UPDATE = join(ROOT, 'examples/races/lost-update.sim.ts');

describe('a schedule string that stands for too many choices', () => {
  it('is refused by the grammar check, naming the limit, without being expanded', () => {
    // 36^7 - 1 repeats: expanding it would need hundreds of gigabytes.
    expect(scheduleShapeError('v1:1:0*zzzzzzz.')).toMatch(/more than 10,000,000 choices, the limit/);
    expect(() => decodeSchedule('v1:1:0*zzzzzzz.')).toThrow(/is not a schedule string: it stands for more than 10,000,000 choices/);
    // Several repeats that pass the limit only together.
    const half = (MAX_SCHEDULE_CHOICES / 2).toString(36);
    expect(scheduleShapeError(`v1:1:0*${half}.1*${half}.`)).toMatch(/the limit/);
  });

  it('accepts a schedule of exactly the limit', () => {
    expect(scheduleShapeError(`v1:1:0*${(MAX_SCHEDULE_CHOICES - 1).toString(36)}.`)).toBeUndefined();
    expect(scheduleShapeError(`v1:1:0*${MAX_SCHEDULE_CHOICES.toString(36)}.`)).toMatch(/the limit/);
  });

  it('interleave replay says so and exits 2', () => {
    const r = cli('replay', LOST_UPDATE, '--schedule', 'v1:1:0*zzzzzzz.');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a schedule string: it stands for more than 10,000,000 choices, the limit/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
});
