/**
 * The annotated TypeScript front end: `.sim.ts` text → the core's `Program`.
 *
 * Two separable stages: `emitSimModule` type-checks and rewrites the file into generator
 * code (pure TypeScript compiler work); `linkSimModule` loads that code into an isolated
 * `node:vm` context and wraps its tasks for the engine. The core never sees either.
 */
import type { InputError } from '../../core/findings';
import type { CompiledFile } from '../frontEnd';
import type { Program, TaskBody } from '../../core/program';
import { emitSimModule, type EmittedModule } from './compile/emit';
import { TaskDriver } from './sandbox/driver';
import { DEFAULT_LIMITS, SimScripts, type SandboxLimits } from './sandbox/sandbox';
import { SourceMapIndex } from './sandbox/sourceMap';

export { emitSimModule } from './compile/emit';
export type { EmittedModule } from './compile/emit';
export { setInterleaveDtsPath, interleaveDtsPath } from './compile/host';

export { isSimTypeScript } from '../sourceKind';

function programName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.sim\.ts$/, '').replace(/\.ts$/, '');
}

/**
 * Loads emitted code into a sandbox; each call of `Program.main` runs in a context no
 * earlier run changed (sandbox.ts), so no state survives from one run to the next,
 * `globalThis` and the built-ins included.
 */
export function linkSimModule(mod: EmittedModule, file: string, limits: SandboxLimits = DEFAULT_LIMITS): Program {
  const scripts = new SimScripts(mod.js, `${file}.js`, limits);
  const map = new SourceMapIndex(mod.sourceMap);
  const seed = mod.settings.seed ?? 0;
  // The event loop's primitives (promises, timers, io() as an awaitable) replace the blocking ones.
  // It names a promise chain's or a callback's lane after a line (`then@12`): each location's line, as a string the context parses itself.
  const eventLoop = mod.settings.config.runtime?.kind === 'eventloop' ? mod.locations.map((l) => l.line).join(',') : false;
  const main: TaskBody = function* () {
    const run = {};
    const { sandbox, state } = scripts.sandbox(run, seed);
    const driver = new TaskDriver(sandbox, mod.locations, mod.mainAt, map, run, state, limits.runMs ?? DEFAULT_LIMITS.runMs!);
    return yield* driver.body(() => sandbox.api.runMain(sandbox.moduleFn, state, eventLoop))();
  };
  return {
    file,
    name: programName(file),
    config: mod.settings.config,
    ...(mod.settings.seed !== undefined ? { seed: mod.settings.seed } : {}),
    vars: [],
    objects: [],
    main,
    mainAt: mod.mainAt,
    expects: [],
    sweep: [],
    at: mod.mainAt,
    loops: mod.loops,
  };
}

/**
 * Text → program, in two stages: the emitted module (plain data) also comes back, so another
 * thread can link it without compiling again, and its source map, so the watchdog can name
 * the line that code is stuck on. The sandbox names the program's script `${file}.js`.
 */
export function compileTypeScript(text: string, file: string, limits?: SandboxLimits): CompiledFile & { warnings: readonly InputError[] } {
  let emitted: ReturnType<typeof emitSimModule>;
  try {
    emitted = emitSimModule(text, file);
  } catch (e) {
    const at = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { errors: [{ message: `the TypeScript front end failed: ${(e as Error).message}`, hint: 'please report this with the file', at }], warnings: [] };
  }
  // Type errors are warnings: they come back beside the program, which runs (emit.ts).
  const warnings = emitted.warnings;
  const mod = emitted.module;
  if (!mod || emitted.errors.length > 0) return { errors: emitted.errors, warnings };
  try {
    return { program: linkSimModule(mod, file, limits), errors: [], warnings, script: { url: `${file}.js`, sourceMap: mod.sourceMap }, portable: mod };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { errors: [{ message: `the compiled simulation could not be loaded: ${message}`, at: mod.mainAt }], warnings };
  }
}
