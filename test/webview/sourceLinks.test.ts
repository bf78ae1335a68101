/**
 * Every item of the panel links to its source line (spec: editor.md, "The panel"): the
 * machine view's tasks (run queues, runnext, running, global queue, netpoller, blocked,
 * syscalls, the GIL), the hardware thread / M / P running one, and the "Why?" line.
 * In Chromium, fed the recorded fixtures; a click or Enter/Space must post `reveal` with
 * the task's line at the moment shown, and a task without a source must not be a link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LoadMessage, MomentMessage } from '../../src/protocol/panel';
import { fixture, launch, openPanel, type PanelPage } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const go = fixture('go-steal');
const py = fixture('python-gil');
const FILE = '/work/examples/pipeline.scenario.yaml';
const at = (line: number) => ({ type: 'reveal', location: { file: FILE, line, column: 3 } });

const settled = (p: PanelPage) => p.page.evaluate(() => window.interleavePanel.machineSettled);
const reveals = async (p: PanelPage) => (await p.posted()).filter((m) => m.type === 'reveal');

/** The panel at recorded moment `n` (the host moved there on its own, as a debugger does). */
async function atMoment(n: number, load: LoadMessage = go.load, moments: readonly MomentMessage[] = go.moments): Promise<PanelPage> {
  const panel = await openPanel(browser);
  await panel.send(load);
  await panel.send(moments[n]);
  await settled(panel);
  return panel;
}

/** The link of the task chip or task box `task` inside the machine node `node`. */
const machineLink = (p: PanelPage, node: string, task: string) =>
  p.page.locator(`[data-node="${node}"] [data-task="${task}"][role="link"], [data-node="${node}"] [data-task="${task}"] [role="link"], [data-node="${node}"][data-task="${task}"][role="link"]`);

/** Without a source for G3: every interval of lane "G3 worker" has source -1. */
function withoutG3Sources(): LoadMessage {
  const load = structuredClone(go.load);
  const t = load.timeline;
  const lane = t.lanes.findIndex((l) => l.label === 'G3 worker');
  t.intervals.lane.forEach((l: number, i: number) => { if (l === lane) t.intervals.source[i] = -1; });
  return load;
}

describe('source links in the machine view', () => {
  it('a click on a G in a P\'s run queue posts reveal with its line at the current moment', async () => {
    const panel = await atMoment(2); // 8 µs: G3 waits in P1's run queue (runnable since spawn, line 5)
    const g3 = machineLink(panel, 'runq:P1', 'G3');
    expect(await g3.getAttribute('aria-label')).toBe('G3 worker, P1 run queue: go to pipeline.scenario.yaml line 5');
    expect(await g3.evaluate((e) => getComputedStyle(e).cursor)).toBe('pointer');
    await panel.page.locator('[data-node="runq:P1"] [data-task="G3"]').click();
    expect(await reveals(panel)).toEqual([at(5)]);
    // The same task at a later moment: G3 now runs on M2, at line 14.
    await panel.send(go.moments[5]);
    await settled(panel);
    await machineLink(panel, 'run:M2', 'G3').click();
    expect((await reveals(panel)).map((m) => m.location.line)).toEqual([5, 14]);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('Enter or Space on a focused machine item posts reveal, with the theme\'s focus ring', async () => {
    const panel = await atMoment(2);
    const g4 = machineLink(panel, 'runq:P0', 'G4'); // 8 µs: G4 runnable, line 6
    await g4.focus();
    const ring = await g4.evaluate((e) => ({ style: getComputedStyle(e).outlineStyle, color: getComputedStyle(e).outlineColor, tab: e.tabIndex }));
    expect(ring).toEqual({ style: 'solid', color: 'rgb(0, 120, 212)', tab: 0 }); // --vscode-focusBorder of the dark theme
    await panel.page.keyboard.press('Enter');
    expect(await reveals(panel)).toEqual([at(6)]);
    // A box running a task links by its label: M1 runs G2 (line 14).
    const m1 = panel.page.locator('[data-node="M1"] > .mbox-label');
    expect(await m1.getAttribute('aria-label')).toBe('M1 running G2 worker: go to pipeline.scenario.yaml line 14');
    await m1.focus();
    await panel.page.keyboard.press(' ');
    expect((await reveals(panel)).map((m) => m.location.line)).toEqual([6, 14]);
    expect(await panel.page.locator('.control-play').getAttribute('aria-label')).toBe('Play'); // Space did not start playing
    await panel.close();
  });

  it('keeps focus on the same item when the next moment is drawn', async () => {
    const panel = await atMoment(0);
    const g1 = machineLink(panel, 'run:M0', 'G1'); // G1 runs on M0 at moments 0 and 1
    await g1.focus();
    // The arrows move within the machine view now, so the host moves on its own (as a debugger does).
    await panel.send(go.moments[1]);
    await settled(panel);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe('1');
    expect(await panel.page.locator('[data-node="runq:P0"] [data-task="G5"]').count()).toBe(1); // redrawn: G5 is new
    expect(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.linkKey)).toBe('run:M0|G1');
    // The same box running another task keeps focus too: at moment 3, M0 switches from G1 to G4.
    await panel.page.locator('[data-node="M0"] > .mbox-label').focus();
    await panel.send(go.moments[2]);
    await settled(panel);
    await panel.send(go.moments[3]);
    await settled(panel);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe('3');
    expect(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.linkKey)).toBe('M0|G4');
    await panel.close();
  });

  it('links every task item: running, queued, netpoller, blocked, in a syscall', async () => {
    const panel = await atMoment(5); // 22 µs: G5 on M0, G3 on M2, G4 in the netpoller, G1 blocked on wg, G2 in a syscall
    const tasks = await panel.page.locator('.machine [data-task]').evaluateAll((els) => els.map((e) => ({
      task: e.getAttribute('data-task'),
      link: (e.getAttribute('role') === 'link' ? e : e.querySelector('[role="link"]'))?.getAttribute('aria-label') ?? null,
    })));
    expect(tasks.length).toBeGreaterThanOrEqual(5);
    for (const t of tasks) expect(t.link, `${t.task} is a link`).toMatch(/: go to pipeline\.scenario\.yaml line \d+$/);
    expect(await machineLink(panel, 'netpoller', 'G4').getAttribute('aria-label')).toBe('G4 fetch, netpoller: go to pipeline.scenario.yaml line 21');
    expect(await machineLink(panel, 'syscalls', 'G2').getAttribute('aria-label')).toBe('G2 worker, syscalls in progress: go to pipeline.scenario.yaml line 15');
    await machineLink(panel, 'blocked:wg (wait)', 'G1').click();
    expect(await reveals(panel)).toEqual([at(9)]);
    await panel.close();
  });

  it('links the GIL\'s holder and waiters for Python', async () => {
    const panel = await atMoment(1, py.load, py.moments);
    const holder = machineLink(panel, 'gil', 'T1');
    expect(await holder.getAttribute('aria-label')).toMatch(/^T1 main \(holds\), GIL: T1: go to /);
    await holder.click();
    await machineLink(panel, 'gil', 'T2').click();
    const lines = (await reveals(panel)).map((m) => m.location);
    expect(lines).toEqual([py.load.timeline.sources[0], py.load.timeline.sources[1]]);
    await panel.close();
  });

  it('an item whose task has no source is not a link, and a click on it posts nothing', async () => {
    const panel = await atMoment(2, withoutG3Sources());
    const g3 = panel.page.locator('[data-node="runq:P1"] [data-task="G3"]');
    expect(await g3.count()).toBe(1);
    expect(await g3.locator('[role="link"]').count()).toBe(0);
    expect(await g3.evaluate((e) => e.tabIndex)).toBe(-1);
    await g3.click();
    expect(await reveals(panel)).toEqual([]);
    expect(await machineLink(panel, 'runq:P0', 'G4').count()).toBe(1); // the others still link
    // A box running it is no link either: M2 runs G3 at 22 µs.
    await panel.send(go.moments[5]);
    await settled(panel);
    expect(await panel.page.locator('[data-node="M2"] > .mbox-label').getAttribute('role')).toBeNull();
    expect(await panel.page.locator('[data-node="run:M2"]').getAttribute('role')).toBe('listitem');
    await panel.close();
  });
});

describe('the "Why?" source link', () => {
  it('posts the current event\'s source, follows the cursor, and hides when the event has none', async () => {
    const load = structuredClone(go.load);
    load.timeline.events.source[2] = -1;
    const panel = await atMoment(0, load);
    const link = panel.page.locator('.why-source');
    expect(await link.textContent()).toBe('Go to pipeline.scenario.yaml line 3');
    expect(await link.getAttribute('aria-label')).toBe('This event: go to pipeline.scenario.yaml line 3');
    await link.click();
    expect(await reveals(panel)).toEqual([at(3)]);
    await panel.page.locator('body').press('ArrowRight'); // event 1: G1 spawned the workers, line 5
    await link.focus();
    await panel.page.keyboard.press('Enter');
    expect((await reveals(panel)).map((m) => m.location.line)).toEqual([3, 5]);
    await panel.page.locator('body').press('ArrowRight'); // event 2: no source recorded
    expect(await link.isHidden()).toBe(true);
    expect(await panel.page.locator('.why').textContent()).toMatch(/^Why\? /);
    await panel.close();
  });
});
