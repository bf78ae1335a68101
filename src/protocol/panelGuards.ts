/**
 * Runtime validation of panel messages (src/protocol/panel.ts), used on both sides: the
 * webview checks what the host posts, the host checks what the webview posts. A message
 * that fails is dropped and logged, never half-applied.
 *
 * Columns are checked in full (length and every value finite): a million values take a
 * few milliseconds, and a NaN slipping into the timeline would break its binary search.
 */
// The one value this layer takes from core: the lists of runtime kinds and OS policies that
// names in messages are checked against (they are data, and the webview loads core anyway).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { POLICIES } from '../core/config';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { isRuntimeKind } from '../core/runtimes/registry';
import {
  CHANGE_KINDS, EDGE_KINDS, STATE_NAMES,
  type HostMessage, type MachineSnapshot, type PanelMessage, type Timeline,
} from './panel';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isId = (v: unknown): v is number => isInt(v) && (v as number) >= 0;
const isStrOrNull = (v: unknown) => v === null || isStr(v);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

function isColumn(v: unknown, length?: number): boolean {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    return length === undefined || a.length === length;
  }
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) return false;
  for (let i = 0; i < v.length; i++) if (!isNum(v[i])) return false;
  return true;
}

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array];

/** Every index in `col` is -1 or points into a table of `size` rows. */
function indexesInto(col: ArrayLike<number>, size: number, allowNone: boolean): boolean {
  const low = allowNone ? -1 : 0;
  // Integer typed arrays hold integers by construction: only the range needs checking.
  if (INTEGER_ARRAYS.some((t) => col instanceof t)) {
    let min = 0;
    let max = -1;
    for (let i = 0; i < col.length; i++) {
      const x = col[i];
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return col.length === 0 || (min >= low && max < size);
  }
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (!(x < size) || x < low || x !== Math.floor(x)) return false;
  }
  return true;
}

/** Sorted by lane then start, non-overlapping within a lane: the timeline's binary search relies on it. */
function ordered(lane: ArrayLike<number>, start: ArrayLike<number>, end: ArrayLike<number>): boolean {
  let prevLane = -1;
  let prevEnd = -Infinity;
  for (let i = 0; i < lane.length; i++) {
    const l = lane[i];
    const s = start[i];
    const e = end[i];
    if (!(e > s) || l < prevLane || (l === prevLane && s < prevEnd)) return false;
    prevLane = l;
    prevEnd = e;
  }
  return true;
}

function isColumns(v: unknown, names: readonly string[]): v is Record<string, ArrayLike<number>> {
  if (!isObj(v) || !isColumn(v[names[0]])) return false;
  const n = (v[names[0]] as ArrayLike<number>).length;
  return names.every((name) => isColumn(v[name], n));
}

const isLocation = (v: unknown) => isObj(v) && isStr(v.file) && isInt(v.line) && isInt(v.column);
/** A runtime kind of the registry (core/runtimes/registry.ts), also one registered at run time. */
const isRuntime = isRuntimeKind;

export function isTimeline(v: unknown): v is Timeline {
  if (!isObj(v) || !isStr(v.title) || !isRuntime(v.runtime) || !isNum(v.endNs) || !optional(v.modelVersion, isStr)) return false;
  if (!optional(v.tasksLeftOut, isId)) return false;
  const { lanes, tasks, sources, whyText } = v;
  if (!Array.isArray(lanes) || !lanes.every((l) => isObj(l) && isStr(l.label)
    && (l.kind === 'hw' || l.kind === 'm' || l.kind === 'p' || l.kind === 'flow' || l.kind === 'task') && optional(l.task, isId))) return false;
  if (!Array.isArray(tasks) || !tasks.every((t) => isObj(t) && isStr(t.id) && isStr(t.name) && isStr(t.kind))) return false;
  if (!Array.isArray(sources) || !sources.every(isLocation) || !isStrArray(whyText)) return false;
  const iv = v.intervals;
  if (!isColumns(iv, ['lane', 'start', 'end', 'state', 'task', 'source'])) return false;
  if (!indexesInto(iv.lane, lanes.length, false) || !indexesInto(iv.state, STATE_NAMES.length, false)
    || !indexesInto(iv.task, tasks.length, true) || !indexesInto(iv.source, sources.length, true)) return false;
  if (!ordered(iv.lane, iv.start, iv.end)) return false;
  const ed = v.edges;
  if (!isColumns(ed, ['fromLane', 'fromNs', 'toLane', 'toNs', 'kind'])) return false;
  if (!indexesInto(ed.fromLane, lanes.length, false) || !indexesInto(ed.toLane, lanes.length, false)
    || !indexesInto(ed.kind, EDGE_KINDS.length, false)) return false;
  const ev = v.events;
  if (!isColumns(ev, ['ns', 'why', 'source'])) return false;
  if (!indexesInto(ev.why, whyText.length, true) || !indexesInto(ev.source, sources.length, true)) return false;
  return nonDecreasing(ev.ns);
}

function nonDecreasing(col: ArrayLike<number>): boolean {
  let prev = -Infinity;
  for (let i = 0; i < col.length; i++) {
    const x = col[i];
    if (!(x >= prev)) return false;
    prev = x;
  }
  return true;
}

export function isMachineSnapshot(v: unknown): v is MachineSnapshot {
  if (!isObj(v) || !isRuntime(v.runtime)) return false;
  const okCores = Array.isArray(v.cores) && v.cores.every((c) => isObj(c) && isStr(c.id) && Array.isArray(c.hwThreads)
    && c.hwThreads.every((h) => isObj(h) && isStr(h.id) && isStrOrNull(h.thread)));
  const okThreads = Array.isArray(v.threads) && v.threads.every((m) => isObj(m) && isStr(m.id)
    && isStrOrNull(m.p) && isStrOrNull(m.running) && typeof m.inSyscall === 'boolean');
  const okPs = Array.isArray(v.processors) && v.processors.every((p) => isObj(p) && isStr(p.id)
    && isStrOrNull(p.m) && isStrOrNull(p.runnext) && isStrArray(p.runq));
  const okBlocked = Array.isArray(v.blocked) && v.blocked.every((b) => isObj(b) && isStr(b.on) && isStrArray(b.tasks) && (b.state === undefined || isStr(b.state)));
  const okGil = v.gil === null || (isObj(v.gil) && isStrOrNull(v.gil.holder) && isStrArray(v.gil.waiting));
  const okLoop = v.loopQueues === undefined || (Array.isArray(v.loopQueues) && v.loopQueues.every((q) => isObj(q) && isStr(q.name) && isStrArray(q.items)));
  const okCreating = v.creating === undefined || isStrArray(v.creating);
  const okSys = Array.isArray(v.syscalls) && v.syscalls.every((s) => isObj(s) && isStr(s.task) && isStr(s.thread) && isNum(s.sinceNs));
  // Runtimes without a P show none (models.md: only Go has Ps).
  const okPForRuntime = v.runtime === 'go' || (Array.isArray(v.processors) && v.processors.length === 0);
  return okCores && okThreads && okPs && okBlocked && okGil && okSys && okLoop && okCreating && okPForRuntime
    && isStrArray(v.globalQueue) && isStrArray(v.netpoller);
}

const isChange = (c: unknown) => isObj(c) && (CHANGE_KINDS as readonly unknown[]).includes(c.kind)
  && isStr(c.from) && isStr(c.to) && isStrArray(c.tasks);

const isSummary = (s: unknown) => isObj(s) && ['makespanNs', 'contextSwitches', 'steals', 'handoffs', 'gilSwitches', 'findings']
  .every((k) => isNum(s[k]));

function isWhatIf(v: unknown): boolean {
  if (!isObj(v)) return false;
  const posInt = (x: unknown) => isInt(x) && (x as number) >= 1;
  return optional(v.gomaxprocs, posInt) && optional(v.cores, posInt) && optional(v.smt, posInt)
    && optional(v.policy, (p) => (POLICIES as readonly unknown[]).includes(p))
    && optional(v.runtime, isRuntime);
}

/** An explored interleaving: tasks named, each step on one of them, at most 10,000 steps. */
function isInterleaving(v: unknown): boolean {
  if (!isObj(v) || !isStrArray(v.tasks) || !Array.isArray(v.steps) || v.steps.length > 10_000 || typeof v.truncated !== 'boolean') return false;
  if ((v.finding !== undefined && !isStr(v.finding)) || (v.timed !== undefined && !isStr(v.timed))) return false;
  const tasks = v.tasks.length;
  return v.steps.every((st) => isObj(st) && isId(st.task) && (st.task as number) < tasks && isStr(st.text)
    && (st.at === undefined || isLocation(st.at)) && (st.mark === undefined || typeof st.mark === 'boolean'));
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'load': return isInt(v.protocol) && isTimeline(v.timeline) && isSummary(v.summary) && (v.interleaving === undefined || isInterleaving(v.interleaving));
    case 'moment': return optional(v.replyTo, isId) && isId(v.event) && isNum(v.ns) && optional(v.why, isStr)
      && isMachineSnapshot(v.machine) && Array.isArray(v.changes) && v.changes.every(isChange);
    case 'compare': return isId(v.replyTo) && isWhatIf(v.settings) && isTimeline(v.timeline) && isSummary(v.summary);
    case 'session': return typeof v.debugging === 'boolean';
    case 'error': return optional(v.replyTo, isId) && isStr(v.message);
    default: return false;
  }
}

export function isPanelMessage(v: unknown): v is PanelMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready': return isInt(v.protocol) && optional(v.restoredEvent, isId);
    case 'reveal': return isLocation(v.location);
    case 'seek': return isId(v.id) && isId(v.event);
    case 'step': case 'stepBack': return isId(v.id);
    case 'whatIf': return isId(v.id) && isWhatIf(v.settings);
    default: return false;
  }
}
