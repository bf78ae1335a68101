/**
 * Package context in the Go front end (context.ts, after context/context.go of Go 1.19):
 * what a program using it prints is what `go run` prints; what `check` finds follows from
 * cancel being a lock, a write and a close (happens-before through Done, Err consistent with
 * Done, a deadline that may pass at any point of the untimed search).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { checkFile } from '../../../src/service/index';

const FILE = '/w/prog/main.go';
const PROGRAM = join(__dirname, 'programs', 'context', 'main.go');
const goInstalled = spawnSync('go', ['version']).status === 0;

async function findings(text: string, file = FILE): Promise<{ kind: string; line: number; message: string }[]> {
  const r = await checkFile({ file, text, schedules: 2000 });
  expect(r.errors).toEqual([]);
  expect(r.complete).toBe(true);
  return r.findings.map((f) => ({ kind: f.kind, line: f.at?.line ?? 0, message: f.message }));
}

describe('package context, as go run prints it', () => {
  const expected = readFileSync(join(__dirname, 'programs', 'context', 'main.out'), 'utf8').trimEnd().split('\n');

  it('Background and TODO, WithCancel (idempotent, children cancelled with the parent, not the other way), WithTimeout, WithDeadline, WithValue, Err and Deadline', () => {
    const r = compileSource(readFileSync(PROGRAM, 'utf8'), PROGRAM);
    expect(r.errors).toEqual([]);
    const run = simulate(r.program!, { mode: 'timed', seed: 1 });
    expect(run.error).toBeUndefined();
    expect(run.log.map((l) => l.text)).toEqual(expected);
  });

  it.runIf(goInstalled)('main.out is what the installed Go prints', () => {
    const real = spawnSync('go', ['run', PROGRAM], { encoding: 'utf8', env: { ...process.env, GO111MODULE: 'off' } });
    expect(real.stdout.trimEnd().split('\n')).toEqual(expected);
  });
});

describe('package context under check', () => {
  it('cancel happens before a receive from Done that it unblocks: no race on what was written before cancel; a write after cancel races', async () => {
    const prog = (after: boolean): string => `package main

import (
	"context"
	"fmt"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	reason := ""
	done := make(chan bool)
	go func() {
		<-ctx.Done()
		fmt.Println(reason, ctx.Err())
		done <- true
	}()
	${after ? 'cancel()\n\treason = "shutdown"' : 'reason = "shutdown"\n\tcancel()'}
	<-done
}
`;
    expect(await findings(prog(false))).toEqual([]);
    const racy = await findings(prog(true));
    expect(racy.map((f) => f.kind)).toEqual(['data-race']);
    expect(racy[0].message).toMatch(/reason/);
  });

  it('whoever sees Done closed sees Err set, on every schedule; cancel twice from two goroutines is no misuse', async () => {
    expect(await findings(`package main

import "context"

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	child, stop := context.WithCancel(ctx)
	defer stop()
	go cancel()
	go cancel()
	<-child.Done()
	if child.Err() != context.Canceled || ctx.Err() != context.Canceled {
		panic("Done closed but Err not Canceled")
	}
}
`)).toEqual([]);
  });

  it('a deadline may pass at any point of the search: the schedule where it beats the result is found', async () => {
    const f = await findings(`package main

import (
	"context"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	result := make(chan int, 1)
	go func() { result <- 42 }()
	select {
	case <-result:
	case <-ctx.Done():
		panic(ctx.Err())
	}
}
`);
    expect(f.map((x) => [x.kind, x.line])).toEqual([['assertion', 16]]);
    expect(f[0].message).toMatch(/context deadline exceeded/);
  });

  it('a goroutine waiting on a context nobody cancels is a leak; the same with defer cancel() is not', async () => {
    const prog = (cancelled: boolean): string => `package main

import "context"

func watch(ctx context.Context, ready chan<- bool) {
	ready <- true
	<-ctx.Done()
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	${cancelled ? 'defer cancel()' : '_ = cancel'}
	ready := make(chan bool)
	go watch(ctx, ready)
	<-ready
}
`;
    const leak = await findings(prog(false));
    expect(leak.map((x) => [x.kind, x.line])).toEqual([['leak', 7]]);
    expect(leak[0].message).toMatch(/cancelCtx\.done/);
    expect(await findings(prog(true))).toEqual([]);
  });

  it('what the subset lacks of context is an error at its line, never skipped', () => {
    const r = compileSource(`package main

import "context"

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	stop := context.AfterFunc(ctx, func() {})
	stop()
}
`, FILE);
    expect(r.errors.map((e) => `${e.at?.line}: ${e.message}`)).toEqual([
      '6: context.WithCancelCause is not supported yet',
      '8: context.AfterFunc is not supported yet',
    ]);
  });
});
