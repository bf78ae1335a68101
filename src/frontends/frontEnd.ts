/**
 * What a front end is: one kind of input file turned into the core's `Program`. Each front
 * end's folder exports one `FrontEnd`; the table in `frontends/index.ts` lists them, and
 * every surface (the command line, the editor's worker, the debug adapter) compiles through
 * that table (src/service/compile.ts), so adding a front end is its own folder plus one line.
 */
import type { InputError } from '../core/findings';
import type { Program } from '../core/program';

/** A compiled file: the program, or the reasons there is none (file, line, column and a hint each). */
export interface CompiledFile {
  readonly program?: Program;
  readonly errors: readonly InputError[];
  /**
   * Problems that do not stop the file from running (severity `warning` or `information`,
   * such as a TypeScript type error): shown beside the findings, never a reason to refuse.
   */
  readonly warnings?: readonly InputError[];
  /**
   * Generated code the program runs, with its source map back to the file: a watchdog that
   * finds the code stuck names the line it is on (src/cli/guard/locate.ts).
   */
  readonly script?: { readonly url: string; readonly sourceMap: string };
  /**
   * Plain (structured-cloneable) data another thread rebuilds the same program from with
   * `FrontEnd.relink`, without compiling the file again (check's worker threads).
   */
  readonly portable?: unknown;
  /**
   * Entry points a file offers besides `program`, each its own program: a Go package's
   * `func TestXxx(t *testing.T)` (issue 25). `check` explores each; `-run` selects them.
   */
  readonly entries?: readonly CompiledEntry[];
}

/** What a run of an entry returns when the entry skipped itself (a Go test's t.Skip): `check` says SKIP. */
export const ENTRY_SKIPPED = 'SKIP';

/** One entry point of a file (a Go test): its own program, and what another thread relinks it from. */
export interface CompiledEntry {
  readonly name: string;
  readonly at: import('../core/program').SourceRange;
  readonly program: Program;
  readonly portable?: unknown;
}

export interface FrontEnd {
  /** Short id, used in messages and as the editor's file kind: `scenario`, `typescript`. */
  readonly id: string;
  /**
   * True when compiling or running a file executes code from it (TypeScript); the editor then
   * waits for workspace trust. A scenario is data and runs in any workspace.
   */
  readonly runsCode: boolean;
  /** What a user names such a file, for hints: "a `.scenario.yaml` scenario". */
  readonly describes: string;
  /**
   * Whether the file is this front end's, from its name (and, where the name alone cannot
   * tell, its text). `editor` is true when the editor asks about an open document: a front
   * end may then claim less than the command line does (any YAML on the command line, only
   * `*.scenario.yaml` in a workspace).
   */
  claims(file: string, text: string, editor?: boolean): boolean;
  /** A name that looks like this front end's, though its text may still say otherwise (`.ts`). */
  nameLooksLike(file: string): boolean;
  /** What to say of a file whose name looks like ours but that we do not take. */
  readonly notMine?: { readonly message: string; readonly hint: string };
  /** Text → program. Never throws: every problem is an `InputError`. */
  compile(text: string, file: string): CompiledFile;
  /** Rebuilds the program from `CompiledFile.portable` (on another thread). */
  relink?(portable: unknown, file: string): Program;
  /** 0-based lines that get the editor's `▶ Run  ⏭ Step …` row (text-based, so it answers on every keystroke). */
  lensLines(text: string): number[];
  /**
   * Entry points the editor offers one by one (a Go test file's `func TestXxx`), each with
   * the 0-based line of its declaration: the `⟲ Explore schedules  ⏭ Step` row above it and
   * an item in the Testing view. Text-based, like `lensLines`; the names are the
   * `CompiledEntry` names a request's `entry` selects.
   */
  lensEntries?(text: string, file: string): { readonly name: string; readonly line: number }[];
}

/**
 * `relink` for a front end whose portable form is the file's text: another thread compiles
 * it again (cheap for data and for interpreters: scenario, Go, Python).
 */
export function relinkByCompiling(compile: (text: string, file: string) => CompiledFile, what: string): (portable: unknown, file: string) => Program {
  return (portable, file) => {
    const r = compile(portable as string, file);
    if (!r.program) throw new Error(r.errors[0]?.message ?? `${what} gave no program`);
    return r.program;
  };
}
