/**
 * `npm run bench -- python`: the Python front end against the real interpreter on this
 * machine. First the CPU costs (pyCalibrate.ts: ns per iteration of fifteen kinds of loop),
 * then the examples (examples/python/) side by side, compared as ratios (threads ÷
 * sequential, processes ÷ sequential, I/O in threads ÷ sequential).
 *
 * What is measured is the same span on both sides: each example prints
 * `took X s`, `time.perf_counter()` from the first line of its `__main__` block to the
 * end of its joins. In the simulation perf_counter is the simulated clock; in the real run
 * it is the interpreter's own clock, so its start-up (a pyenv shim costs ~300 ms, and is
 * noisy) and its exit are outside it. The interpreter is `python3`'s `sys.executable`,
 * resolved once and run directly (no shim). The real figure is the median of `runs`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/core/index';
import { compilePython } from '../../src/frontends/python/index';
import { printPyCalibration, runPyCalibration } from './pyCalibrate';

/** npm run bench runs from the repository root. */
const ROOT = process.cwd();
const TOOK = /took ([\d.]+) s/;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The interpreter `python3` names (its `sys.executable`) and its version; null when there is none. */
export function realPython(): { path: string; version: string } | null {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.version.split()[0])'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [path, version] = r.stdout.trim().split('\n');
  return { path, version: `Python ${version} (${path})` };
}

function simulatedMs(name: string): number {
  const file = join(ROOT, 'examples/python', name);
  const { program, errors } = compilePython(readFileSync(file, 'utf8'), file);
  if (!program) throw new Error(`${name}: ${errors[0]?.message}`);
  const r = simulate(program, { mode: 'timed' });
  if (r.stopped !== 'finished') throw new Error(`${name}: the run stopped (${r.stopped})`);
  const took = r.log.map((l) => TOOK.exec(l.text)).find((m) => m !== null);
  if (!took) throw new Error(`${name}: the run printed no "took X s"`);
  return Number(took[1]) * 1e3;
}

/** The median and the fastest of `runs` real runs' `took`, in ms. */
function realMs(python: string, name: string, runs: number): { median: number; fastest: number } | null {
  const once = () => {
    const r = spawnSync(python, [join(ROOT, 'examples/python', name)], { encoding: 'utf8' });
    const took = r.status === 0 ? TOOK.exec(r.stdout) : null;
    return took ? Number(took[1]) * 1e3 : NaN;
  };
  const xs = Array.from({ length: runs }, once);
  return xs.some(Number.isNaN) ? null : { median: median(xs), fastest: Math.min(...xs) };
}

interface PyRow { readonly name: string; readonly sim: number; readonly real: number | null; readonly detail: string }

export function runPythonBench(runs = 5): { python: ReturnType<typeof realPython>; rows: PyRow[] } {
  const python = realPython();
  const pair = (label: string, base: string, other: string, n: number): PyRow => {
    const s0 = simulatedMs(base);
    const s1 = simulatedMs(other);
    const r0 = python ? realMs(python.path, base, n) : null;
    const r1 = python ? realMs(python.path, other, n) : null;
    const real = r0 !== null && r1 !== null ? r1.median / r0.median : null;
    // The fastest runs too: on a shared machine they are the least disturbed ones.
    const detail = `sim ${s0.toFixed(0)}→${s1.toFixed(0)} ms` + (r0 !== null && r1 !== null
      ? `, real median ${r0.median.toFixed(0)}→${r1.median.toFixed(0)} ms, fastest ${r0.fastest.toFixed(0)}→${r1.fastest.toFixed(0)} ms (${(r1.fastest / r0.fastest).toFixed(2)})` : '');
    return { name: label, sim: s1 / s0, real, detail };
  };
  return {
    python,
    rows: [
      pair('CPU-bound: threads ÷ sequential', 'cpu-sequential.py', 'cpu-threads.py', runs),
      pair('CPU-bound: processes ÷ sequential', 'cpu-sequential.py', 'cpu-processes.py', runs),
      pair('I/O (sleep 2 s twice): threads ÷ sequential', 'sleep-sequential.py', 'sleep-threads.py', 1),
    ],
  };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

export function printPythonTable({ python, rows }: ReturnType<typeof runPythonBench>, loadBefore: string): void {
  console.log(`\nPython examples, simulated against ${python?.version ?? 'no python3'}: "took X s" of each file, real the median of 5 runs`);
  console.log(`(load average ${loadBefore} before, ${load()} after, on ${cpus().length} CPUs; within 15% is the target)`);
  console.log('| ratio                                          | simulated |      real | sim ÷ real | ok  | detail');
  console.log('|------------------------------------------------|-----------|-----------|------------|-----|-------');
  for (const r of rows) {
    const q = r.real === null ? null : r.sim / r.real;
    const ok = q === null ? '' : Math.abs(q - 1) <= 0.15 ? 'yes' : 'NO';
    console.log(`| ${r.name.padEnd(46)} | ${r.sim.toFixed(2).padStart(9)} | ${(r.real === null ? 'not run' : r.real.toFixed(2)).padStart(9)} | ${(q === null ? '' : q.toFixed(2)).padStart(10)} | ${ok.padEnd(3)} | ${r.detail}`);
  }
}

/** The whole section: the costs, then the examples. */
export function runPythonSection(): void {
  const python = realPython();
  printPyCalibration(runPyCalibration(python?.path ?? null), python?.version ?? 'no python3');
  const before = load();
  printPythonTable(runPythonBench(), before);
}
