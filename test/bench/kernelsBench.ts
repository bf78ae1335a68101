/**
 * `npm run bench -- kernels` (issue 25, item 4): the bug kernels of goKernels/ (our own, in
 * the style of GoBench's GoKer), `go test -race` beside `interleave check`, on this machine.
 *
 * For each kernel's buggy test and its fixed one:
 * - `go test -race -count=1 -run '^T$' -timeout 5s` once: did it fail, how, and its wall time
 *   (the build cache is warm: the test binary was just built);
 * - the `go test -c -race` binary run 100 times (`-test.timeout 5s` each): how many runs failed,
 *   by what (a race report, Go's "all goroutines are asleep", the 5 s timeout a hang ends in, a
 *   panic, a failed test), and the median run. A test whose single run hung is run 10 at a time
 *   (a hung run only waits); the others one after another;
 * - `node dist/cli.js check DIR -run '^T$' --format json`, three times: what it found (kind and
 *   line), the schedules and whether the search was complete, the median wall time (a whole
 *   process: node's start, the guard and worker threads, compile, search); and the same check
 *   in this process (`--threads 1`), compile and search alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo } from '../../src/cli/io';
import { main as cliMain } from '../../src/cli/main';

/** npm run bench runs from the repository root (the bundle lives in dist/, so __dirname would mislead). */
const ROOT = process.cwd();
const KERNELS = join(ROOT, 'test/bench/goKernels');
const RUNS = 100;
const CHECK_RUNS = 3;
const HUNG_AT_ONCE = 10;

type Outcome = 'race' | 'deadlock' | 'timeout' | 'panic' | 'fail' | 'pass';

export interface KernelRow {
  readonly kernel: string;
  readonly test: string;
  /** What the kernel's `// want:` line says the bug is; undefined for a fixed test. */
  readonly bug: string | undefined;
  readonly once: { readonly outcome: Outcome; readonly ms: number } | null;
  readonly runs: { readonly outcomes: Readonly<Record<Outcome, number>>; readonly medianMs: number; readonly parallel: boolean } | null;
  readonly check: { readonly found: string[]; readonly schedules: number; readonly complete: boolean; readonly medianMs: number; readonly inProcessMs: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** What one go test run showed, most telling first. */
function outcomeOf(out: string, code: number | null): Outcome {
  if (/WARNING: DATA RACE/.test(out)) return 'race';
  if (/all goroutines are asleep - deadlock/.test(out)) return 'deadlock';
  if (/panic: test timed out/.test(out)) return 'timeout';
  if (/^(panic|fatal error): /m.test(out)) return 'panic';
  return code === 0 ? 'pass' : 'fail';
}

function runOnce(bin: string, args: string[], cwd: string): { outcome: Outcome; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
  return { outcome: outcomeOf(r.stdout + r.stderr, r.status), ms: performance.now() - t0 };
}

/** `n` runs at once (hung runs only wait): one shell starts them and waits; each leaves its output, status and wall ns in files. */
function runBatch(bin: string, args: string[], cwd: string, n: number, out: string): { outcome: Outcome; ms: number }[] {
  const one = (i: number): string => `( s=$(date +%s%N); "$0" "$@" > ${out}/${i}.out 2>&1; echo $? $(( $(date +%s%N) - s )) > ${out}/${i}.rc ) &`;
  spawnSync('sh', ['-c', `${Array.from({ length: n }, (_, i) => one(i)).join('\n')}\nwait`, bin, ...args], { cwd, env: { ...process.env, GOFLAGS: '' } });
  return Array.from({ length: n }, (_, i) => {
    const [code, ns] = readFileSync(join(out, `${i}.rc`), 'utf8').trim().split(' ').map(Number);
    return { outcome: outcomeOf(readFileSync(join(out, `${i}.out`), 'utf8'), code), ms: ns / 1e6 };
  });
}

function runMany(bin: string, test: string, cwd: string, atOnce: number): { outcomes: Record<Outcome, number>; medianMs: number } {
  const outcomes: Record<Outcome, number> = { race: 0, deadlock: 0, timeout: 0, panic: 0, fail: 0, pass: 0 };
  const times: number[] = [];
  const args = [`-test.run=^${test}$`, '-test.count=1', '-test.timeout=5s'];
  const out = mkdtempSync(join(tmpdir(), 'interleave-kernel-runs-'));
  for (let done = 0; done < RUNS; done += atOnce) {
    const batch = atOnce === 1 ? [runOnce(bin, args, cwd)] : runBatch(bin, args, cwd, Math.min(atOnce, RUNS - done), out);
    for (const r of batch) {
      outcomes[r.outcome]++;
      times.push(r.ms);
    }
  }
  return { outcomes, medianMs: median(times) };
}

function checkOnce(dir: string, test: string): { found: string[]; schedules: number; complete: boolean; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', dir, '-run', `^${test}$`, '--format', 'json'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  const t = (JSON.parse(r.stdout) as { files: { tests: { schedules: number; complete: boolean; findings: { kind: string; line: number }[] }[] }[] }).files[0].tests[0];
  return { found: [...new Set(t.findings.map((f) => `${f.kind}:${f.line}`))], schedules: t.schedules, complete: t.complete, ms };
}

/** The same check in this process (no node start, no guard): compile and search alone. */
function checkInProcess(dir: string, test: string): number {
  const t0 = performance.now();
  cliMain(['check', dir, '-run', `^${test}$`, '--threads', '1', '--format', 'json'], { out: () => undefined, err: () => undefined, readFile: nodeIo().readFile, writeFile: () => undefined });
  return performance.now() - t0;
}

export function runKernelsBench(only?: string): { rows: KernelRow[]; note: string; load: [number, number] } {
  const load0 = loadavg()[0];
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  const haveGo = go.status === 0;
  const tmp = mkdtempSync(join(tmpdir(), 'interleave-kernels-'));
  const rows: KernelRow[] = [];
  const names = readdirSync(KERNELS, { withFileTypes: true }).filter((d) => d.isDirectory() && (!only || d.name === only)).map((d) => d.name).sort();
  for (const kernel of names) {
    const dir = join(KERNELS, kernel);
    const text = readFileSync(join(dir, 'kernel_test.go'), 'utf8');
    const bug = /\/\/ want: ([\w-]+)/.exec(text)?.[1];
    const tests = [...text.matchAll(/^func (Test\w+)\(t \*testing\.T\)/gm)].map((m) => m[1]);
    const bin = join(tmp, `${kernel}.test`);
    const built = haveGo && spawnSync('go', ['test', '-c', '-race', '-o', bin, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } }).status === 0;
    for (const test of tests) {
      process.stderr.write(`kernels: ${kernel} ${test}\n`);
      let once: KernelRow['once'] = null;
      let runs: KernelRow['runs'] = null;
      if (built) {
        once = runOnce('go', ['test', '-race', '-count=1', '-run', `^${test}$`, '-timeout', '5s', '.'], dir);
        const parallel = once.outcome === 'timeout';
        runs = { ...runMany(bin, test, dir, parallel ? HUNG_AT_ONCE : 1), parallel };
      }
      const checks = Array.from({ length: CHECK_RUNS }, () => checkOnce(dir, test));
      const c = checks[0];
      rows.push({ kernel, test, bug: test.endsWith('Fixed') ? undefined : bug, once, runs,
        check: { found: c.found, schedules: c.schedules, complete: c.complete, medianMs: median(checks.map((x) => x.ms)),
          inProcessMs: median(Array.from({ length: CHECK_RUNS }, () => checkInProcess(dir, test))) } });
    }
  }
  return { rows, note: haveGo ? go.stdout.trim() : 'go not installed: only check ran', load: [load0, loadavg()[0]] };
}

export function printKernelsTable({ rows, note, load }: { rows: KernelRow[]; note: string; load: [number, number] }): void {
  console.log(`\nBug kernels (test/bench/goKernels): go test -race beside interleave check (${note}; load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end)`);
  const head = ['kernel', 'test', 'bug', 'go test -race once', `failed in ${RUNS} runs (by)`, 'median run', 'check found', 'schedules', 'check (median of 3)', 'in-process'];
  const W = [13, 18, 9, 18, 30, 10, 24, 16, 19, 10];
  const line = (c: string[]): string => `| ${c.map((x, i) => x.padEnd(W[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) {
    const failed = r.runs ? RUNS - r.runs.outcomes.pass : 0;
    const by = r.runs ? Object.entries(r.runs.outcomes).filter(([k, n]) => k !== 'pass' && n > 0).map(([k, n]) => `${k} ${n}`).join(', ') : '';
    console.log(line([
      r.kernel, r.test, r.bug ?? 'fixed',
      r.once ? `${r.once.outcome === 'pass' ? 'ok' : r.once.outcome}, ${r.once.ms.toFixed(0)} ms` : 'not run',
      r.runs ? `${failed}${by ? ` (${by})` : ''}${r.runs.parallel ? ', 10 at once' : ''}` : 'not run',
      r.runs ? `${r.runs.medianMs.toFixed(0)} ms` : '',
      r.check.found.length > 0 ? r.check.found.join(' ') : 'nothing',
      `${r.check.schedules}${r.check.complete ? ', complete' : ''}`,
      `${r.check.medianMs.toFixed(0)} ms`,
      `${r.check.inProcessMs.toFixed(0)} ms`,
    ]));
  }
  console.log('go test -race: "timeout" is a hang ended by -timeout 5s (go test never reports a deadlock: its alarm is a pending timer); '
    + 'go test has no leak check, so a leaked goroutine passes. check: kind:line of each finding; its time is a whole `interleave check` process '
    + '(node\'s start, the guard and worker threads, compile, search); in-process: the same check with --threads 1 inside this process (compile and search).');
}
