/**
 * Issue 18's figures for `.sim.ts` programs: exploration speed beside the same program as a
 * scenario, and the cost of the rewrite's steps against the same code run as plain
 * JavaScript. `npm run bench -- typescript` prints only this; the full bench prints it too.
 * Not a test: machines are noisy, so it prints medians and same-run ratios.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadavg } from 'node:os';
import { runInNewContext } from 'node:vm';
import '../../src/core';
import { simulate } from '../../src/core/engine/simulate';
import { explore } from '../../src/core/explore';
import type { Program } from '../../src/core/program';
import { parseScenario } from '../../src/frontends/scenario';
import { compileTypeScript } from '../../src/frontends/typescript';
import { checkSchedules } from '../../src/service/search';
import { filesUnder } from '../shared/files';

const N = 20_000;

/** One task that increments a shared counter N times (2 steps each), and one that only starts. */
const SHARED_LOOP = `import { spawn } from "interleave";
let hits = 0;
export default function main() {
  const t = spawn(() => { hits++; });
  for (let i = 0; i < ${N}; i++) hits++;
  t.join();
  return hits;
}`;

/** The same increments as a scenario: the engine's own cost per step, with no JavaScript behind it. */
const SCENARIO_LOOP = `name: shared loop
vars:
  hits: 0
tasks:
  main:
    - go: one
    - repeat: ${N}
      do:
        - hits.incr
    - join: one
  one:
    - hits.incr
`;

/** The same loop on a local variable: no step at all, only the rewrite's loop guard. */
const LOCAL_LOOP = `export default function main() {
  let hits = 0;
  for (let i = 0; i < ${N * 50}; i++) hits = (hits + i) % 1000003;
  return hits;
}`;

/**
 * The shape of the main bench's exploration workload ("2 tasks × 10 steps": two tasks doing
 * five unsynchronised increments each), as a `.sim.ts` program and as a scenario, explored
 * by dpor side by side: the `.sim.ts` target of issue 18 (≥ 10,000 schedules/s).
 */
const SMALL_SIM = `// @interleave runtime=threads cores=2
import { spawn } from "interleave";
let hits = 0;
export default function main() {
  const bump = () => { for (let i = 0; i < 5; i++) hits++; };
  const a = spawn(bump);
  const b = spawn(bump);
  a.join();
  b.join();
  return hits;
}`;

const SMALL_SCENARIO = `name: two incrementers
machine: { cores: 2 }
runtime: { kind: threads }
vars:
  hits: 0
tasks:
  main:
    - go: inc
      count: 2
    - join: inc
  inc:
    - repeat: 5
      do:
        - hits.incr
`;

/** Issue 18's target for `.sim.ts` exploration. */
export const SIM_TS_TARGET = 10_000;

export interface TypeScriptBench {
  /** Schedules/s (dpor, 1000 schedules, races on) of 2 tasks × 5 increments, .sim.ts and scenario. */
  readonly smallSimTsRate: number;
  readonly smallScenarioRate: number;
  /** The same with the random strategy (the main bench's explorer row), 3000 schedules: no DPOR bookkeeping. */
  readonly smallSimTsRandomRate: number;
  readonly smallScenarioRandomRate: number;
  /** Steps per schedule of each (the .sim.ts adds its spawns, joins and the final read). */
  readonly smallSimTsSteps: number;
  readonly smallScenarioSteps: number;
  /** Schedules explored per second (dpor, 1000 schedules, races on), the .sim.ts and the scenario. */
  readonly simTsRate: number;
  readonly scenarioRate: number;
  /** Instrumented time per shared access step, and plain JavaScript's per increment (ns). */
  readonly stepNs: number;
  readonly plainIncrementNs: number;
  /** The scenario's time per step on the same increments (ns). */
  readonly scenarioStepNs: number;
  /** The local loop instrumented (loop guard, no step) against plain JavaScript, ms. */
  readonly localMs: number;
  readonly plainLocalMs: number;
  /** Each example that expects a finding: ms from the start of its compile to its first finding (check's portfolio), median of runs. */
  readonly firstFindingMs: readonly { readonly file: string; readonly ms: number }[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function compiled(text: string, file: string): Program {
  const r = compileTypeScript(text, file);
  if (!r.program) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.program;
}

function rate(program: Program, strategy: 'dpor' | 'random' = 'dpor', maxSchedules = 1000): number {
  const t0 = performance.now();
  const r = explore(program, { strategy, maxSchedules, minimise: false });
  return r.schedules / ((performance.now() - t0) / 1000);
}

function stepsPerSchedule(program: Program): number {
  const r = explore(program, { strategy: 'dpor', maxSchedules: 100, minimise: false });
  return r.stats.steps / Math.max(1, r.schedules + r.stats.redundant);
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export function simFiles(dir: string): string[] {
  return filesUnder(dir, (name) => name.endsWith('.sim.ts'));
}

/** Milliseconds from the start of the compile to the first finding the check reports (Infinity: none in 10 s). */
function firstFinding(text: string, file: string): number {
  const t0 = performance.now();
  let at = Infinity;
  const program = compiled(text, file);
  checkSchedules(program, {
    maxSchedules: 1000, timeLimitMs: 10_000, minimise: false,
    onFinding: () => { if (at === Infinity) at = performance.now() - t0; },
    shouldCancel: () => at !== Infinity,
  });
  return at;
}

export function runTypeScriptBench(runs = 5): TypeScriptBench {
  const root = process.cwd();
  // The editor's promise (issue 18): the first finding of an example within 300 ms of opening it.
  const firstFindingMs = simFiles(join(root, 'examples')).filter((f) => /^\/\/ finding: /m.test(readFileSync(f, 'utf8'))).sort().map((f) => {
    const text = readFileSync(f, 'utf8');
    firstFinding(text, f);
    return { file: relative(root, f), ms: median(Array.from({ length: runs }, () => firstFinding(text, f))) };
  });
  const simTs = compiled(readFileSync(join(root, 'examples/races/lost-update.sim.ts'), 'utf8'), 'lost-update.sim.ts');
  const scenarioFile = join(root, 'examples/races/lost-update.scenario.yaml');
  const scenario = parseScenario(readFileSync(scenarioFile, 'utf8'), scenarioFile).program!;
  rate(simTs);
  rate(scenario);
  const simTsRate = median(Array.from({ length: runs }, () => rate(simTs)));
  const scenarioRate = median(Array.from({ length: runs }, () => rate(scenario)));
  const smallSimTs = compiled(SMALL_SIM, 'two-incrementers.sim.ts');
  const smallScenario = parseScenario(SMALL_SCENARIO, 'two-incrementers.scenario.yaml').program!;
  rate(smallSimTs);
  rate(smallScenario);
  const smallSimTsRate = median(Array.from({ length: runs }, () => rate(smallSimTs)));
  const smallScenarioRate = median(Array.from({ length: runs }, () => rate(smallScenario)));
  rate(smallSimTs, 'random', 3000);
  rate(smallScenario, 'random', 3000);
  const smallSimTsRandomRate = median(Array.from({ length: runs }, () => rate(smallSimTs, 'random', 3000)));
  const smallScenarioRandomRate = median(Array.from({ length: runs }, () => rate(smallScenario, 'random', 3000)));

  const shared = compiled(SHARED_LOOP, 'shared-loop.sim.ts');
  const local = compiled(LOCAL_LOOP, 'local-loop.sim.ts');
  let steps = 0;
  simulate(shared, { mode: 'untimed', seed: 1, onStep: () => { steps++; } });
  const sharedMs = median(Array.from({ length: runs }, () => timed(() => simulate(shared, { mode: 'untimed', seed: 1, budget: { events: 10_000_000 } }))));
  const scenarioLoop = parseScenario(SCENARIO_LOOP, 'shared-loop.scenario.yaml').program!;
  let scenarioSteps = 0;
  simulate(scenarioLoop, { mode: 'untimed', seed: 1, onStep: () => { scenarioSteps++; } });
  const scenarioMs = median(Array.from({ length: runs }, () => timed(() => simulate(scenarioLoop, { mode: 'untimed', seed: 1, budget: { events: 10_000_000 } }))));
  const localMs = median(Array.from({ length: runs }, () => timed(() => simulate(local, { mode: 'untimed', seed: 1 }))));
  // The same code as plain JavaScript, in a context of its own as the sandbox's is.
  const plainShared = runInNewContext(`(function () { let hits = 0; for (let i = 0; i < ${N}; i++) hits++; return hits; })`) as () => number;
  const plainLocal = runInNewContext(`(function () { let hits = 0; for (let i = 0; i < ${N * 50}; i++) hits = (hits + i) % 1000003; return hits; })`) as () => number;
  const plainSharedMs = median(Array.from({ length: runs }, () => timed(plainShared)));
  const plainLocalMs = median(Array.from({ length: runs }, () => timed(plainLocal)));
  return { smallSimTsRate, smallScenarioRate, smallSimTsRandomRate, smallScenarioRandomRate, smallSimTsSteps: stepsPerSchedule(smallSimTs), smallScenarioSteps: stepsPerSchedule(smallScenario),
    firstFindingMs, simTsRate, scenarioRate, stepNs: (sharedMs * 1e6) / steps, scenarioStepNs: (scenarioMs * 1e6) / scenarioSteps, plainIncrementNs: (plainSharedMs * 1e6) / N, localMs, plainLocalMs };
}

export function printTypeScriptBench(b: TypeScriptBench): void {
  console.log(`\nTypeScript (.sim.ts) front end (issue 18), load average ${loadavg()[0].toFixed(1)}`);
  const ok = (r: number) => (r >= SIM_TS_TARGET ? 'yes' : 'NO');
  console.log(`  explore 2 tasks × 5 increments, dpor 1000 schedules: .sim.ts ${b.smallSimTsRate.toFixed(0)} schedules/s (${b.smallSimTsSteps.toFixed(0)} steps each), `
    + `scenario ${b.smallScenarioRate.toFixed(0)} schedules/s (${b.smallScenarioSteps.toFixed(0)} steps each); target for .sim.ts ≥ ${SIM_TS_TARGET.toLocaleString('en')} /s: ${ok(b.smallSimTsRate)}`);
  console.log(`  the same, random strategy (the main bench's explorer row), 3000 schedules: .sim.ts ${b.smallSimTsRandomRate.toFixed(0)} schedules/s, `
    + `scenario ${b.smallScenarioRandomRate.toFixed(0)} schedules/s; target for .sim.ts ≥ ${SIM_TS_TARGET.toLocaleString('en')} /s: ${ok(b.smallSimTsRandomRate)}`);
  console.log(`  explore lost-update (2 × 100 increments), dpor 1000 schedules: .sim.ts ${b.simTsRate.toFixed(0)} schedules/s, scenario ${b.scenarioRate.toFixed(0)} schedules/s `
    + `(${(b.scenarioRate / b.simTsRate).toFixed(1)}× faster; target for .sim.ts ≥ ${SIM_TS_TARGET.toLocaleString('en')} /s: ${ok(b.simTsRate)})`);
  console.log(`  one shared access step (hits++ is 2): ${b.stepNs.toFixed(0)} ns, against ${b.plainIncrementNs.toFixed(1)} ns for the plain increment `
    + `(${(b.stepNs / Math.max(b.plainIncrementNs, 0.01)).toFixed(0)}×), ${b.scenarioStepNs.toFixed(0)} ns for a scenario's step `
    + `(the sandbox and the rewrite add ${(b.stepNs / b.scenarioStepNs).toFixed(1)}× to the engine's own cost)`);
  for (const f of b.firstFindingMs) {
    console.log(`  first finding of ${f.file}: ${f.ms === Infinity ? 'none in 10 s' : f.ms.toFixed(0) + ' ms'} from the start of its compile (target ≤ 300 ms in the editor)`);
  }
  console.log(`  a loop with no shared access (${(N * 50).toLocaleString('en')} passes): ${b.localMs.toFixed(1)} ms instrumented, `
    + `${b.plainLocalMs.toFixed(1)} ms plain (${(b.localMs / Math.max(b.plainLocalMs, 0.01)).toFixed(2)}×: the loop guard and the sandbox)`);
}

/**
 * The editor rows (lensBench.ts) in a process of their own: they wait on a worker thread,
 * and the bench's sections run synchronously one after another. Prints as it goes.
 */
export function runLensBenchProcess(): void {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'dist/lensBench.js')], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`\nThe editor's first finding: not run (exit ${r.status ?? r.signal})`);
}
