/**
 * The light entry of the service layer, for the editor's host: which front end takes a
 * document (to show the lens, watch it, and send it to the worker), without loading a
 * compiler, the core's engine or the panel's code.
 */
import { readFileSync, statSync } from 'node:fs';
import { allFrontEnds, folderText, frontEndFor, testFileText, type FrontEnd } from '../frontends/index';

export { allFrontEnds, closest, ENTRY_SKIPPED, folderText, testFileText, frontEndFor, isSimTypeScript, SIZED_KINDS, SYNC_METHODS, VAR_METHODS, WORD_KINDS, type FrontEnd } from '../frontends/index';

/** The id of the front end that takes an open document (`scenario`, `typescript`), or undefined. */
export function documentKind(file: string, text: string): string | undefined {
  return frontEndFor(file, text, true)?.id;
}

function byId(kind: string): FrontEnd | undefined {
  return allFrontEnds().find((f) => f.id === kind);
}

/** 0-based lines of a document of this kind that get the `▶ Run  ⏭ Step …` row. */
export function lensLines(text: string, kind: string): number[] {
  return byId(kind)?.lensLines(text) ?? [];
}

/** The entry points of a document of this kind (a Go test file's tests), each at its 0-based line. */
export function lensEntries(text: string, kind: string, file: string): { readonly name: string; readonly line: number }[] {
  return byId(kind)?.lensEntries?.(text, file) ?? [];
}

/**
 * What a file on disk compiles from, as the command line and the debugger read it: a folder
 * is a package (Go, as `go run .`); a Go test file comes with its package's other files (as
 * `go test` builds it); anything else, a missing file included, is read as it is (so its
 * error is the read's: `ENOENT ... open`).
 */
export function readSource(path: string): string {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? folderText(path) : testFileText(path) ?? readFileSync(path, 'utf8');
}

/**
 * What an open document compiles from: its text, and for a Go test file the package's other
 * files from disk beside it (the check of `x_test.go` in the editor is `check x_test.go`'s).
 */
export function documentSource(file: string, text: string): string {
  return testFileText(file, text) ?? text;
}

/** True when a document of this kind executes its own code when run (it then waits for workspace trust). */
export function kindRunsCode(kind: string): boolean {
  return byId(kind)?.runsCode ?? true;
}
