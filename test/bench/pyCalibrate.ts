/**
 * The calibration of the Python front end's CPU costs (src/frontends/python/interp.ts,
 * README "Costs"): the cases of pyCalibrate/cases.py, each a loop of one kind of work
 * (a bare `for`, `total += i`, `while`, arithmetic, a global increment, a call, an
 * attribute, a method, list and dict items, `if`, a built-in), run by the real interpreter
 * and by the simulator, in ns per iteration.
 *
 * Real: `cases.py` run by the interpreter three times (its own perf_counter around each
 * case, the fastest of 3 × 21 runs of 50,000 iterations: on a shared machine the fastest run
 * is the least disturbed one). Simulated: each case called with n and with 2n iterations in the file
 * (without its `sys`/`time` driver), the difference of the two makespans ÷ n, so the module's
 * own set-up cancels out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/core/index';
import { compilePython } from '../../src/frontends/python/index';

const CASES = join(process.cwd(), 'test/bench/pyCalibrate/cases.py');

export interface CalibrationRow { readonly name: string; readonly simNs: number; readonly realNs: number | null }

function simulatedNsPerIteration(source: string, name: string, n: number): number {
  const run = (iterations: number) => {
    const text = `${source}\ncase_${name}(${iterations})\n`;
    const { program, errors } = compilePython(text, `calibrate-${name}.py`);
    if (!program) throw new Error(`${name}: ${errors[0]?.message}`);
    const r = simulate(program, { mode: 'timed' });
    if (r.stopped !== 'finished') throw new Error(`${name}: the run stopped (${r.stopped})`);
    return r.makespan_ns;
  };
  return (run(2 * n) - run(n)) / n;
}

/** The cases' names, in the file's order. */
function caseNames(text: string): string[] {
  return [...text.matchAll(/^def case_(\w+)\(/gm)].map((m) => m[1]);
}

/** The real figures: `python` is the interpreter's own path (sys.executable), so no launcher shim runs. */
function realNsPerIteration(python: string | null, rounds = 3): Record<string, number> | null {
  if (python === null) return null;
  // Each case's fastest over `rounds` runs of the file (21 runs each): a burst of load on the
  // shared machine during one case of one round does not count.
  const out: Record<string, number> = {};
  for (let k = 0; k < rounds; k++) {
    const r = spawnSync(python, [CASES], { encoding: 'utf8' });
    if (r.status !== 0) return null;
    for (const [name, ns] of Object.entries(JSON.parse(r.stdout) as Record<string, number>)) out[name] = Math.min(out[name] ?? Infinity, ns);
  }
  return out;
}

export function runPyCalibration(python: string | null, n = 20_000): CalibrationRow[] {
  const text = readFileSync(CASES, 'utf8');
  // The subset has no `sys`: the simulated file is the cases without the driver.
  const source = text.split(/^if __name__ == "__main__":/m)[0].replace(/^import sys\n/m, '');
  const real = realNsPerIteration(python);
  return caseNames(text).map((name) => ({ name, simNs: simulatedNsPerIteration(source, name, n), realNs: real?.[name] ?? null }));
}

export function printPyCalibration(rows: readonly CalibrationRow[], version: string): void {
  console.log(`\nPython CPU costs: ns per iteration, simulated against ${version} (fastest of 3 × 21 runs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; within 25% is the target)`);
  console.log('| case           | simulated |      real | sim ÷ real | ok');
  console.log('|----------------|-----------|-----------|------------|----');
  for (const r of rows) {
    const q = r.realNs === null ? null : r.simNs / r.realNs;
    const ok = q === null ? '' : Math.abs(q - 1) <= 0.25 ? 'yes' : 'NO';
    console.log(`| ${r.name.padEnd(14)} | ${r.simNs.toFixed(1).padStart(9)} | ${(r.realNs === null ? 'not run' : r.realNs.toFixed(1)).padStart(9)} | ${(q === null ? '' : q.toFixed(2)).padStart(10)} | ${ok}`);
  }
}
