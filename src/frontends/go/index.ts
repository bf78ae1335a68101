/**
 * Go source → the core's `Program` on the `go` runtime. The file is parsed with
 * `@lezer/go`, checked against the subset (subset.ts), and its `func main` becomes the
 * main task of a program whose tasks interpret the syntax tree (interp.ts): every run
 * starts a fresh interpreter, so runs are independent and replay exactly.
 */
import type { InputError } from '../../core/findings';
import { resolveConfig } from '../../core/config';
import type { Op, Program, SimConfig, SourceRange } from '../../core/program';
import type { CompiledEntry, CompiledFile } from '../frontEnd';
import { type Gen, Goroutine, Interp } from './interp';
import { buildModel } from './model';
import { checkSubset } from './subset';
import { goModMinor, splitGoPackage } from './package';
import { type GoNode, parseGo, Positions } from './syntax';
import { awaitGoroutines, GoTestingT, runTest, SKIPPED, testFunctions } from './testing';
import { GoFunc } from './values';

function programName(file: string): string {
  const parts = file.split(/[\\/]/);
  const base = parts.pop() ?? file;
  const dir = parts.pop();
  return base === 'main.go' && dir ? `${dir}/${base}` : base;
}

/** One file's tree, or a package's files under one root (each parsed on its own, positions in its own file). */
function parsePackage(text: string, file: string): { pos: Positions; root: GoNode; comments: { from: number; text: string }[] } {
  const pkg = splitGoPackage(text);
  if (!pkg) return { pos: new Positions(file, text), ...parseGo(text) };
  const parts = pkg.files.map((f) => parseGo(f.text, f.offset));
  const root: GoNode = { t: 'SourceFile', from: 0, to: text.length, k: parts.flatMap((p) => p.root.k), s: '' };
  return { pos: new Positions(file, text, pkg.files.map((f) => ({ file: f.file, offset: f.offset }))), root, comments: parts.flatMap((p) => p.comments) };
}

function isSimConfig(x: unknown): x is SimConfig {
  const c = x as SimConfig | undefined;
  return typeof c?.machine?.cores === 'number' && typeof c.runtime?.gomaxprocs === 'number';
}

/** Go's `go test` drops these before it runs anything: benchmarks and fuzz targets need flags, examples are not modelled. */
const NOT_RUN = /^(Benchmark|Fuzz|Example)/;

/** Whether the text is (or includes) a `_test.go` file: then `go test` is what it means. */
function hasTests(text: string, file: string): boolean {
  const pkg = splitGoPackage(text);
  return pkg ? pkg.files.some((f) => f.file.endsWith('_test.go')) : file.endsWith('_test.go');
}

export function compileGo(text: string, file: string): CompiledFile {
  let pos = new Positions(file, text);
  try {
    const parsed = parsePackage(text, file);
    pos = parsed.pos;
    const { comments } = parsed;
    let root = parsed.root;
    const tests = hasTests(text, file);
    const warnings: InputError[] = [];
    if (tests) {
      // Benchmarks, fuzz targets and examples of the _test.go files are not run (as `go test` without -bench/-fuzz; examples: said).
      root = { ...root, k: root.k.filter((d) => {
        const name = d.t === 'FunctionDecl' ? d.k.find((c) => c.t === 'DefName')?.s ?? '' : '';
        if (!NOT_RUN.test(name) || !pos.range(d.from, d.from + 1).file.endsWith('_test.go')) return true;
        if (name.startsWith('Example')) warnings.push({ message: `${name} is not run: examples are not supported yet`, at: pos.range(d.from, d.from + 4), severity: 'warning' });
        return false;
      }) };
    }
    const model = buildModel(root, pos);
    // The go.mod's `go` line (a //go:build line in the file says otherwise, subset.ts).
    const minor = goModMinor(splitGoPackage(text)?.dir ?? file);
    if (minor !== undefined) model.loopVarPerIteration = minor >= 22;
    const { errors, config } = checkSubset(model, text, comments, tests);
    if (errors.length > 0) return { errors };
    const resolved = resolveConfig(config);
    const build = (name: string, mainName: string | undefined, mainAt: SourceRange, body: (it: Interp, g: Goroutine) => Gen<unknown>): Program => {
      // The engine hands main the run's resolved config (its --set overrides included): the machine
      // runtime.NumCPU reports and the GOMAXPROCS runtime.GOMAXPROCS(0) answers are the run's.
      const main = function* goMain(run?: unknown): Generator<Op, unknown, unknown> {
        const it = new Interp(model);
        const config = isSimConfig(run) ? run : resolved;
        it.gomaxprocs = config.runtime.gomaxprocs;
        it.numCPU = config.machine.cores * config.machine.smt;
        const g = new Goroutine();
        // Package-level variables first (in source order), then main; both on the main goroutine.
        let result: unknown;
        const init = function* (): Generator<Op, unknown, unknown> {
          for (const d of model.globals) yield* it.declare(d, it.globals, g);
          result = yield* body(it, g);
          return result;
        };
        yield* it.goroutine(null, [], mainAt, g, init);
        return result;
      };
      return { file, name, ...(mainName ? { mainName } : {}), config, vars: [], objects: [], main, mainAt, expects: [], sweep: [], at: mainAt };
    };
    const testFuncs = tests ? testFunctions(model) : [];
    // Each test its own program (tRunner on the main task, then goleak's check; testing.ts).
    const entries: CompiledEntry[] = testFuncs.map((t) => ({
      name: t.name,
      at: t.at,
      program: build(t.name, t.name, t.at, function* (it, g) {
        const test = new GoTestingT(t.name);
        yield* runTest(it, test, new GoFunc(t.decl, it.globals, t.name), t.at, g);
        yield* awaitGoroutines(it, t.at, g);
        // What the run returns says a skip (check reports `--- SKIP` from the default schedule's run).
        return test.skipped && !test.failed ? SKIPPED : undefined;
      }),
      portable: { text, test: t.name },
    }));
    const mainDecl = model.funcs.get('main');
    let program: Program;
    if (mainDecl) {
      const mainAt = model.at(mainDecl.k.find((c) => c.t === 'DefName') ?? mainDecl);
      program = build(programName(file), undefined, mainAt, (it, g) => it.call(new GoFunc(mainDecl, it.globals, 'main'), [], mainAt, g));
    } else {
      // No func main: one run is `go test`'s, every test in turn in one process.
      const at = testFuncs[0]?.at ?? pos.range(0, 1);
      program = build(programName(file), undefined, at, function* (it, g) {
        for (const t of testFuncs) yield* runTest(it, new GoTestingT(t.name), new GoFunc(t.decl, it.globals, t.name), t.at, g);
        return undefined;
      });
    }
    // A folder of package main with a func main is a program (`check DIR` checks main, as before); its
    // tests are checked when the _test.go file is given. Any other folder with tests, or a test file: the tests.
    const offerTests = tests && (file.endsWith('_test.go') || !mainDecl);
    return { program, errors: [], portable: text, ...(offerTests ? { entries } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
  } catch (e) {
    const at = pos.range(0, 1);
    const error: InputError = { message: `internal error in the Go front end: ${e instanceof Error ? e.message : String(e)}`, hint: 'please report this file', at };
    return { errors: [error] };
  }
}
