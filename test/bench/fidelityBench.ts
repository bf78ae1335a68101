/**
 * `npm run bench -- fidelity` (and the end of `npm run bench`): the figures that depend on
 * what single operations cost and how long waking takes (issue 13), simulated and measured
 * on this machine in the same run with real Go (the programs in fidelity/*.go) and python3
 * (fidelity/gil_convoy.py). Each row prints the simulated figure, the real one and their
 * ratio; the target is within 50% (0.5×–1.5×) and, for the sleepers, the same order.
 * Machines are noisy, so it prints and never fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/core/index';
import type { ConfigInput, Op, Program, SourceRange, TaskBody } from '../../src/core/program';

/** npm run bench runs from the repository root. */
const ROOT = process.cwd();
const DIR = join(ROOT, 'test/bench/fidelity');
const at: SourceRange = { file: 'fidelity', line: 1, column: 1, endLine: 1, endColumn: 2 };

function program(main: TaskBody, config: ConfigInput, extra: Partial<Program> = {}): Program {
  return { file: 'fidelity', name: 'fidelity', config, vars: [], objects: [], main, mainAt: at, expects: [], sweep: [], at, ...extra };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `--set` overrides (`runtime.chan_op: '0ns'`): what a unit test turns off to see a figure change. */
type Settings = Readonly<Record<string, unknown>>;

const sync = (obj: string, action: 'lock' | 'unlock' | 'send' | 'recv' | 'add' | 'done' | 'wait', value?: unknown): Op =>
  ({ op: 'sync', obj, action, value, at } as Op);
const compute = (ns: number): Op => ({ op: 'compute', ns, work: 'cpu', at });

// ---- the simulated programs (the same shapes as fidelity/*.go and gil_convoy.py) ----

/** pingpong.go: unbuffered ping-pong; ns per round trip. */
export function simPingPong(gomaxprocs: number, rounds = 20_000, set: Settings = {}): number {
  const echo: TaskBody = function* () {
    for (;;) {
      const v = yield sync('ping', 'recv');
      yield sync('pong', 'send', v);
    }
  };
  const main: TaskBody = function* () {
    yield { op: 'spawn', body: echo, name: 'echo', count: 1, at };
    yield { op: 'print', text: 'start', at };
    for (let i = 0; i < rounds; i++) {
      yield sync('ping', 'send', i);
      yield sync('pong', 'recv');
    }
    yield { op: 'print', text: 'end', at };
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs } }, {
    objects: [{ id: 'ping', name: 'ping', kind: 'channel', size: 0 }, { id: 'pong', name: 'pong', kind: 'channel', size: 0 }],
  }), { mode: 'timed', set, budget: { events: 50_000_000 } });
  if (r.stopped !== 'finished') throw new Error(`ping-pong: ${r.stopped} ${r.error ?? ''}`);
  return (r.log[1].ns - r.log[0].ns) / rounds;
}

/** starvation.go: a hog relocks at once after each 20 µs critical section; the victim's wait in ms. */
export function simStarvation(gomaxprocs: number, set: Settings = {}): number {
  const hog: TaskBody = function* () {
    for (;;) {
      yield sync('mu', 'lock');
      yield compute(20_000);
      yield sync('mu', 'unlock');
    }
  };
  const main: TaskBody = function* () {
    yield { op: 'spawn', body: hog, name: 'hog', count: 1, at };
    yield { op: 'sleep', ns: 1_000_000, at };
    yield { op: 'print', text: 'start', at };
    yield sync('mu', 'lock');
    yield { op: 'print', text: 'got', at };
    yield sync('mu', 'unlock');
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs } }, {
    objects: [{ id: 'mu', name: 'mu', kind: 'mutex' }],
  }), { mode: 'timed', set, budget: { events: 50_000_000 } });
  if (r.stopped !== 'finished') throw new Error(`starvation: ${r.stopped} ${r.error ?? ''}`);
  return (r.log[1].ns - r.log[0].ns) / 1e6;
}

/** examples/go/many-goroutines: 100,000 `go func() { wg.Done() }()`, then wg.Wait; ms. */
export function simManyGoroutines(gomaxprocs: number, n = 100_000, set: Settings = {}): number {
  const worker: TaskBody = function* () { yield sync('wg', 'done'); };
  const main: TaskBody = function* () {
    yield sync('wg', 'add', n);
    for (let i = 0; i < n; i++) yield { op: 'spawn', body: worker, name: 'w', count: 1, at };
    yield sync('wg', 'wait');
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs } }, {
    objects: [{ id: 'wg', name: 'wg', kind: 'waitgroup' }],
  }), { mode: 'timed', set, budget: { events: 50_000_000, tasks: n + 10 } });
  if (r.stopped !== 'finished') throw new Error(`many goroutines: ${r.stopped} ${r.error ?? ''}`);
  return r.makespan_ns / 1e6;
}

/** sleepers.go: A and B each sleep 1 ms at GOMAXPROCS=1; the order they wake in. */
export function simSleepers(set: Settings = {}): string {
  const sleeper = (name: string): TaskBody => function* () {
    yield { op: 'sleep', ns: 1_000_000, at };
    yield { op: 'print', text: name, at };
    yield sync('wg', 'done');
  };
  const main: TaskBody = function* () {
    yield sync('wg', 'add', 2);
    yield { op: 'spawn', body: sleeper('A'), name: 'A', count: 1, at };
    yield { op: 'spawn', body: sleeper('B'), name: 'B', count: 1, at };
    yield sync('wg', 'wait');
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs: 1 } }, {
    objects: [{ id: 'wg', name: 'wg', kind: 'waitgroup' }],
  }), { mode: 'timed', set });
  if (r.stopped !== 'finished') throw new Error(`sleepers: ${r.stopped} ${r.error ?? ''}`);
  return r.log.map((l) => l.text).join('');
}

/**
 * sleepers_busy.go: A sleeps 1 ms and B 2 ms while main computes 5 ms at GOMAXPROCS=1; both
 * timers expire on the running P and run at main's wg.Wait, the last readied first.
 */
export function simSleepersBusy(set: Settings = {}): string {
  const sleeper = (name: string, ns: number): TaskBody => function* () {
    yield { op: 'sleep', ns, at };
    yield { op: 'print', text: name, at };
    yield sync('wg', 'done');
  };
  const main: TaskBody = function* () {
    yield sync('wg', 'add', 2);
    yield { op: 'spawn', body: sleeper('A', 1_000_000), name: 'A', count: 1, at };
    yield { op: 'spawn', body: sleeper('B', 2_000_000), name: 'B', count: 1, at };
    yield { op: 'yield', at }; // runtime.Gosched: both start sleeping
    yield compute(5_000_000);
    yield sync('wg', 'wait');
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs: 1 } }, {
    objects: [{ id: 'wg', name: 'wg', kind: 'waitgroup' }],
  }), { mode: 'timed', set });
  if (r.stopped !== 'finished') throw new Error(`busy sleepers: ${r.stopped} ${r.error ?? ''}`);
  return r.log.map((l) => l.text).join('');
}

/**
 * short_sleeps.go: one goroutine sleeping `ns` 100 times at GOMAXPROCS=1, nothing else to
 * run; the 100 sleeps' elapsed ms. Each ends when the idle M's epoll_wait returns, whose
 * timeout is whole milliseconds (netpoll_epoll.go: netpoll).
 */
export function simShortSleeps(ns = 100_000, set: Settings = {}): number {
  const main: TaskBody = function* () {
    yield { op: 'sleep', ns: 1_000_000, at }; // short_sleeps.go's first sleep (the netpoller's set-up)
    yield { op: 'print', text: 'start', at };
    for (let i = 0; i < 100; i++) yield { op: 'sleep', ns, at };
    yield { op: 'print', text: 'end', at };
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'go', gomaxprocs: 1 } }), { mode: 'timed', set });
  if (r.stopped !== 'finished') throw new Error(`short sleeps: ${r.stopped} ${r.error ?? ''}`);
  const ns0 = r.log.filter((l) => l.text === 'start' || l.text === 'end').map((l) => l.ns);
  return (ns0[1] - ns0[0]) / 1e6;
}

/**
 * gil_convoy.py: a CPU-bound thread beside an I/O thread doing 100 short reads; each read's
 * elapsed ns (the I/O thread prints after each). Alone, an iteration takes about 1.6 µs
 * here: the `read(2)` of /dev/zero (about 1 µs, the GIL released around it) and 0.6 µs of
 * bytecode and the bytes object. Each read races the CPU-bound thread drop_gil signalled:
 * a lost race waits a switch interval (ceval_gil.c: take_gil's COND_TIMED_WAIT, then
 * SET_GIL_DROP_REQUEST). `seed` draws the GIL wake-ups' jitter (runtime.gil_wake_spread).
 */
export function simGilConvoyReads(readNs = 1_000, set: Settings = {}, seed?: number): number[] {
  const spin: TaskBody = function* () { yield compute(10_000_000_000); };
  const main: TaskBody = function* () {
    yield { op: 'spawn', body: spin, name: 'spin', count: 1, at };
    yield { op: 'sleep', ns: 10_000_000, at };
    yield { op: 'print', text: 'start', at };
    for (let i = 0; i < 100; i++) {
      yield { op: 'io', ns: readNs, at };
      yield { op: 'print', text: 'read', at };
      yield compute(600); // the loop's bytecode and the bytes object
    }
  };
  const r = simulate(program(main, { machine: { cores: 2 }, runtime: { kind: 'python' } }),
    { mode: 'timed', set, budget: { events: 50_000_000 }, ...(seed !== undefined ? { seed } : {}) });
  if (r.stopped !== 'finished') throw new Error(`GIL convoy: ${r.stopped} ${r.error ?? ''}`);
  const ns = r.log.filter((l) => l.text === 'start' || l.text === 'read').map((l) => l.ns);
  return ns.slice(1).map((t, i) => t - ns[i]);
}

/** The GIL convoy's 100 reads, elapsed ms (gil_convoy.py's second number). */
export function simGilConvoy(readNs = 1_000, set: Settings = {}, seed?: number): number {
  return simGilConvoyReads(readNs, set, seed).reduce((a, b) => a + b, 0) / 1e6;
}

// ---- the real programs ----

function goBuild(name: string, src: string): string | null {
  const bin = join(mkdtempSync(join(tmpdir(), 'interleave-fidelity-')), name);
  const built = spawnSync('go', ['build', '-o', bin, src], { cwd: ROOT, encoding: 'utf8' });
  return built.status === 0 ? bin : null;
}

function runGo(bin: string, procs: number, runs: number, parse: (out: string) => number): number {
  return median(Array.from({ length: runs }, () => {
    const r = spawnSync(bin, [], { env: { ...process.env, GOMAXPROCS: String(procs) }, encoding: 'utf8' });
    return parse(r.stdout);
  }));
}

const lastNumber = (out: string): number => Number(/([\d.]+)\s*$/.exec(out.trim())![1]);
const elapsedMs = (out: string): number => {
  const m = /in ([\d.]+)(ms|µs|s)\s*$/.exec(out.trim())!;
  return Number(m[1]) * (m[2] === 's' ? 1e3 : m[2] === 'µs' ? 1e-3 : 1);
};

export interface FidelityRow {
  readonly name: string;
  readonly sim: string;
  readonly real: string;
  /** sim ÷ real, or null (an order, or not measured). */
  readonly ratio: number | null;
  readonly ok: boolean | null;
}

export function runFidelityBench(runs = 5): { rows: FidelityRow[]; note: string } {
  const rows: FidelityRow[] = [];
  const num = (name: string, sim: number, real: number | null, unit: string, digits = 2): void => {
    const ratio = real === null ? null : sim / real;
    rows.push({
      name, sim: `${sim.toFixed(digits)} ${unit}`, real: real === null ? 'not run' : `${real.toFixed(digits)} ${unit}`,
      ratio, ok: ratio === null ? null : ratio >= 0.5 && ratio <= 1.5,
    });
  };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  const haveGo = go.status === 0;
  const bin = (name: string, src: string) => (haveGo ? goBuild(name, src) : null);
  const pingpong = bin('pingpong', 'test/bench/fidelity/pingpong.go');
  const starvation = bin('starvation', 'test/bench/fidelity/starvation.go');
  const many = bin('many', 'examples/go/many-goroutines/main.go');
  const sleepers = bin('sleepers', 'test/bench/fidelity/sleepers.go');
  const sleepersBusy = bin('sleepers_busy', 'test/bench/fidelity/sleepers_busy.go');
  const shortSleeps = bin('short_sleeps', 'test/bench/fidelity/short_sleeps.go');

  for (const p of [1, 4]) {
    num(`chan ping-pong round trip, GOMAXPROCS=${p}`, simPingPong(p), pingpong ? runGo(pingpong, p, runs, lastNumber) : null, 'ns', 0);
  }
  for (const p of [1, 2]) {
    num(`mutex starvation, victim's wait, GOMAXPROCS=${p}`, simStarvation(p), starvation ? runGo(starvation, p, runs, lastNumber) : null, 'ms', 3);
  }
  const sim1 = simManyGoroutines(1), sim2 = simManyGoroutines(2);
  const real1 = many ? runGo(many, 1, runs, elapsedMs) : null, real2 = many ? runGo(many, 2, runs, elapsedMs) : null;
  num('100,000 goroutines, GOMAXPROCS=1', sim1, real1, 'ms', 1);
  num('100,000 goroutines, GOMAXPROCS=2', sim2, real2, 'ms', 1);
  num('100,000 goroutines, 1→2 speed-up', sim1 / sim2, real1 !== null && real2 !== null ? real1 / real2 : null, '×');
  const simOrder = simSleepers();
  const realOrder = sleepers ? spawnSync(sleepers, [], { env: { ...process.env, GOMAXPROCS: '1' }, encoding: 'utf8' }).stdout.trim() : null;
  rows.push({ name: 'two sleepers (A started first), wake order, GOMAXPROCS=1', sim: simOrder, real: realOrder ?? 'not run', ratio: null,
    ok: realOrder === null ? null : simOrder === realOrder });
  const simBusy = simSleepersBusy();
  const realBusy = sleepersBusy ? spawnSync(sleepersBusy, [], { env: { ...process.env, GOMAXPROCS: '1' }, encoding: 'utf8' }).stdout.trim() : null;
  rows.push({ name: 'two sleepers expiring on a running P, order, GOMAXPROCS=1', sim: simBusy, real: realBusy ?? 'not run', ratio: null,
    ok: realBusy === null ? null : simBusy === realBusy });
  num('100 sleeps of 100 µs, every P idle, GOMAXPROCS=1', simShortSleeps(), shortSleeps ? runGo(shortSleeps, 1, runs, lastNumber) : null, 'ms', 1);
  const py = spawnSync('python3', [join(DIR, 'gil_convoy.py')], { encoding: 'utf8' });
  const convoys = py.status === 0 ? Array.from({ length: runs }, () => {
    const out = spawnSync('python3', [join(DIR, 'gil_convoy.py')], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
    return Number(out[1]);
  }) : null;
  num('GIL convoy: 100 short reads beside a CPU-bound thread', simGilConvoy(), convoys ? median(convoys) : null, 'ms', 1);
  const pyVersion = spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { rows, note: `${haveGo ? go.stdout.trim() : 'go not installed (apt-get install golang-go)'}; ${pyVersion || 'python3 not found'}` };
}

export function printFidelityTable(out: { rows: FidelityRow[]; note: string }): void {
  const W = [58, 14, 14, 8, 4];
  const line = (c: string[]) => `| ${c.map((x, i) => (i >= 1 && i <= 3 ? x.padStart(W[i]) : x.padEnd(W[i]))).join(' | ')} |`;
  console.log(`\nFidelity (issue 13): simulated against real, this machine, same run (${out.note}; load average ` +
    `${loadavg()[0].toFixed(1)}: a loaded machine inflates the real figures, and can flip the sleepers' order)`);
  console.log(line(['measure', 'simulated', 'real', 'sim÷real', 'ok']));
  console.log(`|${W.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of out.rows) {
    console.log(line([r.name, r.sim, r.real, r.ratio === null ? '' : r.ratio.toFixed(2) + '×', r.ok === null ? '' : r.ok ? 'yes' : 'NO']));
  }
}
