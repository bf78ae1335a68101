/**
 * The panel at the size of a program with many goroutines (issue 24, item 4): the timeline
 * has a lane for the first tasks only and says how many it left out, while the
 * hardware-thread lanes still show every goroutine that ran. The cap is a parameter, so a
 * few hundred goroutines stand in for a million (`node test/bench/editor.mjs` has the million).
 */
import { describe, expect, it } from 'vitest';
import { isHostMessage } from '../../../src/protocol/panelGuards';
import { STATE } from '../../../src/protocol/panel';
import { loadMessage } from '../../../src/service/panel/adapter';
import { runTraced } from '../../../src/service/panel/panelRuns';
import { tasksLeftOutNote } from '../../../webview/timeline/format';

const N = 300;
const MANY = {
  file: '/tmp/many.scenario.yaml',
  text: `name: many
machine: { cores: 2 }
runtime: { kind: go }
sync:
  wg: waitgroup
tasks:
  main:
    - wg.add: ${N}
    - go: noop
      count: ${N}
    - wg.wait
  noop:
    - compute: 1us
    - wg.done
`,
};

describe('a timeline with more goroutines than lanes', () => {
  it('has lanes for the first ones, counts the rest, and the webview accepts it', async () => {
    const result = await runTraced(MANY);
    const load = loadMessage(result, { file: MANY.file, maxTaskLanes: 40 });
    expect(isHostMessage(load)).toBe(true);
    const t = load.timeline;
    const taskLanes = t.lanes.filter((l) => l.kind === 'task');
    expect(taskLanes.map((l) => l.label.split(' ')[0])).toEqual(Array.from({ length: 40 }, (_, i) => `G${i + 1}`));
    expect(t.tasks).toHaveLength(40);
    expect(t.tasksLeftOut).toBe(N + 1 - 40);
    expect(tasksLeftOutNote(t.tasks.length, t.tasksLeftOut, t.tasks[0].kind))
      .toBe(`… and ${N + 1 - 40} more goroutines: the timeline has a lane for the first 40 of ${N + 1} goroutines; the hardware-thread lanes show every one that ran.`);
  });

  it('still shows on the hardware threads all the running the full timeline shows', async () => {
    const result = await runTraced(MANY);
    const capped = loadMessage(result, { file: MANY.file, maxTaskLanes: 40 }).timeline;
    const full = loadMessage(result, { file: MANY.file }).timeline;
    expect(full.tasksLeftOut).toBeUndefined();
    const hwRunning = (t: typeof full) => {
      let ns = 0, named = 0;
      for (let i = 0; i < t.intervals.lane.length; i++) {
        if (t.lanes[t.intervals.lane[i]].kind !== 'hw' || t.intervals.state[i] !== STATE.running) continue;
        ns += t.intervals.end[i] - t.intervals.start[i];
        if (t.intervals.task[i] >= 0) named++;
      }
      return { ns, named };
    };
    expect(hwRunning(capped).ns).toBe(hwRunning(full).ns);
    expect(hwRunning(full).ns).toBeGreaterThan(0);
    // Only the goroutines with a lane are named on the hardware threads.
    expect(hwRunning(capped).named).toBeLessThan(hwRunning(full).named);
    // Arrows only between lanes that exist.
    const taskLaneCount = capped.lanes.length;
    for (const l of capped.edges.toLane) expect(l).toBeLessThan(taskLaneCount);
  });

  it('says nothing when every task has a lane', () => {
    expect(tasksLeftOutNote(10, undefined, 'thread')).toBe('');
  });
});
