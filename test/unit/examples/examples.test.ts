/**
 * Every file in examples/ (the concept library: scenarios, `.sim.ts`, `.py`, Go programs)
 * parses and runs, and teaches what its description says.
 *
 * - Each `*.scenario.yaml` parses with no input errors, runs timed with the default seed
 *   to the end, and (unless it is marked as demonstrating a bug) none of its `final`,
 *   `max_inside` or `finishes_within` expectations is broken on that run.
 * - A correct example's run as written (the one `interleave run` judges, timed findings such
 *   as starvation included) reports nothing: it exits 0 and prints no warning.
 * - A file whose leading comment says `DEMONSTRATES A BUG` also says where the bug shows:
 *   `# finding: deadlock, lock-order (check)` or `(run)`. The test asserts that those
 *   finding kinds are reported, by a bounded `check` or by the default run; a `(run)` bug
 *   reports exactly those kinds, nothing else.
 * - Expectations about Go or Python behaviour are only meaningful once that runtime is
 *   modelled. Until `isRuntimeModelled(kind)` is true the engine runs threads semantics;
 *   those checks are then skipped (visibly) rather than passed.
 * - A few lessons are pinned beyond the `expect` list: the seeds' step tables, and the
 *   sweeps whose whole point is a number (1 core against 2, SMT 1.10× and 1.20×, ...).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuntimeModelled, simulate, type Program, type RunResult } from '../../../src/core';
import { explore } from '../../../src/core/explore';
import { compileSource } from '../../../src/frontends';
import { runProgram } from '../../../src/service/runs';

const ROOT = join(__dirname, '../../../examples');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    // Every format the concept library lists (go/NAME/main.go included; Go test files are `check`'s entry points).
    return /\.(scenario\.yaml|sim\.ts|py|go)$/.test(e.name) && !e.name.endsWith('_test.go') ? [p] : [];
  }).sort();
}

interface BugMark {
  readonly kinds: string[];
  readonly where: 'run' | 'check';
}

/** The `finding: KIND, KIND (run|check)` line that follows `DEMONSTRATES A BUG`. */
function bugMark(text: string): BugMark | undefined {
  if (!/^(#|\/\/).*DEMONSTRATES A BUG/m.test(text)) return undefined;
  const m = /^(?:#|\/\/) finding: ([a-z, -]+) \((run|check)\)$/m.exec(text);
  if (!m) throw new Error('a file that DEMONSTRATES A BUG needs a `finding: KINDS (run|check)` comment line');
  return { kinds: m[1].split(',').map((k) => k.trim()), where: m[2] as 'run' | 'check' };
}

function load(file: string): { program?: Program; errors: string[] } {
  const text = readFileSync(file, 'utf8');
  const r = compileSource(text, file);
  return {
    ...(r.program ? { program: r.program } : {}),
    errors: r.errors.map((e) => `${e.at.file}:${e.at.line}:${e.at.column}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`),
  };
}

function programOf(file: string): Program {
  const r = load(file);
  expect(r.errors).toEqual([]);
  return r.program!;
}

function run(program: Program, set?: Record<string, unknown>): RunResult {
  return simulate(program, { mode: 'timed', ...(set ? { set } : {}) });
}

/** Set when the run's runtime kind has no model registered (the engine then ran threads semantics). */
function runtimeMissing(r: RunResult): string | undefined {
  const kind = r.config.runtime.kind;
  return isRuntimeModelled(kind) ? undefined : `the ${kind} runtime is not modelled yet`;
}

const kindsOf = (r: { findings: readonly { kind: string }[] }) => [...new Set(r.findings.map((f) => f.kind))].sort();
const ms = (r: RunResult) => r.makespan_ns / 1e6;
/** When the last instance of each task name ends (`worker#2` counts as `worker`), ns. */
const endsByName = (r: RunResult): Record<string, number> => {
  const ends: Record<string, number> = {};
  for (const t of r.tasks) {
    const name = t.name.replace(/#\d+$/, '');
    ends[name] = Math.max(ends[name] ?? 0, t.end_ns ?? Infinity);
  }
  return ends;
};

const files = filesUnder(ROOT);

describe('examples/', () => {
  it('README.md indexes every example file', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const f of files) expect(readme, `README.md does not mention ${relative(ROOT, f)}`).toContain(relative(ROOT, f));
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    const bug = bugMark(text);

    describe(name, () => {
      it('parses with no input errors', () => {
        expect(load(file).errors).toEqual([]);
      });

      it(bug ? 'the default run ends without an engine error' : 'runs to the end on the default schedule', () => {
        const r = run(programOf(file));
        expect(r.error === undefined || bug !== undefined, r.error).toBe(true);
        if (!bug) expect(r.stopped).toBe('finished');
      });

      if (!bug && file.endsWith('.scenario.yaml')) {
        it('its final / max_inside / finishes_within expectations hold on the default run', (ctx) => {
          const r = run(programOf(file));
          const missing = runtimeMissing(r);
          if (missing) ctx.skip(missing);
          expect(r.findings.filter((f) => f.kind === 'expectation').map((f) => f.message)).toEqual([]);
        });
      }

      if (!bug) {
        it('`interleave run` reports nothing: no warning, exit 0 (timed findings such as starvation included)', () => {
          const { result } = runProgram(programOf(file), { set: {}, noSweep: true });
          expect(result.findings.map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
        });
      }

      if (!bug && /^sweep:/m.test(text)) {
        it('no sweep point prints "error": each expectation holds for the settings it is written for', () => {
          const { sweep } = runProgram(programOf(file), { set: {} });
          const failed = sweep.flatMap((p) => p.result.findings.filter((f) => f.kind === 'expectation').map((f) => `${JSON.stringify(p.set)} ${f.message}`));
          expect(failed).toEqual([]);
        });
      }

      if (bug) {
        it(`the bug is reported (${bug.kinds.join(', ')} by ${bug.where})`, () => {
          const program = programOf(file);
          if (bug.where === 'run') {
            // Exactly the findings it is about: `interleave run`'s, timed ones included.
            expect(kindsOf(runProgram(program, { set: {}, noSweep: true }).result)).toEqual([...bug.kinds].sort());
            return;
          }
          const found = kindsOf(explore(program, { strategy: 'dpor', maxSchedules: 60, timeLimitMs: 30_000 }));
          for (const k of bug.kinds) expect(found).toContain(k);
        });
      }
    });
  }
});

describe('lessons the examples pin', () => {
  const at = (rel: string) => programOf(join(ROOT, rel));

  it("semaphores/counting-step-table reproduces the walk-through's five steps, in order and on time", () => {
    const r = run(at('semaphores/counting-step-table.scenario.yaml'));
    const steps = r.log.filter((l) => l.text.startsWith('step '));
    expect(steps.map((l) => l.text.slice(0, 7))).toEqual(['step 1:', 'step 2:', 'step 3:', 'step 4:', 'step 5:']);
    expect(steps.map((l) => l.text)).toEqual([
      'step 1: T1 acquires, count 2 -> 1, T1 enters',
      'step 2: T2 acquires, count 1 -> 0, T2 enters',
      'step 3: T3 tries to acquire, count 0, T3 waits',
      'step 4: T1 releases, count 0 -> 1',
      'step 5: T3 acquires, count 1 -> 0, T3 enters (it was waiting)',
    ]);
    // T3 waits from 2 s and gets in exactly when T1 releases at 3 s.
    expect(steps[2].ns / 1e9).toBeCloseTo(2, 2);
    expect(steps[4].ns).toBeGreaterThanOrEqual(steps[3].ns);
    expect(steps[4].ns / 1e9).toBeCloseTo(3, 2);
  });

  it("mutexes/file-writer-step-table follows the walk-through's order", () => {
    const r = run(at('mutexes/file-writer-step-table.scenario.yaml'));
    expect(r.log.filter((l) => l.text.startsWith('step ')).map((l) => l.text.slice(0, 6)))
      .toEqual(['step 1', 'step 2', 'step 3', 'step 4', 'step 5']);
  });

  it('concurrency/one-core-vs-two: about 200 ms on one core, about 100 ms on two', () => {
    const p = at('concurrency/one-core-vs-two.scenario.yaml');
    const one = run(p, { 'machine.cores': 1 });
    const two = run(p, { 'machine.cores': 2 });
    expect(ms(one)).toBeGreaterThan(195);
    expect(ms(two)).toBeLessThan(105);
    expect(one.metrics.max_running).toBe(1);
    expect(two.metrics.max_running).toBe(2);
  });

  it('smt: two siblings give about 1.10x when CPU-bound and 1.20x when memory-bound', () => {
    const cpu = at('smt/cpu-bound-siblings.scenario.yaml');
    const alone = ms(run(cpu, { 'machine.smt': 1 }));
    expect(alone / ms(run(cpu))).toBeCloseTo(1.1, 1);
    const mem = run(at('smt/memory-bound-siblings.scenario.yaml'));
    expect(200 / ms(mem)).toBeCloseTo(1.2, 1);
  });

  it('semaphores/five-workers-two-permits: about 6 s however many cores', () => {
    const p = at('semaphores/five-workers-two-permits.scenario.yaml');
    for (const cores of [1, 2, 8]) expect(ms(run(p, { 'machine.cores': cores })) / 1000).toBeCloseTo(6, 1);
  });

  it('workloads: contended gets slower as cores are added when its waiters spin (the lock\'s lines move), stays flat when they sleep, while mixed keeps gaining', () => {
    const contended = at('workloads/contended.scenario.yaml');
    const c1 = run(contended, { 'machine.cores': 1 });
    const c4 = run(contended, { 'machine.cores': 4 });
    const c8 = run(contended, { 'machine.cores': 8 });
    expect(ms(c4)).toBeGreaterThan(1.05 * ms(c1));
    expect(ms(c8)).toBeGreaterThan(1.1 * ms(c4));
    expect(c1.metrics.cache_transfers).toBe(0);
    expect(c8.metrics.cache_transfers as number).toBeGreaterThan(c4.metrics.cache_transfers as number);
    // With sleeping waiters (the default futex wake-up) the lock stays where it is: flat, as the text says.
    const s1 = run(contended, { 'machine.cores': 1, 'runtime.thread_wake': '5us' });
    const s8 = run(contended, { 'machine.cores': 8, 'runtime.thread_wake': '5us' });
    expect(ms(s8)).toBeLessThan(1.05 * ms(s1));
    const mixed = at('workloads/mixed.scenario.yaml');
    expect(ms(run(mixed, { 'machine.cores': 8 }))).toBeLessThan(0.6 * ms(run(mixed, { 'machine.cores': 2 })));
  });

  it('caches/cache-hierarchy: each level down the ladder is slower, and a bigger L2 takes the 512 KiB set in', () => {
    const p = at('caches/cache-hierarchy.scenario.yaml');
    const small = endsByName(run(p));
    expect(small.in_registers).toBeLessThan(small.in_l1);
    expect(small.in_l1).toBeLessThan(small.in_l2);
    expect(small.in_l2).toBeLessThan(small.in_l3);
    expect(small.in_l3).toBeLessThan(small.in_ram);
    const big = endsByName(run(p, { 'machine.l2_kib': 1024 }));
    expect(big.in_l3 / small.in_l3).toBeLessThan(0.35);
  });

  it('smt/per-workload-type: the second hardware thread is worth most to memory-bound work and nothing to vector work', () => {
    const p = at('smt/per-workload-type.scenario.yaml');
    const phases = (r: RunResult) => {
      const e = endsByName(r);
      return [e.integer, e.memory_bound - e.integer, e.vector - e.memory_bound, e.io_bound - e.vector];
    };
    const [one, two] = [phases(run(p, { 'machine.smt': 1 })), phases(run(p, { 'machine.smt': 2 }))];
    const gain = one.map((t, i) => t / two[i]);
    expect(gain[0]).toBeCloseTo(1.1, 1);
    expect(gain[1]).toBeCloseTo(1.2, 1);
    expect(gain[2]).toBeCloseTo(1.0, 2);
    expect(Math.abs(gain[3] - 1)).toBeLessThan(0.05);
  });

  it('simd and gpu: a wider vector unit helps the data-parallel loop; offloading pays only with much work per byte and per launch', () => {
    const simd = at('simd/vector-width.scenario.yaml');
    expect(ms(run(simd, { 'machine.vector_width': 1 })) / ms(run(simd, { 'machine.vector_width': 8 }))).toBeGreaterThan(2.5);
    const ends = (file: string) => endsByName(run(at(file)));
    const pays = ends('gpu/offload-pays.scenario.yaml');
    expect(pays.on_gpu * 5).toBeLessThan(pays.on_cpu);
    const copy = ends('gpu/offload-copy-bound.scenario.yaml');
    expect(copy.add_on_gpu).toBeGreaterThan(copy.add_on_cpu);
    const small = ends('gpu/offload-small-data.scenario.yaml');
    expect(small.small_on_gpu).toBeGreaterThan(small.small_on_cpu);
  });

  it('gil/cpu-threads-serialised: two CPU-bound Python threads take as long as one after the other', (ctx) => {
    const r = run(at('gil/cpu-threads-serialised.scenario.yaml'));
    if (runtimeMissing(r)) ctx.skip(runtimeMissing(r));
    expect(ms(r)).toBeGreaterThan(190);
    expect(r.metrics.gil_switches).toBeGreaterThan(0);
  });

  it('parallelism/go-parallel-cpu: GOMAXPROCS=1 about twice as long as GOMAXPROCS=2', (ctx) => {
    const p = at('parallelism/go-parallel-cpu.scenario.yaml');
    const one = run(p, { 'runtime.gomaxprocs': 1 });
    if (runtimeMissing(one)) ctx.skip(runtimeMissing(one));
    const two = run(p, { 'runtime.gomaxprocs': 2 });
    expect(ms(one) / ms(two)).toBeCloseTo(2, 0);
  });

  it('gomaxprocs/hundred-goroutines: never more than GOMAXPROCS goroutines running', (ctx) => {
    const p = at('gomaxprocs/hundred-goroutines.scenario.yaml');
    const eight = run(p);
    if (runtimeMissing(eight)) ctx.skip(runtimeMissing(eight));
    expect(eight.metrics.max_running).toBeLessThanOrEqual(8);
    expect(run(p, { 'runtime.gomaxprocs': 1 }).metrics.max_running).toBe(1);
  });

  it('syscalls/blocking-syscall-handoff: the P is handed off and the others keep running', (ctx) => {
    const r = run(at('syscalls/blocking-syscall-handoff.scenario.yaml'));
    if (runtimeMissing(r)) ctx.skip(runtimeMissing(r));
    expect(r.metrics.handoffs).toBeGreaterThanOrEqual(1);
    expect(ms(r)).toBeLessThan(55);
  });

  it('channels/pipeline.sim.ts adds up the squares to 385', () => {
    const r = run(at('channels/pipeline.sim.ts'));
    expect(r.stopped).toBe('finished');
    expect(r.returned).toBe(385);
  });

  it('python/pool-map.py: four processes take under a third of the time the same chunks take in a ThreadPoolExecutor', () => {
    const processes = run(at('python/pool-map.py'));
    const threads = run(at('python/executor-threads-cpu.py'));
    expect(processes.log.at(-1)!.text).toBe('sum = 799999980000000');
    expect(threads.log.at(-1)!.text).toBe('sum = 799999980000000');
    expect(ms(processes) / ms(threads)).toBeLessThan(1 / 3);
    expect(threads.metrics.gil_switches).toBeGreaterThan(10);
  });

  it('python/pipeline-queue.py: the stages overlap, so five pages take ~550 ms, not 5 × 150', () => {
    const r = run(at('python/pipeline-queue.py'));
    expect(r.log.filter((l) => l.text.startsWith('stored')).map((l) => Math.round(l.ns / 1e7) * 10)).toEqual([150, 250, 350, 450, 550]);
  });

  it('go/array-sum: the parts run on 4 Ps at once, about 3× quicker than on 1', () => {
    const p = at('go/array-sum/main.go');
    const part = (r: RunResult) => Number(/in (\d+)µs/.exec(r.log.at(-1)!.text)![1]);
    const one = run(p, { 'runtime.gomaxprocs': 1 });
    const four = run(p, { 'runtime.gomaxprocs': 4 });
    expect(one.log.at(-1)!.text).toMatch(/^total steps: 134100 /);
    expect(part(one) / part(four)).toBeGreaterThan(2.5);
  });

  // The programs whose output does not depend on the schedule print what the real runtimes print.
  for (const [file, command] of [['python/timed-lock.py', ['python3']], ['python/pipeline-queue.py', ['python3']], ['go/csp-select/main.go', ['go', 'run']], ['go/actors/main.go', ['go', 'run']]] as const) {
    const [tool, ...args] = command;
    it.runIf(spawnSync(tool, ['--version']).status === 0 || spawnSync(tool, ['version']).status === 0)(`${file} prints what \`${command.join(' ')}\` prints`, () => {
      const real = spawnSync(tool, [...args, join(ROOT, file)], { encoding: 'utf8', cwd: ROOT, timeout: 120_000 });
      expect(real.status, real.stderr).toBe(0);
      // A real run's timing line ("took 0.58 s") is the one that differs.
      const lines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('took '));
      expect(run(at(file)).log.map((l) => l.text).filter((l) => !l.startsWith('took '))).toEqual(lines(real.stdout));
    }, 130_000);
  }
});
