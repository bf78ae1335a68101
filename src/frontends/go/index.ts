/**
 * Go source → the core's `Program` on the `go` runtime. The file is parsed with
 * `@lezer/go`, checked against the subset (subset.ts), and its `func main` becomes the
 * main task of a program whose tasks interpret the syntax tree (interp.ts): every run
 * starts a fresh interpreter, so runs are independent and replay exactly.
 */
import type { InputError } from '../../core/findings';
import { resolveConfig } from '../../core/config';
import type { Op, Program } from '../../core/program';
import type { CompiledFile } from '../frontEnd';
import { Goroutine, Interp } from './interp';
import { buildModel } from './model';
import { MODEL_NUM_CPU } from './stdlib';
import { checkSubset } from './subset';
import { parseGo, Positions } from './syntax';
import { GoFunc } from './values';

function programName(file: string): string {
  const parts = file.split(/[\\/]/);
  const base = parts.pop() ?? file;
  const dir = parts.pop();
  return base === 'main.go' && dir ? `${dir}/${base}` : base;
}

export function compileGo(text: string, file: string): CompiledFile {
  const pos = new Positions(file, text);
  try {
    const { root, comments } = parseGo(text);
    const model = buildModel(root, pos);
    const { errors, config } = checkSubset(model, text, comments);
    if (errors.length > 0) return { errors };
    const mainDecl = model.funcs.get('main')!;
    const mainAt = model.at(mainDecl.k.find((c) => c.t === 'DefName') ?? mainDecl);
    const resolved = resolveConfig(config);
    const main = function* goMain(): Generator<Op, unknown, unknown> {
      const it = new Interp(model);
      it.gomaxprocs = resolved.runtime.gomaxprocs;
      MODEL_NUM_CPU.value = resolved.machine.cores * resolved.machine.smt;
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
