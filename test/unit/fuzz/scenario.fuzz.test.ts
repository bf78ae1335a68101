/**
 * Fuzz: scenario files (src/frontends/scenario) and the commands a user runs on them, and
 * the schedule grammar (`v1:<seed>:<choices>`) decoded by the core and replayed by
 * `interleave replay`: random strings, grammatical strings with hostile sizes, and mutations
 * of schedules that real runs and checks printed. See harness.ts for the properties; a
 * counterexample worth keeping goes to regressions.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSchedule, encodeSchedule, scheduleShapeError } from '../../../src/core/index';
import { MAX_SCHEDULE_CHOICES } from '../../../src/core/engine/schedule';
import { cliOn, expectSoundOutcome, fuzzCase, FUZZ_SEED, FUZZ_TIMEOUT, runs, Tally } from './harness';
import { BILLION_LAUGHS, EXAMPLE_SCENARIOS, EXAMPLE_SIM_TS, mutatedScenario, schemaScenario } from './scenarioGen';

const FILE = 'fuzz/case.scenario.yaml';

/** Whole files at and past the format's limits. */
const HOSTILE_FILES: readonly string[] = [
  `${BILLION_LAUGHS}\nname: laughs\ntasks:\n  main: *i\n`,
  'name: n\ntasks:\n  main:\n    - go: w\n      count: 2000000\n  w: [yield]\n',
  'name: n\ntasks:\n  main:\n    - go: w\n      count: 1999999\n  w: []\n',
  'name: n\ntasks:\n  main:\n    - repeat: 10000000\n      do: [yield]\n',
  'name: n\ntasks:\n  main:\n    - repeat: 10000001\n      do: [yield]\n',
  `name: n\ntasks:\n  main:\n${Array.from({ length: 70 }, (_, d) => `${'  '.repeat(d + 2)}- repeat: 1\n${'  '.repeat(d + 2)}  do:`).join('\n')} [yield]\n`,
  'name: n\nmachine: { cores: 1024, smt: 8 }\nruntime: { kind: go, gomaxprocs: 1024 }\ntasks:\n  main:\n    - go: w\n      count: 200\n  w: [{ compute: 1ms }]\n',
  'name: n\ntasks:\n  main:\n    - compute: 99999999999999999999s\n    - sleep: 0ns\n    - io: 0.0000001ns\n',
  'name: n\nos: { policy: round-robin, quantum: 1ns }\ntasks:\n  main:\n    - compute: 1s\n',
  'name: n\nsync:\n  ch: { channel: 0 }\ntasks:\n  main:\n    - go: w\n    - sleep: 10s\n  w:\n    - select:\n        - recv: ch\n        - default:\n            - go: w\n              count: 1000\n',
  'name: n\ntasks:\n  main:\n    - go: tâche\n  tâche: []\n',
  `name: n\nvars:\n${Array.from({ length: 500 }, (_, i) => `  v${i}: ${i}`).join('\n')}\ntasks:\n  main:\n${Array.from({ length: 500 }, (_, i) => `    - v${i}.incr`).join('\n')}\n`,
  `name: ${'x'.repeat(1_000_000)}\ntasks:\n  main: []\n`,
  `name: n\ntasks:\n  main:\n    - print: "${'\\u0000\\u001b[2J'.repeat(50)}"\n`,
  'name: n\nseed: 99999999999999999999\ntasks:\n  main: []\n',
  'name: n\nseed: 4294967296\ntasks:\n  main: []\n',
  'name: n\nsweep:\n  machine.cores: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\ntasks:\n  main: []\n',
];

describe('fuzz: scenario files', () => {
  it('files at and past the limits (alias bombs, spawn bombs, deep nesting, huge values) end soundly', () => {
    HOSTILE_FILES.forEach((text, i) => fuzzCase(text, FILE, i));
  }, FUZZ_TIMEOUT);

  it('documents built from the schema, some with hostile values, end soundly in every command', () => {
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(schemaScenario, (text) => {
      tally.add(fuzzCase(text, FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(300) });
    // The generator must reach the runs, not only the parser's errors.
    expect(tally.counts.small).toBeGreaterThan(runs(60));
  }, FUZZ_TIMEOUT);

  it('mutated examples end soundly in every command', () => {
    const tally = new Tally();
    let i = 0;
    fc.assert(fc.property(mutatedScenario, (m) => {
      tally.add(fuzzCase(m.text, FILE, i++));
    }), { seed: FUZZ_SEED, numRuns: runs(200) });
    expect(tally.counts.small).toBeGreaterThan(runs(20));
  }, FUZZ_TIMEOUT);
});

const ALPHABET = [...'v1:0123456789abcdefxyz()*.', ' ', '\t', '\n', '-', 'V', 'Z', '(', ')', '*', '.', ':', 'é', '\u0000'];

/** Strings that follow the grammar, with sizes anywhere from empty to past the cap. */
const grammatical = fc.stringMatching(/^v1:[0-9a-z]{1,9}:(?:[0-9a-z]|\([0-9a-z]{1,14}\)|\*[0-9a-z]{1,3}\.){0,24}$/);
const noise = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 });

type Edit = { at: number; kind: 'insert' | 'delete' | 'replace' | 'truncate' | 'repeat' | 'seed' | 'pad'; char: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'replace', 'truncate', 'repeat', 'seed', 'pad') as fc.Arbitrary<Edit['kind']>,
  char: fc.constantFrom(...ALPHABET),
});

function applyEdit(s: string, e: Edit): string {
  const at = e.at % (s.length + 1);
  switch (e.kind) {
    case 'insert': return s.slice(0, at) + e.char + s.slice(at);
    case 'delete': return s.slice(0, at) + s.slice(at + 1);
    case 'replace': return s.slice(0, at) + e.char + s.slice(at + 1);
    case 'truncate': return s.slice(0, at);
    case 'repeat': return `${s}${['*zzzzzz.', '*5yc1r.', '*1.', '(zzzzzzzzzzzzzz)', '*0.'][e.at % 5]}`;
    case 'seed': return s.replace(/^v1:[0-9a-z]*:/, `v1:${['0', 'zzzzzzzzzzzzz', '', '-1', '1.5'][e.at % 5]}:`);
    default: return `${['  ', '\n', '\t'][e.at % 3]}${s}${['  ', '\n', ''][e.at % 3]}`;
  }
}

/** Decoding answers every string: choices within the cap, or an error naming the string. */
function expectDecodes(s: string): void {
  const problem = scheduleShapeError(s);
  let decoded: ReturnType<typeof decodeSchedule> | undefined;
  try {
    decoded = decodeSchedule(s);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toContain('is not a schedule string');
    expect(problem, `decodeSchedule refused ${JSON.stringify(s)}, which the grammar accepts`).toBeDefined();
    return;
  }
  expect(problem, `decodeSchedule took ${JSON.stringify(s)}, which the grammar refuses`).toBeUndefined();
  expect(Number.isInteger(decoded.seed) && decoded.seed >= 0).toBe(true);
  expect(decoded.choices.length).toBeLessThanOrEqual(MAX_SCHEDULE_CHOICES);
  for (const c of decoded.choices) if (!(Number.isInteger(c) && c >= 0)) throw new Error(`choice ${c} in ${JSON.stringify(s)}`);
}

/** Small programs and the schedules their runs and checks printed. */
interface Subject { file: string; text: string; schedules: { schedule: string; exact: boolean }[] }
const subjects: Subject[] = [];

beforeAll(() => {
  const pick = [
    ...EXAMPLE_SCENARIOS.filter((e) => /two-mutexes\.scenario|go-racy-count|forgotten-unlock|hello-channel\.scenario/.test(e.path)),
    ...EXAMPLE_SIM_TS.filter((e) => e.path.endsWith('two-mutexes.sim.ts')),
  ];
  for (const ex of pick) {
    const file = `fuzz/${ex.path.split('/').pop()}`;
    const files = new Map([[file, ex.text]]);
    const schedules: Subject['schedules'] = [];
    const check = cliOn(files, 'check', file, '--schedules', '20', '--format', 'json');
    for (const m of check.out.matchAll(/"schedule": "(v1:[^"]*)"/g)) schedules.push({ schedule: m[1], exact: false });
    const run = cliOn(files, 'run', file, '--json');
    for (const m of run.out.matchAll(/"schedule": "(v1:[^"]*)"/g)) schedules.push({ schedule: m[1], exact: true });
    subjects.push({ file, text: ex.text, schedules });
  }
  expect(subjects.every((s) => s.schedules.length > 0)).toBe(true);
}, FUZZ_TIMEOUT);

describe('fuzz: schedule strings', () => {
  it('decoding answers every string: within the cap, or an error that names it', () => {
    const real = fc.constantFrom(...subjects.flatMap((s) => s.schedules.map((x) => x.schedule)));
    const mutated = fc.tuple(real, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([s, edits]) => edits.reduce(applyEdit, s));
    fc.assert(fc.property(fc.oneof(grammatical, noise, mutated), expectDecodes), { seed: FUZZ_SEED, numRuns: runs(1500) });
  }, FUZZ_TIMEOUT);

  it('an encoded schedule decodes to the same seed and choices', () => {
    fc.assert(fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.array(fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 5000 })), { maxLength: 60 }), (seed, choices) => {
      expect(decodeSchedule(encodeSchedule(seed, choices))).toEqual({ seed, choices });
    }), { seed: FUZZ_SEED, numRuns: runs(500) });
  }, FUZZ_TIMEOUT);

  it('`interleave replay` answers every schedule soundly: replayed, or refused with the reason', () => {
    const subject = fc.constantFrom(...subjects);
    const schedule = fc.tuple(subject, fc.oneof(
      { weight: 3, arbitrary: fc.nat().chain((n) => fc.array(edit, { maxLength: 3 }).map((edits) => ({ n, edits }))) },
      { weight: 1, arbitrary: grammatical.map((g) => ({ n: -1, edits: [] as Edit[], g })) },
    )).map(([s, m]) => {
      const base = s.schedules[Math.max(0, m.n) % s.schedules.length];
      const text = 'g' in m ? m.g : m.edits.reduce(applyEdit, base.schedule);
      return { s, schedule: text, exact: base.exact && !('g' in m) };
    });
    fc.assert(fc.property(schedule, ({ s, schedule: text, exact }) => {
      const o = cliOn(new Map([[s.file, s.text]]), 'replay', s.file, '--schedule', text, ...(exact ? ['--exact'] : []));
      // A schedule that is not one, or does not fit the file, is the argument's fault: it
      // may name only the file.
      expectSoundOutcome(o, s.text, s.file, /is not a schedule string|schedule does not fit|needs --schedule/);
    }), { seed: FUZZ_SEED, numRuns: runs(80) });
  }, FUZZ_TIMEOUT);
});
