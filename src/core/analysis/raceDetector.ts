import type { Finding, RelatedLocation } from '../findings';
import type { Program, SourceRange, SyncKind, TaskId } from '../program';
import type { HbObserver } from './hb';
import { VectorClock } from './vectorClock';

/**
 * The happens-before race detector: FastTrack (Flanagan & Freund, PLDI 2009) with Go's
 * edges (analysis.md). One vector clock per task and per synchronisation id; each
 * variable keeps its last write as an epoch (task, clock) and its reads as one epoch
 * until two reads are concurrent, then as a vector clock (one epoch per reading task).
 * State is kept for every variable for the whole run: no eviction and no shadow-cell
 * limit (Go's TSan keeps 4 cells per 8 bytes and can forget), so a race is never missed
 * for lack of room.
 */

export type AccessKind = 'read' | 'write';

/** One access as remembered: an epoch plus where it happened. */
export interface Access {
  readonly task: TaskId;
  readonly clock: number;
  readonly kind: AccessKind;
  readonly atomic: boolean;
  readonly at: SourceRange;
}

export interface RaceReport {
  /** Variable or sync id (`counter`, `ch`, `wg#count`). */
  readonly variable: string;
  /** The access that came first in this run. */
  readonly earlier: Access;
  /** The access that found the race. */
  readonly later: Access;
}

interface VarState {
  write?: Access;
  /** Epoch while reads are ordered; one entry per task (a sparse vector clock) once concurrent. */
  reads: Access[];
}

/** How a shared id reads in a message. */
export interface SharedName {
  readonly name: string;
  readonly kind: SyncKind | 'variable';
}

export function rangeKey(at: SourceRange): string {
  let key = rangeKeys.get(at);
  if (key === undefined) rangeKeys.set(at, (key = `${at.file}:${at.line}:${at.column}-${at.endLine}:${at.endColumn}`));
  return key;
}

/** A program's ranges are made once and never changed: each race report of every schedule asked for the same texts again. */
const rangeKeys = new WeakMap<SourceRange, string>();

export function formatRange(at: SourceRange): string {
  return `${at.file}:${at.line}:${at.column}`;
}

export class RaceDetector implements HbObserver {
  private readonly taskClocks: VectorClock[] = [];
  private readonly syncClocks = new Map<string, VectorClock>();
  private readonly vars = new Map<string, VarState>();
  private readonly forkSites = new Map<TaskId, SourceRange>();
  private readonly parents = new Map<TaskId, TaskId>();
  private readonly names = new Map<string, SharedName>();
  private readonly reports = new Map<string, RaceReport>();

  constructor(program?: Pick<Program, 'vars' | 'objects'>) {
    for (const v of program?.vars ?? []) this.declare(v.id, v.name, 'variable');
    for (const o of program?.objects ?? []) this.declare(o.id, o.name, o.kind);
  }

  /** Names a shared id (scenario declarations, or a TypeScript `make` op at run time). */
  declare(id: string, name: string, kind: SyncKind | 'variable'): void {
    this.names.set(id, { name, kind });
  }

  /** Where `child` was created, when the engine's fork call did not say. */
  noteForkSite(child: TaskId, at: SourceRange): void {
    if (!this.forkSites.has(child)) this.forkSites.set(child, at);
  }

  /** Tasks forked by `parent` that have no recorded fork site yet. */
  childrenWithoutSite(parent: TaskId): TaskId[] {
    const out: TaskId[] = [];
    for (const [child, p] of this.parents) if (p === parent && !this.forkSites.has(child)) out.push(child);
    return out;
  }

  private clockOf(task: TaskId): VectorClock {
    let c = this.taskClocks[task];
    if (!c) {
      c = new VectorClock();
      c.set(task, 1);
      this.taskClocks[task] = c;
    }
    return c;
  }

  private syncClock(id: string): VectorClock {
    let c = this.syncClocks.get(id);
    if (!c) {
      c = new VectorClock();
      this.syncClocks.set(id, c);
    }
    return c;
  }

  fork(parent: TaskId, child: TaskId, at?: SourceRange): void {
    const parentClock = this.clockOf(parent);
    const childClock = this.clockOf(child);
    childClock.join(parentClock);
    childClock.tick(child);
    parentClock.tick(parent);
    this.parents.set(child, parent);
    if (at) this.forkSites.set(child, at);
  }

  join(joiner: TaskId, joined: TaskId): void {
    this.clockOf(joiner).join(this.clockOf(joined));
    this.clockOf(joined).tick(joined);
  }

  acquire(task: TaskId, sync: string): void {
    this.clockOf(task).join(this.syncClock(sync));
  }

  release(task: TaskId, sync: string): void {
    const c = this.clockOf(task);
    this.syncClock(sync).join(c);
    c.tick(task);
  }

  releaseStore(task: TaskId, sync: string): void {
    const c = this.clockOf(task);
    this.syncClock(sync).assign(c);
    c.tick(task);
  }

  read(task: TaskId, variable: string, at: SourceRange): void {
    this.access(task, variable, 'read', false, at);
  }

  write(task: TaskId, variable: string, at: SourceRange): void {
    this.access(task, variable, 'write', false, at);
  }

  atomic(task: TaskId, variable: string, kind: 'load' | 'store' | 'rmw', at: SourceRange): void {
    this.access(task, variable, kind === 'load' ? 'read' : 'write', true, at);
  }

  private access(task: TaskId, variable: string, kind: AccessKind, atomic: boolean, at: SourceRange): void {
    const now = this.clockOf(task);
    let state = this.vars.get(variable);
    if (!state) {
      state = { reads: [] };
      this.vars.set(variable, state);
    }
    const current: Access = { task, clock: now.get(task), kind, atomic, at };
    const w = state.write;
    if (w && conflicts(w, current, now)) this.report(variable, w, current);
    if (kind === 'read') {
      // Drop reads this one happens after: it stands for them in later write checks
      // (FastTrack's read-epoch rule). What stays are the reads concurrent with it.
      // In place: a new array per read was a tenth of a small schedule's garbage.
      const reads = state.reads;
      let kept = 0;
      for (let i = 0; i < reads.length; i++) {
        const r = reads[i];
        if (r.task !== task && r.clock > now.get(r.task)) reads[kept++] = r;
      }
      reads.length = kept;
      reads.push(current);
      return;
    }
    const reads = state.reads;
    for (let i = 0; i < reads.length; i++) if (conflicts(reads[i], current, now)) this.report(variable, reads[i], current);
    // Reads concurrent with this write already raced with it; later accesses are checked
    // against this write, which they must follow to be ordered after those reads as well.
    reads.length = 0;
    state.write = current;
  }

  private report(variable: string, earlier: Access, later: Access): void {
    const a = rangeKey(earlier.at);
    const b = rangeKey(later.at);
    const key = `${variable}|${a < b ? a + '|' + b : b + '|' + a}`;
    if (!this.reports.has(key)) this.reports.set(key, { variable, earlier, later });
  }

  /**
   * What decides the races this detector reports from here on, as text (stateful
   * exploration, explore/stateful.ts). Every later decision asks whether some clock covers a
   * remembered access (`clock.get(a.task) >= a.clock`), and clocks only join, copy and tick:
   * joining ORs the clocks' coverage, a tick covers no one else's access, and a clock that
   * receives a task's value is always followed by that task's tick (so a new access is
   * covered by its own task alone). So each remembered access with the set of clocks that
   * cover it is all that matters; absolute clock values are not.
   */
  stateKey(): string {
    const holders: [string, VectorClock][] = [];
    this.taskClocks.forEach((c, i) => { if (c) holders.push(['t' + i, c]); });
    for (const [id, c] of this.syncClocks) holders.push(['s' + id, c]);
    holders.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const access = (a: Access): string => {
      let s = `${a.task}${a.kind === 'read' ? 'r' : 'w'}${a.atomic ? 'a' : ''}@${rangeKey(a.at)}{`;
      for (const [name, c] of holders) if (c.get(a.task) >= a.clock) s += name + ',';
      return s + '}';
    };
    let out = '';
    for (const id of [...this.vars.keys()].sort()) {
      const v = this.vars.get(id)!;
      out += `${id}:${v.write ? access(v.write) : '-'}/${v.reads.map(access).sort().join(' ')};`;
    }
    return out;
  }

  /** Every race found, one per distinct pair of source locations, in discovery order. */
  races(): RaceReport[] {
    return [...this.reports.values()];
  }

  /**
   * The races as `data-race` findings; `label` names tasks as people read them (`G2`).
   * `skip` lets a caller that already has a race (by `raceFindingKey`) avoid building its message.
   */
  findings(label: (task: TaskId) => string = (t) => `T${t}`, schedule?: string, skip?: (key: string) => boolean): Finding[] {
    const out: Finding[] = [];
    for (const r of this.reports.values()) if (!skip?.(raceFindingKey(r))) out.push(this.toFinding(r, label, schedule));
    return out;
  }

  private toFinding(r: RaceReport, label: (task: TaskId) => string, schedule?: string): Finding {
    const countSuffix = '#count';
    const isWaitGroupCount = r.variable.endsWith(countSuffix);
    const baseId = isWaitGroupCount ? r.variable.slice(0, -countSuffix.length) : r.variable;
    const shared = this.names.get(baseId) ?? { name: baseId, kind: 'variable' as const };
    const e = r.earlier;
    const l = r.later;
    const what = (a: Access): string => describeAccess(a, shared.kind, isWaitGroupCount);
    const t1 = label(e.task);
    const t2 = label(l.task);
    let message: string;
    if (isWaitGroupCount) {
      message =
        `Data race on WaitGroup \`${shared.name}\`: ${what(e)} by ${t1} and ${what(l)} by ${t2} are not ordered ` +
        `(an Add that starts from zero must happen before Wait; in Go a Wait woken by the last Done that returns after ` +
        `such an Add panics: "sync: WaitGroup is reused before previous Wait has returned", waitgroup.go)`;
    } else {
      const subject = shared.kind === 'channel' ? `channel \`${shared.name}\`` : `\`${shared.name}\``;
      const mixing = e.atomic !== l.atomic ? ' (mixing atomic and plain access)' : '';
      message = `Data race on ${subject}: ${what(e)} by ${t1} and ${what(l)} by ${t2} are not ordered by any synchronisation${mixing}`;
    }
    message += `; missing edge: nothing makes ${t1}'s ${what(e)} happen before ${t2}'s ${what(l)} (a lock both hold, a channel operation, a WaitGroup wait or a join)`;
    const related: RelatedLocation[] = [{ at: e.at, message: `conflicting ${what(e)} by ${t1}` }];
    for (const [task, name] of [[e.task, t1], [l.task, t2]] as const) {
      const site = this.forkSites.get(task);
      if (site) related.push({ at: site, message: task === 0 ? `${name} is main, which starts here` : `${name} created here` });
    }
    return { kind: 'data-race', severity: 'warning', message, at: l.at, related, ...(schedule ? { schedule } : {}) };
  }
}

/** The identity of a race's finding: kind, the later access, the earlier access (as `findingKey`). */
export function raceFindingKey(r: RaceReport): string {
  const x = rangeKey(r.later.at);
  const y = rangeKey(r.earlier.at);
  return x < y ? `data-race|${x}|${y}` : `data-race|${y}|${x}`;
}

function conflicts(prev: Access, cur: Access, now: VectorClock): boolean {
  if (prev.task === cur.task) return false;
  if (prev.kind === 'read' && cur.kind === 'read') return false;
  if (prev.atomic && cur.atomic) return false;
  return prev.clock > now.get(prev.task);
}

function describeAccess(a: Access, kind: SyncKind | 'variable', waitGroupCount: boolean): string {
  // waitgroup.go: the first Add is a read of wg.sema, a blocking first Wait a write.
  if (waitGroupCount) return a.kind === 'read' ? 'add from zero' : 'wait';
  // hb.ts: only a send reads the channel (chan.go chansend's racereadpc); close writes it.
  if (kind === 'channel') return a.kind === 'write' ? 'close' : 'send';
  const plain = a.kind === 'write' ? 'write' : 'read';
  return a.atomic ? `atomic ${plain}` : plain;
}
