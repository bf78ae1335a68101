/**
 * The race lens's quick fix for Python files is written in Python (`with lock:`), and
 * applying it makes the race go away when the file is checked again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/index';
import { findingView } from '../../../src/extension/lens/findingView';
import { fixesFor } from '../../../src/extension/lens/fixes';
import { applyEdits } from '../../shared/applyEdits';
import { checkFile } from '../../../src/service/index';
import './helpers';

const FILE = '/w/counter.py';

async function races(text: string): Promise<readonly Finding[]> {
  const r = await checkFile({ file: FILE, text, schedules: 300 });
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.kind === 'data-race');
}

describe('Python quick fix', () => {
  it('wraps counter-race.py\'s racy line in `with lock:`, declaring the lock, and the race is gone', async () => {
    const racy = readFileSync('examples/python/counter-race.py', 'utf8').replace(/N = [\d_]+/, 'N = 2');
    const race = (await races(racy))[0];
    expect(race).toBeDefined();
    const fixes = fixesFor(racy, 'python', findingView(race), FILE);
    expect(fixes.map((f) => f.title)).toEqual(['Wrap in `with lock:` (declares `lock = threading.Lock()`)']);
    const fixed = applyEdits(racy, fixes[0].edits);
    expect(fixed).toContain('import threading\n\nlock = threading.Lock()\n');
    expect(fixed).toContain('        with lock:\n            counter = bump(counter)\n');
    expect(await races(fixed)).toEqual([]);
  });

  it('uses the file\'s own lock, and adds `import threading` when the file has none', async () => {
    const withLock = 'import threading\nmu = threading.Lock()\nn = 0\ndef f():\n    global n\n    n += 1\nts = [threading.Thread(target=f) for _ in range(2)]\nfor t in ts: t.start()\nfor t in ts: t.join()\n';
    const race = (await races(withLock))[0];
    const fixed = applyEdits(withLock, fixesFor(withLock, 'python', findingView(race), FILE)[0].edits);
    expect(fixed).toContain('    with mu:\n        n += 1\n');
    expect(await races(fixed)).toEqual([]);
    const bare = 'from threading import Thread\nn = 0\ndef f():\n    global n\n    n += 1\nts = [Thread(target=f) for _ in range(2)]\nfor t in ts: t.start()\nfor t in ts: t.join()\n';
    const race2 = (await races(bare))[0];
    const fixed2 = applyEdits(bare, fixesFor(bare, 'python', findingView(race2), FILE)[0].edits);
    expect(fixed2.startsWith('from threading import Thread\nimport threading\n\nlock = threading.Lock()\n')).toBe(true);
    expect(await races(fixed2)).toEqual([]);
  });
});
