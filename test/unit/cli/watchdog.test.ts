/**
 * The hard watchdog of `node dist/cli.js` (src/cli/guard/supervisor.ts), shown on real
 * hangs and a real memory bomb in a subprocess: a slice of the program's own code that
 * never reaches a step (catastrophic regular expression, exponential recursion, long
 * work before gosched()) and a program that outgrows the memory ceiling each stop with
 * a message naming the budget, the flag and the line, and exit 2. The outer timeouts are
 * generous bounds; the tests assert the messages, not how long anything took.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, interruptCli, runCli } from './builtCli';
import { cli, ROOT } from './helpers';

let cliJs = '';
let dir = '';

const REGEX = `import { go } from "interleave";

let hits = 0;

function worker() {
  hits = hits + 1;
  const slow = /(a+)+$/.test("a".repeat(40) + "b");
  hits = hits + (slow ? 1 : 0);
}

export default function main() {
  go(worker);
  worker();
}
`;

const RECURSION = `import { go } from "interleave";

let total = 0;

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function worker() {
  total = total + fib(60);
}

export default function main() {
  go(worker);
  worker();
}
`;

/** Each slice is well under the sandbox's 5 s loop limit; the program just never ends. */
const LONG_WORK = `import { go, gosched } from "interleave";

let rounds = 0;

function work(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return x;
}

function worker() {
  while (true) {
    work(20_000_000);
    rounds = rounds + 1;
    gosched();
  }
}

export default function main() {
  go(worker);
  worker();
}
`;

/** Keeps `size`-element arrays until memory runs out. */
function bomb(size: number): string {
  return `import { go } from "interleave";

let kept = 0;

function hoard() {
  const keep: number[][] = [];
  for (let i = 0; i < 1_000_000; i++) {
    keep.push(new Array(${size}).fill(i));
    kept = keep.length;
  }
}

export default function main() {
  go(hoard);
  hoard();
}
`;
}

beforeAll(async () => {
  cliJs = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'interleave-hostile-'));
  writeFileSync(join(dir, 'regex.sim.ts'), REGEX);
  writeFileSync(join(dir, 'recursion.sim.ts'), RECURSION);
  writeFileSync(join(dir, 'long-work.sim.ts'), LONG_WORK);
  // 800 KB at a time: the worker's heap ceiling ends the worker (supervisor.ts).
  writeFileSync(join(dir, 'bomb.sim.ts'), bomb(100_000));
  // 40 MB at a time: more than Node's room to end a worker, so V8 ends the process (guardian.ts).
  writeFileSync(join(dir, 'big-bomb.sim.ts'), bomb(5_000_000));
}, 120_000);

function node(...args: string[]) {
  return runCli(cliJs, args, { cwd: dir });
}

/** No V8 stack dump, no stack trace: what a person reads. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/FATAL ERROR|Native stack trace|JavaScript heap out of memory|^\s+at /m);
}

describe('the watchdog stops code that never reaches its next step', () => {
  it('a catastrophic regular expression: the slice limit (7 s), with the line', () => {
    const r = node('run', 'regex.sim.ts');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^regex\.sim\.ts:\d+:\d+: error: one slice of the program's own code ran for more than 7 s without taking a simulated step /m);
    // The line the inspector finds it on, or (when pausing it takes too long) its last step, the write before.
    expect(r.stderr).toMatch(/^regex\.sim\.ts:(7:\d+: .*; the program was running this line|6:\d+: .*; the program was running its code after this step), so it was stopped/m);
    expectNoCrash(r.stderr);
  });

  it('an exponential recursion: the slice limit (7 s), with the line', () => {
    const r = node('check', 'recursion.sim.ts');
    expect(r.status).toBe(2);
    // The sandbox's own check at each function entry answers first (5 s, at fib's line); the
    // watchdog (7 s) is the backstop: its innermost frame is in fib (lines 5-6), or the last
    // step, the read of `total`.
    expect(r.stdout).toMatch(new RegExp('^recursion\\.sim\\.ts:(?:[56]:\\d+: error: ran for more than \\d+ ms of wall-clock time without taking a simulated step'
      + '|(?:[56]:\\d+: error: .*running this line|10:\\d+: error: .*running its code after this step))', 'm'));
    expect(r.stdout).toMatch(/^recursion\.sim\.ts: \d+ schedules? explored, not complete \(a slice of code never reached its next step, above\), 0 findings$/m);
    expectNoCrash(r.stderr);
  });

  it('long work before each gosched(): the wall clock (--time), with the line', () => {
    const r = node('run', 'long-work.sim.ts', '--time', '5');
    expect(r.status).toBe(2);
    // The line the inspector finds it on, or (when pausing it takes too long) its last step, gosched().
    expect(r.stderr).toMatch(/^long-work\.sim\.ts:(7:\d+: .*; the program was running this line|15:5: .*; the program was running its code after this step), so it was stopped; --time SECONDS raises it$/m);
    expect(r.stderr).toMatch(/error: the wall-clock budget of 5 s \(loading included\) was reached and the work did not stop by itself/);
    expectNoCrash(r.stderr);
  });
});

describe('what a stopped command still reports', () => {
  it('check --format json: the files answered before, the stopped one (complete false, budget with its line), and the ones after', () => {
    const racy = join(ROOT, 'examples/races/go-racy-count.scenario.yaml');
    const r = node('check', racy, 'long-work.sim.ts', racy, '--time', '5', '--format', 'json');
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout) as { files: { file: string; complete: boolean; schedules: number; findings: unknown[]; budget?: Record<string, unknown> }[] };
    expect(doc.files.map((f) => f.file)).toEqual([racy, 'long-work.sim.ts', racy]);
    const [before, stopped, after] = doc.files;
    expect(before).toMatchObject({ complete: true });
    expect(before.findings.length).toBeGreaterThan(0);
    expect(stopped).toMatchObject({ complete: false, findings: [], budget: { name: 'time', file: 'long-work.sim.ts' } });
    expect([7, 15]).toContain(stopped.budget!.line);
    // The files after it are checked by a fresh worker: one hostile file does not leave them unchecked.
    expect(after).toMatchObject({ complete: true, findings: before.findings });
    expect(r.stderr).toMatch(/^long-work\.sim\.ts:\d+:\d+: error: the wall-clock budget of 5 s/m);
  });

  it('a memory bomb stops at the memory ceiling with a message, exit 2, no V8 crash', () => {
    for (const file of ['bomb.sim.ts', 'big-bomb.sim.ts']) {
      const r = node('run', file, '--memory-mb', '256');
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^${file.replace('.', '\\.')}:9:5: error: the command needed more than its memory ceiling of 256 MiB.*, so it was (stopped|ended); --memory-mb MIB raises it`, 'm'));
      expectNoCrash(r.stderr);
    }
  });

  it('Ctrl+C stops cleanly: what was found so far, a message, exit 130', async () => {
    const r = await interruptCli(cliJs, ['check', 'long-work.sim.ts', '--time', '60'], dir, 8_000);
    expect(r.status).toBe(130);
    expect(`${r.stdout}${r.stderr}`).toMatch(/interrupted \(Ctrl\+C\)/);
    expectNoCrash(r.stderr);
  });
});

describe('a normal run is unchanged by the watchdog', () => {
  it('the same output and exit status as main() in-process', () => {
    const racy = join(ROOT, 'examples/races/go-racy-count.scenario.yaml');
    // main() in-process has no thread bundle beside it, so its check runs in one thread: compare with --threads 1.
    for (const args of [['check', racy, '--format', 'json', '--threads', '1'], ['run', racy, '--json'], ['check', join(dir, 'missing.scenario.yaml')], ['run']]) {
      const bin = node(...args);
      const inProcess = cli(...args);
      expect(bin.status).toBe(inProcess.code);
      expect(bin.stdout).toBe(inProcess.out);
      expect(bin.stderr).toBe(inProcess.err);
    }
  });

  it('a reader that closes the pipe early is not a crash', () => {
    // More than a pipe holds, so the writes after `head` has gone meet a closed pipe.
    const racy = join(ROOT, 'examples/races/go-racy-count.scenario.yaml');
    const files = Array.from({ length: 60 }, () => `"${racy}"`).join(' ');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliJs}" check ${files} --format json | head -c 10 > /dev/null; echo "status \${PIPESTATUS[0]}"`],
      { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toMatch(/^status [01]$/m);
    expectNoCrash(r.stderr);
  });
});
