import { describe, expect, it } from 'vitest';
import { checkCommand, type CommandEnv } from '../../../src/cli/commands/check';
import { exploreCommand } from '../../../src/cli/commands/explore';
import { replayCommand } from '../../../src/cli/commands/replay';
import type { Program } from '../../../src/core/program';
import { at, body, incr, joinSpawned, lock, program, spawn, unlock } from './programs';

const racy = () => program({ runtime: 'threads', vars: { counter: 0 }, main: [spawn(body([...incr('counter', 9)]), 2), joinSpawned],
  expects: [{ kind: 'final', values: { counter: 2 }, at: at(20) }] });
const safe = () => program({ runtime: 'threads', vars: { counter: 0 }, objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
  main: [spawn(body([lock('mu'), ...incr('counter'), unlock('mu')]), 2), joinSpawned] });

function env(programs: Record<string, () => Program>) {
  const out: string[] = [];
  const err: string[] = [];
  const e: CommandEnv = {
    loadProgram: (file) => {
      const make = programs[file];
      if (!make) return { errors: [{ message: `cannot read ${file}`, hint: 'check the path', at: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } }] };
      return { program: make(), errors: [] };
    },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  };
  return { e, out: () => out.join(''), err: () => err.join('') };
}

describe('check / explore / replay commands', () => {
  it('check --format json follows the cli.md contract; exit 1 with findings, 0 without, 2 on bad input', () => {
    const a = env({ 'racy.yaml': racy, 'safe.yaml': safe });
    expect(checkCommand(['racy.yaml', 'safe.yaml', '--format', 'json'], a.e)).toBe(1);
    const j = JSON.parse(a.out());
    expect(j.summary).toEqual({ files: 2, findings: j.files[0].findings.length, errors: 0 });
    expect(j.files[1]).toMatchObject({ file: 'safe.yaml', complete: true, errors: [], findings: [] });
    const race = j.files[0].findings.find((f: { kind: string }) => f.kind === 'data-race');
    expect(Object.keys(race)).toEqual(['kind', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'schedule']);
    expect(race.line).toBe(9);
    expect(j.files[0].findings.some((f: { kind: string }) => f.kind === 'expectation')).toBe(true);
    const b = env({ 'safe.yaml': safe });
    expect(checkCommand(['safe.yaml'], b.e)).toBe(0);
    expect(b.out()).toContain('complete');
    const c = env({});
    expect(checkCommand(['missing.yaml', '--format', 'json'], c.e)).toBe(2);
    expect(c.err()).toContain('missing.yaml:1:1: error: cannot read missing.yaml');
    expect(checkCommand(['--schedules', 'many', 'x'], c.e)).toBe(2);
    expect(checkCommand(['x', '--format', 'xml'], c.e)).toBe(2);
  });

  it('check --format sarif is SARIF 2.1.0 with rules, results, locations and related locations', () => {
    const a = env({ 'racy.yaml': racy });
    expect(checkCommand(['racy.yaml', '--format', 'sarif'], a.e)).toBe(1);
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
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('prog.yaml');
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const race = run.results.find((r: { ruleId: string }) => r.ruleId === 'data-race');
    expect(race.relatedLocations.length).toBeGreaterThan(0);
    expect(race.relatedLocations[0].message.text).toMatch(/conflicting/);
  });

  it('explore --json lists statistics and replayable findings; pct and random take a seed', () => {
    const a = env({ 'racy.yaml': racy });
    expect(exploreCommand(['racy.yaml', '--json'], a.e)).toBe(1);
    const j = JSON.parse(a.out());
    expect(j).toMatchObject({ strategy: 'dpor', complete: true });
    expect(j.stats.outcomes).toEqual(expect.arrayContaining([{ counter: 1 }, { counter: 2 }]));
    for (const f of j.findings) expect(f.schedule).toMatch(/^v1:/);
    const b = env({ 'racy.yaml': racy });
    expect(exploreCommand(['racy.yaml', '--strategy', 'pct', '--schedules', '20'], b.e)).toBe(1);
    expect(b.out()).toContain('pct, 20 schedules');
    expect(exploreCommand(['racy.yaml', '--strategy', 'fast'], b.e)).toBe(2);
  });

  it('replay shows the untimed schedule and the timed run, and says when timing does not reach it', () => {
    const a = env({ 'racy.yaml': racy });
    exploreCommand(['racy.yaml', '--json'], a.e);
    const lost = JSON.parse(a.out()).findings.find((f: { kind: string }) => f.kind === 'expectation');
    const r = env({ 'racy.yaml': racy });
    expect(replayCommand(['racy.yaml', '--schedule', lost.schedule, '--json'], r.e)).toBe(1);
    const j = JSON.parse(r.out());
    expect(j.untimed.finals.counter).toBe(1);
    expect(j.timed.stopped).toBe('finished');
    if (!j.reproduced) expect(j.notes.join(' ')).toMatch(/timed run/);
    else expect(j.timed.finals.counter).toBe(1);
    const t = env({ 'racy.yaml': racy });
    replayCommand(['racy.yaml', '--schedule', lost.schedule], t.e);
    expect(t.out()).toMatch(/reproduces this schedule|does not reach this interleaving/);
    expect(replayCommand(['racy.yaml', '--schedule', 'nonsense'], t.e)).toBe(2);
  });
});
