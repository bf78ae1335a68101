/**
 * The ticks of a time axis, shared by the panel's timeline (webview/timeline) and the HTML
 * report's (src/service/report/timeline.ts): steps of 1, 2 or 5 times a power of ten, and
 * labels with just enough decimals that neighbouring ticks differ.
 */

/** 1, 2 or 5 times a power of ten: the axis step nearest above `rough`. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  for (const m of [1, 2, 5]) if (m * power >= rough) return m * power;
  return 10 * power;
}

export interface TimeTick {
  /** The tick's time, ns from the run's start. */
  readonly ns: number;
  /** Its label in `unit`. */
  readonly label: string;
}

/**
 * About `count` ticks over [startNs, endNs], each a multiple of the step, labelled in one
 * unit for the whole axis (ns, µs, ms or s, chosen by the step).
 */
export function timeTicks(startNs: number, endNs: number, count = 8): { readonly unit: string; readonly ticks: readonly TimeTick[] } {
  const span = Math.max(endNs - startNs, 1);
  const step = Math.max(1, niceStep(span / count));
  const [unit, scale] = step >= 1e8 ? ['s', 1e9] : step >= 1e5 ? ['ms', 1e6] : step >= 1e2 ? ['µs', 1e3] : ['ns', 1];
  const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step / scale))));
  const ticks: TimeTick[] = [];
  for (let k = Math.ceil(Math.max(0, startNs) / step); k * step <= endNs && ticks.length < 1000; k++) {
    ticks.push({ ns: k * step, label: ((k * step) / scale).toFixed(decimals) });
  }
  return { unit, ticks };
}
