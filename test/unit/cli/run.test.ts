import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, GOLDEN, json, type SweepPointJson } from './helpers';

const gomaxprocs = join(GOLDEN, 'gomaxprocs.scenario.yaml');
const deadlock = join(GOLDEN, 'lock-order-deadlock.scenario.yaml');

describe('interleave run', () => {
  it('prints a readable summary and exits 0 without findings', () => {
    const r = cli('run', join(GOLDEN, 'semaphore-pool.scenario.yaml'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Two permits, five workers {2}\(.*semaphore-pool\.scenario\.yaml, seed 1\)$/m);
    expect(r.out).toMatch(/^makespan \d/m);
    expect(r.out).toMatch(/^ {2}task +name +kind +start +end +running +runnable +blocked$/m);
    expect(r.out).toMatch(/^ {2}T\d +worker#5 /m);
    expect(r.out).toMatch(/^metrics: max_running \d+ · context_switches/m);
    expect(r.out).toMatch(/^findings: none$/m);
  });

  it('follows the `run --json` contract of cli.md, field for field', () => {
    const r = cli('run', gomaxprocs, '--json');
    expect(r.code).toBe(0);
    const doc = json(r);
    for (const key of ['file', 'seed', 'config', 'makespan_ns', 'events', 'metrics', 'tasks', 'finals', 'returned', 'findings', 'sweep']) {
      expect(doc).toHaveProperty(key);
    }
    expect(doc.file).toBe(gomaxprocs);
    expect(doc.seed).toBe(1);
    expect(Object.keys(doc.config)).toEqual(['machine', 'os', 'runtime']);
    expect(doc.config.machine.cores).toBe(2);
    expect(doc.config.runtime).toMatchObject({ kind: 'go', gomaxprocs: 1 });
    expect(doc.makespan_ns).toBeGreaterThan(0);
    expect(Number.isInteger(doc.events)).toBe(true);
    for (const m of ['max_running', 'context_switches', 'threads_created', 'steals', 'handoffs', 'gil_switches']) {
      expect(typeof doc.metrics[m]).toBe('number');
    }
    expect(doc.metrics.hwthread_busy_ns).toHaveLength(2);
    expect(doc.tasks.length).toBe(3);
    for (const t of doc.tasks) {
      expect(Object.keys(t).sort()).toEqual(['blocked_ns', 'end_ns', 'id', 'kind', 'name', 'runnable_ns', 'running_ns', 'start_ns']);
    }
    expect(doc.tasks[0].name).toBe('main');
    expect(doc.returned).toBeNull();
    expect(doc.findings).toEqual([]);
    expect(doc.sweep).toHaveLength(2);
    expect((doc.sweep as SweepPointJson[]).map((p) => p.set)).toEqual([{ 'runtime.gomaxprocs': 1 }, { 'runtime.gomaxprocs': 2 }]);
    for (const p of doc.sweep) {
      expect(p.makespan_ns).toBeGreaterThan(0);
      expect(typeof p.metrics.max_running).toBe('number');
    }
  });

  it('exits 1 with findings, each placed at file:line:column', () => {
    const text = cli('run', deadlock);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/lock-order-deadlock\.scenario\.yaml:\d+:\d+: error: deadlock: /);
    const doc = json(cli('run', deadlock, '--json'));
    expect(doc.findings.length).toBeGreaterThan(0);
    const f = doc.findings[0];
    expect(f).toMatchObject({ kind: 'deadlock', severity: 'error', file: deadlock });
    for (const k of ['line', 'column', 'endLine', 'endColumn']) expect(f[k]).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(f.related)).toBe(true);
  });

  it('an expectation that fails on the default schedule is a finding (exit 1)', () => {
    const r = cli('run', join(GOLDEN, 'semaphore-pool.scenario.yaml'), '--set', 'machine.cores=1', '--json');
    // One core cannot finish 5 × 2 s of work within 7 s.
    expect(r.code).toBe(1);
    expect(json(r).findings).toMatchObject([{ kind: 'expectation', line: 22, column: 5 }]);
  });

  it('--set overrides a setting; --seed is reported back', () => {
    const doc = json(cli('run', gomaxprocs, '--json', '--set', 'machine.cores=3', '--set=os.quantum=2ms', '--seed', '5'));
    expect(doc.config.machine.cores).toBe(3);
    expect(doc.config.os.quantumNs).toBe(2_000_000);
    expect(doc.metrics.hwthread_busy_ns).toHaveLength(3);
    expect(doc.seed).toBe(5);
  });

  it('a sweep of several axes runs their cartesian product', () => {
    const doc = json(cli('run', join(GOLDEN, 'smt.scenario.yaml'), '--json'));
    const sweep = doc.sweep as SweepPointJson[];
    expect(sweep.map((p) => p.set)).toEqual([
      { 'machine.smt': 1, 'machine.cores': 1 }, { 'machine.smt': 1, 'machine.cores': 2 },
      { 'machine.smt': 2, 'machine.cores': 1 }, { 'machine.smt': 2, 'machine.cores': 2 },
    ]);
    expect(sweep.map((p) => p.metrics.hwthread_busy_ns.length)).toEqual([1, 2, 2, 4]);
    // One core without SMT runs two 100 ms tasks back to back: slower than two cores.
    expect(doc.sweep[0].makespan_ns).toBeGreaterThan(doc.sweep[1].makespan_ns);
  });

  it('exits 2 on bad input, naming file:line:column and a hint', () => {
    const cases: [string, RegExp][] = [
      ['bad-syntax', /bad-syntax\.scenario\.yaml:5:1: error: YAML syntax/],
      ['unknown-key', /unknown-key\.scenario\.yaml:4:3: error: unknown key `gomaxproc` in `runtime` \(did you mean `gomaxprocs`\?\)/],
      ['bare-duration', /bare-duration\.scenario\.yaml:4:16: error: .*bare number.*ns, us \(or µs\), ms or s/],
      ['unknown-method', /unknown-method\.scenario\.yaml:5:7: error: a mutex has no method `lok` \(did you mean `mu\.lock`\?\)/],
      ['missing-main', /missing-main\.scenario\.yaml:2:1: error: there is no `main` task/],
      ['over-budget', /over-budget\.scenario\.yaml:4:7: error: this scenario would start about 5,001,001 tasks/],
    ];
    for (const [name, pattern] of cases) {
      const r = cli('run', join(FIXTURES, `${name}.scenario.yaml`), '--json');
      expect(r.code, name).toBe(2);
      expect(r.out, name).toBe('');
      expect(r.err, name).toMatch(pattern);
    }
  });

  it('exits 2 on usage errors', () => {
    expect(cli('run').code).toBe(2);
    expect(cli('run', gomaxprocs, gomaxprocs).err).toMatch(/takes one FILE/);
    expect(cli('run', gomaxprocs, '--jsn').err).toMatch(/unknown option --jsn \(did you mean --json\?\)/);
    expect(cli('run', gomaxprocs, '--set', 'runtime.gomaxproc=2').err).toMatch(/did you mean runtime\.gomaxprocs\?/);
    expect(cli('run', gomaxprocs, '--set', 'machine.cores=0').code).toBe(2);
    expect(cli('run', gomaxprocs, '--seed', 'x').err).toMatch(/--seed needs a whole number/);
    expect(cli('run', '/nonexistent/x.scenario.yaml').err).toMatch(/^\/nonexistent\/x\.scenario\.yaml:1:1: error: cannot read the file/);
    expect(cli('run', join(FIXTURES, 'x.txt')).err).toMatch(/unsupported kind of file/);
    expect(cli('frobnicate').err).toMatch(/unknown command `frobnicate`/);
    expect(cli('rnu', gomaxprocs).err).toMatch(/did you mean `run`\?/);
    expect(cli().code).toBe(2);
  });

  it('--help for the program and for each command', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/^ {2}run +one simulation/m);
    expect(top.out).toMatch(/^ {2}export +/m);
    const run = cli('run', '--help');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^usage: interleave run FILE \[--seed N\] \[--set PATH=VALUE\]\.\.\. \[--json\]$/m);
    expect(run.out).toMatch(/--set PATH=VALUE/);
    expect(cli('help', 'export').out).toMatch(/^usage: interleave export FILE --format chrome\|markdown\|html/m);
  });
});

describe('interleave run: how runs that go wrong decide the exit status', () => {
  it('a sweep is a what-if: its findings are listed but only the run as written sets the exit status', () => {
    const r = cli('run', join(FIXTURES, 'sweep-whatif.scenario.yaml'), '--json');
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc.findings).toEqual([]);
    expect(doc.sweep[0]).toMatchObject({ set: { 'machine.cores': 1 }, findings: [{ kind: 'expectation', line: 13, column: 5 }] });
    expect(doc.sweep[1].findings).toEqual([]);
    const text = cli('run', join(FIXTURES, 'sweep-whatif.scenario.yaml'));
    expect(text.out).toMatch(/^ {2}\[machine\.cores=1\] .*sweep-whatif\.scenario\.yaml:13:5: error: expectation: /m);
  });

  it('a program fault that stops the run (Go fatal error) is a finding: exit 1, not 2', () => {
    const r = cli('run', join(FIXTURES, 'fatal-unlock.scenario.yaml'), '--json');
    expect(r.code).toBe(1);
    const doc = json(r);
    expect(doc.stopped).toBe('error');
    expect(doc.findings).toMatchObject([{ kind: 'misuse', line: 7, column: 7 }]);
  });
});
