/**
 * The panel protocol's validators (src/protocol/panelGuards.ts), run in Node as the host
 * runs them: recorded messages pass; each kind of damage is caught.
 */
import { describe, expect, it } from 'vitest';
import { isHostMessage, isPanelMessage } from '../../src/protocol/panelGuards';
import { panelHtml } from '../../webview/html';
import type { LoadMessage } from '../../src/protocol/panel';
import { fixture, type Editable } from './harness';

const go = fixture('go-steal');
const py = fixture('python-gil');

describe('panel protocol', () => {
  it('accepts the recorded host messages', () => {
    for (const f of [go, py]) {
      expect(isHostMessage(f.load)).toBe(true);
      for (const m of f.moments) expect(isHostMessage(m)).toBe(true);
    }
  });

  it('accepts typed-array columns as well as plain arrays', () => {
    const { timeline } = go.load;
    const m: LoadMessage = { ...go.load, timeline: { ...timeline, intervals: { ...timeline.intervals, start: Float64Array.from(timeline.intervals.start) } } };
    expect(isHostMessage(m)).toBe(true);
  });

  it.each([
    ['a NaN start', (m: Editable<LoadMessage>) => { m.timeline.intervals.start[0] = NaN; }],
    ['a short column', (m: Editable<LoadMessage>) => { m.timeline.intervals.end.pop(); }],
    ['an interval ending before it starts', (m: Editable<LoadMessage>) => { m.timeline.intervals.end[0] = m.timeline.intervals.start[0]; }],
    ['overlapping intervals in a lane', (m: Editable<LoadMessage>) => { m.timeline.intervals.start[1] = m.timeline.intervals.start[0]; }],
    ['an unknown state code', (m: Editable<LoadMessage>) => { m.timeline.intervals.state[0] = 9; }],
    ['a lane index out of range', (m: Editable<LoadMessage>) => { m.timeline.edges.toLane[0] = 999; }],
    ['a source index out of range', (m: Editable<LoadMessage>) => { m.timeline.events.source[0] = 999; }],
    ['events going back in time', (m: Editable<LoadMessage>) => { m.timeline.events.ns[2] = -1; }],
    ['a wrong runtime', (m: Editable<LoadMessage>) => { (m.timeline as { runtime: string }).runtime = 'java'; }],
  ])('rejects a load with %s', (_name, damage) => {
    const m = structuredClone(go.load);
    damage(m);
    expect(isHostMessage(m)).toBe(false);
  });

  it('rejects a P in a runtime that has none', () => {
    const m = structuredClone(py.moments[0]);
    m.machine.processors = [{ id: 'P0', m: null, runnext: null, runq: [] }];
    expect(isHostMessage(m)).toBe(false);
  });

  it('checks webview messages: ids on requests, well-formed settings and locations', () => {
    expect(isPanelMessage({ type: 'ready', protocol: 1 })).toBe(true);
    expect(isPanelMessage({ type: 'seek', id: 3, event: 7 })).toBe(true);
    expect(isPanelMessage({ type: 'seek', event: 7 })).toBe(false);
    expect(isPanelMessage({ type: 'step', id: 1 })).toBe(true);
    expect(isPanelMessage({ type: 'stepBack', id: -1 })).toBe(false);
    expect(isPanelMessage({ type: 'whatIf', id: 2, settings: { gomaxprocs: 2, policy: 'fifo' } })).toBe(true);
    expect(isPanelMessage({ type: 'whatIf', id: 2, settings: { gomaxprocs: 0 } })).toBe(false);
    expect(isPanelMessage({ type: 'whatIf', id: 2, settings: { policy: 'lottery' } })).toBe(false);
    expect(isPanelMessage({ type: 'reveal', location: { file: 'a.yaml', line: 3, column: 1 } })).toBe(true);
    expect(isPanelMessage({ type: 'reveal', location: { file: 'a.yaml' } })).toBe(false);
    expect(isPanelMessage({ type: 'launch' })).toBe(false);
  });

  it('writes a strict CSP with the nonce and only the given resource origin', () => {
    const html = panelHtml({ scriptUri: 'vscode-resource://x/dist/webview.js', styleUri: 'vscode-resource://x/media/panel.css', cspSource: 'vscode-resource:', nonce: 'abcdefABCDEF0123456789' });
    const csp = /content="([^"]+)"/.exec(html)![1];
    expect(csp).toBe("default-src 'none'; img-src vscode-resource: data:; style-src vscode-resource:; font-src vscode-resource:; script-src 'nonce-abcdefABCDEF0123456789'");
    expect(html).toContain('<script nonce="abcdefABCDEF0123456789" src="vscode-resource://x/dist/webview.js">');
    expect(() => panelHtml({ scriptUri: '', styleUri: '', cspSource: '', nonce: 'x"><script>' })).toThrow(/nonce/);
  });
});
