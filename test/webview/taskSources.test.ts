/**
 * Where a task is in the source at a moment (webview/machine/taskSources.ts), in Node,
 * on the recorded Go fixture: the interval covering the moment, its boundaries, the
 * fallback to the nearest earlier interval with a source, and no answer when unknown.
 */
import { describe, expect, it } from 'vitest';
import { TaskSources } from '../../webview/machine/taskSources';
import { TimelineData } from '../../webview/timeline/data';
import type { Timeline } from '../../src/protocol/panel';
import { fixture, type Editable } from './harness';

const go = fixture('go-steal');

function sourcesOf(edit?: (t: Editable<Timeline>) => void): TaskSources {
  const t = structuredClone(go.load.timeline);
  edit?.(t);
  return new TaskSources(new TimelineData(t));
}

/** Sets the source of every interval of the lane labelled `label` for which `pick(start)` holds. */
function clearSource(t: Editable<Timeline>, label: string, pick: (start: number) => boolean): void {
  const lane = t.lanes.findIndex((l) => l.label === label);
  t.intervals.lane.forEach((l: number, i: number) => { if (l === lane && pick(t.intervals.start[i])) t.intervals.source[i] = -1; });
}

describe('task sources', () => {
  it('gives the source of the task lane interval covering the moment, named as its lane', () => {
    const s = sourcesOf();
    // G4 fetch: runnable 4–12 µs (line 6), running 12–18 µs (line 20), io 18–36 µs (line 21).
    expect(s.at('G4', 8_000)).toEqual({ name: 'G4 fetch', location: { file: '/work/examples/pipeline.scenario.yaml', line: 6, column: 3 } });
    expect(s.at('G4', 12_000)?.location.line).toBe(20); // a start is inside, an end is not
    expect(s.at('G4', 17_999)?.location.line).toBe(20);
    expect(s.at('G4', 18_000)?.location.line).toBe(21);
    expect(s.at('G3', 8_000)?.location.line).toBe(5);
  });

  it('falls back to the nearest earlier interval with a source', () => {
    const s = sourcesOf((t) => clearSource(t, 'G4 fetch', (start) => start >= 18_000));
    expect(s.at('G4', 40_000)?.location.line).toBe(20); // 36–48 µs and 18–36 µs have none: 12–18 µs has line 20
    expect(s.at('G4', 1_000_000)?.location.line).toBe(20); // after the task's last interval, its last line
  });

  it('knows nothing of a task before it starts, of a task without sources, or of an unknown id', () => {
    expect(sourcesOf().at('G2', 1_000)).toBeNull(); // G2 is spawned at 4 µs
    const none = sourcesOf((t) => clearSource(t, 'G3 worker', () => true));
    expect(none.at('G3', 30_000)).toBeNull();
    expect(none.at('G2', 30_000)?.location.line).toBe(15);
    expect(none.at('G99', 30_000)).toBeNull();
    expect(none.nameOf('G99')).toBe('G99');
  });

  it('does not take a source from the lane before', () => {
    // G2's first interval starts at 4 µs; the lane before it (G1 main) has sources at 0 µs.
    const s = sourcesOf((t) => clearSource(t, 'G2 worker', (start) => start < 8_000));
    expect(s.at('G2', 5_000)).toBeNull();
    expect(s.at('G2', 8_000)?.location.line).toBe(14);
  });
});
