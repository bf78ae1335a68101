/**
 * What survives a reload: VS Code keeps whatever the page passes to `setState` and hands
 * it back from `getState` when the panel's serializer restores it. The data itself is
 * not kept (the host sends `load` again after `ready`); only where the person was.
 */
import type { WhatIfSettings } from '../src/protocol/panel';

export interface PanelState {
  readonly version: 1;
  readonly event: number;
  readonly viewStartNs: number | null;
  readonly viewEndNs: number | null;
  /** Playback speed, events per second. */
  readonly speed: number;
  readonly whatIf: WhatIfSettings;
}

export const INITIAL_STATE: PanelState = { version: 1, event: 0, viewStartNs: null, viewEndNs: null, speed: 10, whatIf: {} };

export function restoreState(saved: unknown): PanelState {
  if (typeof saved !== 'object' || saved === null || (saved as { version?: unknown }).version !== 1) return INITIAL_STATE;
  const s = saved as Partial<PanelState>;
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    version: 1,
    event: Math.max(0, Math.floor(num(s.event, 0))),
    viewStartNs: numOrNull(s.viewStartNs),
    viewEndNs: numOrNull(s.viewEndNs),
    speed: Math.max(1, num(s.speed, INITIAL_STATE.speed)),
    whatIf: typeof s.whatIf === 'object' && s.whatIf !== null ? s.whatIf : {},
  };
}
