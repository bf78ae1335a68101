/**
 * Adding a front end is its own folder plus one line in the front-end table: the fixture
 * test/fixtures/frontends/tasks (a few lines of `task a: incr x; incr x`) is registered with
 * one call, and then every surface takes `.tasks` files through the service layer — the
 * command line's run, check (with its race positioned in the .tasks file) and export, the
 * race lens's check, run and explanation, the panel's traced run, the debug adapter and the
 * editor's file kinds and CodeLens rows — and runs them on a runtime registered the same way
 * (test/fixtures/runtimes/uniprocessor). Unregistered, every one of them refuses the file again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRuntime } from '../../../src/core/runtimes/registry';
import { createDebugHost } from '../../../src/debug/host';
import { fileKindOf } from '../../../src/extension/lens/fileKind';
import {
  checkFile, compileText, explainSchedule, exportFile, loadFile, panelLoad, registerFrontEnd, runDocument,
} from '../../../src/service/index';
import { kindRunsCode, lensLines } from '../../../src/service/files';
import { tasksFrontEnd } from '../../fixtures/frontends/tasks/index';
import { uniprocessorRuntime } from '../../fixtures/runtimes/uniprocessor/index';
import { cli } from '../cli/helpers';

const RACE = `# two tasks add to x, one of them without the lock
task a: incr x
task b: lock m; incr x; unlock m
`;
const LOCKED = `task a: lock m; incr x; unlock m
task b: lock m; incr x; unlock m
`;

const dir = mkdtempSync(join(tmpdir(), 'interleave-tasks-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const undo: (() => void)[] = [];
afterEach(() => {
  while (undo.length > 0) undo.pop()!();
});

describe('a front end registered from a fixture', () => {
  it('is refused by every surface before it is registered', async () => {
    const race = file('race.tasks', RACE);
    expect(loadFile(race, (f) => readFileSync(f, 'utf8')).errors.map((e) => e.message)).toEqual(['unsupported kind of file']);
    const run = cli('run', race);
    expect(run.code).toBe(2);
    expect(run.err).toContain('unsupported kind of file');
    expect(compileText(race, RACE).errors[0].message).toBe('this kind of file is not simulated');
    expect((await checkFile({ file: race, text: RACE, schedules: 100 })).errors).toHaveLength(1);
    expect(fileKindOf(race, RACE)).toBeUndefined();
    await expect(createDebugHost((f) => readFileSync(f, 'utf8')).open({ program: race })).rejects.toThrow('unsupported kind of file');
  });

  it('takes .tasks files on the command line after one registration line: run, check with the race at its line and column, export', () => {
    undo.push(registerFrontEnd(tasksFrontEnd));
    const race = file('race.tasks', RACE);
    const run = cli('run', race);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('runtime threads');
    const check = cli('check', race, '--exhaustive');
    expect(check.code).toBe(1);
    // The race is between `incr x` in task b (line 3, column 17) and the one in task a (line 2, column 9).
    expect(check.out).toMatch(/race\.tasks:3:17: warning: data-race: Data race on `x`/);
    expect(check.out).toMatch(/race\.tasks:2:9: conflicting write/);
    expect(check.out).toMatch(/complete/);
    const clean = cli('check', file('locked.tasks', LOCKED), '--exhaustive');
    expect(clean.code).toBe(0);
    const md = cli('export', race, '--format', 'markdown', '--check');
    expect(md.code).toBe(1);
    expect(md.out).toContain('**data-race** (warning) at `' + race + ':3:17`');
  });

  it('positions its own input errors, as every front end must', () => {
    undo.push(registerFrontEnd(tasksFrontEnd));
    const bad = file('bad.tasks', 'task a: incr x; jump y\n');
    const r = cli('run', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.tasks:1:17: error: unknown step `jump y`');
  });

  it('serves the race lens, the panel and the debugger through the service layer', async () => {
    undo.push(registerFrontEnd(tasksFrontEnd));
    const race = file('race.tasks', RACE);
    const checked = await checkFile({ file: race, text: RACE, schedules: 1000 });
    expect(checked.errors).toEqual([]);
    expect(checked.complete).toBe(true);
    const found = checked.findings.find((f) => f.kind === 'data-race');
    expect(found?.at?.line).toBe(3);
    const ran = await runDocument({ file: race, text: RACE });
    expect(ran.tasks.map((t) => t.name)).toEqual(['main', 'a#1', 'b#1']);
    const explained = await explainSchedule({ file: race, text: RACE, schedule: found!.schedule! });
    expect(explained.steps.join('\n')).toMatch(/writes `x` = 1 \(line 2:9\)/);
    const exported = exportFile({ file: race, text: RACE, format: 'chrome' });
    expect(JSON.parse(exported.text!).traceEvents.length).toBeGreaterThan(0);
    const panel = await panelLoad({ file: race, text: RACE });
    expect(panel.stopped).toBe('finished');
    expect(panel.load.timeline.lanes.length).toBeGreaterThan(0);
    const timeline = await createDebugHost((f) => readFileSync(f, 'utf8')).open({ program: race });
    expect(timeline.length).toBeGreaterThan(3);
    expect(fileKindOf(race, RACE)).toBe('tasks');
    expect(lensLines(RACE, 'tasks')).toEqual([1]);
    expect(kindRunsCode('tasks')).toBe(false);
  });

  it('runs on a runtime registered from a fixture, each one line', () => {
    undo.push(registerFrontEnd(tasksFrontEnd), registerRuntime(uniprocessorRuntime));
    const r = cli('run', file('uni.tasks', `runtime uniprocessor\n${LOCKED}`), '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { config: { runtime: { kind: string } }; metrics: { threads_created: number } };
    expect(doc.config.runtime.kind).toBe('uniprocessor');
    expect(doc.metrics.threads_created).toBe(1);
  });

  it('cannot be registered twice, and leaves every surface when removed', () => {
    const remove = registerFrontEnd(tasksFrontEnd);
    expect(() => registerFrontEnd(tasksFrontEnd)).toThrow('a front end with id `tasks` is registered already');
    remove();
    expect(cli('run', file('gone.tasks', RACE)).code).toBe(2);
    expect(fileKindOf('gone.tasks', RACE)).toBeUndefined();
  });
});
