/**
 * The Go beyond the basics (interfaces, type switches, methods on named non-struct types,
 * embedding, variadic calls, panic/recover, labels, fallthrough, anonymous structs, the
 * simulated clock), a package folder with its go.mod, and the machine runtime.NumCPU reads:
 * what a program prints is what `go run` prints (programs/*.out were written by `go run`,
 * and are checked against it again when Go is installed), and what check finds is what
 * `go run -race` would.
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
import type { RunResult } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { checkFile } from '../../../src/service/index';

const FILE = '/w/prog/main.go';
const PROGRAMS = join(__dirname, 'programs');
const goInstalled = spawnSync('go', ['version']).status === 0;

function runGo(text: string, file = FILE, set: Record<string, unknown> = {}): RunResult {
  const r = compileSource(text, file);
  expect(r.errors).toEqual([]);
  return simulate(r.program!, { mode: 'timed', seed: 1, set });
}

function printed(text: string, file = FILE): string[] {
  const r = runGo(text, file);
  expect(r.error).toBeUndefined();
  return r.log.map((l) => l.text);
}

async function races(text: string): Promise<string[]> {
  const r = await checkFile({ file: FILE, text, schedules: 400 });
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.kind === 'data-race').map((f) => f.message);
}

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, readFile: nodeIo().readFile, writeFile: () => undefined };
  const code = cliMain(argv, io);
  return { code, out, err };
}

describe('Go beyond the basics, as go run prints it', () => {
  const source = join(PROGRAMS, 'language.go');
  const expected = readFileSync(join(PROGRAMS, 'language.out'), 'utf8').trimEnd().split('\n');

  it('interfaces, type switches, named non-struct types, embedding, variadic calls, recover, labels, fallthrough, anonymous structs', () => {
    expect(printed(readFileSync(source, 'utf8'), source)).toEqual(expected);
  });

  it.runIf(goInstalled)('language.out is what the installed Go prints', () => {
    const real = spawnSync('go', ['run', source], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'off' } });
    expect(real.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('a panic nobody recovers still ends the program, with Go\'s message; recover in a deferred call of another function does not stop it', () => {
    const r = runGo(`package main

import "fmt"

func inner() {
	defer fmt.Println("inner deferred")
	panic("boom")
}

func main() {
	defer fmt.Println("main deferred")
	inner()
	fmt.Println("not reached")
}
`);
    expect(r.log.map((l) => l.text)).toEqual(['inner deferred', 'main deferred']);
    expect(r.error).toMatch(/main\.go:7:2: panic: boom/);
  });

  it('the simulated clock: time.Now, time.Since, Time.Sub read the run\'s time', () => {
    expect(printed(`package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(30 * time.Millisecond)
	mid := time.Now()
	<-time.After(5 * time.Millisecond)
	fmt.Println(mid.Sub(start).Round(time.Millisecond), time.Since(mid).Round(time.Millisecond), time.Since(start) > 35*time.Millisecond, mid.After(start))
}
`)).toEqual(['30ms 5ms true true']);
  });
});

describe('races through the new constructs', () => {
  it('two goroutines assigning an interface variable race on it (mop_test.go TestRaceIfaceWW)', async () => {
    const found = await races(`package main

type Writer interface{ Write(p []byte) int }

type DummyWriter struct{ state int }

func (d DummyWriter) Write(p []byte) int { return 0 }

func main() {
	var a Writer
	ch := make(chan bool, 1)
	go func() {
		a = DummyWriter{1}
		ch <- true
	}()
	a = DummyWriter{2}
	<-ch
}
`);
    expect(found.some((m) => m.includes('`a`'))).toBe(true);
  });

  it('a call through an interface variable reads it: a race with a goroutine that reassigns it (mop_test.go TestRaceInterCall)', async () => {
    const found = await races(`package main

type Inter interface{ Foo(x int) }

type InterImpl struct{ x, y int }

func (p InterImpl) Foo(x int) {}

func main() {
	c := make(chan bool, 1)
	var x Inter = InterImpl{}
	go func() {
		x = InterImpl{}
		c <- true
	}()
	x.Foo(0)
	<-c
}
`);
    expect(found.some((m) => m.includes('`x`'))).toBe(true);
  });

  it('f(xs...) passes the caller\'s slice: the callee\'s write races with the caller\'s read; f(1, 2) gets a new one', async () => {
    const program = (call: string) => `package main

func set(xs ...int) { xs[0] = 9 }

func main() {
	s := []int{1, 2}
	done := make(chan bool)
	go func() {
		set(${call})
		done <- true
	}()
	_ = s[0]
	<-done
}
`;
    expect((await races(program('s...'))).length).toBeGreaterThan(0);
    expect(await races(program('1, 2'))).toEqual([]);
  });

  it('a field promoted from an embedded struct is the same variable as the embedded one\'s', async () => {
    expect((await races(`package main

type Base struct{ n int }

type Derived struct {
	Base
	name string
}

func main() {
	d := &Derived{}
	done := make(chan bool)
	go func() {
		d.n++
		done <- true
	}()
	_ = d.Base.n
	<-done
}
`)).some((m) => m.includes('n'))).toBe(true);
  });
});

describe('a folder is one Go package, with its go.mod', () => {
  const pkg = (goLine: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-gopkg-'));
    writeFileSync(join(dir, 'go.mod'), `module example.com/p\n\ngo ${goLine}\n`);
    writeFileSync(join(dir, 'main.go'), `package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	seen := map[int]int{}
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			record(&mu, seen, i)
		}()
	}
	wg.Wait()
	fmt.Println(len(seen), total(seen))
}
`);
    writeFileSync(join(dir, 'helpers.go'), `package main

import "sync"

func record(mu *sync.Mutex, seen map[int]int, i int) {
	mu.Lock()
	defer mu.Unlock()
	seen[i]++
}

func total(m map[int]int) int {
	t := 0
	for k := range m {
		t += k
	}
	return t
}
`);
    writeFileSync(join(dir, 'helpers_test.go'), 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n');
    return dir;
  };

  it('go 1.22: every goroutine started in the loop sees its own i (run DIR takes every .go file but the tests)', () => {
    const r = cli('run', pkg('1.22'));
    expect(r.err).toBe('');
    expect(r.out).toMatch(/G1\s+3 3\n/);
  });

  it('go 1.21: one i for the whole loop, as the go command of that version compiles it, and check finds its race', () => {
    const dir = pkg('1.21');
    // Some goroutines read i after the loop ended (3), the first may run while a fresh G is
    // created (runtime.malg): never one value each, as with 1.22.
    const out = cli('run', dir).out;
    expect(out).toMatch(/G1\s+[12] \d\n/);
    expect(out).not.toMatch(/G1\s+3 3\n/);
    const checked = cli('check', dir, '--schedules', '300', '--threads', '1');
    expect(checked.code).toBe(1);
    expect(checked.out + checked.err).toMatch(/main\.go:16:\d+: warning: data-race: Data race on `i`/);
  });

  it('an error in a package is reported in its own file, at its own line', () => {
    const dir = pkg('1.22');
    writeFileSync(join(dir, 'helpers.go'), 'package main\n\nfunc record() {\n\tgoto x\n}\n');
    const r = cli('check', dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${join(dir, 'helpers.go')}:4:2: error: \`goto\` is not supported yet`);
    expect(r.out).toContain(`${join(dir, 'main.go')}:20:25: error: undefined: total`);
  });
});

describe('runtime.NumCPU and GOMAXPROCS follow the run\'s machine', () => {
  const text = `package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println(runtime.NumCPU(), runtime.GOMAXPROCS(0))
}
`;

  it('the default machine, and the one --set gives', () => {
    expect(runGo(text).log.map((l) => l.text)).toEqual(['4 4']);
    expect(runGo(text, FILE, { 'machine.cores': 2 }).log.map((l) => l.text)).toEqual(['2 2']);
    expect(runGo(text, FILE, { 'machine.cores': 8, 'runtime.gomaxprocs': 3 }).log.map((l) => l.text)).toEqual(['8 3']);
  });
});
