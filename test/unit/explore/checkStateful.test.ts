/**
 * `interleave check --stateful` (issue 21): check's dpor searches the states instead of
 * the schedules, through service/search.ts `checkSchedules`, and the report says which
 * search ran, as `explore --stateful` does. In-process here (the command's own thread);
 * through the built command line with worker threads below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from '../../../src/cli/commands/check';
import { buildCli, runCli } from '../cli/builtCli';
import { call, fakeIo } from './cliCall';

/** Two threads each take the lock, then write `y` unlocked: a race on y, and one on x read outside. */
const RACY = `// @interleave runtime=threads
import { spawn, Mutex } from "interleave";
let x = 0, y = 0;
const m = new Mutex();
function worker(): void {
  m.lock();
  x++;
  m.unlock();
  y = x;
}
export default function main() {
  const a = spawn(worker), b = spawn(worker);
  a.join();
  b.join();
}
`;

/** A task is handed an object through a channel: its state cannot be compared, dpor runs stateless. */
const OPAQUE = `// @interleave runtime=go
import { spawn, Chan } from "interleave";
let x = 0;
const c = new Chan<{ n: number }>(1);
function sender(): void {
  c.send({ n: 1 });
  x = 1;
}
export default function main() {
  const h = spawn(sender);
  const o = c.recv();
  x = o.n + 1;
  h.join();
}
`;

const files = { 'racy.sim.ts': RACY, 'opaque.sim.ts': OPAQUE };

interface FileJson {
  complete: boolean;
  schedules: number;
  findings: { kind: string; line: number }[];
  search?: { mode: string; states: number; statelessBecause?: string };
}

function checkJson(args: string[]): { status: number; file: FileJson } {
  const a = fakeIo(files);
  const status = call(checkCommand, [...args, '--format', 'json'], a.io);
  return { status, file: (JSON.parse(a.out()) as { files: FileJson[] }).files[0] };
}

const kinds = (f: FileJson) => f.findings.map((x) => `${x.kind}@${x.line}`).sort();

describe('check --stateful', () => {
  it('--exhaustive: dpor stateful, complete, the same findings as stateless dpor, and the text says which search ran', () => {
    const plain = checkJson(['racy.sim.ts', '--exhaustive']);
    const stateful = checkJson(['racy.sim.ts', '--exhaustive', '--stateful']);
    expect(plain.file.complete).toBe(true);
    expect(plain.file.search).toBeUndefined();
    expect(stateful.file.complete).toBe(true);
    expect(stateful.file.search?.mode).toBe('stateful');
    expect(stateful.file.search!.states).toBeGreaterThan(0);
    expect(kinds(stateful.file)).toEqual(kinds(plain.file));
    expect(kinds(stateful.file)).toContain('data-race@9');
    expect(stateful.status).toBe(1);

    const a = fakeIo(files);
    call(checkCommand, ['racy.sim.ts', '--exhaustive', '--stateful'], a.io);
    expect(a.out()).toMatch(/^racy\.sim\.ts: \d+ schedules? explored by dpor \(stateful, \d+ states\), complete, \d+ findings?$/m);
  });

  it('the portfolio (check\'s default) with --stateful: complete when its stateful dpor finishes', () => {
    const r = checkJson(['racy.sim.ts', '--stateful', '--threads', '1']);
    expect(r.file.complete).toBe(true);
    expect(r.file.search?.mode).toBe('stateful');
    expect(kinds(r.file)).toEqual(kinds(checkJson(['racy.sim.ts', '--threads', '1']).file));
  });

  it('where a task is handed an object, says dpor ran stateless and why', () => {
    const r = checkJson(['opaque.sim.ts', '--exhaustive', '--stateful']);
    expect(r.file.complete).toBe(true);
    expect(r.file.search?.mode).toBe('stateless');
    expect(r.file.search?.statelessBecause).toMatch(/object/);
    const a = fakeIo(files);
    call(checkCommand, ['opaque.sim.ts', '--exhaustive', '--stateful'], a.io);
    expect(a.out()).toMatch(/explored by dpor \(stateless: a task was given an object/);
  });
});

describe('check --stateful through the built command line, on worker threads', () => {
  let cliJs = '';
  let dir = '';
  beforeAll(async () => {
    cliJs = await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'interleave-stateful-'));
    writeFileSync(join(dir, 'racy.sim.ts'), RACY);
  }, 120_000);

  it('the command\'s thread keeps the stateful dpor, the others run pct and random; complete, and says so', () => {
    const r = runCli(cliJs, ['check', 'racy.sim.ts', '--stateful', '--threads', '2', '--format', 'json'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const file = (JSON.parse(r.stdout) as { files: FileJson[] }).files[0];
    expect(file.complete).toBe(true);
    expect(file.search?.mode).toBe('stateful');
    expect(kinds(file)).toContain('data-race@9');
    const text = runCli(cliJs, ['check', 'racy.sim.ts', '--stateful', '--threads', '2'], { cwd: dir });
    expect(text.stdout).toMatch(/racy\.sim\.ts: \d+ schedules? explored by dpor \(stateful, \d+ states\), complete/);
  }, 120_000);
});
