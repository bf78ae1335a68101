/**
 * The Go front end's line in the front-end table (frontends/index.ts). A `.go` file is
 * interpreted by our own model of Go (interp.ts): it never runs as a process, and the
 * interpreter reads no file, no environment variable (os.Getenv answers "") and no
 * network, so a Go file, like a scenario, needs no workspace trust (`runsCode: false`).
 */
import { relinkByCompiling, type FrontEnd } from '../frontEnd';
import { compileGo } from './index';
import { GO_PACKAGE_HEADER, isGoFolder } from './package';
import { TEST_NAME } from './testing';

const FUNC_MAIN = /^\s*func\s+main\s*\(/;
// `func TestXxx(t *testing.T)` at the start of a line (testing.go's rule for the name: TEST_NAME).
const FUNC_TEST = /^func\s+(Test\w*)\s*\(\s*\w+\s+\*\s*testing\.T\s*\)/;

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
  // Above each test of a `_test.go` file (what `check` explores one by one).
  lensEntries(text, file) {
    if (!/_test\.go$/i.test(file)) return [];
    const out: { name: string; line: number }[] = [];
    text.split(/\r?\n/).forEach((l, line) => {
      const m = FUNC_TEST.exec(l);
      if (m && TEST_NAME.test(m[1])) out.push({ name: m[1], line });
    });
    return out;
  },
};
