import { describe, expect, it } from 'vitest';
import '../../../src/core/index';
import { explore } from '../../../src/core/explore';
import type { Finding } from '../../../src/core/findings';
import { parseScenario } from '../../../src/frontends/scenario';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { fixesFor } from '../../../src/extension/lens/fixes';
import { applyEdits } from '../../shared/applyEdits';
import { findingView } from '../../../src/extension/lens/findingView';
import { RACE } from '../../shared/raceScenario';

const FILE = '/w/race.scenario.yaml';

function check(text: string, file = FILE): Finding[] {
  const { program, errors } = parseScenario(text, file);
  expect(errors).toEqual([]);
  return [...explore(program!, { strategy: 'dpor', maxSchedules: 200, minimise: false }).findings];
}

function raceOf(text: string): Finding {
  const race = check(text).find((f) => f.kind === 'data-race');
  expect(race).toBeDefined();
  return race!;
}

describe('scenario data-race fixes', () => {
  it('offers an atomic add and a mutex wrap on `counter.incr`', () => {
    const fixes = fixesFor(RACE, 'scenario', findingView(raceOf(RACE)), FILE);
    expect(fixes.map((f) => f.title)).toEqual([
      'Use an atomic: `counter.atomic_add: 1`',
      'Wrap in `mu.lock` / `mu.unlock` (declares `mu: mutex`)',
    ]);
  });

  it('the atomic fix rewrites the step, and the race is gone', () => {
    const [atomic] = fixesFor(RACE, 'scenario', findingView(raceOf(RACE)), FILE);
    const fixed = applyEdits(RACE, atomic.edits);
    expect(fixed).toContain('        - counter.atomic_add: 1\n');
    expect(fixed).not.toContain('counter.incr');
    expect(check(fixed).filter((f) => f.kind === 'data-race')).toEqual([]);
  });

  it('the mutex fix declares `mu`, wraps the step, and the race is gone', () => {
    const wrap = fixesFor(RACE, 'scenario', findingView(raceOf(RACE)), FILE)[1];
    const fixed = applyEdits(RACE, wrap.edits);
    expect(fixed).toContain('sync:\n  mu: mutex\ntasks:');
    expect(fixed).toContain('        - mu.lock\n        - counter.incr\n        - mu.unlock\n');
    expect(check(fixed)).toEqual([]);
  });

  it('reuses a declared mutex, in a flow-style sync map', () => {
    const text = RACE.replace('tasks:\n', 'sync: { wg: waitgroup, guard: mutex }\ntasks:\n');
    const wrap = fixesFor(text, 'scenario', findingView(raceOf(text)), FILE).find((f) => f.title.startsWith('Wrap'))!;
    expect(wrap.title).toBe('Wrap in `guard.lock` / `guard.unlock`');
    const fixed = applyEdits(text, wrap.edits);
    expect(fixed).toContain('sync: { wg: waitgroup, guard: mutex }');
    expect(check(fixed).filter((f) => f.kind === 'data-race')).toEqual([]);
  });

  it('adds to a block-style sync map, avoiding a taken name', () => {
    const text = RACE.replace('vars:\n  counter: 0\n', 'vars:\n  counter: 0\n  mu: 1\nsync:\n  wg: waitgroup\n');
    const wrap = fixesFor(text, 'scenario', findingView(raceOf(text)), FILE).find((f) => f.title.startsWith('Wrap'))!;
    const fixed = applyEdits(text, wrap.edits);
    expect(fixed).toContain('sync:\n  mu2: mutex\n  wg: waitgroup\n');
    expect(check(fixed).filter((f) => f.kind === 'data-race')).toEqual([]);
  });

  it('a read racing with a write: both sides become atomic', () => {
    const text = `name: reader and writer
runtime: { kind: threads }
vars: { x: 0 }
tasks:
  main:
    - go: writer
    - x.read
    - join: writer
  writer:
    - x.write: 5
`;
    const race = raceOf(text);
    const atomic = fixesFor(text, 'scenario', findingView(race), FILE).find((f) => f.title.startsWith('Use an atomic'))!;
    const fixed = applyEdits(text, atomic.edits);
    expect(fixed).toContain('- x.atomic_load');
    expect(fixed).toContain('- x.atomic_store: 5');
    expect(check(fixed).filter((f) => f.kind === 'data-race')).toEqual([]);
  });

  it('no fix for kinds it has none for', () => {
    const view = { ...findingView(raceOf(RACE)), code: 'deadlock' as const };
    expect(fixesFor(RACE, 'scenario', view, FILE)).toEqual([]);
  });
});

describe('.sim.ts data-race fix', () => {
  const SIM = `import { spawn, Mutex } from "interleave";
export default function main() {
  let hits = 0;
  const guard = new Mutex();
  const bump = () => {
    hits++;                // racy
  };
  const a = spawn(bump);
  const b = spawn(bump);
  a.join(); b.join();
}
`;
  const at = { file: '/w/a.sim.ts', line: 6, column: 5, endLine: 6, endColumn: 11 };
  const race: Finding = {
    kind: 'data-race', severity: 'warning', message: 'Data race on `hits`', at,
    related: [{ at, message: 'conflicting write by T2' }, { at: { ...at, line: 8 }, message: 'T2 created here' }],
  };

  it('wraps `hits++` with the Mutex in scope', () => {
    const [fix] = fixesFor(SIM, 'typescript', findingView(race), '/w/a.sim.ts');
    expect(fix.title).toBe('Wrap in `guard.lock()` / `guard.unlock()`');
    expect(applyEdits(SIM, fix.edits)).toContain('    guard.lock(); hits++; guard.unlock();                // racy\n');
  });

  it('with no Mutex in scope, declares one beside the variable, imports it, and wraps the access', () => {
    const text = SIM.replace('  const guard = new Mutex();\n', '\n').replace('import { spawn, Mutex }', 'import { spawn }');
    const [fix] = fixesFor(text, 'typescript', findingView(race), '/w/a.sim.ts');
    expect(fix.title).toBe('Wrap in a new Mutex `hitsMu` (declared beside `hits`)');
    const fixed = applyEdits(text, fix.edits);
    expect(fixed).toContain('import { spawn, Mutex } from "interleave";');
    expect(fixed).toContain('  let hits = 0;\n  const hitsMu = new Mutex();\n');
    expect(fixed).toContain('    hitsMu.lock(); hits++; hitsMu.unlock();                // racy\n');
  });

  it('the new Mutex fixes the race: after the edit, check finds no data race on a file that had one', () => {
    const racy = `import { spawn, assert } from "interleave";
let total = 0;
export default function main() {
  const add = () => {
    for (let i = 0; i < 2; i++) {
      total++;
    }
  };
  const a = spawn(add);
  const b = spawn(add);
  a.join(); b.join();
  assert(total === 4, "lost update");
}
`;
    const before = explore(compileTypeScript(racy, '/w/t.sim.ts').program!, { maxSchedules: 200 });
    const r = before.findings.find((f) => f.kind === 'data-race')!;
    expect(r).toBeDefined();
    const [fix] = fixesFor(racy, 'typescript', findingView(r), '/w/t.sim.ts');
    const fixed = applyEdits(racy, fix.edits);
    const compiled = compileTypeScript(fixed, '/w/t.sim.ts');
    expect(compiled.errors).toEqual([]);
    const after = explore(compiled.program!, { maxSchedules: 2000 });
    expect(after.complete).toBe(true);
    expect(after.findings.map((f) => f.kind)).toEqual([]);
  });

  it('offers nothing when the access is part of a larger expression', () => {
    const text = SIM.replace('    hits++;                // racy', '    f(hits++);');
    const r = { ...race, at: { ...at, column: 7, endColumn: 13 }, related: [] };
    expect(fixesFor(text, 'typescript', findingView(r), '/w/a.sim.ts')).toEqual([]);
  });
});

describe('scenario WaitGroup fix', () => {
  const WG = `name: forgot add
runtime: { kind: go }
sync: { wg: waitgroup }
tasks:
  main:
    - go: worker
      count: 2
    - wg.wait
  worker:
    - compute: 1ms
    - wg.done
`;

  it('adds `wg.add: 2` before `go: worker`, and the misuse is gone', () => {
    const misuse = check(WG).find((f) => f.kind === 'misuse');
    expect(misuse?.message).toMatch(/negative WaitGroup counter/);
    const [fix] = fixesFor(WG, 'scenario', findingView(misuse!), FILE);
    expect(fix.title).toBe('Add the missing `wg.add` before `go: worker`');
    const fixed = applyEdits(WG, fix.edits);
    expect(fixed).toContain('  main:\n    - wg.add: 2\n    - go: worker\n      count: 2\n');
    expect(check(fixed)).toEqual([]);
  });

  it('offers nothing when the file already calls `wg.add`', () => {
    const text = WG.replace('    - compute: 1ms\n', '    - wg.add: 1\n    - compute: 1ms\n');
    const misuse: Finding = { kind: 'misuse', severity: 'error', message: 'panic: sync: negative WaitGroup counter (T2)', at: { file: FILE, line: 12, column: 7, endLine: 12, endColumn: 14 }, related: [] };
    expect(fixesFor(text, 'scenario', findingView(misuse), FILE)).toEqual([]);
  });
});
