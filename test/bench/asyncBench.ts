/**
 * Issue 23's speed target: two async flows of three io() calls each, explored exhaustively
 * (every order in which the requests complete) in well under a second. `npm run bench -- async`
 * prints only this; the full bench adds it as a row. Python's asyncio (`.py`) is measured
 * beside it: a timed run of 2,000 gathered tasks against real python3 on the same program,
 * and `check` on the lost-update example.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { simulate } from '../../src/core';
import { explore } from '../../src/core/explore';
import { compilePython } from '../../src/frontends/python/index';
import { compileTypeScript } from '../../src/frontends/typescript';
import { compileText } from '../../src/service/compile';
import { checkSchedules } from '../../src/service/search';

export const TWO_FLOWS_THREE_IO = `import { io } from "interleave";
let trace = "";
async function flow(name: string) {
  for (let i = 0; i < 3; i++) { await io(name); trace += name; }
}
export default async function main() {
  await Promise.all([flow("a"), flow("b")]);
}
`;

export interface AsyncBench {
  /** Median wall-clock time of one exhaustive exploration, compile excluded. */
  readonly ms: number;
  readonly schedules: number;
  readonly complete: boolean;
  readonly outcomes: number;
}

export function runAsyncBench(runs = 5): AsyncBench {
  const program = compileTypeScript(TWO_FLOWS_THREE_IO, 'two-flows.sim.ts').program!;
  const times: number[] = [];
  let last = explore(program, { strategy: 'dpor', maxSchedules: 100_000 });
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = explore(program, { strategy: 'dpor', maxSchedules: 100_000 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], schedules: last.schedules, complete: last.complete, outcomes: last.stats.outcomes.length };
}

export function printAsyncBench(b: AsyncBench): void {
  console.log(`async: 2 flows × 3 io(), exhaustive dpor: ${b.ms.toFixed(0)} ms (median), ${b.schedules} schedules, `
    + `${b.outcomes} final states, complete ${b.complete} (target: well under 1 s)`);
}

/** Python asyncio (`.py` on the asyncio runtime): 2,000 tasks gathered, each sleeping 0–9 ms, then counting. */
export const PY_MANY_TASKS = `import asyncio
count = 0
async def job(i):
    global count
    await asyncio.sleep(0.001 * (i % 10))
    count += 1
async def main():
    await asyncio.gather(*[job(i) for i in range(2000)])
    print(count)
asyncio.run(main())
`;

export interface PyAsyncBench {
  /** Median wall-clock ms of a timed run of PY_MANY_TASKS (compile included), its events, what it printed. */
  readonly runMs: number;
  readonly events: number;
  readonly printed: string;
  /** Median wall-clock ms of `check` on examples/async/lost-update-await.py, and the finding kinds. */
  readonly checkMs: number;
  readonly kinds: string;
  /** Median wall-clock ms of real python3 on PY_MANY_TASKS (process start included), or null when there is none. */
  readonly realMs: number | null;
}

export function runPyAsyncBench(runs = 5): PyAsyncBench {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const timed = (f: () => void) => { const t0 = performance.now(); f(); return performance.now() - t0; };
  let events = 0;
  let printed = '';
  const runMs = median(Array.from({ length: runs }, () => timed(() => {
    const r = simulate(compilePython(PY_MANY_TASKS, 'many.py').program!, { mode: 'timed' });
    events = r.events;
    printed = r.log.filter((l) => l.task !== 'note').map((l) => l.text).join(' ');
  })));
  const file = 'examples/async/lost-update-await.py';
  const text = readFileSync(file, 'utf8');
  let kinds = '';
  const checkMs = median(Array.from({ length: runs }, () => timed(() => {
    const r = explore(compilePython(text, file).program!, { strategy: 'dpor', maxSchedules: 1000 });
    kinds = [...new Set(r.findings.map((f) => f.kind))].join(', ');
  })));
  const real = Array.from({ length: runs }, () => timed(() => spawnSync('python3', ['-c', PY_MANY_TASKS], { encoding: 'utf8' })));
  const ok = spawnSync('python3', ['-c', PY_MANY_TASKS], { encoding: 'utf8' }).stdout?.trim() === '2000';
  return { runMs, events, printed, checkMs, kinds, realMs: ok ? median(real) : null };
}

export function printPyAsyncBench(b: PyAsyncBench): void {
  console.log(`asyncio (.py): 2,000 gathered tasks, timed run ${b.runMs.toFixed(0)} ms (median, compile included), ${b.events} events, printed ${b.printed}; `
    + `real python3 ${b.realMs === null ? 'not run' : b.realMs.toFixed(0) + ' ms (process start included)'}`);
  console.log(`asyncio (.py): check lost-update-await.py ${b.checkMs.toFixed(0)} ms (median), finds ${b.kinds}`);
}

/** The lens's recheck (`checkFile`: compile and check) of an async file and of a threaded one of the same shape. */
export const LENS_ASYNC = `import { io, assert } from "interleave";
let balance = 100;
async function withdraw(amount: number) {
  const before = balance;
  await io("db");
  balance = before - amount;
}
export default async function main() {
  await Promise.all([withdraw(10), withdraw(20)]);
  assert(balance === 70, "lost update");
}
`;
export const LENS_THREADS = `import { spawn, assert } from "interleave";
let balance = 100;
function withdraw(amount: number) {
  const before = balance;
  balance = before - amount;
}
export default function main() {
  const a = spawn(() => withdraw(10));
  const b = spawn(() => withdraw(20));
  a.join();
  b.join();
  assert(balance === 70, "lost update");
}
`;

/** What `checkFile` does for the lens, synchronously: compile the text, then the service's search. */
export function runLensRecheckBench(runs = 7): { asyncMs: number; threadsMs: number; asyncFindings: number; threadFindings: number } {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const one = (file: string, text: string) => {
    const t0 = performance.now();
    const { program } = compileText(file, text);
    const r = checkSchedules(program!, { maxSchedules: 1000 });
    return { ms: performance.now() - t0, findings: r.findings.length };
  };
  one('warm.sim.ts', LENS_ASYNC);
  one('warm2.sim.ts', LENS_THREADS);
  const a: number[] = [];
  const t: number[] = [];
  let af = 0;
  let tf = 0;
  for (let i = 0; i < runs; i++) {
    const x = one(`a${i}.sim.ts`, LENS_ASYNC);
    const y = one(`t${i}.sim.ts`, LENS_THREADS);
    a.push(x.ms);
    t.push(y.ms);
    af = x.findings;
    tf = y.findings;
  }
  return { asyncMs: median(a), threadsMs: median(t), asyncFindings: af, threadFindings: tf };
}
