/**
 * The Python front end's line in the front-end table (frontends/index.ts). Its compiler
 * (./index, with the @lezer/python grammar) loads on the first `.py` compile, as the
 * TypeScript front end's does, so the editor's host that only asks which files are ours
 * never loads it.
 *
 * `runsCode: false`: a `.py` file is interpreted in our model (interp.ts), never run as a
 * process and never handed to a Python interpreter, so it reads no file, opens no socket
 * and starts nothing on the user's machine. Like a scenario, it runs in an untrusted
 * workspace; the worst a hostile file can do is spin the model until its step budget.
 */
import type { FrontEnd } from '../frontEnd';

type PythonCompiler = typeof import('./index');
let compiler: PythonCompiler | undefined;

/** Supplies the compiler up front (the test setup: vitest runs sources, which `require` cannot load). */
export function providePythonCompiler(c: PythonCompiler): void {
  compiler = c;
}

function pythonCompiler(): PythonCompiler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compiler ??= require('./index') as PythonCompiler;
  return compiler;
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*["']__main__["']\s*:/;
/** A Python file about concurrency: it imports one of the modules the subset simulates, or has the `# @interleave` header. */
const CONCURRENT = /^\s*(import|from)\s+(threading|multiprocessing|concurrent|queue|asyncio)\b|^\s*#\s*@interleave\b/m;

export const pythonFrontEnd: FrontEnd = {
  id: 'python',
  runsCode: false,
  describes: 'a `.py` Python program',
  // The command line takes any `.py` it is given; in a workspace, only the files about
  // threads or processes, so an editor full of ordinary Python gets no subset errors.
  claims: (file, text, editor) => /\.py$/i.test(file) && (!editor || CONCURRENT.test(text)),
  nameLooksLike: (file) => /\.py$/i.test(file),
  compile: (text, file) => pythonCompiler().compilePython(text, file),
  relink(portable, file) {
    const r = pythonCompiler().compilePython(portable as string, file);
    if (!r.program) throw new Error(r.errors[0]?.message ?? 'the Python file gave no program');
    return r.program;
  },
  // Above `if __name__ == "__main__":`, else above the first line.
  lensLines(text) {
    const i = text.split(/\r?\n/).findIndex((l) => MAIN_GUARD.test(l));
    return [i >= 0 ? i : 0];
  },
};
