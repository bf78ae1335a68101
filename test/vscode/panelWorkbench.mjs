// Workbench test of the simulation panel, driven like a person: open a Go scenario, run
// "Interleave: Show Panel" from the palette, and read the panel's own DOM inside its
// webview iframe: the machine view shows the example's Ps and Gs, and the timeline has
// a lane per P and per G. Called from run.mjs's runWorkbenchTests.
import { openFile, runFromPalette } from './workbench.mjs';

/** The webview frame that holds the panel page (`#root.panel`, webview/html.ts). */
async function panelFrame(page, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.locator('#root.panel').count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > until) throw new Error(`no webview frame with the panel page within ${timeoutMs / 1000}s`);
    await page.waitForTimeout(250);
  }
}

async function expectGoMachine(frame) {
  // The machine view: one run-queue box per P, and the goroutine chips (main is G1 at the first event).
  for (const p of ['P0', 'P1', 'P2', 'P3']) {
    await frame.locator(`[data-node="runq:${p}"]`).first().waitFor({ state: 'attached', timeout: 60_000 });
  }
  await frame.locator('[data-task="G1"]').first().waitFor({ state: 'attached', timeout: 60_000 });
  const text = await frame.locator('#root').innerText();
  for (const label of ['P0', 'P3', 'G1']) {
    if (!text.includes(label)) throw new Error(`the panel does not show ${label}; it shows: ${text.slice(0, 400)}`);
  }
  return text;
}

export async function panelShowsGoMachine(page) {
  await openFile(page, 'go-steal.scenario.yaml');
  await runFromPalette(page, 'Interleave: Show Panel');
  const frame = await panelFrame(page, 120_000);
  return expectGoMachine(frame);
}

/**
 * After a window reload the serializer brings the panel back, with its run (no
 * `retainContextWhenHidden`). VS Code restores a webview lazily: one in a background tab
 * is deserialized only when its tab is shown, so the panel is made visible before the
 * reload, and its tab is clicked after it if it did not come back on its own.
 */
export async function panelRestoredAfterReload(page) {
  await openFile(page, 'go-steal.scenario.yaml');
  await runFromPalette(page, 'Interleave: Show Panel');
  await panelFrame(page, 120_000);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 180_000 });
  let frame = await panelFrame(page, 30_000).catch(() => undefined);
  if (!frame) {
    await page.locator('.tabs-container .tab', { hasText: 'Interleave: go-steal.scenario.yaml' }).first().click({ timeout: 60_000 });
    frame = await panelFrame(page, 120_000);
  }
  return expectGoMachine(frame);
}
