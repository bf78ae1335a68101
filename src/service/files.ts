/**
 * The light entry of the service layer, for the editor's host: which front end takes a
 * document (to show the lens, watch it, and send it to the worker), without loading a
 * compiler, the core's engine or the panel's code.
 */
import { allFrontEnds, frontEndFor, type FrontEnd } from '../frontends/index';

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

/** True when a document of this kind executes its own code when run (it then waits for workspace trust). */
export function kindRunsCode(kind: string): boolean {
  return byId(kind)?.runsCode ?? true;
}
