import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { runTraced } from '../../../src/service/panel/panelRuns';

const FILE = resolve(__dirname, '../../fixtures/debug/counter.scenario.yaml');

describe('the panel and schedules from the explorer', () => {
  it('shows the timed run steered towards an untimed counterexample, and says whether timing reproduces it', async () => {
    const text = readFileSync(FILE, 'utf8');
    const race = explore(compileSource(text, FILE).program!, { maxSchedules: 100 }).findings.find((f) => f.kind === 'data-race')!;
    const run = await runTraced({ file: FILE, text, schedule: race.schedule });
    expect(run.steered?.from).toBe(race.schedule);
    expect(typeof run.steered?.reproduced).toBe('boolean');
    if (!run.steered!.reproduced) expect(run.steered!.notes.length).toBeGreaterThan(0);
    expect(run.trace).toBeDefined();
  });

  it('replays a timed schedule exactly, with no steering', async () => {
    const text = readFileSync(FILE, 'utf8');
    const first = await runTraced({ file: FILE, text });
    const again = await runTraced({ file: FILE, text, schedule: first.schedule });
    expect(again.steered).toBeUndefined();
    expect(again.makespan_ns).toBe(first.makespan_ns);
  });
});
