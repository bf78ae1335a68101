import { expect } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core/engine/simulate';
import type { Op, Program } from '../../../src/core/program';
import type { RunOptions, RunResult } from '../../../src/core/run';
import { compileTypeScript } from '../../../src/frontends/typescript';

/** Compiles `text`, failing the test with the errors when there are any. */
export function compile(text: string, file = 'test.sim.ts'): Program {
  const r = compileTypeScript(text, file);
  expect(r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toEqual([]);
  expect(r.program).toBeDefined();
  return r.program!;
}

/** The input errors of a file that must not compile. */
export function errorsOf(text: string, file = 'test.sim.ts') {
  const r = compileTypeScript(text, file);
  expect(r.program).toBeUndefined();
  return r.errors;
}

export function run(program: Program, options: Partial<RunOptions> = {}): RunResult {
  return simulate(program, { mode: 'untimed', seed: 1, ...options });
}

/** Every op of one untimed run, in step order. */
export function opsOf(program: Program, options: Partial<RunOptions> = {}): { result: RunResult; ops: Op[] } {
  const ops: Op[] = [];
  const result = simulate(program, { mode: 'untimed', seed: 1, ...options, onStep: (s) => ops.push(s.op) });
  return { result, ops };
}

/** The ids of the shared variables read or written in one run. */
export function sharedIds(program: Program): Set<string> {
  const { ops } = opsOf(program);
  const ids = new Set<string>();
  for (const op of ops) if (op.op === 'read' || op.op === 'write') ids.add(op.v);
  return ids;
}
