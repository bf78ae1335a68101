/**
 * Timeline colours and patterns, resolved from the page's CSS variables (media/panel.css
 * maps them to `--vscode-*`), so the canvas follows the light, dark and high-contrast
 * themes. Each state has an 8×8 pixel tile: a pattern as well as a colour, so colour is
 * never the only signal (running solid, runnable `/` stripes, blocked cross-hatch,
 * syscall vertical bars, I/O horizontal bars, sleep dotted).
 */
import { STATE, STATE_NAMES } from '../../src/protocol/panel';

export interface TimelineTheme {
  /** Per state: 64 pixels, row-major, as little-endian RGBA packed in a Uint32. */
  readonly tiles: readonly Uint32Array[];
  readonly background: number;
  readonly laneSeparator: number;
  /** CSS colour strings for the 2D-context overlays. */
  readonly cursor: string;
  readonly edge: string;
  readonly hover: string;
  readonly foreground: string;
}

type Rgba = [number, number, number, number];

function resolveColour(ctx: CanvasRenderingContext2D, css: string, fallback: string): Rgba {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = fallback;
  ctx.fillStyle = css.trim() || fallback; // an invalid value leaves the fallback in place
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}

const pack = ([r, g, b, a]: Rgba) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
const mix = (p: Rgba, q: Rgba, t: number): Rgba => [0, 1, 2, 3].map((i) => Math.round(p[i] * (1 - t) + q[i] * t)) as Rgba;

/** Which pixels of a tile show the background instead of the state's colour. */
const GAPS: Record<string, (x: number, y: number) => boolean> = {
  running: () => false,
  runnable: (x, y) => ((x + y) & 3) === 0,
  blocked: (x, y) => ((x + y) & 3) === 0 || ((x - y) & 3) === 0,
  syscall: (x) => (x & 3) === 0,
  io: (_x, y) => (y & 3) === 0,
  sleep: (x, y) => !((x & 3) === 1 && (y & 3) === 1),
  idle: () => true,
  // Being created: a thin dashed line along the lane, nearly empty, as a thread not there yet.
  creating: (x, y) => !((y & 7) === 3 && (x & 3) !== 3),
};

export function readTheme(root: Element): TimelineTheme {
  const style = getComputedStyle(root);
  const probe = document.createElement('canvas');
  probe.width = probe.height = 1;
  const ctx = probe.getContext('2d', { willReadFrequently: true })!;
  const v = (name: string, fallback: string) => resolveColour(ctx, style.getPropertyValue(name), fallback);
  const bg = v('--il-timeline-bg', '#1e1e1e');
  bg[3] = 255;
  const tiles = STATE_NAMES.map((name) => {
    const fg = v(`--il-state-${name}`, '#888888');
    // Composite onto the background: the pixel buffer is opaque.
    const solid = mix(bg, [fg[0], fg[1], fg[2], 255], fg[3] / 255);
    const gap = name === 'sleep' ? mix(bg, solid, 0.25) : bg;
    const tile = new Uint32Array(64);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) tile[y * 8 + x] = pack(GAPS[name](x, y) ? gap : solid);
    return tile;
  });
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    tiles,
    background: pack(bg),
    laneSeparator: pack(v('--il-lane-separator', '#333333')),
    cursor: css('--il-cursor', '#ffcc00'),
    edge: css('--il-edge', '#c586c0'),
    hover: css('--il-hover', '#ffffff'),
    foreground: css('--il-fg', '#cccccc'),
  };
}

export const IDLE = STATE.idle;
