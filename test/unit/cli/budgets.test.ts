/**
 * The budgets every command has (--time, --events, --schedules), in-process: a run or a
 * search that reaches one stops, says which budget and the flag that raises it, names
 * the line, and reports what it found so far. And `replay` refuses a schedule made for
 * another file instead of replaying something else.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, racers, ROOT } from './helpers';

let dir = '';
const path = (name: string) => join(dir, name);

/** A scenario whose main never ends: it keeps taking steps. */
const ENDLESS = `name: endless
runtime: { kind: threads }
vars: { ticks: 0 }
tasks:
  main:
    - repeat: 4000000
      do:
        - ticks.incr
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'interleave-budgets-'));
  writeFileSync(path('endless.scenario.yaml'), ENDLESS);
  writeFileSync(path('four.scenario.yaml'), racers(4, 1));
  writeFileSync(path('two.scenario.yaml'), racers(2, 1));
});

describe('budget flags', () => {
  it('every command takes --time, --events and --memory-mb, and says so in its help', () => {
    for (const command of ['run', 'check', 'explore', 'replay', 'export']) {
      const help = cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/--time SECONDS +wall-clock budget of each file, loading included \(default 30\)/);
      expect(help.out).toMatch(/--events N/);
      expect(help.out).toMatch(/--memory-mb MIB +memory ceiling of the command \(V8 heap, default 2048\)/);
    }
  });

  it('a bad budget value is a usage error naming the flag', () => {
    const file = path('two.scenario.yaml');
    expect(cli('run', file, '--time', '0').err).toMatch(/--time needs a number of seconds > 0 \(such as 10 or 2\.5\), got "0"/);
    expect(cli('check', file, '--events', 'lots').err).toMatch(/--events needs a whole number ≥ 1, got "lots"/);
    const low = cli('explore', file, '--memory-mb', '10');
    expect(low.code).toBe(2);
    expect(low.err).toMatch(/--memory-mb needs a whole number ≥ 64, got "10"/);
  });
});

describe('a run that reaches a budget', () => {
  it('run: the event budget stops it, names the line, the flag, and exits 2 with what it has', () => {
    const file = path('endless.scenario.yaml');
    const r = cli('run', file, '--events', '5000');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ticks = \d+/);
    expect(r.err).toMatch(/endless\.scenario\.yaml:8:11: error: the run reached its event budget of 5,000 events before the program ended; the program was here; --events N raises it/);
  });

  it('run: a program of many goroutines that runs out of events is told how far to raise the budget, not to look for a loop', () => {
    writeFileSync(path('many.scenario.yaml'), `name: many
runtime: { kind: go }
sync:
  wg: waitgroup
tasks:
  main:
    - wg.add: 20000
    - go: noop
      count: 20000
    - wg.wait
  noop:
    - wg.done
`);
    const r = cli('run', path('many.scenario.yaml'), '--events', '50000');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the run reached its event budget of 50,000 events before the program ended; the program was here; --events N raises it \(it had started [\d,]+ tasks, and each takes tens of events: try --events 500,000\)/);
    expect(r.err).not.toMatch(/loop that never ends/);
  });

  it('run --json: the document says it stopped, and `budget` names the budget and the line', () => {
    const r = cli('run', path('endless.scenario.yaml'), '--events', '5000', '--json');
    expect(r.code).toBe(2);
    const doc = json(r);
    expect(doc.stopped).toBe('budget');
    expect(doc.budget).toMatchObject({ name: 'events', line: 8, column: 11 });
    expect(doc.budget.message).toMatch(/--events N raises it/);
  });

  it('run: the wall clock stops a run the event budget would let go on', () => {
    const r = cli('run', path('endless.scenario.yaml'), '--time', '0.3', '--events', '40000000');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/endless\.scenario\.yaml:8:11: error: the run reached its wall-clock budget of 0\.3 s before the program ended; the program was here; --time SECONDS raises it/);
  });

  it('check: a schedule cut short by the step budget is reported with its line, and the search says it is not complete', () => {
    const r = cli('check', path('endless.scenario.yaml'), '--events', '2000', '--format', 'json');
    const file = json(r).files[0];
    expect(file.complete).toBe(false);
    expect(file.schedules).toBeGreaterThan(0);
    expect(file.budget).toMatchObject({ name: 'events', line: 8, column: 11 });
    expect(file.budget.message).toMatch(/step budget of 2,000 steps .*--events N raises it/);
  });

  it('check: the schedule budget keeps the findings so far, complete false, and names --schedules', () => {
    const r = cli('check', path('four.scenario.yaml'), '--schedules', '3', '--format', 'json');
    expect(r.code).toBe(1);
    const file = json(r).files[0];
    expect(file).toMatchObject({ schedules: 3, complete: false });
    expect(file.findings.length).toBeGreaterThan(0);
    expect(file.budget).toEqual({ name: 'schedules', message: 'the schedule budget of 3 was reached; --schedules N raises it, --exhaustive lifts it' });
    const text = cli('check', path('four.scenario.yaml'), '--schedules', '3');
    expect(text.out).toMatch(/four\.scenario\.yaml: 3 schedules explored, not complete \(the schedule budget of 3 was reached; --schedules N raises it, --exhaustive lifts it\), \d+ findings?/);
  });

  it('explore: a search the wall clock stops before one schedule finished did not answer (exit 2)', () => {
    const r = cli('explore', path('endless.scenario.yaml'), '--time', '0.3', '--events', '40000000', '--json');
    expect(r.code).toBe(2);
    const doc = json(r);
    expect(doc).toMatchObject({ complete: false, schedules: 0 });
    expect(doc.budget).toMatchObject({ name: 'time', line: 8, column: 11 });
    expect(r.err).toMatch(/endless\.scenario\.yaml:8:11: error: the wall-clock budget of 0\.3 s \(loading included\) was reached before one schedule finished; the schedule it cut short was here; --time SECONDS raises it/);
  });

  it('a file within its budgets answers as before: complete, no budget field', () => {
    const r = cli('check', join(ROOT, 'examples/races/go-racy-count.scenario.yaml'), '--format', 'json');
    expect(r.code).toBe(1);
    const file = json(r).files[0];
    expect(file.complete).toBe(true);
    expect(file.budget).toBeUndefined();
  });
});

describe('replay of a schedule made for another file', () => {
  it('refuses it, naming the file and the choice that does not fit, and exits 2 without replaying', () => {
    const found = json(cli('check', path('four.scenario.yaml'), '--format', 'json')).files[0].findings as { schedule: string }[];
    const schedule = found[0].schedule;
    // The same schedule fits the file it came from.
    expect(cli('replay', path('four.scenario.yaml'), '--schedule', schedule).code).toBe(1);
    const r = cli('replay', path('two.scenario.yaml'), '--schedule', schedule);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/two\.scenario\.yaml:10:7: error: the schedule does not fit .*two\.scenario\.yaml: it has \d+ choices, but the program made \d+ and ended here\. It was made for another program/);
  });

  it('a choice with more options than the program has there is named with its place', () => {
    const r = cli('replay', path('two.scenario.yaml'), '--schedule', 'v1:1:03');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/two\.scenario\.yaml:\d+:\d+: error: the schedule does not fit .*: its choice 2 of 2 picks option 4, but after the step here the program has \d to choose from/);
    const exact = cli('replay', path('two.scenario.yaml'), '--schedule', 'v1:1:03', '--exact');
    expect(exact.code).toBe(2);
    expect(exact.err).toMatch(/does not fit/);
  });

  it('a shorter schedule (a prefix) replays, with a note that the rest followed the seed', () => {
    const r = cli('replay', path('four.scenario.yaml'), '--schedule', 'v1:1:0');
    expect([0, 1]).toContain(r.code);
    expect(r.err).toMatch(/four\.scenario\.yaml: note: the schedule holds 1 choice, but the run made \d+: the rest followed the seed/);
  });
});
