/**
 * The race lens's quick fix for a race across await in asyncio: the statements from the
 * stale read to the write-back go under one `async with lock:` (an asyncio.Lock), and the
 * file checked again has no race and ends with the balance python3 prints for the fixed file.
 * A threading lock (or a `.sim.ts` Mutex) would not help tasks that share one thread, so
 * that fix is not offered for it.
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

  it('offers no blocking Mutex for the race across await of an async .sim.ts', async () => {
    const file = 'examples/async/lost-update-await.sim.ts';
    const text = readFileSync(file, 'utf8');
    const race = (await races(file, text))[0];
    expect(race.message).toMatch(/^Race across await/);
    expect(fixesFor(text, 'typescript', findingView(race), file)).toEqual([]);
  });
});
