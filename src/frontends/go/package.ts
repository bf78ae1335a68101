/**
 * A Go package as the go command sees it: `interleave run DIR` takes the `.go` files of one
 * directory (not its `_test.go` files) as one package, as `go run .` does, and the `go`
 * line of the nearest go.mod says which loop-variable rule the code was written for
 * (cmd/go: the go version of the main module; from 1.22 a loop variable is per iteration).
 *
 * The folder travels as one text (the portable form every surface passes around): a header
 * line naming the folder, then each file after a line with its name and length. compileGo
 * parses each file on its own and reports every position in its own file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const GO_PACKAGE_HEADER = '//interleave:go-package ';
const FILE_LINE = /^\/\/interleave:go-file (\d+) (.+)$/;

export interface PackageFile {
  readonly file: string;
  readonly text: string;
  /** Where the file's text starts in the package text. */
  readonly offset: number;
}

/**
 * The package text of a folder's `.go` files, its `_test.go` files included (`check DIR`
 * explores its tests, as `go test`; `run DIR` still runs its func main); undefined when it has none.
 * `only`: of the test files, just this one (`check x_test.go`: the package and that file).
 */
export function readGoPackage(dir: string, only?: string, onlyText?: string): string | undefined {
  const names = readdirSync(dir).filter((n) => n.endsWith('.go') && (!n.endsWith('_test.go') || only === undefined || n === only));
  if (only !== undefined && onlyText !== undefined && !names.includes(only)) names.push(only);
  names.sort();
  if (names.length === 0) return undefined;
  let out = `${GO_PACKAGE_HEADER}${resolve(dir)}\n`;
  for (const n of names) {
    const text = n === only && onlyText !== undefined ? onlyText : readFileSync(join(dir, n), 'utf8');
    out += `//interleave:go-file ${text.length} ${n}\n${text}\n`;
  }
  return out;
}

/** A folder with `.go` files in it (what `interleave run DIR` takes as a Go package). */
export function isGoFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory() && readdirSync(path).some((n) => n.endsWith('.go'));
  } catch {
    return false;
  }
}

/**
 * The text the command line compiles for a folder it is given: a Go package (the only
 * front end with packages). Throws, with what to do, when the folder has no `.go` file.
 */
export function folderText(dir: string): string {
  const text = readGoPackage(dir);
  if (text === undefined) throw new Error(`${dir} is a folder without .go files; give a file, or a folder of one Go package`);
  return text;
}

/**
 * `check x_test.go`: the test file with the package's other (non-test) files beside it, as
 * `go test` builds it; undefined when the path is no test file or it has no such neighbour.
 * `text`: the test file's own text as the editor holds it (unsaved edits), its neighbours
 * as they are on disk.
 */
export function testFileText(path: string, text?: string): string | undefined {
  if (!path.endsWith('_test.go')) return undefined;
  try {
    const dir = dirname(resolve(path));
    const name = path.split(/[\\/]/).pop()!;
    const others = readdirSync(dir).some((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    return others ? readGoPackage(dir, name, text) : undefined;
  } catch {
    return undefined;
  }
}

/** The files of a package text, or undefined when the text is one file's. */
export function splitGoPackage(text: string): { dir: string; files: PackageFile[] } | undefined {
  if (!text.startsWith(GO_PACKAGE_HEADER)) return undefined;
  let at = text.indexOf('\n') + 1;
  const dir = text.slice(GO_PACKAGE_HEADER.length, at - 1);
  const files: PackageFile[] = [];
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const m = FILE_LINE.exec(text.slice(at, end < 0 ? undefined : end));
    if (!m || end < 0) break;
    const length = Number(m[1]);
    files.push({ file: join(dir, m[2]), text: text.slice(end + 1, end + 1 + length), offset: end + 1 });
    at = end + 1 + length + 1;
  }
  return { dir, files };
}

/**
 * The minor version of the `go` line in the go.mod nearest to `path` (its folder, then the
 * folders above), as cmd/go finds the main module; undefined when there is none or the
 * path is not a file of this machine (an editor's unsaved document).
 */
export function goModMinor(path: string): number | undefined {
  let dir = resolve(path);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    return undefined;
  }
  for (let i = 0; i < 64; i++) {
    const mod = join(dir, 'go.mod');
    if (existsSync(mod)) {
      const m = /^\s*go\s+1\.(\d+)/m.exec(readFileSync(mod, 'utf8'));
      return m ? Number(m[1]) : undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}
