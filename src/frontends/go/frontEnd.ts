/**
 * The Go front end's line in the front-end table (frontends/index.ts). A `.go` file is
 * interpreted by our own model of Go (interp.ts): it never runs as a process, and the
 * interpreter reads no file, no environment variable (os.Getenv answers "") and no
 * network, so a Go file, like a scenario, needs no workspace trust (`runsCode: false`).
 */
import { relinkByCompiling, type FrontEnd } from '../frontEnd';
import { compileGo } from './index';
import { GO_PACKAGE_HEADER, isGoFolder } from './package';

const FUNC_MAIN = /^\s*func\s+main\s*\(/;

export const goFrontEnd: FrontEnd = {
  id: 'go',
  runsCode: false,
  describes: 'a `.go` program (package main) or `_test.go` file, or a folder of one package',
  claims: (file, text) => /\.go$/i.test(file) || text.startsWith(GO_PACKAGE_HEADER),
  // A folder of .go files: the command line reads it as one package (package.ts).
  nameLooksLike: (file) => /\.go$/i.test(file) || isGoFolder(file),
  compile: (text, file) => compileGo(text, file),
  // A test's program is relinked from the package text and the test's name (CompiledEntry.portable).
  relink(portable, file) {
    if (typeof portable === 'string') return relinkByCompiling(compileGo, 'the Go file')(portable, file);
    const { text, test } = portable as { text: string; test: string };
    const entry = compileGo(text, file).entries?.find((e) => e.name === test);
    if (!entry) throw new Error(`the Go package has no test ${test}`);
    return entry.program;
  },
  // Above `func main`.
  lensLines(text) {
    const i = text.split(/\r?\n/).findIndex((l) => FUNC_MAIN.test(l));
    return i >= 0 ? [i] : [];
  },
};
