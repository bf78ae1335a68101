import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/commands/check';
import { exploreCommand } from '../../../src/cli/commands/explore';
import { replayCommand } from '../../../src/cli/commands/replay';
import { call, fakeIo } from './cliCall';

const RACY = `name: lost update
runtime: { kind: threads }
vars: { counter: 0 }
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - counter.incr
expect:
  - final: { counter: 2 }
`;
const SAFE = `name: locked
runtime: { kind: threads }
vars: { counter: 0 }
sync: { mu: mutex }
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - mu.lock
    - counter.incr
    - mu.unlock
`;
const BAD = `name: typo
tasks:
  main:
    - counter.incr
`;

const files = { 'racy.scenario.yaml': RACY, 'safe.scenario.yaml': SAFE, 'bad.scenario.yaml': BAD };

describe('check / explore / replay commands', () => {
  it('check --format json follows the cli.md contract; exit 1 with findings, 0 without, 2 on bad input', () => {
    const a = fakeIo(files);
    expect(call(checkCommand, ['racy.scenario.yaml', 'safe.scenario.yaml', '--format', 'json'], a.io)).toBe(1);
    const j = JSON.parse(a.out());
    expect(j.summary).toEqual({ files: 2, findings: j.files[0].findings.length, errors: 0 });
    expect(j.files[1]).toMatchObject({ file: 'safe.scenario.yaml', complete: true, errors: [], findings: [] });
    const race = j.files[0].findings.find((f: { kind: string }) => f.kind === 'data-race');
    expect(Object.keys(race)).toEqual(['kind', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'schedule', 'foundBy']);
    expect(race.line).toBe(10);
    expect(race.message).toMatch(/^Data race on `counter`: (read|write) by T\d and (read|write) by T\d are not ordered by any synchronisation/);
    expect(j.files[0].findings.some((f: { kind: string }) => f.kind === 'expectation')).toBe(true);
    const b = fakeIo(files);
    expect(call(checkCommand, ['safe.scenario.yaml'], b.io)).toBe(0);
    expect(b.out()).toContain('complete');
    const c = fakeIo(files);
    expect(call(checkCommand, ['bad.scenario.yaml', '--format', 'json'], c.io)).toBe(2);
    expect(c.err()).toMatch(/bad\.scenario\.yaml:4:\d+: error: /);
    expect(call(checkCommand, ['missing.scenario.yaml'], c.io)).toBe(2);
    expect(call(checkCommand, ['--schedules', 'many', 'x'], c.io)).toBe(2);
    expect(call(checkCommand, ['x', '--format', 'xml'], c.io)).toBe(2);
  });

  it('check --format sarif is SARIF 2.1.0 with rules, results, locations and related locations', () => {
    const a = fakeIo(files);
    expect(call(checkCommand, ['racy.scenario.yaml', '--format', 'sarif'], a.io)).toBe(1);
    const s = JSON.parse(a.out());
    expect(s.version).toBe('2.1.0');
    expect(s.$schema).toMatch(/sarif-2\.1\.0/);
    const run = s.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain('data-race');
    for (const r of run.results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('racy.scenario.yaml');
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const race = run.results.find((r: { ruleId: string }) => r.ruleId === 'data-race');
    expect(race.relatedLocations.length).toBeGreaterThan(0);
    expect(race.relatedLocations[0].message.text).toMatch(/conflicting/);
  });

  it('explore --json lists statistics and replayable findings; pct and random take a seed', () => {
    const a = fakeIo(files);
    expect(call(exploreCommand, ['racy.scenario.yaml', '--json'], a.io)).toBe(1);
    const j = JSON.parse(a.out());
    expect(j).toMatchObject({ strategy: 'dpor', complete: true });
    expect(j.stats.outcomes).toEqual(expect.arrayContaining([{ counter: 1 }, { counter: 2 }]));
    for (const f of j.findings) expect(f.schedule).toMatch(/^v1:/);
    const b = fakeIo(files);
    expect(call(exploreCommand, ['racy.scenario.yaml', '--strategy', 'pct', '--schedules', '20', '--seed', '3'], b.io)).toBe(1);
    expect(b.out()).toContain('pct, 20 schedules');
    expect(call(exploreCommand, ['racy.scenario.yaml', '--strategy', 'fast'], b.io)).toBe(2);
  });

  it('replay shows the untimed schedule and the timed run, and says when timing does not reach it', () => {
    const a = fakeIo(files);
    call(exploreCommand, ['racy.scenario.yaml', '--json'], a.io);
    const lost = JSON.parse(a.out()).findings.find((f: { kind: string }) => f.kind === 'expectation');
    const r = fakeIo(files);
    expect(call(replayCommand, ['racy.scenario.yaml', '--schedule', lost.schedule, '--json'], r.io)).toBe(1);
    const j = JSON.parse(r.out());
    expect(j.untimed.finals.counter).toBe(1);
    expect(j.timed.stopped).toBe('finished');
    if (!j.reproduced) expect(j.notes.join(' ')).toMatch(/timed run/);
    else expect(j.timed.finals.counter).toBe(1);
    const t = fakeIo(files);
    call(replayCommand, ['racy.scenario.yaml', '--schedule', lost.schedule], t.io);
    expect(t.out()).toMatch(/reproduces this schedule|does not reach this interleaving/);
    expect(call(replayCommand, ['racy.scenario.yaml', '--schedule', 'nonsense'], t.io)).toBe(2);
  });
});
