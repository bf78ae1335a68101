// Drives the VS Code workbench in Chromium through playwright-core: open files, run
// commands from the palette, read notifications and the Problems panel.
import { appendFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Limits are for a loaded 2-core machine: they catch a hang, not a slow answer. */
export const PAGE_LOAD_TIMEOUT_MS = 180_000;

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    timeout: 120_000,
  });
}

/** A page whose console goes to `log`. */
export async function newPage(browser, log) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => appendFileSync(log, `[console.${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => appendFileSync(log, `[pageerror] ${error.stack ?? error.message}\n`));
  return page;
}

export async function openWorkbench(page, url) {
  await page.goto(url, { timeout: PAGE_LOAD_TIMEOUT_MS, waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: PAGE_LOAD_TIMEOUT_MS });
  // The status bar is drawn once the workbench has restored its parts.
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: PAGE_LOAD_TIMEOUT_MS });
}

async function quickInput(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch {
      // the workbench may still be taking focus; try again
    }
  }
  await input.fill(text);
  return input;
}

/**
 * Runs a command by its palette label. Retries while the palette does not list it yet
 * (contributions appear once the extension host has scanned the extension).
 */
export async function runFromPalette(page, label, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await quickInput(page, `>${label}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.click();
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`the command palette never listed "${label}": ${error.message}`, { cause: error });
    }
  }
}

/** Opens a workspace file through Quick Open. */
export async function openFile(page, name, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await quickInput(page, name);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await row.click();
      await page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ timeout: 30_000 });
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`could not open ${name} through Quick Open: ${error.message}`, { cause: error });
    }
  }
}

/**
 * Waits for a notification whose text matches. This build of the workbench may not draw
 * toasts, so it also looks in the notification centre (where every notification lands).
 */
export async function waitForNotification(page, pattern, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  const message = page.locator('.notification-list-item-message', { hasText: pattern }).first();
  for (;;) {
    try {
      await message.waitFor({ state: 'visible', timeout: 3_000 });
      return await message.innerText();
    } catch (error) {
      if (Date.now() > until) throw new Error(`no notification matching ${pattern} within ${timeoutMs / 1000}s: ${error.message}`, { cause: error });
    }
    await runFromPalette(page, 'Notifications: Show Notifications');
  }
}

export async function problemsPanelText(page, pattern, timeoutMs = 120_000) {
  await runFromPalette(page, 'Problems: Focus on Problems View');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: pattern }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  return row.innerText();
}

/** Clicks the button labelled `label` (a string or RegExp) inside `within`. */
export async function clickButton(within, label, timeoutMs = 60_000) {
  const button = within.locator('.monaco-button, a[role="button"], button').filter({ hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout: timeoutMs });
  await button.click();
}

/** Types `filter` into the open quick input and clicks the first row containing `rowText`. */
export async function pickQuickInputItem(page, filter, rowText, timeoutMs = 60_000) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(filter);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}
