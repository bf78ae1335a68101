/**
 * The race lens's quick fix for a race across await in asyncio: the statements from the
 * stale read to the write-back go under one `async with lock:` (an asyncio.Lock), and the
 * file checked again has no race and ends with the balance python3 prints for the fixed file.
 * A threading lock (or a `.sim.ts` Mutex) would not help tasks that share one thread, so
 * that fix is not offered for it; an async `.sim.ts` gets an async mutex (asyncFixes.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/index';
import { findingView } from '../../../src/extension/lens/findingView';
import { fixesFor } from '../../../src/extension/lens/fixes';
import { checkFile } from '../../../src/service/index';
import { applyEdits } from '../../shared/applyEdits';
import { pyFile } from './helpers';

async function races(file: string, text: string): Promise<readonly Finding[]> {
  const r = await checkFile({ file, text, schedules: 100 });
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.kind === 'data-race');
}

describe('quick fix for a race across await', () => {
  it('wraps lost-update-await.py from the stale read to the write-back in `async with lock:`, and the race is gone', async () => {
    const file = '/w/lost.py';
    const racy = readFileSync('examples/async/lost-update-await.py', 'utf8');
    const race = (await races(file, racy))[0];
    expect(race.message).toMatch(/^Race across await/);
    const fixes = fixesFor(racy, 'python', findingView(race), file);
    expect(fixes.map((f) => f.title)).toEqual(['Hold an asyncio.Lock across the await: `async with lock:` (declares `lock = asyncio.Lock()`)']);
    const fixed = applyEdits(racy, fixes[0].edits);
    expect(fixed).toContain('import asyncio\nlock = asyncio.Lock()\n');
    expect(fixed).toContain('    async with lock:\n        seen = balance\n        await asyncio.sleep(0.01)  # ask the bank\n        balance = seen - amount\n');
    expect(await races(file, fixed)).toEqual([]);
    expect(execFileSync('python3', [pyFile(fixed)], { encoding: 'utf8' })).toMatch(/final balance 70/);
  });

  it("uses the file's own asyncio.Lock", async () => {
    const file = '/w/own.py';
    const text = 'import asyncio\nguard = asyncio.Lock()\nn = 0\nasync def f():\n    global n\n    v = n\n    await asyncio.sleep(0)\n    n = v + 1\nasync def main():\n    await asyncio.gather(f(), f())\nasyncio.run(main())\n';
    const race = (await races(file, text))[0];
    const fixes = fixesFor(text, 'python', findingView(race), file);
    expect(fixes.map((f) => f.title)).toEqual(['Hold `guard` across the await: `async with guard:`']);
    const fixed = applyEdits(text, fixes[0].edits);
    expect(fixed).toContain('    async with guard:\n        v = n\n        await asyncio.sleep(0)\n        n = v + 1\n');
    expect(await races(file, fixed)).toEqual([]);
  });

  it('an async .sim.ts gets an async mutex (never a blocking Mutex): lost-update-await.sim.ts fixed ends at 70 in every order of its requests', async () => {
    const file = 'examples/async/lost-update-await.sim.ts';
    const text = readFileSync(file, 'utf8');
    const race = (await races(file, text))[0];
    expect(race.message).toMatch(/^Race across await/);
    const fixes = fixesFor(text, 'typescript', findingView(race), file);
    expect(fixes.map((f) => f.title)).toEqual(['Hold an async mutex across the await: `await mutex.run(async () => { ... })` (declares `AsyncMutex`)']);
    const fixed = applyEdits(text, fixes[0].edits);
    expect(fixed).not.toMatch(/\bMutex\b(?!\()/);
    expect(fixed).toContain('  await mutex.run(async () => {\n    const before = balance;');
    const r = await checkFile({ file, text: fixed, schedules: 100 });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('offers no async-mutex fix when a name the section declares is used after it', async () => {
    const file = 'after.sim.ts';
    const text = 'import { io } from "interleave";\nlet n = 0;\nasync function f() {\n  const v = n;\n  await io("x");\n  n = v + 1;\n  console.log(v);\n}\nexport default async function main() {\n  await Promise.all([f(), f()]);\n}\n';
    const race = (await races(file, text))[0];
    expect(race.message).toMatch(/^Race across await/);
    expect(fixesFor(text, 'typescript', findingView(race), file)).toEqual([]);
  });
});
