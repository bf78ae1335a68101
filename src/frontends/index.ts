/**
 * One entry for every surface that turns a file's text into the core's `Program`:
 * scenario YAML or annotated TypeScript, chosen by the file's name (and, for `.ts`
 * files, an `@interleave` header). The TypeScript front end carries the TypeScript
 * compiler, so it is loaded only when a TypeScript file is first compiled.
 */
import type { InputError } from '../core/findings';
import type { Program } from '../core/program';
import { parseScenario } from './scenario/index';
import { sourceKind } from './sourceKind';

export interface Compiled {
  readonly program?: Program;
  readonly errors: readonly InputError[];
}

export { sourceKind, isSimTypeScript, type SourceKind } from './sourceKind';

type TypeScriptFrontEnd = typeof import('./typescript/index');
let typescriptFrontEnd: TypeScriptFrontEnd | undefined;

/**
 * Supplies the TypeScript front end up front. The bundles never call this (they load it
 * lazily, below); the test setup does, because vitest runs sources, which `require`
 * cannot load.
 */
export function provideTypeScriptFrontend(frontEnd: TypeScriptFrontEnd): void {
  typescriptFrontEnd = frontEnd;
}

/** The TypeScript front end, loaded on first use (esbuild keeps a `require`d module lazy). */
export function typescriptFrontend(): TypeScriptFrontEnd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  typescriptFrontEnd ??= require('./typescript/index') as TypeScriptFrontEnd;
  return typescriptFrontEnd;
}

export function compileSource(text: string, file: string): Compiled {
  const kind = sourceKind(file, text);
  if (kind === 'scenario') return parseScenario(text, file);
  if (kind === 'typescript') return typescriptFrontend().compileTypeScript(text, file);
  return {
    errors: [{
      message: 'this kind of file is not simulated',
      hint: 'give a `.scenario.yaml` scenario, or a `.sim.ts` file (or a `.ts` file whose first comment holds `@interleave`)',
      at: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    }],
  };
}
