/**
 * Go tests as entry points (issue 25): each `func TestXxx(t *testing.T)` of a package's
 * `_test.go` files is its own program, run the way `go test` runs it (src/testing/testing.go
 * of Go 1.19: tRunner, T.Run, T.Parallel, T.FailNow, T.Cleanup), on the simulated G/M/P.
 *
 * The subset of `testing`: t.Error/Errorf/Fatal/Fatalf/Fail/FailNow/Log/Logf/Skip/Skipf/
 * SkipNow/Helper (a failure in a helper is reported at its caller's line)/Cleanup/Run/Parallel/Name/Failed/Skipped, testing.Short() (false, as
 * without -short) and testing.Verbose() (false). Everything else of `testing` is refused
 * by subset.ts at its line.
 *
 * What a run of one test is (tRunner):
 * - the test function runs on the program's main task (named after the test); FailNow,
 *   Fatal and Skip end the goroutine that calls them with runtime.Goexit (deferred calls
 *   run, nothing recovers it);
 * - each t.Error/Fatal/Fail is an `assertion` finding at its line, so a test that fails on
 *   some schedule is a finding with that schedule;
 * - after the function: parallel subtests are released and awaited, then the cleanups run,
 *   last registered first;
 * - then goleak's check (go.uber.org/goleak: VerifyNone retries until the other goroutines
 *   end or stay blocked): main joins every goroutine the test started with a timeout
 *   (`LEAK_WAIT_NS`). One that ends is fine; one blocked for good makes the join time out and
 *   stays blocked when the test returns, which the core reports as a leak. A goroutine still
 *   running or asleep when the wait times out is abandoned, as goleak gives up on it.
 *
 * Simplifications: top-level t.Parallel() is a no-op (each test is explored alone, so the
 * interleavings of two parallel top-level tests are not); `-run` selects top-level
 * tests only (a pattern with `/` matches on its first element).
 */
import type { Op, SourceRange } from '../../core/program';
import type { Interp } from './interp';
import type { GoModel } from './model';
import { type Gen, Goroutine, panicAt } from './scope';
import { type GoNode, sig, textOf } from './syntax';
import { GoChan, GoExit, GoFunc, sprintf, sprintln } from './values';

/** How long the test's end waits for its goroutines (goleak's default retries come to about this). */
export const LEAK_WAIT_NS = 1_000_000_000;

/** What a test's program returns when the test called t.Skip (and did not fail first). */
export { ENTRY_SKIPPED as SKIPPED } from '../frontEnd';

/** `go test`'s rule for a test's name: `Test`, then nothing or a character that is not a lower-case letter. */
export const TEST_NAME = /^Test(?![a-z])/;

/** A *testing.T. */
export class GoTestingT {
  failed = false;
  skipped = false;
  /** The test function and its cleanups are over: a Log now is Go's "Log in goroutine after … has completed". */
  finished = false;
  parallel = false;
  readonly cleanups: { fn: unknown; at: SourceRange }[] = [];
  /** Subtests that called t.Parallel: released when this test's function returns, then awaited. */
  readonly parallelSubs: GoTestingT[] = [];
  /** A subtest tells its t.Run here that it went parallel, and that it ended. */
  signal?: GoChan;
  /** A parallel subtest waits here until its parent's function returns. */
  release?: GoChan;
  private readonly subNames = new Map<string, number>();
  /** Functions that called t.Helper: a failure inside one is reported at its caller's line. */
  readonly helpers = new Set<unknown>();

  constructor(readonly name: string, readonly parent?: GoTestingT) {}

  /** How fmt prints a *testing.T. */
  toString(): string {
    return `&testing.T{${this.name}}`;
  }

  /** testing.go: rewrite and the "#01" suffix of a repeated subtest name. */
  subName(name: string): string {
    const base = `${this.name}/${name.replace(/\s/g, '_')}`;
    const n = this.subNames.get(base) ?? 0;
    this.subNames.set(base, n + 1);
    return n === 0 ? base : `${base}#${String(n).padStart(2, '0')}`;
  }

  fail(): void {
    this.failed = true;
    this.parent?.fail();
  }
}

/** The test functions of the package's `_test.go` files, in source order. */
export function testFunctions(m: GoModel): { name: string; decl: GoNode; at: SourceRange }[] {
  const out: { name: string; decl: GoNode; at: SourceRange }[] = [];
  for (const [name, decl] of m.funcs) {
    if (!TEST_NAME.test(name)) continue;
    const at = m.at(decl.k.find((c) => c.t === 'DefName') ?? decl);
    if (!at.file.endsWith('_test.go')) continue;
    out.push({ name, decl, at });
  }
  return out;
}

/** Whether a declaration is `func TestXxx(t *testing.T)` (go vet's check: one *testing.T parameter, no results). */
export function testSignatureProblem(decl: GoNode, text: string): string | undefined {
  const params = decl.k.filter((c) => c.t === 'Parameters');
  const list = params[0] ? sig(params[0]) : [];
  const ok = params.length === 1 && list.length === 1 && /^\*\s*testing\.T$/.test(textOf(sig(list[0]).filter((c) => c.t !== 'DefName')[0] ?? list[0], text).trim());
  return ok ? undefined : 'a test function must be func TestXxx(t *testing.T)';
}

/** `file.go:12` as go test prefixes a test's log line (testing.go: decorate). */
function where(at: SourceRange): string {
  return `${at.file.split(/[\\/]/).pop()}:${at.line}`;
}

function* logLine(it: Interp, t: GoTestingT, text: string, at: SourceRange, g: Goroutine): Gen<void> {
  if (t.finished) {
    throw panicAt(at, `Log in goroutine after ${t.name} has completed: ${text}`);
  }
  yield* it.emit({ op: 'print', text: `    ${where(at)}: ${text}`, at }, g);
}

/** The failure as a finding at the line that failed: the test fails on this schedule. */
function* failAt(it: Interp, t: GoTestingT, text: string, at: SourceRange, g: Goroutine): Gen<void> {
  t.fail();
  const message = `${t.name} failed: ${where(at)}: ${text}`;
  const op: Op = { op: 'assert', ok: false, message, at, finding: { kind: 'assertion', related: [] } };
  yield* it.emit(op, g);
}

/** testing.go: frameSkip: the line of the first caller that is not a helper. */
function reported(t: GoTestingT, at: SourceRange, g: Goroutine): SourceRange {
  let line = at;
  for (let i = g.calls.length - 1; i >= 0 && t.helpers.has(g.calls[i].fn); i--) line = g.calls[i].at;
  return line;
}

/** A method of *testing.T (testing.go: common and T). */
export function* testingMethod(it: Interp, t: GoTestingT, method: string, args: unknown[], callAt: SourceRange, g: Goroutine): Gen<unknown> {
  const at = method === 'Helper' ? callAt : reported(t, callAt, g);
  const text = (): string => (method.endsWith('f') && method !== 'Fail' ? sprintf(String(args[0]), args.slice(1)) : sprintln(args));
  switch (method) {
    case 'Log': case 'Logf':
      yield* logLine(it, t, text(), at, g);
      return undefined;
    case 'Error': case 'Errorf':
      yield* logLine(it, t, text(), at, g);
      yield* failAt(it, t, text(), at, g);
      return undefined;
    case 'Fatal': case 'Fatalf':
      yield* logLine(it, t, text(), at, g);
      yield* failAt(it, t, text(), at, g);
      throw new GoExit(at);
    case 'Fail':
      yield* failAt(it, t, 'the test called t.Fail', at, g);
      return undefined;
    case 'FailNow':
      yield* failAt(it, t, 'the test called t.FailNow', at, g);
      throw new GoExit(at);
    case 'Skip': case 'Skipf':
      yield* logLine(it, t, text(), at, g);
      t.skipped = true;
      throw new GoExit(at);
    case 'SkipNow':
      t.skipped = true;
      throw new GoExit(at);
    case 'Helper':
      if (g.calls.length > 0) t.helpers.add(g.calls[g.calls.length - 1].fn);
      return undefined;
    case 'Name': return t.name;
    case 'Failed': return t.failed;
    case 'Skipped': return t.skipped;
    case 'Cleanup':
      t.cleanups.push({ fn: args[0], at });
      return undefined;
    case 'Parallel': return yield* parallel(it, t, at, g);
    case 'Run': return yield* runSubtest(it, t, String(args[0]), args[1], at, g);
  }
  throw panicAt(at, `testing.T.${method} is not supported yet`);
}

/** t.Parallel (testing.go): a subtest lets its t.Run return and waits for its parent's function to end. */
function* parallel(it: Interp, t: GoTestingT, at: SourceRange, g: Goroutine): Gen<unknown> {
  if (t.parallel) throw panicAt(at, 'testing: t.Parallel called multiple times');
  t.parallel = true;
  // A top-level test is explored alone: there is no other test to run beside it.
  if (!t.parent || !t.signal || !t.release) return undefined;
  yield* it.send(t.signal, 'parallel', at, g);
  yield* it.recv(t.release, at, g);
  return undefined;
}

/** t.Run (testing.go): the subtest in its own goroutine; returns when it ends or calls t.Parallel. */
function* runSubtest(it: Interp, t: GoTestingT, name: string, fn: unknown, at: SourceRange, g: Goroutine): Gen<unknown> {
  if (!(fn instanceof GoFunc)) throw panicAt(at, 't.Run needs a func(t *testing.T)');
  const sub = new GoTestingT(t.subName(name), t);
  sub.signal = yield* it.makeChan(`${sub.name} signal`, 2, at, g);
  sub.release = yield* it.makeChan(`${sub.name} barrier`, 0, at, g);
  const g2 = new Goroutine();
  const body = (): Gen<unknown> => it.goroutine(null, [], at, g2, () => runTest(it, sub, fn, at, g2));
  const ids = yield* it.emit({ op: 'spawn', body, name: sub.name, count: 1, at }, g);
  it.subtests.push(...(ids as number[]));
  const first = yield* it.recv(sub.signal, at, g);
  if (first.value === 'parallel') {
    t.parallelSubs.push(sub);
    return true;
  }
  return !sub.failed;
}

/** tRunner: the function, then its parallel subtests, then its cleanups (last first). */
export function* runTest(it: Interp, t: GoTestingT, fn: unknown, at: SourceRange, g: Goroutine): Gen<unknown> {
  try {
    yield* it.call(fn, [t], at, g);
  } catch (e) {
    if (!(e instanceof GoExit)) throw e;
  }
  for (const sub of t.parallelSubs) yield* it.closeChan(sub.release!, at, g);
  for (const sub of t.parallelSubs) yield* it.recv(sub.signal!, at, g);
  while (t.cleanups.length > 0) {
    const c = t.cleanups.pop()!;
    try {
      yield* it.call(c.fn, [], c.at, g);
    } catch (e) {
      if (!(e instanceof GoExit)) throw e;
    }
  }
  t.finished = true;
  if (t.signal) yield* it.send(t.signal, 'done', at, g);
  return undefined;
}

/**
 * goleak's check as the test returns: wait (with a timeout) for every goroutine the test
 * started; one blocked for good is left blocked, and the core reports it as a leak.
 */
export function* awaitGoroutines(it: Interp, at: SourceRange, g: Goroutine): Gen<void> {
  const ids = it.spawned.filter((id) => !it.subtests.includes(id));
  if (ids.length === 0) return;
  yield* it.emit({ op: 'join', tasks: ids, timeoutNs: LEAK_WAIT_NS, at }, g);
}

/** A test's name as `-run` sees it. */
export function runMatches(pattern: RegExp | undefined, name: string): boolean {
  return !pattern || pattern.test(name);
}
