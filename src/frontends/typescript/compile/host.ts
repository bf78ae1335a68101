/**
 * Builds a TypeScript program for one `.sim.ts` file: the file itself, the `interleave`
 * module's declarations, and the ES2022 library (no DOM, no Node types, so `require`,
 * `process` and `setTimeout` are type errors before anything runs). Library files are
 * parsed once per process and reused, because every compile type-checks the whole file.
 *
 * The compile reads nothing else: a `.sim.ts` file may come from anyone, and TypeScript
 * would otherwise follow `/// <reference path="/any/file" />`, `/// <reference types>` and
 * relative imports to any file on disk (and quote it in errors). `noResolve` makes the
 * compiler ignore those directives, the host answers only for the three kinds of files
 * above, and `referenceErrors` reports each directive at its line.
 */
import * as ts from 'typescript';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputError } from '../../../core/findings';
import type { LocationTable } from './locations';

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
  // Neither `/// <reference path|types>` nor imports add files; `referenceErrors` names them.
  noResolve: true,
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

/** A library file TypeScript ships (`lib.es2022.d.ts`, …), in its own folder. */
function isLibFile(name: string, libs: string): boolean {
  return path.dirname(name) === libs && /^lib\.[\w.-]+\.d\.ts$/.test(path.basename(name));
}

/** The user's file is given by text; only the `interleave` declarations and library files come from disk. */
export function createSimProgram(text: string, file: string): { program: ts.Program; source: ts.SourceFile } {
  const userName = path.resolve(file.endsWith('.ts') ? file : file + '.ts');
  const source = ts.createSourceFile(userName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const dts = path.resolve(interleaveDtsPath());
  const libs = path.resolve(libDir());
  const readable = (name: string): boolean => {
    const full = path.resolve(name);
    return full === dts || isLibFile(full, libs);
  };
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (path.resolve(name) === userName ? source : readable(name) ? cachedFile(path.resolve(name)) : undefined),
    getDefaultLibFileName: () => path.join(libs, 'lib.es2022.d.ts'),
    getDefaultLibLocation: () => libs,
    writeFile: () => undefined,
    getCurrentDirectory: () => path.dirname(userName),
    getDirectories: () => [],
    directoryExists: () => false,
    fileExists: (name) => path.resolve(name) === userName || (readable(name) && fs.existsSync(name)),
    readFile: (name) => (path.resolve(name) === userName ? text : readable(name) && fs.existsSync(name) ? fs.readFileSync(name, 'utf8') : undefined),
    // No import is looked up on disk: `interleave` is declared by the ambient module in
    // interleave.d.ts, and analyze.ts refuses every other import at its line.
    resolveModuleNameLiterals: (literals) => literals.map(() => ({ resolvedModule: undefined })),
    resolveTypeReferenceDirectiveReferences: (refs) => refs.map(() => ({ resolvedTypeReferenceDirective: undefined })),
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  const program = ts.createProgram({ rootNames: [userName, dts], options: COMPILER_OPTIONS, host });
  return { program, source };
}

/**
 * Each `/// <reference path="…" />` and `/// <reference types="…" />` of the file, as an
 * error at its line: the compile reads only this file and the `interleave` declarations.
 * `/// <reference lib="…" />` names TypeScript's own library files and stays allowed.
 */
export function referenceErrors(source: ts.SourceFile, locs: LocationTable): InputError[] {
  const refs = [
    ...source.referencedFiles.map((r) => ({ r, kind: 'path' })),
    ...source.typeReferenceDirectives.map((r) => ({ r, kind: 'types' })),
  ].sort((a, b) => a.r.pos - b.r.pos);
  return refs.map(({ r, kind }) => ({
    message: `\`/// <reference ${kind}="${r.fileName}" />\` cannot be used in a simulation: it reads only this file and the \`interleave\` declarations`,
    hint: 'remove the directive; put what the simulation needs in this file and import primitives from "interleave"',
    at: locs.rangeOfSpan(r.pos, r.end),
  }));
}
