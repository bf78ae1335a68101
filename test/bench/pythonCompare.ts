/**
 * `npm run bench -- python`: the Python examples (examples/python/) simulated and run by
 * the real `python3` on this machine, side by side. Compared as ratios (threads ÷
 * sequential, processes ÷ sequential, I/O in threads ÷ sequential), not seconds: the
 * simulated bytecode cost is a model figure, and the machine is shared and noisy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/core/index';
import { compilePython } from '../../src/frontends/python/index';

/** npm run bench runs from the repository root. */
const ROOT = process.cwd();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function simulatedMs(name: string): number {
  const file = join(ROOT, 'examples/python', name);
  const { program, errors } = compilePython(readFileSync(file, 'utf8'), file);
  if (!program) throw new Error(`${name}: ${errors[0]?.message}`);
  const r = simulate(program, { mode: 'timed' });
  if (r.stopped !== 'finished') throw new Error(`${name}: the run stopped (${r.stopped})`);
  return r.makespan_ns / 1e6;
}

/** Wall time of `python3 ARGS`, minus nothing. */
function wallMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('python3', args, { encoding: 'utf8' });
  return r.status === 0 ? Number(process.hrtime.bigint() - start) / 1e6 : NaN;
}

/** The interpreter's own start-up and exit (`python3 -c pass`), taken off each run: the simulation starts at main's first bytecode. */
let startupMs: number | undefined;

function realMs(name: string, runs: number): number | null {
  startupMs ??= median(Array.from({ length: 3 }, () => wallMs(['-c', 'import threading, multiprocessing'])));
  const wall = () => {
    const start = process.hrtime.bigint();
    const r = spawnSync('python3', [join(ROOT, 'examples/python', name)], { encoding: 'utf8' });
    if (r.status !== 0) return NaN;
    return Number(process.hrtime.bigint() - start) / 1e6 - startupMs!;
  };
  const xs = Array.from({ length: runs }, wall);
  return xs.some(Number.isNaN) ? null : median(xs);
}

interface PyRow { readonly name: string; readonly sim: number; readonly real: number | null; readonly detail: string }

export function runPythonBench(runs = 3): PyRow[] {
  const version = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  const have = version.status === 0;
  const pair = (label: string, base: string, other: string, baseRuns: number): PyRow => {
    const s0 = simulatedMs(base);
    const s1 = simulatedMs(other);
    const r0 = have ? realMs(base, baseRuns) : null;
    const r1 = have ? realMs(other, baseRuns) : null;
    const real = r0 !== null && r1 !== null ? r1 / r0 : null;
    return { name: label, sim: s1 / s0, real, detail: `sim ${s0.toFixed(0)}→${s1.toFixed(0)} ms` + (real !== null ? `, real ${r0!.toFixed(0)}→${r1!.toFixed(0)} ms` : '') };
  };
  return [
    pair('CPU-bound: threads ÷ sequential', 'cpu-sequential.py', 'cpu-threads.py', runs),
    pair('CPU-bound: processes ÷ sequential', 'cpu-sequential.py', 'cpu-processes.py', runs),
    pair('I/O (sleep 2 s twice): threads ÷ sequential', 'sleep-sequential.py', 'sleep-threads.py', 1),
  ];
}

export function printPythonTable(rows: readonly PyRow[]): void {
  const version = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  console.log(`\nPython examples, simulated against ${version.status === 0 ? version.stdout.trim() : 'no python3'} (load average ${loadavg()[0].toFixed(1)}; within 15% is the target)`);
  console.log('| ratio                                          | simulated |      real | sim ÷ real | ok  | detail');
  console.log('|------------------------------------------------|-----------|-----------|------------|-----|-------');
  for (const r of rows) {
    const q = r.real === null ? null : r.sim / r.real;
    const ok = q === null ? '' : Math.abs(q - 1) <= 0.15 ? 'yes' : 'NO';
    console.log(`| ${r.name.padEnd(46)} | ${r.sim.toFixed(2).padStart(9)} | ${(r.real === null ? 'not run' : r.real.toFixed(2)).padStart(9)} | ${(q === null ? '' : q.toFixed(2)).padStart(10)} | ${ok.padEnd(3)} | ${r.detail}`);
  }
}
