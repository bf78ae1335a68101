/**
 * The findings decided when a run ends: deadlock, leak, and the `expect` entries that a
 * single run can check (`final`, `max_inside`, `finishes_within`). The `no:` kinds need
 * every explored schedule and are checked by the explorer.
 */
import { settingsMatch } from '../config';
import type { Expectation, SimConfig, SourceRange } from '../program';
import { runtimeDescriptor } from '../runtimes/registry';
import { sameValue, valueText } from '../valueText';
import { TS_BLOCKED, TS_DONE, TS_NEW, TS_RUNNABLE, W_JOIN, W_SELECT, W_SYNC, type TaskRec } from './task';
import type { World } from './world';

function waitsOn(t: TaskRec): string {
  return t.waitText || 'nothing it can name';
}

/** The most blocked tasks a deadlock finding names (its message and its related places). */
export const DEADLOCK_TASKS_NAMED = 100;

/** Nothing can run and main has not returned. */
export function reportDeadlock(w: World): void {
  const blocked = w.tasks.filter((t) => t.state === TS_BLOCKED);
  const main = w.tasks[0];
  const lead = main.state === TS_BLOCKED ? main : blocked[0] ?? main;
  // A million blocked goroutines make one finding, not a 30 MB message: the first ones are
  // named, then how many more (the SARIF, JSON and editor views of it stay readable).
  const shown = blocked.slice(0, DEADLOCK_TASKS_NAMED);
  const more = blocked.length > shown.length ? `; … and ${(blocked.length - shown.length).toLocaleString('en')} more` : '';
  const list = shown.map((t) => `${t.label} (${t.name}) waits on ${waitsOn(t)}`).join('; ') + more;
  // Each runtime words it itself (Go: proc.go, checkdead).
  const head = runtimeDescriptor(w.runtime).misuse.deadlock;
  w.addFinding('deadlock', 'error', `${head} ${list}`,
    lead.at, shown.filter((t) => t !== lead).map((t) => ({ at: t.at, message: `${t.label} waits on ${waitsOn(t)}` })));
}

/** The most leaked tasks one leak finding names (its message and its related places). */
export const LEAK_TASKS_NAMED = 100;

const KIND_PLURAL: Readonly<Record<string, string>> = { goroutine: 'goroutines', process: 'processes', 'python-thread': 'threads', callback: 'callbacks' };

/**
 * Main returned while other tasks were still blocked (Go says nothing; we do). One finding
 * per place the leaked tasks wait at: a single task keeps its own sentence; many (a million
 * goroutines parked on one channel) make one finding that names the first
 * `LEAK_TASKS_NAMED` and says how many more, as a deadlock does. The explorer keys a leak
 * by its place, so it finds the same leaks either way.
 */
export function reportLeaks(w: World): void {
  const byPlace = new Map<SourceRange, TaskRec[]>();
  for (const t of w.tasks) {
    // A task in io, sleep or a syscall would finish on its own: abandoned, not leaked.
    if (t.id === 0 || t.state !== TS_BLOCKED) continue;
    if (t.waitKind !== W_SYNC && t.waitKind !== W_SELECT && t.waitKind !== W_JOIN) continue;
    const same = byPlace.get(t.at);
    if (same) same.push(t);
    else byPlace.set(t.at, [t]);
  }
  const mainName = w.tasks.length > 0 ? w.tasks[0].name : 'main';
  for (const [at, leaked] of byPlace) {
    const first = leaked[0];
    if (leaked.length === 1) {
      w.addFinding('leak', 'warning', `Leak: ${first.label} (${first.name}) is still blocked on ${waitsOn(first)} when ${mainName} returns`, at,
        [{ at: first.createdAt, message: `${first.label} was started here` }]);
      continue;
    }
    const shown = leaked.slice(0, LEAK_TASKS_NAMED);
    const more = leaked.length > shown.length ? `; … and ${(leaked.length - shown.length).toLocaleString('en')} more` : '';
    const kinds = new Set(leaked.map((t) => t.kind)).size === 1 ? KIND_PLURAL[first.kind] ?? `${first.kind}s` : 'tasks';
    w.addFinding('leak', 'warning',
      `Leak: ${leaked.length.toLocaleString('en')} ${kinds} are still blocked here when ${mainName} returns: `
      + shown.map((t) => `${t.label} (${t.name}) on ${waitsOn(t)}`).join('; ') + more,
      at, shown.map((t) => ({ at: t.createdAt, message: `${t.label} was started here` })));
  }
}

/**
 * Checks the expectations one run can decide; `timed` enables `finishes_within`, each on
 * the runs its `when` names (all, without one: service/runs.ts leaves those out of a sweep).
 */
export function checkExpectations(w: World, expects: readonly Expectation[], makespanNs: number, timed: boolean,
  finished: boolean, config: SimConfig, metric: (name: string) => number = () => 0): void {
  for (const e of expects) {
    if ((e.kind === 'finishes_within' || e.kind === 'about') && e.when && !settingsMatch(config, e.when)) continue;
    if (e.kind === 'final') {
      if (!finished) continue;
      for (const [name, want] of Object.entries(e.values)) {
        let i = w.varIndex.get(name);
        if (i === undefined) i = w.varDecls.findIndex((v) => v.name === name);
        if (i === undefined || i < 0) {
          w.addFinding('expectation', 'error', `Expectation \`final\` names \`${name}\`, which is not a shared variable`, e.at, []);
          continue;
        }
        const got = w.values[i];
        if (!sameValue(got, want)) {
          w.addFinding('expectation', 'error',
            `Expected \`${name}\` to end as ${valueText(want)}, but this run ends with ${valueText(got)}`, e.at, []);
        }
      }
    } else if (e.kind === 'max_inside') {
      const s = w.sections.get(e.section);
      const max = s ? s.max : 0;
      if (max > e.value) {
        w.addFinding('expectation', 'error',
          `Expected at most ${e.value} inside \`${e.section}\`, but ${max} were inside at once`, e.at, []);
      }
    } else if (e.kind === 'about' && timed && finished) {
      checkAbout(w, e, makespanNs, metric);
    } else if (e.kind === 'finishes_within' && timed && finished) {
      if (makespanNs > e.ns) {
        w.addFinding('expectation', 'error',
          `Expected to finish within ${e.ns / 1e6} ms, but the makespan is ${makespanNs / 1e6} ms`, e.at, []);
      }
    }
  }
}

/** A figure of the description against the run (`about: { makespan: 77ms, within: 5% }`). */
function checkAbout(w: World, e: Extract<Expectation, { kind: 'about' }>, makespanNs: number, metric: (name: string) => number): void {
  let got: number | undefined;
  let what: string;
  const tasks = w.tasks.filter((t) => t.id !== 0);
  if (e.metric === 'makespan') {
    got = makespanNs;
    what = 'the makespan';
  } else if (e.metric === 'context_switches') {
    got = metric('context_switches');
    what = 'the context switches';
  } else if (e.metric === 'ends') {
    // A task started with `count:` is named `short_job#2`: `task: short_job` names them all.
    const named = tasks.filter((t) => t.name === e.task || t.name.startsWith(`${e.task}#`));
    // A loop, not Math.max(...): a name can stand for a million tasks (a spread of that overflows the stack).
    got = named.length > 0 && named.every((t) => t.endNs >= 0) ? named.reduce((m, t) => Math.max(m, t.endNs), 0) : undefined;
    what = `the end of \`${e.task}\``;
    if (named.length === 0) {
      w.addFinding('expectation', 'error', `Expectation \`about\` names the task \`${e.task}\`, which this run never started`, e.at, []);
      return;
    }
  } else {
    const done = tasks.filter((t) => t.endNs >= 0);
    got = done.length > 0 ? done.reduce((s, t) => s + (t.endNs - t.startNs), 0) / done.length : undefined;
    what = 'the mean turnaround';
  }
  const count = e.metric === 'context_switches';
  const show = (v: number) => (count ? String(v) : `${+(v / 1e6).toFixed(3)} ms`);
  const tolerance = `±${+(e.within * 100).toFixed(1)}%`;
  if (got === undefined) {
    w.addFinding('expectation', 'error', `Expected ${what} to be about ${show(e.value)} (${tolerance}), but this run has none`, e.at, []);
  } else if (Math.abs(got - e.value) > e.within * e.value) {
    w.addFinding('expectation', 'error',
      `Expected ${what} to be about ${show(e.value)} (${tolerance}), but this run gives ${show(got)}: the text and the model disagree`, e.at, []);
  }
}

/** Tasks that never got to run or were runnable when main returned are abandoned, not leaked. */
export function isAbandoned(t: TaskRec): boolean {
  return t.state === TS_NEW || t.state === TS_RUNNABLE || (t.state !== TS_DONE && t.state !== TS_BLOCKED);
}
