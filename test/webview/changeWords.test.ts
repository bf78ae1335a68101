/**
 * The machine view's sentences for what moved (webview/machine/view.ts), as a teacher reads
 * them aloud: places are named (the global run queue, the ready queue, the GIL, waiting on
 * pool), never the view's node ids (`global`, `gil`, `blocked:pool`). Fed with the changes the
 * service computes for real runs, so the ids are the ones the panel really gets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeSentence } from '../../webview/machine/view';
import { MomentCursor, runTraced } from '../../src/service/index';

const root = join(__dirname, '..', '..');
const example = (rel: string) => ({ file: join(root, 'examples', rel), text: readFileSync(join(root, 'examples', rel), 'utf8') });

/** Every sentence of every moment of a run. */
async function sentences(rel: string): Promise<string[]> {
  const result = await runTraced(example(rel));
  const cursor = new MomentCursor(result);
  const n = (result.trace as { log: { length: number } }).log.length;
  const out: string[] = [];
  for (let i = 0; i < Math.min(n, 400); i++) {
    const m = cursor.moment(i);
    for (const c of m.changes) out.push(changeSentence(c, m.machine.runtime));
  }
  return out;
}

describe('what moved, in words', () => {
  it('Python threads: "T2 took the GIL", never "from global to gil"', async () => {
    const all = await sentences('gil/cpu-threads-serialised.scenario.yaml');
    expect(all.some((s) => /the GIL/.test(s))).toBe(true);
    for (const s of all) expect(s).not.toMatch(/\b(global|gil|netpoller|syscalls)\b|blocked:\S/);
  });

  it('Python threads: a thread named after its task is named once, and waiting for the GIL is blocking on it', async () => {
    const all = await sentences('gil/cpu-threads-serialised.scenario.yaml');
    for (const s of all) {
      expect(s).not.toMatch(/\b(T\d+) runs \1\b|\b(T\d+) blocked: \2 |\b(T\d+) exited on \3\b/);
      expect(s).not.toMatch(/the GIL passed from the ready queue/);
    }
    expect(all).toContain('T1 took the GIL');
  });

  it('plain threads: the ready queue, and blocked tasks say what they wait on', async () => {
    const all = await sentences('semaphores/five-workers-two-permits.scenario.yaml');
    expect(all.some((s) => /the ready queue|waiting on/.test(s))).toBe(true);
    for (const s of all) expect(s).not.toMatch(/\b(global|gil)\b|blocked:\S/);
  });

  it('Go: the global run queue by its name', async () => {
    const all = await sentences('gmp/run-queues-and-stealing.scenario.yaml');
    expect(all.some((s) => /stole/.test(s))).toBe(true);
    for (const s of all) expect(s).not.toMatch(/\bglobal\b(?! run queue)|blocked:\S/);
  });
});
