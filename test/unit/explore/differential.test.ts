/**
 * The guarantee, tested (issue 21): on small random programs, every strategy that says
 * "complete" reaches exactly what the naive enumerator of every interleaving reaches.
 *
 * fast-check generates programs from one abstract model (differentialGen.ts), renders
 * each to a `.sim.ts` and, when it uses only what scenarios can say, to a
 * `.scenario.yaml`, for each runtime (go, threads, python). Each compiled program is
 * explored by `enumerateAll`-style brute force (no reduction, race detector attached)
 * and by each complete strategy (dpor); both must finish, the strategy must claim
 * `complete`, and the sets must be equal:
 * - distinct final states (the source-named shared variables),
 * - findings by `findingKey` (findingBook.ts): assertion failures (kind + location),
 *   deadlocks (location), data races (the two source positions), misuse, livelock.
 * Lock-order findings come from explore's graph over all schedules, not from one run,
 * so they are not compared. For programs in the scenario subset, the two front ends
 * must also agree on the final states of the variables both report and on whether a
 * deadlock is reachable.
 *
 * Skipped combinations: a program that uses a condition variable, an assertion, a copy
 * between variables or a receive into a variable has no scenario form (scenarios have
 * no conditions, loops over values or assertions). Every construct exists in every
 * runtime (channels and semaphores are modelled for threads and python too).
 *
 * Runs: `INTERLEAVE_DIFF_RUNS` (default 20 programs per runtime: the TypeScript sandbox costs milliseconds per schedule) and
 * `INTERLEAVE_DIFF_SEED` (default fixed) for a long soak.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { forEachInterleaving } from './bruteForce';
import { explore, findingKey } from '../../../src/core/explore';
import type { Finding } from '../../../src/core/findings';
import type { Program, TaskId } from '../../../src/core/program';
import { jsonValue } from '../../../src/core/valueText';
import { parseScenario } from '../../../src/frontends/scenario';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { hasTypeScriptForm, programArb, syncHeavyProgramArb, timedProgramArb, toCoreProgram, toScenario, toTypeScript, type AOp, type AProgram, type Runtime, type TsShape } from './differentialGen';

const RUNS = Number(process.env.INTERLEAVE_DIFF_RUNS ?? 20);
/** Programs per runtime given to the core directly (`INTERLEAVE_DIFF_CORE_RUNS`). */
const CORE_RUNS = Number(process.env.INTERLEAVE_DIFF_CORE_RUNS ?? 1000);
/** Programs with timed waits per runtime (`INTERLEAVE_DIFF_TIMED_RUNS`). */
const TIMED_RUNS = Number(process.env.INTERLEAVE_DIFF_TIMED_RUNS ?? 300);
const SEED = Number(process.env.INTERLEAVE_DIFF_SEED ?? 20261206);
const RUNTIMES: readonly Runtime[] = ['go', 'threads', 'python'];
/** A program with more interleavings than this is skipped (counted; must stay rare). */
const ENUM_LIMIT = 3_000;

/**
 * Strategies that can claim completeness: dpor, the portfolio (complete when its dpor
 * finishes), and stateful search (dpor with `stateful`: visited states explored once,
 * stateful.ts; stateless dpor where the state cannot be observed, counted below).
 */
const COMPLETE_STRATEGIES = ['dpor', 'portfolio', 'stateful'] as const;
/** How the stateful runs went: stateful, or fell back to dpor (must stay rare). */
const statefulRuns = { stateful: 0, fellBack: 0, pruned: 0 };

interface Summary {
  finals: string[];
  findings: string[];
}

const COMPARED = (f: Finding) => f.kind !== 'lock-order' && f.kind !== 'expectation';

/** Every interleaving (bruteForce.ts), with the race detector on each run. */
function bruteForce(program: Program): Summary | 'too-many' {
  const finals = new Set<string>();
  const findings = new Set<string>();
  let n = 0;
  const all = forEachInterleaving(program, ENUM_LIMIT, (result, detector) => {
    n++;
    const label = (t: TaskId): string => result.tasks[t]?.id ?? `T${t + 1}`;
    if (result.stopped === 'finished') finals.add(JSON.stringify(jsonValue(result.finals)));
    else if (result.stopped !== 'deadlock' && result.findings.length === 0) {
      throw new Error(`an interleaving stopped (${result.stopped}) with no finding: ${result.error ?? ''}`);
    }
    for (const f of [...result.findings, ...detector!.findings(label, result.schedule)]) if (COMPARED(f)) findings.add(findingKey(f));
  }, true);
  if (!all) return 'too-many';
  if (process.env.INTERLEAVE_DIFF_TRACE) console.log('interleavings', n, program.name ?? '');
  return { finals: [...finals].sort(), findings: [...findings].sort() };
}

function byStrategy(program: Program, strategy: (typeof COMPLETE_STRATEGIES)[number]): Summary & { complete: boolean; why: string } {
  const r = strategy === 'stateful'
    ? explore(program, { strategy: 'dpor', stateful: true, maxSchedules: ENUM_LIMIT, minimise: false })
    : explore(program, { strategy, maxSchedules: ENUM_LIMIT, minimise: false });
  if (strategy === 'stateful') {
    if (r.stats.search === 'stateful') statefulRuns.stateful++;
    else statefulRuns.fellBack++;
    if (r.stats.redundant > 0) statefulRuns.pruned++;
  }
  return {
    complete: r.complete,
    why: `${r.stats.stoppedBy} ${r.stats.errors.join('; ')}`,
    finals: [...r.stats.outcomes],
    findings: [...new Set(r.findings.filter(COMPARED).map(findingKey))].sort(),
  };
}

function compileTs(p: AProgram, runtime: Runtime, shape: TsShape = 'lets'): Program {
  const text = toTypeScript(p, runtime, shape);
  const r = compileTypeScript(text, 'diff.sim.ts');
  if (!r.program) throw new Error(`TypeScript did not compile:\n${r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`).join('\n')}\n${text}`);
  return r.program;
}

function compileScenario(p: AProgram, runtime: Runtime): Program | undefined {
  const text = toScenario(p, runtime);
  if (text === undefined) return undefined;
  const r = parseScenario(text, 'diff.scenario.yaml');
  if (!r.program) throw new Error(`scenario did not parse:\n${r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`).join('\n')}\n${text}`);
  return r.program;
}

/** Final states projected on the variables named in `keep`. */
function project(finals: readonly string[], keep: readonly string[]): string[] {
  return [...new Set(finals.map((s) => { const o = JSON.parse(s) as Record<string, unknown>; return JSON.stringify(keep.map((k) => o[k])); }))].sort();
}

/** `skippedBoxed`: container forms too large for brute force (their first touches add steps), counted apart. */
const stats = { programs: 0, scenario: 0, skippedLarge: 0, skippedBoxed: 0 };

/**
 * Brute force, then each complete strategy: it must claim complete and reach the same
 * final states and findings. Undefined (counted) when the program has too many interleavings.
 */
function compareStrategies(program: Program, where: string, boxed = false): Summary | undefined {
  const want = bruteForce(program);
  if (want === 'too-many') { stats[boxed ? 'skippedBoxed' : 'skippedLarge']++; return undefined; }
  for (const s of COMPLETE_STRATEGIES) {
    const got = byStrategy(program, s);
    const label = `${where}/${s}`;
    expect(got.complete, `${label} did not claim complete: ${got.why}`).toBe(true);
    expect(got.finals, `${label}: final states`).toEqual(want.finals);
    expect(got.findings, `${label}: findings`).toEqual(want.findings);
  }
  return want;
}

/** Checks one abstract program on one runtime; throws (with both sources) on a difference. */
function checkProgram(p: AProgram, runtime: Runtime): void {
  const shape = containerShape(p);
  const forms: [string, Program | undefined][] = [
    ['typescript', compileTs(p, runtime)], [`typescript-${shape}`, compileTs(p, runtime, shape)], ['scenario', compileScenario(p, runtime)],
  ];
  const seen: Record<string, Summary> = {};
  for (const [front, program] of forms) {
    if (!program) continue;
    const want = compareStrategies(program, `${front}/${runtime}`, front === `typescript-${shape}`);
    if (!want) continue;
    seen[front] = want;
    if (front === 'scenario') stats.scenario++;
  }
  stats.programs++;
  const { typescript: ts, scenario: sc } = seen;
  if (ts && sc) {
    const names = (fs: string[]) => new Set(fs.flatMap((f) => Object.keys(JSON.parse(f) as object)));
    const tsNames = names(ts.finals);
    const common = [...names(sc.finals)].filter((n) => tsNames.has(n)).sort();
    expect(project(ts.finals, common), `front ends disagree on final states of ${common.join(',')}`).toEqual(project(sc.finals, common));
    const deadlocks = (s: Summary) => s.findings.some((k) => k.startsWith('deadlock|'));
    expect(deadlocks(ts), 'front ends disagree on deadlock').toBe(deadlocks(sc));
  }
  const box = seen[`typescript-${shape}`];
  if (ts && box) {
    // `s.x` and `v[0]` are `x`: the same program, its variables kept elsewhere.
    // An element no step touched has no cell, so it is not among the finals: it still holds its 0.
    const unboxed = box.finals.map((f) => JSON.stringify(Object.fromEntries([...p.vars.map((v) => [v, 0]), ...Object.entries(JSON.parse(f) as Record<string, unknown>)
      .map(([k, val]) => [k.replace(/^s\./, '').replace(/^v\[(\d)\]$/, (_, i: string) => p.vars[Number(i)]), val])])));
    const named = new Set(ts.finals.flatMap((f) => Object.keys(JSON.parse(f) as object)));
    const common = p.vars.filter((v) => named.has(v));
    expect(project(unboxed, common), `variables in ${shape === 'object' ? 'an object' : 'an array'}: final states`).toEqual(project(ts.finals, common));
    expect(box.findings.length > 0, 'variables in a container: findings or none').toBe(ts.findings.length > 0);
  }
}

/** Every program is also checked with its variables in a shared object or array (cells made on first touch), alternately. */
function containerShape(p: AProgram): TsShape {
  return JSON.stringify(p).length % 2 === 0 ? 'object' : 'array';
}

function describeProgram(p: AProgram, runtime: Runtime): string {
  if (!hasTypeScriptForm(p)) return `--- abstract program (core only: timed waits) ---\n${JSON.stringify(p)}`;
  return `--- sim.ts ---\n${toTypeScript(p, runtime)}\n--- sim.ts, variables in ${containerShape(p) === 'object' ? 'an object' : 'an array'} ---\n${toTypeScript(p, runtime, containerShape(p))}\n--- scenario ---\n${toScenario(p, runtime) ?? '(no scenario form)'}`;
}

describe('differential: complete strategies reach what every interleaving reaches', () => {
  for (const runtime of RUNTIMES) {
    it(`random programs, ${runtime}`, () => {
      fc.assert(
        fc.property(programArb, (p) => {
          try {
            checkProgram(p, runtime);
          } catch (e) {
            throw new Error(`${(e as Error).message}\n${describeProgram(p, runtime)}`, { cause: e });
          }
        }),
        { seed: SEED + RUNTIMES.indexOf(runtime), numRuns: RUNS, endOnFailure: false },
      );
      // Most programs must actually be compared, not skipped as too large.
      expect(stats.skippedLarge).toBeLessThan(Math.max(3, stats.programs / 10));
      expect(stats.skippedBoxed).toBeLessThan(Math.max(3, stats.programs / 3));
      // ... and the stateful search must really have kept states, and cut runs at them.
      expect(statefulRuns.fellBack).toBeLessThan(Math.max(3, statefulRuns.stateful / 10));
      expect(statefulRuns.pruned).toBeGreaterThan(0);
    }, 600_000);
  }
});

/**
 * The same model straight into the core (differentialGen.ts `toCoreProgram`), without the
 * sandbox's cost per schedule: thousands of programs in `npm test` check the exploration
 * itself; the rendered forms above check the front ends on fewer.
 */
describe('differential on core programs: complete strategies reach what every interleaving reaches', () => {
  RUNTIMES.forEach((runtime, i) => {
    it(`${CORE_RUNS} random core programs, ${runtime}`, () => {
      const before = { ...stats };
      fc.assert(
        fc.property(fc.oneof(programArb, syncHeavyProgramArb), (p) => {
          try {
            compareStrategies(toCoreProgram(p, runtime), `core/${runtime}`);
          } catch (e) {
            throw new Error(`${(e as Error).message}\n${describeProgram(p, runtime)}`, { cause: e });
          }
        }),
        { seed: SEED + 10 + i, numRuns: CORE_RUNS, endOnFailure: false },
      );
      expect(stats.skippedLarge - before.skippedLarge).toBeLessThan(Math.max(3, CORE_RUNS / 10));
    }, 600_000);
  });
});

/**
 * Timed waits (core `timeoutNs`, result TIMED_OUT; added for Python's timeouts): while a
 * task waits, timing out is a step it may take at any point, so the reductions must keep
 * that branch too. Core programs only: the TypeScript and scenario front ends have no timed
 * waits (the Python front end's `timeout=` compiles to these ops).
 */
describe('differential on core programs with timed waits', () => {
  RUNTIMES.forEach((runtime, i) => {
    it(`${TIMED_RUNS} random timed programs, ${runtime}`, () => {
      const before = { ...stats };
      let compared = 0;
      fc.assert(
        fc.property(timedProgramArb, (p) => {
          try {
            if (compareStrategies(toCoreProgram(p, runtime), `core/${runtime}`)) compared++;
          } catch (e) {
            throw new Error(`${(e as Error).message}\n${describeProgram(p, runtime)}`, { cause: e });
          }
        }),
        { seed: SEED + 20 + i, numRuns: TIMED_RUNS, endOnFailure: false },
      );
      expect(stats.skippedLarge - before.skippedLarge).toBeLessThan(Math.max(3, TIMED_RUNS / 10));
      expect(compared).toBeGreaterThan(TIMED_RUNS * 0.9);
    }, 600_000);
  });
});

/**
 * The shape behind the three reduction bugs found so far, for every pair of blocking
 * primitives: one task enters a block of P at once, the other after an unrelated step of
 * its own, then enters a block of Q; both blocks touch `y` so the order shows in the final
 * state. Each pair, with the first task also delayed or not, on every runtime.
 */
describe('differential: an acquire behind an unrelated step, every pair of primitives', () => {
  const blocks: ((body: AOp[]) => AOp)[] = [
    (body) => ({ k: 'lock', m: 0, body }),
    (body) => ({ k: 'trylock', m: 0, body }),
    (body) => ({ k: 'sem', s: 0, body }),
    (body) => ({ k: 'sem', s: 1, body }),
    (body) => ({ k: 'rw', write: false, body }),
    (body) => ({ k: 'rw', write: true, body }),
    (body) => ({ k: 'once', body }),
  ];
  for (const runtime of RUNTIMES) {
    it(runtime, () => {
      let n = 0;
      for (const p of blocks) {
        for (const q of blocks) {
          for (const delayFirst of [false, true]) {
            const first: AOp[] = [...(delayFirst ? [{ k: 'read', v: 'z' } as const] : []), p([{ k: 'incr', v: 'y' }])];
            const second: AOp[] = [{ k: 'read', v: 'x' }, q([{ k: 'copy', from: 'y', to: 'x' }])];
            const prog: AProgram = { vars: ['x', 'y', 'z'], tasks: [first, second] };
            try {
              if (compareStrategies(toCoreProgram(prog, runtime), `core/${runtime}`)) n++;
            } catch (e) {
              throw new Error(`${(e as Error).message}\n${describeProgram(prog, runtime)}`, { cause: e });
            }
          }
        }
      }
      expect(n).toBe(blocks.length * blocks.length * 2);
    }, 120_000);
  }
});

/**
 * Each difference found (shrunk by fast-check) is kept here by name, as the abstract
 * program; `describeProgram` prints both rendered sources. Until one is found, the
 * list holds the issue's own examples in this model.
 */
const REGRESSIONS: Record<string, AProgram> = {
  // Issue 21, cause 1: a value moved before its step was scheduled (store buffering:
  // x = 1; z = y + 1 ‖ y = 1; x++ had one final state under dpor).
  'store buffering with a copy': {
    vars: ['x', 'y', 'z'],
    tasks: [[{ k: 'write', v: 'x', val: 1 }, { k: 'copy', from: 'y', to: 'z' }], [{ k: 'write', v: 'y', val: 1 }, { k: 'incr', v: 'x' }]],
  },
  // A lost decrement-style update under a lock taken in both orders (deadlock and race together).
  'two locks in opposite orders around increments': {
    vars: ['x', 'y'],
    tasks: [
      [{ k: 'lock', m: 0, body: [{ k: 'lock', m: 1, body: [{ k: 'incr', v: 'x' }] }] }],
      [{ k: 'lock', m: 1, body: [{ k: 'lock', m: 0, body: [{ k: 'incr', v: 'y' }] }] }, { k: 'incr', v: 'x' }],
    ],
  },
  // A condition wait in a loop and a signal, then a plain write the assertion can see.
  // Found by the core differential (2026-12-06): t1 acquires a binary semaphore only after
  // a step of its own, so dpor reversed its acquire with main's release, which cannot come
  // after it; the race to reverse is with main's acquire (the last permit taken).
  'semaphore taken after an unrelated first step': {
    vars: ['x', 'y', 'z'],
    tasks: [[{ k: 'sem', s: 0, body: [{ k: 'incr', v: 'z' }] }], [{ k: 'read', v: 'x' }, { k: 'sem', s: 0, body: [{ k: 'write', v: 'z', val: 1 }] }]],
  },
  // Found by the core differential (seed 99): t1's Once waited for main's body to finish,
  // and dpor reversed t1's enter with main's exit instead of main's enter.
  'once entered after an unrelated first step': {
    vars: ['x', 'y', 'z'],
    tasks: [[{ k: 'once', body: [{ k: 'assert', v: 'x', max: 0 }] }],
      [{ k: 'atomic' }, { k: 'once', body: [{ k: 'incr', v: 'x' }] }, { k: 'lock', m: 0, body: [{ k: 'read', v: 'x' }] }]],
  },
  // Found by a targeted check after the two above: a tryLock that took a free mutex did not
  // count as beginning a hold, so a lock behind an unrelated step was reversed with the unlock.
  'tryLock against a lock after an unrelated first step': {
    vars: ['x', 'y'],
    tasks: [[{ k: 'trylock', m: 0, body: [{ k: 'incr', v: 'y' }] }], [{ k: 'read', v: 'x' }, { k: 'lock', m: 0, body: [{ k: 'copy', from: 'y', to: 'x' }] }]],
  },
  // Found by the core differential once it had locks never released (2026-12-07): main keeps
  // m0; t1 takes m1 and then waits for m0 for good. t1's own step left it blocked, so the run's
  // end reversed nothing, and dpor never ran t1's `m0.lock()` before main's: one schedule,
  // missing the deadlock at main's lock and the race on x.
  'a lock never released, wanted after a step of its own': {
    vars: ['x', 'y', 'z'],
    tasks: [[{ k: 'repeat', n: 2, body: [{ k: 'read', v: 'x' }] }, { k: 'hold', m: 0 }],
      [{ k: 'hold', m: 1 }, { k: 'hold', m: 0 }, { k: 'write', v: 'x', val: 1 }]],
  },
  // Stateful search: the state before t1's `x = 2` is the same whether t0's `x = 1` came
  // before t1's lock (ordered by the mutex: no race) or after it (a race); the race must be
  // reported either way (the stored state's key holds the race detector's state too).
  'a race decided by the path to a stored state': {
    vars: ['x', 'y', 'z'],
    tasks: [
      [{ k: 'write', v: 'x', val: 1 }, { k: 'lock', m: 0, body: [{ k: 'read', v: 'y' }] }],
      [{ k: 'lock', m: 0, body: [{ k: 'read', v: 'y' }] }, { k: 'write', v: 'x', val: 2 }],
      [{ k: 'write', v: 'z', val: 1 }],
    ],
  },
  'cond wait loop with a racing write': {
    vars: ['x', 'y'],
    tasks: [[{ k: 'await', v: 'x', val: 2 }, { k: 'assert', v: 'y', max: 0 }], [{ k: 'notify', v: 'x', val: 2, all: false }, { k: 'write', v: 'y', val: 1 }]],
  },
};

describe('differential regressions', () => {
  for (const [name, p] of Object.entries(REGRESSIONS)) {
    it.each(RUNTIMES)(`${name} (%s)`, (runtime) => {
      try {
        checkProgram(p, runtime);
        compareStrategies(toCoreProgram(p, runtime), `core/${runtime}`);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${describeProgram(p, runtime)}`, { cause: e });
      }
    });
  }
});
