/**
 * The machine view's layout in real Chromium (issue 16, item 9): it fills a wide panel
 * (cores in one row, queues beside the chip), four cores are never laid out three and
 * one, the layout follows a resize, no task chip spills out of its box however long its
 * name, and an arrow's label covers no box's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { simulate, type RunTrace } from '../../src/core/index';
import { compileSource } from '../../src/frontends/index';
import type { MachineSnapshot } from '../../src/protocol/panel';
import { loadMessage, MomentCursor } from '../../src/service/panel/adapter';
import { fixture, launch, openPanel, type Editable } from './harness';

/** As it crosses to the page: columns as plain arrays (what postMessage's JSON form carries). */
const plain = <T>(m: T): T => JSON.parse(JSON.stringify(m, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v))) as T;

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** The go-steal moment with four single-thread cores and a long run queue. */
function fourCores(machine: Editable<MachineSnapshot>, names: string[]): void {
  machine.cores = [0, 1, 2, 3].map((c) => ({ id: `core${c}`, hwThreads: [{ id: `hw${c}`, thread: c === 0 ? 'M0' : c === 1 ? 'M1' : null }] }));
  machine.processors[0].runq = names;
}

interface Rect { x: number; y: number; w: number; h: number }

async function rects(panel: Awaited<ReturnType<typeof openPanel>>, selector: string): Promise<Rect[]> {
  return panel.page.$$eval(selector, (es) => es.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  }));
}

async function settle(panel: Awaited<ReturnType<typeof openPanel>>): Promise<void> {
  await panel.page.evaluate(() => window.interleavePanel.machineSettled);
  await panel.page.evaluate(() => new Promise(requestAnimationFrame));
}

describe('machine view layout', () => {
  it('fills a maximised panel: four cores in one row, the queues beside the chip; made narrow, it fits the width again', async () => {
    const go = fixture('go-steal');
    fourCores(go.moments[2].machine, ['G4', 'G6', 'G7']);
    const panel = await openPanel(browser, { theme: 'dark', width: 1600, height: 1000 });
    await panel.send(go.load);
    await panel.send(go.moments[2]);
    await settle(panel);
    const cores = await rects(panel, '.mbox-core');
    expect(cores).toHaveLength(4);
    expect(new Set(cores.map((c) => Math.round(c.y))).size).toBe(1);
    const [chip] = await rects(panel, '.mbox-chip');
    const queues = await rects(panel, '.mbox-queue');
    expect(queues.every((q) => q.x >= chip.x + chip.w)).toBe(true);
    const stage = (await rects(panel, '.machine-stage'))[0];
    expect(stage.w).toBeGreaterThan(800); // was about 360 px, the rest of the 1600 px empty

    // The same panel made narrow: the layout follows the width (no sideways scrolling; cores 2×2, never 3 + 1).
    await panel.page.setViewportSize({ width: 420, height: 1000 });
    await panel.page.waitForFunction(() =>
      document.querySelector('.machine-stage')!.getBoundingClientRect().width <= document.querySelector('.machine')!.clientWidth);
    await settle(panel);
    const narrow = await rects(panel, '.mbox-core');
    const rows = new Map<number, number>();
    for (const c of narrow) rows.set(Math.round(c.y), (rows.get(Math.round(c.y)) ?? 0) + 1);
    expect([...rows.values()]).toEqual([2, 2]);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('keeps every task chip inside its queue box, with long names and a lead chip', async () => {
    const go = fixture('go-steal');
    fourCores(go.moments[2].machine, ['main.func1#1', 'G6', 'worker-number-seventeen', 'G8', 'G9', 'a-goroutine-with-a-very-long-name-indeed', 'G11', 'G12', 'G13', 'G14']);
    const py = fixture('python-gil');
    py.moments[2].machine.gil!.waiting = ['T1', 'worker-number-seventeen', 'T3'];
    for (const [load, moment, width] of [[go.load, go.moments[2], 700], [py.load, py.moments[2], 600], [py.load, py.moments[2], 1600]] as const) {
      const panel = await openPanel(browser, { theme: 'light', width, height: 1000 });
      await panel.send(load);
      await panel.send(moment);
      await settle(panel);
      const spills = await panel.page.$$eval('.mbox-queue', (boxes) => boxes.flatMap((b) => {
        const r = b.getBoundingClientRect();
        return [...b.querySelectorAll('.mchip')].filter((c) => {
          const k = c.getBoundingClientRect();
          return k.left < r.left || k.right > r.right + 0.5 || k.top < r.top || k.bottom > r.bottom + 0.5;
        }).map((c) => `${(b as HTMLElement).dataset.node}: ${c.textContent}`);
      }));
      expect(spills).toEqual([]);
      expect(await panel.page.$$eval('.mchip', (cs) => cs.length)).toBeGreaterThan(3);
      await panel.close();
    }
  });

  it('puts an arrow’s label where it covers no box label and no chip (the GIL arrow over "idle")', async () => {
    const py = fixture('python-gil');
    for (const width of [1600, 1000, 600]) {
      const panel = await openPanel(browser, { theme: 'light', width, height: 1000 });
      await panel.send(py.load);
      await panel.send(py.moments[2]); // the GIL passed from T1 to T2
      await settle(panel);
      const overlaps = await panel.page.evaluate(() => {
        const words = [...document.querySelectorAll('.mbox-label, .mchip')].map((e) => [e.textContent, e.getBoundingClientRect()] as const);
        return [...document.querySelectorAll('.machine-arrow text')].flatMap((t) => {
          const a = t.getBoundingClientRect();
          return words.filter(([, r]) => r.left < a.right && a.left < r.right && r.top < a.bottom && a.top < r.bottom).map(([w]) => `${t.textContent} over ${w}`);
        });
      });
      expect(await panel.page.$$eval('.machine-arrow text', (ts) => ts.map((t) => t.textContent))).toEqual(['gil']);
      expect(overlaps).toEqual([]);
      await panel.close();
    }
  });
});

describe('a thread being created (issue 16, item 8)', () => {
  it('sits in a "being created" box, not in the OS ready queue beside an idle core, and the legend names the state', async () => {
    const source = `// @interleave runtime=threads cores=2
import { spawn, compute } from "interleave";
export default function main() {
  const a = spawn(() => { compute(100_000); });
  a.join();
}
`;
    const c = compileSource(source, 'creating.sim.ts');
    const r = simulate(c.program!, { mode: 'timed', trace: true, machine: true });
    const cursor = new MomentCursor(r);
    const n = (r.trace as RunTrace).log.length;
    const at = Array.from({ length: n }, (_, i) => i).find((i) => (cursor.moment(i).machine.creating?.length ?? 0) > 0)!;
    expect(at).toBeDefined();
    const panel = await openPanel(browser, { width: 1200 });
    await panel.send(plain(loadMessage(r, { file: 'creating.sim.ts' })));
    await panel.send(plain(cursor.moment(at)));
    await settle(panel);
    expect(await panel.page.locator('[data-node="creating"] .mbox-label').textContent()).toBe('being created (pthread_create)');
    expect(await panel.page.locator('[data-node="creating"] .mchip').allTextContents()).toEqual(['T2']);
    expect(await panel.page.locator('[data-node="global"] .mchip').allTextContents()).toEqual(['empty']);
    expect(await panel.page.locator('.tl-legend-item').allTextContents()).toContain('being created');
    // The step that ends its creation says so in words.
    const end = Array.from({ length: n - at }, (_, k) => at + k).find((i) => cursor.moment(i).changes.some((ch) => ch.kind === 'created'))!;
    await panel.send(plain(cursor.moment(end)));
    await settle(panel);
    const said = await panel.page.locator('.machine-change').allTextContents();
    expect(said.some((s) => s.startsWith('T2: thread created, it can run now → ')), said.join(' | ')).toBe(true);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });
});
