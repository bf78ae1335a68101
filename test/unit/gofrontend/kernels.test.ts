/**
 * Issue 25, item 4: the bug kernels of test/bench/goKernels (our own, in the style of GoBench's
 * GoKer: one real bug shape of Kubernetes, etcd, gRPC… reduced to one test). Each kernel's
 * buggy test must fail under `check` with the finding its `// want: KIND` comment names, on that
 * line (the finding's own line; for a data race either of its two lines, for a deadlock the line
 * of any goroutine it names); its `…Fixed`
 * test must pass, with the search complete. `npm run bench -- kernels` puts go test -race beside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io';
import { nodeIo } from '../../../src/cli/io';
import { main as cliMain } from '../../../src/cli/main';

const KERNELS = join(__dirname, '..', '..', 'bench', 'goKernels');

interface Finding { kind: string; line: number; related?: { line: number }[] }
interface TestResult { name: string; passed: boolean; complete: boolean; findings: Finding[] }

function check(dir: string, test: string): TestResult {
  let out = '';
  const io: CliIo = { out: (t) => { out += t; }, err: () => undefined, readFile: nodeIo().readFile, writeFile: () => undefined };
  cliMain(['check', dir, '-run', `^${test}$`, '--threads', '1', '--format', 'json'], io);
  const tests = (JSON.parse(out) as { files: { tests: TestResult[] }[] }).files[0].tests;
  expect(tests.map((t) => t.name)).toEqual([test]);
  return tests[0];
}

/** A kernel: its tests, and the `// want: KIND` line of its bug. */
function kernel(name: string): { dir: string; buggy: string; fixed: string; want: { kind: string; line: number } } {
  const dir = join(KERNELS, name);
  const text = readFileSync(join(dir, 'kernel_test.go'), 'utf8');
  const tests = [...text.matchAll(/^func (Test\w+)\(t \*testing\.T\)/gm)].map((m) => m[1]);
  const lines = text.split('\n');
  const wantAt = lines.findIndex((l) => /\/\/ want: /.test(l));
  const kind = /\/\/ want: ([\w-]+)/.exec(lines[wantAt])![1];
  return { dir, buggy: tests.find((t) => !t.endsWith('Fixed'))!, fixed: tests.find((t) => t.endsWith('Fixed'))!, want: { kind, line: wantAt + 1 } };
}

const NAMES = readdirSync(KERNELS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('the bug kernels: each bug found as what it is, at its line; no finding on the fixed version', () => {
  it('there are kernels for each bug shape of the issue', () => {
    const kinds = NAMES.map((n) => kernel(n).want.kind);
    expect(NAMES.length).toBeGreaterThanOrEqual(6);
    for (const k of ['deadlock', 'leak', 'data-race']) expect(kinds).toContain(k);
  });

  for (const name of NAMES) {
    it(`${name}: the buggy test fails with its finding, the fixed test passes, complete`, () => {
      const k = kernel(name);
      const buggy = check(k.dir, k.buggy);
      expect(buggy.passed).toBe(false);
      // A race has two lines, a deadlock one line per goroutine it names: any of them.
      const at = (f: Finding): number[] => [f.line, ...(f.kind === 'data-race' || f.kind === 'deadlock' ? (f.related ?? []).map((r) => r.line) : [])];
      expect(buggy.findings.filter((f) => f.kind === k.want.kind).flatMap(at)).toContain(k.want.line);
      const fixed = check(k.dir, k.fixed);
      expect(fixed.findings).toEqual([]);
      expect(fixed).toMatchObject({ passed: true, complete: true });
    }, 30_000);
  }
});
