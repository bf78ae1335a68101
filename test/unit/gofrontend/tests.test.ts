/**
 * Go tests as entry points (issue 25): `interleave check` on a package folder or a
 * `_test.go` file explores each `func TestXxx(t *testing.T)` on its own, and says what
 * `go test` says, in its shape. Where the installed Go can say it too, the verdicts, the
 * logged lines and the exit status are compared with real `go test` on the same files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io';
import { nodeIo } from '../../../src/cli/io';
import { main as cliMain } from '../../../src/cli/main';
import { simulate } from '../../../src/core/index';
import { goFrontEnd } from '../../../src/frontends/go/frontEnd';
import { folderText } from '../../../src/frontends/go/package';

const BANK = join(__dirname, 'programs', 'gotests');
const goInstalled = spawnSync('go', ['version']).status === 0;

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, readFile: nodeIo().readFile, writeFile: () => undefined };
  const code = cliMain(argv, io);
  return { code, out, err };
}

function goTest(dir: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('go', ['test', '-count=1', ...args, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

/** A package folder in a temp dir: go.mod (1.19, as installed) and the files given. */
function pkg(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gotests-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/k\n\ngo 1.19\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface Event { Action: string; Test?: string; Output?: string; Package: string }

function events(text: string): Event[] {
  return text.trim().split('\n').map((l) => JSON.parse(l) as Event);
}

/** Each top-level test's verdict (run/pass/fail/skip actions of test2json). */
function verdicts(es: readonly Event[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of es) if (e.Test && !e.Test.includes('/') && ['pass', 'fail', 'skip'].includes(e.Action)) out[e.Test] = e.Action;
  return out;
}

describe('a package\'s tests, as go test runs them', () => {
  it('each TestXxx is explored on its own: pass, fail (Errorf, Fatalf in a helper, a failing subtest) and skip, in go test\'s shape, exit 1', () => {
    const r = cli('check', BANK, '--threads', '1');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => l.startsWith('--- ')).map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      '--- PASS: TestDeposits', '--- FAIL: TestWrongTotal', '--- FAIL: TestFatalEndsTheTest', '--- FAIL: TestSubtests', '--- SKIP: TestSkipped',
    ]);
    // The failure is on the line go test names: a t.Helper's caller for Fatalf inside check().
    expect(r.out).toMatch(/bank_test\.go:46:2: error: assertion: TestFatalEndsTheTest failed: bank_test\.go:46: got 1, want 2/);
    expect(r.out).toMatch(/bank_test\.go:58:5: error: assertion: TestSubtests\/deposit_3 failed: bank_test\.go:58: three fails/);
    expect(lines).toContain('FAIL');
    expect(lines.some((l) => l.startsWith(`FAIL\t${BANK}\t`))).toBe(true);
    // Each finding comes with the command that replays it, and that command reproduces it.
    const replay = /replay: interleave replay (\S+) -run '(\^TestSubtests\$)' --schedule '([^']+)'/.exec(r.out)!;
    const again = cli('replay', replay[1], '-run', replay[2], '--schedule', replay[3]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/TestSubtests\/deposit_3 failed/);
  });

  it.runIf(goInstalled)('the verdicts and the exit status are go test\'s, and --format test2json has go test -json\'s lines', () => {
    const real = goTest(BANK, '-json');
    const ours = cli('check', BANK, '--threads', '1', '--format', 'test2json');
    expect(ours.code).toBe(real.code);
    const mine = events(ours.out);
    expect(verdicts(mine)).toEqual(verdicts(events(real.out)));
    // Per test: run, its output lines, then pass/fail/skip; the package ends with its own output and action.
    for (const e of mine) expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(['Action', 'Package', 'Time']));
    expect(mine.map((e) => e.Action).filter((a) => a !== 'output').slice(0, 2)).toEqual(['run', 'pass']);
    expect(mine[mine.length - 1]).toMatchObject({ Action: 'fail', Package: BANK });
    expect(mine.filter((e) => e.Output).every((e) => e.Output!.endsWith('\n') && e.Output!.indexOf('\n') === e.Output!.length - 1)).toBe(true);
  });

  it.runIf(goInstalled)('`run` of the package logs what go test -v logs, line for line (Fatal in a helper, deferred calls, cleanups last first, subtests)', () => {
    const real = goTest(BANK, '-v').out.split('\n').filter((l) => /^ {4}\w+_test\.go:\d+: /.test(l));
    const r = cli('run', BANK, '--json');
    const log = (JSON.parse(r.out) as { log: { text: string }[] }).log.map((l) => l.text);
    expect(real.length).toBeGreaterThan(10);
    expect(log).toEqual(real);
  });

  it('`check FILE_test.go` takes the package\'s other files along; -run selects tests as go test -run does', () => {
    const r = cli('check', join(BANK, 'bank_test.go'), '-run', 'Deposits|Skip', '--threads', '1', '--format', 'json');
    expect(r.code).toBe(0);
    const file = (JSON.parse(r.out) as { files: { tests: { name: string; passed: boolean; skipped: boolean; complete: boolean }[] }[] }).files[0];
    expect(file.tests.map((t) => [t.name, t.passed, t.skipped, t.complete])).toEqual([['TestDeposits', true, false, true], ['TestSkipped', true, true, true]]);
    // replay takes one test: a pattern that matches several is a usage error that lists them.
    const many = cli('replay', BANK, '-run', 'Test', '--schedule', 'v1:1:');
    expect(many.code).toBe(2);
    expect(many.err).toMatch(/matches 5 tests/);
  });

  it('SARIF still carries every test\'s findings, at their lines', () => {
    const r = cli('check', BANK, '--threads', '1', '--format', 'sarif');
    const results = (JSON.parse(r.out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }).runs[0].results;
    expect(results.map((x) => `${x.ruleId}:${x.locations[0].physicalLocation.region.startLine}`).sort()).toEqual(['assertion:30', 'assertion:46', 'assertion:58']);
  });

  it('another thread rebuilds one test\'s program from the package text and the test\'s name', () => {
    const text = folderText(BANK);
    const compiled = goFrontEnd.compile(text, BANK);
    const entry = compiled.entries!.find((e) => e.name === 'TestWrongTotal')!;
    const relinked = goFrontEnd.relink!(entry.portable, BANK);
    const a = simulate(entry.program, { mode: 'timed', seed: 1 });
    const b = simulate(relinked, { mode: 'timed', seed: 1 });
    expect(b.log.map((l) => l.text)).toEqual(a.log.map((l) => l.text));
    expect(b.findings.map((f) => f.message)).toEqual(['TestWrongTotal failed: bank_test.go:30: balance 5, want 10']);
  });
});

const KERNELS = `package k

import (
	"sync"
	"testing"
	"time"
)

func TestRacyCounter(t *testing.T) {
	n := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++
		}()
	}
	wg.Wait()
}

func TestLeakAfterTimeout(t *testing.T) {
	ch := make(chan int)
	go func() {
		time.Sleep(time.Millisecond)
		ch <- 1
	}()
	select {
	case <-ch:
	case <-time.After(time.Microsecond):
		t.Log("timed out")
	}
}

func TestDoubleLock(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}

func TestFixed(t *testing.T) {
	ch := make(chan int, 1)
	go func() {
		time.Sleep(time.Millisecond)
		ch <- 1
	}()
	select {
	case <-ch:
	case <-time.After(time.Microsecond):
	}
}
`;

describe('what a Go user expects of a failing test', () => {
  const dir = pkg({ 'k_test.go': KERNELS });

  it('a data race fails its test; a goroutine blocked when the test returns is a leak (goleak); a global deadlock is worded as Go words it', () => {
    const r = cli('check', dir, '--threads', '1', '--format', 'json');
    expect(r.code).toBe(1);
    const tests = (JSON.parse(r.out) as { files: { tests: { name: string; findings: { kind: string; message: string; line: number }[] }[] }[] }).files[0].tests;
    const kinds = Object.fromEntries(tests.map((t) => [t.name, [...new Set(t.findings.map((f) => f.kind))]]));
    expect(kinds).toEqual({ TestRacyCounter: ['data-race'], TestLeakAfterTimeout: ['leak'], TestDoubleLock: ['deadlock'], TestFixed: [] });
    const leak = tests[1].findings[0];
    expect(leak.message).toMatch(/is still blocked on ch \(send\) when TestLeakAfterTimeout returns/);
    expect(leak.line).toBe(26);
    expect(tests[2].findings[0].message).toMatch(/^fatal error: all goroutines are asleep - deadlock!/);
  });

  it.runIf(goInstalled)('go test itself only sees that deadlock when its -timeout alarm fires (10 minutes by default); check says so', () => {
    // The test binary's alarm is a pending timer, so the runtime's checkdead never fires: go test hangs until -timeout.
    const real = goTest(dir, '-run', 'TestDoubleLock', '-timeout', '3s');
    expect(real.code).toBe(1);
    expect(real.out).toMatch(/panic: test timed out after 3s/);
    const ours = cli('check', dir, '-run', 'TestDoubleLock', '--threads', '1');
    expect(ours.out).toMatch(/note: go test does not report this deadlock: it waits for its -timeout \(10m by default\), then panics "test timed out"/);
  });

  it('anything outside the testing subset is a positioned error; benchmarks are not run, so not checked', () => {
    const bad = pkg({
      'b_test.go': `package k

import "testing"

func TestTemp(t *testing.T) {
	_ = t.TempDir()
}

func TestWrong(t *testing.B) {
}

func BenchmarkX(b *testing.B) {
	b.ResetTimer()
}
`,
    });
    const r = cli('check', bad);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/b_test\.go:6:6: error: the method TempDir is not supported yet/);
    expect(r.out).toMatch(/b_test\.go:9:6: error: wrong signature for TestWrong/);
    expect(r.out).not.toMatch(/ResetTimer/);
  });

  it('runtime.Goexit in a goroutine runs its deferred calls, and recover does not stop it', () => {
    const d = pkg({
      'g_test.go': `package k

import (
	"runtime"
	"testing"
)

func TestGoexit(t *testing.T) {
	done := make(chan string)
	go func() {
		defer func() { done <- "deferred ran" }()
		defer func() { recover() }()
		runtime.Goexit()
		done <- "not reached"
	}()
	if got := <-done; got != "deferred ran" {
		t.Fatal(got)
	}
}
`,
    });
    const r = cli('check', d, '--threads', '1');
    expect(r.out).toMatch(/--- PASS: TestGoexit \(\d+ schedules?, complete/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'g_test.go'), 'utf8')).toMatch(/Goexit/);
  });
});
