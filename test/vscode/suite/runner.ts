/**
 * A small test runner for the extension host: `test(name, fn)` registers, `runAll()` runs
 * them in order with a timeout each. Results go to the console and, when the harness set
 * INTERLEAVE_TEST_RESULTS, as JSON lines to that file (the browser harness reads it;
 * the extension host's console is not always forwarded).
 */
import { appendFileSync } from 'node:fs';

interface TestCase {
  readonly name: string;
  readonly fn: () => Promise<void> | void;
  readonly timeoutMs: number;
}

export interface TestOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly ms: number;
  readonly error?: string;
}

const cases: TestCase[] = [];

/** The default limit is for a loaded 2-core machine: a test fails on a wrong answer, not a slow one. */
export function test(name: string, fn: () => Promise<void> | void, timeoutMs = 90_000): void {
  cases.push({ name, fn, timeoutMs });
}

function record(line: object): void {
  const file = process.env.INTERLEAVE_TEST_RESULTS;
  if (file) appendFileSync(file, JSON.stringify(line) + '\n');
}

async function runOne(testCase: TestCase): Promise<TestOutcome> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(testCase.fn),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${testCase.timeoutMs} ms`)), testCase.timeoutMs);
      }),
    ]);
    return { name: testCase.name, passed: true, ms: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name: testCase.name, passed: false, ms: Date.now() - started, error: message };
  } finally {
    clearTimeout(timer);
  }
}

export async function runAll(vscodeVersion: string): Promise<TestOutcome[]> {
  // INTERLEAVE_TEST_FILTER (a regular expression on test names) runs a few, while working on them.
  const filter = process.env.INTERLEAVE_TEST_FILTER ? new RegExp(process.env.INTERLEAVE_TEST_FILTER) : undefined;
  const chosen = filter ? cases.filter((c) => filter.test(c.name)) : cases;
  record({ event: 'start', vscodeVersion, tests: chosen.length });
  const outcomes: TestOutcome[] = [];
  for (const testCase of chosen) {
    const outcome = await runOne(testCase);
    outcomes.push(outcome);
    record({ event: 'test', ...outcome });
    console.log(`${outcome.passed ? '  ✓' : '  ✗'} ${outcome.name} (${outcome.ms} ms)${outcome.error ? `\n${outcome.error}` : ''}`);
  }
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  record({ event: 'end', passed: outcomes.length - failed, failed });
  console.log(`${outcomes.length - failed} passed, ${failed} failed (extension host, VS Code ${vscodeVersion})`);
  return outcomes;
}

/** Runs every registered test; throws (so VS Code reports a failure) when any failed. */
export async function runSuite(vscodeVersion: string): Promise<void> {
  const outcomes = await runAll(vscodeVersion);
  const failed = outcomes.filter((outcome) => !outcome.passed);
  if (failed.length > 0) throw new Error(`${failed.length} extension-host test(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
