/**
 * The front-end table: every kind of input file Interleave takes, each a `FrontEnd` from its
 * own folder. Adding a front end is its folder plus one line in `BUILTIN_FRONT_ENDS`; a test
 * (or an embedder) adds one for a while with `registerFrontEnd`. The command line, the
 * editor's worker and the debug adapter compile through src/service/compile.ts, which
 * asks this table.
 *
 * Light on purpose: the editor's host imports it to ask which documents are ours, so a
 * front end with a large compiler (TypeScript) loads it only on its first compile.
 */
import type { Program } from '../core/program';
import type { CompiledFile, FrontEnd } from './frontEnd';
import { goFrontEnd } from './go/frontEnd';
import { pythonFrontEnd } from './python/frontEnd';
import { scenarioFrontEnd } from './scenario/frontEnd';
import { typescriptFrontEnd } from './typescript/frontEnd';

export type { CompiledEntry, CompiledFile, FrontEnd } from './frontEnd';
export { ENTRY_SKIPPED } from './frontEnd';
export { isSimTypeScript } from './sourceKind';
export { provideTypeScriptCompiler } from './typescript/frontEnd';
export { providePythonCompiler } from './python/frontEnd';
/** For the layers above: "did you mean", the scenario format's words, a generated script's source map. */
export { closest } from './scenario/suggest';
export { SIZED_KINDS, SYNC_METHODS, VAR_METHODS, WORD_KINDS } from './scenario/vocabulary';
export { SourceMapIndex } from './typescript/sandbox/sourceMap';
/** A folder the command line is given: the text of the Go package in it. */
export { folderText, testFileText } from './go/package';

/** The built-in front ends, in the order they are asked. */
const BUILTIN_FRONT_ENDS: readonly FrontEnd[] = [scenarioFrontEnd, typescriptFrontEnd, goFrontEnd, pythonFrontEnd];

const frontEnds: FrontEnd[] = [...BUILTIN_FRONT_ENDS];
/** Bumped whenever the table changes: a compile cached under an older table is stale. */
let generation = 0;

/** The table's version (a cache of compiles keys on it). */
export function frontEndGeneration(): number {
  return generation;
}

/** Adds a front end (asked after the built-in ones); returns the function that removes it again. */
export function registerFrontEnd(frontEnd: FrontEnd): () => void {
  if (frontEnds.some((f) => f.id === frontEnd.id)) throw new Error(`a front end with id \`${frontEnd.id}\` is registered already`);
  frontEnds.push(frontEnd);
  generation++;
  return () => {
    const i = frontEnds.indexOf(frontEnd);
    if (i >= 0) frontEnds.splice(i, 1);
    generation++;
  };
}

/** Every front end, built-in first. */
export function allFrontEnds(): readonly FrontEnd[] {
  return frontEnds;
}

/** The front end that takes this file, or undefined when none does. */
export function frontEndFor(file: string, text: string, editor = false): FrontEnd | undefined {
  return frontEnds.find((f) => f.claims(file, text, editor));
}

/** What the files we take are called, for a hint: "give a `.scenario.yaml` scenario, or …". */
export function acceptedFiles(): string {
  const names = frontEnds.map((f) => f.describes);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')}, or ${names[names.length - 1]}`;
}

/** Text → program with the front end that takes the file; a positioned error when none does. */
export function compileSource(text: string, file: string): CompiledFile {
  const frontEnd = frontEndFor(file, text);
  if (frontEnd) return frontEnd.compile(text, file);
  const at = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const near = frontEnds.find((f) => f.nameLooksLike(file));
  return {
    errors: [near
      ? { message: near.notMine?.message ?? `this file is not ${near.describes}`, hint: near.notMine?.hint ?? `give ${acceptedFiles()}`, at }
      : { message: 'this kind of file is not simulated', hint: `give ${acceptedFiles()}`, at }],
  };
}

/** Rebuilds a program on another thread from `CompiledFile.portable` (the front end that compiled it must relink). */
export function relinkProgram(frontEndId: string, portable: unknown, file: string): Program {
  const frontEnd = frontEnds.find((f) => f.id === frontEndId);
  if (!frontEnd?.relink) throw new Error(`the ${frontEndId} front end cannot rebuild a program on another thread`);
  return frontEnd.relink(portable, file);
}
