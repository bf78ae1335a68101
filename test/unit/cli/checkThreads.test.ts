/**
 * `check` on worker threads, through the built command line (`node dist/cli.js`, built
 * into a temp dir with its thread bundle): the command's own thread keeps dpor and the
 * completeness claim, the others run pct and random with their own seeds. A bug a thread
 * reaches first names the thread; a search dpor finishes stops the threads and the command
 * ends; a thread that fails leaves a note and the file's answer as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { THREAD_FAULT_ENV, THREADS_ENV } from '../../../src/cli/checkThreadProtocol';
import { checkText } from '../../../src/cli/commands/checkReport';
import { findingToJson } from '../../../src/cli/commands/check';
import type { Finding } from '../../../src/core/findings';
import { buildCli } from './builtCli';
import { cli, racers, ROOT } from './helpers';

let cliJs = '';
let dir = '';

beforeAll(async () => {
  cliJs = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'interleave-threads-'));
  writeFileSync(join(dir, 'three.scenario.yaml'), racers(3));
  writeFileSync(join(dir, 'two.scenario.yaml'), racers(2));
}, 120_000);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function check(args: readonly string[], env: Record<string, string> = {}): Run {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cliJs, 'check', ...args], {
    encoding: 'utf8', cwd: dir, timeout: 120_000, env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

interface FileJson {
  complete: boolean;
  schedules: number;
  findings: { kind: string; line: number; foundBy?: { strategy: string; schedules: number; thread?: number } }[];
  threads?: { thread: number; schedules: number; perStrategy: Record<string, number>; findings: number; error?: string }[];
  budget?: { name: string };
}

const fileOf = (r: Run): FileJson => (JSON.parse(r.stdout) as { files: FileJson[] }).files[0];

describe('check on worker threads', () => {
  it('a bug dpor\'s order reaches late is found by a pct or random member on thread 1, and says so', () => {
    // SCTBench's reorder with 5 setters: the checker must run between one setter's two
    // writes. The command's thread (dpor on 4 schedules of 5, pct-3 with seed 1 on the
    // fifth) first meets the bug at its 4,019th schedule, so with 3,000 it never does (a
    // finding both found would keep the command thread's entry); thread 1's pct and random
    // members need a few hundred.
    const reorder = join(ROOT, 'test/bench/sct/reorder5.sim.ts');
    const r = check([reorder, '--threads', '2', '--schedules', '3000', '--time', '60', '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const file = fileOf(r);
    expect(file.complete).toBe(false);
    expect(file.schedules).toBe(3000);
    const bug = file.findings.find((f) => f.kind === 'assertion');
    expect(bug, JSON.stringify(file.findings.map((f) => [f.kind, f.foundBy]))).toBeDefined();
    expect(bug!.foundBy!.thread).toBe(1);
    expect(bug!.foundBy!.strategy).toMatch(/^(pct-[123]|random)$/);
    expect(bug!.foundBy!.schedules).toBeGreaterThanOrEqual(1);
    expect(file.threads).toHaveLength(1);
    expect(file.threads![0]).toMatchObject({ thread: 1 });
    expect(file.threads![0].schedules).toBeGreaterThanOrEqual(bug!.foundBy!.schedules);
    expect(file.threads![0].error).toBeUndefined();
    expect(Object.keys(file.threads![0].perStrategy)).toEqual(['pct-1', 'pct-2', 'pct-3', 'random']);
  });

  it('the text names the thread and counts its schedules apart from the complete search\'s', () => {
    const finding: Finding = {
      kind: 'assertion', severity: 'error', message: 'Assertion failed in T7: checker saw a = 1, b = 0',
      at: { file: 'r.sim.ts', line: 21, column: 5, endLine: 21, endColumn: 11 }, related: [],
      schedule: 'v1:1:', foundBy: { strategy: 'pct-2', schedules: 17, thread: 1 },
    };
    const text = checkText([{
      file: 'r.sim.ts', schedules: 1200, complete: false, errors: [], runErrors: [], findings: [finding],
      threads: [
        { thread: 1, seed: 1000004, schedules: 3400, perStrategy: { 'pct-1': 850, 'pct-2': 850, 'pct-3': 850, random: 850 }, findings: 1 },
        { thread: 2, seed: 2000007, schedules: 3, perStrategy: { 'pct-1': 1, 'pct-2': 1, 'pct-3': 1, random: 0 }, findings: 0, error: 'failed after 3 schedules: boom; the search went on without it (its findings until then are kept)' },
      ],
    }]);
    expect(text).toMatch(/^ {4}found by pct-2 after 17 of its schedules on thread 1$/m);
    expect(text).toMatch(/^r\.sim\.ts: note: thread 2 failed after 3 schedules: boom; the search went on without it/m);
    expect(text).toMatch(/^r\.sim\.ts: note: 2 other threads ran 3,403 more schedules \(pct and random\)\nr\.sim\.ts: 1200 schedules explored, not complete, 1 finding$/m);
    expect(findingToJson(finding).foundBy).toEqual({ strategy: 'pct-2', schedules: 17, thread: 1 });
  });

  it('when dpor finishes the file is complete, the threads stop, and the command ends', () => {
    // --time 60: a thread left running would keep the process alive until then.
    const r = check(['three.scenario.yaml', '--threads', '2', '--time', '60', '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const file = fileOf(r);
    expect(file.complete).toBe(true);
    expect(file.budget).toBeUndefined();
    expect(r.ms).toBeLessThan(30_000);
    // The thread was searching when dpor finished (it ran schedules), and stopped without a note.
    expect(file.threads).toHaveLength(1);
    expect(file.threads![0].schedules).toBeGreaterThan(0);
    expect(file.threads![0].error).toBeUndefined();
    // A search dpor finishes at once never starts a thread.
    const quick = check(['two.scenario.yaml', '--threads', '2', '--time', '60', '--format', 'json']);
    expect(fileOf(quick).complete).toBe(true);
    expect(fileOf(quick).threads).toBeUndefined();
    expect(quick.ms).toBeLessThan(30_000);
  });

  it('--threads 1 runs the whole portfolio in the command\'s thread, as before', () => {
    const r = check(['two.scenario.yaml', '--threads', '1', '--format', 'json']);
    const file = fileOf(r);
    expect(file.complete).toBe(true);
    expect(file.threads).toBeUndefined();
    for (const f of file.findings) expect(f.foundBy?.thread).toBeUndefined();
  });

  it('--threads and INTERLEAVE_THREADS take a whole number ≥ 1, else exit 2 naming them', () => {
    expect(cli('check', join(dir, 'two.scenario.yaml'), '--threads', '0')).toMatchObject({ code: 2, err: expect.stringMatching(/--threads needs a whole number ≥ 1, got "0"/) });
    const before = process.env[THREADS_ENV];
    process.env[THREADS_ENV] = 'many';
    try {
      expect(cli('check', join(dir, 'two.scenario.yaml'))).toMatchObject({ code: 2, err: expect.stringMatching(/INTERLEAVE_THREADS needs a whole number ≥ 1, got "many"/) });
      // A schedule budget asks for one thread: the variable is not read.
      expect(cli('check', join(dir, 'two.scenario.yaml'), '--schedules', '5').code).toBe(1);
    } finally {
      if (before === undefined) delete process.env[THREADS_ENV];
      else process.env[THREADS_ENV] = before;
    }
  });

  it('a thread that throws leaves a note; the file\'s answer and findings stand', () => {
    const one = fileOf(check(['three.scenario.yaml', '--threads', '1', '--time', '60', '--format', 'json']));
    const r = check(['three.scenario.yaml', '--threads', '2', '--time', '60', '--format', 'json'], { [THREAD_FAULT_ENV]: 'throw' });
    expect(r.status, r.stderr).toBe(1);
    const file = fileOf(r);
    expect(file.complete).toBe(true);
    expect(file.findings.map((f) => `${f.kind}:${f.line}`).sort()).toEqual(one.findings.map((f) => `${f.kind}:${f.line}`).sort());
    expect(file.threads).toHaveLength(1);
    expect(file.threads![0].error).toMatch(/^failed after 1 schedule: a fault injected for a test/);
    const text = check(['three.scenario.yaml', '--threads', '2', '--time', '60'], { [THREAD_FAULT_ENV]: 'throw' });
    expect(text.stdout).toMatch(/three\.scenario\.yaml: note: thread 1 failed after 1 schedule: .*the search went on without it/);
    expect(text.stdout).toMatch(/three\.scenario\.yaml: \d+ schedules explored, complete, \d+ findings$/m);
  });

  it('a thread that dies without a word (out of memory, say) leaves a note; the command still answers', () => {
    const r = check(['three.scenario.yaml', '--threads', '2', '--time', '60', '--format', 'json'], { [THREAD_FAULT_ENV]: 'exit' });
    expect(r.status, r.stderr).toBe(1);
    const file = fileOf(r);
    expect(file.complete).toBe(true);
    expect(file.threads![0].error).toMatch(/^did not stop within 1 s of the end of the search/);
  });
});
