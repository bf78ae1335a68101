/**
 * Runs the built webview in Chromium without VS Code: a fixture page made by the same
 * `panelHtml` the extension uses (so the real CSP applies), served from a fake origin,
 * with a stub `acquireVsCodeApi` that records what the page posts and keeps its state in
 * sessionStorage (so `getState` survives a reload, as VS Code's does). The test plays the
 * host: it dispatches host messages with `window.postMessage`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LoadMessage, MomentMessage, NumberColumn, PanelMessage } from '../../src/protocol/panel';
import { panelHtml } from '../../webview/html';
import type { Panel } from '../../webview/panel';
import { THEMES, type ThemeKind } from './themes';

const ORIGIN = 'https://panel.test';
const root = process.cwd();

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

let bundle: Promise<string> | null = null;

/** Builds webview/main.ts alone, as esbuild.mjs does, without depending on other bundles. */
export function webviewBundle(): Promise<string> {
  bundle ??= esbuild.build({
    entryPoints: [join(root, 'webview/main.ts')], bundle: true, platform: 'browser', target: 'es2022', format: 'iife',
    write: false, logLevel: 'silent', sourcemap: false,
  }).then((r) => r.outputFiles[0].text);
  return bundle;
}

declare global {
  /** What the fixture page adds to the window: the stub's record of posted messages, and the panel (webview/main.ts). */
  interface Window {
    __posted: PanelMessage[];
    interleavePanel: Panel;
  }
}

const STUB = `
  window.__posted = [];
  window.acquireVsCodeApi = (() => {
    let acquired = false;
    return () => {
      if (acquired) throw new Error('acquireVsCodeApi may be called only once');
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'),
        setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); return s; },
      };
    };
  })();
`;

export interface PanelPage {
  readonly page: Page;
  /** Everything the page posted so far, oldest first. */
  posted(): Promise<PanelMessage[]>;
  /** Dispatches a host → webview message; resolves once the page has handled it. */
  send(message: unknown): Promise<void>;
  /** CSP violations and page errors seen (a clean page has none). */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openPanel(browser: Browser, opts: { theme?: ThemeKind; width?: number; height?: number } = {}): Promise<PanelPage> {
  const theme = THEMES[opts.theme ?? 'dark'];
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1100, height: opts.height ?? 900 }, reducedMotion: 'reduce' });
  const js = await webviewBundle();
  const css = readFileSync(join(root, 'media/panel.css'), 'utf8');
  const html = panelHtml({ scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/media/panel.css`, cspSource: ORIGIN, nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA==' })
    .replace('<body>', `<body class="${theme.bodyClass}">`)
    .replace('</head>', `<link rel="stylesheet" href="${ORIGIN}/theme.css">\n</head>`);
  await context.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body: Record<string, [string, string]> = {
      '/index.html': [html, 'text/html'], '/dist/webview.js': [js, 'text/javascript'],
      '/media/panel.css': [css, 'text/css'], '/theme.css': [theme.css, 'text/css'],
    };
    const hit = body[path];
    return hit ? route.fulfill({ body: hit[0], contentType: hit[1] }) : route.fulfill({ status: 404, body: '' });
  });
  await context.addInitScript(STUB);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/.test(m.text())) problems.push(`console: ${m.text()}`); });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => window.interleavePanel !== undefined);
  return {
    page,
    problems,
    posted: () => page.evaluate(() => window.__posted),
    send: (message) => page.evaluate((m) => new Promise<void>((done) => {
      // Resolves once the page has handled the message: posted messages arrive in order, so a
      // marker posted after it arrives after the panel saw it. Without this, a following
      // evaluate (such as reading machineSettled) may run before the message is dispatched.
      const marker = `il-test-sent-${Math.random()}`;
      const seen = (e: MessageEvent) => {
        if (e.data !== marker) return;
        e.stopImmediatePropagation(); // capture listeners on the target run first: the panel never sees the marker
        window.removeEventListener('message', seen, true);
        done();
      };
      window.addEventListener('message', seen, true);
      window.postMessage(m, '*');
      window.postMessage(marker, '*');
    }), message),
    close: () => context.close(),
  };
}

/**
 * A message a test may change (the protocol's types are read-only): a recorded fixture is
 * plain JSON, so its columns are plain arrays.
 */
export type Editable<T> = T extends NumberColumn ? number[]
  : T extends readonly (infer E)[] ? Editable<E>[]
  : T extends object ? { -readonly [K in keyof T]: Editable<T[K]> }
  : T;

/** The recorded fixtures in test/fixtures/panel, read afresh on each call. */
export function fixture(name: 'go-steal' | 'python-gil'): { load: Editable<LoadMessage>; moments: Editable<MomentMessage>[] } {
  return JSON.parse(readFileSync(join(root, 'test/fixtures/panel', `${name}.json`), 'utf8'));
}

/**
 * Plays the host for recorded moments: answers every `seek`, `step` and `stepBack` the
 * page posted since the last call, as a host adapter would (step = current + 1).
 */
export function recordedHost(panel: PanelPage, moments: readonly MomentMessage[]) {
  let seen = 0;
  let current = 0;
  return async function pump(): Promise<PanelMessage[]> {
    const posted = await panel.posted();
    const fresh = posted.slice(seen);
    seen = posted.length;
    for (const m of fresh) {
      if (m.type !== 'seek' && m.type !== 'step' && m.type !== 'stepBack') continue;
      current = m.type === 'seek' ? m.event : m.type === 'step' ? current + 1 : current - 1;
      current = Math.max(0, Math.min(moments.length - 1, current));
      await panel.send({ ...moments[current], replyTo: m.id });
    }
    return fresh;
  };
}
