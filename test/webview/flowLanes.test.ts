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

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8');
/** Two workers that take turns at each `await asyncio.sleep(0)`. */
const PY = fixture('asyncio/two-workers.py');
/** Two `.then` chains, a timer callback and a queueMicrotask job, and no async function. */
const TS_CHAINS = fixture('eventloop/then-chains.sim.ts');
/** call_soon, call_later and add_done_callback beside a task. */
const PY_CALLBACKS = fixture('asyncio/callbacks.py');

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

  it('draws a lane per .then chain and timer callback, and the macrotask queue, the I/O in flight and the microtasks as loop queues', async () => {
    const c = compileSource(TS_CHAINS, 'chains.sim.ts');
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const queue = (i: number, name: string) => cursor.moment(i).machine.loopQueues?.find((q) => q.name === name)?.items.join();
    // Both io() requests queued as macrotasks behind the script, which still runs and has set its timer.
    const at = Array.from({ length: n }, (_, i) => i).find((i) => queue(i, 'macrotasks') === 'C2 users#1,C3 orders#1' && queue(i, 'timers') !== '')!;
    expect(at).toBeDefined();
    const panel = await openPanel(browser);
    await panel.send(plain(loadMessage(r, { file: 'chains.sim.ts' })));
    await panel.send(plain(cursor.moment(at)));
    await panel.page.evaluate(() => window.interleavePanel.machineSettled);
    expect(await panel.page.locator('.tl-lane-flow').allTextContents()).toEqual(['queueMicrotask@22', 'then@9', 'then@9#2', 'report']);
    expect(await panel.page.locator('[data-node="loop:macrotasks"] .mchip').allTextContents()).toEqual(['C2 users#1', 'C3 orders#1']);
    expect(await panel.page.locator('[data-node="loop:I/O in flight"] .mchip').allTextContents()).toEqual(['empty']);
    expect(await panel.page.locator('[data-node="loop:timers"] .mchip').allTextContents()).toEqual(['report at 5 ms']);
    // The macrotask queue is the loop's ready queue: no second box for it as the OS's.
    expect(await panel.page.locator('[data-node="global"]').count()).toBe(0);
    // Later: the first chain's job waits in the microtask queue.
    const job = Array.from({ length: n }, (_, i) => i).find((i) => queue(i, 'microtasks') === 'then@9 callback')!;
    await panel.send(plain(cursor.moment(job)));
    await panel.page.evaluate(() => window.interleavePanel.machineSettled);
    expect(await panel.page.locator('[data-node="loop:microtasks"] .mchip').allTextContents()).toEqual(['then@9 callback']);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('draws a lane per asyncio callback, by its function name', async () => {
    const c = compileSource(PY_CALLBACKS, 'callbacks.py');
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    const panel = await openPanel(browser);
    await panel.send(plain(loadMessage(r, { file: 'callbacks.py' })));
    expect(await panel.page.locator('.tl-lane-flow').allTextContents()).toEqual(['main', 'tick', 'job', 'lambda@25', 'on_done']);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });
});
