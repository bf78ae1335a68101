/**
 * Type-checks a `.sim.ts` file and emits its rewritten JavaScript: one module generator
 * (`function* __interleave_module(__il)`) plus a source map back to the file, so an
 * exception thrown at run time can name the line it came from.
 */
import * as ts from 'typescript';
import type { InputError } from '../../../core/findings';
import { Analysis } from './analyze';
import { readSettings, type FileSettings } from './config';
import { createSimProgram, interleaveDtsPath } from './host';
import { LocationTable } from './locations';
import { loopSites } from './loops';
import { Rewriter } from './transform';
import type { LoopSite, SourceRange } from '../../../core/program';

export interface EmittedModule {
  readonly js: string;
  readonly sourceMap: string;
  readonly locations: readonly SourceRange[];
  readonly settings: FileSettings;
  readonly mainAt: SourceRange;
  readonly mainName: string;
  /** The file's loops and which are pure (compile/loops.ts), for the engine's spin detection. */
  readonly loops: readonly LoopSite[];
}

function diagnosticError(d: ts.Diagnostic, file: string, locs: LocationTable, source: ts.SourceFile): InputError {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  // Offsets are mapped through this file's lines only when they belong to it (a diagnostic
  // in a library or the interleave declarations is placed at the file's start).
  const at = d.file === source && d.start !== undefined
    ? locs.rangeOfSpan(d.start, d.start + (d.length ?? 0))
    : { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { message: `TS${d.code}: ${message}`, at };
}

/**
 * Type errors that stay errors: a missing module or export, and those whose JavaScript would
 * not even load (`false++`: TS2357; `f() = 1`: TS2364; an optional chain as a target:
 * TS2777/TS2779). The rest are warnings and the file still runs.
 */
const FATAL_CODES = new Set([2305, 2307, 2614, 2724, 2357, 2364, 2777, 2779]);

export function emitSimModule(text: string, file: string): { module?: EmittedModule; errors: InputError[]; warnings: InputError[] } {
  const errors: InputError[] = [];
  const { program, source } = createSimProgram(text, file);
  const locs = new LocationTable(source, file);
  const syntax = program.getSyntacticDiagnostics(source);
  if (syntax.length > 0) return { errors: syntax.map((d) => diagnosticError(d, file, locs, source)), warnings: [] };
  // tsc emits JavaScript when the types are wrong, and so do we: a type error is a warning
  // and the run goes on. Grammar errors the checker finds (TS1xxx) and an import of what
  // "interleave" does not export (TS2305, TS2307, TS2614: the name would not exist when the
  // simulation runs) stay errors.
  const warnings: InputError[] = [];
  for (const d of [...program.getSemanticDiagnostics(source), ...program.getGlobalDiagnostics()]) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    if (d.code < 2000 || FATAL_CODES.has(d.code)) errors.push(diagnosticError(d, file, locs, source));
    else warnings.push({ ...diagnosticError(d, file, locs, source), severity: 'warning' });
  }
  const settings = readSettings(source, locs, errors);
  const analysis = new Analysis(program.getTypeChecker(), source, program.getSourceFile(interleaveDtsPath())?.fileName ?? '');
  const main = analysis.mainFn;
  if (!main) {
    errors.push({ message: 'a simulation needs an entry point', hint: 'add `export default function main() { ... }`', at: locs.rangeOfSpan(0, 0) });
    return { errors, warnings };
  }
  // Top-level await: the file's statements become one generator, where a flow cannot suspend.
  const topLevelAwait = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isAwaitExpression(n)) errors.push({ message: 'top-level `await` is not simulated', hint: 'move it into `export default async function main() { ... }`', at: locs.rangeOf(n) });
    ts.forEachChild(n, topLevelAwait);
  };
  topLevelAwait(source);
  if (analysis.firstAsync) {
    // async/await runs on the JavaScript event loop, whatever else the file would choose.
    const kind = settings.config.runtime?.kind;
    if (kind !== undefined && kind !== 'eventloop') {
      errors.push({ message: `async functions run on the event loop; the runtime "${kind}" cannot run them`,
        hint: 'remove the runtime setting (async files run on `eventloop`), or write the flows as tasks with `go`', at: locs.rangeOf(analysis.firstAsync) });
    } else settings.config = { ...settings.config, runtime: { ...settings.config.runtime, kind: 'eventloop' } };
  }
  let js = '';
  let sourceMap = '';
  const transformer: ts.TransformerFactory<ts.SourceFile> = (ctx) => (sf) => {
    const rewriter = new Rewriter(ctx, analysis, locs, errors, settings.configStatement, warnings);
    return rewriter.moduleFunction(sf);
  };
  const result = program.emit(source, (name, data) => {
    if (name.endsWith('.map')) sourceMap = data;
    else if (name.endsWith('.js')) js = data;
  }, undefined, false, { before: [transformer] });
  for (const d of result.diagnostics) errors.push(diagnosticError(d, file, locs, source));
  if (errors.length > 0) return { errors, warnings };
  js = js.replace(/^export \{\};?\s*$/m, '').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  const mainName = (ts.isFunctionDeclaration(main) || ts.isFunctionExpression(main)) && main.name ? main.name.text : 'main';
  const mainAt = locs.rangeOf(ts.isFunctionDeclaration(main) && main.name ? main.name : main);
  const loops = loopSites(analysis, source, locs);
  return { module: { js, sourceMap, locations: locs.ranges, settings, mainAt, mainName, loops }, errors, warnings };
}
