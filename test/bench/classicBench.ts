/**
 * `npm run bench`, section "exhaustive exploration, classic set" (issue 21, "Speed"): for each
 * textbook program, the naive enumerator (every interleaving, no reduction, capped) against
 * `dpor`, measured in the same run. Medians of a few runs; a capped or unfinished search
 * says so ("> N", "no"). Not a test: it prints and never fails.
 *
 * Stateful search (`stateful: true`, src/core/explore/stateful.ts) runs in the same run: its
 * "runs" counts every execution (those cut at a stored state or asleep included), "states"
 * the distinct states it stored. dpor is stateless: its runs are its schedules plus the
 * redundant ones its sleep sets cut.
 */
import '../../src/core';
import { simulate } from '../../src/core/engine/simulate';
import { explore } from '../../src/core/explore';
import type { Program } from '../../src/core/program';
import { compileTypeScript } from '../../src/frontends/typescript';

const HEADER = '// @interleave runtime=threads cores=2\nimport { go, Mutex, Semaphore, WaitGroup } from "interleave";\n';

function peterson(broken: boolean): string {
  const entry = (me: number, other: number) => broken
    ? `turn = ${other}; flag${me} = true;`
    : `flag${me} = true; turn = ${other};`;
  const task = (me: number, other: number) => `  go(() => {
    ${entry(me, other)}
    while (flag${other} && turn === ${other}) {}
    inside++;
    if (inside !== 1) throw new Error("mutual exclusion violated");
    inside--;
    flag${me} = false;
    wg.done();
  });`;
  return `${HEADER}let flag0 = false;
let flag1 = false;
let turn = 0;
let inside = 0;
export default function main() {
  const wg = new WaitGroup();
  wg.add(2);
${task(0, 1)}
${task(1, 0)}
  wg.wait();
}
`;
}

/** Dekker's algorithm (Dijkstra, EWD 123), one entry per thread. */
function dekker(): string {
  const task = (me: number, other: number) => `  go(() => {
    want${me} = true;
    while (want${other}) {
      if (turn !== ${me}) {
        want${me} = false;
        while (turn !== ${me}) {}
        want${me} = true;
      }
    }
    inside++;
    if (inside !== 1) throw new Error("mutual exclusion violated");
    inside--;
    turn = ${other};
    want${me} = false;
    wg.done();
  });`;
  return `${HEADER}let want0 = false;
let want1 = false;
let turn = 0;
let inside = 0;
export default function main() {
  const wg = new WaitGroup();
  wg.add(2);
${task(0, 1)}
${task(1, 0)}
  wg.wait();
}
`;
}

/**
 * n dining philosophers; with a footman (a Semaphore(n - 1)) they cannot deadlock, without one
 * they can. Eating touches nothing shared (a shared meal counter would be a data race between
 * philosophers who hold no fork in common, which is not the classic problem).
 */
function philosophers(n: number, footman: boolean): string {
  return `${HEADER}export default function main() {
  const forks = [${Array.from({ length: n }, () => 'new Mutex()').join(', ')}];
  const footman = new Semaphore(${n - 1});
  const wg = new WaitGroup();
  wg.add(${n});
  for (let i = 0; i < ${n}; i++) {
    go(() => {
      ${footman ? 'footman.acquire();' : ''}
      forks[i].lock();
      forks[(i + 1) % ${n}].lock();
      forks[(i + 1) % ${n}].unlock();
      forks[i].unlock();
      ${footman ? 'footman.release();' : ''}
      wg.done();
    });
  }
  wg.wait();
}
`;
}

/** Readers-writers with a lightswitch (Downey, The Little Book of Semaphores, 4.2.2): 2 readers, 1 writer. */
function lightswitch(): string {
  return `${HEADER}let readers = 0;
let data = 0;
let seen = 0;
export default function main() {
  const mutex = new Mutex();
  const roomEmpty = new Semaphore(1);
  const wg = new WaitGroup();
  wg.add(3);
  for (let i = 0; i < 2; i++) {
    go(() => {
      mutex.lock();
      readers++;
      if (readers === 1) roomEmpty.acquire();
      mutex.unlock();
      seen += data;
      mutex.lock();
      readers--;
      if (readers === 0) roomEmpty.release();
      mutex.unlock();
      wg.done();
    });
  }
  go(() => {
    roomEmpty.acquire();
    data = 1;
    roomEmpty.release();
    wg.done();
  });
  wg.wait();
}
`;
}

/** `n` threads increment a counter `times` times each, unsynchronised: the lost update. */
function lostUpdate(n: number, times: number): string {
  return `${HEADER}let count = 0;
export default function main() {
  const wg = new WaitGroup();
  wg.add(${n});
  for (let i = 0; i < ${n}; i++) {
    go(() => {
      ${'count++; '.repeat(times)}
      wg.done();
    });
  }
  wg.wait();
}
`;
}

export const CLASSICS: readonly { name: string; source: string }[] = [
  { name: 'Peterson', source: peterson(false) },
  { name: 'Peterson, broken (turn before flag)', source: peterson(true) },
  { name: 'Dekker', source: dekker() },
  { name: 'dining philosophers + footman, 3', source: philosophers(3, true) },
  { name: 'dining philosophers + footman, 4', source: philosophers(4, true) },
  { name: 'dining philosophers + footman, 5', source: philosophers(5, true) },
  { name: 'naive dining philosophers, 3 (deadlock)', source: philosophers(3, false) },
  { name: 'readers-writers lightswitch', source: lightswitch() },
  { name: 'lost update, 3 threads × 1', source: lostUpdate(3, 1) },
  { name: 'lost update, 3 threads × 2', source: lostUpdate(3, 2) },
];

/** Every interleaving by depth-first enumeration of every option (test/unit/explore/bruteForce.ts), capped. */
function naive(program: Program, maxRuns: number, maxMs: number): { runs: number; complete: boolean; ms: number } {
  const t0 = performance.now();
  let prefix: number[] = [];
  let runs = 0;
  for (;;) {
    const widths: number[] = [];
    const taken: number[] = [];
    simulate(program, {
      mode: 'untimed',
      chooser: {
        choose(point) {
          const d = taken.length;
          const idx = d < prefix.length ? prefix[d] : 0;
          widths.push(point.tasks?.size ?? point.options.length);
          taken.push(idx);
          return idx;
        },
      },
    });
    runs++;
    let d = taken.length - 1;
    while (d >= 0 && taken[d] + 1 >= widths[d]) d--;
    if (d < 0) return { runs, complete: true, ms: performance.now() - t0 };
    if (runs >= maxRuns || performance.now() - t0 > maxMs) return { runs, complete: false, ms: performance.now() - t0 };
    prefix = [...taken.slice(0, d), taken[d] + 1];
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface ClassicRow {
  readonly name: string;
  readonly naive: string;
  readonly dpor: string;
  readonly stateful: string;
}

/**
 * Runs the classic set. dpor gets `capMs` of wall clock, the naive enumerator `naiveMs` and
 * `naiveRuns` runs; a search that finishes in under 2 s is repeated `repeats` times and its
 * median reported.
 */
export function runClassicBench(repeats = 3, capMs = 20_000, naiveMs = 5_000, naiveRuns = 1_000_000): ClassicRow[] {
  const rows: ClassicRow[] = [];
  for (const c of CLASSICS) {
    const compiled = compileTypeScript(c.source, 'classic.sim.ts');
    if (!compiled.program) {
      rows.push({ name: c.name, naive: 'does not compile', dpor: compiled.errors.map((e) => e.message).join('; ').slice(0, 60), stateful: '' });
      continue;
    }
    const program = compiled.program;
    const naiveTimes: number[] = [];
    let nv = naive(program, naiveRuns, naiveMs);
    naiveTimes.push(nv.ms);
    while (nv.complete && naiveTimes.length < repeats && nv.ms < 2_000) {
      nv = naive(program, naiveRuns, naiveMs);
      naiveTimes.push(nv.ms);
    }
    const measure = (stateful: boolean): string => {
      const ms: number[] = [];
      const once = () => explore(program, { strategy: 'dpor', stateful, maxSchedules: 10_000_000, timeLimitMs: capMs, minimise: false });
      let r = once();
      ms.push(r.stats.elapsedMs);
      while (r.complete && ms.length < repeats && r.stats.elapsedMs < 2_000) {
        r = once();
        ms.push(r.stats.elapsedMs);
      }
      const kinds = [...new Set(r.findings.map((f) => f.kind))].sort().join(',') || 'none';
      const states = r.stats.search === 'stateful' ? `${r.stats.states} states` : stateful ? `states - (${r.stats.statelessBecause})` : 'states -';
      return `${r.schedules + r.stats.redundant} runs, ${states}, ${fmtMs(median(ms))}, ${r.complete ? 'complete' : 'NOT complete'}; ${kinds}`;
    };
    rows.push({
      name: c.name,
      naive: `${nv.complete ? '' : '> '}${nv.runs} runs, ${fmtMs(median(naiveTimes))}${nv.complete ? '' : ' (capped)'}`,
      dpor: measure(false),
      stateful: measure(true),
    });
  }
  return rows;
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function printClassicTable(rows: readonly ClassicRow[]): void {
  const W = [42, 36, 62, 62];
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(W[i])).join(' | ')} |`;
  console.log('\nExhaustive exploration, classic set (naive enumerator, dpor and stateful search, same run; medians)');
  console.log(line(['program', 'naive (every interleaving)', 'dpor (stateless)', 'stateful (sleep sets + visited states)']));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line([r.name, r.naive, r.dpor, r.stateful]));
}
