/**
 * The TypeScript front end's line in the front-end table (frontends/index.ts). It carries
 * the TypeScript compiler, so its compiler (./index) loads only when a TypeScript file is
 * first compiled: esbuild keeps a `require`d module lazy, and the editor's host, which only
 * asks which files are ours, never loads it.
 */
import type { EmittedModule } from './compile/emit';
import type { FrontEnd } from '../frontEnd';
import { isSimTypeScript } from '../sourceKind';

type TypeScriptCompiler = typeof import('./index');
let compiler: TypeScriptCompiler | undefined;

/**
 * Supplies the compiler up front. The bundles never call this (they load it lazily, below);
 * the test setup does, because vitest runs sources, which `require` cannot load.
 */
export function provideTypeScriptCompiler(c: TypeScriptCompiler): void {
  compiler = c;
}

/** The TypeScript compiler side, loaded on first use. */
export function typescriptCompiler(): TypeScriptCompiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compiler ??= require('./index') as TypeScriptCompiler;
  return compiler;
}

const SIM_MAIN = /^\s*(export\s+)?(default\s+)?(async\s+)?function\s*\*?\s*main\b|^\s*export\s+default\s+function\b|^\s*(export\s+)?(const|let)\s+main\s*=/;

export const typescriptFrontEnd: FrontEnd = {
  id: 'typescript',
  runsCode: true,
  describes: 'a `.sim.ts` program',
  claims: (file, text) => isSimTypeScript(file, text),
  nameLooksLike: (file) => /\.ts$/i.test(file),
  notMine: {
    message: 'this TypeScript file is not an Interleave program',
    hint: 'name it `*.sim.ts`, or start it with a `// @interleave` comment',
  },
  compile: (text, file) => typescriptCompiler().compileTypeScript(text, file),
  relink: (portable, file) => typescriptCompiler().linkSimModule(portable as EmittedModule, file),
  // Above `main` (`function main`, or the default-exported function).
  lensLines(text) {
    const i = text.split(/\r?\n/).findIndex((l) => SIM_MAIN.test(l));
    return i >= 0 ? [i] : [];
  },
};
