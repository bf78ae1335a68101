/**
 * Go source → the core's `Program` on the `go` runtime. The file is parsed with
 * `@lezer/go`, checked against the subset (subset.ts), and its `func main` becomes the
 * main task of a program whose tasks interpret the syntax tree (interp.ts): every run
 * starts a fresh interpreter, so runs are independent and replay exactly.
 */
import type { InputError } from '../../core/findings';
import { resolveConfig } from '../../core/config';
import type { Op, Program, SimConfig } from '../../core/program';
import type { CompiledFile } from '../frontEnd';
import { Goroutine, Interp } from './interp';
import { buildModel } from './model';
import { checkSubset } from './subset';
import { goModMinor, splitGoPackage } from './package';
import { type GoNode, parseGo, Positions } from './syntax';
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

export function compileGo(text: string, file: string): CompiledFile {
  let pos = new Positions(file, text);
  try {
    const parsed = parsePackage(text, file);
    pos = parsed.pos;
    const { root, comments } = parsed;
    const model = buildModel(root, pos);
    // The go.mod's `go` line (a //go:build line in the file says otherwise, subset.ts).
    const minor = goModMinor(splitGoPackage(text)?.dir ?? file);
    if (minor !== undefined) model.loopVarPerIteration = minor >= 22;
    const { errors, config } = checkSubset(model, text, comments);
    if (errors.length > 0) return { errors };
    const mainDecl = model.funcs.get('main')!;
    const mainAt = model.at(mainDecl.k.find((c) => c.t === 'DefName') ?? mainDecl);
    const resolved = resolveConfig(config);
    // The engine hands main the run's resolved config (its --set overrides included): the machine
    // runtime.NumCPU reports and the GOMAXPROCS runtime.GOMAXPROCS(0) answers are the run's.
    const main = function* goMain(run?: unknown): Generator<Op, unknown, unknown> {
      const it = new Interp(model);
      const config = isSimConfig(run) ? run : resolved;
      it.gomaxprocs = config.runtime.gomaxprocs;
      it.numCPU = config.machine.cores * config.machine.smt;
      const g = new Goroutine();
      // Package-level variables first (in source order), then main; both on the main goroutine.
      const init = function* (): Generator<Op, unknown, unknown> {
        for (const d of model.globals) yield* it.declare(d, it.globals, g);
        return yield* it.call(new GoFunc(mainDecl, it.globals, 'main'), [], mainAt, g);
      };
      return yield* it.goroutine(null, [], mainAt, g, init);
    };
    const program: Program = {
      file,
      name: programName(file),
      config,
      vars: [],
      objects: [],
      main,
      mainAt,
      expects: [],
      sweep: [],
      at: mainAt,
    };
    return { program, errors: [], portable: text };
  } catch (e) {
    const at = pos.range(0, 1);
    const error: InputError = { message: `internal error in the Go front end: ${e instanceof Error ? e.message : String(e)}`, hint: 'please report this file', at };
    return { errors: [error] };
  }
}
