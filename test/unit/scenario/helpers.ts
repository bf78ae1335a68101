import { expect } from 'vitest';
import type { Op, Program, TaskBody } from '../../../src/core/program';
import { parseScenario } from '../../../src/frontends/scenario/index';

export const FILE = 'test.scenario.yaml';

/** Parses and insists on success, showing the errors otherwise. */
export function program(text: string): Program {
  const r = parseScenario(text, FILE);
  expect(r.errors).toEqual([]);
  expect(r.program).toBeDefined();
  return r.program!;
}

export function errors(text: string) {
  const r = parseScenario(text, FILE);
  expect(r.program).toBeUndefined();
  expect(r.errors.length).toBeGreaterThan(0);
  return r.errors;
}

export interface Feed {
  spawn?: (op: Extract<Op, { op: 'spawn' }>) => number[];
  select?: number;
  onceFirst?: boolean;
  read?: unknown;
}

/** Runs a body alone, answering each op as the engine would, and returns its ops. */
export function drive(body: TaskBody, feed: Feed = {}, limit = 10_000): Op[] {
  const ops: Op[] = [];
  let nextId = 1;
  const gen = body();
  let r = gen.next();
  while (!r.done && ops.length < limit) {
    const op = r.value;
    ops.push(op);
    let answer: unknown;
    if (op.op === 'spawn') answer = feed.spawn ? feed.spawn(op) : Array.from({ length: op.count }, () => nextId++);
    else if (op.op === 'select') answer = { index: feed.select ?? 0, value: undefined, ok: true };
    else if (op.op === 'sync' && op.action === 'once_enter') answer = feed.onceFirst ?? true;
    else if (op.op === 'read') answer = feed.read ?? 0;
    r = gen.next(answer);
  }
  return ops;
}

/** `line:column-endLine:endColumn` of an op, for compact range assertions. */
export function where(op: Op): string {
  return `${op.at.line}:${op.at.column}-${op.at.endLine}:${op.at.endColumn}`;
}

/** The body of the first spawn op of `ops` (a way to reach tasks other than main). */
export function spawnedBody(ops: Op[], name: string): TaskBody {
  const op = ops.find((o): o is Extract<Op, { op: 'spawn' }> => o.op === 'spawn' && o.name === name);
  expect(op).toBeDefined();
  return op!.body;
}
