/**
 * Every program in examples/go/ runs as written through the front-end table, and its result
 * matches its scenario twin (the `// Scenario:` line at its top) run on the same machine:
 * the same lines printed, at the same times, the same makespan, the same findings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { Program, RunResult } from '../../../src/core/index';
import { compileSource } from '../../../src/frontends/index';
import { checkFile } from '../../../src/service/index';

function load(file: string): Program {
  const r = compileSource(readFileSync(file, 'utf8'), file);
  expect(r.errors).toEqual([]);
  return r.program!;
}

function twinOf(goFile: string): string {
  const m = /^\/\/ Scenario: (\S+)/m.exec(readFileSync(goFile, 'utf8'));
  expect(m).not.toBeNull();
  return m![1];
}

function run(program: Program, set: Record<string, unknown>, seed = 1): RunResult {
  return simulate(program, { mode: 'timed', seed, set });
}

const ms = (ns: number): number => ns / 1e6;

/** Both runs, on the twin's machine settings (a `.go` file has none of its own). */
function pair(name: string, set: Record<string, unknown>): { go: RunResult; twin: RunResult } {
  const goFile = `examples/go/${name}/main.go`;
  const go = run(load(goFile), set);
  const twin = run(load(twinOf(goFile)), set);
  expect(go.stopped, go.error).toBe('finished');
  expect(twin.stopped, twin.error).toBe('finished');
  return { go, twin };
}

describe('examples/go against their scenario twins', () => {
  it('hello-channel: the message arrives over the unbuffered channel', () => {
    const { go, twin } = pair('hello-channel', { 'machine.cores': 2 });
    expect(go.log.map((l) => l.text)).toEqual(['main heard: backup finished']);
    expect(twin.log.map((l) => l.text)).toEqual(['main heard: backup finished']);
    expect(go.findings).toEqual([]);
  });

  it('channel-sum: main adds up two 1s, and nothing races', async () => {
    const { go, twin } = pair('channel-sum', { 'machine.cores': 2 });
    expect(go.log.map((l) => l.text)).toEqual(['ballots: 2']);
    expect(twin.finals.total).toBe(2);
    const file = 'examples/go/channel-sum/main.go';
    const checked = await checkFile({ file, text: readFileSync(file, 'utf8'), schedules: 500 });
    expect(checked.errors).toEqual([]);
    expect(checked.findings).toEqual([]);
  });

  it('waitgroup: both goroutines report before "photo ready"', () => {
    const { go, twin } = pair('waitgroup', { 'machine.cores': 2 });
    for (const r of [go, twin]) {
      expect(r.log.map((l) => l.text).sort()).toEqual(['photo ready', 'preview rendered', 'thumbnail rendered']);
      expect(r.log[r.log.length - 1].text).toBe('photo ready');
    }
  });

  it('racy-count: check finds the data race on visitors++, at its line, as it does in the twin', async () => {
    for (const file of ['examples/go/racy-count/main.go', twinOf('examples/go/racy-count/main.go')]) {
      const checked = await checkFile({ file, text: readFileSync(file, 'utf8'), schedules: 500 });
      expect(checked.errors).toEqual([]);
      expect(checked.findings.map((f) => f.kind)).toContain('data-race');
    }
    const file = 'examples/go/racy-count/main.go';
    const text = readFileSync(file, 'utf8');
    const race = (await checkFile({ file, text, schedules: 500 })).findings.find((f) => f.kind === 'data-race')!;
    expect(race.message).toContain('`visitors`');
    expect(text.split('\n')[race.at.line - 1]).toMatch(/^\s*visitors\+\+/);
  });

  for (const [name, stepMs, mainMs, steps] of [['steps-interleave', 500, 3000, 3], ['io-interleave', 200, 2000, 5]] as const) {
    it(`${name}: both goroutines print their k-th line at (k-1)·${stepMs} ms on one P, and main ends at ${mainMs} ms`, () => {
      const { go, twin } = pair(name, { 'machine.cores': 1, 'runtime.gomaxprocs': 1 });
      expect(ms(go.makespan_ns)).toBeCloseTo(ms(twin.makespan_ns), 0);
      // (A little after: each sleep that ends with every P idle waits for epoll_wait's
      // millisecond timeout and its timer slack, netpoll_epoll.go: netpoll.)
      expect(ms(go.makespan_ns) - mainMs).toBeGreaterThanOrEqual(0);
      expect(ms(go.makespan_ns) - mainMs).toBeLessThan(1.5);
      const lines = (r: RunResult): string[] => r.log.map((l) => `${l.text.slice(0, 6)}@${Math.round(ms(l.ns))}`).sort();
      expect(lines(go)).toEqual(lines(twin));
      expect(go.log).toHaveLength(2 * steps);
    });
  }

  for (const procs of [1, 2]) {
    it(`heavy-work at GOMAXPROCS ${procs}: each billion-iteration loop finishes when the twin's 1250 ms compute does`, () => {
      const { go, twin } = pair('heavy-work', { 'machine.cores': 2, 'runtime.gomaxprocs': procs });
      const done = (r: RunResult): number[] => r.log.filter((l) => /^worker( \d+)? finished/.test(l.text)).map((l) => ms(l.ns)).sort((a, b) => a - b);
      expect(done(go)).toHaveLength(2);
      done(go).forEach((t, i) => expect(Math.abs(t - done(twin)[i])).toBeLessThan(procs === 1 ? 15 : 1));
      expect(done(go)[1]).toBeCloseTo(procs === 1 ? 2500 : 1250, -1.5);
      expect(ms(go.makespan_ns)).toBeCloseTo(ms(twin.makespan_ns), 0);
      // The sum is Go's exact int64, not a float approximation.
      expect(go.log.find((l) => l.text.startsWith('worker'))!.text).toContain('sum 499999999500000000');
    });

    it(`parallel-cpu at GOMAXPROCS ${procs}: the makespan is the twin's (${procs === 1 ? 500 : 250} ms)`, () => {
      const { go, twin } = pair('parallel-cpu', { 'machine.cores': 2, 'runtime.gomaxprocs': procs });
      expect(Math.abs(ms(go.makespan_ns) - ms(twin.makespan_ns))).toBeLessThan(procs === 1 ? 15 : 1);
      expect(go.log.filter((l) => l.text.startsWith('part')).map((l) => l.text).sort()).toEqual(['part 1 total 19999999900000000', 'part 2 total 19999999900000000']);
    });
  }

  it('heavy-work fixes GOMAXPROCS at 2 from its runtime.GOMAXPROCS(2) call', () => {
    expect(load('examples/go/heavy-work/main.go').config.runtime?.gomaxprocs).toBe(2);
  });

  it('lock-thread: main locks its thread, prints, and unlocks', () => {
    const r = run(load('examples/go/lock-thread/main.go'), { 'machine.cores': 2 });
    expect(r.stopped).toBe('finished');
    expect(r.log.map((l) => l.text)).toEqual(['this goroutine now runs only on the OS thread it is locked to']);
    expect(r.findings).toEqual([]);
  });
});
