/**
 * Small programs built in code, for exploration tests: each task body is a list of ops
 * (with `repeat` unrolled), so every run is a fresh generator as `Program` requires.
 */
// Importing the core connects the sync layer to the engine.
import '../../../src/core';
import type { Op, Program, SourceRange, SyncDecl, TaskBody } from '../../../src/core/program';


let line = 0;
export const at = (l?: number): SourceRange => {
  const n = l ?? ++line;
  return { file: 'prog.yaml', line: n, column: 1, endLine: n, endColumn: 10 };
};

export type Step = (ctx: { result: unknown }) => Op;

/** A task body from a list of ops (or functions of the last result, for branching). */
export function body(ops: readonly (Op | Step)[]): TaskBody {
  return function* () {
    let result: unknown;
    for (const o of ops) result = yield typeof o === 'function' ? o({ result }) : o;
    return result;
  };
}

export const read = (v: string, l?: number): Op => ({ op: 'read', v, at: at(l) });
export const write = (v: string, value: unknown, l?: number): Op => ({ op: 'write', v, value, at: at(l) });
export const lock = (m: string, l?: number): Op => ({ op: 'sync', obj: m, action: 'lock', at: at(l) });
export const unlock = (m: string, l?: number): Op => ({ op: 'sync', obj: m, action: 'unlock', at: at(l) });
export const sync = (obj: string, action: Extract<Op, { op: 'sync' }>['action'], value?: unknown, l?: number): Op =>
  ({ op: 'sync', obj, action, value, at: at(l) });

/** A read-then-write increment of `v` (two steps: a lost update can happen between them). */
export function incr(v: string, l?: number): (Op | Step)[] {
  const where = at(l);
  return [
    { op: 'read', v, at: where },
    ({ result }) => ({ op: 'write', v, value: (result as number) + 1, at: where }),
  ];
}

export function program(opts: {
  vars?: Record<string, unknown>;
  objects?: SyncDecl[];
  main: readonly (Op | Step)[];
  expects?: Program['expects'];
  runtime?: 'threads' | 'go' | 'python';
}): Program {
  return {
    file: 'prog.yaml',
    name: 'test program',
    config: { runtime: { kind: opts.runtime ?? 'go' } },
    vars: Object.entries(opts.vars ?? {}).map(([id, initial]) => ({ id, name: id, initial })),
    objects: opts.objects ?? [],
    main: body(opts.main),
    mainAt: at(1000),
    expects: opts.expects ?? [],
    sweep: [],
    at: at(1000),
  };
}

export const spawn = (b: TaskBody, count = 1, name = 'worker', l?: number): Op => ({ op: 'spawn', body: b, name, count, at: at(l) });
export const joinSpawned: Step = ({ result }) => ({ op: 'join', tasks: result as number[], at: at(999) });
