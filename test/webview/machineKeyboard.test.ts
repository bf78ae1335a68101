/**
 * The machine view is one Tab stop (a roving tabindex, webview/rovingFocus.ts): Tab enters
 * it on the last-focused item (else the first) and the next Tab leaves it; the arrow keys,
 * Home and End move between its items without stepping the panel; Enter opens the item
 * reached. And after a new `load` (a re-run, a what-if, another file) no machine link
 * points into the previous timeline. In Chromium, fed the recorded go-steal fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LoadMessage } from '../../src/protocol/panel';
import { fixture, launch, openPanel, type PanelPage } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const go = fixture('go-steal');
const FILE = '/work/examples/pipeline.scenario.yaml';

const settled = (p: PanelPage) => p.page.evaluate(() => window.interleavePanel.machineSettled);
const reveals = async (p: PanelPage) => (await p.posted()).filter((m) => m.type === 'reveal');
const moves = async (p: PanelPage) => (await p.posted()).filter((m) => m.type === 'seek' || m.type === 'step' || m.type === 'stepBack');

/** The panel at recorded moment `n`, as a debugger moves it (no request of the page's own). */
async function atMoment(n: number): Promise<PanelPage> {
  const panel = await openPanel(browser);
  await panel.send(go.load);
  await panel.send(go.moments[n]);
  await settled(panel);
  return panel;
}

/** What has focus: its link key when it is a machine item, and whether it is inside the machine view. */
const focused = (p: PanelPage) => p.page.evaluate(() => {
  const a = document.activeElement as HTMLElement;
  const what = a.classList.contains('tl-canvas') ? 'timeline' : a.classList.contains('why-source') ? 'why link' : a.tagName;
  return { key: a.dataset.linkKey ?? null, inMachine: a.closest('.machine-stage') !== null, what, label: a.getAttribute('aria-label') };
});

/** The machine items in document order, and which of them are Tab stops. */
const items = (p: PanelPage) => p.page.locator('.machine-stage [data-link-key]').evaluateAll((els) =>
  els.map((e) => ({ key: (e as HTMLElement).dataset.linkKey!, tab: (e as HTMLElement).tabIndex })));

describe('the machine view is one Tab stop', () => {
  it('one Tab from the control before it lands on its first item, the next Tab leaves it', async () => {
    const panel = await atMoment(2); // 8 µs
    const stage = panel.page.locator('.machine-stage');
    expect(await stage.getAttribute('role')).toBe('group');
    expect(await stage.getAttribute('aria-label')).toBe('Machine at 8 µs');
    const all = await items(panel);
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter((i) => i.tab === 0).map((i) => i.key)).toEqual([all[0].key]); // exactly one Tab stop

    await panel.page.locator('.why-source').focus(); // the last control before the machine view
    await panel.page.keyboard.press('Tab');
    expect(await focused(panel)).toMatchObject({ key: all[0].key, inMachine: true });
    await panel.page.keyboard.press('Tab');
    // Left the view at once, on the next focusable thing after it: the timeline.
    expect(await focused(panel)).toMatchObject({ inMachine: false, what: 'timeline' });
    await panel.page.keyboard.press('Shift+Tab');
    expect(await focused(panel)).toMatchObject({ key: all[0].key });
    await panel.page.keyboard.press('Shift+Tab');
    expect(await focused(panel)).toMatchObject({ inMachine: false, what: 'why link' });
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('ArrowRight/ArrowLeft/Home/End move between items and do not change the current event; Enter opens the item reached', async () => {
    const panel = await atMoment(2);
    const all = (await items(panel)).map((i) => i.key);
    const event = () => panel.page.evaluate(() => window.interleavePanel.currentEvent);
    const before = { event: await event(), scrubber: await panel.page.locator('.scrubber').inputValue() };
    expect(before.event).toBe(2);
    await panel.page.locator('.machine-stage [data-link-key]').first().focus();
    const path: (string | null)[] = [];
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'End', 'ArrowRight', 'Home', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'End']) {
      await panel.page.keyboard.press(key);
      path.push((await focused(panel)).key);
    }
    const last = all.length - 1;
    expect(path).toEqual([all[1], all[2], all[1], all[last], all[last], all[0], all[0], all[1], all[0], all[last]]);
    // The panel's arrows (step, step back), Home and End (seek) did not act.
    expect(await event()).toBe(before.event);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe(before.scrubber);
    expect(await moves(panel)).toEqual([]);
    // Still one Tab stop, now on the item reached.
    expect((await items(panel)).filter((i) => i.tab === 0).map((i) => i.key)).toEqual([all[last]]);
    // The last item at 8 µs: G3 in P1's run queue, runnable since its spawn (line 5).
    expect((await focused(panel)).label).toBe('G3 worker, P1 run queue: go to pipeline.scenario.yaml line 5');
    await panel.page.keyboard.press('Enter');
    expect(await reveals(panel)).toEqual([{ type: 'reveal', location: { file: FILE, line: 5, column: 3 } }]);
    // Outside the view, the arrows still step.
    await panel.page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await panel.page.keyboard.press('ArrowRight');
    expect(await moves(panel)).toEqual([{ type: 'step', id: expect.any(Number) }]);
    await panel.close();
  });

  it('Tab comes back to the last-focused item, also after the next moment is drawn', async () => {
    const panel = await atMoment(0);
    await panel.page.locator('.machine-stage [data-link-key]').first().focus();
    await panel.page.keyboard.press('End');
    const chosen = (await focused(panel)).key;
    await panel.page.keyboard.press('Tab'); // out, to the timeline
    expect((await focused(panel)).inMachine).toBe(false);
    await panel.send(go.moments[1]); // redrawn while focus is elsewhere
    await settled(panel);
    expect((await focused(panel)).what).toBe('timeline'); // a redraw does not pull focus back
    await panel.page.keyboard.press('Shift+Tab');
    expect((await focused(panel)).key).toBe(chosen);
    expect((await items(panel)).filter((i) => i.tab === 0).map((i) => i.key)).toEqual([chosen]);
    await panel.close();
  });
});

/** The same run, as if re-run from another file whose lines are 100 further down. */
function otherRun(): LoadMessage {
  const load = structuredClone(go.load);
  load.timeline.title = 'another run';
  load.timeline.sources = load.timeline.sources.map((s) => ({ ...s, file: '/work/examples/other.scenario.yaml', line: s.line + 100 }));
  return load;
}

describe('a new load drops the machine view\'s links into the previous timeline', () => {
  it('before the next moment a click posts nothing; after it, the new run\'s line', async () => {
    const panel = await atMoment(2);
    const g3 = panel.page.locator('[data-node="runq:P1"] [data-task="G3"]');
    await g3.locator('[role="link"]').focus();
    await panel.send(otherRun());
    // The drawing stays (the previous run's), but links nowhere.
    expect(await g3.count()).toBe(1);
    expect(await panel.page.locator('.machine-stage [role="link"], .machine-stage [data-link-key]').count()).toBe(0);
    expect(await panel.page.locator('.machine-stage').getAttribute('aria-label')).toBe('Machine, from the previous run');
    await g3.click();
    await panel.page.locator('[data-node="M1"] > .mbox-label').click();
    expect(await reveals(panel)).toEqual([]);
    // The new run's moment: G3 links to its line in the new timeline, and focus is back on it.
    await panel.send(go.moments[2]);
    await settled(panel);
    expect((await focused(panel)).key).toBe('runq:P1|G3');
    await g3.click();
    expect(await reveals(panel)).toEqual([{ type: 'reveal', location: { file: '/work/examples/other.scenario.yaml', line: 105, column: 3 } }]);
    await panel.close();
  });

  it('a moment of the previous run still being laid out when the new run loads is not drawn with its links', async () => {
    const panel = await openPanel(browser);
    await panel.send(go.load);
    // The moment and the new load arrive together: the moment's layout (elkjs, async) finishes after the load.
    await panel.page.evaluate(([moment, load]) => { window.postMessage(moment, '*'); window.postMessage(load, '*'); }, [go.moments[2], otherRun()]);
    await panel.page.waitForFunction(() => document.querySelector('.panel-title')?.textContent === 'another run');
    await panel.page.waitForTimeout(300); // room for the dropped layout to finish
    expect(await panel.page.locator('.machine-stage [data-link-key]').count()).toBe(0);
    await panel.send(go.moments[2]);
    await settled(panel);
    const labels = await panel.page.locator('.machine-stage [data-link-key]').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).toContain('/work/examples/other.scenario.yaml:');
    await panel.close();
  });
});
