/**
 * A file name → the core's `Program`, routed by extension to its front end. The one
 * place the command line reads an input file; front ends get text, never paths to open.
 */
import type { InputError } from '../core/findings';
import type { Program } from '../core/program';
import type { EmittedModule } from '../frontends/typescript/compile/emit';
import { compileSource, sourceKind, typescriptFrontend } from '../frontends/index';
import type { CliIo } from './io';

export interface LoadedProgram {
  readonly program?: Program;
  readonly errors: readonly InputError[];
  /**
   * A `.sim.ts` program: the script name its code runs under and the source map back to
   * the file, so a watchdog that finds the code stuck can name the line it is on.
   */
  readonly script?: { readonly url: string; readonly sourceMap: string };
  /** A `.sim.ts` program's emitted module (plain data): check's threads link it rather than compile the file again. */
  readonly emitted?: EmittedModule;
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
  const kind = sourceKind(file, text);
  if (!kind) {
    return { errors: [fileError(file, 'this TypeScript file is not an Interleave program',
      'name it `*.sim.ts`, or start it with a `// @interleave` comment')] };
  }
  return kind === 'typescript' ? loadTypeScript(text, file) : compileSource(text, file);
}

/**
 * `compileTypeScript`'s two stages, run here so the emitted module's source map is kept.
 * The sandbox names the program's script `${file}.js` (typescript/index.ts `linkSimModule`).
 */
function loadTypeScript(text: string, file: string): LoadedProgram {
  const ts = typescriptFrontend();
  const at = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  let emitted: ReturnType<typeof ts.emitSimModule>;
  try {
    emitted = ts.emitSimModule(text, file);
  } catch (e) {
    return { errors: [{ message: `the TypeScript front end failed: ${(e as Error).message}`, hint: 'please report this with the file', at }] };
  }
  const mod = emitted.module;
  if (!mod || emitted.errors.length > 0) return { errors: emitted.errors };
  try {
    return { program: ts.linkSimModule(mod, file), errors: [], script: { url: `${file}.js`, sourceMap: mod.sourceMap }, emitted: mod };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { errors: [{ message: `the compiled simulation could not be loaded: ${message}`, at: mod.mainAt }] };
  }
}
