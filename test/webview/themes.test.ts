/**
 * Screenshots of the panel in VS Code's light, dark and high-contrast themes, saved to
 * test/webview/__screenshots__/ for a person to look at. The assertions check that the
 * themes reach the canvas and the DOM (the pictures differ, the timeline background is
 * the theme's editor background) and that each picture has real content.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fixture, launch, openPanel } from './harness';
import type { ThemeKind } from './themes';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const out = join(process.cwd(), 'test/webview/__screenshots__');
const expectedBackground: Record<ThemeKind, number[]> = { light: [255, 255, 255], dark: [31, 31, 31], 'high-contrast': [0, 0, 0] };

describe('panel themes', () => {
  const shots = new Map<ThemeKind, Buffer>();

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`reads well in the ${theme} theme`, async () => {
      const go = fixture('go-steal');
      const panel = await openPanel(browser, { theme, width: 1000, height: 1000 });
      await panel.send(go.load);
      await panel.send(go.moments[2]);
      await panel.page.evaluate(() => window.interleavePanel.machineSettled);
      await panel.page.evaluate(() => new Promise(requestAnimationFrame));
      // The timeline's empty pixels are the theme's editor background; hw3 is idle throughout.
      const px = await panel.page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.tl-canvas')!;
        return [...c.getContext('2d')!.getImageData(c.width - 5, 3 * 18 + 9, 1, 1).data].slice(0, 3);
      });
      expect(px).toEqual(expectedBackground[theme]);
      const shot = await panel.page.screenshot({ fullPage: true });
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, `panel-${theme}.png`), shot);
      shots.set(theme, shot);
      expect(shot.length).toBeGreaterThan(30_000); // a blank page compresses to a few KB
      expect(panel.problems).toEqual([]);
      await panel.close();
    });
  }

  it('gives each theme its own picture', () => {
    const pics = [...shots.values()].map((b) => b.toString('base64'));
    expect(pics.length).toBe(3);
    expect(new Set(pics).size).toBe(3);
  });
});
