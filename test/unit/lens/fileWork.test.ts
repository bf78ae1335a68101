import { describe, expect, it } from 'vitest';
import { checkFile, explainSchedule, runDocument as runFile } from '../../../src/service/fileWork';
import { RACE } from '../../shared/raceScenario';

const FILE = '/w/race.scenario.yaml';

describe('check-file', () => {
  it('finds the race on the `counter.incr` line, with the schedule that proves it and a makespan', async () => {
    const r = await checkFile({ text: RACE, file: FILE, schedules: 200 });
    expect(r.errors).toEqual([]);
    const race = r.findings.find((f) => f.kind === 'data-race');
    expect(race?.at).toMatchObject({ file: FILE, line: 13, column: 11 });
    expect(race?.schedule).toMatch(/^v1:/);
    expect(r.schedules).toBeGreaterThan(1);
    expect(r.makespanNs).toBeGreaterThan(0);
    expect(r.tasks).toBe(3);
  });

  it('reports input errors and explores nothing', async () => {
    const r = await checkFile({ text: RACE.replace('tasks:', 'taskz:'), file: FILE, schedules: 200 });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.schedules).toBe(0);
  });

  it('stops at once when the shared cancel flag is set', async () => {
    const flag = new SharedArrayBuffer(4);
    Atomics.store(new Int32Array(flag), 0, 1);
    const r = await checkFile({ text: RACE, file: FILE, schedules: 10_000, cancelFlag: flag });
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.schedules).toBe(0);
  });
});

describe('run-file', () => {
  it('applies the default machine only when the file names none', async () => {
    const r = await runFile({ text: RACE, file: FILE, defaultMachine: { cores: 3, smt: 2 } });
    expect(r.configSummary).toMatch(/^3 cores × 2 hardware threads, threads/);
    const own = await runFile({ text: RACE.replace('runtime:', 'machine: { cores: 1 }\nruntime:'), file: FILE, defaultMachine: { cores: 3, smt: 2 } });
    expect(own.configSummary).toMatch(/^1 core × 1 hardware thread/);
  });

  it('returns makespan, tasks and the settings overrides win', async () => {
    const r = await runFile({ text: RACE, file: FILE, set: { 'machine.cores': 1 } });
    expect(r.makespanNs).toBeGreaterThan(0);
    expect(r.tasks.map((t) => t.name)).toEqual(['main', 'inc#1', 'inc#2']);
    expect(r.configSummary).toMatch(/^1 core/);
  });
});

describe('explain-schedule', () => {
  it('tells the racing schedule step by step, then the timed replay event by event', async () => {
    const check = await checkFile({ text: RACE, file: FILE, schedules: 200 });
    const race = check.findings.find((f) => f.kind === 'data-race')!;
    const r = await explainSchedule({ text: RACE, file: FILE, schedule: race.schedule! });
    expect(r.errors).toEqual([]);
    expect(r.steps[0]).toMatch(/^T1 starts 2 × inc \(line 7:7\)$/);
    expect(r.steps.some((s) => /^T[23] reads `counter` \(line 13:11\)$/.test(s))).toBe(true);
    expect(r.steps.some((s) => /^T[23] writes `counter` = 1 \(line 13:11\)$/.test(s))).toBe(true);
    expect(r.events.length).toBeGreaterThan(3);
    expect(r.events[0]).toMatch(/started/);
  });
});

describe('the interleaving as a document (no panel)', () => {
  it('numbers the steps and lists the timed events', async () => {
    const { explanationDocument } = await import('../../../src/extension/lens/summaries');
    const check = await checkFile({ text: RACE, file: FILE, schedules: 200 });
    const schedule = check.findings.find((f) => f.kind === 'data-race')!.schedule!;
    const md = explanationDocument('race.scenario.yaml', schedule, await explainSchedule({ text: RACE, file: FILE, schedule }));
    expect(md).toMatch(/^# The interleaving that proves it/);
    expect(md).toContain(`Schedule: \`${schedule}\``);
    expect(md).toMatch(/\n1\. T1 starts 2 × inc \(line 7:7\)\n/);
    expect(md).toMatch(/## The same order in the timed model/);
  });
});
