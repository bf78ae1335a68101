/**
 * Go's select over channel cases (runtime/select.go: selectgo). The engine calls
 * `selectCases` for a `select` op:
 * 1. poll every case; if some are ready, pick one uniformly (selectgo polls in a random
 *    permutation, which is the same as a uniform pick among the ready cases) with a
 *    recorded `select` choice, and perform it now;
 * 2. else take the default case, when there is one (index -1);
 * 3. else queue the task on every case's channel, each entry remembering its case index,
 *    and block. The first counterpart that fires an entry wakes the task with
 *    `{ index, value, ok }`; the engine must then call `cancelSelect` (or `cancel(task)` on
 *    each case's object) to drop the other registrations before anything else runs.
 * A select with no cases and no default blocks forever (`select {}`).
 */
import type { SelectCase, SourceRange, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject } from './types';
import { Channel } from './channel';
import { blocked, completed } from './outcome';

/** What a select op returns; `index` is -1 for the default case. */
export interface SelectResult {
  readonly index: number;
  readonly value: unknown;
  readonly ok: boolean;
}

/** The engine's sync objects, by id. */
export type SyncObjects = ReadonlyMap<string, SyncObject> | ((id: string) => SyncObject | undefined);

function channelOf(objects: SyncObjects, c: SelectCase, at: SourceRange): Channel {
  const obj = typeof objects === 'function' ? objects(c.obj) : objects.get(c.obj);
  if (!(obj instanceof Channel)) {
    const what = obj ? `a ${obj.decl.kind}` : 'not declared';
    throw new Error(
      `${at.file}:${at.line}:${at.column}: a select case must ${c.kind} on a channel, but '${c.obj}' is ${what}. ` +
        'Declare it as `{ channel: N }` or use a plain step instead of select.',
    );
  }
  return obj;
}

export function selectCases(
  task: TaskId,
  cases: readonly SelectCase[],
  hasDefault: boolean,
  objects: SyncObjects,
  host: SyncHost,
  at: SourceRange,
): Outcome {
  const channels = cases.map((c) => channelOf(objects, c, at));
  const ready = cases.flatMap((c, i) => (channels[i].ready(task, c.kind) ? [i] : []));
  if (ready.length > 0) {
    const index = ready.length === 1 ? ready[0] : ready[host.choose({ kind: 'select', options: ready })];
    const c = cases[index];
    const out = channels[index].perform(task, c.kind, c.value, at, host);
    if (out.blocked) throw new Error(`internal: select case ${index} on '${c.obj}' was ready but blocked`);
    const received = c.kind === 'recv' ? (out.result as { value: unknown; ok: boolean }) : { value: undefined, ok: true };
    const result: SelectResult = { index, value: received.value, ok: received.ok };
    return completed(result, out.wake);
  }
  if (hasDefault) {
    const result: SelectResult = { index: -1, value: undefined, ok: false };
    return completed(result);
  }
  cases.forEach((c, i) => channels[i].enqueueSelect(task, i, c.kind, c.value, at));
  return blocked();
}

/** Drop every registration `task` made for this select (after one case fired, or when the task ends). */
export function cancelSelect(task: TaskId, cases: readonly SelectCase[], objects: SyncObjects): void {
  for (const c of cases) {
    const obj = typeof objects === 'function' ? objects(c.obj) : objects.get(c.obj);
    obj?.cancel(task);
  }
}
