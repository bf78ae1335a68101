/**
 * Builds a TypeScript program for one `.sim.ts` file: the file itself, the `interleave`
 * module's declarations, and the ES2022 library (no DOM, no Node types, so `require`,
 * `process` and `setTimeout` are type errors before anything runs). Library files are
 * parsed once per process and reused, because every compile type-checks the whole file.
 */
import * as ts from 'typescript';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: false,
  sourceMap: true,
  skipLibCheck: true,
  allowJs: false,
};

let dtsPathOverride: string | null = null;

/** Where the shipped declarations live when bundled (the build copies the file next to the bundle). */
export function setInterleaveDtsPath(p: string): void {
  dtsPathOverride = p;
}

/** The folder of this module (the bundle's folder once built); the working directory as a last resort. */
function hereDir(): string {
  return typeof __dirname !== 'undefined' ? __dirname : process.cwd();
}

/** The path of `interleave.d.ts`: next to the bundle (dist/), or in the source tree. */
export function interleaveDtsPath(): string {
  if (dtsPathOverride) return dtsPathOverride;
  const here = hereDir();
  const candidates = [
    path.join(here, 'interleave.d.ts'),
    path.join(here, '..', 'module', 'interleave.d.ts'),
    path.join(here, 'module', 'interleave.d.ts'),
    path.join(here, '..', 'src', 'frontends', 'typescript', 'module', 'interleave.d.ts'),
    path.join(here, 'src', 'frontends', 'typescript', 'module', 'interleave.d.ts'),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`interleave.d.ts not found (looked in ${candidates.join(', ')}); the build must copy it next to the bundle`);
}

const libCache = new Map<string, ts.SourceFile | undefined>();

function libDir(): string {
  return path.dirname(ts.getDefaultLibFilePath(COMPILER_OPTIONS));
}

function cachedFile(fileName: string): ts.SourceFile | undefined {
  if (libCache.has(fileName)) return libCache.get(fileName);
  const text = fs.existsSync(fileName) ? fs.readFileSync(fileName, 'utf8') : undefined;
  const sf = text === undefined ? undefined : ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  libCache.set(fileName, sf);
  return sf;
}

/** The user's file is given by text; only library files come from disk. */
export function createSimProgram(text: string, file: string): { program: ts.Program; source: ts.SourceFile } {
  const userName = path.resolve(file.endsWith('.ts') ? file : file + '.ts');
  const source = ts.createSourceFile(userName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const dts = interleaveDtsPath();
  const libs = libDir();
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (path.resolve(name) === userName ? source : cachedFile(name)),
    getDefaultLibFileName: () => path.join(libs, 'lib.es2022.d.ts'),
    getDefaultLibLocation: () => libs,
    writeFile: () => undefined,
    getCurrentDirectory: () => path.dirname(userName),
    getDirectories: () => [],
    fileExists: (name) => path.resolve(name) === userName || fs.existsSync(name),
    readFile: (name) => (path.resolve(name) === userName ? text : fs.existsSync(name) ? fs.readFileSync(name, 'utf8') : undefined),
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  const program = ts.createProgram({ rootNames: [userName, dts], options: COMPILER_OPTIONS, host });
  return { program, source };
}
