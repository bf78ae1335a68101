/**
 * Every surface compiles here: a file (its name and text) → the core's `Program`, through the
 * front-end table (src/frontends/index.ts). The command line reads the file with `loadFile`,
 * the editor's worker and the panel pass the document's text to `compileText`, and the debug
 * adapter reads through its injected reader. Front ends get text, never paths to open.
 */
import { formatInputError, type InputError } from '../core/findings';
import type { Program } from '../core/program';
import { acceptedFiles, allFrontEnds, compileSource, frontEndFor, frontEndGeneration, relinkProgram, type CompiledFile } from '../frontends/index';

/** A compiled file and the front end that took it (its id names how another thread relinks it). */
export interface CompiledProgram extends CompiledFile {
  readonly frontEnd?: string;
}

const atStart = (file: string) => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1 });

function fileError(file: string, message: string, hint?: string): CompiledProgram {
  return { errors: [{ message, ...(hint ? { hint } : {}), at: atStart(file) }] };
}

/**
 * The last few compiles, by file and text: a check, a run and an explanation of one version
 * of a document compile it once (a `.sim.ts` type-check takes 100 ms to seconds). A
 * `Program` is re-runnable, so sharing it is safe.
 */
const recent: { key: string; result: CompiledProgram }[] = [];
const RECENT = 4;

/**
 * A file's text → its program (or its input errors), with the front end that takes the file.
 * `entry` names one of the file's entry points (a Go test): its program is the answer then.
 */
export function compileText(file: string, text: string, entry?: string): CompiledProgram {
  return entryOf(compileWhole(file, text), file, entry);
}

function compileWhole(file: string, text: string): CompiledProgram {
  const key = `${frontEndGeneration()}\u0000${file}\u0000${text}`;
  const hit = recent.find((c) => c.key === key);
  if (hit) return hit.result;
  const frontEnd = frontEndFor(file, text);
  const result: CompiledProgram = frontEnd ? { ...frontEnd.compile(text, file), frontEnd: frontEnd.id } : compileSource(text, file);
  recent.unshift({ key, result });
  recent.length = Math.min(recent.length, RECENT);
  return result;
}

/**
 * One entry point of a compiled file (a Go test, by name) as a compiled file of its own; the
 * file itself when `entry` is undefined. A name the file does not offer is an input error
 * that lists the ones it does.
 */
export function entryOf(compiled: CompiledProgram, file: string, entry: string | undefined): CompiledProgram {
  if (entry === undefined || !compiled.program || compiled.errors.length > 0) return compiled;
  const chosen = compiled.entries?.find((e) => e.name === entry);
  if (!chosen) {
    const names = (compiled.entries ?? []).map((e) => e.name);
    return fileError(file, `${file} has no test ${entry}`, names.length > 0 ? `its tests: ${names.join(', ')}` : 'it has no tests');
  }
  const { entries: _all, ...rest } = compiled;
  return { ...rest, program: chosen.program, portable: chosen.portable };
}

/** Reads the file with `readText` and compiles it; an unreadable or foreign file is an input error at 1:1. */
export function loadFile(file: string, readText: (file: string) => string, entry?: string): CompiledProgram {
  if (!allFrontEnds().some((f) => f.nameLooksLike(file))) {
    return fileError(file, 'unsupported kind of file', `give ${acceptedFiles()}`);
  }
  let text: string;
  try {
    text = readText(file);
  } catch (err) {
    return fileError(file, `cannot read the file: ${(err as Error).message}`, 'check the path');
  }
  return compileText(file, text, entry);
}

/** A compile that failed, as one error whose message lists every input error. */
export class InputErrors extends Error {
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => formatInputError(e)).join('\n'));
  }
}

/** The program, or `InputErrors` thrown (the panel's and the debugger's way: they answer with an error). */
export function programOf(compiled: CompiledProgram, file: string): Program {
  if (compiled.program && compiled.errors.length === 0) return compiled.program;
  throw new InputErrors(compiled.errors.length > 0 ? compiled.errors : [{ message: 'the file gave no program', at: atStart(file) }]);
}

/** Rebuilds, on another thread, the program `compileText` made (from its `portable` data). */
export function relink(compiled: { readonly frontEnd: string; readonly portable: unknown }, file: string): Program {
  return relinkProgram(compiled.frontEnd, compiled.portable, file);
}
