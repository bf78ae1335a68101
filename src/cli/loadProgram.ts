/**
 * A file name → the core's `Program`, routed by extension to its front end. The one
 * place the command line reads an input file; front ends get text, never paths to open.
 */
import type { InputError } from '../core/findings';
import type { Program } from '../core/program';
import { compileSource, sourceKind } from '../frontends/index';
import type { CliIo } from './io';

export interface LoadedProgram {
  readonly program?: Program;
  readonly errors: readonly InputError[];
}

function fileError(file: string, message: string, hint?: string): InputError {
  return { message, ...(hint ? { hint } : {}), at: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

export function loadProgram(file: string, io: CliIo): LoadedProgram {
  if (!/\.(ya?ml|ts)$/i.test(file)) {
    return { errors: [fileError(file, 'unsupported kind of file', 'give a `.scenario.yaml` scenario or a `.sim.ts` program')] };
  }
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    return { errors: [fileError(file, `cannot read the file: ${(err as Error).message}`, 'check the path')] };
  }
  if (!sourceKind(file, text)) {
    return { errors: [fileError(file, 'this TypeScript file is not an Interleave program',
      'name it `*.sim.ts`, or start it with a `// @interleave` comment')] };
  }
  return compileSource(text, file);
}
