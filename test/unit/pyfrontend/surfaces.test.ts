/**
 * Every surface takes `.py` files through the service layer with no change of its own: the
 * race lens's check with the race at its line, the explanation of the racy schedule, the
 * panel (with the GIL), the Chrome-trace export and the debugger stepping through Python
 * lines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { checkFile, explainSchedule, exportFile, panelLoad, runDocument } from '../../../src/service/index';
import { pyFile } from './helpers';

const RACE = `import threading

hits = 0

def work():
    global hits
    for _ in range(2):
        hits += 1

threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(hits)
`;

describe('.py files on every surface', () => {
  it('check, explain, run, panel, export and the debugger', async () => {
    const file = pyFile(RACE, 'hits.py');
    const checked = await checkFile({ file, text: RACE, schedules: 500 });
    expect(checked.errors).toEqual([]);
    const race = checked.findings.find((f) => f.kind === 'data-race');
    expect(race?.message).toMatch(/Data race on `hits`/);
    expect(race?.at?.line).toBe(8);
    const explained = await explainSchedule({ file, text: RACE, schedule: race!.schedule! });
    expect(explained.steps.join('\n')).toMatch(/`hits`.*\(line 8:\d+\)/);
    const ran = await runDocument({ file, text: RACE });
    expect(ran.tasks.map((t) => t.name)).toEqual(['main', 'work#1', 'work#2']);
    const panel = await panelLoad({ file, text: RACE });
    expect(panel.stopped).toBe('finished');
    expect(JSON.stringify(panel.load)).toMatch(/gil|GIL/);
    const exported = exportFile({ file, text: RACE, format: 'chrome' });
    expect(JSON.parse(exported.text!).traceEvents.length).toBeGreaterThan(0);
    const timeline = await createDebugHost((f) => readFileSync(f, 'utf8')).open({ program: file });
    expect(timeline.length).toBeGreaterThan(5);
    expect(JSON.stringify(timeline)).toMatch(/hits\.py/);
  });
});
