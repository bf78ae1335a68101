import { pluralOfKind } from '../../src/protocol/words';
/** Human-readable times for labels and tooltips. Simulated time is integer ns. */
export function formatNs(ns: number): string {
  const a = Math.abs(ns);
  if (a >= 1e9) return `${trim(ns / 1e9)} s`;
  if (a >= 1e6) return `${trim(ns / 1e6)} ms`;
  if (a >= 1e3) return `${trim(ns / 1e3)} µs`;
  return `${Math.round(ns)} ns`;
}

const trim = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)).replace(/\.?0+$/, '');

export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}


/** The note under a timeline whose host left some tasks without a lane (`Timeline.tasksLeftOut`), or '' when none were. */
export function tasksLeftOutNote(shown: number, leftOut: number | undefined, kind: string | undefined): string {
  if (!leftOut) return '';
  const noun = pluralOfKind(kind);
  return `… and ${leftOut.toLocaleString('en')} more ${noun}: the timeline has a lane for the first ${shown.toLocaleString('en')} of `
    + `${(shown + leftOut).toLocaleString('en')} ${noun}; the hardware-thread lanes show every one that ran.`;
}
