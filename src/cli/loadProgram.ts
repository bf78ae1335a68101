/**
 * A file name → the core's `Program`, routed by extension to its front end. The one
 * place the command line reads an input file; front ends get text, never paths to open.
 */
import type { InputError } from '../core/findings';
import type { Program } from '../core/program';
import { parseScenario } from '../frontends/scenario/index';
import type { CliIo } from './io';

export interface LoadedProgram {
  readonly program?: Program;
  readonly errors: readonly InputError[];
}

type FrontEnd = (text: string, file: string) => { program?: Program; errors: InputError[] };

/**
 * Extensions and their front ends, longest match first. The TypeScript front end
 * (`compileTypeScript` in src/frontends/typescript) plugs in here as `.sim.ts`. It is not
 * wired yet: a static import adds the TypeScript compiler to dist/cli.js (0.4 MB → 10 MB,
 * and about 1.5 s more start-up for every command), so it should come in through a lazy
 * `require` or a second bundle, once it finds its lib files from dist/.
 */
const FRONT_ENDS: readonly { readonly suffix: string; readonly compile: FrontEnd }[] = [
  { suffix: '.scenario.yaml', compile: parseScenario },
  { suffix: '.scenario.yml', compile: parseScenario },
  { suffix: '.yaml', compile: parseScenario },
  { suffix: '.yml', compile: parseScenario },
];

function fileError(file: string, message: string, hint?: string): InputError {
  return { message, ...(hint ? { hint } : {}), at: { file, line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

export function loadProgram(file: string, io: CliIo): LoadedProgram {
  const frontEnd = FRONT_ENDS.find((f) => file.endsWith(f.suffix));
  if (!frontEnd) {
    const hint = file.endsWith('.ts')
      ? 'annotated TypeScript (`.sim.ts`) is not supported by this build yet; use a `.scenario.yaml` file'
      : 'give a `.scenario.yaml` scenario or a `.sim.ts` program';
    return { errors: [fileError(file, 'unsupported kind of file', hint)] };
  }
  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    return { errors: [fileError(file, `cannot read the file: ${(err as Error).message}`, 'check the path')] };
  }
  return frontEnd.compile(text, file);
}
