/**
 * `check --shard K/N` and `interleave merge` (README, "Past one machine"): 4 shards merged
 * give exactly the findings (by key) and the final states of one unsharded run, and say
 * complete; a missing part makes the merge incomplete; parts that do not fit are refused
 * (exit 2); `--shard` is checked.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingKey } from '../../../src/core/explore';
import { findingOf, type FindingJson } from '../../../src/cli/commands/merge';
import { programArb, toTypeScript } from '../explore/differentialGen';
import { cli, json, racers, ROOT } from './helpers';

let dir = '';
const path = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'interleave-shard-'));
  writeFileSync(path('three.scenario.yaml'), racers(3));
});

/**
 * Examples with races, deadlocks and misuse whose unsharded search completes in a second,
 * among them the two where unsharded dpor once said complete too early (a lock never
 * released; an unlock by a goroutine that did not take the lock): the shards, brute force
 * above their depth, found what it missed (examplesOracle.test.ts keeps both). ownership-go
 * also needed a related place's end in check's JSON: without it a part's race found in the
 * other orientation keyed differently.
 */
const EXAMPLES = [
  'examples/races/go-racy-count.scenario.yaml',
  'examples/deadlock/two-mutexes.scenario.yaml',
  'examples/deadlock/two-mutexes.sim.ts',
  'examples/mutexes/protected-counter.scenario.yaml',
  'examples/mutexes/read-write-lock.scenario.yaml',
  'examples/channels/hello-channel.scenario.yaml',
  'examples/waitgroup/two-tasks.scenario.yaml',
  'examples/mutexes/forgotten-unlock.scenario.yaml',
  'examples/mutexes/ownership-go.scenario.yaml',
];

/** The keys of a file's findings in check's JSON, as merge keys them. */
function keys(findings: readonly FindingJson[]): string[] {
  return [...new Set(findings.map((f) => findingKey(findingOf(f))))].sort();
}

/** Writes the N parts of `check FILE --shard K/N --format json` and returns their paths. */
let written = 0;

function parts(file: string, count: number, extra: readonly string[] = ['--exhaustive']): string[] {
  const paths: string[] = [];
  written++;
  for (let k = 1; k <= count; k++) {
    const r = cli('check', file, '--shard', `${k}/${count}`, '--format', 'json', ...extra);
    expect(r.code, r.err).toBeLessThan(2);
    const p = path(`part-${written}-${k}-of-${count}.json`);
    writeFileSync(p, r.out);
    paths.push(p);
  }
  return paths;
}

/** One unsharded exhaustive run: check's findings and complete, explore's final states (dpor). */
function unsharded(file: string) {
  const check = json(cli('check', file, '--exhaustive', '--format', 'json')).files[0];
  const explored = json(cli('explore', file, '--strategy', 'dpor', '--schedules', '1000000', '--json'));
  return {
    complete: check.complete as boolean,
    findings: keys(check.findings),
    finals: (explored.stats.outcomes as unknown[]).map((o) => JSON.stringify(o)).sort(),
  };
}

function expectSameAsUnsharded(file: string, extra?: readonly string[]): void {
  const want = unsharded(file);
  expect(want.complete, `${file}: the unsharded run is complete`).toBe(true);
  const merged = cli('merge', ...parts(file, 4, extra), '--format', 'json');
  expect(merged.code, merged.err).toBe(want.findings.length > 0 ? 1 : 0);
  const got = json(merged).files[0];
  expect(got.complete, `${file}: merged complete`).toBe(true);
  expect(got.shards).toEqual({ count: 4, merged: [1, 2, 3, 4], missing: [] });
  expect(keys(got.findings), `${file}: findings`).toEqual(want.findings);
  expect((got.outcomes as unknown[]).map((o) => JSON.stringify(o)).sort(), `${file}: final states`).toEqual(want.finals);
}

describe('4 shards merged are one unsharded run', () => {
  for (const example of EXAMPLES) {
    it(example, () => expectSameAsUnsharded(join(ROOT, example)));
  }

  it('with the portfolio (pct and random on shard seeds) too', () => {
    expectSameAsUnsharded(path('three.scenario.yaml'), ['--threads', '1', '--time', '60']);
    expectSameAsUnsharded(join(ROOT, 'examples/deadlock/two-mutexes.sim.ts'), ['--threads', '1', '--time', '60']);
  });

  it('on random programs of the differential generator (.sim.ts)', () => {
    let n = 0;
    fc.assert(
      fc.property(programArb, (p) => {
        const file = path(`gen-${n++}.sim.ts`);
        writeFileSync(file, toTypeScript(p, 'go'));
        expectSameAsUnsharded(file);
      }),
      { seed: 20260524, numRuns: 8, endOnFailure: true },
    );
  }, 300_000);
});

describe('what a part says', () => {
  it('its shard, the program hash, the prefixes it took, its final states and each finding\'s cost', () => {
    const file = path('three.scenario.yaml');
    const files = [1, 2, 3, 4].map((k) => json(cli('check', file, '--exhaustive', '--shard', `${k}/4`, '--format', 'json')).files[0]);
    const all: number[] = [];
    for (const [i, f] of files.entries()) {
      expect(f.shard.index).toBe(i + 1);
      expect(f.shard.count).toBe(4);
      expect(f.shard.program).toMatch(/^[0-9a-f]{64}$/);
      expect(f.shard.program).toBe(files[0].shard.program);
      expect(f.shard.prefixes).toBeGreaterThanOrEqual(16);
      expect(f.shard.taken.every((t: number) => (t - 1) % 4 === i)).toBe(true);
      expect(f.complete).toBe(true);
      all.push(...f.shard.taken);
      for (const finding of f.findings) expect(finding.cost.preemptions).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(f.outcomes)).toBe(true);
    }
    expect(all.sort((a, b) => a - b)).toEqual([...Array(files[0].shard.prefixes).keys()].map((k) => k + 1));
    const text = cli('check', file, '--exhaustive', '--shard', '2/4');
    expect(text.out).toMatch(/three\.scenario\.yaml: shard 2 of 4 \(prefixes 2, 6, 10, 14.* of \d+ at depth \d+\): \d+ schedules? explored, complete/);
  });
});

describe('merge refuses parts that do not fit, and says when one is missing', () => {
  it('a missing shard: not complete, and says which', () => {
    const [a, b, , d] = parts(path('three.scenario.yaml'), 4);
    const r = cli('merge', a, b, d, '--format', 'json');
    expect(r.code).toBe(1);
    const f = json(r).files[0];
    expect(f.complete).toBe(false);
    expect(f.shards.missing).toEqual([3]);
    expect(f.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/part 3 of 4 missing/);
    const text = cli('merge', a, b, d);
    expect(text.out).toMatch(/3 of 4 shards: \d+ schedules explored, not complete/);
  });

  it('parts of different contents: exit 2, naming both files', () => {
    const file = path('changing.scenario.yaml');
    writeFileSync(file, racers(2));
    const [a] = parts(file, 2);
    writeFileSync(file, racers(2, 3));
    const [, b] = parts(file, 2);
    const r = cli('merge', a, b);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(a);
    expect(r.err).toContain(b);
    expect(r.err).toMatch(/different contents of .*changing\.scenario\.yaml/);
  });

  it('different N, the same part twice, a file that is not a part: exit 2', () => {
    const file = path('three.scenario.yaml');
    const [a] = parts(file, 2);
    const [, b] = parts(file, 3);
    expect(cli('merge', a, b).err).toMatch(/part 1 of 2 but .* is part 2 of 3/);
    const twice = cli('merge', a, a);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/both part 1 of 2/);
    const plain = path('plain.json');
    writeFileSync(plain, cli('check', file, '--exhaustive', '--format', 'json').out);
    const r = cli('merge', plain);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/plain\.json is not a part of a sharded check/);
    expect(cli('merge', path('nowhere.json')).code).toBe(2);
    expect(cli('merge').code).toBe(2);
  });

  it('SARIF and text, as check prints them', () => {
    const ps = parts(path('three.scenario.yaml'), 4);
    const sarif = JSON.parse(cli('merge', ...ps, '--format', 'sarif').out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(cli('merge', ...ps).out).toMatch(/4 of 4 shards: \d+ schedules explored, complete, \d+ findings?/);
  });
});

describe('--shard K/N is checked', () => {
  for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/-2', '1.5/4', '']) {
    it(`"${bad}"`, () => {
      const r = cli('check', path('three.scenario.yaml'), '--shard', bad);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--shard needs K\/N/);
    });
  }
  it('not with --stateful', () => {
    const r = cli('check', path('three.scenario.yaml'), '--shard', '1/2', '--stateful');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--stateful does not combine with --shard/);
  });
  it('1/1 is the whole search, complete', () => {
    const f = json(cli('check', path('three.scenario.yaml'), '--exhaustive', '--shard', '1/1', '--format', 'json')).files[0];
    expect(f.complete).toBe(true);
    expect(f.shard.taken).toEqual([1]);
  });
});
