/**
 * An asyncio run in the panel, in Chromium, fed the messages the host adapter makes from a
 * live run (service/panel/adapter.ts): a lane per Task under the `event loop` lane, and the
 * loop's queues drawn as queue boxes at the moment shown.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { simulate, type RunTrace } from '../../src/core/index';
import { compileSource } from '../../src/frontends/index';
import { loadMessage, MomentCursor } from '../../src/service/panel/adapter';
import { launch, openPanel } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** Two workers that take turns at each `await asyncio.sleep(0)`. */
const PY = readFileSync(fileURLToPath(new URL('../fixtures/asyncio/two-workers.py', import.meta.url)), 'utf8');

/** As it crosses to the page: columns as plain arrays (what postMessage's JSON form carries). */
const plain = <T>(m: T): T => JSON.parse(JSON.stringify(m, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v))) as T;

describe('event loop flows in the panel', () => {
  it('draws a lane per asyncio Task under the event loop, and the ready queue with the other task\u2019s step', async () => {
    const c = compileSource(PY, 'flows.py');
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const at = Array.from({ length: n }, (_, i) => i).find((i) => cursor.moment(i).machine.loopQueues?.[0].items.join() === 'Task-3.__step (worker#2)')!;
    expect(at).toBeDefined();
    const panel = await openPanel(browser);
    await panel.send(plain(loadMessage(r, { file: 'flows.py' })));
    await panel.send(plain(cursor.moment(at)));
    await panel.page.evaluate(() => window.interleavePanel.machineSettled);
    const flows = await panel.page.locator('.tl-lane-flow').allTextContents();
    expect(flows).toEqual(['main', 'worker', 'worker#2']);
    const labels = await panel.page.locator('.tl-lane').allTextContents();
    expect(labels.indexOf('main')).toBe(labels.indexOf('event loop') + 1);
    expect(await panel.page.locator('[data-node="loop:ready"] .mchip').allTextContents()).toEqual(['Task-3.__step (worker#2)']);
    expect(await panel.page.locator('[data-node="loop:timers"] .mchip').allTextContents()).toEqual(['empty']);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });
});
