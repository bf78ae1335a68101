import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { interleaveDtsPath } from '../../../src/frontends/typescript';
import init from '../../../src/frontends/typescript/plugin';

const FILE = '/workspace/bank.sim.ts';
const TEXT = `import { go, WaitGroup } from "interleave";

export default function main() {
  const wg = new WaitGroup();
  wg.add("two");
  go(() => wg.done());
  wg.wait();
}
`;

/**
 * A language service over one file in a fresh workspace (no node_modules, no tsconfig), set
 * up as tsserver does it: the project's files plus the plugin's external files, and the
 * service the plugin's `create` returns.
 */
function service(withPlugin: boolean, config?: { dtsPath: string }): ts.LanguageService {
  const plugin = init({ typescript: ts });
  if (config) plugin.onConfigurationChanged(config);
  const logs: string[] = [];
  const fakeProject = { projectService: { logger: { info: (m: string) => logs.push(m) } } } as unknown as ts.server.Project;
  const external = withPlugin ? plugin.getExternalFiles(fakeProject) : [];
  const files = [FILE, ...external];
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = name === FILE ? TEXT : ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/workspace',
    getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === FILE || ts.sys.fileExists(name),
    readFile: (name) => (name === FILE ? TEXT : ts.sys.readFile(name)),
  };
  const base = ts.createLanguageService(host, ts.createDocumentRegistry());
  if (!withPlugin) return base;
  return plugin.create({ languageService: base, languageServiceHost: host, project: fakeProject, config: config ?? {}, serverHost: ts.sys as unknown as ts.server.ServerHost });
}

function configuredService(): ts.LanguageService {
  return service(true);
}

describe('the TypeScript server plugin', () => {
  it('without it, "interleave" does not resolve in a fresh workspace', () => {
    const codes = service(false).getSemanticDiagnostics(FILE).map((d) => d.code);
    expect(codes).toContain(2307);
  });

  it('with it, `go` resolves to the shipped declarations with its doc comment', () => {
    const ls = configuredService();
    const info = ls.getQuickInfoAtPosition(FILE, TEXT.indexOf('go(') + 1);
    expect(info).toBeDefined();
    expect(ts.displayPartsToString(info!.displayParts)).toMatch(/go<.*>\(fn: /);
    expect(ts.displayPartsToString(info!.documentation)).toContain('Starts a goroutine');
    const defs = ls.getDefinitionAtPosition(FILE, TEXT.indexOf('go(') + 1) ?? [];
    expect(defs.some((d) => d.fileName.endsWith('interleave.d.ts'))).toBe(true);
  });

  it('completes members of interleave classes', () => {
    const ls = configuredService();
    const pos = TEXT.indexOf('wg.wait') + 3;
    const names = ls.getCompletionsAtPosition(FILE, pos, {})?.entries.map((e) => e.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['add', 'done', 'wait']));
  });

  it('takes the path of the declarations from its configuration', () => {
    const ls = service(true, { dtsPath: interleaveDtsPath() });
    expect(ls.getSemanticDiagnostics(FILE).map((d) => d.code)).toEqual([2345]);
  });

  it('reports a type error in the .sim.ts file as an ordinary diagnostic', () => {
    const diags = configuredService().getSemanticDiagnostics(FILE);
    expect(diags.map((d) => d.code)).toEqual([2345]);
    const d = diags[0];
    expect(TEXT.slice(d.start!, d.start! + d.length!)).toBe('"two"');
  });
});
