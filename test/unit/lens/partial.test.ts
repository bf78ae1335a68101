/**
 * The race lens marks a finding the moment the search meets it: the real worker bundle
 * (src/extension/worker.ts, built here as the extension builds it) sends `partial` messages
 * during a `check-file` request, before its one response, while the search goes on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckFilePartial, CheckFileResult } from '../../../src/protocol/fileWork';
import type { WorkerToHost } from '../../../src/protocol/worker';
import { ROOT, racers } from '../cli/helpers';

let worker: Worker;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-worker-'));
  const outfile = join(dir, 'worker.js');
  await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', entryPoints: [join(ROOT, 'src/extension/worker.ts')], outfile });
  worker = new Worker(outfile);
}, 60_000);

afterAll(() => worker?.terminate());

describe('check-file in the worker', () => {
  it('sends each finding as the search meets it, before the answer, while the search goes on', async () => {
    const partials: CheckFilePartial[] = [];
    // Six racers: the lost update shows within the first schedules, and the search has
    // thousands more to go before its schedule budget.
    const result = await new Promise<CheckFileResult>((resolve, reject) => {
      worker.on('message', (m: WorkerToHost) => {
        if (m.id !== 7) return;
        if (m.type === 'partial') partials.push(m.partial as CheckFilePartial);
        if (m.type === 'response') {
          if (m.ok) resolve(m.result as CheckFileResult);
          else reject(new Error(m.error.message));
        }
      });
      worker.postMessage({ type: 'request', id: 7, kind: 'check-file', payload: { file: '/w/racers.scenario.yaml', text: racers(6), schedules: 3000 } });
    });
    expect(partials.length).toBeGreaterThan(0);
    const first = partials[0];
    expect(first.findings.map((f) => f.kind)).toContain('data-race');
    // The race was shown after a few schedules; the search went on well past them.
    expect(first.schedules).toBeLessThan(result.schedules);
    expect(result.schedules).toBe(3000);
    // Every finding shown early is in the answer (the answer may give it a simpler schedule).
    const kinds = new Set(result.findings.map((f) => `${f.kind} ${f.at?.line}`));
    for (const f of partials[partials.length - 1].findings) expect(kinds.has(`${f.kind} ${f.at?.line}`)).toBe(true);
  }, 120_000);

  it('tells how many schedules it has explored about four times a second, counting up to the answer (issue 16 item 10)', async () => {
    const partials: { at: number; p: CheckFilePartial }[] = [];
    const started = Date.now();
    const result = await new Promise<CheckFileResult>((resolve, reject) => {
      worker.on('message', (m: WorkerToHost) => {
        if (m.id !== 8) return;
        if (m.type === 'partial') partials.push({ at: Date.now() - started, p: m.partial as CheckFilePartial });
        if (m.type === 'response') {
          if (m.ok) resolve(m.result as CheckFileResult);
          else reject(new Error(m.error.message));
        }
      });
      worker.postMessage({ type: 'request', id: 8, kind: 'check-file', payload: { file: '/w/racers.scenario.yaml', text: racers(6), schedules: 3000 } });
    });
    const elapsed = Date.now() - started;
    // A search of more than a second sends progress beyond its one new finding, counts only
    // grow, and none exceeds the answer's count.
    if (elapsed > 1_000) expect(partials.length).toBeGreaterThanOrEqual(3);
    const counts = partials.map((x) => x.p.schedules);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    expect(Math.max(...counts)).toBeLessThanOrEqual(result.schedules);
    // No silence longer than a few progress periods while it ran (the machine may be loaded).
    const gaps = partials.slice(1).map((x, i) => x.at - partials[i].at);
    expect(Math.max(0, ...gaps)).toBeLessThan(5_000);
  }, 120_000);
});
