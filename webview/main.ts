/**
 * The panel's bundle entry (dist/webview.js): acquires the VS Code API once and starts
 * the panel, which posts `ready` and waits for the host's `load`. The panel object is
 * also reachable as `window.interleavePanel`, for the Playwright tests and the render
 * benchmark (it holds no secrets: the same data the page shows).
 */
import { Panel } from './panel';

const root = document.getElementById('root') ?? document.body;
const panel = new Panel(root, acquireVsCodeApi());
(window as unknown as { interleavePanel: Panel }).interleavePanel = panel;
