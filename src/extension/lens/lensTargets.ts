/**
 * Where the CodeLens row goes (pure): above a scenario's top-level `name:` and above a
 * `.sim.ts` file's `main` (`function main`, or the default-exported function). Text-based
 * so it answers without the worker, on every keystroke.
 */
import type { LensFileKind } from './fileKind';

const SCENARIO_NAME = /^name\s*:/;
const SIM_MAIN = /^\s*(export\s+)?(default\s+)?(async\s+)?function\s*\*?\s*main\b|^\s*export\s+default\s+function\b|^\s*(export\s+)?(const|let)\s+main\s*=/;

/** 0-based lines that get the `▶ Run  ⏭ Step  ⟲ Explore  ⚖ Compare…` row. */
export function lensLines(text: string, kind: LensFileKind): number[] {
  const lines = text.split(/\r?\n/);
  if (kind === 'scenario') {
    const i = lines.findIndex((l) => SCENARIO_NAME.test(l));
    return [i >= 0 ? i : 0];
  }
  const found: number[] = [];
  lines.forEach((l, i) => {
    if (SIM_MAIN.test(l)) found.push(i);
  });
  return found.length > 0 ? [found[0]] : [];
}
