/**
 * A `.go` file is a line in the front-end table: the command line, the race lens, the panel
 * and the debugger take it through the service layer with no other change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { fileKindOf } from '../../../src/extension/lens/fileKind';
import { checkFile, explainSchedule, exportFile, panelLoad, runDocument } from '../../../src/service/index';
import { kindRunsCode, lensLines } from '../../../src/service/files';
import { cli } from '../cli/helpers';

const RACY = 'examples/go/racy-count/main.go';
const TEXT = readFileSync(RACY, 'utf8');

describe('.go files on every surface', () => {
  it('the command line: run prints the log, check reports the race at visitors++ (22:4) and exits 1', () => {
    const run = cli('run', 'examples/go/hello-channel/main.go');
    expect(run.code).toBe(0);
    expect(run.out).toContain('runtime go');
    expect(run.out).toContain('main heard: backup finished');
    const check = cli('check', RACY);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/racy-count\/main\.go:22:4: warning: data-race: Data race on `visitors`/);
    const bad = cli('run', '/nonexistent/x.go');
    expect(bad.code).toBe(2);
  });

  it('a file outside the subset is refused by the command line with its position', () => {
    const r = cli('check', 'test/fixtures/go/generic.go');
    expect(r.code).toBe(2);
    expect(r.out).toContain('generic.go:5:9: error: generic type parameters are not supported yet');
  });

  it('the race lens, the explanation, the export, the panel and the debugger', async () => {
    const checked = await checkFile({ file: RACY, text: TEXT, schedules: 500 });
    expect(checked.errors).toEqual([]);
    const race = checked.findings.find((f) => f.kind === 'data-race')!;
    expect(race.at.line).toBe(22);
    const ran = await runDocument({ file: RACY, text: TEXT });
    expect(ran.tasks.map((t) => t.name)).toEqual(['main', 'main.func1#1', 'main.func1#2']);
    const explained = await explainSchedule({ file: RACY, text: TEXT, schedule: race.schedule! });
    expect(explained.steps.join('\n')).toMatch(/`visitors`.*\(line 22:4\)/);
    const exported = exportFile({ file: RACY, text: TEXT, format: 'chrome' });
    expect(JSON.parse(exported.text!).traceEvents.length).toBeGreaterThan(0);
    const panel = await panelLoad({ file: RACY, text: TEXT });
    expect(panel.stopped).toBe('finished');
    expect(panel.load.timeline.lanes.length).toBeGreaterThan(0);
    const timeline = await createDebugHost((f) => readFileSync(f, 'utf8')).open({ program: RACY });
    expect(timeline.length).toBeGreaterThan(3);
    expect(fileKindOf(RACY, TEXT)).toBe('go');
    // The CodeLens row sits above `func main` (line 15, 0-based 14).
    expect(lensLines(TEXT, 'go')).toEqual([14]);
    // Interpreted in our own model, never run as a process: no workspace trust needed.
    expect(kindRunsCode('go')).toBe(false);
  });
});
