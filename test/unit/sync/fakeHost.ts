/** A tiny SyncHost for unit tests: records hb calls and misuses, with a settable clock and scripted choices. */
import type { HbObserver } from '../../../src/core/analysis/hb';
import type { ChoicePoint } from '../../../src/core/run';
import type { RuntimeKind, SourceRange, SyncAction, SyncDecl, SyncKind, TaskId } from '../../../src/core/program';
import type { Outcome, SyncHost, SyncObject } from '../../../src/core/sync/types';
import { createSyncObject } from '../../../src/core/sync';

export const at: SourceRange = { file: 't.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 };

export class FakeHost implements SyncHost {
  time = 0;
  readonly hbLog: string[] = [];
  readonly misuses: { task: TaskId; message: string; fatal: boolean }[] = [];
  readonly choices: ChoicePoint[] = [];
  /** Indexes returned by `choose`, in order; 0 when exhausted. */
  script: number[] = [];
  readonly hb: HbObserver;

  constructor(readonly runtime: RuntimeKind = 'go') {
    const log = this.hbLog;
    this.hb = {
      fork: (p, c) => log.push(`fork ${p} ${c}`),
      join: (a, b) => log.push(`join ${a} ${b}`),
      acquire: (t, s) => log.push(`acquire ${t} ${s}`),
      release: (t, s) => log.push(`release ${t} ${s}`),
      releaseStore: (t, s) => log.push(`releaseStore ${t} ${s}`),
      read: (t, v) => log.push(`read ${t} ${v}`),
      write: (t, v) => log.push(`write ${t} ${v}`),
      atomic: (t, v, k) => log.push(`atomic ${t} ${v} ${k}`),
    };
  }

  now(): number {
    return this.time;
  }

  choose(point: ChoicePoint): number {
    this.choices.push(point);
    return this.script.shift() ?? 0;
  }

  misuse(task: TaskId, message: string, _at: SourceRange, fatal: boolean): void {
    this.misuses.push({ task, message, fatal });
  }

  label(task: TaskId): string {
    return `T${task + 1}`;
  }

  /** The hb log since the last call. */
  takeHb(): string[] {
    return this.hbLog.splice(0);
  }
}

export function decl(kind: SyncKind, extra: Partial<SyncDecl> = {}, id = kind.slice(0, 2)): SyncDecl {
  return { id, name: id, kind, ...extra };
}

/** An object plus a host, with a shorthand for perform. */
export function setup(kind: SyncKind, extra: Partial<SyncDecl> = {}, runtime: RuntimeKind = 'go') {
  const host = new FakeHost(runtime);
  const obj = createSyncObject(decl(kind, extra, 'x'), runtime);
  const run = (task: TaskId, action: SyncAction, value?: unknown): Outcome => obj.perform(task, action, value, at, host);
  return { host, obj, run };
}

export function wokenTasks(out: Outcome): TaskId[] {
  return out.wake.map((w) => w.task);
}

export type { SyncObject };
