/**
 * The panel in Chromium, fed recorded host messages (test/fixtures/panel): the handshake,
 * lanes, stepping and the "Why?" line, keyboard use, reveal on click, seek on scrub,
 * state across a reload, the machine view per runtime, what-if, following a debugger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { PanelMessage } from '../../src/protocol/panel';
import { fixture, launch, openPanel, recordedHost, type PanelPage } from './harness';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const go = fixture('go-steal');
const py = fixture('python-gil');

async function loaded(name: 'go' | 'python' = 'go'): Promise<{ panel: PanelPage; pump: () => Promise<PanelMessage[]> }> {
  const f = name === 'go' ? go : py;
  const panel = await openPanel(browser);
  await panel.send(f.load);
  await panel.send(f.moments[0]);
  await settled(panel);
  return { panel, pump: recordedHost(panel, f.moments) };
}

const settled = (p: PanelPage) => p.page.evaluate(() => window.interleavePanel.machineSettled);
const why = (p: PanelPage) => p.page.locator('.why').textContent();

describe('panel webview', () => {
  it('posts ready first, then draws one lane per hw thread, M, P and task after load', async () => {
    const panel = await openPanel(browser);
    const before = await panel.posted();
    expect(before).toEqual([{ type: 'ready', protocol: 1 }]);
    expect(await panel.page.locator('.tl-lane').count()).toBe(0);
    await panel.send(go.load);
    await panel.send(go.moments[0]);
    await settled(panel);
    const labels = await panel.page.locator('.tl-lane').allTextContents();
    expect(labels).toEqual(go.load.timeline.lanes.map((l) => l.label));
    expect(labels.slice(0, 4)).toEqual(['hw0', 'hw1', 'hw2', 'hw3']);
    await expect(panel.page.locator('.panel-title').textContent()).resolves.toBe('pipeline.scenario.yaml, GOMAXPROCS=4');
    // Nested boxes: chip ⊃ core ⊃ hw ⊃ M ⊃ P and G.
    expect(await panel.page.locator('[data-node="chip"] [data-node="core0"] [data-node="hw0"] [data-node="M0"] [data-node="P0"]').count()).toBe(1);
    expect(await panel.page.locator('[data-node="M0"] [data-task="G1"]').count()).toBe(1);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('steps with the arrow keys: the Why line changes, a step request carries an id, the steal is drawn', async () => {
    const { panel, pump } = await loaded();
    expect(await why(panel)).toBe('Why? G1 (main) started on M0, which holds P0, on hw0.');
    await panel.page.locator('body').press('ArrowRight');
    expect(await why(panel)).toContain('G1 spawned G2, G3, G4 and G5');
    await panel.page.locator('body').press('ArrowRight');
    const sent = (await pump()).filter((m) => m.type !== 'ready');
    expect(sent[0]).toEqual({ type: 'step', id: expect.any(Number) });
    await pump(); // the coalesced seek after the first reply
    await settled(panel);
    expect(await why(panel)).toBe('Why? P1 found its queue empty and stole 2 goroutines from P0.');
    expect(await panel.page.locator('.machine-changes').textContent()).toContain('P1 stole G2, G3 from P0');
    expect(await panel.page.locator('.machine-arrow-steal').count()).toBe(1);
    expect(await panel.page.locator('[data-node="runq:P1"] [data-task="G3"]').count()).toBe(1);
    await panel.page.locator('body').press('ArrowLeft');
    expect(await why(panel)).toContain('G1 spawned');
    const back = (await pump()).find((m) => m.type === 'stepBack' || m.type === 'seek');
    expect(back).toBeDefined();
    await panel.close();
  });

  it('reaches every control with Tab, with a visible focus ring and an accessible name', async () => {
    const { panel } = await loaded();
    const seen: { name: string; outline: string }[] = [];
    for (let i = 0; i < 8; i++) {
      await panel.page.keyboard.press('Tab');
      seen.push(await panel.page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        return { name: e.getAttribute('aria-label') ?? e.textContent ?? '', outline: getComputedStyle(e).outlineStyle };
      }));
    }
    expect(seen.map((s) => s.name).slice(0, 5)).toEqual(['Step back', 'Play', 'Step', 'Speed, events per second', 'Scrubber: which event to show']);
    for (const s of seen) expect(s.outline).not.toBe('none');
    await panel.close();
  });

  it('posts seek when the scrubber moves, and coalesces a burst into the latest event', async () => {
    const { panel, pump } = await loaded();
    await pump();
    const scrubber = panel.page.locator('.scrubber');
    await scrubber.focus();
    for (let i = 0; i < 4; i++) await scrubber.press('ArrowRight');
    const sent = (await pump()).filter((m) => m.type === 'seek');
    expect(sent[0]).toEqual({ type: 'seek', id: expect.any(Number), event: 1 });
    const later = (await pump()).filter((m) => m.type === 'seek');
    expect(later).toEqual([{ type: 'seek', id: expect.any(Number), event: 4 }]);
    await settled(panel);
    expect(await why(panel)).toContain('parked in the netpoller');
    expect(await panel.page.locator('[data-node="netpoller"] [data-task="G4"]').count()).toBe(1);
    await panel.close();
  });

  it('explains a hovered item, and a click posts reveal with its file and line', async () => {
    const { panel } = await loaded();
    // G4's I/O wait: lane "G4 fetch", 18µs..36µs, source line 21.
    const lane = go.load.timeline.lanes.findIndex((l) => l.label === 'G4 fetch');
    const point = await panel.page.evaluate(({ lane, ns }) => {
      const tl = window.interleavePanel.timeline!;
      const r = document.querySelector('.tl-canvas')!.getBoundingClientRect();
      const { startNs, endNs } = tl.view;
      return { x: r.left + ((ns - startNs) / (endNs - startNs)) * r.width, y: r.top + lane * 18 + 9 };
    }, { lane, ns: 27_000 });
    await panel.page.mouse.move(point.x, point.y);
    await expect.poll(() => panel.page.locator('.tl-tooltip').textContent()).toContain('G4 fetch: I/O wait from 18 µs to 36 µs');
    await panel.page.mouse.click(point.x, point.y);
    const reveal = (await panel.posted()).filter((m) => m.type === 'reveal');
    expect(reveal).toEqual([{ type: 'reveal', location: { file: '/work/examples/pipeline.scenario.yaml', line: 21, column: 3 } }]);
    await panel.close();
  });

  it('reveals from the keyboard: a lane chosen with the arrows, Enter opens the item at the cursor', async () => {
    const { panel } = await loaded();
    await panel.page.locator('.tl-canvas').focus();
    await panel.page.keyboard.press('ArrowDown'); // hw1: idle at 0
    expect(await panel.page.locator('.tl-status').textContent()).toBe('hw1: nothing at the cursor.');
    await panel.page.keyboard.press('ArrowUp'); // hw0: G1 running, line 3
    await panel.page.keyboard.press('Enter');
    const reveal = (await panel.posted()).filter((m) => m.type === 'reveal');
    expect(reveal.map((m) => m.location.line)).toEqual([3]);
    await panel.close();
  });

  it('labels the visible time range on an axis, and Z zooms to the moment at the cursor (issue 16 item 9)', async () => {
    const { panel } = await loaded();
    const ticks = async () => panel.page.locator('.timeline').first().locator('.tl-tick').evaluateAll((els) => els.map((e) => ({ ns: Number((e as HTMLElement).dataset.ns), label: e.textContent, left: parseFloat((e as HTMLElement).style.left) })));
    const before = await ticks();
    expect(before.length).toBeGreaterThanOrEqual(3);
    // Increasing times at increasing places, each labelled, over the whole run.
    for (let i = 1; i < before.length; i++) {
      expect(before[i].ns).toBeGreaterThan(before[i - 1].ns);
      expect(before[i].left).toBeGreaterThan(before[i - 1].left);
    }
    expect(await panel.page.locator('.timeline').first().locator('.tl-axis-unit').textContent()).toMatch(/^time \((ns|µs|ms|s)\)$/);
    // The host moves to a later moment, then Z: the view closes in around the cursor's time.
    const moment = go.moments[Math.floor(go.moments.length / 2)];
    await panel.send(moment);
    await settled(panel);
    const cursorNs = moment.ns;
    await panel.page.locator('.tl-canvas').first().focus();
    await panel.page.keyboard.press('z');
    await panel.page.waitForFunction((n) => document.querySelectorAll('.timeline .tl-tick').length > 0 && document.querySelector('.timeline .tl-tick')?.getAttribute('data-ns') !== n, String(before[0].ns));
    const after = await ticks();
    const spanBefore = before[before.length - 1].ns - before[0].ns;
    const spanAfter = after[after.length - 1].ns - after[0].ns;
    expect(spanAfter).toBeLessThan(spanBefore);
    expect(after[0].ns).toBeLessThanOrEqual(cursorNs);
    expect(after[after.length - 1].ns).toBeGreaterThanOrEqual(cursorNs);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('shows an explored interleaving as ordered steps on task columns, the race marked, each step linked to its line (issue 16 item 3)', async () => {
    const panel = await openPanel(browser);
    const at = (line: number) => ({ file: '/w/race.sim.ts', line, column: 3 });
    await panel.send({
      ...go.load,
      interleaving: {
        tasks: ['T1 main', 'T2 bump', 'T3 bump'],
        steps: [
          { task: 0, text: 'T1 starts bump (line 20:3)', at: at(20) },
          { task: 1, text: 'T2 reads `hits` (line 12:5)', at: at(12), mark: true },
          { task: 2, text: 'T3 reads `hits` (line 12:5)', at: at(12) },
          { task: 2, text: 'T3 writes `hits` = 1 (line 12:5)', at: at(12), mark: true },
          { task: 1, text: 'T2 writes `hits` = 1 (line 12:5)', at: at(12) },
        ],
        finding: 'data-race: T2 and T3 both access `hits`',
        truncated: false,
        timed: 'The timeline below is the timed run steered towards it; the modelled durations reproduce it.',
      },
    });
    await panel.send(go.moments[0]);
    await settled(panel);
    const section = panel.page.locator('.interleaving');
    await expect(section.locator('.interleaving-title').textContent()).resolves.toMatch(/5 steps in order, untimed/);
    await expect(section.locator('th').allTextContents()).resolves.toEqual(['#', 'T1 main', 'T2 bump', 'T3 bump']);
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(5);
    // Each step in its task's column, in order; the two racing accesses marked.
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells[1]).toEqual(['2', '', 'T2 reads `hits` (line 12:5)', '']);
    expect(cells[3]).toEqual(['4', '', '', 'T3 writes `hits` = 1 (line 12:5)']);
    expect(await section.locator('tr.interleaving-mark').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.step))).toEqual(['1', '3']);
    await expect(section.locator('.interleaving-finding').textContent()).resolves.toContain('data-race: T2 and T3 both access `hits`');
    // No red notice: the page explains how the timed run below relates.
    await expect(panel.page.locator('.notice').textContent()).resolves.toBe('');
    await expect(section.locator('.interleaving-timed').textContent()).resolves.toContain('steered towards it');
    await section.locator('tbody tr').nth(3).locator('.interleaving-link').click();
    const posted = await panel.posted();
    expect(posted.at(-1)).toEqual({ type: 'reveal', location: at(12) });
    // A run loaded without one drops it.
    await panel.send(go.load);
    expect(await panel.page.locator('.interleaving').count()).toBe(0);
    expect(panel.problems).toEqual([]);
    await panel.close();
  });

  it('survives a reload: getState/setState keep the event, view and what-if settings', async () => {
    const { panel, pump } = await loaded();
    for (let i = 0; i < 3; i++) { await panel.page.locator('body').press('ArrowRight'); await pump(); }
    await panel.page.locator('.tl-canvas').focus();
    await panel.page.keyboard.press('+');
    await panel.page.keyboard.press('+');
    await panel.page.locator('input[name="gomaxprocs"]').fill('2');
    await panel.page.locator('.control-whatif').click();
    const view = await panel.page.evaluate(() => window.interleavePanel.timeline!.view);
    expect(view.endNs - view.startNs).toBeLessThan(60_000);
    await panel.page.reload();
    await panel.page.waitForFunction(() => window.interleavePanel !== undefined);
    const posted = await panel.posted();
    expect(posted[0]).toEqual({ type: 'ready', protocol: 1, restoredEvent: 3 });
    await panel.send(go.load);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe('3');
    expect(await why(panel)).toContain('G1 blocked waiting on wg');
    const restored = await panel.page.evaluate(() => window.interleavePanel.timeline!.view);
    expect(restored.startNs).toBeCloseTo(view.startNs, 3);
    expect(restored.endNs).toBeCloseTo(view.endNs, 3);
    expect(await panel.page.locator('input[name="gomaxprocs"]').inputValue()).toBe('2');
    await panel.close();
  });

  it('shows threads and the GIL for Python, and no P', async () => {
    const { panel, pump } = await loaded('python');
    expect(await panel.page.locator('.mbox-p').count()).toBe(0);
    expect(await panel.page.locator('.tl-lane-p').count()).toBe(0);
    expect(await panel.page.locator('[data-node="gil"] .mbox-label').textContent()).toBe('GIL: T1');
    expect(await panel.page.locator('[data-node="global"] .mbox-label').textContent()).toBe('OS ready queue');
    expect(await panel.page.locator('[data-node="netpoller"]').count()).toBe(0);
    await panel.page.locator('.scrubber').focus();
    await panel.page.locator('.scrubber').press('End');
    await pump();
    await settled(panel);
    expect(await why(panel)).toContain('T1 took it');
    expect(await panel.page.locator('.machine-arrow-gil').count()).toBe(1);
    await panel.close();
  });

  it('drops messages that fail validation, and answers nothing to them', async () => {
    const panel = await openPanel(browser);
    const broken = structuredClone(go.load);
    (broken.timeline.intervals.start as unknown[])[3] = 'soon';
    await panel.send(broken);
    const unsorted = structuredClone(go.load);
    unsorted.timeline.intervals.lane.reverse();
    await panel.send(unsorted);
    await panel.send({ type: 'moment', event: -1 });
    expect(await panel.page.locator('.tl-lane').count()).toBe(0);
    expect(await panel.page.locator('.panel-title').textContent()).toContain('waiting');
    await panel.close();
  });

  it('re-runs a what-if and shows both runs side by side on one time scale', async () => {
    const { panel } = await loaded();
    await panel.page.locator('input[name="gomaxprocs"]').fill('1');
    await panel.page.locator('select[name="policy"]').selectOption('fifo');
    await panel.page.locator('.control-whatif').click();
    const req = (await panel.posted()).find((m) => m.type === 'whatIf');
    expect(req).toEqual({ type: 'whatIf', id: expect.any(Number), settings: { gomaxprocs: 1, policy: 'fifo' } });
    if (req?.type !== 'whatIf') throw new Error('the panel posted no whatIf request');
    const slower = structuredClone(go.load.timeline);
    slower.title = 'pipeline.scenario.yaml, GOMAXPROCS=1';
    slower.endNs = 90_000;
    await panel.send({ type: 'compare', replyTo: req.id, settings: req.settings, timeline: slower,
      summary: { ...go.load.summary, makespanNs: 90_000, steals: 0 } });
    expect(await panel.page.locator('.compare-pane').count()).toBe(2);
    expect(await panel.page.locator('.compare-title').allTextContents()).toEqual(['This run', 'What if GOMAXPROCS=1, policy=fifo']);
    expect(await panel.page.locator('.compare-summary').nth(1).textContent()).toContain('makespan 90 µs (×1.50)');
    const views = await panel.page.evaluate(() => [...document.querySelectorAll('.compare-pane')].length);
    expect(views).toBe(2);
    await panel.close();
  });

  it('follows a debug session: host moments move the cursor, and an error is shown', async () => {
    const { panel } = await loaded();
    await panel.send({ type: 'session', debugging: true });
    await expect.poll(() => panel.page.locator('.session').isVisible()).toBe(true);
    await panel.send({ ...go.moments[5], why: 'Stopped on a breakpoint: M1 entered a blocking syscall.' });
    await settled(panel);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe('5');
    expect(await why(panel)).toBe('Why? Stopped on a breakpoint: M1 entered a blocking syscall.');
    expect(await panel.page.locator('[data-node="sys:M1"]').count()).toBe(1);
    expect(await panel.page.locator('.machine-arrow-handoff').count()).toBe(1);
    await panel.send({ type: 'error', message: 'The debug session ended.' });
    expect(await panel.page.locator('.notice').textContent()).toBe('The debug session ended.');
    await panel.close();
  });
});

describe('panel playback', () => {
  it('plays at the chosen speed, asking the host for moments, and pauses', async () => {
    const { panel, pump } = await loaded();
    await panel.page.locator('.speed').selectOption('4');
    await panel.page.locator('.control-play').click();
    expect(await panel.page.locator('.control-play').getAttribute('aria-label')).toBe('Pause');
    await expect.poll(async () => { await pump(); return Number(await panel.page.locator('.scrubber').inputValue()); }, { timeout: 10_000 }).toBeGreaterThan(1);
    await panel.page.locator('.control-play').click();
    expect(await panel.page.locator('.control-play').getAttribute('aria-label')).toBe('Play');
    const stoppedAt = await panel.page.locator('.scrubber').inputValue();
    await panel.page.waitForTimeout(300);
    expect(await panel.page.locator('.scrubber').inputValue()).toBe(stoppedAt);
    const seeks = (await panel.posted()).filter((m) => m.type === 'seek');
    expect(seeks.length).toBeGreaterThan(0);
    // Coalesced: never more requests than moments the host answered plus one in flight.
    expect(seeks.length).toBeLessThanOrEqual(Number(stoppedAt) + 1);
    await panel.close();
  });
});
