/**
 * The Python front end's compiler: `.py` text → the core's `Program`. The file is parsed
 * with @lezer/python, checked against the subset (ast.ts), its scopes decided (scope.ts),
 * and `main` interprets the module in our model (interp.ts): the file is never run as a
 * Python process, so compiling or simulating it executes no code of the user's machine.
 *
 * The runtime: `processes` when the file uses `multiprocessing` or `ProcessPoolExecutor`,
 * `asyncio` when it imports asyncio, else `python` (threads under the GIL). A `# @interleave key=value ...` comment in the
 * file's first lines sets the rest: `cores=2`, `free_threaded=true`, `switch_interval=5ms`,
 * `runtime=python|processes|asyncio`, `seed=N`, `policy=...`.
 */
import type { InputError } from '../../core/findings';
import { parseDuration, POLICIES, settingRangeError } from '../../core/config';
import type { ConfigInput, LoopSite, Program, SourceRange } from '../../core/program';
import type { CompiledFile } from '../frontEnd';
import { parsePython, type Expr, type Module, type Stmt } from './ast';
import { Exec } from './interp';
import { Runtime } from './runtime';
import { analyse, constants, markSharedCells } from './scope';
import { resetUids, type Frame } from './values';

const HEADER_KEYS = ['runtime', 'cores', 'smt', 'free_threaded', 'switch_interval', 'start_method', 'seed', 'policy'] as const;
/** resolveConfig's default machine (core/config.ts), for `os.cpu_count()` and the executors' default sizes. */
const DEFAULT_CORES = 4;

interface Settings { config: ConfigInput; seed?: number; cores: number; startMethod: 'fork' | 'spawn' }

function readHeader(text: string, file: string, errors: InputError[]): Settings {
  const out: Settings = { config: {}, cores: DEFAULT_CORES, startMethod: 'fork' };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < Math.min(lines.length, 10); i++) {
    const m = /^(\s*#\s*)@interleave\b(.*)$/.exec(lines[i]);
    if (!m) continue;
    const re = /(\S+?)=(\S+)/g;
    let kv: RegExpExecArray | null;
    while ((kv = re.exec(m[2])) !== null) {
      const column = m[1].length + '@interleave'.length + kv.index + 1;
      const at: SourceRange = { file, line: i + 1, column, endLine: i + 1, endColumn: column + kv[0].length };
      const [, key, value] = kv;
      const fail = (message: string, hint?: string) => errors.push({ message: `@interleave header: ${message}`, hint, at });
      const whole = (path: string): number | undefined => {
        const n = Number(value);
        const problem = Number.isFinite(n) ? settingRangeError(path, n) : `expects a number, got "${value}"`;
        if (problem) { fail(`\`${key}\` ${problem}`); return undefined; }
        return n;
      };
      switch (key) {
        case 'runtime':
          if (value !== 'python' && value !== 'processes' && value !== 'asyncio') fail(`\`runtime\` "${value}" does not run Python`, 'use runtime=python (threads under the GIL), runtime=processes (multiprocessing) or runtime=asyncio (an asyncio event loop, executor threads under the GIL)');
          else out.config.runtime = { ...out.config.runtime, kind: value };
          break;
        case 'cores': { const n = whole('machine.cores'); if (n !== undefined) { out.config.machine = { ...out.config.machine, cores: n }; out.cores = n; } break; }
        case 'smt': { const n = whole('machine.smt'); if (n !== undefined) out.config.machine = { ...out.config.machine, smt: n }; break; }
        case 'free_threaded':
          if (value !== 'true' && value !== 'false') fail('`free_threaded` is true or false');
          else out.config.runtime = { ...out.config.runtime, freeThreaded: value === 'true' };
          break;
        case 'switch_interval':
          try { out.config.runtime = { ...out.config.runtime, switchIntervalNs: parseDuration(value) }; } catch (e) { fail((e as Error).message); }
          break;
        case 'start_method':
          if (value !== 'fork' && value !== 'spawn') fail('`start_method` is fork or spawn');
          else {
            out.startMethod = value;
            out.config.runtime = { ...out.config.runtime, startMethod: value };
          }
          break;
        case 'seed': { const n = Number(value); if (Number.isInteger(n)) out.seed = n; else fail(`\`seed\` expects a whole number, got "${value}"`); break; }
        case 'policy':
          if (!(POLICIES as readonly string[]).includes(value)) fail(`\`policy\` "${value}" is unknown; use one of ${POLICIES.join(', ')}`);
          else out.config.os = { ...out.config.os, policy: value as (typeof POLICIES)[number] };
          break;
        default: fail(`unknown setting \`${key}\``, `the settings are ${HEADER_KEYS.join(', ')}`);
      }
    }
  }
  return out;
}

/** Whether the file starts processes: `multiprocessing`, or `ProcessPoolExecutor`. */
function usesProcesses(text: string): boolean {
  return /^\s*(import\s+multiprocessing|from\s+multiprocessing\b)|ProcessPoolExecutor/m.test(text);
}

/** Whether the file imports asyncio: it runs on the `asyncio` runtime (the loop on the main thread, executor threads under the GIL). */
function usesAsyncio(text: string): boolean {
  return /^\s*(import\s+asyncio\b|from\s+asyncio\b)/m.test(text);
}

/** Where the file makes a `Thread` or a `ThreadPoolExecutor` (by either spelling). */
function threadStarts(body: readonly Stmt[]): SourceRange[] {
  const out: SourceRange[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) { x.forEach(visit); return; }
    if (typeof x !== 'object' || x === null) return;
    const node = x as { k?: string; fn?: Expr; at?: SourceRange };
    if (node.k === 'call' && node.fn) {
      const f = node.fn;
      const name = f.k === 'name' ? f.id : f.k === 'attr' ? f.name : '';
      const owner = f.k === 'attr' && f.obj.k === 'name' ? f.obj.id : '';
      if ((name === 'Thread' && owner !== 'multiprocessing') || name === 'ThreadPoolExecutor') out.push(node.at!);
    }
    for (const [key, v] of Object.entries(x)) if (key !== 'at' && key !== 'locals' && key !== 'globals' && key !== 'nonlocals' && key !== 'cells') visit(v);
  };
  visit(body);
  return out;
}

/** `if __name__ == "__main__":`, where the CodeLens row and main's range go. */
function mainGuard(body: readonly Stmt[]): SourceRange | undefined {
  for (const s of body) {
    if (s.k !== 'if') continue;
    const c = s.branches[0].cond as Expr | undefined;
    if (c?.k === 'bin' && c.op === '==' && c.l.k === 'name' && c.l.id === '__name__') return s.at;
  }
  return undefined;
}

/** The compiled module: what `relink` rebuilds from the text alone. */
/**
 * The file's loops for the untimed model (program.ts LoopSite): none is promised pure (no
 * spin parking); a `for` over `range(...)` or a literal list or tuple is `bounded`, so a
 * schedule cut off by the step budget inside a long counting loop is no "possible livelock".
 */
function loopSites(body: readonly Stmt[]): LoopSite[] {
  const out: LoopSite[] = [];
  const bounded = (e: Expr): boolean =>
    (e.k === 'call' && e.fn.k === 'name' && e.fn.id === 'range') || e.k === 'list' || e.k === 'tuple';
  const walk = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      switch (s.k) {
        case 'while': out.push({ at: s.at, pure: false }); walk(s.body); walk(s.orelse); break;
        case 'for': out.push({ at: s.at, pure: false, bounded: bounded(s.iter) }); walk(s.body); walk(s.orelse); break;
        case 'if': for (const b of s.branches) walk(b.body); break;
        case 'with': case 'class': walk(s.body); break;
        case 'def': walk(s.fn.body); break;
        case 'try': walk(s.body); for (const h of s.handlers) walk(h.body); walk(s.orelse); walk(s.final); break;
        default: break;
      }
    }
  };
  walk(body);
  return out;
}

export function compilePython(text: string, file: string): CompiledFile {
  try {
    return compile(text, file);
  } catch (e) {
    // Never a crash: a tree the converter did not expect is the user's to see, positioned at the file's start.
    return { errors: [{ message: `the Python front end could not read this file: ${(e as Error).message}`, hint: 'simplify the construct near the error and report it', at: { file, line: 1, column: 1, endLine: 1, endColumn: 2 } }] };
  }
}

function compile(text: string, file: string): CompiledFile {
  const mod: Module = parsePython(text, file);
  const errors = [...mod.errors];
  const settings = readHeader(text, file, errors);
  if (errors.length > 0) return { errors };
  const tracked = analyse(mod);
  const fixed = constants(mod);
  markSharedCells(mod);
  const processes = settings.config.runtime?.kind ? settings.config.runtime.kind === 'processes' : usesProcesses(text);
  // The asyncio runtime is the python one plus the loop on the main thread: threads (executors, `threading`) run beside it under the GIL.
  const asyncio = settings.config.runtime?.kind ? settings.config.runtime.kind === 'asyncio' : usesAsyncio(text) && !processes;
  if (processes) {
    // One runtime per file: under `processes` every task is a process, so a thread cannot be simulated beside them.
    for (const at of threadStarts(mod.body)) {
      errors.push({ message: 'a thread in a file that uses multiprocessing is not simulated: the file runs on the processes runtime, where every task is a process', hint: 'put the threads and the processes in two files', at });
    }
    if (errors.length > 0) return { errors };
  }
  const freeThreaded = settings.config.runtime?.freeThreaded ?? false;
  const config: ConfigInput = { ...settings.config, runtime: { ...settings.config.runtime, kind: processes ? 'processes' : asyncio ? 'asyncio' : 'python' } };
  const first = mod.body[0]?.at ?? { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const mainAt = mainGuard(mod.body) ?? first;
  const last = mod.body[mod.body.length - 1]?.at ?? first;
  const endAt: SourceRange = { file, line: last.endLine, column: 1, endLine: last.endLine, endColumn: 2 };
  const program: Program = {
    file,
    name: file.split(/[\\/]/).pop()!.replace(/\.py$/, ''),
    config,
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    vars: [],
    objects: [],
    main: function* () {
      resetUids();
      const rt = new Runtime(mod, tracked, processes, freeThreaded, settings.cores, settings.startMethod, fixed);
      const env = rt.newEnv(false);
      const x = new Exec(rt, env, 'main');
      const frame: Frame = { vars: env.globals, parent: null, fn: mod.top, uid: 0 };
      const result = yield* x.top(() => x.block(mod.body, frame), mainAt);
      // Python's shutdown: the interpreter waits for non-daemon threads (Lib/threading.py _shutdown); daemons are cut off.
      const running = rt.nonDaemon.filter((t) => !rt.joined.has(t));
      if (running.length > 0) yield { op: 'join', tasks: running, at: endAt };
      return result;
    },
    mainAt,
    expects: [],
    sweep: [],
    at: mainAt,
    loops: loopSites(mod.body),
  };
  return { program, errors: [], portable: text };
}
